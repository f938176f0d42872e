"""The rules in words are stated once (xlperf.scalar.RULES) and every text derives from it (issue 20.1):
the Istruzioni sheet, README's table and the function help; the worked examples are computed by the
core and checked here against values worked out by hand from the seed's method."""

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from xlperf import scalar
from xlperf.literals import Operator
from xlperf.model import Thresholds
from xlperf.scalar import RULES, example_score, rule_lines

ROOT = Path(__file__).resolve().parents[1]

#: (operator, target, consuntivo) -> % worked out by hand: 1 − shortfall/|target|, clipped to [0, 1]
BY_HAND = {
    (Operator.GE, 350, 280): 0.80,  # 1 − 70/350
    (Operator.GE, -20, -25): 0.75,  # 1 − 5/20 (consuntivo/target would say 125 %: the case)
    (Operator.LE, 10, 12): 0.80,  # 1 − 2/10
    (Operator.LE, -20, -15): 0.75,  # 1 − 5/20
    (Operator.EQ, 100, 110): 0.90,
    (Operator.EQ, 100, 90): 0.90,
    (Operator.LE, 0, 0): 1.0,  # target 0: the comparison holds
    (Operator.LE, 0, 1): 0.0,
    (Operator.DEADLINE, dt.date(2025, 3, 31), dt.date(2025, 3, 20)): 1.0,
    (Operator.DEADLINE, dt.date(2025, 3, 31), dt.date(2025, 4, 2)): 0.0,
    (Operator.BOOL, True, False): 0.0,
    (Operator.BOOL, False, False): 1.0,  # target NO: 100 % when it did not happen
    (Operator.GE, 100, 250): 1.0,  # clipped
    (Operator.GE, 100, -50): 0.0,  # clipped
}


def test_every_example_is_worked_by_hand_and_scored_so_by_the_core():
    examples = [e for r in RULES for e in r.examples]
    assert sorted(map(repr, examples)) == sorted(map(repr, BY_HAND))
    for example, expected in BY_HAND.items():
        assert example_score(*example) == pytest.approx(expected), example


def test_the_examples_cover_every_operator_family_zero_and_negative_targets():
    ops = {op for r in RULES for op, _, _ in r.examples}
    assert {Operator.GE, Operator.LE, Operator.EQ, Operator.DEADLINE, Operator.BOOL} <= ops
    targets = [t for r in RULES for _, t, _ in r.examples if isinstance(t, int) and not isinstance(t, bool)]
    assert 0 in targets and any(t < 0 for t in targets)


def test_the_template_istruzioni_state_the_rules_as_the_core_does():
    wb = openpyxl.load_workbook(ROOT / "workbook" / "PIAO_template.xlsm", read_only=True)
    texts = {c for row in wb["Istruzioni"].iter_rows(values_only=True) for c in row if isinstance(c, str)}
    for line in rule_lines():
        assert line in texts
    assert scalar.AGGREGATION_TEXT in texts
    assert not any("consuntivo/target" in t for t in texts)  # the old, wrong rule for negative targets


def test_readme_table_is_the_rules_table():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")

    def esc(text: str) -> str:
        return text.replace("|", "\\|")

    rows = [f"| {esc(r.label)} | {esc(r.text)} | {esc(r.formula)} | {esc(scalar.example_text(r))} |" for r in RULES]
    table = "\n".join(["| Caso | Regola | Formula | Esempi (calcolati) |", "|---|---|---|---|", *rows])
    assert table in readme, "README: rigenerare la tabella «Regole di calcolo» da xlperf.scalar.RULES:\n" + table


def test_default_thresholds_are_stated_once():
    assert (Thresholds().raggiunto, Thresholds().parziale) == (scalar.DEFAULT_RAGGIUNTO, scalar.DEFAULT_PARZIALE)
    from xlperf import cells

    # a blank threshold cell in PERF_STATUS means the default: 80 % is Raggiunto, 79,99 % is not
    assert cells.status(scalar.DEFAULT_RAGGIUNTO) == "Raggiunto"
    assert cells.status(scalar.DEFAULT_RAGGIUNTO - 1e-4) == "Parzialmente raggiunto"
    assert cells.status(scalar.DEFAULT_PARZIALE - 1e-4) == "Non raggiunto"


def test_function_help_names_every_operator_and_the_default_thresholds():
    """The wizard help (udfs.py's literal texts, which the Calc build reads without importing
    xlwings) is checked against the rules' home rather than derived from it."""
    from xlperf.calc.build import wizard_help

    help_ = wizard_help()
    op_doc = dict(help_["PERF_INDICATOR"]["args"])["op"]
    for op in Operator:
        assert op.value in op_doc
    status_args = dict(help_["PERF_STATUS"]["args"])
    assert status_args["soglia_raggiunto"].endswith(f"predefinita {scalar.percent_text(scalar.DEFAULT_RAGGIUNTO)}")
    assert status_args["soglia_parziale"].endswith(f"predefinita {scalar.percent_text(scalar.DEFAULT_PARZIALE)}")
