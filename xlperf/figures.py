"""Figures the owned sheets and the Relazione both show, computed once: the objectives of each
dirigente and their mean (the Dirigenti sheet, the Relazione's section 4, the schede of
xlperf.appraisal), the multi-year trend with this year's grado di conseguimento (Cruscotto, section 2.3).
"""

from __future__ import annotations

from . import layout as L
from .aggregate import Results, plain_mean
from .model import Plan


def trend_years(plan: Plan) -> list[int]:
    """The last five years with a value, the plan's year included."""
    return sorted({y for row in plan.trend for y in row.values} | ({plan.anno} if plan.anno else set()))[
        -L.TREND_YEARS :
    ]


def trend_values(plan: Plan, res: Results):
    """(row, {year: value}) with the current year's grado di conseguimento taken from the scores."""
    for row in plan.trend:
        values = dict(row.values)
        if row.computed and plan.anno and res.period == L.YEAR_END:
            values[plan.anno] = res.grado
        yield row, values


def dirigenti_objectives(plan: Plan) -> list[tuple[str, list]]:
    """(dirigente, objectives assigned): those of Configurazione first, then others named in the Albero."""
    names = list(plan.dirigenti)
    for o in plan.objectives:
        names += [d for d in o.dirigenti if d not in names]
    return [(name, [o for o in plan.objectives if name in o.dirigenti]) for name in names]


def dirigente_mean(res: Results, objectives: list) -> float | None:
    """A dirigente's figure in section 4: the plain mean of the objectives assigned (also the
    organisational component of their scheda, xlperf.appraisal)."""
    return plain_mean(res.objectives.get(o.code) for o in objectives)


def role_without_name(name: str, role: str) -> str:
    """«Segretario Generale» + «Segretario Generale; interim Area 1» -> «interim Area 1»."""
    role = role.strip()
    if role.casefold().startswith(name.strip().casefold()):
        role = role[len(name.strip()) :].lstrip(" ;,:—–-")
    return role
