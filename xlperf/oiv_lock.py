"""What the OIV validated, cell by cell, and every later change (issue 21.3).

`xlperf valida` records in Configurazione («Validazione OIV») the period, the fingerprint of
validation.period_digest, the date and a compact snapshot of every cell that makes the scores:
each indicator's objective code, weight, operator, target and consuntivo of the period, each
objective's row in the Albero (code, strategic objective, type, area), the thresholds and the period.
The snapshot is JSON, compressed and in base64, in the same cell: «31/12|<impronta>|2026-12-02|<dati>».

:func:`changes` compares it with the workbook as it is: one problem per changed cell, with the
validated and the current value; :func:`mark` is the line reports and packs made from such a
workbook carry («Dati modificati dopo la validazione dell'OIV del …»).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import zlib

from . import layout as L
from .literals import format_date, format_number, format_percent, format_value
from .model import Level, Plan, Problem

#: an Excel cell holds at most 32 767 characters: a bigger snapshot is not recorded (the
#: fingerprint still flags a change, without naming the cells)
CELL_LIMIT = 32_000
#: the start of every message about a change after validation (check and the CLI look for it)
CHANGED = "modificato dopo la validazione dell'OIV"


def snapshot(plan: Plan, period: str) -> dict[str, str]:
    """Cell -> the value as the Relazione prints it, for every cell the validated scores depend on."""
    cells: dict[str, str] = {}
    for ind in plan.indicators:
        value, declared_na = ind.at(period)
        shown = {
            "objective_code": ind.objective,
            "weight_pct": format_number(ind.weight),
            "operator": ind.operator.value,
            "target": format_value(ind.target, ind.unit) if ind.target is not None else "",
            ind.actual_field(period): format_value(value, ind.unit) if value is not None or declared_na else "",
        }
        for field, text in shown.items():
            if field in ind.places:
                cells[ind.place(field)] = text
    for o in plan.objectives:
        row = "".join(ch for ch in o.source.split("!")[-1] if ch.isdigit()) if o.source.startswith(L.ALBERO) else ""
        if not row:
            continue
        for field, text in (
            ("objective_code", o.code),
            ("strategic_code", o.strategic),
            ("objective_type", o.type),
            ("area", o.area),
        ):
            cells[f"{L.ALBERO}!{L.albero_col(field)}{row}"] = str(text)
    cells[L.config_cell("XP_SogliaRaggiunto")] = format_percent(plan.thresholds.raggiunto)
    cells[L.config_cell("XP_SogliaParziale")] = format_percent(plan.thresholds.parziale)
    cells[L.config_cell("XP_Periodo")] = period
    return cells


def record(lock: str, plan: Plan, today: dt.date | None = None) -> str:
    """The text `valida` writes in Configurazione: ``lock`` (period|fingerprint), date, snapshot."""
    day = (today or dt.date.today()).isoformat()
    period = lock.split("|", 1)[0]
    data = json.dumps(snapshot(plan, period), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    blob = base64.b64encode(zlib.compress(data, 9)).decode("ascii")
    text = f"{lock}|{day}|{blob}"
    return text if len(text) <= CELL_LIMIT else f"{lock}|{day}|"


def parse(recorded: str) -> tuple[str, str, dt.date | None, dict[str, str] | None]:
    """(period, fingerprint, date, snapshot) of a recorded validation; older records have only the
    first two."""
    parts = recorded.split("|", 3)
    period, digest = parts[0], parts[1] if len(parts) > 1 else ""
    try:
        day = dt.date.fromisoformat(parts[2]) if len(parts) > 2 else None
    except ValueError:
        day = None
    cells = None
    if len(parts) > 3 and parts[3]:
        try:
            cells = json.loads(zlib.decompress(base64.b64decode(parts[3], validate=True)).decode("utf-8"))
        except (ValueError, zlib.error):
            cells = None
    return period, digest, day, cells if isinstance(cells, dict) else None


def same_lock(recorded: str, lock: str) -> bool:
    return "|".join(recorded.split("|", 2)[:2]) == lock


def changes(plan: Plan) -> list[Problem]:
    """Every cell that differs from what the OIV validated, with both values; a single problem at
    Configurazione when only the fingerprint is known (a validation recorded by an older version)."""
    from .validation import period_digest  # validation imports validate, which imports this module

    if not plan.validated or "|" not in plan.validated:
        return []
    period, digest, day, cells = parse(plan.validated)
    if period_digest(plan, period) == digest and cells is None:
        return []
    when = f" del {format_date(day)}" if day else ""
    fix = (
        "se la modifica è voluta, rifare la validazione (xlperf valida) e informarne l'OIV; altrimenti "
        "ripristinare il valore validato"
    )
    if cells is None:
        return [
            Problem(
                level=Level.WARNING,
                place=L.config_cell("XP_Validato"),
                message=f"target o consuntivi del periodo {period} {CHANGED}{when}",
                fix=fix,
            )
        ]
    now = snapshot(plan, period)
    found = []
    for place in sorted(set(cells) | set(now), key=_order):
        before, after = cells.get(place), now.get(place)
        if (before or "") == (after or ""):
            continue
        found.append(
            Problem(
                level=Level.WARNING,
                place=place,
                message=f"{CHANGED}{when}: validato «{before or 'vuoto'}», ora «{after or 'vuoto'}»",
                fix=fix,
                groupable=False,  # the OIV reads each changed cell with its two values
            )
        )
    return found


def _order(place: str) -> tuple:
    sheet, _, cell = place.partition("!")
    index = L.cell_index(cell) or (0, 0)
    return (sheet, index[0], index[1])


def mark(plan: Plan, found: list[Problem] | None = None) -> str:
    """«Dati modificati dopo la validazione dell'OIV del 02-12-2026 (3 celle: …)», or ''."""
    found = changes(plan) if found is None else found
    if not found:
        return ""
    _, _, day, _ = parse(plan.validated)
    when = f" del {format_date(day)}" if day else ""
    places = ", ".join(p.place for p in found[:5]) + (" …" if len(found) > 5 else "")
    cells = "cella" if len(found) == 1 else "celle"
    return f"Dati modificati dopo la validazione dell'OIV{when} ({len(found)} {cells}: {places})"
