"""The new year from last year's workbook (`xlperf new --da`): same tree and indicators, last
year's consuntivi as the comparison base, last year's grado di conseguimento into the history."""

from __future__ import annotations

from .aggregate import score_plan
from .model import YEAR_END, Plan


def next_year(plan: Plan, anno: int) -> Plan:
    """``plan`` (last year's, filled in) turned into ``anno``'s, ready to be filled: in place."""
    last_year = score_plan(plan, YEAR_END)
    for row in plan.trend:  # last year's grado di conseguimento becomes history
        if row.computed and plan.anno and last_year.grado is not None:
            row.values[plan.anno] = last_year.grado
    for ind in plan.indicators:
        ind.baseline, ind.actual, ind.actual_mid = ind.actual, None, None
        ind.declared_na = ind.declared_na_mid = False
        ind.note = ""
    plan.period = YEAR_END
    plan.anno = anno
    return plan
