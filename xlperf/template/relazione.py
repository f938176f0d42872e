"""Relazione: the texts and tables the Relazione needs beyond the plan, filled by the controllo di
gestione (xlperf.relazione.content states the rows; the reader is xlperf.readers.relazione)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..relazione.content import TABLES, TEXTS, default_relazione
from .formats import Formats, write_text

if TYPE_CHECKING:
    from .book import Book

TEXT_ROW = 4  # 0-based: the first text row (row 5 in Excel)
LONG_TEXTS = {"premessa", "sintesi", "context", "organisation", "wellbeing", "customer", "resources", "process"}


def write(b: Book, ws, fmt: Formats) -> None:
    rel = b.plan.relazione if b.plan.relazione.present else default_relazione()
    ws.write("A1", "Relazione sulla performance: testi e tabelle", fmt.title)
    ws.write(
        "A2",
        "Scrivere qui ciò che la Relazione riporta oltre agli obiettivi: atto di adozione, premessa, contesto, "
        "personale, risorse, processo. Un testo vuoto compare nella Relazione come «[Da compilare: …]».",
        fmt.subtitle,
    )
    ws.set_column(0, 0, 44)
    ws.set_column(1, 1, 60)
    ws.set_column(2, 3, 40)
    ws.write(TEXT_ROW - 1, 0, "Voce", fmt.header)
    ws.write(TEXT_ROW - 1, 1, "Testo", fmt.header)
    for r, field in enumerate(TEXTS, start=TEXT_ROW):
        ws.write_string(r, 0, field.label, fmt.label)
        ws.merge_range(r, 1, r, 3, "", fmt.input)
        write_text(ws, r, 1, rel.text(field.key), fmt.input)
        if field.key in LONG_TEXTS:
            ws.set_row(r, 60)
    row = TEXT_ROW + len(TEXTS) + 1
    strategic: list[list[str | float | None]] = [[s.code, ""] for s in b.plan.strategic]
    for spec in TABLES:
        data: list[list[str | float | None]] = rel.tables.get(spec.key) or (
            strategic if spec.key == "strategic" else []
        )
        if spec.key == "strategic":  # every strategic objective of the plan, with its description if any
            known = {str(r[0]): r for r in data}
            data = [known.get(s.code, [s.code, ""]) for s in b.plan.strategic] + [
                r for r in data if str(r[0]) not in {s.code for s in b.plan.strategic}
            ]
        ws.write_string(row, 0, spec.title, fmt.label)
        for c, h in enumerate(spec.headers):
            ws.write_string(row + 1, c, h, fmt.header)
        for i in range(max(spec.rows, len(data) + 2)):
            values = data[i] if i < len(data) else []
            for c in range(len(spec.headers)):
                v = values[c] if c < len(values) else None
                if isinstance(v, float) and c in spec.numeric:
                    ws.write_number(row + 2 + i, c, v, fmt.int)
                else:
                    write_text(ws, row + 2 + i, c, "" if v is None else str(v), fmt.input)
        row += max(spec.rows, len(data) + 2) + 3
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.set_footer("&L&F - &A&RPagina &P di &N")
