"""`new --da` lists what it keeps but may no longer hold (issue 21.8): a dirigente's incarico with a
date («fino al 28-02-2025») and kept texts naming last year (objective names, the «Relazione» sheet),
on the screen and in the review CSV, at the starting file's cells; the generated Istruzioni name the
new year."""

import csv
import re
import shutil
import subprocess
import sys

import openpyxl
import pytest

from xlperf import layout as L
from xlperf.readers.workbook import read_workbook

OLD = re.compile(r"(?<!\d)2025(?!\d)")


def _new(start, out):
    proc = subprocess.run(
        [sys.executable, "-m", "xlperf.cli", "new", "--anno", "2026", "--da", str(start), str(out)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    with open(out.with_name(f"{out.stem} - modifiche dal 2025.csv"), encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    return proc.stdout, rows[1:]


@pytest.fixture(scope="module")
def start(demo_xlsm, tmp_path_factory):
    """The demo with an objective named after its year, as a user may write it."""
    path = tmp_path_factory.mktemp("start") / "PIAO_2025.xlsm"
    shutil.copy(demo_xlsm, path)
    wb = openpyxl.load_workbook(path, keep_vba=True)
    cell = f"{L.albero_col('objective_name')}{L.ALBERO_FIRST_ROW}"
    wb[L.ALBERO][cell] = "Digitalizzazione delle imprese: bandi voucher 2025"
    wb.save(path)
    return path, f"{L.ALBERO}!{cell}"


@pytest.fixture(scope="module")
def rolled(start, tmp_path_factory):
    out = tmp_path_factory.mktemp("new") / "PIAO_2026.xlsm"
    return (*_new(start[0], out), out)


def test_dated_incarichi_are_listed_at_their_cell(start, rolled):
    stdout, rows, _ = rolled
    ws = openpyxl.load_workbook(start[0], keep_vba=True)[L.CONFIG]
    plan, _ = read_workbook(start[0])
    dated = {n: r for n, r in plan.dirigenti.items() if re.search(r"\d{2}-\d{2}-\d{4}", r)}
    assert len(dated) == 3  # the demo's interim «fino al 28-02-2025» and «dal 01-03-2025»
    for name, role in dated.items():
        place = plan.dirigenti_places[name]
        assert ws[place.split("!")[1]].value == role  # the starting file's cell holds that incarico
        line = next(ln for ln in stdout.splitlines() if ln.strip().startswith(f"{place}: incarico di {name}"))
        assert re.search(r"\d{2}-\d{2}-2025", line) and "da verificare" in line
        assert [place, role] in [[r[0], r[2]] for r in rows]


def test_kept_texts_naming_last_year_are_listed(start, rolled):
    stdout, rows, _ = rolled
    plan, _ = read_workbook(start[0])
    expected = {plan.relazione.where(k) for k, t in plan.relazione.texts.items() if OLD.search(t)} | {start[1]}
    assert len(expected) > 3
    listed = {r[0] for r in rows if r[1] == "testo con l'anno 2025"}
    assert listed == expected
    assert f"  {start[1]}: testo con l'anno 2025 «Digitalizzazione delle imprese: bandi voucher 2025»" in stdout
    assert all(r[3] == "(lasciato com'è: da verificare)" for r in rows if r[0] in expected)
    kept = int(stdout.split("Lasciati come sono, da verificare (")[1].split(")")[0])
    assert kept == len(expected) + 3


def test_the_generated_istruzioni_name_the_new_year(rolled):
    *_, out = rolled
    texts = [c.value for row in openpyxl.load_workbook(out)["Istruzioni"].iter_rows() for c in row]
    texts = [t for t in texts if isinstance(t, str)]
    assert not [t for t in texts if OLD.search(t)]
    assert any("31-03-2026" in t for t in texts)


def test_nothing_to_review_prints_no_review_line(demo_xlsm, tmp_path):
    """A plan with no dated incarichi and no texts of its year: only the moves are listed."""
    path = tmp_path / "PIAO_2025.xlsm"
    shutil.copy(demo_xlsm, path)
    wb = openpyxl.load_workbook(path, keep_vba=True)
    plan, _ = read_workbook(demo_xlsm)
    for place in [*plan.dirigenti_places.values(), *plan.relazione.places.values()]:
        sheet, cell = place.split("!")
        wb[sheet][cell] = "testo senza date"
    wb.save(path)
    stdout, rows = _new(path, tmp_path / "PIAO_2026.xlsm")
    assert "Lasciati come sono" not in stdout and "lasciato com'è" not in stdout
    assert not [r for r in rows if r[3] == "(lasciato com'è: da verificare)"]
