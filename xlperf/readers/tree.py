"""The plan's tree (ambiti, strategic and operational objectives) where it is not given: objective
types from their codes, and the whole tree from the indicator rows when there is no Albero (CSV
input, or a workbook without that sheet).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import cast

from ..layout import ambito_of, strategic_of
from ..model import Ambito, Indicator, Objective, ObjectiveType, Plan, StrategicObjective
from .rows import text_of

_OBJECTIVE_CODE = re.compile(r"^\d{2}_\d{2}_(UIC|OS|OP)\d{2,}$", re.IGNORECASE)


def objective_type(code: str) -> ObjectiveType:
    m = _OBJECTIVE_CODE.match(code)
    return cast(ObjectiveType, m.group(1).upper()) if m else "OP"


def declared_type(value: object, code: str) -> ObjectiveType:
    declared = text_of(value).upper()
    return cast(ObjectiveType, declared) if declared in ("UIC", "OS", "OP") else objective_type(code)


def plan_from_rows(
    indicators: list[Indicator],
    meta: Sequence[Mapping[str, object]],
    base: Plan | None = None,
) -> Plan:
    """Derive the tree from indicator rows when no Albero is given (CSV input).

    ``meta`` holds, per row, the optional ``strategic_code``, ``area_code`` (ambito),
    ``objective_name``, ``strategic_name``, ``ambito_name`` columns.
    """
    plan = base.model_copy() if base else Plan()
    objectives: dict[str, Objective] = {}
    strategic: dict[str, StrategicObjective] = {}
    ambiti: dict[str, Ambito] = {}
    for ind, extra in zip(indicators, meta, strict=False):
        code = ind.objective
        s_code = text_of(extra.get("strategic_code")) or strategic_of(code)
        a_code = text_of(extra.get("area_code")) or ambito_of(s_code)
        if a_code not in ambiti:
            ambiti[a_code] = Ambito(code=a_code, name=text_of(extra.get("ambito_name")))
        if s_code not in strategic:
            strategic[s_code] = StrategicObjective(
                code=s_code, name=text_of(extra.get("strategic_name")), ambito=a_code
            )
        if code not in objectives:
            dirigenti = [d.strip() for d in text_of(extra.get("dirigenti")).split(";") if d.strip()]
            objectives[code] = Objective(
                code=code,
                name=text_of(extra.get("objective_name")),
                strategic=s_code,
                type=declared_type(extra.get("objective_type"), code),
                area=text_of(extra.get("org_area")),
                dirigenti=dirigenti,
                source=ind.source,
            )
    plan.ambiti = list(ambiti.values())
    plan.strategic = list(strategic.values())
    plan.objectives = list(objectives.values())
    plan.indicators = indicators
    return plan
