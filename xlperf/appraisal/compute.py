"""The scheda's arithmetic, in Python: the same rules the «Schede» formulas compute (builder.py).

* component «individuali» = Σ peso × % / Σ peso of the person's individual objectives, each scored
  by the plan's own rules (aggregate.score_plan on the objectives as indicators of one «objective»
  per matricola): nothing is re-implemented here;
* component «comportamenti» = mean of the scores given ÷ the scale's maximum;
* total = Σ peso × component / Σ peso over the components that have a value (aggregate.weighted_mean);
  a component or the total may be overridden («forzatura») only with a note;
* fascia = the last band (ascending minima) whose minimum the total reaches; quota = its share
  (or the total itself for a «proporzionale» band); coefficient = quota × part time × months/12;
* art. 81: in a group marked for it, the first ROUNDDOWN(quota × eligible) of the eligible (coefficient
  > 0) by total, ties broken by the behaviours component, then by the coefficient (time worked), then by
  the order of Personale, get their points × (1 + maggiorazione);
* premio = group budget × points / Σ points of the group (so the budget is spent exactly, never
  exceeded); payable only when the master records the Relazione validated by the OIV and the scheda
  is «definitiva».
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from ..aggregate import score_plan, weighted_mean
from ..model import Indicator, Objective, Plan, StrategicObjective, Thresholds, as_period
from . import spec as S

#: a total on a band's minimum belongs to that band despite float noise (as aggregate.status_of)
EPS = 1e-9


@dataclass
class Sistema:
    groups: list[S.Group]
    bands: list[S.Band]
    behaviours: list[S.Behaviour]
    scale: tuple[int, int] = S.DEFAULT_SCALE
    art81: tuple[float, float] = S.DEFAULT_ART81
    ente: str = ""
    anno: int = 0
    period: str = "31/12"
    thresholds: Thresholds = field(default_factory=lambda: Thresholds(raggiunto=0.80, parziale=0.60))
    plan_id: str = ""
    validated: bool = False

    def group(self, name: str) -> S.Group | None:
        return next((g for g in self.groups if g.name.casefold() == name.strip().casefold()), None)


@dataclass
class OrgResults:
    """The master's final results: Ente, each area, each dirigente (section 4), with coverage."""

    ente: float | None
    areas: dict[str, tuple[float | None, int, int]]  # area -> (result, objectives scored, objectives)
    dirigenti: dict[str, tuple[float | None, int, int]]


@dataclass
class Person:
    row: int
    matricola: str
    nome: str
    gruppo: str
    area: str = ""
    valutatore: str = ""
    part_time: float = 100.0
    mesi: float = 12.0
    genere: str = ""
    behaviours: list[float | None] = field(default_factory=list)
    overrides: dict[str, float] = field(default_factory=dict)  # component key or "totale" -> value
    nota: str = ""
    stato: str = "bozza"
    presa_visione: str = ""
    commenti: str = ""


@dataclass
class Appraisal:
    sistema: Sistema
    org: OrgResults
    people: list[Person]
    objectives: list[Indicator]  # objective = matricola (upper case)


@dataclass
class Scheda:
    person: Person
    group: S.Group
    computed: dict[str, float | None]  # before overrides
    components: dict[str, float | None]  # after overrides
    total_computed: float | None
    total: float | None
    band: S.Band | None = None
    share: float = 0.0
    coefficient: float = 0.0
    rank: int | None = None
    art81: bool = False
    points: float = 0.0
    premio: float = 0.0
    payable: bool = False

    @property
    def overridden(self) -> bool:
        return bool(self.person.overrides)


def individual_scores(appraisal: Appraisal) -> dict[str, float | None]:
    """Per matricola: the plan's objective rule over the person's individual objectives."""
    codes = sorted({i.objective for i in appraisal.objectives})
    plan = Plan(
        period=as_period(appraisal.sistema.period),
        thresholds=appraisal.sistema.thresholds,
        strategic=[StrategicObjective(code="IND", ambito="IND")],
        objectives=[Objective(code=c, strategic="IND") for c in codes],
        indicators=appraisal.objectives,
    )
    return score_plan(plan).objectives


def behaviour_score(values: list[float | None], scale_max: float) -> float | None:
    given = [v for v in values if v is not None]
    return sum(given) / len(given) / scale_max if given else None


