"""What staff see: sheets and the Relazione rendered as on screen and on paper.

The layout decisions are asserted on the files (widths, wraps, page setup, axis, number formats);
LibreOffice then renders the workbook to PDF and we count pages per sheet, as a printer would.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import run_soffice

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "docs"))
from screenshots import first_lines  # noqa: E402

from xlperf import layout as L
from xlperf.figures import role_without_name
from xlperf.package import sheet_parts

ROOT = Path(__file__).resolve().parent.parent


def xlperf(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "xlperf.cli", *args], capture_output=True, text=True)


@pytest.fixture(scope="module")
def refreshed(demo_xlsm, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("looks") / "PIAO_2025.xlsm"
    shutil.copy(demo_xlsm, path)
    assert xlperf("refresh", str(path)).returncode == 0
    return path


def pages_by_sheet(pdf: Path, titles: dict[str, str]) -> dict[str, int]:
    """Pages each sheet prints on: a sheet starts on the page whose first line is its title."""
    firsts = first_lines(pdf)  # the same reading as docs/screenshots.py
    n = len(firsts)
    starts = {
        sheet: next(i for i, line in enumerate(firsts) if line.startswith(title)) for sheet, title in titles.items()
    }
    order = sorted(starts.values()) + [n]
    return {sheet: order[order.index(start) + 1] - start for sheet, start in starts.items()}


def test_role_is_not_repeated_after_the_name():
    assert role_without_name("Segretario Generale", "Segretario Generale; interim Area 1") == "interim Area 1"
    assert role_without_name("Mario Rossi", "Dirigente Area 2") == "Dirigente Area 2"
    assert role_without_name("Segretario Generale", "Segretario Generale") == ""


def test_dirigenti_sheet_name_on_its_own_line_role_below(refreshed):
    ws = openpyxl.load_workbook(refreshed)[L.DIRIGENTI]
    values = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert not any("—" in v and v.split("—")[0].strip() in v.split("—", 1)[1] for v in values)
    name = next(c for row in ws.iter_rows() for c in row if c.value == "Segretario Generale")
    assert not name.alignment.wrap_text  # one line across the table, never squeezed into «Codice»
    role = ws.cell(row=name.row + 1, column=2)
    assert role.value.startswith("interim Area 1") and role.alignment.wrap_text


def test_summary_print_setup_and_charts(refreshed):
    with zipfile.ZipFile(refreshed) as z:
        parts = sheet_parts(z)
        for sheet in (L.RIEPILOGO, L.CRUSCOTTO):
            setup = re.search(r"<pageSetup [^>]*>", z.read(parts[sheet]).decode()).group(0)
            # one page wide, as many tall as needed (legible: tests/test_printing.py)
            assert 'fitToWidth="1"' in setup and 'fitToHeight="0"' in setup, sheet
        charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
    for xml in charts:  # percentages from 0 % to 100 %, never to 105 %
        assert '<c:max val="1"/><c:min val="0"/>' in xml


def test_cruscotto_side_table_wraps_and_trend_has_even_decimals(refreshed):
    ws = openpyxl.load_workbook(refreshed)[L.CRUSCOTTO]
    side = [ws.cell(row=r, column=9) for r in range(5, 13)]
    assert all(c.alignment.wrap_text for c in side if c.value)
    formats = {}
    for row in ws.iter_rows(min_col=9, max_col=15):
        if row[0].value in ("Gradimento dei servizi camerali", "Costi di funzionamento per impresa attiva"):
            formats[row[0].value] = {c.number_format for c in row[2:] if c.value is not None}
    assert formats == {
        "Gradimento dei servizi camerali": {"0.0"},
        "Costi di funzionamento per impresa attiva": {"0.00"},
    }


def test_entry_and_albero_headers_and_names_fit(demo_xlsm):
    wb = openpyxl.load_workbook(demo_xlsm)
    ws = wb["Area 2"]
    assert (
        ws.row_dimensions[L.ENTRY_HEADER_ROW].height >= L.HEADER_ROW_HEIGHT - 0.5
    )  # three lines: «Consuntivo anno precedente»
    assert (
        ws.cell(row=L.ENTRY_HINT_ROW, column=1).value == L.ENTRY_HINT_MASTER
        and "Monitoraggio 30/06" in L.ENTRY_HINT_MASTER
    )
    albero = wb[L.ALBERO]
    col = L.ALBERO_FIELDS.index("dirigenti") + 1
    cells = [albero.cell(row=r, column=col) for r in range(L.ALBERO_FIRST_ROW, albero.max_row + 1)]
    assert all(c.alignment.wrap_text for c in cells if c.value)
    istruzioni = " ".join(str(c.value) for row in wb[L.ISTRUZIONI].iter_rows() for c in row if c.value)
    assert "Monitoraggio 30/06" in istruzioni


def test_area_copy_texts_say_what_is_locked(demo_xlsm, tmp_path):
    assert xlperf("distribuisci", str(demo_xlsm), "--out", str(tmp_path)).returncode == 0
    copy = next(tmp_path.glob("*Area 2*"))
    wb = openpyxl.load_workbook(copy)
    assert wb["Area 2"].cell(row=L.ENTRY_HINT_ROW, column=1).value == L.area_copy_hint("31/12")
    istruzioni = " ".join(str(c.value) for row in wb[L.ISTRUZIONI].iter_rows() for c in row if c.value)
    assert "sono bloccati" in istruzioni and "target, pesi e operatori." not in istruzioni


TITLES = {
    L.RIEPILOGO: "Riepilogo della performance 2025",
    L.CRUSCOTTO: "Cruscotto della performance 2025",
    L.ALBERO: "Albero della performance",
    "Andamento": "Andamento pluriennale",
    L.VARIAZIONI: "Variazioni del piano",
    L.DIRIGENTI: "Obiettivi per dirigente 2025",
    L.CONTROLLI: "Controlli sui dati 2025",
    "Relazione": "Relazione sulla performance: testi e tabelle",
}


def _printed_sizes(pdf: Path, first: int, last: int) -> list[float]:
    """Font sizes of the words LibreOffice printed on pages first..last (poppler's word box is
    ascent + descent high: 1,22 × the size in Carlito/Calibri)."""
    bbox = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(first), "-l", str(last), str(pdf), "-"], capture_output=True, text=True
    ).stdout
    return [(float(b) - float(a)) / 1.22 for a, b in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', bbox)]


@pytest.mark.libreoffice
def test_printed_sheets_are_legible(refreshed, soffice, tmp_path):
    """Riepilogo, Cruscotto, Dirigenti and an area sheet as LibreOffice prints them: one page wide,
    as many tall as needed, body text at ≥ 8 pt (it was ~4 pt on one page)."""
    proc = run_soffice(soffice, ["--convert-to", "pdf", "--outdir", str(tmp_path), str(refreshed)], tmp_path)
    assert proc.returncode == 0, proc.stderr
    pdf = tmp_path / (refreshed.stem + ".pdf")
    titles = {**TITLES, "Area 2": "Area 2 Tutela"}
    pages = pages_by_sheet(pdf, titles)
    firsts = first_lines(pdf)
    for sheet in (L.RIEPILOGO, L.CRUSCOTTO, L.DIRIGENTI, "Area 2"):
        start = next(i for i, line in enumerate(firsts, start=1) if line.startswith(titles[sheet]))
        sizes = sorted(_printed_sizes(pdf, start, start + pages[sheet] - 1))
        assert sizes[len(sizes) // 2] >= 7.9, (sheet, sizes[len(sizes) // 2])
    assert pages[L.RIEPILOGO] >= 2  # as tall as needed, not squeezed onto one page


@pytest.mark.libreoffice
def test_unrefreshed_placeholders_print_on_one_page_each(soffice, tmp_path):
    template = ROOT / "workbook" / "PIAO_template.xlsm"
    proc = run_soffice(soffice, ["--convert-to", "pdf", "--outdir", str(tmp_path), str(template)], tmp_path)
    assert proc.returncode == 0, proc.stderr
    titles = {name: name for name in (L.RIEPILOGO, L.CRUSCOTTO, L.DIRIGENTI, L.CONTROLLI)}
    titles["Andamento"] = "Andamento pluriennale"
    titles[L.VARIAZIONI] = "Variazioni del piano"
    titles["Relazione"] = "Relazione sulla performance: testi e tabelle"
    pages = pages_by_sheet(tmp_path / "PIAO_template.pdf", titles)
    assert {k: v for k, v in pages.items() if k != "Relazione"} == dict.fromkeys(pages.keys() - {"Relazione"}, 1)


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils non installato: .ci/run lo installa")
def test_relazione_keeps_headings_with_their_tables(demo_xlsm, tmp_path):
    pdf = tmp_path / "r.pdf"
    proc = xlperf("report", str(demo_xlsm), "--pdf", str(pdf))
    assert proc.returncode == 0, proc.stderr
    assert "impaginazione della relazione" in proc.stderr  # progress
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    pages = [
        [ln for ln in p.splitlines() if ln.strip() and not ln.strip().startswith("Pagina ")] for p in text.split("\f")
    ]
    heading = re.compile(r"^\s*(\d{2}_\d{2}_(UIC|OS|OP)\d{2} - |Obiettivo strategico \d{2}_\d{2}|Ambito strategico )")
    section3 = False
    for i, lines in enumerate(pages):
        if not lines:
            continue
        assert not heading.match(lines[-1]), f"pagina {i + 1} finisce con un titolo: {lines[-1].strip()}"
        assert "Performance (media degli obiettivi assegnati)" not in lines[0], f"pagina {i + 1}: totale orfano"
        if (
            section3
            and not heading.match(lines[0])
            and not lines[0].lstrip().startswith(("4 -", "5 -", "Obiettivo strategico"))
        ):
            # a page that continues an indicator table starts with its repeated header
            assert re.match(r"^\s*(Peso|%|Codice)", lines[0]), f"pagina {i + 1} senza intestazione: {lines[0].strip()}"
        section3 = section3 or any(ln.lstrip().startswith("3 - Rendicontazione") for ln in lines)
