"""Sheet readers for the tables of a workbook: Albero, Andamento, Variazioni and the areas' entry sheets.

Columns are found by their header text (:func:`xlperf.readers.grid.Sheet.find_header`), so a
column moved or added by staff does not break the reading; a cell that cannot be trusted (an Excel
error, a formula without its saved result, a merge) is reported at the cell, never read as a value.
"""

from __future__ import annotations

import datetime as dt
import re

from .. import layout as L
from ..literals import UNCACHED, LiteralError, excel_error, format_value, is_blank, parse_number
from ..model import Ambito, Level, Objective, Plan, Problem, StrategicObjective, TrendRow, Variation
from .grid import Sheet, header_key
from .rows import build_indicator, text_of
from .tree import declared_type


def _columns(
    sheet: Sheet, spec: list[L.Column], required: list[str], problems: list[Problem]
) -> tuple[int, dict[str, int]] | None:
    headers = [c.header for c in spec if c.field in required]
    found = sheet.find_header([headers[0]])
    if not found:
        problems.append(
            Problem(
                level=Level.ERROR,
                place=f"{sheet.name}!A{L.ENTRY_HEADER_ROW}",
                message=f"intestazione non trovata (manca la colonna «{headers[0]}»)",
                fix="ripristinare la riga di intestazione del modello",
            )
        )
        return None
    row, cols = found
    seen: dict[str, int] = {}
    for i, v in enumerate(sheet.rows[row - 1]):
        key = header_key(v)
        if key and key in seen and any(header_key(c.header) == key for c in spec):
            problems.append(
                Problem(
                    level=Level.ERROR,
                    place=sheet.place(row, i),
                    message=f"colonna «{v}» ripetuta ({sheet.place(row, seen[key]).split('!')[1]} e "
                    f"{sheet.place(row, i).split('!')[1]}): viene letta solo la prima",
                    fix="eliminare o rinominare la colonna in più (i valori vanno nella colonna del modello)",
                )
            )
        seen.setdefault(key, i)
    cols = {k: seen[k] for k in cols}  # the first of repeated headers, as the message says
    mapping = {c.field: cols[header_key(c.header)] for c in spec if header_key(c.header) in cols}
    missing = [c.header for c in spec if c.field in required and c.field not in mapping]
    if missing:
        problems.append(
            Problem(
                level=Level.ERROR,
                place=f"{sheet.name}!{row}:{row}",
                message=f"colonne mancanti: {', '.join(missing)}",
                fix="ripristinare le colonne del modello (non rinominarle)",
            )
        )
        return None
    return row, mapping


def read_albero(sheet: Sheet, plan: Plan, problems: list[Problem]) -> None:
    """Albero: the objectives (with their strategic objective, ambito, area and dirigenti), one per row."""
    found = _columns(sheet, L.ALBERO_COLUMNS, ["strategic_code", "objective_code"], problems)
    if not found:
        return
    header, col = found
    ambiti: dict[str, Ambito] = {}
    strategic: dict[str, StrategicObjective] = {}
    seen: dict[str, str] = {}

    def get(r: int, field: str) -> str:
        return text_of(sheet.value(r, col[field])) if field in col else ""

    for r in range(header + 1, len(sheet.rows) + 1):
        broken = _unreadable_cells(sheet, r, [c for f, c in col.items() if f not in ("pct", "status")])
        problems += broken
        if broken:
            continue
        code = get(r, "objective_code").upper()
        if not code:
            continue
        where = sheet.place(r, col["objective_code"])
        if code in seen:
            problems.append(
                Problem(
                    level=Level.ERROR,
                    place=where,
                    message=f"obiettivo {code} ripetuto (già in {seen[code]})",
                    fix="tenere una sola riga per obiettivo",
                )
            )
            continue
        seen[code] = where
        s_code = get(r, "strategic_code") or L.strategic_of(code)
        a_code = get(r, "ambito_code") or L.ambito_of(s_code)
        ambiti.setdefault(a_code, Ambito(code=a_code, name=get(r, "ambito_name")))
        strategic.setdefault(s_code, StrategicObjective(code=s_code, name=get(r, "strategic_name"), ambito=a_code))
        plan.objectives.append(
            Objective(
                code=code,
                name=get(r, "objective_name"),
                strategic=s_code,
                type=declared_type(get(r, "objective_type"), code),
                area=get(r, "area"),
                dirigenti=[d.strip() for d in get(r, "dirigenti").split(";") if d.strip()],
                source=where,
            )
        )
    plan.ambiti = list(ambiti.values())
    plan.strategic = list(strategic.values())


