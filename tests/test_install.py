"""Install as users do: a built wheel in a fresh venv must produce workbooks with every VBA module.

An editable install once hid that the wheel shipped without macros/: the workbooks had no
`xlperf` and no `xlwings_udfs` module, and the buttons pointed at nothing.
"""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import vba_modules

from xlperf import cli
from xlperf.udfs import UDFS
from xlperf.vba import REQUIRED_MACROS, VBA_UDF_MODULE, procedures

ROOT = Path(__file__).resolve().parent.parent
#: what a user's shell has: no PYTHONPATH pointing at a source checkout (pip would take the checkout's
#: egg-info for an installed xlperf and skip the wheel, and the venv would import the checkout)
CLEAN_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}


@pytest.fixture(scope="module")
def wheel_venv(tmp_path_factory) -> Path:
    """A fresh venv (no system site-packages) with xlperf installed from a wheel built here."""
    base = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(base / "dist"), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheels = list((base / "dist").glob("xlperf-*.whl"))
    assert len(wheels) == 1
    names = zipfile.ZipFile(wheels[0]).namelist()
    assert {
        "xlperf/macros/xlperf.bas",
        "xlperf/data/piao_2025.csv",
        "xlperf/calc/xperf.rdb",
    } <= set(names)
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run(
        [str(venv / "bin" / "pip"), "install", "-q", str(wheels[0])], check=True, capture_output=True, env=CLEAN_ENV
    )
    return venv


@pytest.mark.slow
@pytest.mark.parametrize(
    "command", [["demo", "{out}"], ["template", "--out", "{out}"], ["new", "--anno", "2026", "{out}"]]
)
def test_wheel_in_fresh_venv_writes_every_module_and_macro(wheel_venv, tmp_path, command):
    out = tmp_path / "out.xlsm"
    args = [a.format(out=out) for a in command]
    # run outside the repository, so that nothing can be found next to a source checkout
    run = subprocess.run(
        [str(wheel_venv / "bin" / "xlperf"), *args], cwd=tmp_path, capture_output=True, text=True, env=CLEAN_ENV
    )
    assert run.returncode == 0, run.stderr
    modules = vba_modules(out)
    for module, macros in {**REQUIRED_MACROS, VBA_UDF_MODULE: tuple(UDFS)}.items():
        assert module in modules, f"manca il modulo {module}: {sorted(modules)}"
        assert set(macros) <= procedures(modules[module]), module
    # the buttons point at macros the project has, and `check` (from the same install) says so
    check = subprocess.run(
        [str(wheel_venv / "bin" / "xlperf"), "check", str(out)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=CLEAN_ENV,
    )
    assert "progetto VBA del file non contiene" not in check.stdout


def test_missing_vba_source_refuses_to_build(tmp_path, monkeypatch, capsys):
    empty = tmp_path / "macros"
    empty.mkdir()  # xlperf.bas (the buttons' macros) missing
    monkeypatch.setattr("xlperf.vba.macros_dir", lambda: empty)
    out = tmp_path / "t.xlsm"
    assert cli.main(["template", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "«xlperf»" in err and "installazione di xlperf incompleta" in err
    assert not out.exists() and not list(tmp_path.glob("*.xlsm"))


def test_missing_macro_in_a_source_refuses_to_build(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "macros"
    folder.mkdir()
    text = (ROOT / "macros" / "xlperf.bas").read_text().replace("Sub RaccogliFileAree", "Sub Altro")
    (folder / "xlperf.bas").write_text(text)
    monkeypatch.setattr("xlperf.vba.macros_dir", lambda: folder)
    out = tmp_path / "d.xlsm"
    assert cli.main(["demo", str(out)]) == 2
    assert "RaccogliFileAree" in capsys.readouterr().err
    assert not out.exists()


def test_check_warns_about_buttons_and_formulas_without_their_macro(demo_xlsm, tmp_path, capsys):
    """A workbook whose VBA project lacks our modules (here: another workbook's project)."""
    foreign = (
        zipfile.ZipFile(ROOT.parent / "shared" / "fixtures" / "excel-saved" / "fibonacci.xlsm")
        if (ROOT.parent / "shared").is_dir()
        else None
    )
    if foreign is None:
        pytest.skip("../shared assente")
    bad = tmp_path / "senza_macro.xlsm"
    with zipfile.ZipFile(demo_xlsm) as zin, zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = foreign.read("xl/vbaProject.bin") if info.filename == "xl/vbaProject.bin" else zin.read(info)
            zout.writestr(info, data)
    cli.main(["check", str(bad)])
    out = capsys.readouterr().out
    assert "Riepilogo" in out and "«RaccogliFileAree», che il progetto VBA del file non contiene" in out
    assert "Cruscotto" in out and "«AggiornaRiepilogo», che il progetto VBA del file non contiene" in out
    assert "PERF_INDICATOR, funzione che il progetto VBA del file non contiene" in out
    cli.main(["check", str(demo_xlsm)])
    assert "non contiene" not in capsys.readouterr().out
