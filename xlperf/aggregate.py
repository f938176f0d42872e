"""From indicator scores up to the Ente: the seed's aggregation.

* obiettivo operativo = Σ peso·score / Σ peso over its scored indicators (N/D weights redistributed)
* obiettivo strategico = plain mean of its operational objectives
* ambito = mean of its strategic objectives
* Ente = mean of all strategic objectives
* grado di conseguimento = share of operational objectives at or above the "raggiunto" threshold
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .model import Plan, Status, Thresholds
from .monitoring import Coverage, coverage, period_inputs, shown_status
from .scalar import status_for
from .scalar import weighted_mean as _weighted_mean
from .scoring import OP_CODES, as_number, score_array

DEFAULT_THRESHOLDS = Thresholds()


def status_of(pct: float | None, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> Status:
    return status_for(pct, thresholds.raggiunto, thresholds.parziale)


def weighted_mean(scores, weights) -> float | None:
    """Σ w·s / Σ w over the scored entries; None when nothing is scored or the weights are 0."""
    return _weighted_mean(scores, weights)


def plain_mean(values) -> float | None:
    vals = [v for v in values if v is not None and not math.isnan(v)]
    return sum(vals) / len(vals) if vals else None


def _none(x: float) -> float | None:
    return None if x is None or math.isnan(x) else float(x)


@dataclass
class Results:
    period: str
    thresholds: Thresholds
    indicators: list[float | None]
    objectives: dict[str, float | None]
    strategic: dict[str, float | None]
    ambiti: dict[str, float | None]
    ente: float | None
    grado: float | None
    counts: dict[Status, int] = field(default_factory=dict)
    #: indicators with a value / indicators due, per level (monitoring.coverage)
    coverage: Coverage | None = None

    def status(self, pct: float | None) -> Status:
        return status_of(pct, self.thresholds)

    def shown(self, level: str, code: str = "") -> Status:
        """The status shown for ``level`` («ente», «ambiti», «strategic», «objectives») and code:
        «Dati parziali» while due indicators are missing (monitoring.shown_status)."""
        pct = self.ente if level == "ente" else getattr(self, level).get(code)
        cov = self.coverage
        cover = None if cov is None else cov.ente if level == "ente" else getattr(cov, level).get(code)
        return shown_status(self.status(pct), cover)

    def to_json(self, plan: Plan) -> dict:
        return {
            "ente": self.ente,
            "grado_conseguimento": self.grado,
            "ambiti": self.ambiti,
            "obiettivi_strategici": self.strategic,
            "obiettivi_operativi": self.objectives,
            "copertura": self.coverage.to_json() if self.coverage else None,
            "indicatori": [
                {"obiettivo": ind.objective, "codice": ind.code, "percentuale": pct}
                for ind, pct in zip(plan.indicators, self.indicators, strict=False)
            ],
        }


def score_plan(plan: Plan, period: str | None = None) -> Results:
    """Score every indicator for ``period`` ("30/06" or "31/12"; default: the plan's) and aggregate."""
    inds = plan.indicators
    when = period or plan.period
    pairs = [period_inputs(i, when, plan.anno) for i in inds]  # at 30/06: Target 30/06 or stima a fine anno
    scores = score_array(
        np.fromiter((OP_CODES[i.operator] for i in inds), dtype=np.int8, count=len(inds)),
        np.fromiter((as_number(t) for t, _ in pairs), dtype=np.float64, count=len(inds)),
        np.fromiter((as_number(a) for _, a in pairs), dtype=np.float64, count=len(inds)),
    )
    # weighted mean per objective over the scored indicators with a positive weight (numpy: no pandas
    # import on the button's path); bincount adds in row order, as a sequential sum does
    weights = np.fromiter((i.weight for i in inds), dtype=np.float64, count=len(inds))
    codes, group = np.unique(np.array([i.objective for i in inds], dtype=object), return_inverse=True)
    keep = ~np.isnan(scores) & (weights > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        sums = np.bincount(group[keep], weights=(weights * scores)[keep], minlength=len(codes))
        totals = np.bincount(group[keep], weights=weights[keep], minlength=len(codes))
        means = np.where(totals > 0, sums / np.where(totals > 0, totals, 1.0), np.nan)
    by_objective = dict(zip(codes.tolist(), means.tolist(), strict=True))

    objectives = {o.code: _none(by_objective.get(o.code, math.nan)) for o in plan.objectives}
    strategic = {s.code: plain_mean(objectives[o.code] for o in plan.objectives_in(s.code)) for s in plan.strategic}
    ambiti = {a.code: plain_mean(strategic[s.code] for s in plan.strategic_in(a.code)) for a in plan.ambiti}
    ente = plain_mean(strategic.values())
    scored_objectives = [v for v in objectives.values() if v is not None]
    counts = {st: 0 for st in Status}
    for v in objectives.values():
        counts[status_of(v, plan.thresholds)] += 1
    grado = counts[Status.RAGGIUNTO] / len(scored_objectives) if scored_objectives else None
    return Results(
        period=period or plan.period,
        thresholds=plan.thresholds,
        indicators=[_none(s) for s in scores],
        objectives=objectives,
        strategic=strategic,
        ambiti=ambiti,
        ente=ente,
        grado=grado,
        counts=counts,
        coverage=coverage(plan, when),
    )
