"""The open Calc document through UNO: read the input sheets' values, put summary layouts in place.

The third writer, next to ``writers/openpyxl_writer.py`` (files) and ``writers/xlwings_writer.py``
(live Excel): it renders the layouts ``bridge.py`` computed with ``summary.build_layouts`` and sent
as plain data (values, style runs, widths, heights, links). The owned sheets' cells and formats are
replaced; drawing objects (the sheet's buttons) stay. Standard library only (the UNO objects come
from LibreOffice): packed into the .oxt.
"""

from __future__ import annotations

from . import wire

#: com.sun.star.util.NumberFormat.DATE / DATETIME bits; com.sun.star.sheet.FormulaResult.ERROR
_DATE_TYPE = 2
_FORMULA_ERROR = 4
#: com.sun.star.sheet.CellFlags: everything but OBJECTS (128), so buttons and shapes survive
_CLEAR = 1 | 2 | 4 | 8 | 16 | 32 | 64 | 256 | 512
_BOLD = 150.0  # com.sun.star.awt.FontWeight.BOLD
_HUNDREDTH_MM_PER_PX = 2540 / 96
_HUNDREDTH_MM_PER_PT = 2540 / 72


def _used_rows(sheet, formats) -> list[list]:
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    end = cursor.getRangeAddress()
    area = sheet.getCellRangeByPosition(0, 0, end.EndColumn, end.EndRow)
    rows = [list(r) for r in area.getDataArray()]
    for fmt_range in sheet.getCellFormatRanges():  # date cells -> dates, as xlwings reads them
        key = fmt_range.NumberFormat
        try:
            is_date = formats.getByKey(key).Type & _DATE_TYPE
        except Exception:  # noqa: BLE001 - an unknown key is not a date
            is_date = False
        if not is_date:
            continue
        a = fmt_range.getRangeAddress()
        for r in range(a.StartRow, min(a.EndRow, end.EndRow) + 1):
            for c in range(a.StartColumn, min(a.EndColumn, end.EndColumn) + 1):
                v = rows[r][c]
                if type(v) is float:
                    rows[r][c] = wire.serial_to_date(v)
    try:
        errors = sheet.queryFormulaCells(_FORMULA_ERROR)
    except Exception:  # noqa: BLE001 - no formula cells at all
        errors = None
    if errors is not None and errors.getCount():
        cells = errors.getCells().createEnumeration()
        while cells.hasMoreElements():
            cell = cells.nextElement()
            pos = cell.getCellAddress()
            if pos.Row <= end.EndRow and pos.Column <= end.EndColumn:
                rows[pos.Row][pos.Column] = {"e": cell.getString()}
    return [[None if v == "" else v for v in r] for r in rows]


def input_sheets(doc, skip: set[str]) -> dict[str, list[list]]:
    """Every sheet not in ``skip`` as rows of wire values (its used area from A1)."""
    sheets, formats = doc.getSheets(), doc.getNumberFormats()
    return {name: _used_rows(sheets.getByName(name), formats) for name in sheets.getElementNames() if name not in skip}


def _format_key(doc, code: str) -> int:
    import uno

    locale = uno.createUnoStruct("com.sun.star.lang.Locale")
    locale.Language, locale.Country = "en", "US"
    formats = doc.getNumberFormats()
    key = formats.queryKey(code, locale, False)
    return key if key != -1 else formats.addNew(code, locale)


def _cell_value(v):
    if isinstance(v, dict):
        d = wire.decode(v)
        return wire.date_to_serial(d) if not isinstance(d, str) else d
    if v is None:
        return ""
    if isinstance(v, bool):
        return "VERO" if v else "FALSO"
    if isinstance(v, (int, float)):
        return float(v)
    return str(v)


def rgb_complex(doc):
    """An RGB-type CharComplexColor from the document (None before LibreOffice 7.6, or when no cell
    has an RGB font colour). A cell whose hard formatting was cleared inherits the .xlsx's default
    font colour as a THEME colour, which CharColor alone does not replace (LibreOffice 25.2 shows and
    saves ``<color theme="1"/>``); setting an RGB-type one first makes CharColor stick."""
    sheets = doc.getSheets()
    for name in sheets.getElementNames():
        ranges = sheets.getByName(name).getCellFormatRanges()
        for i in range(min(ranges.getCount(), 500)):
            try:
                color = ranges.getByIndex(i).getPropertyValue("CharComplexColor")
            except Exception:  # noqa: BLE001 - older LibreOffice: CharColor is all there is
                return None
            if color is not None and color.getType() == 1:  # model::ColorType::RGB
                return color
    return None


