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
from enum import Enum
from typing import Literal

from .literals import Operator, Value

#: Operator -> small integer code used in the vectors.
OP_CODES: dict[Operator, int] = {op: i for i, op in enumerate(Operator)}
GE, GT, LE, LT, EQ, DEADLINE, BOOL = (OP_CODES[op] for op in Operator)

MID_YEAR: Literal["30/06"] = "30/06"  # monitoraggio intermedio

#: Float noise must not push 80,00 % into the lower status: the boundary belongs to the higher one.
EPS = 1e-9


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
