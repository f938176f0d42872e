"""Cell formats and the helpers every sheet builder shares (status colours, print setup, protection)."""

from __future__ import annotations

import datetime as dt

import xlsxwriter

from .. import layout as L
from ..model import Status
from ..printing import PAPERS
from ..sheet_formulas import STATUS_EPSILON

FIXED_DATE = dt.datetime(2025, 1, 1)
ALBERO_SPARE_ROWS = 20


def excel_value(value):
    """A model value -> what goes into the cell (dates as datetimes, SI/NO, N/D)."""
    if value is None:
        return "N/D"
    if isinstance(value, bool):
        return "SI" if value else "NO"
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    return value


class Formats:
    def __init__(self, wb: xlsxwriter.Workbook, frozen: bool = False):
        """``frozen``: an area copy, where only consuntivi and notes stay editable."""
        base = {"font_name": "Calibri", "font_size": 10, "valign": "top"}
        free = {"locked": frozen}  # plan fields: editable in the master, locked in area copies
        self.wb = wb
        self.title = wb.add_format({**base, "bold": True, "font_size": 16, "font_color": L.TITLE_COLOR})
        self.subtitle = wb.add_format({**base, "italic": True, "font_color": "#595959"})
        self.header = wb.add_format(
            {
                **base,
                "bold": True,
                "text_wrap": True,
                "bg_color": L.HEADER_FILL.bg,
                "font_color": L.HEADER_FILL.fg,
                "border": 1,
                "valign": "vcenter",
            }
        )
        self.label = wb.add_format({**base, "bold": True})
        self.text = wb.add_format({**base, "text_wrap": True, **free})
        self.text_locked = wb.add_format({**base, "text_wrap": True})
        self.code = wb.add_format({**base, **free})
        self.input = wb.add_format({**base, **free, "bg_color": L.INPUT_FILL})
        self.pct = wb.add_format({**base, "num_format": L.PCT_FORMAT, "align": "right"})
        self.pct_input = wb.add_format({**base, "num_format": L.PCT_FORMAT, **free})
        self.pct_config = wb.add_format({**base, "num_format": L.PCT_FORMAT, **free, "bg_color": L.INPUT_FILL})
        self.pct_actual = wb.add_format({**base, "num_format": L.PCT_FORMAT, "locked": False, "bg_color": L.INPUT_FILL})
        self.weight = wb.add_format({**base, "num_format": L.WEIGHT_FORMAT, **free})
        self.int = wb.add_format({**base, "num_format": "#,##0", **free})
        self.dec = wb.add_format({**base, "num_format": "#,##0.00", **free})
        self.int_actual = wb.add_format({**base, "num_format": "#,##0", "locked": False, "bg_color": L.INPUT_FILL})
        self.dec_actual = wb.add_format({**base, "num_format": "#,##0.00", "locked": False, "bg_color": L.INPUT_FILL})
        self.date = wb.add_format({**base, "num_format": L.DATE_FORMAT, **free, "align": "left"})
        self.date_actual = wb.add_format(
            {**base, "num_format": L.DATE_FORMAT, "locked": False, "bg_color": L.INPUT_FILL, "align": "left"}
        )
        self.center = wb.add_format({**base, **free, "align": "center"})
        # notes, causes, actions, evidence: typed by the areas, yellow like the consuntivi
        self.note = wb.add_format({**base, "text_wrap": True, "locked": False, "bg_color": L.INPUT_FILL})
        self.text_actual = wb.add_format({**base, "locked": False, "bg_color": L.INPUT_FILL, "align": "right"})
        self.status = wb.add_format({**base})
        self.helper = wb.add_format({**base, "font_color": "#808080"})  # hidden helper columns, locked
        self.fills = {st: wb.add_format({"bg_color": f.bg, "font_color": f.fg}) for st, f in L.STATUS_FILLS.items()}
        self.legend = {
            st: wb.add_format({**base, "bg_color": f.bg, "font_color": f.fg, "border": 1})
            for st, f in L.STATUS_FILLS.items()
        }

    def number(self, value, actual: bool, fraction: bool):
        if isinstance(value, dt.datetime):
            return self.date_actual if actual else self.date
        if isinstance(value, str):
            return self.text_actual if actual else self.center
        if fraction:
            return self.pct_actual if actual else self.pct_input
        if float(value).is_integer():
            return self.int_actual if actual else self.int
        return self.dec_actual if actual else self.dec


def status_formats(ws, fmt: Formats, rng: str, pct_cell: str) -> None:
    """Green/yellow/red by the thresholds on Configurazione (boundary in the higher status)."""
    p = f"{pct_cell}+{STATUS_EPSILON}"  # the boundary as the Stato column (and the core) places it
    rules = [
        (Status.RAGGIUNTO, f"AND(ISNUMBER({pct_cell}),{p}>=XP_SogliaRaggiunto)"),
        (Status.PARZIALE, f"AND(ISNUMBER({pct_cell}),{p}>=XP_SogliaParziale,{p}<XP_SogliaRaggiunto)"),
        (Status.NON_RAGGIUNTO, f"AND(ISNUMBER({pct_cell}),{p}<XP_SogliaParziale)"),
    ]
    for st, formula in rules:
        ws.conditional_format(rng, {"type": "formula", "criteria": "=" + formula, "format": fmt.fills[st]})


def finish_table_sheet(
    ws, fmt: Formats, first: int, last_row: int, pct_col: str, status_col: str, freeze_cols: int, paper: str = "A4"
) -> None:
    """What Albero and the entry sheets share: colours, header height, panes, print, protection."""
    status_formats(ws, fmt, f"{pct_col}{first + 1}:{status_col}{last_row}", f"${pct_col}{first + 1}")
    ws.set_row(first - 1, L.HEADER_ROW_HEIGHT)
    ws.freeze_panes(first, freeze_cols)
    setup_print(ws, first - 1, paper)
    ws.protect("", {"format_columns": True, "format_rows": True, "autofilter": True, "sort": True, "insert_rows": True})


def write_text(ws, row: int, col: int, text: str, cell_format=None) -> None:
    """Text, or a blank (formatted) cell for "": an empty string is not an empty cell."""
    if text:
        ws.write_string(row, col, text, cell_format)
    else:
        ws.write_blank(row, col, None, cell_format)


def setup_print(ws, header_row: int, paper: str = "A4") -> None:
    ws.set_landscape()
    ws.set_paper(PAPERS[paper][0])
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(header_row)
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.set_footer("&L&F - &A&RPagina &P di &N")
