"""One reading of every value, proved in LibreOffice with Italian locale (issue 21.1): values an area
types in its copy (a date-time in an Entro row, SI/NO and N/D spellings, numbers and dates stored
as text) are recalculated by LibreOffice (it-IT, recalculation on load), saved, and `raccogli`
either collects each with the % LibreOffice showed, or refuses it at the area file's cell."""

import datetime as dt
import shutil
import subprocess
import sys

import openpyxl
import pytest
from conftest import RECALC_ALWAYS, run_soffice
from test_copy_reading import core_pct

from xlperf import layout as L
from xlperf.aggregate import score_plan
from xlperf.literals import Operator
from xlperf.readers.workbook import read_workbook

pytestmark = [pytest.mark.slow, pytest.mark.libreoffice]

ITALIAN = RECALC_ALWAYS.replace(
    "</oor:items>",
    '<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse">'
    '<value>it-IT</value></prop></item><item oor:path="/org.openoffice.Setup/L10N">'
    '<prop oor:name="ooLocale" oor:op="fuse"><value>it</value></prop></item></oor:items>',
)


def test_values_typed_in_an_italian_libreoffice_are_read_alike_or_refused(distributed, soffice, tmp_path):
    master, files, _ = distributed
    staff = next(f for f in files if "Staff" in f.name)
    src = tmp_path / "lo" / staff.name
    src.parent.mkdir()
    shutil.copy(staff, src)
    plan, _ = read_workbook(src)
    rows = {op: [i for i in plan.indicators if i.operator is op] for op in Operator}
    pct_rows = [i for i in rows[Operator.GE] if i.unit == "%"]
    number_rows = [i for i in rows[Operator.GE] if i.unit == "N."]
    deadline = rows[Operator.DEADLINE]
    typed = [  # (indicator, value, collected (True) or refused (False))
        (deadline[0], dt.datetime.combine(deadline[0].target, dt.time(14, 30)), True),
        (deadline[1], deadline[1].target.strftime("%d-%m-%Y"), False),
        (rows[Operator.BOOL][0], "Sì", True),
        (rows[Operator.BOOL][1], True, True),
        (rows[Operator.BOOL][2], " x ", True),
        (number_rows[0], "ND", True),
        (number_rows[1], "n.d.", True),
        (number_rows[2], " N/D ", True),
        (number_rows[3], "-", True),
        (number_rows[4], "350", False),
        (pct_rows[0], "96 %", False),
        (pct_rows[1], 96, True),
    ]
    wb = openpyxl.load_workbook(src)
    for ind, value, _ in typed:
        sheet, cell = ind.place("actual").split("!")
        wb[sheet][cell].value = value
        if isinstance(value, str):
            wb[sheet][cell].data_type = "s"
        if isinstance(value, dt.datetime):
            wb[sheet][cell].number_format = "DD/MM/YYYY HH:MM"
    wb.save(src)
    xcu = tmp_path / "lo-profile" / "user" / "registrymodifications.xcu"
    xcu.parent.mkdir(parents=True)
    xcu.write_text(ITALIAN, encoding="utf-8")
    out = tmp_path / "salvato"
    proc = run_soffice(
        soffice, ["--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(src)], tmp_path
    )
    saved = out / staff.name
    assert proc.returncode == 0 and saved.exists(), proc.stderr
    shown = openpyxl.load_workbook(saved, data_only=True)
    lo_pct = {}
    for ind, value, collected in typed:
        sheet, cell = ind.place("pct").split("!")
        lo_pct[ind.source] = shown[sheet][cell].value
        core = core_pct(
            ind.target if not isinstance(ind.target, bool) else ("SI" if ind.target else "NO"),
            ind.operator.value,
            ind.unit,
            value,
        )
        if collected:  # LibreOffice computes what the core computes
            expected = "N/D" if core is None else pytest.approx(core, abs=1e-9)
            assert lo_pct[ind.source] == expected, (ind.source, value, lo_pct[ind.source], core)
    assert lo_pct[deadline[0].source] == 1  # 14:30 on the deadline day is on time (it read 0 % before)

    work = tmp_path / master.name
    shutil.copy(master, work)
    cmd = [sys.executable, "-m", "xlperf.cli", "raccogli", str(work), str(saved)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    for ind, value, collected in typed:
        at = f"{saved.name} › {ind.place('actual')}"
        lines = [ln for ln in proc.stdout.splitlines() if at in ln]
        assert bool(lines) is not collected, (ind.source, value, lines)
        if lines:
            assert "è scritto come testo" in lines[0] and ("gg/mm/aaaa" in lines[0] or "come numero" in lines[0])
    proc = subprocess.run([*cmd, "--applica-solo-senza-conflitti"], capture_output=True, text=True)
    after, _ = read_workbook(work)
    res = score_plan(after)
    pct_of = {i.source: p for i, p in zip(after.indicators, res.indicators, strict=True)}
    for ind, _value, collected in typed:
        if collected:  # the master computes what LibreOffice showed in the area's copy
            want = lo_pct[ind.source]
            assert (pct_of[ind.source] is None) if want == "N/D" else pct_of[ind.source] == pytest.approx(want)
    controlli = openpyxl.load_workbook(work)[L.CONTROLLI]
    assert any("è scritto come testo" in str(c.value) for row in controlli.iter_rows() for c in row)
