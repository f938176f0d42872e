"""`valida` does not hold the master while it lays the documents out (issue 23.1): another xlperf
can take the workbook meanwhile; a master changed meanwhile is refused, nothing recorded, no pack.
And an area report shows its own indicators' scores (they were paired with the whole plan's)."""

import os
import shutil
import subprocess
import sys
import time

import openpyxl
import pytest

from xlperf import layout as L
from xlperf.aggregate import score_plan
from xlperf.area_identity import area_plan
from xlperf.files import workbook_lock
from xlperf.literals import format_percent
from xlperf.readers.workbook import read_workbook
from xlperf.relazione.area import area_view
from xlperf.relazione.build import build_document
from xlperf.relazione.doc import Table


def lock_of(path):
    return openpyxl.load_workbook(path)[L.CONFIG][L.config_cell("XP_Validato").split("!")[1]].value


def test_an_area_report_shows_the_scores_of_its_own_indicators(demo_xlsm):
    plan, _ = read_workbook(demo_xlsm)
    res = score_plan(plan)
    for area in {o.area for o in plan.objectives}:
        own = area_plan(plan, area)  # the area copy's model, scored on its own: each indicator's %
        expected = [format_percent(p) for p in score_plan(own).indicators]
        part, part_res = area_view(plan, res, area)
        doc = build_document(part, part_res, area)
        shown = [
            row[5].text
            for b in doc.blocks
            if isinstance(b, Table) and b.caption.startswith("Indicatori dell'obiettivo")
            for row in b.rows
        ]
        assert shown == expected, area
        assert [i.code for i in part.indicators] == [i.code for i in own.indicators]


def start_paused(master, out, flag):
    env = {**os.environ, "XLPERF_PAUSE_AT": "impaginazione", "XLPERF_PAUSE_FILE": str(flag)}
    cmd = [sys.executable, "-m", "xlperf.cli", "valida", str(master), "--out", str(out), "--silenzioso"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    while not flag.exists():  # valida is between the Relazione and the area reports
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.1)
    return proc


@pytest.mark.slow
def test_the_master_is_free_while_the_pack_is_laid_out(demo_xlsm, tmp_path):
    master = tmp_path / "PIAO_2025.xlsm"
    shutil.copy(demo_xlsm, master)
    flag = tmp_path / "pausa"
    proc = start_paused(master, tmp_path / "pacchetto", flag)
    with workbook_lock(master, wait=0):  # taken at once: valida does not hold it now
        assert not lock_of(master)  # and nothing recorded yet
    flag.unlink()
    stdout, stderr = proc.communicate(timeout=600)
    assert proc.returncode == 0, stderr
    assert lock_of(master).startswith("31/12|")
    assert (tmp_path / "pacchetto" / master.name).read_bytes() == master.read_bytes()


@pytest.mark.slow
def test_a_master_changed_while_the_pack_is_laid_out_is_refused(demo_xlsm, tmp_path):
    master = tmp_path / "PIAO_2025.xlsm"
    shutil.copy(demo_xlsm, master)
    flag = tmp_path / "pausa"
    proc = start_paused(master, tmp_path / "pacchetto", flag)
    with workbook_lock(master, wait=0):  # someone collects a value meanwhile
        wb = openpyxl.load_workbook(master, keep_vba=True)
        wb[L.CONFIG]["A1"].value = f"{wb[L.CONFIG]['A1'].value} "
        wb.save(master)
    changed = master.read_bytes()
    flag.unlink()
    stdout, stderr = proc.communicate(timeout=600)
    assert proc.returncode == 2, stdout + stderr
    assert "è stato modificato mentre si preparava il pacchetto" in stderr and "Traceback" not in stderr
    assert master.read_bytes() == changed and not lock_of(master)  # nothing recorded
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(("pacchetto", ".~xlperf-pacchetto"))]


def test_the_worker_process_gives_the_same_bytes_as_this_process(demo_xlsm):
    """The OIV pack's PDFs (compiled in the recycled worker) are the report's PDFs, byte for byte."""
    from xlperf.relazione import pdf_writer, typst_worker

    plan, _ = read_workbook(demo_xlsm)
    res = score_plan(plan)
    area = plan.objectives[0].area
    doc = build_document(*area_view(plan, res, area), area)
    here = pdf_writer.to_pdf_bytes(doc)
    apart = pdf_writer.to_pdf_bytes(doc, apart=True)
    assert apart[:5] == b"%PDF-" and apart == here
    again = typst_worker.compile_apart(pdf_writer.to_typst(doc).encode("utf-8"), typst_worker.RECYCLE_ROWS + 1)
    assert again == here  # a fresh worker (the previous one recycled) gives the same bytes
