"""The Relazione from one section model: every section and text of the model in the PDF (pdftotext),
the DOCX (python-docx) and the HTML (parsed); the PDF tagged PDF/UA-1 and PDF/A-2a (pdfua, pikepdf),
byte-reproducible; the DOCX Italian, with Word's headings, repeated header rows, unsplit rows."""

from __future__ import annotations

import html
import html.parser
import re
import shutil
import subprocess
import sys

import openpyxl
import pytest
from docx import Document as Word

from xlperf import layout as L
from xlperf.aggregate import score_plan
from xlperf.readers.grid import grid
from xlperf.readers.relazione import read_relazione
from xlperf.readers.workbook import read_workbook
from xlperf.relazione.build import build_document
from xlperf.relazione.doc import Heading

CAUSE = "bando regionale avviato solo a ottobre"
ACTION = "anticipare la pubblicazione al primo trimestre"
ACT = "delibera di Giunta n. 46 del 22/06/2025"

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils: .ci/run lo installa")


def xlperf(*args):
    return subprocess.run([sys.executable, "-m", "xlperf.cli", *args], capture_output=True, text=True)


def _edit(path, changes: dict[str, object]) -> None:
    wb = openpyxl.load_workbook(path, keep_vba=True)
    for place, value in changes.items():
        sheet, cell = place.split("!")
        wb[sheet][cell] = value
    wb.save(path)


@pytest.fixture(scope="module")
def relazione(demo_xlsm, tmp_path_factory):
    """The demo approved, one target revised (with its variation), a cause and an action written in an
    area sheet; the Relazione in the three formats."""
    out = tmp_path_factory.mktemp("relazione")
    work = out / "PIAO_2025.xlsm"
    shutil.copy(demo_xlsm, work)
    assert xlperf("approva", str(work), "--data", "31-01-2025").returncode == 0
    plan, _ = read_workbook(work)
    revised = next(i for i in plan.indicators if i.code and isinstance(i.target, float) and i.unit == "N.")
    low = next(i for i in plan.indicators if i.objective == "01_04_OS02" and i.source.startswith("Area"))
    row = L.VARIATION_HEADER_ROW + 1
    variation = (revised.code, "Target", None, None, "22-06-2025", ACT, "azione correttiva")
    _edit(
        work,
        {
            revised.place("target"): revised.target * 2,
            low.place("cause"): CAUSE,
            low.place("action"): ACTION,
            **{f"{L.VARIAZIONI}!{L.col_letter(i)}{row}": v for i, v in enumerate(variation)},
        },
    )
    paths = {k: out / f"r.{k}" for k in ("pdf", "docx", "html")}
    proc = xlperf("report", str(work), *(x for k, p in paths.items() for x in (f"--{k}", str(p))))
    assert proc.returncode == 0, proc.stderr
    plan, _ = read_workbook(work)
    res = score_plan(plan)
    return work, paths, plan, res, build_document(plan, res), revised


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


class _Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "td", "th", "p", "h1", "h2", "h3", "h4", "h5", "caption"):
            self.parts.append("\n")


