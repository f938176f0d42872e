"""A 2026 cycle on the demo plan at 30/06 (issue 22): new --da, distribuisci --periodo 30/06, one area
filled and collected; then what the controllo di gestione sees: Cruscotto, score, check, refresh,
the report di monitoraggio intermedio and the solleciti."""

import datetime as dt
import json
import subprocess
import sys

import openpyxl
import pytest

from xlperf import layout as L
from xlperf.literals import Operator
from xlperf.readers.workbook import read_workbook

AREA2 = "Area 2 Tutela del mercato e legalità"


def xlperf(*args):
    return subprocess.run([sys.executable, "-m", "xlperf.cli", *args], capture_output=True, text=True)


@pytest.fixture(scope="module")
def cycle(demo_xlsm, tmp_path_factory):
    root = tmp_path_factory.mktemp("ciclo2026")
    master = root / "PIAO_2026.xlsm"
    assert xlperf("new", "--anno", "2026", "--da", str(demo_xlsm), str(master)).returncode == 0
    proc = xlperf("distribuisci", str(master), "--out", str(root / "aree"), "--periodo", "30/06")
    assert proc.returncode == 0 and "Monitoraggio al 30/06" in proc.stdout, proc.stderr
    copy = next((root / "aree").glob("*Area 2*"))
    plan, _ = read_workbook(copy)
    assert plan.period == "30/06"
    wb = openpyxl.load_workbook(copy)
    for ind in plan.indicators:  # the area fills its 30/06 column: counts half way, ratios near target
        sheet, cell = ind.place("actual_mid").split("!")
        if ind.operator is Operator.DEADLINE and isinstance(ind.target, dt.date):
            value = ind.target - dt.timedelta(days=10) if ind.target.month <= 6 else None
        elif ind.operator is Operator.BOOL:
            value = "SI"
        else:
            value = (
                ind.target * (0.5 if ind.unit in ("N.", "h", "€") else 0.95) if isinstance(ind.target, float) else None
            )
        wb[sheet][cell] = value
    wb.save(copy)
    proc = xlperf("raccogli", str(master), str(copy))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    refresh = xlperf("refresh", str(master), "--periodo", "30/06", "--silenzioso")
    assert refresh.returncode == 0, refresh.stderr
    return master, root, refresh


def test_refresh_prints_a_screenful(cycle):
    _, _, refresh = cycle
    lines = (refresh.stdout + refresh.stderr).splitlines()
    assert len(lines) <= 40, len(lines)
    assert "(Dati parziali)" in refresh.stdout and "obiettivi valutati" in refresh.stdout


def test_cruscotto_shows_coverage_and_no_final_ente(cycle):
    master, _, _ = cycle
    ws = openpyxl.load_workbook(master)[L.CRUSCOTTO]
    texts = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert any(t.startswith("Copertura al 30/06:") and "obiettivi valutati" in t for t in texts)
    assert ws["B4"].fill.fgColor.rgb.endswith(L.STATUS_FILLS[L.Status.DATI_PARZIALI].bg.lstrip("#"))
    assert not ws["B4"].fill.fgColor.rgb.endswith(L.STATUS_FILLS[L.Status.RAGGIUNTO].bg.lstrip("#"))
    assert ws["D4"].value == "Dati parziali"
    riepilogo = openpyxl.load_workbook(master)[L.RIEPILOGO]
    assert riepilogo["E4"].value == "Dati parziali" and "obiettivi valutati" in riepilogo["A6"].value


def test_score_json_reports_partial_coverage(cycle):
    master, _, _ = cycle
    proc = xlperf("score", str(master), "--json", "--periodo", "30/06")
    assert proc.returncode == 0, proc.stderr
    cov = json.loads(proc.stdout)["copertura"]
    assert cov["periodo"] == "30/06" and 0 < cov["ente"]["quota"] < 1 and not cov["ente"]["completa"]
    assert cov["obiettivi_valutati"] < cov["obiettivi"] == 49


def test_check_runs_at_mid_year(cycle):
    master, _, _ = cycle
    proc = xlperf("check", str(master), "--periodo", "30/06")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "celle)" in proc.stdout and len(proc.stdout.splitlines()) <= 40


def test_intermediate_report_names_every_area_with_its_status(cycle):
    master, root, _ = cycle
    out = root / "monitoraggio.html"
    proc = xlperf("report", str(master), "--periodo", "30/06", "--html", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "Report di monitoraggio intermedio" in proc.stdout
    html = out.read_text(encoding="utf-8")
    plan, _ = read_workbook(master)
    assert "Monitoraggio intermedio al 30/06/2026" in html and "Stato della raccolta per area" in html
    for area in plan.areas:
        row = html.split(f">{area}</td>", 1)[1].split("</tr>", 1)[0]
        expected = "non ricevuto" if area != AREA2 else plan.collected[AREA2].split(" — ")[0]
        assert expected in row, (area, row)
    assert "A rischio" in html or "Nessun obiettivo a rischio" in html


def test_solleciti_list_what_is_missing_per_area(cycle):
    master, _, _ = cycle
    proc = xlperf("solleciti", str(master), "--periodo", "30/06")
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout
    plan, _ = read_workbook(master)
    for area in plan.areas:
        if area != AREA2:
            assert f"dati mancanti: {area}" in text and "Il file dell'area non è ancora stato restituito." in text
    assert "Colonna «Monitoraggio 30/06»" in text and "nessuna e-mail inviata" in proc.stderr


def test_refresh_lists_each_area_collection(cycle):
    master, _, refresh = cycle
    plan, _ = read_workbook(master)
    for area in plan.areas:
        line = next(ln for ln in refresh.stdout.splitlines() if ln.startswith(f"  {area}:"))
        assert ("file non ricevuto" in line) == (area != AREA2), line


def test_distribuisci_one_area_carries_the_collected_values(cycle):
    master, root, _ = cycle
    out = root / "di nuovo"
    proc = xlperf("distribuisci", str(master), "--out", str(out), "--area", "Area 2")
    assert proc.returncode == 0, proc.stderr
    files = list(out.glob("*.xlsx"))
    assert len(files) == 1 and "Area 2" in files[0].name
    copy, _ = read_workbook(files[0])
    mine, _ = read_workbook(master)
    collected = {
        (i.objective, i.code): i.actual_mid for i in mine.indicators if i.objective in {o.code for o in copy.objectives}
    }
    assert {(i.objective, i.code): i.actual_mid for i in copy.indicators} == collected
    assert any(v is not None for v in collected.values())
