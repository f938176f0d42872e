"""`raccogli` writes only the cells it collects: everything else of the master stays byte for byte
(text boxes, cached results, permissions), N/D is a value, floats compare as numbers, and the
message says which side changed a target."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from excel_saved import FIBONACCI, excel_saved

from xlperf import layout as L
from xlperf.package import sheet_parts
from xlperf.readers.workbook import read_workbook

ACTUAL = L.ENTRY_FIELDS.index("actual") + 1


def xlperf(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "xlperf.cli", *args], capture_output=True, text=True)


def cells(xml: str) -> dict[str, str]:
    return {m.group(1): m.group(0) for m in re.finditer(r'<c r="([A-Z]+\d+)"[^>]*?(?:/>|>.*?</c>)', xml, re.S)}


def blank_cells(src: Path, dst: Path, places: list[tuple[str, str]]) -> None:
    """``src`` with some cells emptied at package level (the rest byte for byte, as a user's file)."""
    with zipfile.ZipFile(src) as zin:
        files = {i.filename: zin.read(i) for i in zin.infolist()}
        parts = sheet_parts(zin)
    for sheet, ref in places:
        xml = files[parts[sheet]].decode()
        element = cells(xml)[ref]
        style = re.search(r'\ss="\d+"', element).group(0)
        files[parts[sheet]] = xml.replace(element, f'<c r="{ref}"{style}/>').encode()
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in files.items():
            zout.writestr(name, data)


@pytest.fixture(scope="module")
def areas(demo_xlsm, tmp_path_factory):
    folder = tmp_path_factory.mktemp("aree")
    assert xlperf("distribuisci", str(demo_xlsm), "--out", str(folder)).returncode == 0
    return {
        f.name.split(" - ")[1].split(" ")[0] + " " + f.name.split(" - ")[1].split(" ")[1]: f
        for f in folder.glob("*.xlsx")
    }


@pytest.mark.skipif(not FIBONACCI.exists(), reason="fixture shared/fixtures/excel-saved assente")
def test_collect_changes_only_the_collected_cells(demo_xlsm, areas, tmp_path):
    """An Excel-saved master (form controls, printer settings, a text box on Area 1) with two
    consuntivi missing: after raccogli only those cells and the results that depend on them differ."""
    saved = excel_saved(demo_xlsm, tmp_path / "salvato.xlsm")
    master = tmp_path / "PIAO_2025.xlsm"
    ref = f"{L.col_letter(ACTUAL - 1)}{L.ENTRY_FIRST_ROW}"
    blank_cells(saved, master, [("Area 1", ref), ("Area 2", ref)])
    os.chmod(master, 0o640)
    before = master.read_bytes()
    proc = xlperf("raccogli", str(master), str(areas["Area 1"]), str(areas["Area 2"]))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "2 valori raccolti" in proc.stdout and "Controlli" not in proc.stdout  # nothing to see there
    assert oct(master.stat().st_mode & 0o777) == "0o640"
    original = zipfile.ZipFile(saved)
    with zipfile.ZipFile(tmp_path / "PIAO_2025.xlsm.bak") as bak:
        assert {n: bak.read(n) for n in bak.namelist()} == {
            n: zipfile.ZipFile(master.with_suffix(".xlsm.bak")).read(n) for n in bak.namelist()
        }
    assert (tmp_path / "PIAO_2025.xlsm.bak").read_bytes() == before
    with zipfile.ZipFile(master) as after, zipfile.ZipFile(tmp_path / "PIAO_2025.xlsm.bak") as old:
        parts = sheet_parts(after)
        owned = {parts[s] for s in L.OWNED_SHEETS}
        touched = {parts["Area 1"], parts["Area 2"], parts[L.ALBERO], "xl/styles.xml", "[Content_Types].xml"}
        touched.add(parts[L.CONFIG])  # «Ultima raccolta» of the two areas (read back below)
        for name in old.namelist():
            if (
                name in owned
                or name in touched
                or name.startswith(("xl/worksheets/_rels/", "xl/charts/", "xl/drawings/_rels/"))
            ):
                continue
            assert after.read(name) == old.read(name), name  # text box, VBA, printer settings, controls…
        assert after.read("xl/drawings/drawing91.xml") == original.read("xl/drawings/drawing91.xml")
        pct, status = L.entry_col("pct"), L.entry_col("status")
        for sheet in ("Area 1", "Area 2"):
            a, b = cells(old.read(parts[sheet]).decode()), cells(after.read(parts[sheet]).decode())
            changed = {r for r in a if a[r] != b.get(r)}
            assert ref in changed
            assert changed <= {ref} | {r for r in a if r.startswith((pct, status)) and r[len(pct) :].isdigit()}, changed
    wb = openpyxl.load_workbook(master, data_only=True)
    demo = openpyxl.load_workbook(demo_xlsm, data_only=True)
    received = read_workbook(master)[0].collected
    assert sorted(received) == sorted(a for a in read_workbook(master)[0].areas if a.startswith(("Area 1", "Area 2")))
    for sheet in ("Area 1", "Area 2"):
        assert wb[sheet][ref].value == demo[sheet][ref].value
        row = L.ENTRY_FIRST_ROW  # the cached % is the new one, before any application recalculates
        assert wb[sheet][f"{L.entry_col('pct')}{row}"].value == pytest.approx(
            demo[sheet][f"{L.entry_col('pct')}{row}"].value
        )


def test_nd_typed_in_an_area_file_is_collected(demo_xlsm, areas, tmp_path):
    ref = f"{L.col_letter(ACTUAL - 1)}{L.ENTRY_FIRST_ROW}"
    area = tmp_path / areas["Area 2"].name
    shutil.copy(areas["Area 2"], area)
    wb = openpyxl.load_workbook(area, keep_vba=str(area).endswith(".xlsm"))
    wb["Area 2"][ref] = "N/D"
    wb.save(area)
    master = tmp_path / "PIAO_2025.xlsm"
    blank_cells(demo_xlsm, master, [("Area 2", ref)])
    proc = xlperf("raccogli", str(master), str(area))
    assert proc.returncode == 0 and "1 valore raccolto da 1 file" in proc.stdout, proc.stdout + proc.stderr
    assert openpyxl.load_workbook(master)["Area 2"][ref].value == "N/D"


def _with_target(src: Path, dst: Path, sheet: str, factor: float) -> str:
    wb = openpyxl.load_workbook(src, keep_vba=str(src).endswith(".xlsm"))
    col = L.ENTRY_FIELDS.index("target") + 1
    row = next(
        r
        for r in range(L.ENTRY_FIRST_ROW, wb[sheet].max_row + 1)
        if isinstance(wb[sheet].cell(row=r, column=col).value, float)
    )
    cell = wb[sheet].cell(row=row, column=col)
    cell.value = cell.value * factor
    wb.save(dst)
    return cell.coordinate


def test_float_noise_is_not_a_changed_target(demo_xlsm, areas, tmp_path):
    """A file saved by LibreOffice writes 0.0869 for 0.08689999999999999: the same number."""
    area = tmp_path / areas["Area 2"].name
    _with_target(areas["Area 2"], area, "Area 2", 1 + 1e-15)
    master = tmp_path / "PIAO_2025.xlsm"
    shutil.copy(demo_xlsm, master)
    proc = xlperf("raccogli", str(master), str(area))
    assert proc.returncode == 0 and "modificato" not in proc.stdout, proc.stdout


def test_the_message_says_which_side_changed_the_target(demo_xlsm, areas, tmp_path):
    master = tmp_path / "PIAO_2025.xlsm"
    cell = _with_target(demo_xlsm, master, "Area 2", 1.5)  # the master changed after distribution
    proc = xlperf("raccogli", str(master), str(areas["Area 2"]))
    assert proc.returncode == 2 and "target modificato nel file principale dopo la distribuzione" in proc.stdout
    assert f"Area 2!{cell}" in proc.stdout
    area = tmp_path / areas["Area 2"].name  # the area changed it (unprotecting the sheet)
    _with_target(areas["Area 2"], area, "Area 2", 1.5)
    master2 = tmp_path / "principale2.xlsm"
    shutil.copy(demo_xlsm, master2)
    proc = xlperf("raccogli", str(master2), str(area))
    assert proc.returncode == 2 and "target modificato nel file dell'area" in proc.stdout
