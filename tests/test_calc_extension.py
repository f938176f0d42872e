"""The LibreOffice Calc extension (``xlperf estensione``): what it packs, the functions as Calc calls
them, the bridge, and (slow) LibreOffice 25.2 computing the demo's PERF_* cells and running the
refresh through UNO."""

import ast
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from xlperf import udfs
from xlperf.calc import bridge, build, functions, runner, wire

ROOT = Path(__file__).resolve().parent.parent
UNOIDL_WRITE = Path("/usr/lib/libreoffice/sdk/bin/unoidl-write")
TYPES = Path("/usr/lib/libreoffice/program/types.rdb")


def _xlperf(*args, cwd=None):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "xlperf.cli", *args], capture_output=True, text=True, cwd=cwd, env=env)


def build_oxt(folder: Path) -> Path:
    """The extension as users build it: `xlperf estensione --out`."""
    out = folder / "xlperf.oxt"
    proc = _xlperf("estensione", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.fixture(scope="module")
def oxt(tmp_path_factory) -> Path:
    return build_oxt(tmp_path_factory.mktemp("oxt"))


def test_the_command_refuses_to_overwrite(oxt):
    proc = _xlperf("estensione", "--out", str(oxt))
    assert proc.returncode == 2 and "--sovrascrivi" in proc.stderr


def test_packed_files_are_the_package_files(oxt):
    """Built from the same source files, never a copy kept by hand."""
    with zipfile.ZipFile(oxt) as zf:
        for source, inside in build.PACKED:
            assert zf.read(inside) == source.read_bytes(), inside
        assert zf.read("xperf.rdb") == build.RDB.read_bytes()
        manifest = zf.read("META-INF/manifest.xml").decode()
    assert all(f'full-path="{name}"' in manifest for name in ("xperf.rdb", "xlperf.components", "Addons.xcu"))


def _imports(source: str) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add((node.module or "").split(".")[0])
    return names


def test_what_runs_in_libreoffice_imports_only_the_standard_library(oxt, tmp_path):
    """LibreOffice's Python on Windows has no numpy, pandas or pydantic."""
    uno_side = {"uno", "unohelper", "com", "org", "xlperf_lo"}  # given by LibreOffice / the .oxt itself
    with zipfile.ZipFile(oxt) as zf:
        zf.extractall(tmp_path)
        for name in zf.namelist():
            if name.endswith(".py"):
                foreign = _imports(zf.read(name).decode()) - set(sys.stdlib_module_names) - {"__future__"}
                assert foreign <= uno_side, f"{name} importa {sorted(foreign - uno_side)}"
    # and they do import without site-packages (-I -S: no numpy, no pydantic, no xlperf)
    code = (
        "import sys; sys.path.insert(0, 'pythonpath');"
        "from xlperf_lo.calc import functions, generated, runner, uno_sheets, wire;"
        "assert 'numpy' not in sys.modules and 'pydantic' not in sys.modules;"
        "print(functions.PERF_INDICATOR('>=350 N.', 300.0, None), functions.PERF_STATUS(0.85))"
    )
    proc = subprocess.run([sys.executable, "-I", "-S", "-c", code], cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == [str(1 - 50 / 350), "Raggiunto"]


def test_the_type_library_is_the_committed_idl():
    text = build.IDL.read_text()
    rdb = build.RDB.read_bytes()
    for name in functions.SIGNATURES:
        assert f" {name}(" in text and name.encode() in rdb
    if not UNOIDL_WRITE.exists():  # libreoffice-dev: .ci/run installs it
        pytest.skip("unoidl-write (libreoffice-dev) non installato")


@pytest.mark.skipif(not UNOIDL_WRITE.exists(), reason="unoidl-write (libreoffice-dev) non installato")
def test_the_type_library_rebuilds_identically(tmp_path):
    out = tmp_path / "xperf.rdb"
    subprocess.run([str(UNOIDL_WRITE), str(TYPES), str(build.IDL), str(out)], check=True, capture_output=True)
    assert out.read_bytes() == build.RDB.read_bytes()


def test_calc_signatures_are_the_excel_ones():
    """The add-in's parameters, the IDL's and the xlwings UDFs' are the same, in the same order."""
    import inspect
    import re

    idl = build.IDL.read_text()
    for name, func in udfs.UDFS.items():
        assert functions.SIGNATURES[name] == tuple(inspect.signature(func).parameters), name
        assert tuple(inspect.signature(getattr(functions, name)).parameters) == functions.SIGNATURES[name], name
        declared = re.search(rf" {name}\(([^)]*)\)", idl)
        assert declared and declared.group(1).count("[in]") == len(functions.SIGNATURES[name]), name


def test_function_wizard_help_is_udfs_italian_help():
    help_ = build.wizard_help()
    assert set(help_) == set(functions.SIGNATURES) == set(udfs.UDFS)
    assert help_["PERF_INDICATOR"]["args"][3] == ("monitoraggio", "Facoltativo: il valore al 30/06")
    assert help_["PERF_STATUS"]["doc"].startswith("Stato: Raggiunto")
    assert all(doc for f in help_.values() for _, doc in f["args"])


def test_menu_captions_come_from_layout():
    xcu = build.addons_xcu()
    assert "<value>Aggiorna riepilogo</value>" in xcu and "<value>Raccogli file aree</value>" in xcu
    assert "service:org.xlperf.calc.Commands?aggiorna" in xcu


def _calc(v):
    """A cell's value as Calc hands it to an add-in: empty -> 0.0, dates -> serial numbers."""
    import datetime as dt

    if v is None:
        return 0.0
    if isinstance(v, (dt.date, dt.datetime)):
        return wire.date_to_serial(v)
    if isinstance(v, bool):
        return float(v)
    return float(v) if isinstance(v, (int, float)) else v


def test_calc_arguments_give_what_excel_gives(demo_xlsm):
    """Every row of the demo (and the empty template rows) as Calc passes them = the xlwings UDF."""
    from xlperf import layout as L
    from xlperf.readers.grid import load_grid

    sheets = load_grid(demo_xlsm)
    rows = 0
    for sheet in sheets.values():
        if not sheet.rows or sheet.value(L.ENTRY_HEADER_ROW, 0) != L.ENTRY_COLUMNS[0].header:
            continue
        headers = [sheet.value(L.ENTRY_HEADER_ROW, i) for i in range(len(sheet.rows[L.ENTRY_HEADER_ROW - 1]))]
        col = {c.field: headers.index(c.header) for c in L.ENTRY_COLUMNS if c.header in headers}
        for r in range(L.ENTRY_FIRST_ROW, len(sheet.rows) + 1):
            t, a, op, mid = (sheet.value(r, col[f]) for f in ("target", "actual", "operator", "actual_mid"))
            excel = udfs.PERF_INDICATOR(t, a, op, mid, "31/12")
            assert functions.PERF_INDICATOR(_calc(t), _calc(a), _calc(op), _calc(mid), "31/12") == excel, (
                sheet.name,
                r,
            )
            rows += 1
    assert rows > 414
    assert functions.PERF_INDICATOR(0.0, 0.0, 0.0, 0.0, "31/12") == ""  # an empty template row
    assert functions.PERF_STATUS(((0.85,),), 0.0, 0.0) == "Raggiunto"  # empty thresholds: the defaults
    assert functions.PERF_OBJECTIVE(((0.5,), (1.0,)), ((1.0,), (3.0,))) == pytest.approx(0.875)
    assert functions.PERF_INDICATORS((("=10",), ("N/D",)), ((5.0,), ("",)), None) == ((0.5,), ("N/D",))
    assert functions.PERF_STATUSES(((0.9,), (0.1,))) == (("Raggiunto",), ("Non raggiunto",))


def test_bridge_lays_out_what_the_file_writer_lays_out(demo_xlsm):
    """The refresh's answer for the demo's values = the layouts `xlperf refresh` writes."""
    from xlperf.aggregate import score_plan
    from xlperf.readers.grid import load_grid
    from xlperf.readers.workbook import read_workbook
    from xlperf.summary import build_layouts, monitoring
    from xlperf.validate import validate

    sheets = {n: [[wire.encode(v) for v in row] for row in s.rows] for n, s in load_grid(demo_xlsm).items()}
    request = json.loads(json.dumps({"azione": "aggiorna", "sheets": sheets}))  # through the pipe
    answer = json.loads(json.dumps(bridge.answer(request)))
    plan, problems = read_workbook(demo_xlsm)
    res = score_plan(plan)
    expected = build_layouts(plan, res, problems + validate(plan), monitoring(plan, res))
    assert answer["ente"] == pytest.approx(0.9734, abs=5e-5) and answer["errori"] == 0
    assert [x["name"] for x in answer["layouts"]] == [x.name for x in expected]
    for got, want in zip(answer["layouts"], expected, strict=True):
        assert got == json.loads(json.dumps(bridge.layout_data(want))), want.name


def test_no_python_with_xlperf_is_an_italian_message(monkeypatch, tmp_path):
    monkeypatch.setenv(runner.ENV, str(tmp_path / "python-che-non-c-e"))
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(runner.BridgeError) as exc:
        runner.call({"azione": "aggiorna", "sheets": {}}, [["Interpreter_Win", ""], ["Interpreter_Mac", ""]])
    assert "Python con xlperf non trovato" in str(exc.value) and "XLPERF_PYTHON" in str(exc.value)


def test_the_interpreter_comes_from_the_environment_or_xlwings_conf(monkeypatch):
    monkeypatch.setenv(runner.ENV, sys.executable)
    assert runner.candidates()[0] == sys.executable
    monkeypatch.delenv(runner.ENV)
    key = "Interpreter_Win" if sys.platform.startswith("win") else "Interpreter_Mac"
    assert runner.candidates([[key, "/opt/py/bin/python"]])[0] == "/opt/py/bin/python"


def test_what_runs_in_libreoffice_parses_as_python_3_10(oxt):
    """The floor the README states for LibreOffice's own Python."""
    with zipfile.ZipFile(oxt) as zf:
        for name in (n for n in zf.namelist() if n.endswith(".py")):
            ast.parse(zf.read(name).decode(), filename=name, feature_version=(3, 10))
