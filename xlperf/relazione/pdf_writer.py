"""The section model as a tagged, archival PDF (PDF/UA-1 and PDF/A-2a) through Typst.

Typst tags headings, paragraphs and tables (header cells repeated on every page, with their scope),
embeds the fonts (Carlito, metric-compatible with Calibri), writes /Lang, DisplayDocTitle and the XMP
identification; the date is the workbook's (the adoption date), never the clock, so the same model
gives the same bytes. The whole demo Relazione compiles in about a second (benchmarks/bench_relazione.py).
"""

from __future__ import annotations

from .. import layout as L
from .doc import Cell, Document, Heading, PageBreak, Paragraph, Table
from .html_writer import sparkline

FONT = "Carlito"
_ALIGN = {"text": "left", "number": "right", "percent": "right"}


def _s(text: str) -> str:
    """A Typst string literal: markup never interprets what staff typed."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "")
    return f'"{escaped}"'


def _lines(cell: Cell) -> str:
    body = " \\ ".join(f"#{_s(line)}" for line in cell.lines) if cell.text else ""
    return f"*{body}*" if cell.bold and body else body


def _rgb(hex_color: str) -> str:
    return f'rgb("{hex_color}")'


def _cell(cell: Cell) -> str:
    if cell.chart is not None:
        svg = sparkline(cell.chart)
        if svg.startswith("<svg"):
            return f'[#image(bytes({_s(svg)}), format: "svg", alt: {_s(cell.chart.alt)}, width: 100%)]'
        return f"[{_lines(Cell(cell.chart.alt))}]"
    if cell.status is not None:
        fill = L.STATUS_FILLS[cell.status]
        return f"table.cell(fill: {_rgb(fill.bg)})[#text(fill: {_rgb(fill.fg)})[{_lines(cell)}]]"
    return f"[{_lines(cell)}]"


def _table(t: Table) -> str:
    cols = ", ".join(f"{w:g}fr" for w in t.widths)
    align = ", ".join(_ALIGN[k] for k in t.kinds)
    head = ", ".join(f"[*#{_s(h)}*]" for h in t.headers)
    cells = ",\n".join(", ".join(_cell(c) for c in row) for row in t.rows)
    caption = f"#block(sticky: true)[*#{_s(t.caption)}*]\n" if t.caption else ""
    return (
        f"{caption}#table(columns: ({cols},), align: ({align},), "
        f"table.header(repeat: true, {head}),\n{cells}{',' if cells else ''})\n"
    )


def _preamble(doc: Document, total: bool = True) -> str:
    lang, _, region = doc.lang.partition("-")
    header = L.HEADER_FILL
    return f"""#set document(title: {_s(doc.title)}, author: {_s(doc.ente)}, date: {_date(doc)})