def _pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _docx_text(path) -> str:
    word = Word(str(path))
    parts = [p.text for p in word.paragraphs]
    parts += [c.text for t in word.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


def _html_text(path) -> str:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return "".join(parser.parts)


@needs_poppler
def test_every_section_and_text_of_the_model_is_in_every_format(relazione):
    _, paths, _, _, doc, _ = relazione
    # compared without white space: a line may wrap after «/» in the PDF
    texts = [re.sub(r"\s+", "", t) for t in doc.texts() if t.strip()]
    assert len(texts) > 3000
    for kind, extract in (("pdf", _pdf_text), ("docx", _docx_text), ("html", _html_text)):
        whole = re.sub(r"\s+", "", extract(paths[kind]))
        missing = [t for t in dict.fromkeys(texts) if t not in whole]
        assert not missing, (kind, missing[:5])
    headings = [b.text for b in doc.blocks if isinstance(b, Heading) and b.level == 1]
    assert headings == [
        "Premessa",
        "In sintesi",
        "1 - Principali risultati raggiunti",
        "2 - Analisi del contesto e delle risorse",
        "3 - Rendicontazione della performance organizzativa",
        "4 - Rendicontazione degli obiettivi individuali",
        "5 - Il processo di misurazione e valutazione",
    ]
    subsections = [b.text for b in doc.blocks if isinstance(b, Heading) and b.level == 2]
    for name in ("2.4 Il bilancio di genere", "3.0 Albero della performance"):
        assert name in subsections
    assert any(s.startswith("3.2 Valutazione complessiva") for s in subsections)


@needs_poppler
def test_cause_action_variation_and_adoption_act_in_every_format(relazione):
    _, paths, _, _, _, revised = relazione
    for kind, extract in (("pdf", _pdf_text), ("docx", _docx_text), ("html", _html_text)):
        whole = _flat(extract(paths[kind]))
        assert CAUSE in whole and ACTION in whole and ACT in whole, kind
        assert "Adottata con Deliberazione di Giunta n. 27/26 del 25/03/2026" in whole, kind
        assert "Nessun obiettivo ha realizzato una performance inferiore al 60 %." in whole, kind
        assert "(approvato: " in whole and revised.code in whole, kind


@needs_poppler
def test_the_revised_target_and_the_approved_one_sit_on_two_lines_inside_their_cell(relazione):
    """No overprinted cell: «(approvato: …)» is a line of its own, under the revised target and left of
    the Consuntivo column."""
    _, paths, _, res, doc, revised = relazione
    bbox = subprocess.run(
        ["pdftotext", "-bbox", str(paths["pdf"]), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = [
        (float(x0), float(y0), float(x1), html.unescape(w))
        for x0, y0, x1, w in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)', bbox
        )
    ]
    i = next(k for k, w in enumerate(words) if w[3] == "(approvato:")
    approved_line = [w for w in words[i : i + 6] if abs(w[1] - words[i][1]) < 1]
    target_line = [w for w in words[i - 6 : i] if 5 < words[i][1] - w[1] < 16 and w[0] > words[i][0] - 60]
    assert target_line and approved_line[-1][3].endswith(")")  # the approved target on the next line
    actual = next(w for w in words[i:] if abs(w[1] - target_line[0][1]) < 1)  # the Consuntivo, same row
    assert max(w[2] for w in approved_line + target_line) < actual[0]  # left of it: nothing overprinted


def test_pdf_is_tagged_pdf_ua_and_pdf_a_with_italian_language(relazione):
    import pikepdf

    _, paths, *_ = relazione
    check = subprocess.run([sys.executable, "-m", "pdfua", "check", str(paths["pdf"])], capture_output=True, text=True)
    if check.returncode != 0 and "No module named pdfua" in check.stderr:
        check = subprocess.run(["pdfua", "check", str(paths["pdf"])], capture_output=True, text=True)
    assert check.returncode == 0 and "errors=0 warnings=0" in check.stdout, check.stdout[-2000:]
    with pikepdf.open(paths["pdf"]) as pdf:
        root = pdf.Root
        assert str(root.Lang).startswith("it")
        assert bool(root.ViewerPreferences.DisplayDocTitle) and bool(root.MarkInfo.Marked)
        meta = pdf.open_metadata()
        assert (meta["pdfaid:part"], meta["pdfaid:conformance"], meta["pdfuaid:part"]) == ("2", "A", "1")
        kinds: dict[str, list] = {}

        def walk(e):
            if isinstance(e, pikepdf.Array):
                for x in e:
                    walk(x)
            elif isinstance(e, pikepdf.Dictionary):
                if "/S" in e:
                    kinds.setdefault(str(e.S), []).append(e)
                if "/K" in e:
                    walk(e.K)

        walk(root.StructTreeRoot.K)
        assert {"/H1", "/H2", "/H3", "/H4", "/H5", "/Table", "/TH", "/TD", "/Figure"} <= set(kinds)
        scopes = [a.get("/Scope") for th in kinds["/TH"] for a in th.A if isinstance(a, pikepdf.Dictionary)]
        assert sum(s is not None for s in scopes) == len(kinds["/TH"])
        assert all(str(f.get("/Alt", "")).startswith("Andamento di «") for f in kinds["/Figure"])
        for page in pdf.pages:
            for font in page.Resources.get("/Font", {}).values():
                descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                d = descendant.FontDescriptor
                assert any(k in d for k in ("/FontFile", "/FontFile2", "/FontFile3")), font.BaseFont


def test_same_workbook_same_pdf_bytes(relazione, tmp_path):
    work, paths, *_ = relazione
    again = tmp_path / "again.pdf"
    assert xlperf("report", str(work), "--pdf", str(again)).returncode == 0
    assert again.read_bytes() == paths["pdf"].read_bytes()


def test_docx_is_italian_with_word_headings_repeated_headers_and_unsplit_rows(relazione):
    import zipfile

    _, paths, plan, *_ = relazione
    word = Word(str(paths["docx"]))
    styles = zipfile.ZipFile(paths["docx"]).read("word/styles.xml").decode()
    assert 'w:lang w:val="it-IT"' in styles and "en-US" not in styles
    fonts = set(re.findall(r'w:ascii="([^"]+)"', styles))
    assert fonts == {"Calibri"}
    used = {p.style.name for p in word.paragraphs}
    assert {"Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4", "Heading 5"} <= used
    assert word.core_properties.author == plan.ente
    for t in word.tables:
        rows = t._tbl.tr_lst
        assert (
            rows[0].trPr is not None
            and rows[0].trPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader") is not None
        )
        assert all(
            r.trPr is not None
            and r.trPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}cantSplit") is not None
            for r in rows
        )
    indicator = next(t for t in word.tables if t.rows[0].cells[0].text == "Peso")
    widths = [c.width for c in indicator.columns]
    assert widths[2] > 3 * widths[0]  # proportional, not equal
    pct = indicator.rows[1].cells[5].paragraphs[0]
    assert pct.alignment is not None and pct.alignment.name == "RIGHT"