def _unreadable_cells(sheet: Sheet, r: int, cols: list[int]) -> list[Problem]:
    """Cells of row ``r`` holding an Excel error or a formula saved without its result: reported at
    the cell, never read as text (nor as an empty cell)."""
    out = []
    for c in cols:
        value = sheet.value(r, c)
        if excel_error(value) or value is UNCACHED:
            what = (
                f"l'errore di Excel {excel_error(value)}"
                if excel_error(value)
                else "una formula senza risultato salvato"
            )
            out.append(
                Problem(
                    level=Level.ERROR,
                    place=sheet.place(r, c),
                    message=f"la cella contiene {what}",
                    fix="correggere la formula o scriverne il valore",
                )
            )
    return out


def read_variations(sheet: Sheet, plan: Plan, problems: list[Problem]) -> None:
    """Variazioni: one row per recorded change to the approved plan."""
    found = _columns(sheet, L.VARIATION_COLUMNS, ["indicator_code", "field"], problems)
    if not found:
        return
    header, col = found
    choices = {k.casefold(): k for k in L.VARIATION_FIELDS}
    for r in range(header + 1, len(sheet.rows) + 1):
        raw = {f: sheet.value(r, c) for f, c in col.items()}
        if all(is_blank(v) for v in raw.values()):
            continue
        broken = _unreadable_cells(sheet, r, list(col.values()))
        problems += broken
        if broken:
            continue
        texts = {
            f: format_value(v) if isinstance(v, (dt.date, dt.datetime, int, float)) else text_of(v)
            for f, v in raw.items()
        }
        field = choices.get(texts.get("field", "").casefold())
        if not texts.get("indicator_code") or field is None:
            problems.append(
                Problem(
                    level=Level.WARNING,
                    place=sheet.place(r, col.get("field", 0)),
                    message="variazione senza codice indicatore o con un campo diverso da "
                    + ", ".join(L.VARIATION_FIELDS),
                    fix="indicare il codice dell'indicatore e scegliere il campo dall'elenco",
                )
            )
            continue
        plan.variations.append(
            Variation(
                indicator=texts["indicator_code"],
                field=field,
                **{f: texts.get(f, "") for f in ("approved", "new", "date", "act", "reason")},
                place=sheet.place(r, 0),
            )
        )


def read_trend(sheet: Sheet, plan: Plan, problems: list[Problem]) -> None:
    """Andamento: one row per measure, one column per year (the current year's computed rows recomputed)."""
    found = sheet.find_header(L.TREND_HEADERS[:1])
    if not found:
        return
    row, cols = found
    header = sheet.rows[row - 1]
    years = {}
    for c, v in enumerate(header):
        try:
            y = int(parse_number(v)) if v not in (None, "") else None
        except LiteralError:
            y = None
        if y and 1990 < y < 2200:
            years[c] = y
    computed_names = {header_key(n) for n, *_rest, comp in L.TREND_DEFAULTS if comp}
    for r in range(row + 1, len(sheet.rows) + 1):
        name = text_of(sheet.value(r, 0))
        if not name:
            continue
        values: dict[int, float | None] = {}
        for c, y in years.items():
            v = sheet.value(r, c)
            if v in (None, ""):
                continue
            try:
                values[y] = parse_number(v)
            except LiteralError as exc:
                problems.append(
                    Problem(
                        level=Level.WARNING,
                        place=sheet.place(r, c),
                        message=f"valore non numerico ignorato: {exc}",
                        fix="scrivere un numero",
                    )
                )
        computed = header_key(name) in computed_names
        if computed:
            values.pop(plan.anno, None)  # recomputed by every refresh
        plan.trend.append(
            TrendRow(
                name=name,
                description=text_of(sheet.value(r, 1)),
                reference=text_of(sheet.value(r, 2)),
                values=values,
                computed=computed,
            )
        )


REQUIRED_ENTRY = ["objective_code", "weight_pct", "operator", "target", "actual"]


def read_entry(sheet: Sheet, plan: Plan, problems: list[Problem]) -> None:
    """An area's entry sheet: one indicator per row (rows.build_indicator); merged cells refused."""
    found = _columns(sheet, L.ENTRY_COLUMNS, REQUIRED_ENTRY, problems)
    if not found:
        return
    header, col = found
    for ref in sheet.merges:
        first, last = ref.split(":")
        if int(re.sub(r"\D", "", last)) > header:
            problems.append(
                Problem(
                    level=Level.ERROR,
                    place=f"{sheet.name}!{ref}",
                    message=f"celle unite ({ref}) nella tabella degli indicatori: "
                    "le righe sotto la prima risultano vuote e non vengono lette",
                    fix="separare le celle (Unisci e allinea al centro → Separa celle) "
                    "e scrivere il valore in ogni riga",
                )
            )
    inputs = [f for f in col if f not in ("pct", "status")]
    for r in range(header + 1, len(sheet.rows) + 1):
        raw = {f: sheet.value(r, col[f]) for f in inputs}
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in raw.values()):
            continue
        places = {f: sheet.place(r, c) for f, c in col.items()}
        ind = build_indicator(raw, places, sheet.place(r, 0), problems)
        if ind is not None:
            plan.indicators.append(ind)
