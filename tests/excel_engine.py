"""The `formulas` package (a real Excel formula engine) with our PERF_* UDFs registered.

Used by the tests to evaluate the workbook's own formulas as Excel would, without Excel.
"""

from __future__ import annotations

import formulas
import numpy as np
from formulas.functions import XlError, wrap_func
from formulas.tokens.operand import Empty
from schedula.utils.gen import Token

from xlperf import udfs


def _cell(x):
    """formulas passes 2-D object arrays (1x1 for a cell); empty cells and errors -> None / '#…'."""
    if x is None:
        return None
    v = np.asarray(x, dtype=object).ravel()[0] if isinstance(x, np.ndarray) else x
    if isinstance(v, Empty) or (isinstance(v, Token) and str(v) == "empty"):
        return None  # a blank cell is schedula's Token("empty")
    if isinstance(v, XlError):
        return str(v)
    if isinstance(v, np.generic):
        return v.item()
    return v


def _range(x) -> list:
    return [_cell(v) for v in np.asarray(x, dtype=object).ravel()]


def register() -> None:
    fns = formulas.get_functions()
    fns["PERF_INDICATOR"] = wrap_func(
        lambda t, a, op=None, mid=None, period=None, unit=None, tm=None: udfs.PERF_INDICATOR(
            _cell(t), _cell(a), _cell(op), _cell(mid), _cell(period), _cell(unit), _cell(tm)
        )
    )
    fns["PERF_STATUS"] = wrap_func(lambda p, r=None, q=None: udfs.PERF_STATUS(_cell(p), _cell(r), _cell(q)))
    fns["PERF_OBJECTIVE"] = wrap_func(
        lambda p, w, c=None, k=None: udfs.PERF_OBJECTIVE(
            _range(p), _range(w), None if c is None else _range(c), _cell(k)
        )
    )


def evaluate(path) -> dict[str, object]:
    """'SHEET!A1' (upper-case sheet, as formulas returns it) -> value, for every formula cell."""
    register()
    solution = formulas.ExcelModel().loads(str(path)).finish().calculate()
    out = {}
    for key, ranges in solution.items():
        if "!" not in key or ":" in key.split("!")[1]:
            continue
        sheet = key.split("]", 1)[1].split("!")[0].strip("'")
        value = np.asarray(ranges.value, dtype=object).ravel()[0]
        out[f"{sheet}!{key.split('!')[1]}"] = _cell(value)
    return out
