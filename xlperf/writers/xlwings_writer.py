"""Put summary layouts into a live workbook through the xlwings Book API (what the button runs).

Works the same on desktop Excel (``xw.Book.caller()``) and on xlwings' remote engine, where every
operation becomes a JSON action. Values go in one call per sheet; styles in one call per run of
equally styled cells.
"""

from __future__ import annotations

from collections import defaultdict

from ..layout import cell_ref, col_letter
from ..sheet_content import SheetContent, Style


def style_runs(layout: SheetContent) -> dict[Style, list[str]]:
    """Style -> A1 ranges, merging horizontal runs of equally styled cells."""
    by_row: dict[int, list[tuple[int, Style]]] = defaultdict(list)
    for (r, c), st in layout.styles.items():
        by_row[r].append((c, st))
    runs: dict[Style, list[str]] = defaultdict(list)
    for r in sorted(by_row):
        cells = sorted(by_row[r], key=lambda x: x[0])
        start, prev, style = cells[0][0], cells[0][0], cells[0][1]
        for c, st in cells[1:]:
            if st == style and c == prev + 1:
                prev = c
                continue
            runs[style].append(_run(r, start, prev))
            start, prev, style = c, c, st
        runs[style].append(_run(r, start, prev))
    return runs


def _run(r: int, first: int, last: int) -> str:
    a, b = f"{col_letter(first)}{r + 1}", f"{col_letter(last)}{r + 1}"
    return a if a == b else f"{a}:{b}"


def _position(layout: SheetContent, anchor: str) -> tuple[float, float]:
    """Points from the sheet's top-left corner to ``anchor`` (not every engine can read it)."""
    row, col = cell_ref(anchor)
    left = sum(layout.widths.get(i, 8.43) * 5.6 + 5 for i in range(col))
    return left, row * 15.0


def write_layout(book, layout: SheetContent) -> None:
    names = [s.name for s in book.sheets]
    sheet = (
        book.sheets[layout.name]
        if layout.name in names
        else book.sheets.add(layout.name, after=book.sheets[len(names) - 1])
    )
    sheet.clear()  # cells and formats only: the button (a shape) stays
    for chart in list(sheet.charts):
        chart.delete()
    grid = layout.grid()
    if grid:
        sheet.range("A1").value = grid
    for style, ranges in style_runs(layout).items():
        for address in ranges:
            rng = sheet.range(address)
            if style.bg:
                rng.color = style.bg
            if style.bold:
                rng.font.bold = True
            if style.italic:
                rng.font.italic = True
            if style.size:
                rng.font.size = style.size
            if style.fg:
                rng.font.color = style.fg
            if style.number_format:
                rng.number_format = style.number_format
            if style.wrap:
                rng.wrap_text = True
    for c, width in sorted(layout.widths.items()):
        sheet.range(f"{col_letter(c)}1").column_width = width
    for r, height in sorted(layout.heights.items()):
        sheet.range(f"A{r + 1}").row_height = height
    for (r, c), target in sorted(layout.links.items()):
        cell = sheet.range(f"{col_letter(c)}{r + 1}")
        cell.add_hyperlink(f"#{target}", text_to_display=str(layout.rows[r][c]))
    for spec in layout.charts:
        left, top = _position(layout, spec.anchor)
        chart = sheet.charts.add(left=left, top=top, width=spec.width_cm * 28.35, height=spec.height_cm * 28.35)
        first = spec.categories.split(":")[0]
        last = spec.values.split(":")[1]
        chart.set_source_data(sheet.range(f"{first}:{last}"))
        chart.chart_type = "line_markers" if spec.kind == "line" else "bar_clustered"


def write_layouts(book, layouts: list[SheetContent]) -> None:
    for layout in layouts:
        write_layout(book, layout)
