"""The same workbook scored at 30/06 (monitoraggio) and at 31/12 (consuntivo) gives each period's numbers."""

import json
import shutil
import subprocess
import sys

import openpyxl
import pytest

from xlperf import layout as L
from xlperf.aggregate import score_plan
from xlperf.demo import demo_plan
from xlperf.literals import Operator
from xlperf.monitoring import indicator_status
from xlperf.readers.workbook import read_workbook
from xlperf.template import build_workbook

AREA = "Area 2 Tutela del mercato e legalità"


@pytest.fixture(scope="module")
def two_periods(tmp_path_factory):
    """Demo plan with mid-year values on Area 2: half the target on every '>=' numeric indicator;
    every other indicator declared N/D at 30/06 (not measurable mid-year: a blank would be an error)."""
    plan = demo_plan()
    area_objectives = {o.code for o in plan.objectives if o.area == AREA}
    halved = set()
    for ind in plan.indicators:
        if (
            ind.objective in area_objectives
            and ind.operator is Operator.GE
            and isinstance(ind.target, float)
            and ind.target
        ):
            ind.actual_mid = ind.target / 2
            halved.add(ind.objective)
        else:
            ind.declared_na_mid = True
    path = tmp_path_factory.mktemp("periodi") / "PIAO_2025.xlsm"
    build_workbook(path, plan)
    return path, halved


def test_each_period_has_its_numbers(two_periods):
    path, halved = two_periods
    plan, problems = read_workbook(path)
    assert plan.period == "31/12"
    year_end = score_plan(plan)
    assert f"{year_end.ente * 100:.2f}" == "97.34"  # mid-year values do not touch the consuntivo
    mid = score_plan(plan, "30/06")
    assert mid.period == "30/06" and halved
    expected = expected_mid(plan)
    for code, pct in mid.objectives.items():
        if code in halved:
            assert pct == pytest.approx(expected[code]), code
        else:
            assert pct is None, code  # nothing monitored yet
    assert mid.ente == pytest.approx(min(expected.values()))  # the halved rows are all counts: on track
    assert mid.coverage.ente.complete  # every row is either monitored or declared N/D


def expected_mid(plan) -> dict[str, float]:
    """The 30/06 rule written out by hand for this fixture (no Target 30/06): a count at half its
    annual target is on track (stima a fine anno = 2 × half = the target: 100 %), a percentage or
    a time at half its target stays at 50 %; objective = weighted mean of its monitored rows."""
    sums: dict[str, list[float]] = {}
    for ind in plan.indicators:
        if ind.actual_mid is None:
            continue
        score = 1.0 if ind.unit in ("N.", "h", "€") else 0.5
        acc = sums.setdefault(ind.objective, [0.0, 0.0])
        acc[0] += ind.weight * score
        acc[1] += ind.weight
    return {code: num / den for code, (num, den) in sums.items() if den}


def test_cli_period_switch(two_periods):
    path, halved = two_periods
    out = {}
    for period in ("30/06", "31/12"):
        proc = subprocess.run(
            [sys.executable, "-m", "xlperf.cli", "score", str(path), "--json", "--periodo", period],
            capture_output=True,
            text=True,
        )
        assert proc.returncode == 0, proc.stderr
        out[period] = json.loads(proc.stdout)
    assert out["30/06"]["ente"] == pytest.approx(1.0) and out["31/12"]["ente"] == pytest.approx(0.9734, abs=5e-5)
    assert out["30/06"]["copertura"]["ente"]["completa"] and out["31/12"]["copertura"]["ente"]["completa"]


@pytest.mark.slow
def test_configurazione_period_drives_formulas_and_refresh(two_periods, tmp_path):
    import excel_engine

    path, halved = two_periods
    work = tmp_path / "monitoraggio.xlsm"
    shutil.copy(path, work)
    wb = openpyxl.load_workbook(work, keep_vba=True)
    wb[L.CONFIG]["B9"] = L.PERIODS["30/06"]
    wb.save(work)
    plan, _ = read_workbook(work)
    assert plan.period == "30/06"
    mid = score_plan(plan)
    xlsx = tmp_path / "m.xlsx"
    xlsx.write_bytes(work.read_bytes())
    values = excel_engine.evaluate(xlsx)
    for ind, pct in zip(plan.indicators, mid.indicators, strict=False):
        sheet, cell = ind.source.split("!")
        got = values[f"{sheet.upper()}!{L.entry_col('pct')}{cell[1:]}"]
        assert got == (pytest.approx(pct) if pct is not None else got), ind.source
        if pct is None:
            assert got in ("", "N/D"), ind.source
        shown = indicator_status(ind, pct, "30/06", plan.thresholds, plan.anno, mid.status(pct)).value
        assert values[f"{sheet.upper()}!{L.entry_col('status')}{cell[1:]}"] == shown, ind.source
    proc = subprocess.run(
        [sys.executable, "-m", "xlperf.cli", "refresh", str(work), "--silenzioso"], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    ws = openpyxl.load_workbook(work)[L.RIEPILOGO]
    assert "Monitoraggio al 30/06" in ws["A2"].value and ws["D4"].value == pytest.approx(1.0)  # counts on track


def test_year_end_cruscotto_shows_mid_year_monitoring(two_periods, tmp_path):
    path, halved = two_periods
    work = tmp_path / "consuntivo.xlsm"
    shutil.copy(path, work)
    subprocess.run(
        [sys.executable, "-m", "xlperf.cli", "refresh", str(work), "--silenzioso"], check=True, capture_output=True
    )
    ws = openpyxl.load_workbook(work)[L.CRUSCOTTO]
    header = next(r for r in ws.iter_rows(values_only=True) if r[3] == "Codice")
    assert header[5] == "31/12" and header[6] == "30/06"
    rows = {r[3]: r for r in ws.iter_rows(values_only=True) if r[3] and str(r[3]).count("_") == 2}
    for code in halved:
        assert rows[code][6] == pytest.approx(1.0)  # counts at half the annual target: on track


def test_report_for_the_mid_year_period(two_periods, tmp_path):
    path, _ = two_periods
    out = tmp_path / "m.html"
    proc = subprocess.run(
        [sys.executable, "-m", "xlperf.cli", "report", str(path), "--html", str(out), "--periodo", "30/06"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    html = out.read_text(encoding="utf-8")
    # the report di monitoraggio intermedio: the counts at half their annual target are on track
    assert "Monitoraggio intermedio al 30/06/2025" in html and "100,00 %" in html
    assert "Stato della raccolta per area" in html and "Nessun obiettivo a rischio" in html
