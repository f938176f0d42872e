"""Scostamenti: below 100 % an indicator asks for its cause (and optionally the corrective action and
the evidence); `check` and Controlli list the missing ones, the Relazione prints them next to the
objective, the area files carry the columns and raccogli brings them back."""

import shutil
import subprocess
import sys

import openpyxl
import pytest

from xlperf import layout as L
from xlperf.aggregate import score_plan
from xlperf.literals import format_percent
from xlperf.readers.workbook import read_workbook


def xlperf(*args):
    return subprocess.run([sys.executable, "-m", "xlperf.cli", *args], capture_output=True, text=True)


def _set(path, place: str, value) -> None:
    wb = openpyxl.load_workbook(path, keep_vba=str(path).endswith(".xlsm"))
    sheet, cell = place.split("!")
    wb[sheet][cell] = value
    wb.save(path)


def test_every_indicator_below_the_cause_threshold_without_a_cause_is_listed_at_its_cell(demo_xlsm, tmp_path):
    plan, _ = read_workbook(demo_xlsm)
    res = score_plan(plan)
    assert plan.thresholds.causa is None and plan.thresholds.cause_below == 0.8  # the default: «raggiunto»
    short = [(i, p) for i, p in zip(plan.indicators, res.indicators, strict=True) if p is not None and p < 0.8]
    assert len(short) > 10
    proc = xlperf("check", str(demo_xlsm), "--tutti")  # one line per cell
    assert proc.returncode == 0, proc.stderr
    lines = [ln for ln in proc.stdout.splitlines() if "manca la causa dello scostamento" in ln]
    assert len(lines) == len(short)
    for ind, pct in short:
        place = ind.place("cause")
        assert place.split("!")[1].startswith(L.entry_col("cause"))
        assert any(place in ln and format_percent(pct) in ln for ln in lines), place
    # the objective under the threshold is named as well, until one of its indicators gives a cause
    assert "obiettivo 01_04_OS02 al 79,08 %" in proc.stdout
    work = tmp_path / "PIAO_2025.xlsm"
    shutil.copy(demo_xlsm, work)
    first = next(i for i, _ in short if i.objective == "01_04_OS02")
    _set(work, first.place("cause"), "ritardo nell'avvio del bando regionale")
    after = xlperf("check", str(work), "--tutti").stdout
    assert first.place("cause") not in after and "obiettivo 01_04_OS02" not in after
    assert after.count("manca la causa dello scostamento") == len(short) - 1


def test_the_relazione_prints_the_causes_next_to_the_objective(demo_xlsm, tmp_path):
    plan, _ = read_workbook(demo_xlsm)
    ind = next(i for i in plan.indicators if i.objective == "01_04_OS02")
    work = tmp_path / "PIAO_2025.xlsm"
    shutil.copy(demo_xlsm, work)
    _set(work, ind.place("cause"), "bando regionale avviato a ottobre")
    _set(work, ind.place("action"), "anticipare la pubblicazione al primo trimestre")
    out = tmp_path / "r.html"
    proc = xlperf("report", str(work), "--html", str(out))
    assert proc.returncode == 0, proc.stderr
    html = out.read_text(encoding="utf-8")
    objective = html.index("<h5>01_04_OS02 - ")
    cause = html.index("bando regionale avviato a ottobre")
    assert objective < cause < html.index("<table>", objective)  # before its indicator table
    assert f"Azione correttiva ({ind.code})</b>: anticipare la pubblicazione al primo trimestre" in html


@pytest.fixture()
def area2(demo_xlsm, tmp_path):
    assert xlperf("distribuisci", str(demo_xlsm), "--out", str(tmp_path / "aree")).returncode == 0
    return next((tmp_path / "aree").glob("*Area 2*"))


def test_area_files_carry_the_columns_and_raccogli_brings_them_back(demo_xlsm, area2, tmp_path):
    plan, _ = read_workbook(area2)
    ind = plan.indicators[0]
    ws = openpyxl.load_workbook(area2)[ind.place("actual").split("!")[0]]
    for field in ("cause", "action", "evidence"):
        assert not ws[ind.place(field).split("!")[1]].protection.locked, field  # the area writes them
    for field, text in (("cause", "personale ridotto"), ("action", "nuovo bando"), ("evidence", "prot. 123/2025")):
        _set(area2, ind.place(field), text)
    master = tmp_path / "PIAO_2025.xlsm"
    shutil.copy(demo_xlsm, master)
    proc = xlperf("raccogli", str(master), str(area2))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    collected = next(i for i in read_workbook(master)[0].indicators if i.place("actual") == ind.place("actual"))
    assert (collected.cause, collected.action, collected.evidence) == (
        "personale ridotto",
        "nuovo bando",
        "prot. 123/2025",
    )


def test_an_area_file_without_the_columns_is_collected_without_inventing_causes(demo_xlsm, area2, tmp_path):
    """A copy made before the columns existed: its cells there are something else, never a cause."""
    plan, _ = read_workbook(area2)
    sheet = plan.indicators[0].place("actual").split("!")[0]
    wb = openpyxl.load_workbook(area2)
    first = L.ENTRY_FIELDS.index("cause") + 1
    wb[sheet].delete_cols(first, 3)  # Causa, Azione, Evidenza gone: the hidden helpers move left
    wb.save(area2)
    master = tmp_path / "PIAO_2025.xlsm"
    shutil.copy(demo_xlsm, master)
    proc = xlperf("raccogli", str(master), str(area2))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert not [i for i in read_workbook(master)[0].indicators if i.cause or i.action or i.evidence]
