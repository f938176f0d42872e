"""The data model of a performance plan (pydantic v2). Knows nothing of Excel or CSV.

A plan is kept flat — ambiti, obiettivi strategici, obiettivi operativi and indicatori, each
pointing to its parent by code — because that is how staff fill it (one row per indicator) and
how it is scored (one vector per column). :func:`xlperf.validate.validate` checks the links.
"""

from __future__ import annotations

from enum import Enum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .literals import Operator, Value, format_value
from .relazione.content import Relazione

# the stdlib-only scalar core owns these; importable from here as before
from .scalar import CUMULATIVE_UNITS as CUMULATIVE_UNITS
from .scalar import DEFAULT_PARZIALE, DEFAULT_RAGGIUNTO, check_thresholds
from .scalar import MID_YEAR as MID_YEAR
from .scalar import PROJECTION_FACTOR as PROJECTION_FACTOR
from .scalar import Status as Status


class Level(str, Enum):
    ERROR = "errore"
    WARNING = "avviso"


class Problem(BaseModel):
    """One thing wrong with the input: where (``Area 1!G5`` or ``riga 12``), what, how to fix."""

    model_config = ConfigDict(frozen=True)

    level: Level
    place: str
    message: str
    fix: str = ""
    #: False: always shown on its own line, never folded into a group of repeated messages (each
    #: one carries facts of its own, e.g. the validated and the current value of a changed cell)
    groupable: bool = True

    def __str__(self) -> str:
        fix = f" — {self.fix}" if self.fix else ""
        return f"{self.level.value.upper()} {self.place}: {self.message}{fix}"


class Thresholds(BaseModel):
    """Status thresholds as fractions; the boundary value belongs to the higher status."""

    raggiunto: float = Field(default=DEFAULT_RAGGIUNTO, gt=0, le=1)
    parziale: float = Field(default=DEFAULT_PARZIALE, ge=0, le=1)
    #: Configurazione's «Soglia per la causa dello scostamento»; None (the cell blank, or an older
    #: workbook without the row): the «raggiunto» threshold
    causa: float | None = Field(default=None, gt=0, le=1)

    @model_validator(mode="after")
    def _ordered(self) -> Thresholds:
        check_thresholds(self.raggiunto, self.parziale)
        return self

    @property
    def cause_below(self) -> float:
        """Below this % a consuntivo compared with its target asks for the cause of deviation."""
        return self.raggiunto if self.causa is None else self.causa


ObjectiveType = Literal["UIC", "OS", "OP"]
Period = Literal["30/06", "31/12"]
YEAR_END: Period = "31/12"  # consuntivo


def as_period(value: str) -> Period:
    """ "30/06" or "31/12" as the model's period type (ValueError for anything else)."""
    if value == "30/06":
        return "30/06"
    if value == "31/12":
        return "31/12"
    raise ValueError(f"periodo non valido: {value!r}")


class Ambito(BaseModel):
    code: str
    name: str = ""


class StrategicObjective(BaseModel):
    code: str
    name: str = ""
    ambito: str


class Objective(BaseModel):
    """Obiettivo operativo (tipo UIC, OS or OP)."""

    code: str
    name: str = ""
    strategic: str
    type: ObjectiveType = "OP"
    area: str = ""  # area organizzativa
    dirigenti: list[str] = Field(default_factory=list)
    source: str = ""  # where it was read: "Albero!B7", "riga 3"


class Indicator(BaseModel):
    objective: str
    code: str = ""
    name: str = ""
    description: str = ""
    weight: float = Field(description="peso in punti percentuali (33,30 -> 33.3)")
    operator: Operator
    target: Value | None  # None only for an indicator neither targeted nor measured
    target_mid: Value | None = None  # Target 30/06 (optional): the 30/06 score uses it (monitoring.py)
    unit: str = ""
    actual: Value | None = None  # consuntivo al 31/12; None = not scored
    declared_na: bool = False  # the consuntivo was written as N/D (not just left empty)
    actual_mid: Value | None = None  # monitoraggio al 30/06
    declared_na_mid: bool = False  # the monitoraggio was written as N/D
    baseline: Value | None = None  # consuntivo dell'anno precedente (xlperf new --da)
    declared_na_baseline: bool = False  # last year's consuntivo was N/D: kept as N/D, not blank
    note: str = ""
    cause: str = ""  # causa dello scostamento (asked for below 100 %)
    action: str = ""  # azione correttiva
    evidence: str = ""  # evidenza: a document reference or a link, for the OIV
    #: the approved plan (`xlperf approva`), None where the plan was not approved or the row is new
    approved_target: Value | None = None
    approved_weight: float | None = None
    approved_operator: Operator | None = None
    approved_target_mid: Value | None = None  # the Target 30/06 as approved (None: none was set)
    source: str = ""  # "Area 1!A5" or "riga 12"
    #: where each field came from, for messages: {"actual": "Area 1!I5", ...}
    places: dict[str, str] = Field(default_factory=dict)

    def place(self, field: str) -> str:
        return self.places.get(field, self.source)

    def at(self, period: str) -> tuple[Value | None, bool]:
        """(consuntivo, written as N/D) of ``period``: the Monitoraggio 30/06 or the Consuntivo 31/12."""
        return (self.actual_mid, self.declared_na_mid) if period == MID_YEAR else (self.actual, self.declared_na)

    @staticmethod
    def actual_field(period: str) -> str:
        """The entry field holding ``period``'s consuntivo."""
        return "actual_mid" if period == MID_YEAR else "actual"

    @property
    def approved(self) -> bool:
        return self.approved_target is not None or self.approved_weight is not None

    def varied_fields(self) -> list[str]:
        """The entry fields (target, weight_pct, operator) that differ from the approved plan."""
        if not self.approved:
            return []

        def same(a, b) -> bool:
            if isinstance(a, float) and isinstance(b, float):
                return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))
            return a == b

        pairs = {
            "target": (self.target, self.approved_target),
            "weight_pct": (self.weight, self.approved_weight),
            "operator": (self.operator, self.approved_operator),
            "target_mid": (self.target_mid, self.approved_target_mid),
        }
        return [f for f, (now, then) in pairs.items() if then is not None and not same(now, then)]


