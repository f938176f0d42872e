"""Nothing lost: no silent overwrite, one xlperf at a time on a workbook, environment problems as
Italian messages (exit 2), all-or-nothing outputs on a full disk or a read-only folder."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from xlperf import layout as L
from xlperf.readers.workbook import read_workbook

ROOT = Path(__file__).resolve().parent.parent


def xlperf(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "xlperf.cli", *args], capture_output=True, text=True, **kw)


@contextlib.contextmanager
def tmpfs(path: Path, size: str, readonly: bool = False):
    """A small file system of our own (we are root here and in CI): full disk, read-only folder."""
    path.mkdir(parents=True, exist_ok=True)
    opts = f"size={size}" + (",ro" if readonly else "")
    if subprocess.run(["mount", "-t", "tmpfs", "-o", opts, "tmpfs", str(path)], capture_output=True).returncode != 0:
        pytest.skip("mount di un tmpfs non permesso su questa macchina")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def files_in(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


# --- never overwrite without asking ---------------------------------------------------------------


@pytest.mark.parametrize("command", [["demo", "{out}"], ["template", "--out", "{out}"]])
def test_demo_and_template_never_replace_a_file_silently(tmp_path, demo_xlsm, command):
    out = tmp_path / "PIAO_2025.xlsm"
    shutil.copy(demo_xlsm, out)  # a filled master
    before = out.read_bytes()
    proc = xlperf(*[a.format(out=out) for a in command])
    assert proc.returncode == 2 and "esiste già" in proc.stderr and "--sovrascrivi" in proc.stderr
    assert out.read_bytes() == before and files_in(tmp_path).keys() == {"PIAO_2025.xlsm"}
    proc = xlperf(*[a.format(out=out) for a in command], "--sovrascrivi")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "PIAO_2025.xlsm.bak").read_bytes() == before and read_workbook(out)[0].indicators is not None


def test_distribuisci_never_replaces_returned_area_files(tmp_path, demo_xlsm):
    folder = tmp_path / "aree"
    assert xlperf("distribuisci", str(demo_xlsm), "--out", str(folder)).returncode == 0
    returned = next(folder.glob("*Area 2*"))
    wb = openpyxl.load_workbook(returned, keep_vba=str(returned).endswith(".xlsm"))
    wb["Area 2"].cell(row=L.ENTRY_FIRST_ROW, column=L.ENTRY_FIELDS.index("note") + 1).value = "compilato dall'area"
    wb.save(returned)
    before = files_in(folder)
    proc = xlperf("distribuisci", str(demo_xlsm), "--out", str(folder))
    assert proc.returncode == 2 and "ci sono già 5 file" in proc.stderr and "nessun file scritto" in proc.stderr
    assert files_in(folder) == before
    proc = xlperf("distribuisci", str(demo_xlsm), "--out", str(folder), "--sovrascrivi")
    assert proc.returncode == 0 and "5 file per area scritti" in proc.stdout
    assert (folder / (returned.name + ".bak")).read_bytes() == before[returned.name]


def test_area_not_declared_in_configurazione_is_an_error(tmp_path, demo_xlsm):
    wb = openpyxl.load_workbook(demo_xlsm, keep_vba=str(demo_xlsm).endswith(".xlsm"))
    ws = wb[L.ALBERO]
    col = L.ALBERO_FIELDS.index("area") + 1
    ws.cell(row=L.ALBERO_FIRST_ROW, column=col).value = "Area 2 Tutela del mercato e legalita"  # accent missing
    path = tmp_path / "accento.xlsm"
    wb.save(path)
    proc = xlperf("check", str(path))
    assert (
        proc.returncode == 2 and f"Albero!{L.albero_col('area')}{L.ALBERO_FIRST_ROW}" in proc.stdout
    )  # the cell to fix
    assert "non è elencata in Configurazione" in proc.stdout
    proc = xlperf("distribuisci", str(path), "--out", str(tmp_path / "aree"))
    assert proc.returncode == 2 and "aree non elencate in Configurazione" in proc.stderr
    assert not (tmp_path / "aree").exists() or not list((tmp_path / "aree").iterdir())


# --- environment: the user's to fix ---------------------------------------------------------------


def test_encrypted_workbook_says_how_to_remove_the_password(tmp_path, demo_xlsm):
    from msoffcrypto.format.ooxml import OOXMLFile

    enc = tmp_path / "protetto.xlsm"
    with open(demo_xlsm, "rb") as src, open(enc, "wb") as out:
        OOXMLFile(src).encrypt("segreta", out)
    before = enc.read_bytes()
    for cmd in ("check", "refresh"):
        proc = xlperf(cmd, str(enc))
        assert proc.returncode == 2, proc.stderr
        text = proc.stdout + proc.stderr
        assert "protetto da password" in text and "Crittografa con password" in text and "INTERNO" not in text
    assert enc.read_bytes() == before


def test_read_only_folder(tmp_path, demo_xlsm):
    src = tmp_path / "PIAO_2025.xlsm"
    shutil.copy(demo_xlsm, src)
    with tmpfs(tmp_path / "ro", "1m", readonly=True) as ro:
        proc = xlperf("refresh", str(src), "--out", str(ro / "out.xlsm"))
        assert proc.returncode == 2 and "sola lettura" in proc.stderr and "INTERNO" not in proc.stderr, proc.stderr
        proc = xlperf("demo", str(ro / "demo.xlsm"))
        assert proc.returncode == 2 and "sola lettura" in proc.stderr
    assert src.read_bytes() == demo_xlsm.read_bytes()


def test_missing_output_folder(tmp_path, demo_xlsm):
    proc = xlperf("refresh", str(demo_xlsm), "--out", str(tmp_path / "manca" / "out.xlsm"))
    assert proc.returncode == 2 and "non esiste" in proc.stderr
    proc = xlperf("report", str(demo_xlsm), "--html", str(tmp_path / "manca" / "r.html"))
    assert proc.returncode == 2 and "non esiste" in proc.stderr


def test_full_disk_leaves_everything_as_it_was(tmp_path, demo_xlsm):
    """A 200 KB file system holding the 130 KB workbook: the refresh cannot write its new copy."""
    with tmpfs(tmp_path / "pieno", "200k") as full:
        book = full / "PIAO_2025.xlsm"
        shutil.copy(demo_xlsm, book)
        before = files_in(full)
        proc = xlperf("refresh", str(book))
        assert proc.returncode == 2 and "spazio su disco esaurito" in proc.stderr, proc.stderr
        assert files_in(full) == before  # original intact, no temporary file, no partial .bak
        for args in (
            ["distribuisci", str(book), "--out", str(full / "aree")],
            ["report", str(book), "--docx", str(full / "r.docx"), "--html", str(full / "r.html")],
        ):
            proc = xlperf(*args)
            assert proc.returncode == 2 and "spazio su disco esaurito" in proc.stderr, proc.stderr
            assert "Traceback" not in proc.stderr
            assert files_in(full) == before
            assert not (full / "aree").exists() or not list((full / "aree").iterdir())


# --- one at a time -----------------------------------------------------------------------------------


def _cleared(demo_xlsm: Path, path: Path) -> dict[str, str]:
    """The demo with the first consuntivo of Area 2 and of Area 4 emptied: what each area returns."""
    wb = openpyxl.load_workbook(demo_xlsm, keep_vba=str(demo_xlsm).endswith(".xlsm"))
    col = L.ENTRY_FIELDS.index("actual") + 1
    cells = {}
    for sheet in ("Area 2", "Area 4"):
        cell = wb[sheet].cell(row=L.ENTRY_FIRST_ROW, column=col)
        cells[sheet] = cell.coordinate
        cell.value = None
    wb.save(path)
    return cells


@pytest.mark.slow
def test_two_collections_at_once_keep_both_areas_values(tmp_path, demo_xlsm):
    folder = tmp_path / "aree"
    assert xlperf("distribuisci", str(demo_xlsm), "--out", str(folder)).returncode == 0
    area2, area4 = next(folder.glob("*Area 2*")), next(folder.glob("*Area 4*"))
    master = tmp_path / "PIAO_2025.xlsm"
    cells = _cleared(demo_xlsm, master)
    expected = openpyxl.load_workbook(demo_xlsm, data_only=True)
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "xlperf.cli", "raccogli", str(master), str(f)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for f in (area2, area4)
    ]
    outs = [r.communicate(timeout=240) for r in runs]
    for r, (out, err) in zip(runs, outs, strict=False):
        assert r.returncode in (0, 2) and "Traceback" not in err, err
        assert "raccolto da 1 file" in out or "raccolti da 1 file" in out, out + err
    wb = openpyxl.load_workbook(master, data_only=True)
    for sheet, cell in cells.items():
        assert wb[sheet][cell].value == expected[sheet][cell].value, sheet
    assert not list(tmp_path.glob(".~xlperf-*"))


def test_workbook_open_in_libreoffice_is_refused(tmp_path, demo_xlsm):
    book = tmp_path / "PIAO_2025.xlsm"
    shutil.copy(demo_xlsm, book)
    (tmp_path / ".~lock.PIAO_2025.xlsm#").write_text(
        ",Maria Rossi,pc-ufficio,28.11.2026 10:00,file:///home/maria/.config;"
    )
    proc = xlperf("refresh", str(book))
    assert proc.returncode == 2 and "aperto in LibreOffice (Maria Rossi)" in proc.stderr
    assert book.read_bytes() == demo_xlsm.read_bytes()


def test_leftover_temporary_files_are_cleaned(tmp_path, demo_xlsm):
    book = tmp_path / "PIAO_2025.xlsm"
    shutil.copy(demo_xlsm, book)
    leftover = tmp_path / ".~xlperf-PIAO_2025-abcd1234.xlsm"
    leftover.write_bytes(b"half a workbook")
    other = tmp_path / ".~xlperf-ALTRO-abcd1234.xlsm"  # another workbook's: not ours to remove
    other.write_bytes(b"x")
    assert xlperf("refresh", str(book)).returncode == 0
    assert not leftover.exists() and other.exists()
    plan, _ = read_workbook(book)
    assert plan.indicators


def test_two_refreshes_at_once_keep_a_complete_backup(tmp_path, demo_xlsm):
    book = tmp_path / "PIAO_2025.xlsm"
    shutil.copy(demo_xlsm, book)
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "xlperf.cli", "refresh", "--silenzioso", str(book)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for r in runs:
        out, err = r.communicate(timeout=240)
        assert r.returncode == 0, err
    backup = tmp_path / "PIAO_2025.xlsm.bak"
    # serialised: the backup is a whole workbook (the original or the first run's output), never a mix
    assert backup.read_bytes() in (demo_xlsm.read_bytes(), book.read_bytes())
    assert read_workbook(backup)[0].indicators and not list(tmp_path.glob(".~xlperf-*"))


def test_two_areas_giving_the_same_file_name_are_refused(tmp_path):
    """«Ufficio A/B» and «Ufficio A:B» both give «… Ufficio A-B.xlsm»: refused, nothing written
    (before: one file written, five reported)."""
    from xlperf.demo import demo_plan
    from xlperf.template import build_workbook

    plan = demo_plan()
    rename = {plan.areas[3]: "Ufficio A/B", plan.areas[4]: "Ufficio A:B"}
    plan.areas = [rename.get(a, a) for a in plan.areas]
    for o in plan.objectives:
        o.area = rename.get(o.area, o.area)
    master = tmp_path / "PIAO_2025.xlsm"
    build_workbook(master, plan)
    proc = xlperf("distribuisci", str(master), "--out", str(tmp_path / "aree"))
    assert proc.returncode == 2 and "darebbero lo stesso nome di file" in proc.stderr
    assert "Ufficio A/B" in proc.stderr and "Ufficio A:B" in proc.stderr
    assert not (tmp_path / "aree").exists() or not list((tmp_path / "aree").iterdir())


def test_refresh_from_a_read_only_share_to_a_local_copy(tmp_path, demo_xlsm):
    """The input is only read: a master on a read-only share refreshes into a local --out."""
    with tmpfs(tmp_path / "condivisa", "1m") as share:
        shutil.copy(demo_xlsm, share / "PIAO_2025.xlsm")
        if subprocess.run(["mount", "-o", "remount,ro", str(share)], capture_output=True).returncode != 0:
            pytest.skip("remount in sola lettura non permesso")
        out = tmp_path / "copia.xlsm"
        proc = xlperf("refresh", str(share / "PIAO_2025.xlsm"), "--out", str(out))
        assert proc.returncode == 0, proc.stderr
        assert read_workbook(out)[0].indicators and (share / "PIAO_2025.xlsm").read_bytes() == demo_xlsm.read_bytes()
