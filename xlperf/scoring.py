"""The indicator rules of the seed's measurement method, vectorised (numpy).

Target t, actual a, score in [0, 1]:

* ``>=`` / ``>``: 1 − max(0, t − a)/|t|
* ``<=`` / ``<``: 1 − max(0, a − t)/|t|
* ``=``:          1 − |a − t|/|t|
* t = 0: 1 when the comparison holds, else 0
* ``Entro``: 1 when the actual date is on or before the deadline, else 0
* ``SI/NO``: 1 when the actual is what the target states (SI, or NO for a target NO), else 0
* clipped to [0, 1]; a missing actual (N/D) gives NaN = not scored.

No rounding anywhere: round only for display.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from .literals import Operator, Value

#: Operator -> small integer code used in the vectors.
OP_CODES: dict[Operator, int] = {op: i for i, op in enumerate(Operator)}
GE, GT, LE, LT, EQ, DEADLINE, BOOL = (OP_CODES[op] for op in Operator)


def as_number(value: Value | None) -> float:
    """Dates -> ordinal day, bools -> 1/0, None -> NaN: every value on one numeric axis."""
    if value is None:
        return np.nan
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, dt.date):
        return float(value.toordinal())
    return float(value)


def score_array(op: np.ndarray, target: np.ndarray, actual: np.ndarray) -> np.ndarray:
    """Score many indicators at once. ``op`` holds OP_CODES; NaN actual -> NaN score."""
    op = np.asarray(op, dtype=np.int8)
    t = np.asarray(target, dtype=np.float64)
    a = np.asarray(actual, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        abs_t = np.abs(t)
        zero = t == 0
        higher = 1.0 - np.maximum(0.0, t - a) / abs_t
        lower = 1.0 - np.maximum(0.0, a - t) / abs_t
        equal = 1.0 - np.abs(a - t) / abs_t
        is_ge = (op == GE) | (op == GT)
        is_le = (op == LE) | (op == LT)
        score = np.select(
            [
                is_ge & zero,
                is_ge,
                is_le & zero,
                is_le,
                (op == EQ) & zero,
                op == EQ,
                op == DEADLINE,
                op == BOOL,
            ],
            [
                np.where(op == GT, a > t, a >= t),
                higher,
                np.where(op == LT, a < t, a <= t),
                lower,
                a == t,
                equal,
                a <= t,
                a == t,  # SI/NO: done as the target states (target NO: 100 % when it did not happen)
            ],
            default=np.nan,
        ).astype(np.float64)
    score = np.clip(score, 0.0, 1.0)
    score[np.isnan(a)] = np.nan
    return score


def _positive(x: float) -> float:
    """max(0, x) that keeps NaN, as numpy.maximum does (Python's max would drop it)."""
    return x if x != x or x > 0.0 else 0.0


def score_scalar(op: int, t: float, a: float) -> float | None:
    """One indicator in plain Python (no numpy: far faster for a single cell, and what a runtime
    without numpy can run). The same rules as :func:`score_array`, tested equal to it on generated
    indicators; None where the array gives NaN (not scored)."""
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


def score_indicator(operator: Operator, target: Value, actual: Value | None) -> float | None:
    """One indicator; None when not scored (N/D). Same formulas as :func:`score_array`."""
    if actual is None:
        return None
    return score_scalar(OP_CODES[operator], as_number(target), as_number(actual))
