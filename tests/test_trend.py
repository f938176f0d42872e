"""The multi-year macro-indicators (seed section 2.3): sheet, refresh, report and roll-over."""

import shutil
import subprocess
import sys

import openpyxl
import pytest

from xlperf import layout as L
from xlperf.demo import demo_meta
from xlperf.readers.workbook import read_workbook


def test_andamento_sheet_holds_the_seed_history(demo_xlsm):
    ws = openpyxl.load_workbook(demo_xlsm)[L.ANDAMENTO]
    header = [c.value for c in ws[L.TREND_HEADER_ROW]]
    assert header[:3] == L.TREND_HEADERS and header[3:8] == ["2021", "2022", "2023", "2024", "2025"]
    trend = demo_meta()["trend"]
    row = {r[0].value: r for r in ws.iter_rows(min_row=L.TREND_HEADER_ROW + 1)}
    assert [c.value for c in row["Gradimento dei servizi camerali"][3:8]] == [
        trend["gradimento_servizi"][str(y)] for y in range(2021, 2026)
    ]
    grado = row["Grado di conseguimento obiettivi strategici"]
    assert [c.value for c in grado[3:7]] == [trend["grado_conseguimento"][str(y)] for y in range(2021, 2025)]
    assert grado[7].value == L.riepilogo_grado_ref()  # this year's value comes from the refresh


def test_refresh_fills_this_years_grado_and_charts_it(demo_xlsm, tmp_path):
    path = tmp_path / "t.xlsm"
    shutil.copy(demo_xlsm, path)
    subprocess.run(
        [sys.executable, "-m", "xlperf.cli", "refresh", str(path), "--silenzioso"], check=True, capture_output=True
    )
    wb = openpyxl.load_workbook(path)
    riepilogo_grado = wb[L.RIEPILOGO].cell(row=L.RIEPILOGO_GRADO[0] + 1, column=L.RIEPILOGO_GRADO[1] + 1).value
    assert round(riepilogo_grado * 100) == demo_meta()["pubblicati"]["grado_conseguimento"]  # 98 %, as printed for 2025
    rows = [[c.value for c in r] for r in wb[L.CRUSCOTTO].iter_rows()]
    grado = next(r for r in rows if r[8] == "Grado di conseguimento obiettivi strategici")
    header = next(r for r in rows if r[8] == "Indicatore")
    assert header[10:15] == [2021, 2022, 2023, 2024, 2025]
    assert grado[10:14] == [0.84, 1.0, 1.0, 0.98] and grado[14] == pytest.approx(riepilogo_grado)


def test_report_shows_the_trend(demo_xlsm, tmp_path):
    out = tmp_path / "r.html"
    subprocess.run(
        [sys.executable, "-m", "xlperf.cli", "report", str(demo_xlsm), "--html", str(out)],
        check=True,
        capture_output=True,
    )
    html = out.read_text(encoding="utf-8")
    assert "andamento della gestione complessiva" in html and "<svg" in html and "8,30" in html and "98 %" in html


def test_rollover_keeps_last_years_grado_as_history(demo_xlsm, tmp_path):
    out = tmp_path / "PIAO_2026.xlsm"
    subprocess.run(
        [sys.executable, "-m", "xlperf.cli", "new", "--anno", "2026", "--da", str(demo_xlsm), str(out)],
        check=True,
        capture_output=True,
    )
    plan, _ = read_workbook(out)
    grado = next(r for r in plan.trend if r.computed)
    assert sorted(grado.values) == [2022, 2023, 2024, 2025]
    assert round(grado.values[2025] * 100) == 98
    ws = openpyxl.load_workbook(out)[L.ANDAMENTO]
    assert [c.value for c in ws[L.TREND_HEADER_ROW]][3:8] == ["2022", "2023", "2024", "2025", "2026"]
