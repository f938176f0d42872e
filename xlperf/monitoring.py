"""Monitoraggio al 30/06 (the seed's section 5: misurazione e reporting intermedio), stated once.

At 30/06 an indicator is scored one of two ways:

* with a **Target 30/06** (optional planning column): its Monitoraggio 30/06 against that target,
  by the same rules as at 31/12 (scoring.py), with the usual statuses;
* without one: a **stima a fine anno** by a declared rule per kind (:data:`RULE_TEXT`), scored
  against the annual target; the status is «In corso», or «A rischio» when the estimate is under
  the «raggiunto» threshold. An ``Entro`` deadline after 30/06 not yet met is «Non ancora
  scaduto»: not scored and not due.

Coverage (:func:`coverage`) counts, for every objective, strategic objective, ambito and the Ente,
the indicators with a value at the period over those due, so partial data is never shown as final.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum

from .literals import Operator, Value
from .model import MID_YEAR, PROJECTION_FACTOR, Indicator, Plan, Status, Thresholds
from .scalar import EPS as _EPS  # the boundary belongs to the higher status, as everywhere
from .scalar import projects as projects


class Rule(str, Enum):
    """How an indicator is read at 30/06."""

    TARGET_MID = "target 30/06"
    PROJECTED = "proiezione"
    AS_IS = "valore attuale"
    DEADLINE = "scadenza"
    AS_STATED = "come dichiarato"


#: the rules as the user reads them (legend of the report, Istruzioni, solleciti)
RULE_TEXT: dict[Rule, str] = {
    Rule.TARGET_MID: "con Target 30/06: il monitoraggio è confrontato con il target intermedio, con le stesse regole "
    "del consuntivo",
    Rule.PROJECTED: "conteggi cumulativi (unità N., h, €; operatori ≥, >, ≤, <) senza Target 30/06: stima a fine anno "
    f"= valore al 30/06 × {PROJECTION_FACTOR:g} (dodici mesi su sei), confrontata con il target annuale",
    Rule.AS_IS: "rapporti, percentuali, tempi medi e valori con operatore «=» senza Target 30/06: stima a fine "
    "anno = valore al 30/06 così com'è, confrontato con il target annuale",
    Rule.DEADLINE: "scadenze (Entro): raggiunto se già completato entro la data; se la data è dopo il 30/06 e "
    "non è ancora completato, «Non ancora scaduto» (non valutato e non richiesto)",
    Rule.AS_STATED: "SI/NO: valutato come dichiarato al 30/06",
}


def rule_of(ind: Indicator) -> Rule:
    """The rule by which ``ind`` is read at 30/06."""
    if ind.operator is Operator.DEADLINE:
        return Rule.DEADLINE
    if ind.operator is Operator.BOOL:
        return Rule.AS_STATED
    if ind.target_mid is not None:
        return Rule.TARGET_MID
    return Rule.PROJECTED if projects(ind.operator, ind.unit) else Rule.AS_IS


def mid_year_date(year: int, deadline: dt.date) -> dt.date:
    """30/06 of the plan's year (of the deadline's year for a plan without one)."""
    return dt.date(year or deadline.year, 6, 30)


def not_yet_due(ind: Indicator, year: int) -> bool:
    """An ``Entro`` deadline after 30/06 that is not met yet: nothing is asked at 30/06."""
    if ind.operator is not Operator.DEADLINE or not isinstance(ind.target, dt.date):
        return False
    met = isinstance(ind.actual_mid, dt.date) and ind.actual_mid <= ind.target
    unanswered = ind.actual_mid is None and not ind.declared_na_mid  # a declared N/D is an answer
    return not met and unanswered and ind.target > mid_year_date(year, ind.target)


def period_inputs(ind: Indicator, period: str, year: int) -> tuple[Value | None, Value | None]:
    """(target, value) the score of ``period`` compares: at 31/12 the annual target and the
    consuntivo; at 30/06 the Target 30/06 and the monitoraggio, or the annual target and the
    stima a fine anno."""
    value, _ = ind.at(period)
    if period != MID_YEAR:
        return ind.target, value
    rule = rule_of(ind)
    if rule is Rule.TARGET_MID:
        return ind.target_mid, value
    if rule is Rule.PROJECTED and isinstance(value, float):
        return ind.target, value * PROJECTION_FACTOR
    if rule is Rule.DEADLINE and not_yet_due(ind, year):
        return ind.target, None
    return ind.target, value


def estimate(ind: Indicator, year: int) -> Value | None:
    """The stima a fine anno shown next to a 30/06 value (None with a Target 30/06 or no value)."""
    if rule_of(ind) is Rule.TARGET_MID:
        return None
    return period_inputs(ind, MID_YEAR, year)[1]


def indicator_status(
    ind: Indicator, pct: float | None, period: str, thresholds: Thresholds, year: int, base: Status
) -> Status:
    """The status of one indicator at ``period``; ``base`` is the usual one (aggregate.status_of)."""
    if period != MID_YEAR:
        return base
    if not_yet_due(ind, year):
        return Status.NON_SCADUTO
    if pct is None or rule_of(ind) is Rule.TARGET_MID:
        return base
    return Status.IN_CORSO if pct + _EPS >= thresholds.raggiunto else Status.A_RISCHIO


def asks_cause(ind: Indicator, pct: float | None, period: str, thresholds: Thresholds, year: int) -> bool:
    """Whether a cause of deviation is asked: at 31/12 (and at 30/06 with a Target 30/06) below
    Configurazione's «Soglia per la causa dello scostamento» (default: the «raggiunto» threshold);
    at 30/06 without a Target 30/06 only when «a rischio», not for work half done."""
    if pct is None or pct >= 1.0 - _EPS:
        return False
    if period != MID_YEAR or rule_of(ind) is Rule.TARGET_MID:
        return pct + _EPS < thresholds.cause_below
    return pct + _EPS < thresholds.raggiunto


# --- coverage --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Cover:
    """Indicators answered at the period (a value or a declared N/D) over those due."""

    filled: int = 0
    due: int = 0

    @property
    def complete(self) -> bool:
        return self.filled >= self.due

    @property
    def share(self) -> float | None:
        return self.filled / self.due if self.due else None

    def __add__(self, other: Cover) -> Cover:
        return Cover(self.filled + other.filled, self.due + other.due)

    def text(self) -> str:
        return f"{self.filled} di {self.due} indicatori"

    def to_json(self) -> dict:
        return {"con_valore": self.filled, "attesi": self.due, "quota": self.share, "completa": self.complete}


@dataclass
class Coverage:
    period: str
    objectives: dict[str, Cover] = field(default_factory=dict)
    strategic: dict[str, Cover] = field(default_factory=dict)
    ambiti: dict[str, Cover] = field(default_factory=dict)
    ente: Cover = field(default_factory=Cover)

    @property
    def evaluated(self) -> tuple[int, int]:
        """(objectives with every due indicator in, objectives with any due indicator)."""
        due = [c for c in self.objectives.values() if c.due]
        return sum(1 for c in due if c.complete), len(due)

    def evaluated_text(self) -> str:
        n, m = self.evaluated
        return f"{n} di {m} obiettivi valutati"

    def to_json(self) -> dict:
        n, m = self.evaluated
        return {
            "periodo": self.period,
            "ente": self.ente.to_json(),
            "obiettivi_valutati": n,
            "obiettivi": m,
            "ambiti": {k: v.to_json() for k, v in self.ambiti.items()},
            "obiettivi_strategici": {k: v.to_json() for k, v in self.strategic.items()},
            "obiettivi_operativi": {k: v.to_json() for k, v in self.objectives.items()},
        }


def is_due(ind: Indicator, period: str, year: int) -> bool:
    """An indicator asks for a value at ``period``: it has a target and is not a deadline still ahead."""
    return ind.target is not None and not (period == MID_YEAR and not_yet_due(ind, year))


def is_filled(ind: Indicator, period: str) -> bool:
    """A value was written for ``period``; a declared N/D is an answer too (the data is in)."""
    value, declared_na = ind.at(period)
    return value is not None or declared_na


def coverage(plan: Plan, period: str) -> Coverage:
    cov = Coverage(period)
    for o in plan.objectives:
        cov.objectives[o.code] = Cover()
    for ind in plan.indicators:
        if is_due(ind, period, plan.anno):
            one = Cover(1 if is_filled(ind, period) else 0, 1)
            cov.objectives[ind.objective] = cov.objectives.get(ind.objective, Cover()) + one
    for s in plan.strategic:
        cov.strategic[s.code] = sum((cov.objectives[o.code] for o in plan.objectives_in(s.code)), Cover())
    for a in plan.ambiti:
        cov.ambiti[a.code] = sum((cov.strategic[s.code] for s in plan.strategic_in(a.code)), Cover())
    cov.ente = sum(cov.objectives.values(), Cover())
    return cov


def shown_status(status: Status, cover: Cover | None) -> Status:
    """What an objective, strategic objective, ambito or the Ente shows: never a final status
    (Raggiunto, Non raggiunto, …) while some of its due indicators are missing."""
    if cover is None or cover.complete or status is Status.ND:
        return status
    return Status.DATI_PARZIALI


def coverage_text(cov: Coverage) -> str:
    """«Copertura al 30/06: 32 di 397 indicatori (8,06 %); 3 di 49 obiettivi valutati»."""
    from .literals import format_percent

    share = f" ({format_percent(cov.ente.share)})" if cov.ente.share is not None else ""
    return f"Copertura al {cov.period}: {cov.ente.text()}{share}; {cov.evaluated_text()}"
