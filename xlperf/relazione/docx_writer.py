"""The section model in Word (python-docx): the file staff paste into their own Relazione.

Italian everywhere (w:lang it-IT in the styles: Word does not underline every word), Word's built-in
heading styles (the navigation pane), one font family, proportional column widths, numbers
right-aligned, header rows repeated on every page, rows never split across pages, author = the Ente.
"""

from __future__ import annotations

from pathlib import Path

from .. import layout as L
from .doc import Cell, Document, Heading, PageBreak, Paragraph, Table

FONT = "Calibri"  # Carlito in the PDF is its metric-compatible twin
_WIDTH_CM = 29.7 - 2 * 1.5


def _hex(color: str) -> str:
    return color.lstrip("#")


def to_docx(doc: Document, path: Path) -> Path:
    from docx import Document as Word
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_COLOR_INDEX
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    word = Word()
    section = word.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))

    def lang_and_font(style_element) -> None:
        rpr = style_element.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            style_element.append(rpr)
        for old in rpr.findall(qn("w:lang")) + rpr.findall(qn("w:rFonts")):
            rpr.remove(old)
        fonts = OxmlElement("w:rFonts")
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), FONT)
        rpr.insert(0, fonts)
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), doc.lang)
        lang.set(qn("w:eastAsia"), doc.lang)
        lang.set(qn("w:bidi"), doc.lang)
        rpr.append(lang)

    defaults = word.styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault"))
    lang_and_font(rpr_default)
    for style in word.styles:  # the built-in styles name their own (theme) fonts: one family throughout
        if style.element.find(qn("w:rPr")) is not None or style.name.startswith(("Heading", "Title", "Normal")):
            lang_and_font(style.element)
    word.styles["Normal"].font.size = Pt(9.5)

    def shade(cell, hex_color: str) -> None:
        props = cell._tc.get_or_add_tcPr()
        shd = OxmlElement("w:shd")
        shd.set(qn("w:val"), "clear")
        shd.set(qn("w:color"), "auto")
        shd.set(qn("w:fill"), _hex(hex_color))
        props.append(shd)

    def put(cell, c: Cell, align_right: bool) -> None:
        p = cell.paragraphs[0]
        if align_right:
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        text = c.chart.alt if c.chart is not None else c.text
        for i, line in enumerate(text.split("\n")):
            if i:
                p.add_run().add_break(WD_BREAK.LINE)
            run = p.add_run(line)
            run.bold = c.bold or None
            if c.status is not None:
                run.font.color.rgb = RGBColor.from_string(_hex(L.STATUS_FILLS[c.status].fg))
        if c.status is not None:
            shade(cell, L.STATUS_FILLS[c.status].bg)

    def no_split(row) -> None:
        trpr = row._tr.get_or_add_trPr()
        trpr.append(OxmlElement("w:cantSplit"))

    def table(t: Table) -> None:
        if t.caption:
            cap = word.add_paragraph(style="Caption")
            cap.add_run(t.caption)
            cap.paragraph_format.keep_with_next = True
        w = word.add_table(rows=1, cols=len(t.headers))
        w.style = "Table Grid"
        w.alignment = WD_TABLE_ALIGNMENT.CENTER
        w.autofit = False
        total = sum(t.widths) or 1
        widths = [Cm(_WIDTH_CM * x / total) for x in t.widths]
        head = w.rows[0]
        trpr = head._tr.get_or_add_trPr()
        trpr.append(OxmlElement("w:tblHeader"))
        no_split(head)
        for cell, h, k in zip(head.cells, t.headers, t.kinds, strict=True):
            put(cell, Cell(h, bold=True), k != "text")
            cell.paragraphs[0].runs[0].font.color.rgb = RGBColor.from_string(_hex(L.HEADER_FILL.fg))
            shade(cell, L.HEADER_FILL.bg)
        for row in t.rows:
            r = w.add_row()
            no_split(r)
            for cell, c, k in zip(r.cells, row, t.kinds, strict=True):
                put(cell, c, k != "text")
        for col, width in zip(w.columns, widths, strict=True):
            col.width = width
            for cell in col.cells:
                cell.width = width
        word.add_paragraph()

    word.add_paragraph(doc.title, style="Title")
    word.add_paragraph(doc.ente)
    for s in doc.subtitle:
        word.add_paragraph(s)
    for b in doc.blocks:
        if isinstance(b, Heading):
            h = word.add_heading(b.text, b.level)
            if b.pct:
                run = h.add_run(f" — {b.pct}")
                if b.status is not None:
                    run.font.color.rgb = RGBColor.from_string(_hex(L.STATUS_FILLS[b.status].fg))
        elif isinstance(b, Paragraph):
            p = word.add_paragraph()
            if b.lead:
                p.add_run(f"{b.lead}: ").bold = True
            run = p.add_run(b.text)
            if b.kind == "lead":
                run.bold = True
                p.paragraph_format.keep_with_next = True
            elif b.kind == "placeholder":
                run.font.highlight_color = WD_COLOR_INDEX.YELLOW  # a text to write
            elif b.kind != "body":
                run.font.size = Pt(8.5)
        elif isinstance(b, Table):
            table(b)
        elif isinstance(b, PageBreak):
            word.add_page_break()
    props = word.core_properties
    props.title = doc.title
    props.author = doc.ente
    props.last_modified_by = doc.ente
    props.language = doc.lang
    props.comments = ""
    import datetime as dt

    d, m, y = doc.date
    props.created = props.modified = dt.datetime(y, m, d)
    props.revision = 1
    word.save(str(path))
    return path
