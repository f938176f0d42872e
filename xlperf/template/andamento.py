"""Andamento: the multi-year macro-indicators (the Relazione's section 2.3)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import layout as L
from ..model import TrendRow
from ..sheet_content import row_height
from .formats import Formats, setup_print, write_text

if TYPE_CHECKING:
    from .book import Book


def write(b: Book, ws, fmt: Formats) -> None:
    plan = b.plan
    ws.write("A1", "Andamento pluriennale", fmt.title)
    ws.write(
        "A2",
        "Macro-indicatori della gestione dell'ente. Il grado di conseguimento dell'anno in corso "
        "viene dal foglio Riepilogo (pulsante «Aggiorna riepilogo»).",
        fmt.subtitle,
    )
    anno = plan.anno or 0
    years = [anno - L.TREND_YEARS + 1 + i for i in range(L.TREND_YEARS)] if anno else []
    hr = L.TREND_HEADER_ROW - 1
    headers = L.TREND_HEADERS + [str(y) for y in years]
    for c, h in enumerate(headers):
        ws.write_string(hr, c, h, fmt.header)
    ws.set_column(0, 0, 36)
    ws.set_column(1, 1, 60)
    ws.set_column(2, 2, 14)
    ws.set_column(3, 3 + L.TREND_YEARS, 10)
    rows = plan.trend or [
        TrendRow(name=n, description=d, reference=r, computed=comp) for n, d, r, _, comp in L.TREND_DEFAULTS
    ]
    for i, row in enumerate(rows, start=hr + 1):
        write_text(ws, i, 0, row.name, fmt.text)
        write_text(ws, i, 1, row.description, fmt.text)
        write_text(ws, i, 2, row.reference, fmt.code)
        num = b.wb.add_format(
            {
                "num_format": L.trend_format(row.name, False, row.values.values()),
                "locked": b.frozen,
                "font_size": 10,
                "font_name": "Calibri",
                "valign": "top",
            }
        )
        for j, y in enumerate(years):
            if row.computed and y == anno:
                grado = b.res.grado if b.res else None
                ws.write_formula(i, 3 + j, L.riepilogo_grado_ref(), fmt.pct, "" if grado is None else grado)
            elif row.values.get(y) is not None:
                ws.write_number(i, 3 + j, row.values[y], fmt.pct_input if row.computed else num)
            else:
                ws.write_blank(i, 3 + j, None, fmt.pct_input if row.computed else num)
        ws.set_row(i, row_height([(row.description, 60)]))
    ws.set_row(hr, L.HEADER_ROW_HEIGHT)
    setup_print(ws, hr)
    ws.protect("", {"format_columns": True, "format_rows": True})
