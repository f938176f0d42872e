"""Distribute and collect: area files filled separately give the same scores as the master filled
directly; every conflict is reported with both places and nothing is overwritten silently."""

import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from conftest import run_soffice

from xlperf import layout as L
from xlperf.aggregate import score_plan
from xlperf.readers.workbook import read_workbook


def xlperf(*args):
    return subprocess.run([sys.executable, "-m", "xlperf.cli", *args], capture_output=True, text=True)


def input_cells(path):
    wb = openpyxl.load_workbook(path)
    return {
        (ws.title, c.coordinate): c.value
        for ws in wb.worksheets
        if ws.title not in L.OWNED_SHEETS
        for row in ws.iter_rows()
        for c in row
        if c.value is not None
    }


def _at(grid, place):
    from xlperf.readers.grid import cell_value

    return cell_value(grid, place)


def test_area_copy_is_locked_except_consuntivi(distributed):
    _, files, _ = distributed
    area2 = next(f for f in files if "Area 2" in f.name)
    wb = openpyxl.load_workbook(area2, keep_vba=str(area2).endswith(".xlsm"))
    assert wb.sheetnames.count("Area 2") == 1 and "Area 1" not in wb.sheetnames
    ws = wb["Area 2"]
    row = L.ENTRY_FIRST_ROW
    # a copy collects its period (here the master's, 31/12): the Monitoraggio 30/06 is read-only
    for field in ("objective_code", "weight_pct", "operator", "target", "target_mid", "unit", "baseline", "actual_mid"):
        assert ws[f"{L.entry_col(field)}{row}"].protection.locked, field
    for field in ("actual", "note", "cause"):
        assert not ws[f"{L.entry_col(field)}{row}"].protection.locked, field
    assert ws.protection.sheet and wb[L.CONFIG].protection.sheet and wb[L.ALBERO].protection.sheet
    plan, _ = read_workbook(area2)
    assert plan.area_file == "Area 2 Tutela del mercato e legalità" and plan.plan_id
    assert {o.area for o in plan.objectives} == {plan.area_file}


def test_distribute_fill_collect_gives_the_published_scores(distributed, tmp_path):
    master, files, _ = distributed
    work = tmp_path / "PIAO_2025.xlsm"
    shutil.copy(master, work)
    targets_before = {
        k: v for k, v in input_cells(work).items() if k[1][0] in (L.entry_col("target"), L.entry_col("weight_pct"))
    }
    proc = xlperf("raccogli", str(work), *map(str, files))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "97,34 %" in proc.stdout
    plan, _ = read_workbook(work)
    res = score_plan(plan)
    assert f"{res.ente * 100:.2f}" == "97.34" and res.objectives["01_04_OS02"] == pytest.approx(0.7908, abs=5e-5)
    after = input_cells(work)
    assert all(after[k] == v for k, v in targets_before.items())
    assert work.with_name(work.name + ".bak").read_bytes() == master.read_bytes()
    assert round(openpyxl.load_workbook(work)[L.RIEPILOGO]["D4"].value * 100, 2) == 97.34


def _edit(path: Path, sheet: str, cell: str, value) -> None:
    wb = openpyxl.load_workbook(path, keep_vba=str(path).endswith(".xlsm"))
    wb[sheet][cell] = value
    wb.save(path)


@pytest.fixture()
def conflict_case(distributed, tmp_path):
    """Every kind of conflict at once, in copies of the filled area files."""
    master, files, _ = distributed
    work = tmp_path / "PIAO_2025.xlsm"
    shutil.copy(master, work)
    copies = {}
    for f in files:
        copies[f.name.split(" - ")[1].split(" ")[0] + f.name.split(" - ")[1].split(" ")[1]] = shutil.copy(
            f, tmp_path / f.name
        )
    area2, area3, area1, staff, area4 = (
        Path(copies[k]) for k in ("Area2", "Area3", "Area1", "StaffSegretario", "Area4")
    )
    r = L.ENTRY_FIRST_ROW
    _edit(area2, "Area 2", f"{L.entry_col('target')}{r}", 999)  # target changed
    _edit(area2, "Area 2", f"{L.entry_col('weight_pct')}{r + 1}", 50)  # weight changed
    _edit(area2, "Area 2", f"{L.entry_col('operator')}{r + 2}", "<=")  # operator changed
    wb = openpyxl.load_workbook(area3, keep_vba=str(area3).endswith(".xlsm"))  # a row added and one removed
    ws = wb["Area 3"]
    ws.delete_rows(r + 3)
    extra = ws.max_row + 1
    for field, value in {
        "objective_code": "01_01_OS01",
        "indicator_code": "NUOVO_01",
        "indicator_name": "Indicatore aggiunto",
        "weight_pct": 5,
        "operator": ">=",
        "target": 1,
        "actual": 1,
    }.items():
        ws[f"{L.entry_col(field)}{extra}"] = value
    wb.save(area3)
    twin = shutil.copy(area1, tmp_path / "copia di Area 1.xlsx")  # two files for the same area
    _edit(area4, L.CONFIG, "B5", 2024)  # another year
    _edit(staff, L.CONFIG, "B11", "un-altro-piano")  # another master
    m_plan, _ = read_workbook(work)  # master already holds a different value
    first_area1 = next(i for i in m_plan.indicators if i.source.startswith("Area 1!"))
    _edit(work, "Area 1", first_area1.place("actual").split("!")[1], 123456)
    return work, [area2, area3, area1, Path(twin), area4, staff], first_area1


