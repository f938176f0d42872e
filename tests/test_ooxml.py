"""Every file xlperf writes opens in Excel without "repair": two independent OOXML checkers.

* ``../shared/tools/ooxml-validate`` (ECMA-376 schemas, element order included, references, MS-OVBA);
  skipped where ``../shared`` is absent;
* ``openxml-audit`` (PyPI; Open XML SDK schemas and Excel app-compat rules): always runs. Its
  known false positive is not counted: it reads ``<font>``'s children as an ordered sequence,
  where ECMA-376 declares them a ``choice`` (any order), so openpyxl's ``<font><b/>…<color/>``
  is reported. Warnings (e.g. inline strings Excel moves to the shared table on its next save)
  are not repairs and are not counted either.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import run_soffice
from excel_saved import FIBONACCI, excel_saved

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow  # two OOXML checkers on every kind of file / WeasyPrint
VALIDATE = ROOT.parent / "shared" / "tools" / "ooxml-validate" / "validate.sh"
FONT_CHILDREN = {
    "b",
    "i",
    "strike",
    "condense",
    "extend",
    "outline",
    "shadow",
    "u",
    "vertAlign",
    "sz",
    "color",
    "name",
    "family",
    "charset",
    "scheme",
}


def xlperf(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "xlperf.cli", *args], capture_output=True, text=True, cwd=cwd)


def audit_errors(path: Path) -> list[str]:
    """openxml-audit's errors, less its font-order false positive."""
    from openxml_audit import OpenXmlValidator
    from openxml_audit.errors import ValidationSeverity

    result = OpenXmlValidator(max_errors=0).validate(str(path))
    out = []
    for e in result.errors:
        if e.severity is not ValidationSeverity.ERROR:
            continue
        if e.part_uri == "/xl/styles.xml" and "/font[" in e.path and e.node in FONT_CHILDREN:
            continue
        out.append(f"{path.name}: {e.part_uri} {e.path} {e.node}: {e.description}")
    return out


def shared_problems(paths: list[Path]) -> str:
    if not VALIDATE.exists():
        pytest.skip("../shared/tools/ooxml-validate assente")
    proc = subprocess.run(["bash", str(VALIDATE), *map(str, paths)], capture_output=True, text=True, timeout=600)
    lines = [ln for ln in proc.stdout.splitlines() if ln.strip()]
    assert lines and lines[-1] == f"OK {len(paths)} files", proc.stdout + proc.stderr
    return proc.stdout


@pytest.fixture(scope="module")
def written(tmp_path_factory, demo_xlsm) -> dict[str, Path]:
    """One of every kind of file xlperf writes."""
    d = tmp_path_factory.mktemp("written")
    files: dict[str, Path] = {"template (committed)": ROOT / "workbook" / "PIAO_template.xlsm"}
    assert xlperf("template", "--out", str(d / "template.xlsm")).returncode == 0
    files["template"] = d / "template.xlsm"
    files["demo"] = demo_xlsm
    once = d / "aggiornato.xlsm"
    shutil.copy(demo_xlsm, once)
    assert xlperf("refresh", str(once)).returncode == 0
    files["refreshed once"] = d / "aggiornato_1.xlsm"
    shutil.copy(once, files["refreshed once"])
    assert xlperf("refresh", str(once)).returncode == 0
    files["refreshed twice"] = once
    proc = xlperf("distribuisci", str(demo_xlsm), "--out", str(d / "aree"))
    assert proc.returncode == 0, proc.stderr
    areas = sorted((d / "aree").glob("*.xls*"))
    assert len(areas) == 5
    for area in areas:
        files[f"area copy {area.stem}"] = area
    master = d / "principale.xlsm"
    shutil.copy(demo_xlsm, master)
    proc = xlperf("raccogli", str(master), *map(str, areas))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    files["collected master"] = master
    assert xlperf("new", "--anno", "2026", "--da", str(demo_xlsm), str(d / "nuovo.xlsm")).returncode == 0
    files["new --da"] = d / "nuovo.xlsm"
    if FIBONACCI.exists():
        saved = excel_saved(demo_xlsm, d / "salvato_da_excel.xlsm")
        files["excel-saved (graft)"] = saved
        refreshed = d / "salvato_da_excel_aggiornato.xlsm"
        proc = xlperf("refresh", str(saved), "--out", str(refreshed))
        assert proc.returncode == 0, proc.stderr
        files["excel-saved, refreshed"] = refreshed
    return files


def test_openxml_audit_finds_no_error(written):
    problems = [p for path in written.values() for p in audit_errors(path)]
    assert problems == []


def test_shared_validator_finds_no_problem(written):
    shared_problems(list(written.values()))


def test_second_refresh_is_byte_identical(written):
    assert written["refreshed once"].read_bytes() == written["refreshed twice"].read_bytes()


def test_styles_do_not_grow_over_ten_refreshes(written, tmp_path):
    path = tmp_path / "dieci.xlsm"
    shutil.copy(written["refreshed once"], path)
    size = len(zipfile.ZipFile(path).read("xl/styles.xml"))
    for _ in range(3):
        assert xlperf("refresh", "--silenzioso", str(path)).returncode == 0
    assert len(zipfile.ZipFile(path).read("xl/styles.xml")) == size
    assert path.read_bytes() == written["refreshed once"].read_bytes()


def test_charts_series_shape_properties_in_schema_order(written):
    """c:ser/c:spPr: fill before line (CT_ShapeProperties), the defect Excel would repair."""
    with zipfile.ZipFile(written["refreshed once"]) as z:
        charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 2
    for xml in charts:
        sppr = xml[xml.index("<c:ser>") :][: xml[xml.index("<c:ser>") :].index("</c:spPr>")]
        assert sppr.index("<a:solidFill>") < sppr.index("<a:ln>")


@pytest.mark.libreoffice
def test_workbook_saved_by_libreoffice_then_refreshed_is_clean(demo_xlsm, soffice, tmp_path):
    proc = run_soffice(
        soffice,
        ["--convert-to", "xlsm:Calc MS Excel 2007 VBA XML", "--outdir", str(tmp_path / "lo"), str(demo_xlsm)],
        tmp_path,
    )
    saved = tmp_path / "lo" / demo_xlsm.name
    assert proc.returncode == 0 and saved.exists(), proc.stderr
    with zipfile.ZipFile(saved) as z:
        assert b'appName="Calc"' in z.read("xl/workbook.xml")  # really LibreOffice's package
    out = tmp_path / "lo_aggiornato.xlsm"
    proc = xlperf("refresh", str(saved), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert audit_errors(out) == []
    shared_problems([out])
    again = tmp_path / "lo_aggiornato_2.xlsm"
    assert xlperf("refresh", str(out), "--out", str(again)).returncode == 0
    assert again.read_bytes() == out.read_bytes()
    with zipfile.ZipFile(out) as z:  # VBA and LibreOffice's own buttons are still there
        assert z.read("xl/vbaProject.bin") == zipfile.ZipFile(saved).read("xl/vbaProject.bin")
        assert any(n.startswith("xl/ctrlProps/") for n in z.namelist())
