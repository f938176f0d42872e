"""Area copies distributed for 30/06 compute the 30/06 % and Stato as the core does (monitoring.py):
the `formulas` Excel engine in the fast loop, LibreOffice recalculating on load in the slow one."""

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest
from conftest import recalc_on_load, run_soffice

from xlperf import layout as L
from xlperf.aggregate import score_plan
from xlperf.collect import distribute
from xlperf.demo import demo_plan
from xlperf.literals import Operator
from xlperf.model import MID_YEAR
from xlperf.monitoring import indicator_status
from xlperf.readers.workbook import read_workbook
from xlperf.template import build_workbook

AREA = "Area 2 Tutela del mercato e legalità"


def _row(ind) -> int:
    return int("".join(ch for ch in ind.place("actual").split("!")[1] if ch.isdigit()))


@pytest.fixture(scope="module")
def mid_copy(tmp_path_factory):
    """A 2026 master whose Area 2 has a count with target 400 twice (one with a Target 30/06 of
    200), a few Target 30/06; its copy distributed for 30/06 and filled by openpyxl: counts at half
    their annual target (some a third), ratios at 90 % of it, deadlines met or left empty, SI where SI/NO."""
    plan = demo_plan()
    plan.anno = 2026
    area_objs = {o.code for o in plan.objectives if o.area == AREA}
    mine = [i for i in plan.indicators if i.objective in area_objs]
    counts = [i for i in mine if i.operator is Operator.GE and i.unit == "N."]
    counts[0].target, counts[1].target, counts[1].target_mid = 400.0, 400.0, 200.0
    counts[2].target_mid = counts[2].target * 0.75  # behind its intermediate target
    for i in mine:
        if i.operator is Operator.DEADLINE and isinstance(i.target, dt.date):
            i.target = i.target.replace(year=2026)
        i.actual = i.actual_mid = None
        i.declared_na = i.declared_na_mid = False
    folder = tmp_path_factory.mktemp("mid")
    master = folder / "PIAO_2026.xlsm"
    build_workbook(master, plan)
    copy = distribute(master, folder / "aree", period=MID_YEAR, area=AREA)[0]
    wb = openpyxl.load_workbook(copy)
    filled, _ = read_workbook(copy)
    for k, ind in enumerate(filled.indicators):
        ws = wb[ind.place("actual").split("!")[0]]
        cell = ws[f"{L.entry_col('actual_mid')}{_row(ind)}"]
        if ind.operator is Operator.DEADLINE:
            cell.value = ind.target - dt.timedelta(days=3) if k % 3 == 0 else None
        elif ind.operator is Operator.BOOL:
            cell.value = "SI"
        elif isinstance(ind.target, float):
            behind = k % 5 == 1 and ind.target != 400  # a third of the year's count: a rischio
            cell.value = ind.target / (3 if behind else 2) if ind.unit in ("N.", "h", "€") else ind.target * 0.9
    wb.save(copy)
    return copy


def _expected(path: Path):
    plan, problems = read_workbook(path)
    assert plan.period == MID_YEAR and not [p for p in problems if p.level.name == "ERROR"], problems
    res = score_plan(plan)
    statuses = [
        indicator_status(i, p, res.period, res.thresholds, plan.anno, res.status(p)).value
        for i, p in zip(plan.indicators, res.indicators, strict=True)
    ]
    return plan, res, statuses


def _same(computed, expected) -> bool:
    if expected is None:
        return computed == "N/D"
    return isinstance(computed, (int, float)) and not isinstance(computed, bool) and abs(computed - expected) <= 1e-9


def test_copy_says_which_period_it_collects(mid_copy):
    wb = openpyxl.load_workbook(mid_copy)
    ws = wb["Area 2"]
    assert ws.cell(row=L.ENTRY_HINT_ROW, column=1).value == L.area_copy_hint(MID_YEAR)
    assert "MONITORAGGIO AL 30/06" in L.area_copy_hint(MID_YEAR)
    plan, _ = read_workbook(mid_copy)
    row = _row(plan.indicators[0])
    assert ws[f"{L.entry_col('actual_mid')}{row}"].protection.locked is False  # the period collected
    assert ws[f"{L.entry_col('actual')}{row}"].protection.locked is not False  # the other: read-only
    assert ws[f"{L.entry_col('target_mid')}{row}"].protection.locked is not False


def test_count_400_with_200_is_not_non_raggiunto_in_the_core(mid_copy):
    plan, res, statuses = _expected(mid_copy)
    four = [(i, p, s) for i, p, s in zip(plan.indicators, res.indicators, statuses, strict=True) if i.target == 400]
    assert {(i.target_mid, p, s) for i, p, s in four} == {(None, 1.0, "In corso"), (200.0, 1.0, "Raggiunto")}
    assert {"In corso", "A rischio", "Non ancora scaduto", "Raggiunto", "Parzialmente raggiunto"} <= set(statuses)


def test_formula_engine_computes_the_mid_year_as_the_core(mid_copy):
    import excel_engine

    plan, res, statuses = _expected(mid_copy)
    values = excel_engine.evaluate(mid_copy)
    for ind, expected, status in zip(plan.indicators, res.indicators, statuses, strict=True):
        sheet, r = ind.place("actual").split("!")[0].upper(), _row(ind)
        pct = values[f"{sheet}!{L.entry_col('pct')}{r}"]
        assert _same(pct, expected), (ind.place("actual"), pct, expected)
        assert values[f"{sheet}!{L.entry_col('status')}{r}"] == status, ind.place("actual")
    for r, o in enumerate(plan.objectives, start=L.ALBERO_FIRST_ROW):
        assert _same(values[f"{L.ALBERO.upper()}!{L.albero_col('pct')}{r}"], res.objectives.get(o.code)), o.code


@pytest.mark.slow
@pytest.mark.libreoffice
def test_libreoffice_computes_the_mid_year_as_the_core(mid_copy, soffice, tmp_path):
    src = Path(shutil.copy(mid_copy, tmp_path / "copia.xlsx"))
    recalc_on_load(tmp_path)
    proc = run_soffice(soffice, ["--convert-to", "xlsx", "--outdir", str(tmp_path / "out"), str(src)], tmp_path)
    assert proc.returncode == 0, proc.stderr
    plan, res, statuses = _expected(mid_copy)
    wb = openpyxl.load_workbook(tmp_path / "out" / src.name, data_only=True)
    four = 0
    for ind, expected, status in zip(plan.indicators, res.indicators, statuses, strict=True):
        ws, r = wb[ind.place("actual").split("!")[0]], _row(ind)
        pct, got = ws[f"{L.entry_col('pct')}{r}"].value, ws[f"{L.entry_col('status')}{r}"].value
        assert _same(pct, expected), (ind.place("actual"), pct, expected)
        assert got == status, (ind.place("actual"), got, status)
        if ind.target == 400:
            four += 1
            assert got != "Non raggiunto" and pct == pytest.approx(1.0)
    assert four == 2
    albero = wb[L.ALBERO]
    for r, o in enumerate(plan.objectives, start=L.ALBERO_FIRST_ROW):
        assert _same(albero[f"{L.albero_col('pct')}{r}"].value, res.objectives.get(o.code)), o.code
