"""An area copy's identity: which master it comes from, which area it is, what it is called, and
whether its plan fields are still the ones distributed.

`distribuisci` writes these into each copy's Configurazione; `raccogli` checks them before it reads
a value; `check` and the reports per area name their files by :func:`area_file_name`.
"""

from __future__ import annotations

import hashlib
import uuid

from .area_names import safe_part
from .model import Indicator, Plan


def plan_id(plan: Plan) -> str:
    """A stable identifier of a master: ente, year and the set of objective codes."""
    if plan.plan_id:
        return plan.plan_id
    basis = "|".join([plan.ente, str(plan.anno), ",".join(sorted(o.code for o in plan.objectives))])
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "xlperf:" + basis))


def area_plan(plan: Plan, area: str) -> Plan:
    """The part of ``plan`` one area fills in, marked as an area copy of this master."""
    objectives = [o for o in plan.objectives if o.area == area]
    codes = {o.code for o in objectives}
    indicators = [i for i in plan.indicators if i.objective in codes]
    strategic = [s for s in plan.strategic if s.code in {o.strategic for o in objectives}]
    ambiti = [a for a in plan.ambiti if a.code in {s.ambito for s in strategic}]
    return plan.model_copy(
        deep=True,
        update={
            "objectives": objectives,
            "strategic": strategic,
            "ambiti": ambiti,
            "indicators": [i.model_copy(deep=True) for i in indicators],
            "areas": [area],
            "area_heads": {a: d for a, d in plan.area_heads.items() if a == area},
            "area_file": area,
            "plan_id": plan_id(plan),
            "plan_signature": plan_signature(indicators),
            "validated": "",
            "approved": plan.approved,  # shown in the copy's Configurazione; variations live in the master
        },
    )


def plan_signature(indicators: list[Indicator]) -> str:
    """Fingerprint of the plan fields (objective, code, weight, operator, target, unit) of some
    indicators; floats rounded to 9 decimals, so a file saved by LibreOffice (0.0869 for
    0.08689999999999999) signs the same."""

    def norm(v) -> str:
        return repr(round(v, 9)) if isinstance(v, float) else str(v)

    rows = sorted(
        "|".join(norm(x) for x in (i.objective, i.code, i.weight, i.operator.value, i.target, i.unit))
        for i in indicators
    )
    return hashlib.sha1("\n".join(rows).encode("utf-8")).hexdigest()[:16]


def area_file_name(plan: Plan, area: str) -> str:
    """The file name of ``area``'s copy of ``plan`` (the reports per area are named after it)."""
    safe = safe_part(area)
    # .xlsx: no macros, no Python; its formulas are native, so it computes on any PC (issue 12)
    return f"PIAO_{plan.anno} - {safe}.xlsx" if plan.anno else f"PIAO - {safe}.xlsx"
