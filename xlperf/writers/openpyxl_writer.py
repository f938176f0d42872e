"""Put summary layouts into an openpyxl workbook (the `xlperf refresh FILE` path).

Only the owned sheets are touched: their cells, widths, hyperlinks and charts are replaced; their
legacy drawing (the «Aggiorna riepilogo» button) is left in place.
"""

from __future__ import annotations

from copy import copy

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.formatting.formatting import ConditionalFormattingList
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

from ..printing import PAPERS
from ..sheet_content import SheetContent, Style

_TOP = Alignment(vertical="top")


def _font(style: Style) -> Font:
    return Font(
        name="Calibri",
        size=style.size or 10,
        bold=style.bold,
        italic=style.italic,
        color=style.fg.lstrip("#").upper().rjust(8, "F") if style.fg else None,
    )


def _fill(style: Style) -> PatternFill:
    if not style.bg:
        return PatternFill(fill_type=None)
    rgb = style.bg.lstrip("#").upper().rjust(8, "F")
    return PatternFill(fill_type="solid", start_color=rgb, end_color=rgb)


def fill_hex(cell) -> str | None:
    """The solid fill of a cell as '#RRGGBB' (None when unfilled): for comparisons in tests."""
    if cell.fill is None or cell.fill.fill_type != "solid":
        return None
    return "#" + str(cell.fill.start_color.rgb)[-6:].upper()


def _clear(ws) -> None:
    if ws.max_row:
        ws.delete_rows(1, ws.max_row + 1)
    ws._charts = []
    ws._hyperlinks = []
    ws.conditional_formatting = ConditionalFormattingList()
    ws.merged_cells.ranges = set()
    for key in list(ws.column_dimensions):
        del ws.column_dimensions[key]
    for key in list(ws.row_dimensions):
        del ws.row_dimensions[key]


def write_layout(wb, layout: SheetContent, position: int | None = None) -> None:
    if layout.name in wb.sheetnames:
        ws = wb[layout.name]
        _clear(ws)
    else:
        ws = wb.create_sheet(layout.name, position)
    # openpyxl registers fonts/fills/alignments per assignment, which dominates on big sheets:
    # style the first cell of each Style, then copy its style array to the others
    styled: dict[Style | None, object] = {}
    for r, row in enumerate(layout.rows):
        for c, value in enumerate(row):
            style = layout.styles.get((r, c))
            if value is None and style is None:
                continue
            cell = ws.cell(row=r + 1, column=c + 1, value=value)
            if style in styled:
                cell._style = copy(styled[style])
                continue
            if style is None:
                cell.alignment = _TOP
            else:
                cell.font = _font(style)
                cell.fill = _fill(style)
                if style.number_format:
                    cell.number_format = style.number_format
                cell.alignment = Alignment(wrap_text=style.wrap, horizontal=style.align, vertical="top")
            styled[style] = copy(cell._style)
    for c, width in layout.widths.items():
        ws.column_dimensions[get_column_letter(c + 1)].width = width
    for r, height in layout.heights.items():
        ws.row_dimensions[r + 1].height = height
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = PAPERS[layout.paper][0]
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = layout.pages_tall
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if layout.title_rows:
        ws.print_title_rows = layout.title_rows
    for (r, c), target in layout.links.items():
        cell = ws.cell(row=r + 1, column=c + 1)
        cell.hyperlink = Hyperlink(ref=cell.coordinate, location=target, display=str(cell.value))
        cell.font = Font(name="Calibri", size=10, color="FF0563C1", underline="single")
    for spec in layout.charts:
        ws.add_chart(_chart(ws, spec), spec.anchor)


def _chart(ws, spec):
    (c1, r1), (c2, r2) = _split(spec.values)
    (k1, q1), (k2, q2) = _split(spec.categories)
    if spec.kind == "line":
        chart = LineChart()
    else:
        chart = BarChart()
        chart.type = "bar"
        chart.x_axis.scaling.orientation = "maxMin"  # first objective on top, as in the table
    chart.y_axis.number_format = "0%"
    chart.y_axis.scaling.min = spec.axis_min
    chart.y_axis.scaling.max = spec.axis_max
    chart.title = spec.title
    chart.legend = None
    chart.width, chart.height = spec.width_cm, spec.height_cm
    chart.y_axis.delete = False
    chart.x_axis.delete = False
    by_rows = r1 == r2  # a row of values (the trend) rather than a column
    chart.add_data(
        Reference(ws, min_col=c1, min_row=r1, max_col=c2, max_row=r2), titles_from_data=False, from_rows=by_rows
    )
    chart.set_categories(Reference(ws, min_col=k1, min_row=q1, max_col=k2, max_row=q2))
    return chart


def _split(rng: str) -> tuple[tuple[int, int], tuple[int, int]]:
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    a, b = rng.split(":")
    (ca, ra), (cb, rb) = coordinate_from_string(a), coordinate_from_string(b)
    return (column_index_from_string(ca), ra), (column_index_from_string(cb), rb)


def write_layouts(wb, layouts: list[SheetContent]) -> None:
    for layout in layouts:
        write_layout(wb, layout)
