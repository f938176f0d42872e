import os

# xlwings registers its remote engine at import time when a license key is present; xlwings PRO is
# PolyForm Noncommercial and our users are a public body. Set for the tests only, before any import.
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture(scope="session")
def demo_xlsm(tmp_path_factory) -> Path:
    """The demo workbook, built once per test session by the real CLI."""
    out = tmp_path_factory.mktemp("demo") / "PIAO_2025_demo.xlsm"
    subprocess.run([sys.executable, "-m", "xlperf.cli", "demo", str(out)], check=True, capture_output=True)
    return out


@pytest.fixture(scope="session")
def soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        pytest.skip("LibreOffice (soffice) non installato: .ci/run lo installa")
    return exe


def run_soffice(soffice: str, args: list[str], cwd: Path, timeout: int = 180) -> subprocess.CompletedProcess:
    profile = cwd / "lo-profile"
    return subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


RECALC_ALWAYS = (
    '<?xml version="1.0" encoding="UTF-8"?><oor:items xmlns:oor="http://openoffice.org/2001/registry" '
    'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    '<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">'
    "<value>0</value></prop></item>"
    '<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse">'
    "<value>0</value></prop></item></oor:items>"
)


def recalc_on_load(cwd: Path) -> None:
    """Make the private profile `run_soffice` uses in ``cwd`` recalculate every formula on load
    (LibreOffice trusts a file's cached results by default)."""
    xcu = cwd / "lo-profile" / "user" / "registrymodifications.xcu"
    xcu.parent.mkdir(parents=True, exist_ok=True)
    xcu.write_text(RECALC_ALWAYS, encoding="utf-8")


@pytest.fixture(scope="session")
def distributed(demo_xlsm, tmp_path_factory):
    """An empty master for 2025 (consuntivi moved out) and its five area files (.xlsx), filled with
    the seed's consuntivi by openpyxl, which saves formulas without results: whatever computes them
    next (LibreOffice in the tests) computes them all."""
    import openpyxl

    from xlperf.merge import identity_keys
    from xlperf.readers.grid import cell_value, load_grid
    from xlperf.readers.workbook import read_workbook

    def xlperf(*args):
        return subprocess.run([sys.executable, "-m", "xlperf.cli", *args], capture_output=True, text=True)

    root = tmp_path_factory.mktemp("collect")
    master = root / "PIAO_2025.xlsm"
    assert xlperf("new", "--anno", "2025", "--da", str(demo_xlsm), str(master)).returncode == 0
    proc = xlperf("distribuisci", str(master), "--out", str(root / "aree"))
    assert proc.returncode == 0, proc.stderr
    files = sorted((root / "aree").glob("*.xlsx"))
    assert len(files) == 5 and any(f.name == "PIAO_2025 - Area 2 Tutela del mercato e legalità.xlsx" for f in files)
    seed, _ = read_workbook(demo_xlsm)
    seed_grid = load_grid(demo_xlsm)
    seed_by_key = identity_keys(seed.indicators)
    for f in files:
        plan, _ = read_workbook(f)
        wb = openpyxl.load_workbook(f)
        for key, ind in identity_keys(plan.indicators).items():
            sheet, cell = ind.place("actual").split("!")
            wb[sheet][cell] = cell_value(seed_grid, seed_by_key[key].place("actual"))
        wb.save(f)
    return master, files, root


def remote_book(path):
    """An xlwings remote-engine Book whose payload holds the values of every sheet of ``path``
    (cached results for formulas), as the xlwings Server/Lite client would send them."""
    import datetime as dt

    import openpyxl
    import xlwings as xw

    def cell(v):
        if v is None:
            return ""
        if isinstance(v, (dt.date, dt.datetime)):
            return dt.datetime(v.year, v.month, v.day).isoformat() + ".000Z"
        return v

    wb = openpyxl.load_workbook(path, data_only=True)
    sheets = [
        {
            "name": ws.title,
            "pictures": [],
            "tables": [],
            "charts": [],
            "values": [[cell(v) for v in r] for r in ws.iter_rows(values_only=True)] or [[""]],
        }
        for ws in wb.worksheets
    ]
    payload = {
        "version": xw.__version__,
        "book": {"name": Path(path).name, "active_sheet_index": 0, "selection": "A1"},
        "names": [],
        "sheets": sheets,
    }
    return xw.Book(json=payload), [s["name"] for s in sheets]


def vba_modules(path) -> dict[str, str]:
    """Module name -> source of every module of a workbook's VBA project, decoded by olevba."""
    from oletools.olevba import VBA_Parser

    parser = VBA_Parser(str(path))
    try:
        return {Path(name).stem: code for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()


def pytest_collection_modifyitems(items):
    """Every test that starts LibreOffice is `libreoffice` and `slow`: `pytest -m "not slow"` is the
    inner loop (under a minute), `.ci/run` runs everything."""
    for item in items:
        if "soffice" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.libreoffice)
            item.add_marker(pytest.mark.slow)
        if item.get_closest_marker("libreoffice"):
            item.add_marker(pytest.mark.slow)


def pytest_terminal_summary(terminalreporter):
    import case_counter

    if case_counter.count:
        terminalreporter.write_line(
            f"casi di input malformato generati ed eseguiti (score/check/refresh): {case_counter.count}"
        )
