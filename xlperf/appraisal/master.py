"""What the evaluation workbook takes from the master: plan identity and final organisational results.

Nothing flows back: the master never learns who is evaluated (personal data stay in Valutazioni).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..aggregate import plain_mean, score_plan
from ..area_identity import plan_id
from ..errors import XlperfError
from ..figures import dirigente_mean, dirigenti_objectives
from ..model import Level, Plan, Problem, Thresholds
from ..validation import lock_problems
from .compute import OrgResults


@dataclass
class MasterFacts:
    ente: str
    anno: int
    period: str
    thresholds: Thresholds
    plan_id: str
    validated: bool  # the OIV validated the Relazione (xlperf valida) and nothing changed since
    org: OrgResults
    dirigenti: list[str]
    areas: list[str]
    area_heads: dict[str, str]  # area -> dirigente responsabile (Configurazione)


def facts_of(plan: Plan) -> MasterFacts:
    res = score_plan(plan)

    def coverage(objs) -> tuple[int, int]:
        return sum(res.objectives.get(o.code) is not None for o in objs), len(objs)

    areas = {}
    for area in plan.areas:
        objs = [o for o in plan.objectives if o.area == area]
        areas[area] = (plain_mean(res.objectives.get(o.code) for o in objs), *coverage(objs))
    dirigenti = {name: (dirigente_mean(res, objs), *coverage(objs)) for name, objs in dirigenti_objectives(plan)}
    validated = bool(plan.validated) and plan.validated.startswith(plan.period) and not lock_problems(plan)
    return MasterFacts(
        ente=plan.ente,
        anno=plan.anno,
        period=plan.period,
        thresholds=plan.thresholds,
        plan_id=plan_id(plan),
        validated=validated,
        org=OrgResults(res.ente, areas, dirigenti),
        dirigenti=list(dirigenti),
        areas=list(plan.areas),
        area_heads=dict(plan.area_heads),
    )


def read_master(path: str | Path) -> MasterFacts:
    """The master's facts; an Italian error (exit 2) when it cannot be read or has errors."""
    from ..readers.workbook import read_workbook
    from ..validate import validate

    path = Path(path)
    if not path.exists():
        raise XlperfError(f"il file principale «{path}» non esiste")
    if path.suffix.lower() not in (".xlsm", ".xlsx"):
        raise XlperfError(f"«{path.name}» non è una cartella di lavoro del piano (.xlsm)")
    plan, problems = read_workbook(path)
    problems = problems + validate(plan)
    errors: list[Problem] = [p for p in problems if p.level is Level.ERROR]
    if errors:
        shown = "\n".join(str(p) for p in errors[:10])
        raise XlperfError(f"il file principale ha errori da correggere prima (xlperf check):\n{shown}")
    return facts_of(plan)
