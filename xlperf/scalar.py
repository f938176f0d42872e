"""The scoring core in plain Python, standard library only.

What LibreOffice's own Python runs inside the Calc extension (on Windows it has no numpy, pandas or
pydantic), and what the PERF_* functions run for a single cell in Excel: the indicator rules for one
indicator, the status traffic light, the weighted mean of an objective. ``scoring.py`` (numpy, many
indicators at once), ``aggregate.py`` and ``model.py`` import these, so each rule is written once;
``xlperf estensione`` packs this very file into the ``.oxt``. Imports: the standard library and
``literals`` only (a test checks it).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from enum import Enum
from typing import Literal

from .literals import Operator, Value, format_percent, format_value

#: Operator -> small integer code used in the vectors.
OP_CODES: dict[Operator, int] = {op: i for i, op in enumerate(Operator)}
GE, GT, LE, LT, EQ, DEADLINE, BOOL = (OP_CODES[op] for op in Operator)

MID_YEAR: Literal["30/06"] = "30/06"  # monitoraggio intermedio

#: Float noise must not push 80,00 % into the lower status: the boundary belongs to the higher one.
EPS = 1e-9

#: Configurazione's thresholds when the cells are blank (the seed's: 80 % raggiunto, 60 % parziale)
DEFAULT_RAGGIUNTO = 0.80
DEFAULT_PARZIALE = 0.60


class Status(str, Enum):
    """The traffic light of an indicator, objective or the Ente."""

    RAGGIUNTO = "Raggiunto"
    PARZIALE = "Parzialmente raggiunto"
    NON_RAGGIUNTO = "Non raggiunto"
    ND = "N/D"
    # the 30/06 monitoring (monitoring.py): an estimate, not a result
    IN_CORSO = "In corso"
    A_RISCHIO = "A rischio"
    NON_SCADUTO = "Non ancora scaduto"
    #: an objective or the Ente with due indicators still missing: never shown as final
    DATI_PARZIALI = "Dati parziali"


#: the 30/06 stima a fine anno (monitoring.py): units of quantities that pile up over the year
#: (counts, hours, euro) are projected to the year, twelve months over the six elapsed
CUMULATIVE_UNITS = ("N.", "h", "€")
PROJECTION_FACTOR = 2.0


def projects(operator: Operator, unit: str) -> bool:
    """A cumulative count (without Target 30/06): its 30/06 value is projected to the year."""
    return unit in CUMULATIVE_UNITS and operator in (Operator.GE, Operator.GT, Operator.LE, Operator.LT)


def as_number(value: Value | None) -> float:
    """Dates -> ordinal day, bools -> 1/0, None -> NaN: every value on one numeric axis."""
    if value is None:
        return math.nan
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, dt.date):
        return float(value.toordinal())
    return float(value)


def _positive(x: float) -> float:
    """max(0, x) that keeps NaN, as numpy.maximum does (Python's max would drop it)."""
    return x if x != x or x > 0.0 else 0.0


def score_scalar(op: int, t: float, a: float) -> float | None:
    """One indicator in plain Python (no numpy: far faster for a single cell, and what a runtime
    without numpy can run). The same rules as :func:`xlperf.scoring.score_array`, tested equal to it
    on generated indicators; None where the array gives NaN (not scored)."""
    if a != a:  # NaN: N/D (a NaN target gives NaN below, or 0 for the comparisons, as numpy does)
        return None
    if op in (GE, GT):
        if t == 0:
            return 1.0 if (a > t if op == GT else a >= t) else 0.0
        score = 1.0 - _positive(t - a) / abs(t)
    elif op in (LE, LT):
        if t == 0:
            return 1.0 if (a < t if op == LT else a <= t) else 0.0
        score = 1.0 - _positive(a - t) / abs(t)
    elif op == EQ:
        if t == 0:
            return 1.0 if a == t else 0.0
        score = 1.0 - abs(a - t) / abs(t)
    elif op == DEADLINE:
        return 1.0 if a <= t else 0.0
    elif op == BOOL:
        return 1.0 if a == t else 0.0
    else:
        return None
    if score != score:  # inf/inf
        return None
    return min(1.0, max(0.0, score))


def check_thresholds(raggiunto: float, parziale: float) -> None:
    """ValueError (Italian) unless 0 < raggiunto ≤ 1, 0 ≤ parziale ≤ 1 and parziale ≤ raggiunto."""
    if not (0 < raggiunto <= 1 and 0 <= parziale <= 1):
        raise ValueError("le soglie devono essere percentuali tra 0% e 100%")
    if parziale > raggiunto:
        raise ValueError("la soglia di parziale raggiungimento supera quella di raggiungimento")


def status_for(pct: float | None, raggiunto: float, parziale: float) -> Status:
    """The status of a score; the boundary value belongs to the higher status."""
    if pct is None or (isinstance(pct, float) and math.isnan(pct)):
        return Status.ND
    if pct + EPS >= raggiunto:
        return Status.RAGGIUNTO
    if pct + EPS >= parziale:
        return Status.PARZIALE
    return Status.NON_RAGGIUNTO


def weighted_mean(scores, weights) -> float | None:
    """Σ w·s / Σ w over the scored entries (NaN score or weight left out); None when nothing is
    scored or the weights add up to 0."""
    pairs = [(float(s), float(w)) for s, w in zip(scores, weights, strict=True) if s == s and w == w]
    total = sum(w for _, w in pairs)
    if not pairs or total <= 0:
        return None
    return sum(w * s for s, w in pairs) / total


# --- the rules in words -------------------------------------------------------------------------
# What the Istruzioni sheet, README's table and the function help say about the rules, written once
# here beside the code; each worked example's % is computed by score_scalar when the text is shown,
# so no text can state a number the core does not give (tests/test_rules_once.py).


@dataclass(frozen=True)
class RuleText:
    """One indicator rule in Italian: who it applies to, what it does, the formula, examples
    (operator, target, consuntivo) whose % :func:`rule_lines` computes."""

    label: str
    text: str
    formula: str
    examples: tuple[tuple[Operator, Value, Value], ...]


RULES: tuple[RuleText, ...] = (
    RuleText(
        "Operatore >= o >",
        "100 % se il consuntivo raggiunge il target, altrimenti si perde lo scostamento in proporzione "
        "al valore assoluto del target",
        "1 − (target − consuntivo)/|target|",
        ((Operator.GE, 350, 280), (Operator.GE, -20, -25)),
    ),
    RuleText(
        "Operatore <= o <",
        "100 % se il consuntivo non supera il target, altrimenti si perde lo scostamento in proporzione "
        "al valore assoluto del target",
        "1 − (consuntivo − target)/|target|",
        ((Operator.LE, 10, 12), (Operator.LE, -20, -15)),
    ),
    RuleText(
        "Operatore = (o nessun operatore)",
        "si perde lo scostamento, in più o in meno, in proporzione al valore assoluto del target",
        "1 − |consuntivo − target|/|target|",
        ((Operator.EQ, 100, 110), (Operator.EQ, 100, 90)),
    ),
    RuleText(
        "Target 0",
        "100 % se il confronto è rispettato, altrimenti 0 %",
        "confronto rispettato: 100 %, altrimenti 0 %",
        ((Operator.LE, 0, 0), (Operator.LE, 0, 1)),
    ),
    RuleText(
        "Entro",
        "100 % se completato entro la data, altrimenti 0 %",
        "consuntivo ≤ scadenza: 100 %, altrimenti 0 %",
        (
            (Operator.DEADLINE, dt.date(2025, 3, 31), dt.date(2025, 3, 20)),
            (Operator.DEADLINE, dt.date(2025, 3, 31), dt.date(2025, 4, 2)),
        ),
    ),
    RuleText(
        "SI/NO",
        "100 % se il consuntivo è quello indicato dal target (SI; oppure NO per un target NO), altrimenti 0 %",
        "consuntivo = target: 100 %, altrimenti 0 %",
        ((Operator.BOOL, True, False), (Operator.BOOL, False, False)),
    ),
    RuleText(
        "Sempre",
        "il risultato resta tra 0 % e 100 %: superare il target non dà più del 100 %",
        "limitato a [0 %, 100 %]",
        ((Operator.GE, 100, 250), (Operator.GE, 100, -50)),
    ),
)

#: how objectives, strategic objectives and the Ente are computed from the indicators (aggregate.py)
AGGREGATION_TEXT = (
    "Obiettivo operativo: media ponderata degli indicatori (gli N/D sono esclusi e il loro peso è "
    "ridistribuito). Obiettivo strategico: media dei suoi obiettivi operativi. Ente: media degli "
    "obiettivi strategici."
)


def example_score(op: Operator, target: Value, actual: Value) -> float | None:
    """The % of a worked example, by the very rule the core scores with."""
    return score_scalar(OP_CODES[op], as_number(target), as_number(actual))


def _example_target(op: Operator, target: Value) -> str:
    shown = format_value(target)
    return shown if op is Operator.BOOL else f"{op.value} {shown}"


def _in_year(value: Value, year: int | None) -> Value:
    return value.replace(year=year) if year and isinstance(value, dt.date) else value


def example_text(rule: RuleText, year: int | None = None) -> str:
    """«target >= 350, consuntivo 280: 80,00 %; …», each % computed; dates moved to ``year``."""
    shown = []
    for op, target, actual in rule.examples:
        t, a = _in_year(target, year), _in_year(actual, year)
        shown.append(
            f"target {_example_target(op, t)}, consuntivo {format_value(a)}: {format_percent(example_score(op, t, a))}"
        )
    return "; ".join(shown)


def rule_lines(year: int | None = None) -> list[str]:
    """The rules as the Istruzioni sheet states them, one line each, with computed examples (the
    deadlines in the plan's year)."""
    return [f"{r.label}: {r.text} (es. {example_text(r, year)})." for r in RULES]


def percent_text(fraction: float) -> str:
    """0.8 -> «80%»: a threshold as the sheets' texts write it."""
    return format_percent(fraction, 0).replace(" ", "")


def threshold_text(raggiunto: float = DEFAULT_RAGGIUNTO, parziale: float = DEFAULT_PARZIALE) -> str:
    """«80% e 60%», as the Istruzioni and the messages name the default thresholds."""
    return f"{percent_text(raggiunto)} e {percent_text(parziale)}"
