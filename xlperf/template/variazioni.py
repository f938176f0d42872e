"""Variazioni: the record of changes to the approved plan (target, peso, operatore, indicatore)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import layout as L
from .formats import Formats, setup_print, write_text

if TYPE_CHECKING:
    from .book import Book


def write(b: Book, ws, fmt: Formats) -> None:
    ws.write("A1", "Variazioni del piano", fmt.title)
    ws.write(
        "A2",
        "Dopo l'approvazione (xlperf approva) ogni modifica di target, peso, operatore o indicatori si registra "
        "qui, con l'atto e la motivazione: la Relazione le elenca, xlperf check segnala quelle non registrate.",
        fmt.subtitle,
    )
    hr = L.VARIATION_HEADER_ROW - 1
    rows = b.plan.variations
    last = hr + len(rows) + L.VARIATION_SPARE_ROWS
    ws.add_table(
        hr,
        0,
        last,
        len(L.VARIATION_COLUMNS) - 1,
        {
            "name": "Variazioni",
            "style": "Table Style Light 9",
            "columns": [{"header": c.header, "header_format": fmt.header} for c in L.VARIATION_COLUMNS],
        },
    )
    for i, column in enumerate(L.VARIATION_COLUMNS):
        ws.set_column(i, i, column.width)
    for r, v in enumerate(rows, start=hr + 1):
        for i, value in enumerate((v.indicator, v.field, v.approved, v.new, v.date, v.act, v.reason)):
            write_text(ws, r, i, value, fmt.text)
    for r in range(hr + 1 + len(rows), last + 1):
        for i in range(len(L.VARIATION_COLUMNS)):
            ws.write_blank(r, i, None, fmt.text)
    ws.data_validation(
        hr + 1,
        1,
        last,
        1,
        {
            "validate": "list",
            "source": list(L.VARIATION_FIELDS),
            "error_title": "Campo",
            "error_message": "Scegliere: " + ", ".join(L.VARIATION_FIELDS),
        },
    )
    ws.set_row(hr, L.HEADER_ROW_HEIGHT)
    ws.freeze_panes(hr + 1, 0)
    setup_print(ws, hr)
