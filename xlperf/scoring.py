"""The indicator rules of the seed's measurement method, vectorised (numpy): the same rules as
:func:`xlperf.scalar.score_scalar` (stated in words, with computed examples, in
:data:`xlperf.scalar.RULES`), tested equal to it on generated indicators. No rounding anywhere:
round only for display."""

from __future__ import annotations

import numpy as np

from .literals import Operator, Value

# the one-indicator rules live in the stdlib-only scalar core (the Calc extension runs it)
from .scalar import BOOL, DEADLINE, EQ, GE, GT, LE, LT
from .scalar import OP_CODES as OP_CODES
from .scalar import as_number as as_number
from .scalar import score_scalar as score_scalar


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


def score_indicator(operator: Operator, target: Value, actual: Value | None) -> float | None:
    """One indicator; None when not scored (N/D). Same formulas as :func:`score_array`."""
    if actual is None:
        return None
    return score_scalar(OP_CODES[operator], as_number(target), as_number(actual))
