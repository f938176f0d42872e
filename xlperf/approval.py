"""The approved plan knows which indicators existed (issue 21.4).

`xlperf approva` writes each indicator's target, weight and operator into its row's hidden
«approvato» cells; a row deleted later takes those cells with it. So the approval also records, in
Configurazione («Piano approvato il»), after the date, the list of approved indicators (objective,
code, name; compressed JSON in base64): «30-01-2025|<elenco>». An approved indicator that is no
longer in the plan, without a Variazione, is flagged like any other unrecorded variation. Indicators
are known by their code, or by their name when they have none.
"""

from __future__ import annotations

import base64
import json
import zlib

from .model import Indicator, Level, Plan, Problem


def indicator_key(ind: Indicator) -> str:
    """How a Variazione names an indicator: its code, or its name when it has no code."""
    return (ind.code or ind.name).strip().casefold()


def record(day: str, plan: Plan) -> str:
    rows = [[i.objective, i.code, i.name] for i in plan.indicators]
    blob = base64.b64encode(zlib.compress(json.dumps(rows, ensure_ascii=False).encode("utf-8"), 9)).decode("ascii")
    text = f"{day}|{blob}"
    return text if len(text) <= 32_000 else day  # a cell holds 32 767 characters


def parse(text: str) -> tuple[str, list[list[str]]]:
    """(date, approved indicators) of the «Piano approvato il» cell; an older cell has only the date."""
    day, _, blob = text.partition("|")
    if not blob:
        return text, []
    try:
        rows = json.loads(zlib.decompress(base64.b64decode(blob, validate=True)).decode("utf-8"))
    except (ValueError, zlib.error):
        return day, []
    return day, [r for r in rows if isinstance(r, list) and len(r) == 3]


def removed_problems(plan: Plan, recorded: set[tuple[str, str]], place: str) -> list[Problem]:
    """Approved indicators missing from the plan now, without a Variazione («Indicatore»)."""
    from .layout import VARIAZIONI

    present = {(i.objective, indicator_key(i)) for i in plan.indicators}
    problems = []
    for objective, code, name in plan.approved_indicators:
        key = (code or name).strip().casefold()
        if (objective, key) in present or (key, "Indicatore") in recorded:
            continue
        problems.append(
            Problem(
                level=Level.WARNING,
                place=place,
                message=f"indicatore {code or name} dell'obiettivo {objective} approvato il {plan.approved} e poi "
                "tolto dal piano senza una variazione registrata",
                fix=f"registrare la variazione nel foglio {VARIAZIONI} (campo «Indicatore», atto, motivazione) "
                "o ripristinare la riga",
            )
        )
    return problems
