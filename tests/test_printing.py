"""Legible prints: Riepilogo, Cruscotto, Dirigenti, Controlli, the entry sheets and the Albero print one
page wide, as many pages tall as needed, at ≥ 8 pt, with their header rows repeated (print titles)."""

import re
import zipfile

import pytest

from xlperf import layout as L
from xlperf import summary
from xlperf.aggregate import score_plan
from xlperf.demo import demo_plan
from xlperf.printing import ENTRY_PAPER, MIN_PRINTED_PT, PAPERS, PRINTS, printed_pt


def test_the_refreshed_sheets_print_at_8_pt_or_more_as_tall_as_needed():
    plan = demo_plan()
    res = score_plan(plan)
    mid = score_plan(plan, "30/06")
    for sheet in (
        summary.riepilogo(plan, res),
        summary.cruscotto(plan, res, mid),
        summary.dirigenti(plan, res),
        summary.controlli(plan, []),
    ):
        used = max(len(r) for r in sheet.rows)
        widths = [sheet.widths.get(c, 8.43) for c in range(used)]
        assert printed_pt(widths, sheet.paper) >= MIN_PRINTED_PT, sheet.name
        assert sheet.pages_tall == 0 and sheet.title_rows, sheet.name


def test_the_entry_sheets_and_the_albero_print_at_8_pt_or_more():
    shown = [c.width for c in L.ENTRY_COLUMNS if c.field not in L.APPROVED_FIELDS.values()]  # hidden
    assert printed_pt(shown, ENTRY_PAPER) >= MIN_PRINTED_PT
    assert printed_pt([c.width for c in L.ALBERO_COLUMNS], ENTRY_PAPER) >= MIN_PRINTED_PT
    assert printed_pt(shown, "A4") < MIN_PRINTED_PT  # why they print on A3


@pytest.fixture(scope="module")
def template_xml(tmp_path_factory):
    from xlperf.template import build_workbook

    path = build_workbook(tmp_path_factory.mktemp("t") / "t.xlsm", demo_plan())
    with zipfile.ZipFile(path) as z:
        workbook = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
        sheets = {
            name: z.read("xl/" + re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"', rels).group(1)).decode()
            for name, rid in re.findall(r'<sheet name="([^"]+)" sheetId="\d+" r:id="(rId\d+)"', workbook)
        }
    return workbook, sheets


def test_the_template_repeats_the_header_rows_and_fits_the_width(template_xml):
    workbook, sheets = template_xml
    declared = re.findall(r'<definedName name="_xlnm.Print_Titles"[^>]*>([^<]+)</definedName>', workbook)
    for name, (paper, rows) in PRINTS.items():
        first, last = rows.split(":")
        assert f"{name}!${first}:${last}" in declared, name
        setup = re.search(r"<pageSetup [^>]*>", sheets[name]).group(0)
        assert f'paperSize="{PAPERS[paper][0]}"' in setup and 'fitToHeight="0"' in setup, name
    for name in ["Area 1", L.ALBERO]:
        setup = re.search(r"<pageSetup [^>]*>", sheets[name]).group(0)
        assert f'paperSize="{PAPERS[ENTRY_PAPER][0]}"' in setup and 'fitToHeight="0"' in setup, name
        assert any(d.startswith(f"'{name}'!$") or d.startswith(f"{name}!$") for d in declared), name