class Variation(BaseModel):
    """A recorded change to the approved plan (sheet Variazioni)."""

    indicator: str  # codice indicatore
    field: str  # «Target», «Peso», «Operatore» or «Indicatore»
    approved: str = ""
    new: str = ""
    date: str = ""
    act: str = ""  # e.g. «delibera di Giunta n. 46 del 22/06/2025»
    reason: str = ""
    place: str = ""


def variation_values(plan: Plan, v: Variation) -> tuple[str, str]:
    """(approved, new) of a variation as shown: what was typed in Variazioni, else read from the
    indicator's row (its approved and current target, weight or operator)."""
    if v.approved or v.new or v.field not in ("Target", "Peso", "Operatore"):
        return v.approved, v.new
    key = v.indicator.strip().casefold()
    ind = next((i for i in plan.indicators if i.code.strip().casefold() == key), None)
    if ind is None or not ind.approved:
        return v.approved, v.new
    then, now = {
        "Target": (ind.approved_target, ind.target),
        "Peso": (ind.approved_weight, ind.weight),
        "Operatore": (ind.approved_operator, ind.operator),
    }[v.field]

    def text(x) -> str:
        return "" if x is None else x.value if isinstance(x, Operator) else format_value(x, ind.unit)

    return text(then), text(now)


class TrendRow(BaseModel):
    """A macro-indicator followed over the years (the Relazione's section 2.3)."""

    name: str
    description: str = ""
    reference: str = ""  # valore di riferimento, e.g. ">=80%"
    values: dict[int, float | None] = Field(default_factory=dict)  # anno -> valore
    computed: bool = False  # the grado di conseguimento: the current year comes from the scores


class Plan(BaseModel):
    ente: str = ""
    anno: int = Field(default=0, ge=0)  # 0 = not set (a template, an undated CSV): never today's year
    thresholds: Thresholds = Field(default_factory=Thresholds)
    period: Period = "31/12"  # which consuntivo is scored
    ambiti: list[Ambito] = Field(default_factory=list)
    strategic: list[StrategicObjective] = Field(default_factory=list)
    objectives: list[Objective] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    areas: list[str] = Field(default_factory=list)  # aree organizzative, in order
    dirigenti: dict[str, str] = Field(default_factory=dict)  # dirigente -> ruolo/aree
    dirigenti_places: dict[str, str] = Field(default_factory=dict)  # dirigente -> the cell of its role
    area_heads: dict[str, str] = Field(default_factory=dict)  # area -> dirigente responsabile
    trend: list[TrendRow] = Field(default_factory=list)  # foglio Andamento
    area_file: str = ""  # set in a per-area copy made by `xlperf distribuisci`
    plan_id: str = ""  # identifies the master an area copy comes from
    #: in an area copy: fingerprint of its plan fields as distributed, to tell which side changed them
    plan_signature: str = ""
    #: «31/12|<impronta>» written by `xlperf valida`: the period the OIV validated and a fingerprint of
    #: its targets and consuntivi (validation.period_digest); a later change is flagged
    validated: str = ""
    #: set when the workbook differs from what the OIV validated (validation.lock_problems): the
    #: visible mark of reports and packs made from it, «Dati modificati dopo la validazione …»
    changed_after_validation: str = ""
    approved: str = ""  # the date of `xlperf approva` (Configurazione «Piano approvato il»)
    #: (objective, code, name) of each indicator of the approved plan (approval.py), to tell a removed one
    approved_indicators: list[list[str]] = Field(default_factory=list)
    variations: list[Variation] = Field(default_factory=list)
    #: area -> when its file was last collected («02/07/2026 10:15 — NOME.xlsx»), Configurazione's areas table
    collected: dict[str, str] = Field(default_factory=dict)
    collected_places: dict[str, str] = Field(default_factory=dict)  # area -> the cell that records it
    relazione: Relazione = Field(default_factory=Relazione)  # the «Relazione» sheet's texts and tables

    # --- the tree: one walk for every writer (sheets, report, CLI) and for the aggregation ---
    def strategic_in(self, ambito: str) -> list[StrategicObjective]:
        """The strategic objectives of an ambito, in plan order."""
        return [s for s in self.strategic if s.ambito == ambito]

    def objectives_in(self, strategic: str) -> list[Objective]:
        """The operational objectives of a strategic objective, in plan order."""
        return [o for o in self.objectives if o.strategic == strategic]
