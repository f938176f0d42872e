"""Plan variations: `xlperf approva` records the approved plan; a later change to a target, weight or
operator (or an added indicator) needs its row in the Variazioni sheet, else `check` flags it at the
cell; the Relazione shows the approved target next to the revised one and lists the variations."""

import shutil
import subprocess
import sys

import openpyxl
import pytest

from xlperf import layout as L
from xlperf.readers.workbook import read_workbook


def xlperf(*args):
    return subprocess.run([sys.executable, "-m", "xlperf.cli", *args], capture_output=True, text=True)


@pytest.fixture(scope="module")
def approved(demo_xlsm, tmp_path_factory):
    work = tmp_path_factory.mktemp("approva") / "PIAO_2025.xlsm"
    shutil.copy(demo_xlsm, work)
    original = work.read_bytes()
    proc = xlperf("approva", str(work), "--data", "31-01-2025")
    assert proc.returncode == 0, proc.stderr
    return work, original


def test_approva_records_every_indicator_and_the_date(approved):
    work, original = approved
    plan, problems = read_workbook(work)
    assert plan.approved == "31-01-2025"
    assert all(i.approved and not i.varied_fields() for i in plan.indicators)
    assert [i.approved_weight for i in plan.indicators] == [i.weight for i in plan.indicators]
    assert work.with_name(work.name + ".bak").read_bytes() == original
    check = xlperf("check", str(work)).stdout
    assert "piano approvato" not in check and "variazione" not in check
    before = work.read_bytes()
    again = xlperf("approva", str(work))
    assert again.returncode == 2 and "già stato approvato il 31-01-2025" in again.stderr
    assert work.read_bytes() == before


def _edit(path, place: str, value) -> None:
    wb = openpyxl.load_workbook(path, keep_vba=True)
    sheet, cell = place.split("!")
    wb[sheet][cell] = value
    wb.save(path)


def test_an_unrecorded_change_is_flagged_and_a_recorded_one_is_reported(approved, tmp_path):
    work, _ = approved
    case = tmp_path / "PIAO_2025.xlsm"
    shutil.copy(work, case)
    plan, _ = read_workbook(case)
    ind = next(i for i in plan.indicators if i.code and isinstance(i.target, float) and i.unit != "%")
    _edit(case, ind.place("target"), ind.target * 2)
    flagged = [ln for ln in xlperf("check", str(case)).stdout.splitlines() if "diverso dal piano approvato" in ln]
    assert len(flagged) == 1 and ind.place("target") in flagged[0] and ind.code in flagged[0]
    # recorded in Variazioni: no longer flagged, and the Relazione shows both targets and the act
    row = L.VARIATION_HEADER_ROW + 1
    for i, value in enumerate(
        (ind.code, "Target", "", "", "22-06-2025", "delibera di Giunta n. 46 del 22/06/2025", "azione correttiva")
    ):
        _edit(case, f"{L.VARIAZIONI}!{L.col_letter(i)}{row}", value or None)
    assert "diverso dal piano approvato" not in xlperf("check", str(case)).stdout
    html = tmp_path / "r.html"
    assert xlperf("report", str(case), "--html", str(html)).returncode == 0
    text = html.read_text(encoding="utf-8")
    revised = next(i for i in read_workbook(case)[0].indicators if i.code == ind.code)
    assert revised.target == pytest.approx(ind.target * 2) and revised.approved_target == pytest.approx(ind.target)
    assert "(approvato: " in text and "delibera di Giunta n. 46 del 22/06/2025" in text
    assert "Variazioni del piano (approvato il 31-01-2025)" in text
    # the Riepilogo lists it too, after the refresh
    assert xlperf("refresh", str(case), "--silenzioso").returncode == 0
    riepilogo = openpyxl.load_workbook(case)[L.RIEPILOGO]
    values = [c.value for row in riepilogo.iter_rows() for c in row]
    assert "Variazioni del piano (approvato il 31-01-2025)" in values
    assert "delibera di Giunta n. 46 del 22/06/2025" in values and ind.code in values
    # «Valore approvato» and «Nuovo valore» left empty: read from the row (approved → current target)
    from xlperf.literals import format_value

    shown = f"{format_value(ind.target, ind.unit)} → {format_value(ind.target * 2, ind.unit)}"
    assert shown in values, shown


def test_the_new_year_starts_unapproved(approved, tmp_path):
    work, _ = approved
    out = tmp_path / "PIAO_2026.xlsm"
    assert xlperf("new", "--anno", "2026", "--da", str(work), str(out)).returncode == 0
    plan, _ = read_workbook(out)
    assert plan.approved == "" and not any(i.approved for i in plan.indicators) and not plan.variations
    assert xlperf("approva", str(out)).returncode == 0  # and it can be approved in turn


def test_an_unreadable_variation_cell_is_reported_at_the_cell(approved, tmp_path):
    """A formula saved without its result (or an Excel error) in Variazioni is never read as text."""
    work, _ = approved
    case = tmp_path / "PIAO_2025.xlsm"
    shutil.copy(work, case)
    row = L.VARIATION_HEADER_ROW + 1
    _edit(case, f"{L.VARIAZIONI}!A{row}", "X_01")
    _edit(case, f"{L.VARIAZIONI}!B{row}", "Target")
    _edit(case, f"{L.VARIAZIONI}!F{row}", "=NA()")  # openpyxl saves formulas without results
    proc = xlperf("check", str(case))
    assert proc.returncode == 2
    assert f"{L.VARIAZIONI}!F{row}" in proc.stdout and "formula senza risultato salvato" in proc.stdout
    assert not read_workbook(case)[0].variations


def test_approva_records_the_target_30_06_and_a_later_change_is_flagged(demo_xlsm, tmp_path):
    work = tmp_path / "PIAO_2025.xlsm"
    shutil.copy(demo_xlsm, work)
    plan, _ = read_workbook(work)
    ind = next(i for i in plan.indicators if i.code and isinstance(i.target, float) and i.unit == "N.")
    _edit(work, ind.place("target_mid"), ind.target / 2)  # an intermediate target, set while planning
    assert xlperf("approva", str(work), "--data", "31-01-2025").returncode == 0
    approved = next(i for i in read_workbook(work)[0].indicators if i.place("target") == ind.place("target"))
    assert approved.approved_target_mid == ind.target / 2 and not approved.varied_fields()
    _edit(work, ind.place("target_mid"), ind.target / 3)
    flagged = [ln for ln in xlperf("check", str(work)).stdout.splitlines() if "diverso dal piano approvato" in ln]
    assert len(flagged) == 1 and ind.place("target_mid") in flagged[0] and "target 30/06" in flagged[0]
