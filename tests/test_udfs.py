"""PERF_* as plain functions (xlwings decorators are no-ops off Windows): same numbers as the core."""

import datetime as dt

import pytest

from xlperf.aggregate import score_plan
from xlperf.demo import demo_plan
from xlperf.udfs import PERF_INDICATOR, PERF_INDICATORS, PERF_OBJECTIVE, PERF_STATUS, PERF_STATUSES


def _cell(value, unit):
    if value is None:
        return "N/D"
    if isinstance(value, bool):
        return "SI" if value else "NO"
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)  # what xlwings passes for a date cell
    return value


@pytest.fixture(scope="module")
def plan_res():
    plan = demo_plan()
    return plan, score_plan(plan)


def test_indicator_objective_status_on_the_whole_2025_plan(plan_res):
    plan, res = plan_res
    rows = {}
    for ind, pct in zip(plan.indicators, res.indicators, strict=False):
        got = PERF_INDICATOR(
            _cell(ind.target, ind.unit) if ind.target is not None else None,
            _cell(ind.actual, ind.unit),
            ind.operator.value,
        )
        assert got == ("N/D" if pct is None else pytest.approx(pct, abs=1e-15)), ind
        assert PERF_STATUS(got) == res.status(pct).value
        rows.setdefault(ind.objective, []).append((got, ind.weight, ind.objective))
    for code, items in rows.items():
        pcts, weights, codes = zip(*items, strict=False)
        assert PERF_OBJECTIVE([[p] for p in pcts], [[w] for w in weights]) == pytest.approx(
            res.objectives[code], abs=1e-15
        )
    # the filtered form used on Albero, over a whole column with every objective mixed
    all_p = [p for items in rows.values() for p, _, _ in items]
    all_w = [w for items in rows.values() for _, w, _ in items]
    all_c = [c for items in rows.values() for _, _, c in items]
    assert PERF_OBJECTIVE(all_p, all_w, all_c, "01_04_OS02") == pytest.approx(0.7908, abs=5e-5)


def test_array_forms_one_call_per_column(plan_res):
    plan, res = plan_res
    inds = plan.indicators
    col = PERF_INDICATORS(
        [_cell(i.target, i.unit) for i in inds],
        [_cell(i.actual, i.unit) for i in inds],
        [i.operator.value for i in inds],
    )
    assert len(col) == len(inds) and all(len(r) == 1 for r in col)
    for (got,), pct in zip(col, res.indicators, strict=False):
        assert got == ("N/D" if pct is None else pytest.approx(pct))
    statuses = PERF_STATUSES(col)
    assert [s for (s,) in statuses] == [res.status(p).value for p in res.indicators]


def test_operator_carried_by_the_target():
    assert PERF_INDICATOR(">=350 N.", 349) == pytest.approx(349 / 350)
    assert PERF_INDICATOR("Entro 31-03-2025", dt.datetime(2025, 4, 1)) == 0.0
    assert PERF_INDICATOR("<=-20 gg", -22.01) == 1.0


@pytest.mark.parametrize(
    "args, expected",
    [
        ((None, None, None), ""),  # empty spare row
        ((350, None, ">="), "N/D"),  # no consuntivo yet
        ((350, "N/D", ">="), "N/D"),
        ((None, "N/D", None), "N/D"),
    ],
)
def test_blanks_and_excel_errors(args, expected):
    assert PERF_INDICATOR(*args) == expected


@pytest.mark.parametrize(
    "args",
    [
        ("tanti", 3, ">="),
        (350, "boh", ">="),
        (350, 3, "~"),
        ("#VALUE!", 3, ">="),
        (350, "#N/A", ">="),
        (350, "#DIV/0!", ">="),
        (350, "#VALORE!", ">="),
        (None, "#N/D", None),
    ],
)
def test_bad_input_is_an_italian_message_never_a_traceback(args):
    out = PERF_INDICATOR(*args)
    assert isinstance(out, str) and out.startswith("Errore: ")


def test_status_thresholds_and_boundaries():
    assert PERF_STATUS(0.8) == "Raggiunto"
    assert PERF_STATUS(0.7999) == "Parzialmente raggiunto"
    assert PERF_STATUS(0.6) == "Parzialmente raggiunto"
    assert PERF_STATUS(0.59) == "Non raggiunto"
    assert PERF_STATUS(0.85, 90, 70) == "Parzialmente raggiunto"  # thresholds as 90/70 or 0.9/0.7
    assert PERF_STATUS(0.85, 0.9, 0.7) == "Parzialmente raggiunto"
    assert PERF_STATUS("N/D") == "N/D" and PERF_STATUS(None) == ""
    assert PERF_STATUS(0.5, 0.5, 0.9).startswith("Errore")


def test_objective_edge_cases():
    assert PERF_OBJECTIVE([0.5, "N/D", None], [50, 25, 10]) == pytest.approx(0.5)
    # an indicator in error makes the objective an error, never a mean of the others
    assert PERF_OBJECTIVE([0.5, "#N/A"], [50, 50]).startswith("Errore")
    assert PERF_OBJECTIVE([0.5, "Errore: il consuntivo contiene l'errore #DIV/0!"], [50, 50]).startswith("Errore")
    assert PERF_OBJECTIVE(["N/D"], [100]) == "N/D"
    assert PERF_OBJECTIVE([0.5, 1], [1]).startswith("Errore")
    assert PERF_OBJECTIVE([0.5], ["molto"]).startswith("Errore")
    assert PERF_OBJECTIVE([0.5], [1], ["A"], None) == ""
