"""`valida` records the validation in the workbook only after the pack is complete, verified and in
place (issue 21.3): a kill, a full disk or a too-long name leave no lock and no half pack."""

import os
import shutil
import signal
import subprocess
import sys

import openpyxl
import pytest
from test_safety import tmpfs

from xlperf import layout as L

pytestmark = pytest.mark.slow  # six PDFs per run


def valida(master, out, **env):
    return subprocess.run(
        [sys.executable, "-m", "xlperf.cli", "valida", str(master), "--out", str(out), "--silenzioso"],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
    )


def lock_of(path):
    return openpyxl.load_workbook(path)[L.CONFIG][L.config_cell("XP_Validato").split("!")[1]].value


@pytest.fixture()
def master(demo_xlsm, tmp_path):
    path = tmp_path / "PIAO_2025.xlsm"
    shutil.copy(demo_xlsm, path)
    assert not lock_of(path)
    return path


@pytest.mark.parametrize("point", ["pacchetto-scritto", "nuovo-scritto"])
def test_a_kill_leaves_no_lock_and_no_pack_and_the_next_run_completes(master, tmp_path, point):
    original = master.read_bytes()
    out = tmp_path / "pacchetto"
    proc = valida(master, out, XLPERF_KILL_AT=point)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert master.read_bytes() == original and not lock_of(master)
    if point == "pacchetto-scritto":  # killed before the rename: no pack at all
        assert not out.exists() and list(tmp_path.glob(".~xlperf-pacchetto-*"))
    else:  # killed while recording the lock (first atomic write after the pack): pack there, no lock
        assert (out / "MANIFEST.sha256").exists()
    proc = valida(master, tmp_path / "pacchetto2")
    assert proc.returncode == 0, proc.stderr
    assert lock_of(master).startswith("31/12|") and not list(tmp_path.glob(".~xlperf-pacchetto-*"))
    assert (tmp_path / "pacchetto2" / master.name).read_bytes() == master.read_bytes()


def test_a_full_disk_leaves_no_lock_and_no_half_pack(master, tmp_path):
    original = master.read_bytes()
    with tmpfs(tmp_path / "pieno", "300k") as full:
        proc = valida(master, full / "pacchetto")
        assert proc.returncode == 2 and "spazio su disco esaurito" in proc.stderr, proc.stderr
        assert "Traceback" not in proc.stderr
        assert list(full.iterdir()) == []  # neither the pack nor an empty aree/
    assert master.read_bytes() == original and not lock_of(master)


def test_a_too_long_name_is_said_and_leaves_no_lock(master, tmp_path):
    original = master.read_bytes()
    out = tmp_path / ("Pacchetto di validazione " * 12).strip()
    proc = valida(master, out)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "è troppo lungo" in proc.stderr and "controllare il disco" not in proc.stderr, proc.stderr
    assert master.read_bytes() == original and not lock_of(master)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(("Pacchetto", ".~xlperf-pacchetto"))]