def _style(doc, sheet, style: dict, ranges: list[str], complex_rgb=None) -> None:
    import uno

    props: list[tuple[str, object]] = []
    if style.get("bg"):
        props.append(("CellBackColor", int(style["bg"].lstrip("#"), 16)))
    if style.get("fg"):
        if complex_rgb is not None:
            props.append(("CharComplexColor", complex_rgb))
        props.append(("CharColor", int(style["fg"].lstrip("#"), 16)))
    if style.get("bold"):
        props.append(("CharWeight", _BOLD))
    if style.get("italic"):
        props.append(("CharPosture", uno.Enum("com.sun.star.awt.FontSlant", "ITALIC")))
    if style.get("size"):
        props.append(("CharHeight", float(style["size"])))
    if style.get("number_format"):
        props.append(("NumberFormat", _format_key(doc, style["number_format"])))
    if style.get("wrap"):
        props.append(("IsTextWrapped", True))
    if style.get("align") in ("left", "center", "right"):
        props.append(("HoriJustify", uno.Enum("com.sun.star.table.CellHoriJustify", style["align"].upper())))
    for address in ranges if props else []:
        target = sheet.getCellRangeByName(address)
        for name, value in props:
            target.setPropertyValue(name, value)


def _link(doc, sheet, r: int, c: int, text: str, target: str) -> None:
    sheet_name, cell = target.rsplit("!", 1)
    field = doc.createInstance("com.sun.star.text.TextField.URL")
    field.URL = f"#{sheet_name}.{cell.replace('$', '')}"
    field.Representation = text
    cell_obj = sheet.getCellByPosition(c, r)
    cell_obj.setString("")
    content = cell_obj.getText()
    content.insertTextContent(content.createTextCursor(), field, False)


def _chart(sheet, index: int, spec: dict) -> None:
    """A bar (horizontal) or line chart of ``categories`` + ``values`` at ``anchor``, as the other
    writers draw it."""
    import uno

    categories = sheet.getCellRangeByName(spec["categories"]).getRangeAddress()
    values = sheet.getCellRangeByName(spec["values"]).getRangeAddress()
    across = categories.StartRow == categories.EndRow  # a row of years (the trend), else a column
    at = sheet.getCellRangeByName(spec["anchor"]).Position
    rect = uno.createUnoStruct("com.sun.star.awt.Rectangle")
    rect.X, rect.Y = at.X, at.Y
    rect.Width, rect.Height = round(spec["width_cm"] * 1000), round(spec["height_cm"] * 1000)
    charts = sheet.getCharts()
    name = f"xlperf_{index + 1}"
    # the categories are the headers of the one series: its first row (across) or first column
    charts.addNewByName(name, rect, (categories, values), across, not across)
    chart = charts.getByName(name).getEmbeddedObject()
    diagram = chart.createInstance(
        "com.sun.star.chart.LineDiagram" if spec["kind"] == "line" else "com.sun.star.chart.BarDiagram"
    )
    chart.setDiagram(diagram)
    if across:
        diagram.DataRowSource = uno.Enum("com.sun.star.chart.ChartDataRowSource", "ROWS")
    if spec["kind"] != "line":
        diagram.Vertical = True  # bars run horizontally
    chart.HasMainTitle = True
    chart.getTitle().String = spec["title"]
    chart.HasLegend = False
    axis = diagram.getYAxis()
    axis.AutoMin, axis.AutoMax = False, False
    axis.Min, axis.Max = float(spec["axis_min"]), float(spec["axis_max"])


def write_layout(doc, layout: dict, complex_rgb=None) -> None:
    sheets = doc.getSheets()
    name = layout["name"]
    if not sheets.hasByName(name):
        sheets.insertNewByName(name, sheets.getCount())
    sheet = sheets.getByName(name)
    sheet.clearContents(_CLEAR)
    charts = sheet.getCharts()
    for chart in charts.getElementNames():
        charts.removeByName(chart)
    rows = layout["rows"]
    width = max((len(r) for r in rows), default=0)
    if rows and width:
        data = tuple(tuple(_cell_value(v) for v in r + [None] * (width - len(r))) for r in rows)
        sheet.getCellRangeByPosition(0, 0, width - 1, len(rows) - 1).setDataArray(data)
    for style, ranges in layout["style_runs"]:
        _style(doc, sheet, style, ranges, complex_rgb)
    columns, row_objs = sheet.getColumns(), sheet.getRows()
    for c, chars in layout["widths"]:
        columns.getByIndex(c).Width = round((chars * 7 + 5) * _HUNDREDTH_MM_PER_PX)
    for r, points in layout["heights"]:
        row_objs.getByIndex(r).Height = round(points * _HUNDREDTH_MM_PER_PT)
    for r, c, target in layout["links"]:
        _link(doc, sheet, r, c, str(rows[r][c]), target)
    for i, spec in enumerate(layout.get("charts") or []):
        _chart(sheet, i, spec)


def write_layouts(doc, layouts: list[dict]) -> None:
    complex_rgb = rgb_complex(doc)  # before any owned sheet is cleared
    for layout in layouts:
        write_layout(doc, layout, complex_rgb)


def set_cells(doc, updates: list[tuple[str, object]]) -> None:
    """«Raccogli file aree»: each (``Sheet!A1``, wire value) written into the open document."""
    sheets = doc.getSheets()
    for place, value in updates:
        sheet_name, cell = place.rsplit("!", 1)
        target = sheets.getByName(sheet_name.strip("'")).getCellRangeByName(cell)
        v = _cell_value(value)
        if isinstance(v, float):
            target.setValue(v)
        else:
            target.setString(v)