def test_every_conflict_is_reported_with_both_places_and_nothing_is_written(conflict_case):
    work, files, first_area1 = conflict_case
    before = input_cells(work)
    proc = xlperf("raccogli", str(work), *map(str, files))
    assert proc.returncode == 2
    out = proc.stdout
    r = L.ENTRY_FIRST_ROW
    area2 = files[0].name
    expected = [
        f"CONFLITTO Area 2!{L.entry_col('target')}{r}: target modificato nel file dell'area: 4 N. nel principale, 999 "
        "N. nel file "
        f"dell'area (principale Area 2!{L.entry_col('target')}{r}; {area2} Area 2!{L.entry_col('target')}{r})",
        f"CONFLITTO Area 2!{L.entry_col('weight_pct')}{r + 1}: peso modificato",
        f"CONFLITTO Area 2!{L.entry_col('operator')}{r + 2}: operatore modificato",
        "riga aggiunta nel file dell'area (obiettivo 01_01_OS01, «Indicatore aggiunto»)",
        "riga mancante nel file dell'area",
        "secondo file per l'area «Area 1 Risorse e organizzazione»",
        "il file è dell'anno 2024, il principale del 2025 (principale Configurazione!B5;",
        "il file proviene da un altro file principale",
        f"CONFLITTO {first_area1.place('actual')}: valore già presente nel principale (123.456)",
    ]
    for text in expected:
        assert text in out, text
    assert input_cells(work) == before  # nothing written without --applica-solo-senza-conflitti
    controlli = [[c.value for c in row] for row in openpyxl.load_workbook(work)[L.CONTROLLI].iter_rows(min_row=5)]
    assert any(row[1] == f"Area 2!{L.entry_col('target')}{r}" and "target modificato" in row[2] for row in controlli)


def test_apply_clean_only_writes_just_the_clean_updates(conflict_case):
    work, files, first_area1 = conflict_case
    before = input_cells(work)
    proc = xlperf("raccogli", str(work), *map(str, files), "--applica-solo-senza-conflitti")
    assert proc.returncode == 2 and "valori raccolti" in proc.stdout
    after = input_cells(work)
    changed = {k for k in after if after.get(k) != before.get(k)} | {k for k in before if k not in after}
    received = {k for k in changed if k[0] == L.CONFIG}  # Configurazione's «Ultima raccolta» of each area read
    assert received and all(k[1][0] == L.col_letter(len(L.CONFIG_AREAS_HEADERS) - 1) for k in received)
    assert all(" — PIAO_" in str(after[k]) for k in received)
    changed -= received
    assert changed and all(k[0] in ("Area 1", "Area 2", "Area 3") and k[1][0] == L.entry_col("actual") for k in changed)
    sheet, cell = first_area1.place("actual").split("!")
    assert after[(sheet, cell)] == 123456  # the conflicting master value is kept
    r = L.ENTRY_FIRST_ROW
    assert ("Area 2", f"{L.entry_col('actual')}{r}") not in changed  # row with a changed target: not merged
    assert not any(k[0] in ("Area 4", "Staff") for k in changed)  # other year / other master: ignored


def test_area_file_saved_by_libreoffice_is_still_collected(distributed, soffice, tmp_path):
    master, files, _ = distributed
    area2 = next(f for f in files if "Area 2" in f.name)
    src = tmp_path / "lo" / area2.name
    src.parent.mkdir()
    shutil.copy(area2, src)
    outdir = tmp_path / "salvato"
    proc = run_soffice(
        soffice, ["--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(outdir), str(src)], tmp_path
    )
    saved = outdir / area2.name
    assert proc.returncode == 0 and saved.exists(), proc.stderr
    work = tmp_path / "PIAO_2025.xlsm"
    shutil.copy(master, work)
    proc = xlperf("raccogli", str(work), str(saved))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    plan, _ = read_workbook(work)
    direct = tmp_path / "diretto.xlsm"
    shutil.copy(master, direct)
    assert xlperf("raccogli", str(direct), str(area2)).returncode == 0
    res, res_direct = score_plan(plan), score_plan(read_workbook(direct)[0])
    area2_objectives = [o.code for o in plan.objectives if o.area.startswith("Area 2")]
    assert all(
        res.objectives[c] == pytest.approx(res_direct.objectives[c]) and res.objectives[c] is not None
        for c in area2_objectives
    )


def test_collect_button_on_the_remote_engine(distributed):
    """The «Raccogli file aree» button's Python side, on xlwings' remote engine: values land in the
    master's consuntivo cells, the summary is rebuilt, nothing else is written."""
    import datetime as dt

    from conftest import remote_book

    from xlperf.excel import collect

    master, files, _ = distributed
    area2 = next(f for f in files if "Area 2" in f.name)
    book, names = remote_book(master)
    merge, applied = collect(book, [str(area2)])
    assert applied and not merge.conflicts and len(merge.updates) > 50
    actions = book.json()["actions"]
    written = {
        (names[a["sheet_position"]], a["start_row"], a["start_column"]): a["values"]
        for a in actions
        if a["func"] == "setValues"
    }
    col = L.ENTRY_FIELDS.index("actual")
    for u in merge.updates:
        sheet, cell = u.place.split("!")
        assert sheet == "Area 2" and cell.startswith(L.entry_col("actual"))
        got = written[(sheet, int(cell[len(L.entry_col("actual")) :]) - 1, col)][0][0]
        assert got == u.value or (isinstance(u.value, dt.date) and str(u.value) in str(got))
    assert {names[a["sheet_position"]] for a in actions} == {"Area 2", *L.OWNED_SHEETS}
