"""Values against their unit: one documented rule per case, a warning with the cell where ambiguous."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xlperf.literals import Operator
from xlperf.model import Level
from xlperf.readers.rows import build_indicator, fraction_weights
from xlperf.scoring import score_indicator

PLACES = {
    f: f"Area 1!{c}7"
    for f, c in zip(["objective_code", "weight_pct", "operator", "target", "unit", "actual"], "AEFGHK", strict=False)
}


def read(**raw):
    row = {"objective_code": "01_01_OP01", "weight_pct": 50, "operator": ">=", "unit": "%", **raw}
    problems = []
    ind = build_indicator(row, PLACES, "Area 1!A7", problems)
    return ind, [(p.level, p.place, p.message) for p in problems]


@pytest.mark.parametrize(
    "target, actual, want_target, want_actual, warned",
    [
        (0.8, 0.96, 0.8, 0.96, None),  # % cells: fractions
        ("80,00", "96,00", 0.8, 0.96, None),  # text without %: points, as the Relazione writes them
        ("80 %", "96%", 0.8, 0.96, None),  # text with %
        (0.8, 96, 0.8, 0.96, "K7"),  # 96 in a General cell: points, said
        ("80,00", "0.96", 0.8, 0.0096, "K7"),  # a fraction typed as text next to a target in points: said
        (1.5, 1.576, 1.5, 1.576, None),  # the seed's 157,60 % stays what it is
    ],
)
def test_percent_indicator(target, actual, want_target, want_actual, warned):
    ind, problems = read(target=target, actual=actual)
    assert ind.target == pytest.approx(want_target) and ind.actual == pytest.approx(want_actual)
    warnings = [p for p in problems if p[0] is Level.WARNING]
    if warned:
        assert warnings and warnings[0][1] == f"Area 1!{warned}"
    else:
        assert not warnings


def test_percent_sign_on_a_count_is_said():
    ind, problems = read(unit="N.", target=100, actual="96%")
    assert ind.actual == pytest.approx(0.96)
    assert problems == [(Level.WARNING, "Area 1!K7", problems[0][2])] and "ha il segno %" in problems[0][2]


def test_missing_operator_on_a_number_is_said():
    ind, problems = read(operator=None, unit="N.", target=350, actual=349)
    assert ind.operator is Operator.EQ
    assert problems and problems[0][1] == "Area 1!F7" and "operatore mancante" in problems[0][2]


def test_si_no_with_target_no():
    ind, _ = read(operator="SI/NO", unit="", target="NO", actual="NO")
    assert ind.target is False and score_indicator(ind.operator, ind.target, ind.actual) == 1.0
    ind, _ = read(operator="SI/NO", unit="", target="NO", actual="SI")
    assert score_indicator(ind.operator, ind.target, ind.actual) == 0.0
    ind, _ = read(operator="SI/NO", unit="", target="SI", actual="SI")
    assert score_indicator(ind.operator, ind.target, ind.actual) == 1.0


def test_weights_as_fractions_are_points():
    problems = []
    inds = [
        build_indicator(
            {"objective_code": "X", "weight_pct": w, "operator": ">=", "target": 1, "actual": 1},
            {"weight_pct": f"Area 1!E{7 + k}"},
            "Area 1!A7",
            problems,
        )
        for k, w in enumerate([0.125, 0.375, 0.5])
    ]
    fraction_weights(inds, problems)
    assert [i.weight for i in inds] == pytest.approx([12.5, 37.5, 50])
    assert problems[0].place == "Area 1!E7" and "frazioni" in problems[0].message


@settings(deadline=None, derandomize=True, database=None, max_examples=60)
@given(points=st.floats(min_value=10.01, max_value=100_000, allow_nan=False))
def test_any_native_number_above_ten_on_a_percent_indicator_is_points_and_said(points):
    ind, problems = read(target=0.8, actual=points)
    assert ind.actual == pytest.approx(points / 100)
    assert [p[1] for p in problems if p[0] is Level.WARNING] == ["Area 1!K7"]


@settings(deadline=None, derandomize=True, database=None, max_examples=60)
@given(fraction=st.floats(min_value=0, max_value=10, allow_nan=False))
def test_any_native_number_up_to_ten_on_a_percent_indicator_is_a_fraction(fraction):
    ind, problems = read(target=0.8, actual=fraction)
    assert ind.actual == pytest.approx(fraction) and not problems
