"""A value xlperf cannot read is reported at its cell, never silently N/D or another number.

Generated (hypothesis, derandomised): a demo workbook with one defect put into one input cell of an
area sheet — an Excel error value, a formula saved without its result, a blank consuntivo, a merge
over rows of the table — must give an ERROR that names that very cell (or the merge), exit 2 from
`check` and `score`, and leave every other indicator's % exactly as the core computes it.
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import case_counter
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xlperf import layout as L
from xlperf.aggregate import score_plan
from xlperf.cli import main
from xlperf.literals import EXCEL_ERRORS
from xlperf.model import Level
from xlperf.readers.workbook import read_workbook
from xlperf.validate import validate

SETTINGS = dict(
    deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck), max_examples=18
)
FIELDS = ["actual", "target", "weight_pct", "operator", "objective_code"]


def run_cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def baseline(demo_xlsm):
    plan, problems = read_workbook(demo_xlsm)
    assert not [p for p in problems + validate(plan) if p.level is Level.ERROR]
    res = score_plan(plan)
    return {(i.source): pct for i, pct in zip(plan.indicators, res.indicators, strict=False)}


@pytest.mark.slow
@settings(**SETTINGS)
@given(
    kind=st.sampled_from(["error", "uncached", "blank", "merge"]),
    sheet=st.sampled_from(["Staff", "Area 2", "Area 4"]),
    row=st.integers(min_value=0, max_value=25),
    field=st.sampled_from(FIELDS),
    error=st.sampled_from(sorted(EXCEL_ERRORS)),
)
def test_unreadable_cell_is_reported_at_its_place(
    demo_xlsm, baseline, tmp_path_factory, kind, sheet, row, field, error
):
    case_counter.add()
    path = tmp_path_factory.mktemp("unreadable") / "rotto.xlsm"
    wb = openpyxl.load_workbook(demo_xlsm, keep_vba=True)
    ws = wb[sheet]
    r = L.ENTRY_FIRST_ROW + row
    col = L.ENTRY_FIELDS.index("actual" if kind == "blank" else field) + 1
    cell = ws.cell(row=r, column=col)
    assert cell.value not in (None, "")
    if kind == "error":
        cell.value = error
        cell.data_type = "e"  # a cached error value, as Excel saves a failing formula
    elif kind == "uncached":
        cell.value = "=1+1"  # openpyxl saves formulas without a result
    elif kind == "blank":
        cell.value = None
    else:
        ws.merge_cells(start_row=r, start_column=col, end_row=r + 2, end_column=col)
    wb.save(path)
    expected_place = (
        f"{sheet}!{cell.coordinate}:{cell.column_letter}{r + 2}" if kind == "merge" else f"{sheet}!{cell.coordinate}"
    )

    code, out, err = run_cli("check", str(path))
    assert code == 2, out
    lines = [ln for ln in out.splitlines() if ln.startswith("errore")]
    mine = [ln for ln in lines if f" {expected_place} " in ln]
    assert mine, (expected_place, out)
    if kind == "error":
        assert error in mine[0] or error.upper() in mine[0]
    elif kind == "uncached":
        assert "formula senza risultato salvato" in mine[0]
    elif kind == "blank":
        assert "mancante" in mine[0]
    else:
        assert "celle unite" in mine[0]
    assert run_cli("score", str(path))[0] == 2

    # every indicator that was read keeps exactly its score: nothing else moved
    plan, _ = read_workbook(path)
    res = score_plan(plan)
    touched = {f"{sheet}!A{r + k}" for k in range(3)}
    for ind, pct in zip(plan.indicators, res.indicators, strict=False):
        if ind.source in touched:
            continue
        assert pct == baseline[ind.source] or (pct is None and baseline[ind.source] is None), ind.source


def test_declared_na_is_the_only_way_out(tmp_path, demo_xlsm):
    """N/D typed in the consuntivo excludes the indicator with no error; a blank does not."""
    wb = openpyxl.load_workbook(demo_xlsm, keep_vba=True)
    ws = wb["Area 2"]
    col = L.ENTRY_FIELDS.index("actual") + 1
    ws.cell(row=L.ENTRY_FIRST_ROW, column=col).value = "N/D"
    path = tmp_path / "nd.xlsm"
    wb.save(path)
    plan, problems = read_workbook(path)
    assert not [p for p in problems + validate(plan) if p.level is Level.ERROR]


def test_nothing_entered_for_the_period_is_one_warning(tmp_path, demo_xlsm):
    """A new year (no consuntivo at all): one warning, not an error per indicator."""
    assert run_cli("new", "--anno", "2026", "--da", str(demo_xlsm), str(tmp_path / "n.xlsm"))[0] == 0
    code, out, _ = run_cli("check", str(tmp_path / "n.xlsm"))
    assert code == 0
    assert out.count("nessun valore nella colonna Consuntivo") == 1


def test_objective_all_nd_is_named(tmp_path, demo_xlsm):
    wb = openpyxl.load_workbook(demo_xlsm, keep_vba=True)
    ws = wb["Area 2"]
    code_col, actual_col = L.ENTRY_FIELDS.index("objective_code") + 1, L.ENTRY_FIELDS.index("actual") + 1
    first = ws.cell(row=L.ENTRY_FIRST_ROW, column=code_col).value
    r = L.ENTRY_FIRST_ROW
    while ws.cell(row=r, column=code_col).value == first:
        ws.cell(row=r, column=actual_col).value = "N/D"
        r += 1
    path = tmp_path / "tutti_nd.xlsm"
    wb.save(path)
    code, out, _ = run_cli("check", str(path))
    assert f"tutti gli indicatori dell'obiettivo {first} sono N/D" in out


# --- structure edits -------------------------------------------------------------------------------


def _edited(demo_xlsm: Path, tmp_path: Path, edit) -> Path:
    wb = openpyxl.load_workbook(demo_xlsm, keep_vba=True)
    edit(wb)
    path = tmp_path / "modificato.xlsm"
    wb.save(path)
    return path


def test_repeated_header_is_named_with_both_columns(tmp_path, demo_xlsm):
    col = len(L.ENTRY_COLUMNS) + 2

    def edit(wb):
        ws = wb["Area 2"]
        ws.cell(row=L.ENTRY_HEADER_ROW, column=col).value = "Consuntivo"
        ws.cell(row=L.ENTRY_FIRST_ROW, column=col).value = 12345

    path = _edited(demo_xlsm, tmp_path, edit)
    code, out, _ = run_cli("check", str(path))
    letter = L.col_letter(col - 1)
    assert code == 2 and f"Area 2!{letter}{L.ENTRY_HEADER_ROW}" in out
    assert "\n1 errore, " in out  # singular
    assert f"({L.entry_col('actual')}{L.ENTRY_HEADER_ROW} e {letter}{L.ENTRY_HEADER_ROW})" in out
    plan, _ = read_workbook(path)  # the template's column is the one read
    assert all(i.actual != 12345 for i in plan.indicators)


def test_text_below_the_table_is_not_an_indicator(tmp_path, demo_xlsm):
    def edit(wb):
        ws = wb["Area 2"]
        ws.cell(row=ws.max_row + 2, column=3).value = "Totale pesi"
        ws.cell(row=ws.max_row, column=5).value = 100

    path = _edited(demo_xlsm, tmp_path, edit)
    code, out, _ = run_cli("check", str(path))
    assert "contiene «Totale pesi»" in out and "codice obiettivo mancante" not in out and code == 0


def test_blank_row_in_configurazione_area_list(tmp_path, demo_xlsm):
    path = _edited(demo_xlsm, tmp_path, lambda wb: wb[L.CONFIG].insert_rows(L.CONFIG_AREAS_HEADER_ROW + 3))
    plan, problems = read_workbook(path)
    assert plan.areas == read_workbook(demo_xlsm)[0].areas
    assert not [p for p in problems if p.level is Level.ERROR]


def test_stray_value_far_away_is_bounded_and_reported(tmp_path, demo_xlsm):
    path = _edited(demo_xlsm, tmp_path, lambda wb: wb["Area 2"].__setitem__("XFD1048576", "x"))
    code, out, _ = run_cli("check", str(path))
    assert code == 0 and "Area 2!XFD1048576" in out and "lontano" in out
    plan, _ = read_workbook(path)
    assert f"{score_plan(plan).ente:.6f}" == f"{score_plan(read_workbook(demo_xlsm)[0]).ente:.6f}"
