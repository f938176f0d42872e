"""One reading of every value (issue 21.1): for any value an area types in a consuntivo cell of its
copy, the copy's native formulas (evaluated by the `formulas` Excel engine) and the master's core
compute the same %, or `raccogli` refuses the value (the core refuses it, or copy_reading does)."""

import datetime as dt
import math

import formulas
import pytest
import schedula as sh
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from xlperf import layout as L
from xlperf.copy_reading import NATIVE_FALSE, NATIVE_NA, NATIVE_TRUE, copy_refusal
from xlperf.literals import NOT_AVAILABLE, Operator, parse_operator, to_excel_serial
from xlperf.model import YEAR_END, Level
from xlperf.readers.rows import build_indicator
from xlperf.scoring import score_indicator
from xlperf.sheet_formulas import native_helper_formulas, native_indicator_formula

ROW = 5
REFUSED = object()


def _compile(formula: str):
    return formulas.Parser().ast(formula)[1].compile()


#: the helper cells of a row, in the order the sheet chains them, then the % cell
CHAIN = ("period_value", "evaluated", "period_target", "estimate", "pct")


def native_formulas() -> tuple[str, ...]:
    h = native_helper_formulas(ROW)
    return (*(h[name] for name in CHAIN[:-1]), native_indicator_formula(ROW))


def _cell(value):
    """What the spreadsheet holds for a value: dates and date-times as serial numbers."""
    if value is None:
        return sh.EMPTY
    if isinstance(value, dt.datetime):
        midnight = dt.datetime(value.year, value.month, value.day)
        return to_excel_serial(value.date()) + (value - midnight).total_seconds() / 86400
    if isinstance(value, dt.date):
        return to_excel_serial(value)
    return value


class Native:
    """The area copy's formulas of one row, chained as the sheet chains them."""

    def __init__(self, *chain: str):
        self.fs = [_compile(f) for f in chain]

    def pct(self, target, operator: str, unit: str, value):
        c, hc = L.entry_col, L.helper_col
        cells = {
            "XP_PERIODO": YEAR_END,
            f"{c('actual')}{ROW}": _cell(value),
            f"{c('actual_mid')}{ROW}": sh.EMPTY,
            f"{c('target')}{ROW}": _cell(target),
            f"{c('target_mid')}{ROW}": sh.EMPTY,
            f"{c('operator')}{ROW}": operator,
            f"{c('unit')}{ROW}": unit,
        }
        for f, name in zip(self.fs, CHAIN, strict=True):
            out = f(*(cells[k.upper()] if k.upper() in cells else cells[k] for k in f.inputs))
            out = out.ravel()[0] if hasattr(out, "ravel") else out
            cells[f"{hc(name) if name != 'pct' else c('pct')}{ROW}"] = out
        result = cells[f"{c('pct')}{ROW}"]
        if isinstance(result, str) and result == "N/D":
            return None
        if isinstance(result, (int, float)) and not isinstance(result, bool):
            return float(result)
        return ("error", str(result))


NATIVE = Native(*native_formulas())


def core_pct(target, operator: str, unit: str, value):
    """The master's reading (readers/rows.py) and score (scoring.py) of the same row."""
    raw = {
        "objective_code": "01_01_OS01",
        "indicator_code": "I1",
        "weight_pct": 100,
        "operator": operator,
        "target": target,
        "unit": unit,
        "actual": value,
    }
    problems = []
    ind = build_indicator(raw, {}, "Area!5", problems)
    if ind is None or any(p.level is Level.ERROR for p in problems):
        return REFUSED
    return score_indicator(ind.operator, ind.target, ind.actual)


def agree(native, target, operator: str, unit: str, value) -> bool:
    core = core_pct(target, operator, unit, value)
    if core is REFUSED or copy_refusal(value, parse_operator(operator)) is not None:
        return True  # raccogli refuses it, naming the cell
    got = native.pct(target, operator, unit, value)
    if core is None or got is None:
        return core is None and got is None
    return isinstance(got, float) and math.isclose(got, core, rel_tol=1e-9, abs_tol=1e-12)


