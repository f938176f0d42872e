"""Riepilogo, Cruscotto, Dirigenti, Controlli before the first refresh: a title, a hint, the buttons."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..buttons import COLLECT_CAPTION, COLLECT_MACRO, REFRESH_CAPTION, REFRESH_MACRO
from ..printing import PAPERS, PRINT_WIDTHS, PRINTS
from .formats import Formats

if TYPE_CHECKING:
    from .book import Book


def write(b: Book, ws, fmt: Formats, title: str, hint: str, button: bool, collect: bool = False) -> None:
    widths = PRINT_WIDTHS.get(title, {0: 14, 1: 60})
    for c, w in widths.items():
        ws.set_column(c, c, w)
    ws.write("A1", title, fmt.title)
    ws.write("A3", hint, fmt.subtitle)
    # printed one page wide, as tall as needed, the title rows on every page (no print area: the
    # refresh's content must print; the refresh keeps these print titles)
    paper, rows = PRINTS[title]
    ws.set_landscape()
    ws.set_paper(PAPERS[paper][0])
    ws.fit_to_pages(1, 0)
    first, last = (int(x) - 1 for x in rows.split(":"))
    ws.repeat_rows(first, last)
    if button:
        ws.insert_button("E1", {"macro": REFRESH_MACRO, "caption": REFRESH_CAPTION, "width": 150, "height": 30})
    if collect and not b.frozen:  # only the master collects
        ws.insert_button("G1", {"macro": COLLECT_MACRO, "caption": COLLECT_CAPTION, "width": 150, "height": 30})
