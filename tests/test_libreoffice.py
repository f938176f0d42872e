"""An independent office suite opens our workbooks, renders them and sees the macro and its button."""

import re
import zipfile
from pathlib import Path

import pytest

from conftest import run_soffice

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.libreoffice


@pytest.mark.parametrize("which", ["template", "demo"])
def test_libreoffice_opens_and_converts_to_pdf(which, demo_xlsm, soffice, tmp_path):
    src = ROOT / "workbook" / "PIAO_template.xlsm" if which == "template" else demo_xlsm
    proc = run_soffice(soffice, ["--convert-to", "pdf", "--outdir", str(tmp_path), str(src)], tmp_path)
    pdf = tmp_path / (src.stem + ".pdf")
    assert proc.returncode == 0 and pdf.exists(), proc.stderr
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000
    if which == "demo":
        import subprocess

        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        assert "Albero della performance" in text and "01_04_OS02" in text
        assert "79.08%" in text or "79,08%" in text  # the cached result, shown without Excel


def test_libreoffice_sees_the_macro_and_the_bound_button(soffice, tmp_path):
    src = ROOT / "workbook" / "PIAO_template.xlsm"
    proc = run_soffice(soffice, ["--convert-to", "ods", "--outdir", str(tmp_path), str(src)], tmp_path)
    ods = tmp_path / "PIAO_template.ods"
    assert proc.returncode == 0 and ods.exists(), proc.stderr
    with zipfile.ZipFile(ods) as zf:
        module = zf.read("Basic/VBAProject/xlperf.xml").decode()
        assert "Sub AggiornaRiepilogo()" in module
        assert "Function PERF_INDICATOR" in zf.read("Basic/VBAProject/xlwings_udfs.xml").decode()
        content = zf.read("content.xml").decode()
    buttons = re.findall(r'<form:button[^>]*form:label="Aggiorna riepilogo"', content)
    assert len(buttons) == 2  # Riepilogo and Cruscotto
    assert content.count("vnd.sun.star.script:VBAProject.xlperf.AggiornaRiepilogo?language=Basic&amp;location=document") == 2
