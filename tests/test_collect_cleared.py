"""A value an area empties is a change: `raccogli` reports it (both places, the master's value),
it never answers «Nessun valore nuovo» while the master keeps the old value silently (issue 21.2)."""

import shutil
import subprocess
import sys

import openpyxl

from xlperf.readers.workbook import read_workbook


def xlperf(*args):
    return subprocess.run([sys.executable, "-m", "xlperf.cli", *args], capture_output=True, text=True)


def test_a_cleared_consuntivo_and_note_are_reported_not_dropped(distributed, tmp_path):
    master, files, _ = distributed
    work = tmp_path / "PIAO_2025.xlsm"
    shutil.copy(master, work)
    area2 = next(f for f in files if "Area 2" in f.name)
    first = shutil.copy(area2, tmp_path / area2.name)
    wb = openpyxl.load_workbook(first)
    plan, _ = read_workbook(first)
    ind = plan.indicators[0]
    wb[ind.place("note").split("!")[0]][ind.place("note").split("!")[1]] = "nota dell'area"
    wb.save(first)
    assert xlperf("raccogli", str(work), str(first)).returncode == 0
    m_plan, _ = read_workbook(work)
    held = next(i for i in m_plan.indicators if i.source == ind.source)
    assert held.actual is not None and held.note == "nota dell'area"

    wb = openpyxl.load_workbook(first)  # the area empties the consuntivo and the note it had sent
    for f in ("actual", "note"):
        sheet, cell = ind.place(f).split("!")
        wb[sheet][cell] = None
    wb.save(first)
    proc = xlperf("raccogli", str(work), str(first))
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Nessun valore nuovo" not in proc.stdout
    for f in ("actual", "note"):
        line = next(x for x in proc.stdout.splitlines() if x.startswith(f"CONFLITTO {held.place(f)}:"))
        assert "valore cancellato nel file dell'area" in line and f"{first.name} {ind.place(f)}" in line
    assert "il principale ha nota dell'area" in proc.stdout
    m_after, _ = read_workbook(work)
    again = next(i for i in m_after.indicators if i.source == ind.source)
    assert again.actual == held.actual and again.note == "nota dell'area"  # nothing overwritten silently
    controlli = [[c.value for c in r] for r in openpyxl.load_workbook(work)["Controlli"].iter_rows(min_row=5)]
    assert any(r[1] == held.place("actual") and "cancellato" in str(r[2]) for r in controlli)
