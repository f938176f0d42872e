"""An area copy looks like what it is (issue 21.8): the approval date shown, no «celle gialle» hint
where nothing yellow can be typed, xlperf's technical cells hidden, the cells the area writes
(consuntivo, note, cause, action, evidence) yellow and unlocked. The rendered pages were looked at
(LibreOffice → PDF → PNG) when this was written."""

import shutil
import subprocess
import sys

import openpyxl
import pytest

from xlperf import layout as L
from xlperf.readers.workbook import read_workbook

ACT = "deliberazione della Giunta n. 04/25 del 30 gennaio 2025"


def xlperf(*args):
    return subprocess.run([sys.executable, "-m", "xlperf.cli", *args], capture_output=True, text=True)


def _yellow(cell) -> bool:
    return (cell.fill.fgColor.rgb or "").upper().endswith(L.INPUT_FILL.lstrip("#").upper())


@pytest.fixture(scope="module")
def copy(demo_xlsm, tmp_path_factory):
    d = tmp_path_factory.mktemp("looks")
    master = d / "PIAO_2025.xlsm"
    shutil.copy(demo_xlsm, master)
    assert xlperf("approva", str(master), "--data", "30-01-2025", "--atto", ACT).returncode == 0
    assert xlperf("distribuisci", str(master), "--out", str(d / "aree")).returncode == 0
    return next((d / "aree").glob("*Area 2*"))


def test_the_approval_date_is_shown_and_the_copy_checks_clean(copy):
    ws = openpyxl.load_workbook(copy)[L.CONFIG]
    cell = ws[L.config_cell("XP_Approvato").split("!")[1]]
    assert cell.value == f"30-01-2025 ({ACT})" and not ws.row_dimensions[cell.row].hidden
    plan, problems = read_workbook(copy)
    assert plan.approved.startswith("30-01-2025") and not problems  # variations are the master's business
    proc = xlperf("check", str(copy))
    assert proc.returncode == 0 and "Nessun problema" in proc.stdout, proc.stdout


def test_technical_cells_are_hidden_the_settings_are_not(copy):
    ws = openpyxl.load_workbook(copy)[L.CONFIG]
    for _label, name, ref in L.CONFIG_CELLS:
        row = int(ref[1:])
        assert ws.row_dimensions[row].hidden == (name in L.CONFIG_TECHNICAL), name
    assert {"XP_IdPiano", "XP_Firma", "XP_Validato"} == set(L.CONFIG_TECHNICAL)
    # the copy states the cause threshold in force (blank in the master: the «raggiunto» one)
    assert ws[L.config_cell("XP_SogliaCausa").split("!")[1]].value == pytest.approx(0.8)


def test_no_yellow_hint_where_nothing_yellow_can_be_typed(copy):
    wb = openpyxl.load_workbook(copy)
    for ws in wb.worksheets:
        cells = [c for row in ws.iter_rows() for c in row]
        editable_yellow = [c for c in cells if _yellow(c) and not c.protection.locked]
        locked_yellow = [c.coordinate for c in cells if _yellow(c) and c.protection.locked]
        assert not locked_yellow, f"{ws.title}: yellow cells that cannot be typed in: {locked_yellow[:5]}"
        if ws.title == "Istruzioni":  # it describes the other sheets
            continue
        hints = [c for c in cells if isinstance(c.value, str) and "gialle" in c.value.lower()]
        if not editable_yellow:
            assert not hints, f"{ws.title}!{hints[0].coordinate}: «{hints[0].value}»"
    assert "non si modificano" in wb[L.CONFIG]["A2"].value


def test_what_the_area_writes_is_yellow_and_unlocked(copy):
    plan, _ = read_workbook(copy)
    ws = openpyxl.load_workbook(copy)[plan.indicators[0].place("actual").split("!")[0]]
    for ind in plan.indicators:
        for field in ("actual", "note", "cause", "action", "evidence"):
            cell = ws[ind.place(field).split("!")[1]]
            assert _yellow(cell) and not cell.protection.locked, (field, cell.coordinate)
        for field in ("target", "weight_pct", "operator"):  # the plan: locked, not yellow
            cell = ws[ind.place(field).split("!")[1]]
            assert not _yellow(cell) and cell.protection.locked, (field, cell.coordinate)