# --- the value kinds an area can type ----------------------------------------------------------
def _spelled(words):
    return st.tuples(st.sampled_from(sorted(words)), st.sampled_from(["", " ", "  "]), st.booleans()).map(
        lambda t: t[1] + (t[0].lower() if t[2] else t[0]) + t[1]
    )


NUMBER_TEXTS = ["350", "1.234,56", "96 %", "96%", "0,5", "-20", "31-01-2025", "31/01/2025", "2025-01-31", "12 gg"]
VALUES = st.one_of(
    st.none(),
    st.integers(-1000, 1000),
    st.floats(-1e6, 1e6, allow_nan=False),
    st.sampled_from([96.0, -96.0, 0.604167, 1.0, 0.0, 45688.0, 45688.6]),
    st.datetimes(dt.datetime(2024, 6, 1), dt.datetime(2026, 6, 1)),
    st.dates(dt.date(2024, 6, 1), dt.date(2026, 6, 1)),
    st.booleans(),
    _spelled(NOT_AVAILABLE - {""}),
    _spelled(set(NATIVE_TRUE) | set(NATIVE_FALSE) | {"Sì", "sì", "SI.", "Si\u00a0"}),
    st.sampled_from(NUMBER_TEXTS + [" N/D ", "n.d.", "N /D", "ND\u00a0", "-", "\tSI"]),
    st.text(alphabet="aSINOX0129 ,.-/%", max_size=8),
)
NUMERIC = [">=", ">", "<=", "<", "="]
ROWS = st.one_of(
    st.tuples(st.sampled_from([350.0, -20.0, 0.0, 12.5]), st.sampled_from(NUMERIC), st.sampled_from(["", "N."])),
    st.tuples(st.sampled_from([0.8, -0.5, 0.0, 1.0]), st.sampled_from(NUMERIC), st.just("%")),
    st.tuples(st.just(dt.datetime(2025, 3, 31)), st.just("Entro"), st.just("")),
    st.tuples(st.sampled_from(["SI", "NO"]), st.just("SI/NO"), st.just("")),
)

#: the cases the issue names, and the ones that make every ABS( of the formulas matter
CASES = [
    ((dt.datetime(2025, 1, 31), "Entro", ""), dt.datetime(2025, 1, 31, 14, 30)),
    ((dt.datetime(2025, 3, 31), "Entro", ""), dt.datetime(2025, 3, 31, 23, 59)),
    ((dt.datetime(2025, 3, 31), "Entro", ""), "31-01-2025"),
    ((350.0, ">=", "N."), "350"),
    ((0.8, ">=", "%"), "96 %"),
    (("SI", "SI/NO", ""), "Sì"),
    (("SI", "SI/NO", ""), True),
    (("SI", "SI/NO", ""), "X"),
    (("NO", "SI/NO", ""), False),
    ((350.0, ">=", "N."), "ND"),
    ((350.0, ">=", "N."), "n.d."),
    ((350.0, ">=", "N."), " N/D "),
    ((350.0, ">=", "N."), "-"),
    ((-0.5, "=", "%"), -96.0),  # points in a % row, negative: ABS in the points rule
    ((350.0, "=", "N."), 300.0),  # below an exact target: ABS of the difference
    ((-20.0, ">=", "N."), -30.0),  # negative target: ABS of the target
    ((350.0, "<=", "N."), 400.0),
]


@pytest.mark.parametrize(("row", "value"), CASES, ids=[repr(v) for _, v in CASES])
def test_each_named_case_agrees_or_is_refused(row, value):
    assert agree(NATIVE, *row, value)


