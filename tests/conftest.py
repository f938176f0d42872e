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
