"""A refresh killed at a random moment leaves the original file openable and unchanged, or the new
one complete (never half a file, never a half-written .bak). Bounded to about a minute."""

import random
import shutil
import signal
import subprocess
import sys
import time
import zipfile

import openpyxl
import pytest

from xlperf import layout as L


@pytest.mark.slow
def test_refresh_killed_at_random_moments(demo_xlsm, tmp_path):
    original = demo_xlsm.read_bytes()
    rng = random.Random(2025)
    deadline = time.monotonic() + 40
    outcomes = {"intatto": 0, "aggiornato": 0}
    runs = 0
    while time.monotonic() < deadline and runs < 60:
        work = tmp_path / f"run{runs}"
        work.mkdir()
        path = work / "PIAO.xlsm"
        shutil.copy(demo_xlsm, path)
        proc = subprocess.Popen(
            [sys.executable, "-m", "xlperf.cli", "refresh", str(path), "--silenzioso"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.2, 1.6))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        runs += 1
        data = path.read_bytes()
        with zipfile.ZipFile(path) as zf:
            assert zf.testzip() is None
        if data == original:
            outcomes["intatto"] += 1
        else:
            wb = openpyxl.load_workbook(path, keep_vba=True)
            assert wb[L.RIEPILOGO]["D4"].value == __import__("pytest").approx(0.9734, abs=5e-5)
            assert "xl/vbaProject.bin" in zipfile.ZipFile(path).namelist()
            outcomes["aggiornato"] += 1
        bak = path.with_name(path.name + ".bak")
        if bak.exists():
            assert bak.read_bytes() == original
    print(f"refresh interrotti: {runs}, esiti: {outcomes}")
    assert runs >= 15
    assert outcomes["intatto"] > 0 and outcomes["aggiornato"] > 0


@pytest.mark.parametrize("point", ["nuovo-scritto", "copia-scritta", "copia-rinominata", "sostituito"])
def test_refresh_killed_at_each_write_step(demo_xlsm, tmp_path, point):
    """Deterministic: the process is killed (SIGKILL, as a power cut) at each step of the atomic
    write. The workbook is the original or the complete new one; a .bak, when present, is the
    original; the next run cleans the temporary files the killed one left."""
    import os

    from xlperf.files import KILL_POINTS

    assert point in KILL_POINTS
    path = tmp_path / "PIAO.xlsm"
    shutil.copy(demo_xlsm, path)
    original = demo_xlsm.read_bytes()
    env = {**os.environ, "XLPERF_KILL_AT": point}
    proc = subprocess.run(
        [sys.executable, "-m", "xlperf.cli", "refresh", str(path), "--silenzioso"], env=env, capture_output=True
    )
    assert proc.returncode == -signal.SIGKILL
    bak = path.with_name(path.name + ".bak")
    if point == "sostituito":
        assert path.read_bytes() != original and bak.read_bytes() == original
        wb = openpyxl.load_workbook(path, keep_vba=True)
        assert wb[L.RIEPILOGO]["D4"].value == pytest.approx(0.9734, abs=5e-5)
    else:
        assert path.read_bytes() == original
        assert not bak.exists() or bak.read_bytes() == original
        assert (bak.exists()) == (point == "copia-rinominata")
    leftovers = list(tmp_path.glob(".~xlperf-*"))
    assert leftovers  # the killed run could not clean up (its lock and temporary files)…
    proc = subprocess.run(
        [sys.executable, "-m", "xlperf.cli", "refresh", str(path), "--silenzioso"], capture_output=True
    )
    assert proc.returncode == 0, proc.stderr  # …the next run takes over the stale lock and cleans them
    assert not list(tmp_path.glob(".~xlperf-*")) and bak.read_bytes() in (original, path.read_bytes())
