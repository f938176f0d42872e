"""Configurazione's «Soglia per la causa dello scostamento» (issue 21.8): below it a consuntivo asks
for its cause; blank or missing (an older workbook) it is the «raggiunto» threshold; a wrong value is
an error at its cell; the warnings are grouped per sheet."""

import shutil

import openpyxl
import pytest

from xlperf import layout as L
from xlperf.aggregate import score_plan
from xlperf.grouping import group
from xlperf.model import Level
from xlperf.readers.workbook import read_workbook
from xlperf.validate import missing_causes

CELL = L.config_cell("XP_SogliaCausa")  # Configurazione!B15


def _copy(demo_xlsm, tmp_path, edit) -> object:
    path = tmp_path / "PIAO_2025.xlsm"
    shutil.copy(demo_xlsm, path)
    wb = openpyxl.load_workbook(path, keep_vba=True)
    edit(wb[L.CONFIG])
    wb.save(path)
    return path


def _below(plan, limit: float) -> set[str]:
    res = score_plan(plan)
    return {
        i.place("cause")
        for i, p in zip(plan.indicators, res.indicators, strict=True)
        if p is not None and p < limit - 1e-9 and not i.cause
    }


def _asked(plan) -> set[str]:
    return {p.place for p in missing_causes(plan) if "manca la causa" in p.message}


def test_the_template_has_the_row_blank_and_the_default_is_the_raggiunto_threshold(demo_xlsm):
    ws = openpyxl.load_workbook(demo_xlsm, keep_vba=True)[L.CONFIG]
    row = int(CELL.split("!B")[1])
    assert ws[f"A{row}"].value == "Soglia per la causa dello scostamento" and ws[f"B{row}"].value is None
    assert "soglia «raggiunto»" in ws[f"C{row}"].value
    assert not ws[f"B{row}"].protection.locked and ws[f"B{row}"].fill.fgColor.rgb.endswith(L.INPUT_FILL.lstrip("#"))
    plan, problems = read_workbook(demo_xlsm)
    assert not [p for p in problems if p.level is Level.ERROR]
    assert plan.thresholds.causa is None
    assert _asked(plan) == _below(plan, plan.thresholds.raggiunto) != set()
    assert len(_asked(plan)) < len(_below(plan, 1.0)) / 2  # the 97-99 % ones are no longer asked


@pytest.mark.parametrize(("typed", "limit"), [(1.0, 1.0), (0.95, 0.95), (95, 0.95), ("90%", 0.9), (0.5, 0.5)])
def test_another_threshold_typed_in_configurazione_is_used(demo_xlsm, tmp_path, typed, limit):
    path = _copy(demo_xlsm, tmp_path, lambda ws: ws.__setitem__(CELL.split("!")[1], typed))
    plan, problems = read_workbook(path)
    assert not [p for p in problems if p.level is Level.ERROR]
    assert plan.thresholds.causa == pytest.approx(limit)
    assert _asked(plan) == _below(plan, limit)
    if limit == 1.0:  # as before the setting: every indicator under 100 %
        assert len(_asked(plan)) > 40


@pytest.mark.parametrize("typed", ["molto", 0, 150, -5])
def test_a_wrong_threshold_is_an_error_at_its_cell(demo_xlsm, tmp_path, typed):
    path = _copy(demo_xlsm, tmp_path, lambda ws: ws.__setitem__(CELL.split("!")[1], typed))
    plan, problems = read_workbook(path)
    errors = [p for p in problems if p.level is Level.ERROR]
    assert [p.place for p in errors] == [CELL]
    assert "soglia per la causa dello scostamento" in errors[0].message and "%" in errors[0].fix
    assert plan.thresholds.causa is None  # nothing silently used: the default, with the error shown


def test_an_older_workbook_without_the_row_uses_the_default(demo_xlsm, tmp_path):
    """Before the setting the areas' caption stood in row 15: never read as a threshold."""

    def older(ws):
        ws.delete_rows(int(CELL.split("!B")[1]))
        ws["B15"] = 0.5  # whatever stands there in an older workbook is not the setting

    plan, problems = read_workbook(_copy(demo_xlsm, tmp_path, older))
    assert not [p for p in problems if p.level is Level.ERROR]
    assert plan.thresholds.causa is None and len(plan.areas) == 5
    assert _asked(plan) == _below(plan, plan.thresholds.raggiunto)


def test_the_warnings_are_grouped_per_sheet(demo_xlsm, tmp_path):
    path = _copy(demo_xlsm, tmp_path, lambda ws: ws.__setitem__(CELL.split("!")[1], 1.0))
    plan, _ = read_workbook(path)
    problems = [p for p in missing_causes(plan) if "manca la causa" in p.message]
    groups = group(problems)
    sheets = {p.place.split("!")[0] for p in problems}
    assert len(groups) == len(sheets) < len(problems) / 5  # one line per sheet, named or coded indicators
    assert all("celle)" in g.message() for g in groups)
