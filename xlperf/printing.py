"""Legible prints: every sheet xlperf lays out prints one page wide, as many pages tall as needed,
at no less than 8 pt. The paper, margins and Excel's column-width arithmetic are stated here once;
the template (XlsxWriter), the refresh (writers/) and the tests use them.

Fit-to-width shrinks a sheet by printable width / sheet width; 10-pt text stays ≥ 8 pt when the
columns that print are at most :func:`max_chars` characters wide in all.
"""

from __future__ import annotations

from collections.abc import Iterable

from .layout import CONTROLLI, CRUSCOTTO, DIRIGENTI, RIEPILOGO

MIN_PRINTED_PT = 8.0
BODY_PT = 10.0  # the sheets' body text (Calibri 10, template/formats.py)
MARGIN_IN = 0.4  # left and right (and top/bottom 0.6), as the writers set them
#: the entry sheets (one per area) and the Albero print on A3: their columns at ≥ 8 pt do not fit A4
ENTRY_PAPER = "A3"
#: paper -> (Excel paperSize code, landscape width in points)
PAPERS = {"A4": (9, 841.89), "A3": (8, 1190.55)}
#: the columns of Riepilogo and Cruscotto; the template sets them too, so the buttons it anchors there
#: keep their size after a refresh (a button stretched past the last column widens the print)
PRINT_WIDTHS: dict[str, dict[int, float]] = {
    RIEPILOGO: {0: 20, 1: 12, 2: 43, 3: 14, 4: 21, 5: 28, 6: 26},
    CRUSCOTTO: {0: 34, 1: 15, 2: 2, 3: 13, 4: 46, 5: 12, 6: 12, 7: 2, 8: 36, 9: 12},
}
#: how each owned sheet prints (xlperf.printing): the paper, and the rows repeated on every page —
#: Riepilogo's table header, Cruscotto's and Dirigenti's title, Controlli's header; the template
#: declares them (print titles), the summary keeps those rows in place
PRINTS: dict[str, tuple[str, str]] = {
    RIEPILOGO: ("A4", "7:7"),
    CRUSCOTTO: ("A3", "1:2"),  # a dashboard: the scoreboard and the charts side by side, ≥ 8 pt on A3
    DIRIGENTI: ("A4", "1:2"),
    CONTROLLI: ("A4", "4:4"),
}


#: LibreOffice prints the columns 4-10 % wider than Excel's nominal arithmetic (measured on the demo:
#: tests/test_looks.py::test_printed_sheets_are_legible checks the printed sizes)
PRINTED_WIDER = 1.10


def column_points(width: float) -> float:
    """An Excel column of ``width`` characters in points as printed (Calibri 11: 7-px digits, 5 px of
    padding; times PRINTED_WIDER)."""
    return (int(width * 7 + 0.5) + 5) * 0.75 * PRINTED_WIDER


def printed_scale(widths: Iterable[float], paper: str = "A4") -> float:
    """The zoom Excel and LibreOffice apply to print these columns one page wide (at most 100 %)."""
    printable = PAPERS[paper][1] - 2 * MARGIN_IN * 72
    total = sum(column_points(w) for w in widths) or 1.0
    return min(1.0, printable / total)


def printed_pt(widths: Iterable[float], paper: str = "A4", size: float = BODY_PT) -> float:
    return size * printed_scale(widths, paper)


def max_chars(columns: int, paper: str = "A4") -> float:
    """The widest total (in characters, over ``columns`` columns) that still prints at ≥ 8 pt."""
    printable = PAPERS[paper][1] - 2 * MARGIN_IN * 72
    return (printable * BODY_PT / MIN_PRINTED_PT / 0.75 / PRINTED_WIDER - 5 * columns) / 7