def test_html_is_italian_with_scoped_headers_alt_text_and_readable_status_colours(relazione):
    _, paths, *_ = relazione
    page = paths["html"].read_text(encoding="utf-8")
    assert '<html lang="it">' in page and '<th scope="col">' in page and "<th>" not in page
    assert page.count('role="img" aria-label="Andamento di «') == 3

    def luminance(hex_color: str) -> float:
        rgb = [int(hex_color.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    for fill in [*L.STATUS_FILLS.values(), L.HEADER_FILL]:
        hi, lo = sorted((luminance(fill.bg), luminance(fill.fg)), reverse=True)
        assert (hi + 0.05) / (lo + 0.05) >= 4.5, fill


def test_objectives_under_the_threshold_are_listed_with_their_causes(relazione):
    _, _, plan, res, _, _ = relazione
    low = next(o for o in plan.objectives if o.code == "01_04_OS02")
    res.objectives[low.code] = 0.5
    texts = list(build_document(plan, res).texts())
    at = texts.index("Obiettivi con una performance inferiore al 60 %:")
    assert f"{low.code} {low.name}" in texts[at:] and any(CAUSE in t for t in texts[at:])
    assert "Nessun obiettivo ha realizzato una performance inferiore al 60 %." not in texts


def test_an_empty_text_is_a_placeholder_naming_its_cell(relazione):
    _, _, plan, res, _, _ = relazione
    empty = plan.model_copy(deep=True)
    empty.relazione.texts["premessa"] = ""
    texts = list(build_document(empty, res).texts())
    where = plan.relazione.where("premessa")
    assert where.startswith("Relazione!B")
    assert f"[Da compilare: «Premessa» nel foglio {where}]" in texts


def test_the_relazione_sheet_reports_bad_cells_in_italian_at_the_cell():
    from xlperf.relazione.content import TABLES, TEXTS

    rows: list[list] = [["Relazione"], [], [], ["Voce", "Testo"]]
    rows += [[f.label, "25-13-2026" if f.key == "act_date" else ""] for f in TEXTS]
    personnel = next(t for t in TABLES if t.key == "personnel")
    rows += [
        [],
        [personnel.title],
        list(personnel.headers),
        ["Dirigenti", "tre", None, None],
        ["Istruttori", 39, 20, 18],
    ]
    rel, problems = read_relazione(grid("Relazione", rows))
    by_place = {p.place: p for p in problems}
    date_row = 5 + [f.key for f in TEXTS].index("act_date")
    assert "data di adozione non valida" in by_place[f"Relazione!B{date_row}"].message
    number_row = 4 + len(TEXTS) + 4  # header row 4, texts, a blank row, title, headers
    assert "«Totale» non è un numero: «tre»" in by_place[f"Relazione!B{number_row}"].message
    assert any("non fanno il totale" in p.message for p in problems)
    assert rel.tables["personnel"][1] == ["Istruttori", 39.0, 20.0, 18.0]


@pytest.mark.slow  # six Typst processes
def test_a_long_relazione_laid_out_in_parts_is_one_valid_tagged_pdf(relazione, tmp_path):
    """Above PART_ROWS the Relazione is compiled in parts (each in its own process) and joined: one
    structure tree (every element's page in the document, IDs unique, parent-tree keys matching the
    pages), PDF/UA and PDF/A still, every text of the model still there."""
    import pikepdf

    from xlperf.relazione.pdf_writer import _parts, to_pdf_bytes

    _, paths, _, _, doc, _ = relazione
    assert len(_parts(doc, 100)) >= 5
    joined = tmp_path / "parts.pdf"
    joined.write_bytes(to_pdf_bytes(doc, part_rows=100))
    check = subprocess.run(["pdfua", "check", str(joined)], capture_output=True, text=True)
    assert check.returncode == 0 and "errors=0 warnings=0" in check.stdout, check.stdout[-2000:]
    whole = re.sub(r"\s+", "", _pdf_text(joined))
    missing = [t for t in (re.sub(r"\s+", "", t) for t in doc.texts()) if t and t not in whole]
    assert not missing, missing[:5]
    assert "3-Rendicontazionedellaperformanceorganizzativa(segue)" in whole
    with pikepdf.open(joined) as pdf:
        root = pdf.Root.StructTreeRoot
        pages = {p.objgen for p in pdf.pages}
        ids, on_pages, stack = [], [], [root.K]
        while stack:
            e = stack.pop()
            if isinstance(e, pikepdf.Array):
                stack.extend(e)
            elif isinstance(e, pikepdf.Dictionary) and "/S" in e:
                if "/Pg" in e:
                    on_pages.append(e.Pg.objgen in pages)
                if "/ID" in e:
                    ids.append(str(e.ID))
                if "/K" in e:
                    stack.append(e.K)
        assert on_pages and all(on_pages) and len(ids) == len(set(ids)) > 0
        keys = [int(k) for k in root.ParentTree.Nums[0::2]]
        assert keys == sorted({int(p.StructParents) for p in pdf.pages}) and int(root.ParentTreeNextKey) == len(keys)
        assert (pdf.open_metadata()["pdfaid:part"], str(pdf.Root.Lang)) == ("2", "it-IT")
        assert len(pdf.pages) >= len(pikepdf.open(paths["pdf"]).pages)
