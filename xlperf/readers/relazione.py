"""The «Relazione» sheet -> xlperf.relazione.content.Relazione: texts found by their label in column A,
tables by their title row; bad cells reported in Italian at the cell (the value stays in the sheet)."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from ..model import Level, Problem
from ..relazione.content import SHEET, TABLES, TEXTS, Relazione


class Grid(Protocol):
    name: str
    rows: list[tuple]

    def value(self, row: int, col: int): ...

    def place(self, row: int, col: int) -> str: ...


def _norm(v: object) -> str:
    return " ".join(str(v or "").split()).casefold()


def _text(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, (dt.datetime, dt.date)):
        return v.strftime("%d/%m/%Y")
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def read_relazione(sheet: Grid) -> tuple[Relazione, list[Problem]]:
    problems: list[Problem] = []
    rel = Relazione(present=True)
    labels = {_norm(sheet.value(r, 0)): r for r in range(1, len(sheet.rows) + 1) if sheet.value(r, 0)}
    for field in TEXTS:
        r = labels.get(_norm(field.label))
        if r is None:
            problems.append(
                Problem(
                    level=Level.WARNING,
                    place=SHEET,
                    message=f"manca la riga «{field.label}»",
                    fix="ripristinare la riga dal modello (xlperf template): la Relazione mostra un segnaposto",
                )
            )
            continue
        rel.places[field.key] = sheet.place(r, 1)
        value = sheet.value(r, 1)
        if field.key == "act_date" and value not in (None, ""):
            text = _text(value)
            try:
                dt.datetime.strptime(text, "%d/%m/%Y")
            except ValueError:
                problems.append(
                    Problem(
                        level=Level.WARNING,
                        place=sheet.place(r, 1),
                        message=f"data di adozione non valida: «{text}»",
                        fix="scrivere la data come gg/mm/aaaa, per esempio 25/03/2026",
                    )
                )
        rel.texts[field.key] = _text(value)
    for spec in TABLES:
        top = labels.get(_norm(spec.title))
        if top is None:
            continue
        rel.places[spec.key] = sheet.place(top + 2, 0)
        rows: list[list[str | float | None]] = []
        r = top + 2
        while r <= len(sheet.rows) and _norm(sheet.value(r, 0)) not in _titles():
            values: list[str | float | None] = []
            for c in range(len(spec.headers)):
                v = sheet.value(r, c)
                if c in spec.numeric and v not in (None, ""):
                    if isinstance(v, (int, float)) and not isinstance(v, bool):
                        values.append(float(v))
                        continue
                    problems.append(
                        Problem(
                            level=Level.WARNING,
                            place=sheet.place(r, c),
                            message=f"«{spec.headers[c]}» non è un numero: «{_text(v)}»",
                            fix="scrivere solo il numero (es. 26), senza testo: la Relazione lo mostra come N/D",
                        )
                    )
                    values.append(None)
                else:
                    values.append(_text(v) or None)
            if any(v not in (None, "") for v in values):
                rows.append(values)
            r += 1
        rel.tables[spec.key] = rows
    _check_totals(sheet, rel, problems)
    return rel, problems


def _titles() -> set[str]:
    return {_norm(t.title) for t in TABLES}


def _check_totals(sheet: Grid, rel: Relazione, problems: list[Problem]) -> None:
    """Donne + Uomini must make the Totale where all three are written."""
    for row in rel.tables.get("personnel", []):
        total, women, men = row[1], row[2], row[3]
        if isinstance(total, float) and isinstance(women, float) and isinstance(men, float) and women + men != total:
            problems.append(
                Problem(
                    level=Level.WARNING,
                    place=f"{sheet.name}, riga «{row[0]}»",
                    message=f"donne ({women:g}) + uomini ({men:g}) non fanno il totale ({total:g})",
                    fix="correggere il totale o la ripartizione per genere",
                )
            )
