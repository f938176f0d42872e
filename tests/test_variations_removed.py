"""Removed indicators after approval (issue 21.4): the approval records which indicators existed,
so one deleted later without a Variazione is flagged; indicators without a code are known by name."""

import shutil
import subprocess
import sys

import openpyxl

from xlperf import layout as L
from xlperf.readers.workbook import read_workbook


def xlperf(*args):
    return subprocess.run([sys.executable, "-m", "xlperf.cli", *args], capture_output=True, text=True)


def _edit(path, edits: dict) -> None:
    wb = openpyxl.load_workbook(path, keep_vba=True)
    for place, value in edits.items():
        sheet, cell = place.split("!")
        wb[sheet][cell] = value
    wb.save(path)


def _variation(path, indicator: str, field: str) -> None:
    row = L.VARIATION_HEADER_ROW + 1
    values = (indicator, field, "", "", "22-06-2025", "delibera di Giunta n. 46 del 22/06/2025", "riorganizzazione")
    _edit(path, {f"{L.VARIAZIONI}!{L.col_letter(i)}{row}": v or None for i, v in enumerate(values)})


def test_a_removed_and_a_codeless_indicator_are_flagged_until_recorded(demo_xlsm, tmp_path):
    work = tmp_path / "PIAO_2025.xlsm"
    shutil.copy(demo_xlsm, work)
    plan, _ = read_workbook(work)
    codeless = next(i for i in plan.indicators if i.code and isinstance(i.target, float) and i.unit != "%")
    _edit(work, {codeless.place("indicator_code"): None})  # an indicator without a code
    assert xlperf("approva", str(work), "--data", "31-01-2025").returncode == 0
    approved, _ = read_workbook(work)
    assert approved.approved == "31-01-2025" and len(approved.approved_indicators) == len(plan.indicators)

    gone = next(i for i in approved.indicators if i.code and i.objective != codeless.objective)
    removed = tmp_path / "rimosso.xlsm"
    shutil.copy(work, removed)
    row = "".join(ch for ch in gone.source.split("!")[1] if ch.isdigit())
    sheet = gone.source.split("!")[0]
    _edit(removed, {f"{sheet}!{L.col_letter(c)}{row}": None for c in range(len(L.ENTRY_COLUMNS))})
    out = xlperf("check", str(removed)).stdout
    flagged = [ln for ln in out.splitlines() if "tolto dal piano senza una variazione" in ln]
    assert len(flagged) == 1 and gone.code in flagged[0] and gone.objective in flagged[0], out
    assert L.config_cell("XP_Approvato") in flagged[0] and "approvato il 31-01-2025" in flagged[0]
    _variation(removed, gone.code, "Indicatore")
    assert "tolto dal piano" not in xlperf("check", str(removed)).stdout

    changed = tmp_path / "senza_codice.xlsm"
    shutil.copy(work, changed)
    target = next(i for i in approved.indicators if i.source == codeless.source)
    assert not target.code
    _edit(changed, {target.place("target"): target.target * 2})
    flagged = [ln for ln in xlperf("check", str(changed)).stdout.splitlines() if "diverso dal piano approvato" in ln]
    assert len(flagged) == 1 and target.place("target") in flagged[0] and target.name in flagged[0]
    _variation(changed, target.name, "Target")  # recorded by the indicator's name
    assert "diverso dal piano approvato" not in xlperf("check", str(changed)).stdout


def test_approva_records_the_act(demo_xlsm, tmp_path):
    work = tmp_path / "PIAO_2025.xlsm"
    shutil.copy(demo_xlsm, work)
    act = "deliberazione della Giunta n. 04/25 del 30 gennaio 2025"
    proc = xlperf("approva", str(work), "--data", "31-01-2025", "--atto", act)
    assert proc.returncode == 0, proc.stderr
    assert f"approvato il 31-01-2025 ({act})" in proc.stdout
    plan, _ = read_workbook(work)
    assert plan.approved == f"31-01-2025 ({act})" and plan.approved_indicators
