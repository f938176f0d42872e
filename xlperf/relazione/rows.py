"""The Relazione's building blocks, formatted once: indicator rows, the headline, the title, the
legend, the dirigenti. `xlperf.report` re-exports them (the OIV pack and other reports use them)."""

from __future__ import annotations

from dataclasses import dataclass

from .. import layout as L
from ..aggregate import Results, Status, plain_mean
from ..figures import dirigenti_objectives
from ..literals import format_number, format_percent, format_value
from ..model import Indicator, Plan
from ..target_literals import format_target


@dataclass
class ReportRow:
    weight: str
    code_name: str
    description: str
    target: str  # «≥ 12 N.» or «≥ 12 N.\n(approvato: ≥ 16 N.)»: revised and approved on two lines
    actual: str
    pct: str
    status: Status


def approved_target(ind: Indicator) -> str:
    """«(approvato: ≥ 70)» where a variation changed the target or operator after approval, else ""."""
    if not {"target", "operator"} & set(ind.varied_fields()):
        return ""
    then = ind.model_copy(update={"target": ind.approved_target, "operator": ind.approved_operator or ind.operator})
    return f"(approvato: {format_target(then)})"


def build_rows(plan: Plan, res: Results) -> dict[str, list[ReportRow]]:
    """Objective code -> its indicator rows, formatted."""
    rows: dict[str, list[ReportRow]] = {}
    for ind, pct in zip(plan.indicators, res.indicators, strict=False):
        name = f"{ind.code} - {ind.name}" if ind.code else ind.name
        approved = approved_target(ind)
        rows.setdefault(ind.objective, []).append(
            ReportRow(
                weight=f"{format_number(ind.weight)} %",
                code_name=name,
                description=ind.description,
                target=format_target(ind) + (f"\n{approved}" if approved else ""),
                actual=format_value(ind.at(res.period)[0], ind.unit),
                pct=format_percent(pct),
                status=res.status(pct),
            )
        )
    return rows


LEGEND = [
    (Status.NON_RAGGIUNTO, "Mancato raggiungimento dell'obiettivo (< {parziale})"),
    (Status.PARZIALE, "Parziale raggiungimento dell'obiettivo (≥ {parziale} e < {raggiunto})"),
    (Status.RAGGIUNTO, "Raggiungimento dell'obiettivo (≥ {raggiunto})"),
]


def legend_text(plan: Plan) -> list[tuple[Status, str]]:
    th = {"raggiunto": f"{plan.thresholds.raggiunto:.0%}", "parziale": f"{plan.thresholds.parziale:.0%}"}
    return [(st, text.format(**th)) for st, text in LEGEND]


def title(plan: Plan, res: Results, area: str | None = None) -> str:
    text = f"Relazione sulla performance {plan.anno}" if plan.anno else "Relazione sulla performance"
    if res.period == L.MID_YEAR:
        text = f"Monitoraggio intermedio al 30/06/{plan.anno}" if plan.anno else "Monitoraggio intermedio al 30/06"
    return f"Report dell'area {area} - {text}" if area else text


@dataclass(frozen=True)
class Headline:
    """Page 1's headline: the Ente's performance, or in an area report the area's (the mean of its
    operational objectives, as section 4 does for a dirigente), with the grado over the same objectives."""

    label: str
    pct: float | None
    grado: float | None
    reached: int
    scored: int


def headline(plan: Plan, res: Results, area: str | None = None) -> Headline:
    scored = [v for v in (res.objectives.get(o.code) for o in plan.objectives) if v is not None]
    reached = sum(res.status(v) is Status.RAGGIUNTO for v in scored)
    if area is None:
        return Headline("PERFORMANCE DI ENTE", res.ente, res.grado, reached, len(scored))
    grado = reached / len(scored) if scored else None
    return Headline("PERFORMANCE DELL'AREA", plain_mean(scored), grado, reached, len(scored))


def dirigenti_rows(plan: Plan, res: Results):
    for name, objs in dirigenti_objectives(plan):
        if objs:
            yield name, objs, plain_mean(res.objectives.get(o.code) for o in objs)