def test_the_named_spellings_are_read_not_refused():
    """Teaching the copy (not refusing in the master) for the issue's SI/NO and N/D spellings."""
    for value in ("Sì", "X", True, " si ", "no", False):
        assert copy_refusal(value, Operator.BOOL) is None
        assert NATIVE.pct("SI", "SI/NO", "", value) == core_pct("SI", "SI/NO", "", value)
    for value in ("ND", "n.d.", " N/D ", "-", "NA"):
        assert copy_refusal(value, Operator.GE) is None and NATIVE.pct(350.0, ">=", "N.", value) is None
    assert NATIVE.pct(dt.datetime(2025, 1, 31), "Entro", "", dt.datetime(2025, 1, 31, 14, 30)) == 1.0
    assert copy_refusal("31-01-2025", Operator.DEADLINE).startswith("«31-01-2025» è scritto come testo")
    assert "31/01/2025" in copy_refusal("31-01-2025", Operator.DEADLINE)
    assert copy_refusal("350", Operator.GE) and copy_refusal("96 %", Operator.GE)
    assert set(NATIVE_NA) == NOT_AVAILABLE - {""}


@settings(deadline=None, derandomize=True, database=None, max_examples=400, suppress_health_check=list(HealthCheck))
@given(ROWS, VALUES)
@example((dt.datetime(2025, 1, 31), "Entro", ""), dt.datetime(2025, 1, 31, 14, 30))
def test_generated_values_agree_or_are_refused(row, value):
    assert agree(NATIVE, *row, value), (row, value, NATIVE.pct(*row, value), core_pct(*row, value))


def test_removing_any_abs_breaks_the_agreement():
    """The test above would notice: each ABS( of the native formulas, dropped, gives a case that differs."""
    texts = native_formulas()
    spots = [(i, pos) for i, f in enumerate(texts) for pos in range(len(f)) if f.startswith("ABS(", pos)]
    assert len(spots) >= 3
    for i, pos in spots:
        mutated = list(texts)
        mutated[i] = texts[i][:pos] + texts[i][pos + 3 :]
        native = Native(*mutated)
        assert not all(agree(native, *row, value) for row, value in CASES), (i, pos)


def test_raccogli_refuses_what_the_copy_cannot_compute_and_collects_what_it_reads(distributed, tmp_path):
    import shutil
    import subprocess
    import sys

    import openpyxl

    from xlperf.readers.workbook import read_workbook

    master, files, _ = distributed
    work = shutil.copy(master, tmp_path / master.name)
    area2 = shutil.copy(next(f for f in files if "Area 2" in f.name), tmp_path / "area2.xlsx")
    plan, _ = read_workbook(area2)
    numeric = [i for i in plan.indicators if i.operator in (Operator.GE, Operator.LE)][:2]
    wb = openpyxl.load_workbook(area2)
    texts = {numeric[0].place("actual"): "350", numeric[1].place("actual"): "ND"}
    for place, text in texts.items():
        sheet, cell = place.split("!")
        wb[sheet][cell].value = text
        wb[sheet][cell].data_type = "s"
    wb.save(area2)
    proc = subprocess.run(
        [sys.executable, "-m", "xlperf.cli", "raccogli", str(work), str(area2)], capture_output=True, text=True
    )
    assert proc.returncode == 2, proc.stdout + proc.stderr
    refused = [ln for ln in proc.stdout.splitlines() if "è scritto come testo" in ln]
    assert len(refused) == 1 and f"area2.xlsx › {numeric[0].place('actual')}" in refused[0]
    assert "«350» è scritto come testo e il file dell'area non lo calcola" in refused[0]
    assert "scrivere il numero come numero" in refused[0]
    proc = subprocess.run(
        [sys.executable, "-m", "xlperf.cli", "raccogli", str(work), str(area2), "--applica-solo-senza-conflitti"],
        capture_output=True,
        text=True,
    )
    after, _ = read_workbook(work)
    by_source = {i.source: i for i in after.indicators}
    assert by_source[numeric[1].source].declared_na  # «ND» is read by the copy too: collected as N/D
    assert by_source[numeric[0].source].actual is None  # «350» as text: not collected
