"""`xlperf report`: the Relazione's tables in PDF (checked with pdftotext), DOCX (python-docx), HTML."""

import re
import shutil
import subprocess
import sys

import pytest
from docx import Document

from xlperf.aggregate import score_plan
from xlperf.literals import format_percent
from xlperf.readers.workbook import read_workbook


@pytest.fixture(scope="module")
def reports(demo_xlsm, tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "xlperf.cli",
            "report",
            str(demo_xlsm),
            "--pdf",
            str(out / "r.pdf"),
            "--docx",
            str(out / "r.docx"),
            "--html",
            str(out / "r.html"),
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert "97,34 %" in proc.stdout
    plan, _ = read_workbook(demo_xlsm)
    return out, plan, score_plan(plan)


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils non installato: .ci/run lo installa")
def test_pdf_has_every_objective_with_its_percentage(reports):
    out, plan, res = reports
    text = subprocess.run(["pdftotext", "-layout", str(out / "r.pdf"), "-"], capture_output=True, text=True).stdout
    flat = re.sub(r"\s+", " ", text)
    assert "PERFORMANCE DI ENTE" in flat and "97,34 %" in flat
    for o in plan.objectives:
        assert re.search(
            re.escape(o.code) + r" - .{0,200}?" + re.escape(format_percent(res.objectives[o.code])), flat
        ), o.code
    for s in plan.strategic:
        assert f"Obiettivo strategico {s.code}" in flat and format_percent(res.strategic[s.code]) in flat
    assert "79,08 %" in flat and "Entro 31-03-2025" in flat  # Italian numbers and dates
    assert "4 - Rendicontazione degli obiettivi individuali" in flat


def test_docx_tables_carry_every_objective_and_indicator(reports):
    out, plan, res = reports
    doc = Document(str(out / "r.docx"))
    cells = {c.text for t in doc.tables for row in t.rows for c in row.cells}
    tree = next(t for t in doc.tables if t.rows[0].cells[0].text == "Obiettivo strategico")
    by_code = {row.cells[2].text.split(" ")[0]: row.cells[3].text for row in tree.rows[1:]}
    for o in plan.objectives:
        assert by_code[o.code] == format_percent(res.objectives[o.code]), o.code
    assert "97,34 %" in cells
    indicator_tables = [t for t in doc.tables if t.rows[0].cells[0].text == "Peso"]
    assert sum(len(t.rows) - 1 for t in indicator_tables) == len(plan.indicators)
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert any(h.startswith("Obiettivo strategico 01_04") and "87,93 %" in h for h in headings)


def test_html_is_a_standalone_page(reports):
    out, plan, _ = reports
    html = (out / "r.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and 'lang="it"' in html
    assert html.count("<caption>Indicatori dell&#x27;obiettivo ") == len(plan.objectives)


def test_report_needs_a_format_and_clean_data(demo_xlsm, tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "xlperf.cli", "report", str(demo_xlsm)], capture_output=True, text=True
    )
    assert proc.returncode == 2 and "--pdf" in proc.stderr
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "objective_code;indicator_code;indicator_name;weight_pct;operator;target;unit;actual\nA;;x;100;>=;boh;N.;1\n"
    )
    proc = subprocess.run(
        [sys.executable, "-m", "xlperf.cli", "report", str(bad), "--html", str(tmp_path / "x.html")],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2 and "riga 2" in proc.stderr and not (tmp_path / "x.html").exists()


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils non installato: .ci/run lo installa")
def test_area_report_has_only_its_objectives_and_its_own_headline(reports, demo_xlsm, tmp_path):
    """`report --area`: the OIV's «report di Area»: the area's performance (mean of its operational
    objectives), its objectives with their indicator tables and its dirigenti; no other area's."""
    from xlperf.aggregate import plain_mean

    _, plan, res = reports
    pdf = tmp_path / "area2.pdf"
    proc = subprocess.run(
        [sys.executable, "-m", "xlperf.cli", "report", str(demo_xlsm), "--area", "area 2", "--pdf", str(pdf)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    flat = re.sub(r"\s+", " ", subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout)
    area = next(a for a in plan.areas if a.startswith("Area 2"))
    mine = [o for o in plan.objectives if o.area == area]
    others = [o for o in plan.objectives if o.area != area]
    assert f"Report dell'area {area}" in flat and "PERFORMANCE DELL'AREA" in flat
    assert format_percent(plain_mean(res.objectives[o.code] for o in mine)) in flat
    assert "PERFORMANCE DI ENTE" not in flat
    for o in mine:
        assert re.search(re.escape(o.code) + r" - .{0,200}?" + re.escape(format_percent(res.objectives[o.code])), flat)
    assert not [o.code for o in others if f"{o.code} - " in flat]
    assert "4 - Rendicontazione degli obiettivi individuali" in flat


def test_per_area_writes_one_report_per_area_and_unknown_areas_are_named(reports, demo_xlsm, tmp_path):
    _, plan, _ = reports
    folder = tmp_path / "aree"
    cli = [sys.executable, "-m", "xlperf.cli", "report", str(demo_xlsm)]
    proc = subprocess.run([*cli, "--per-area", str(folder), "--silenzioso"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    pdfs = sorted(folder.glob("*.pdf"))
    assert len(pdfs) == len({o.area for o in plan.objectives}) == 5
    for a in {o.area for o in plan.objectives}:
        assert any(a in p.name for p in pdfs), a
    proc = subprocess.run([*cli, "--area", "Area 9", "--pdf", str(tmp_path / "x.pdf")], capture_output=True, text=True)
    assert proc.returncode == 2 and "Area 9" in proc.stderr and "Area 2 Tutela del mercato" in proc.stderr
    assert not (tmp_path / "x.pdf").exists()