#set text(lang: "{lang}", region: "{region}", font: "{FONT}", size: 9.5pt, fill: rgb("#1b1b1b"))
#set page(paper: "a4", flipped: true, margin: (x: 14mm, top: 14mm, bottom: 16mm),
  footer: context align(right, text(size: 8pt, fill: rgb("#595959"))[Pagina #counter(page).display(){_of(total)}]))
#set par(justify: false)
#set table(stroke: (x: none, y: 0.4pt + rgb("#BFBFBF")), inset: (x: 4pt, y: 3pt),
  fill: (_, y) => if y == 0 {{ {_rgb(header.bg)} }})
#set table.cell(breakable: false)
#show table.cell.where(y: 0): set text(fill: {_rgb(header.fg)})
#show heading: set text(fill: {_rgb(L.TITLE_COLOR)})
#show heading: set block(sticky: true)
#show heading.where(level: 1): set text(size: 16pt)
#show heading.where(level: 2): set text(size: 13pt)
#show heading.where(level: 3): it => block(fill: rgb("#D9E1F2"), inset: 4pt, width: 100%, sticky: true, it)
#show heading.where(level: 4): it => block(fill: rgb("#EDF1F9"), inset: 3pt, width: 100%, sticky: true, it)
#show heading.where(level: 5): set text(size: 10pt)
"""


def _date(doc: Document) -> str:
    """The document's date, from the workbook (the adoption date): never the clock, so the same
    workbook gives the same bytes (PDF/A needs a date)."""
    d, m, y = doc.date
    return f"datetime(year: {y}, month: {m}, day: {d})"


def _of(total: bool) -> str:
    return " di #counter(page).final().first()" if total else ""


def to_typst(doc: Document, blocks: list | None = None, first_page: int = 1) -> str:
    """The whole document, or (``blocks``) one part of it starting at page ``first_page``: the title
    page only in the first part; a part's footer has no «di M» (only the whole knows M)."""
    out = [_preamble(doc, total=blocks is None)]
    if first_page > 1:
        out.append(f"#counter(page).update({first_page})\n")
        return "\n".join(out + [_block(b) for b in blocks or []])
    out.append(
        '#align(center + horizon)[#text(size: 28pt, weight: "bold", fill: '
        f"{_rgb(L.TITLE_COLOR)})[#{_s(doc.title)}] \\ #v(6mm) #text(size: 16pt)[#{_s(doc.ente)}]"
        + "".join(f" \\ #v(4mm) #text(size: 12pt)[#{_s(s)}]" for s in doc.subtitle)
        + "]\n"
    )
    out += [_block(b) for b in (doc.blocks if blocks is None else blocks)]
    return "\n".join(out)


def _block(b) -> str:
    if isinstance(b, Heading):
        pct = ""
        if b.pct:
            fill = L.STATUS_FILLS[b.status] if b.status else L.STATUS_FILLS[next(iter(L.STATUS_FILLS))]
            pct = f" #box(fill: {_rgb(fill.bg)}, inset: 2pt)[#text(fill: {_rgb(fill.fg)})[#{_s(b.pct)}]]"
        return f"#heading(level: {b.level})[#{_s(b.text)}{pct}]\n"
    if isinstance(b, Paragraph):
        return _paragraph(b)
    if isinstance(b, Table):
        return _table(b)
    if isinstance(b, PageBreak):
        return "#pagebreak(weak: true)\n"
    raise TypeError(b)


def _paragraph(p: Paragraph) -> str:
    lead = f"*#{_s(p.lead)}*: " if p.lead else ""
    text = f"*#{_s(p.text)}*" if p.kind == "lead" else f"#{_s(p.text)}"
    if p.kind == "placeholder":
        return f'#block(fill: rgb("#FFF2CC"), stroke: (paint: rgb("#9C5700"), dash: "dashed"), inset: 4pt)[{text}]\n'
    if p.kind in ("small", "cause", "action", "note"):  # an objective's area and causes stay with its table
        return f'#block(sticky: true)[#text(size: 8.5pt, fill: rgb("#404040"))[{lead}{text}]]\n'
    return f"{lead}{text}\n"


#: table rows after which a part ends: a longer Relazione is laid out in parts, each compiled in the
#: worker process (typst_worker: Typst keeps its caches for the life of a process, ~0,25 MB a row),
#: and joined (pdf_join), so the memory stays bounded however long the plan
PART_ROWS = 2500


def _rows(blocks: list) -> int:
    return sum(len(b.rows) + 1 for b in blocks if isinstance(b, Table))


def _parts(doc: Document, rows: int) -> list[list]:
    """The blocks cut, once ``rows`` table rows are reached, at the next page break or ambito, strategic
    or operational objective heading (where a part ends, the next starts on a new page).

    A part that opens inside a section opens with its section's headings marked «(segue)» (PDF/UA:
    a document's first heading is of level 1, and levels are not skipped)."""
    parts: list[list] = [[]]
    size = 0
    open_headings: dict[int, Heading] = {}
    pending: dict[int, Heading] | None = None
    for b in doc.blocks:
        if size >= rows and (isinstance(b, PageBreak) or isinstance(b, Heading) and b.level >= 3):
            parts.append([])
            size = 0
            pending = dict(open_headings)
        if isinstance(b, Heading):
            if pending is not None:
                parts[-1] += [
                    Heading(level, f"{h.text} (segue)") for level, h in sorted(pending.items()) if level < b.level
                ]
                pending = None
            open_headings = {k: v for k, v in open_headings.items() if k < b.level}
            open_headings[b.level] = b
        parts[-1].append(b)
        if isinstance(b, Table):
            size += len(b.rows) + 1
    return [p for p in parts if p]


#: table rows compiled in this process so far: once past PART_ROWS every further document is
#: compiled in the worker process, so Typst's caches do not pile up here
_compiled_rows = 0


def to_pdf_bytes(doc: Document, part_rows: int = PART_ROWS, apart: bool = False) -> bytes:
    """``apart``: compile in the worker process even a short document (the OIV pack: this process
    holds the plan, and its memory stays the plan's)."""
    import typst

    from .typst_worker import compile_apart

    global _compiled_rows
    parts = _parts(doc, part_rows)
    if len(parts) == 1:
        whole = to_typst(doc).encode("utf-8")
        rows = _rows(doc.blocks)
        if apart or _compiled_rows + rows > part_rows:
            return compile_apart(whole, rows)
        _compiled_rows += rows
        return typst.compile(whole, pdf_standards=["a-2a", "ua-1"])
    import io

    import pikepdf

    from .pdf_join import join

    pdfs, page = [], 1
    for blocks in parts:
        source = to_typst(doc, blocks, page)
        pdfs.append(compile_apart(source.encode("utf-8"), _rows(blocks)))
        with pikepdf.open(io.BytesIO(pdfs[-1])) as pdf:
            page += len(pdf.pages)
    return join(pdfs)
