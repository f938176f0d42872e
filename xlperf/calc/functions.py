"""The PERF_* functions as LibreOffice Calc calls them: Calc's arguments -> ``cells.py``.

Calc hands an add-in a cell's value (float or str), a range as a tuple of row tuples (empty cells
as ""), an omitted optional argument as None, dates as serial numbers, and an EMPTY single cell as
0.0 (it cannot be told from a typed 0). So: an operator 0.0 is a blank operator, and a row whose
target and consuntivo are both 0.0 with no operator is an empty row (shown empty, as in Excel).
Standard library only: this file is packed into the .oxt.
"""

from __future__ import annotations

from .. import cells

#: Excel (compatibility) name -> parameter names, in order; the function wizard's help texts are
#: taken from udfs.py by the build
SIGNATURES: dict[str, tuple[str, ...]] = {
    "PERF_INDICATOR": ("target", "actual", "op", "monitoraggio", "periodo", "unita", "target30"),
    "PERF_OBJECTIVE": ("percentuali", "pesi", "codici", "codice"),
    "PERF_STATUS": ("pct", "soglia_raggiunto", "soglia_parziale"),
    "PERF_INDICATORS": ("targets", "actuals", "ops"),
    "PERF_STATUSES": ("pcts", "soglia_raggiunto", "soglia_parziale"),
}
#: the ones that return a column (an array formula)
ARRAYS = ("PERF_INDICATORS", "PERF_STATUSES")


def _one(value):
    """A 1×1 range is its cell."""
    if type(value) is tuple and len(value) == 1 and type(value[0]) is tuple and len(value[0]) == 1:
        return value[0][0]
    return value


def _empty_zero(value):
    return None if type(value) is float and value == 0.0 else value


def PERF_INDICATOR(target, actual, op=None, monitoraggio=None, periodo=None, unita=None, target30=None):
    values = (target, actual, op, monitoraggio, periodo, unita, target30)
    target, actual, op, mid, period, unit, target_mid = (_one(v) for v in values)
    op = _empty_zero(op)
    if op is None and _empty_zero(target) is None and _empty_zero(actual) is None:
        return ""
    rest = (_empty_zero(v) for v in (mid, period, unit, target_mid))
    return cells.indicator(target, actual, op, *rest)


def PERF_OBJECTIVE(percentuali, pesi, codici=None, codice=None):
    return cells.objective(percentuali, pesi, codici, _one(codice))


def _thresholds(raggiunto, parziale):
    """An empty Configurazione cell arrives as 0.0 and means the default, as a blank does in Excel
    (a «parziale» threshold of 0 % is written as the text «0%»)."""
    return _empty_zero(_one(raggiunto)), _empty_zero(_one(parziale))


def PERF_STATUS(pct, soglia_raggiunto=None, soglia_parziale=None):
    return cells.status(_one(pct), *_thresholds(soglia_raggiunto, soglia_parziale))


def _column(rows: list[list]) -> tuple:
    return tuple(tuple(r) for r in rows)


def PERF_INDICATORS(targets, actuals, ops=None):
    return _column(cells.indicator_column(targets, actuals, ops))


def PERF_STATUSES(pcts, soglia_raggiunto=None, soglia_parziale=None):
    return _column(cells.status_column(pcts, *_thresholds(soglia_raggiunto, soglia_parziale)))


FUNCTIONS = {f.__name__: f for f in (PERF_INDICATOR, PERF_OBJECTIVE, PERF_STATUS, PERF_INDICATORS, PERF_STATUSES)}
