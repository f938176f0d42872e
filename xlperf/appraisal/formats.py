"""The cell formats of the evaluation workbook: one XlsxWriter format per kind of cell, the sheet
modules (builder.py, sheets.py) pick them by name."""

from __future__ import annotations

import xlsxwriter

from .. import layout as L

MONEY = "#,##0.00 €"
PCT = L.PCT_FORMAT


class Formats:
    """The cell formats of the evaluation workbook (headers, yellow input cells, computed cells)."""

    def __init__(self, wb: xlsxwriter.Workbook) -> None:
        base = {"font_name": "Calibri", "font_size": 10, "valign": "top", "text_wrap": True}
        self.header = wb.add_format(
            {**base, "bold": True, "bg_color": L.HEADER_FILL.bg, "font_color": L.HEADER_FILL.fg, "border": 1}
        )
        self.title = wb.add_format({"bold": True, "font_size": 14, "font_color": L.TITLE_COLOR})
        self.section = wb.add_format({"bold": True, "font_size": 11, "font_color": L.TITLE_COLOR})
        self.text = wb.add_format(base)
        self.note = wb.add_format({"font_name": "Calibri", "font_size": 9, "italic": True, "font_color": "#595959"})
        self.input = wb.add_format({**base, "bg_color": L.INPUT_FILL, "locked": False, "border": 1})
        self.input_line = wb.add_format(
            {"font_name": "Calibri", "font_size": 10, "bg_color": L.INPUT_FILL, "locked": False}
        )
        self.input_pct = wb.add_format(
            {**base, "bg_color": L.INPUT_FILL, "locked": False, "border": 1, "num_format": PCT}
        )
        self.input_num = wb.add_format(
            {**base, "bg_color": L.INPUT_FILL, "locked": False, "border": 1, "num_format": "#,##0.##"}
        )
        self.input_money = wb.add_format(
            {**base, "bg_color": L.INPUT_FILL, "locked": False, "border": 1, "num_format": MONEY}
        )
        self.input_date = wb.add_format(
            {**base, "bg_color": L.INPUT_FILL, "locked": False, "border": 1, "num_format": L.DATE_FORMAT}
        )
        self.calc = wb.add_format({**base, "border": 1})
        self.calc_pct = wb.add_format({**base, "border": 1, "num_format": PCT})
        self.calc_money = wb.add_format({**base, "border": 1, "num_format": MONEY})
        self.calc_num = wb.add_format({**base, "border": 1, "num_format": "0.####"})
        self.bold_pct = wb.add_format({**base, "bold": True, "border": 1, "num_format": PCT})
