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
    assert (
        content.count("vnd.sun.star.script:VBAProject.xlperf.AggiornaRiepilogo?language=Basic&amp;location=document")
        == 2
    )


def test_libreoffice_renders_the_refreshed_cruscotto(demo_xlsm, soffice, tmp_path):
    import shutil
    import subprocess
    import sys

    path = tmp_path / "PIAO_2025.xlsm"
    shutil.copy(demo_xlsm, path)
    subprocess.run([sys.executable, "-m", "xlperf.cli", "refresh", str(path)], check=True, capture_output=True)
    proc = run_soffice(soffice, ["--convert-to", "pdf", "--outdir", str(tmp_path), str(path)], tmp_path)
    pdf = tmp_path / "PIAO_2025.pdf"
    assert proc.returncode == 0 and pdf.exists(), proc.stderr
    pages = int(
        re.search(
            r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        ).group(1)
    )
    texts = [
        subprocess.run(["pdftotext", "-f", str(i), "-l", str(i), str(pdf), "-"], capture_output=True, text=True).stdout
        for i in range(1, pages + 1)
    ]
    page = next(i for i, t in enumerate(texts, start=1) if t.startswith("Cruscotto della performance 2025"))
    assert re.search(r"97[.,]34\s?%", texts[page - 1]) and re.search(r"79[.,]08\s?%", texts[page - 1])
    png = tmp_path / "cruscotto"
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", str(page), "-l", str(page), str(pdf), str(png)], check=True)
    out = next(tmp_path.glob("cruscotto*.png"))
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and out.stat().st_size > 10_000
