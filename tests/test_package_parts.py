"""In-memory unit tests of each package part writer: no files, no Excel; exact XML asserted."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from defusedxml import ElementTree as ET

from xlperf.sheet_content import Chart, SheetContent, Style
from xlperf.writers import libreoffice_compat
from xlperf.writers.cell_writer import insert_cell, with_cached_result
from xlperf.writers.chart_part import chart_xml
from xlperf.writers.parts import NotApplicable
from xlperf.writers.sheet_part import cell_xml, sheet_xml
from xlperf.writers.styles_part import Styles
from xlperf.writers.xml import XmlValueError, attr, number, text

ROOT = Path(__file__).resolve().parent.parent
STYLES = (
    '<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill '
    'patternType="gray125"/></fill></fills>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"><protection locked="0"/></xf>'
    "</cellXfs></styleSheet>"
)


def test_xml_values():
    assert text('a < b & "c"') == 'a &lt; b &amp; "c"' and attr('x"y') == "'x\"y'"
    assert text("tab\tok\x07bell") == "tab\tokbell"  # control characters XML forbids are dropped
    assert number(np.float64(0.9734)) == "0.9734" and number(np.int64(7)) == "7" and number(2.0) == "2"
    for bad in (math.nan, math.inf, np.float64("nan"), "1", True, None):
        with pytest.raises(XmlValueError):
            number(bad)


def test_cell_xml():
    assert cell_xml("A1", np.float64(0.5), 3) == '<c r="A1" s="3"><v>0.5</v></c>'
    assert (
        cell_xml("B2", "Città & co", 0)
        == '<c r="B2" s="0" t="inlineStr"><is><t xml:space="preserve">Città &amp; co</t></is></c>'
    )
    assert (
        cell_xml("C3", None, 1) == '<c r="C3" s="1"/>'
        and cell_xml("D4", True, 0) == '<c r="D4" s="0" t="b"><v>1</v></c>'
    )


def test_styles_append_once_and_reuse_their_own():
    st = Styles(STYLES)
    a = st.xf(Style(bold=True, bg="#C6EFCE", number_format="0.00%"))
    assert a == 2 and st.xf(Style(bold=True, bg="#C6EFCE", number_format="0.00%")) == 2
    again = Styles(st.render())  # a second refresh of the same workbook appends nothing
    assert again.xf(Style(bold=True, bg="#C6EFCE", number_format="0.00%")) == 2
    assert again.render() == st.render()
    ET.fromstring(st.render().encode())
    assert 'cellXfs count="3"' in st.render() and 'numFmtId="10"' in st.render()  # builtin 0.00%


def test_styles_clone_with_a_date_format_keeps_protection():
    st = Styles(STYLES)
    i = st.with_number_format(1, "dd-mm-yyyy")
    xml = st.render()
    assert i == 2 and '<numFmt numFmtId="164" formatCode="dd-mm-yyyy"/>' in xml
    assert (
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"><protection '
        'locked="0"/></xf>' in xml
    )
    with pytest.raises(NotApplicable):
        st.with_number_format(99, "0")


def test_sheet_xml_keeps_what_it_does_not_own():
    original = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheetPr codeName="Sheet10"/><sheetData/><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" '
        'header="0.3" footer="0.3"/><pageSetup orientation="portrait" r:id="rId9"/><legacyDrawing r:id="rId1"/>'
        '<controls><control shapeId="1025" r:id="rId2"/></controls></worksheet>'
    )
    layout = SheetContent("Riepilogo", widths={0: 20}, pages_tall=1)
    layout.put(0, 0, "Titolo", Style(bold=True))
    layout.put(1, 1, 0.5)
    xml = sheet_xml(layout, Styles(STYLES), original, None)
    root = ET.fromstring(xml.encode())
    assert root is not None and 'codeName="Sheet10"' in xml and '<legacyDrawing r:id="rId1"/>' in xml
    assert '<controls><control shapeId="1025" r:id="rId2"/></controls>' in xml
    assert 'fitToHeight="1"' in xml and 'r:id="rId9"' in xml and '<dimension ref="A1:B2"/>' in xml


def test_chart_xml_schema_order_and_axis():
    xml = chart_xml("Cruscotto", Chart("Prova & co", "line", "K5:O5", "K6:O6", "I9"))
    ET.fromstring(xml.encode())
    sppr = xml[xml.index("<c:spPr>") : xml.index("</c:spPr>")]
    assert sppr.index("<a:solidFill>") < sppr.index("<a:ln>")
    assert '<c:max val="1"/><c:min val="0"/>' in xml and "Prova &amp; co" in xml
    assert "'Cruscotto'!$K$5:$O$5" in xml


def test_cell_writer_insert_and_cached_result():
    xml = '<sheetData><row r="2"><c r="A2"/><c r="C2"/></row><row r="5"><c r="A5"/></row></sheetData>'
    assert insert_cell(xml, "B2", '<c r="B2"/>') == (
        '<sheetData><row r="2"><c r="A2"/><c r="B2"/><c r="C2"/></row><row r="5"><c r="A5"/></row></sheetData>'
    )
    assert '<row r="3"><c r="A3"/></row><row r="5">' in insert_cell(xml, "A3", '<c r="A3"/>')
    formula = '<c r="L4" s="7" t="str"><f>IF(K4="","",PERF_INDICATOR(G4,K4,F4))</f><v>N/D</v></c>'
    assert (
        with_cached_result(formula, 0.97)
        == '<c r="L4" s="7"><f>IF(K4="","",PERF_INDICATOR(G4,K4,F4))</f><v>0.97</v></c>'
    )
    assert with_cached_result(formula, "Raggiunto").endswith(
        ' t="str"><f>IF(K4="","",PERF_INDICATOR(G4,K4,F4))</f><v>Raggiunto</v></c>'
    )


def test_libreoffice_repairs():
    vml = (
        '<xml><v:shapetype id="t201" o:spt="201"></v:shapetype><v:shape id="shape_0" type="#t201"/>'
        '<v:shapetype id="t201" o:spt="201"></v:shapetype><v:shape id="shape_0" type="#t201"/></xml>'
    )
    files = {
        "xl/workbook.xml": b'<workbook><fileVersion appName="Calc"/><extLst><ext xmlns:loext="x" uri="{1}">'
        b"<loext:extCalcPr/></ext></extLst></workbook>",
        "xl/drawings/vmlDrawing1.vml": vml.encode(),
        "xl/_rels/workbook.xml.rels": b"<Relationships "
        b'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b"</Relationships>",
    }
    assert libreoffice_compat.saved_by_libreoffice(files)
    ct, changed = libreoffice_compat.repair(files, "<Types></Types>")
    assert files["xl/workbook.xml"] == b'<workbook><fileVersion appName="Calc"/></workbook>'
    fixed = files["xl/drawings/vmlDrawing1.vml"].decode()
    assert fixed.count("<v:shapetype") == 1 and 'id="shape_0"' in fixed and 'id="shape_0_2"' in fixed
    assert (
        "xl/theme/theme1.xml" in files
        and "/xl/theme/theme1.xml" in ct
        and b"relationships/theme" in files["xl/_rels/workbook.xml.rels"]
    )
    assert changed == {
        "xl/workbook.xml",
        "xl/drawings/vmlDrawing1.vml",
        "xl/theme/theme1.xml",
        "xl/_rels/workbook.xml.rels",
    }


def test_the_package_writer_needs_neither_the_summary_nor_numpy():
    """The sheet-content types are stdlib only: the file writer of a refresh imports no numpy."""
    code = (
        "import sys, xlperf.sheet_content as c; assert [m for m in sys.modules if m.startswith('xlperf')]"
        " == ['xlperf', 'xlperf.sheet_content'], sorted(sys.modules);"
        "import xlperf.writers.package_writer;"
        "assert 'xlperf.summary' not in sys.modules and 'numpy' not in sys.modules"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