def org_component(person: Person, group: S.Group, org: OrgResults) -> float | None:
    if group.org == S.ORG_DIRIGENTE:
        return org.dirigenti.get(person.nome, (None, 0, 0))[0]
    return org.areas.get(person.area, (None, 0, 0))[0]


def band_of(total: float | None, bands: list[S.Band]) -> S.Band | None:
    if total is None:
        return None
    reached = [b for b in bands if b.minimum <= total + EPS]
    return reached[-1] if reached else None


def compute(appraisal: Appraisal) -> list[Scheda]:
    sis = appraisal.sistema
    individual = individual_scores(appraisal)
    schede: list[Scheda] = []
    for p in appraisal.people:
        g = sis.group(p.gruppo)
        assert g is not None  # the reader refuses a person without a valid group
        computed = {
            "ente": appraisal.org.ente,
            "organizzativa": org_component(p, g, appraisal.org),
            "individuali": individual.get(p.matricola.upper()),
            "comportamenti": behaviour_score(p.behaviours, sis.scale[1]),
        }
        comps = {k: p.overrides.get(k, v) for k, v in computed.items()}
        scores = np.array([math.nan if comps[k] is None else comps[k] for k in S.COMPONENT_KEYS], dtype=float)
        total_computed = weighted_mean(scores, np.array(g.weights, dtype=float))
        total = p.overrides.get("totale", total_computed)
        s = Scheda(p, g, computed, comps, total_computed, total)
        s.band = band_of(total, sis.bands)
        if s.band is not None and total is not None:
            s.share = total if s.band.share == S.PROPORTIONAL else float(s.band.share)
        s.coefficient = s.share * p.part_time / 100 * p.mesi / 12
        s.payable = sis.validated and p.stato == "definitiva"
        schede.append(s)
    _premi(schede, sis)
    return schede


def _key(s: Scheda) -> tuple:
    c = s.components["comportamenti"]
    return (s.total, -1.0 if c is None else c, s.coefficient, -s.person.row)


def _premi(schede: list[Scheda], sis: Sistema) -> None:
    quota, uplift = sis.art81
    for g in sis.groups:
        members = [s for s in schede if s.group is g]
        eligible = [s for s in members if g.art81 and s.coefficient > 0]
        n_quota = math.floor(quota * len(eligible) + EPS)
        for s in eligible:
            k = _key(s)
            s.rank = 1 + sum(1 for o in eligible if _key(o) > k)
            s.art81 = s.rank <= n_quota
        for s in members:
            s.points = s.coefficient * (1 + uplift if s.art81 else 1)
        total_points = sum(s.points for s in members)
        for s in members:
            s.premio = g.budget * s.points / total_points if s.points > 0 else 0.0


@dataclass(frozen=True)
class Differentiation:
    """How an evaluator spread the totals of the people they evaluated (DFP 2/2017: a dirigente's
    ability to differentiate is itself assessed)."""

    evaluated: int
    spread: float | None  # population standard deviation of the totals
    lowest: float | None
    highest: float | None


def differentiation(schede: list[Scheda], evaluator: str) -> Differentiation:
    totals = [s.total for s in schede if s.person.valutatore == evaluator and s.total is not None]
    n = len([s for s in schede if s.person.valutatore == evaluator])
    if not totals:
        return Differentiation(n, None, None, None)
    mean = sum(totals) / len(totals)
    spread = math.sqrt(sum((t - mean) ** 2 for t in totals) / len(totals)) if len(totals) > 1 else None
    return Differentiation(n, spread, min(totals), max(totals))


def to_json(appraisal: Appraisal, schede: list[Scheda]) -> dict:
    """The shape of `xlperf valutazioni calcola --json`: scores as fractions 0-1, money in euro."""
    labels = dict(S.COMPONENTS)
    people = []
    for s in schede:
        p = s.person
        people.append(
            {
                "matricola": p.matricola,
                "nome": p.nome,
                "ruolo": s.group.name,
                "componenti": [
                    {"nome": labels[k], "peso": w, "punteggio": s.components[k]}
                    for k, w in zip(S.COMPONENT_KEYS, s.group.weights, strict=True)
                ],
                "totale": s.total,
                "fascia": s.band.name if s.band else None,
                "premio": s.premio,
                "forzatura": {"totale": p.overrides.get("totale"), "nota": p.nota} if p.overrides else None,
            }
        )
    return {
        "persone": people,
        "premi": {
            "stanziato": sum(g.budget for g in appraisal.sistema.groups),
            "distribuito": sum(s.premio for s in schede),
        },
    }
