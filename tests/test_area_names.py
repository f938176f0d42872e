"""Area names safe as file names and unique as files (issue 21.7): a line break (Alt+Invio), `/` vs
`:`, a too-long name — `check` flags them and every per-area output is unique or refused before
anything is written, with an Italian message about the name."""

import hashlib
import shutil
import subprocess
import sys

import openpyxl
import pytest

from xlperf import layout as L
from xlperf.area_names import safe_part
from xlperf.readers.workbook import read_workbook


def xlperf(*args):
    return subprocess.run([sys.executable, "-m", "xlperf.cli", *args], capture_output=True, text=True)


def renamed(demo_xlsm, tmp_path, new_names: dict[str, str]):
    """The demo with some areas renamed in Configurazione and in the Albero; their Configurazione cells."""
    work = tmp_path / "PIAO_2025.xlsm"
    plan, _ = read_workbook(demo_xlsm)
    wb = openpyxl.load_workbook(demo_xlsm, keep_vba=True)
    places = {}
    for ws in (wb[L.CONFIG], wb[L.ALBERO]):
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value in new_names:
                    if ws.title == L.CONFIG:
                        places[new_names[c.value]] = f"{L.CONFIG}!{c.coordinate}"
                    c.value = new_names[c.value]
    wb.save(work)
    assert set(places) == set(new_names.values())
    return work, plan, places


def test_a_line_break_is_flagged_and_never_reaches_a_file_name(demo_xlsm, tmp_path):
    plan, _ = read_workbook(demo_xlsm)
    old = next(a for a in plan.areas if a.startswith("Area 2"))
    new = old.replace(" ", "\n", 1)
    work, _, places = renamed(demo_xlsm, tmp_path, {old: new})
    proc = xlperf("check", str(work))
    line = next(ln for ln in proc.stdout.splitlines() if places[new] in ln)
    assert "contiene un a capo" in line and "senza Alt+Invio" in line
    assert xlperf("distribuisci", str(work), "--out", str(tmp_path / "aree")).returncode == 0
    names = [p.name for p in (tmp_path / "aree").iterdir()]
    assert f"PIAO_2025 - {old}.xlsx" in names and not any("\n" in n for n in names)


def test_manifest_lines_of_such_names_verify_with_sha256sum(tmp_path):
    from xlperf.validation import manifest

    shutil.which("sha256sum") or pytest.skip("sha256sum non disponibile")
    files = {}
    for area in ("Area 2\nTutela", "Area\r\n3", "Area\t4 / Staff: x", "Area 5."):
        name = f"Report 2025 - {safe_part(area)}.pdf"
        files[name] = hashlib.sha256(area.encode()).digest()
        (tmp_path / name).write_bytes(files[name])
    (tmp_path / "MANIFEST.sha256").write_bytes(manifest(files))
    proc = subprocess.run(["sha256sum", "-c", "MANIFEST.sha256"], cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.count(": OK") == 4, proc.stdout + proc.stderr
    assert not any(ch in n for n in files for ch in '\n\r\t/\\:*?"<>|') and not any(n.endswith(". .pdf") for n in files)


def test_two_areas_with_one_file_name_are_refused_before_anything_is_written(demo_xlsm, tmp_path):
    plan, _ = read_workbook(demo_xlsm)
    a1, a2 = (next(a for a in plan.areas if a.startswith(p)) for p in ("Area 1", "Area 2"))
    work, _, places = renamed(demo_xlsm, tmp_path, {a1: "Area A/B", a2: "Area A:B"})
    proc = xlperf("check", str(work))
    assert proc.returncode == 2
    line = next(ln for ln in proc.stdout.splitlines() if places["Area A:B"] in ln)
    assert "le aree «Area A/B» e «Area A:B» darebbero lo stesso nome di file" in line
    for args in (
        ("report", str(work), "--per-area", str(tmp_path / "report")),
        ("distribuisci", str(work), "--out", str(tmp_path / "aree")),
        ("valida", str(work), "--out", str(tmp_path / "pacchetto")),
    ):
        proc = xlperf(*args)
        assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
        assert "stesso nome di file" in proc.stdout + proc.stderr, proc.stdout + proc.stderr
    assert not [p.name for p in tmp_path.iterdir() if p.name in ("report", "aree", "pacchetto")]


def test_a_too_long_area_name_is_said_as_such(demo_xlsm, tmp_path):
    plan, _ = read_workbook(demo_xlsm)
    a2 = next(a for a in plan.areas if a.startswith("Area 2"))
    long = "Area 2 " + "Tutela del mercato, della legalità e della fede pubblica " * 4
    work, _, places = renamed(demo_xlsm, tmp_path, {a2: long.strip()})
    proc = xlperf("check", str(work))
    assert proc.returncode == 2
    line = next(ln for ln in proc.stdout.splitlines() if places[long.strip()] in ln)
    assert "il nome dell'area è troppo lungo per un nome di file" in line and "accorciare" in line
    proc = xlperf("distribuisci", str(work), "--out", str(tmp_path / "aree"))
    assert proc.returncode == 2 and "troppo lungo" in proc.stderr and "controllare il disco" not in proc.stderr
    assert not (tmp_path / "aree").exists() or not list((tmp_path / "aree").iterdir())
