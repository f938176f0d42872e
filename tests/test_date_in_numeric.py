"""A date typed into a numeric consuntivo (issue 21.8) is never scored as its serial number
(31/12/2025 = 46 022): the master refuses it at its cell, and `raccogli` refuses it from an area
copy naming the area file's sheet and cell and what to write (the copy's native formula cannot tell
a date from a number, so the master side refuses: copy_reading.py), nothing collected."""

import datetime as dt
import shutil
import subprocess
import sys

import openpyxl
import pytest

from xlperf.literals import Operator
from xlperf.model import Level
from xlperf.readers.workbook import read_workbook

DAY = dt.datetime(2025, 12, 31)


def xlperf(*args):
    return subprocess.run([sys.executable, "-m", "xlperf.cli", *args], capture_output=True, text=True)


def _type_date(path, place: str) -> None:
    """As Excel and LibreOffice store a date typed into a number cell: the date, formatted as one."""
    wb = openpyxl.load_workbook(path, keep_vba=str(path).endswith(".xlsm"))
    sheet, cell = place.split("!")
    wb[sheet][cell] = DAY
    wb[sheet][cell].number_format = "DD/MM/YYYY"
    wb.save(path)


def _numeric(plan, kind: str):
    if kind == "%":
        return next(i for i in plan.indicators if i.unit == "%" and i.operator is not Operator.DEADLINE)
    op = Operator.GE if kind == ">=" else Operator.LE
    return next(i for i in plan.indicators if i.operator is op and i.unit not in ("%", ""))


@pytest.mark.parametrize("kind", [">=", "<=", "%"])
def test_the_master_refuses_a_date_in_a_numeric_row_at_its_cell(demo_xlsm, tmp_path, kind):
    plan, _ = read_workbook(demo_xlsm)
    ind = _numeric(plan, kind)
    work = tmp_path / "PIAO_2025.xlsm"
    shutil.copy(demo_xlsm, work)
    _type_date(work, ind.place("actual"))
    _, problems = read_workbook(work)
    errors = [p for p in problems if p.level is Level.ERROR]
    assert [p.place for p in errors] == [ind.place("actual")]
    assert "«31-12-2025» è una data ma il target è numerico" in errors[0].message
    assert "numero" in errors[0].fix and "data" not in errors[0].fix and "46022" not in errors[0].message
    proc = xlperf("check", str(work))
    assert proc.returncode == 2 and ind.place("actual") in proc.stdout


@pytest.fixture(scope="module")
def copies(demo_xlsm, tmp_path_factory):
    d = tmp_path_factory.mktemp("copies")
    assert xlperf("distribuisci", str(demo_xlsm), "--out", str(d)).returncode == 0
    return d


@pytest.mark.parametrize("kind", [">=", "%"])
def test_raccogli_refuses_it_from_an_area_copy_naming_the_file_sheet_and_cell(demo_xlsm, copies, tmp_path, kind):
    source = next(copies.glob("*Area 2*"))
    area = tmp_path / source.name
    shutil.copy(source, area)
    plan, _ = read_workbook(area)
    ind = _numeric(plan, kind)
    _type_date(area, ind.place("actual"))
    master = tmp_path / "PIAO_2025.xlsm"
    shutil.copy(demo_xlsm, master)
    before = next(i for i in read_workbook(master)[0].indicators if i.place("actual") == ind.place("actual"))
    proc = xlperf("raccogli", str(master), str(area))
    out = proc.stdout + proc.stderr
    assert proc.returncode == 2, out
    lines = [ln for ln in out.splitlines() if ln.startswith("CONFLITTO")]
    assert len(lines) == 1, lines  # the value, not also a «riga mancante» for its row
    assert f"{area.name} › {ind.place('actual')}" in lines[0] and "«31-12-2025» è una data" in lines[0]
    assert "scrivere il consuntivo come numero" in lines[0] and "riga mancante" not in out
    after = next(i for i in read_workbook(master)[0].indicators if i.place("actual") == ind.place("actual"))
    assert after.actual == before.actual  # nothing collected (the Controlli sheet lists the conflict)
