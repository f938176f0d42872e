"""What one PERF_* cell computes, in plain Python (standard library only).

The xlwings UDFs (``udfs.py``, Excel) and the LibreOffice Calc add-in (``calc/addin.py``, packed into
the ``.oxt`` by ``xlperf estensione`` together with this file, ``scalar.py`` and ``literals.py``)
are thin wrappers over these functions, so a cell shows the same thing in both programs.
A cell never shows a Python traceback: bad input gives ``"Errore: …"`` in Italian, a missing
consuntivo gives ``"N/D"``, an empty row gives an empty cell.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence

from .literals import LiteralError, excel_error, is_blank, is_not_available, parse_number
from .scalar import (
    DEFAULT_PARZIALE,
    DEFAULT_RAGGIUNTO,
    MID_YEAR,
    OP_CODES,
    PROJECTION_FACTOR,
    Status,
    as_number,
    check_thresholds,
    projects,
    score_scalar,
    status_for,
    threshold_text,
    weighted_mean,
)
from .target_literals import parse_actual, parse_target

ND = Status.ND.value
COLUMNS_DIFFER = "Errore: le colonne devono avere lo stesso numero di righe"

#: many rows at once: (operator codes, targets, consuntivi) -> scores (None = not scored)
RowScorer = Callable[[Sequence[int], Sequence[float], Sequence[float]], list]


def flat(values) -> list:
    """A cell, a row, a column or a 2-D block (lists, tuples or numpy) -> flat list."""
    if values is None or isinstance(values, (str, int, float, bool)):
        return [values]
    if hasattr(values, "tolist"):
        values = values.tolist()
    out: list = []
    for v in values:  # concrete types, not the Iterable ABC: this runs once per cell of a column
        if type(v) is list or type(v) is tuple:
            for x in v:
                if type(x) is list or type(x) is tuple:
                    out.extend(flat(x))
                else:
                    out.append(x)
        else:
            out.append(v)
    return out


def is_error_value(value) -> bool:
    return excel_error(value) is not None or (isinstance(value, str) and value.startswith("Errore"))


def parse_row(target, actual, op) -> str | tuple[int, float, float]:
    """One row as PERF_INDICATOR reads it: the cell's text when it cannot be scored ("" for an
    empty row, N/D, an Italian error), else (operator code, target, consuntivo) as numbers."""
    if is_blank(target) and is_blank(actual):
        return ""
    for label, value in (("target", target), ("consuntivo", actual), ("operatore", op)):
        if excel_error(value):  # a broken formula upstream is shown, never scored as N/D
            return f"Errore: il {label} contiene l'errore {excel_error(value)}"
    if is_not_available(target) and is_not_available(actual):
        return ND  # neither targeted nor measured: not scored, as the readers do
    try:
        t = parse_target(target, None if is_blank(op) else op)
        a = parse_actual(actual, t.operator)
    except LiteralError as exc:
        return f"Errore: {exc}"
    except Exception:  # noqa: BLE001 - a cell must never show a traceback
        return "Errore: valore non valido"
    if a is None:
        return ND
    return OP_CODES[t.operator], as_number(t.value), as_number(a)


def period_actual(actual, mid, period):
    """The consuntivo of the period in Configurazione: the Monitoraggio 30/06 when it says 30/06."""
    if period is not None and MID_YEAR in str(period):
        return mid
    return actual


def indicator(target, actual, op=None, mid=None, period=None, unit=None, target_mid=None):
    """At 30/06 (monitoring.py): the Target 30/06 where filled, else a cumulative count's value
    projected to the year, against the annual target."""
    at_mid = period is not None and MID_YEAR in str(period)
    if at_mid and not is_blank(target_mid):
        target = target_mid
    row = parse_row(target, period_actual(actual, mid, period), op)
    if isinstance(row, str):
        return row
    if at_mid and is_blank(target_mid) and projects(list(OP_CODES)[row[0]], "" if is_blank(unit) else str(unit)):
        row = (row[0], row[1], row[2] * PROJECTION_FACTOR)
    score = score_scalar(*row)
    return ND if score is None else score


def score_rows(codes: Sequence[int], targets: Sequence[float], actuals: Sequence[float]) -> list:
    """The plain-Python :data:`RowScorer` (the UDFs pass the numpy one)."""
    return [score_scalar(*row) for row in zip(codes, targets, actuals, strict=True)]


def indicators(targets: list, actuals: list, ops: list, scorer: RowScorer = score_rows) -> list:
    """PERF_INDICATOR for whole columns: each row parsed, all scored in one ``scorer`` call."""
    out: list = [parse_row(*row) for row in zip(targets, actuals, ops, strict=True)]
    todo = [k for k, row in enumerate(out) if not isinstance(row, str)]
    if todo:
        codes, t, a = zip(*(out[k] for k in todo), strict=True)
        for k, score in zip(todo, scorer(codes, t, a), strict=True):
            out[k] = ND if score is None or score != score else score
    return out


def indicator_column(targets, actuals, ops=None, scorer: RowScorer = score_rows) -> list[list]:
    """PERF_INDICATORS: a column of results (one row each) for the three columns given."""
    t, a = flat(targets), flat(actuals)
    o = flat(ops) if ops is not None else [None] * len(t)
    if not (len(t) == len(a) == len(o)):
        return [[COLUMNS_DIFFER]]
    return [[v] for v in indicators(t, a, o, scorer)]


def fraction(value) -> float | None:
    """A % cell's content -> fraction; None when not a score (N/D, blank, text, error)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value) if value == value else None
    if is_not_available(value) or is_error_value(value):
        return None
    try:
        return parse_number(value)
    except LiteralError:
        return None


#: Albero calls PERF_OBJECTIVE once per objective with the same three columns: they are grouped by
#: code once (linear in the indicators) and each further call only looks its code up
_GROUPS: OrderedDict[tuple, dict[str, tuple[list, list]]] = OrderedDict()
_GROUPS_KEPT = 8


def _grouped(codes: list, scores: list, weights: list) -> dict[str, tuple[list, list]]:
    key = (tuple(codes), tuple(scores), tuple(weights))
    found = _GROUPS.get(key)
    if found is None:
        found = {}
        for c, sc, w in zip(codes, scores, weights, strict=True):
            bucket = found.setdefault(str(c).strip().upper(), ([], []))
            bucket[0].append(sc)
            bucket[1].append(w)
        _GROUPS[key] = found
        while len(_GROUPS) > _GROUPS_KEPT:
            _GROUPS.popitem(last=False)
    else:
        _GROUPS.move_to_end(key)
    return found


def objective(percentuali, pesi, codici=None, codice=None):
    scores, weights = flat(percentuali), flat(pesi)
    if len(scores) != len(weights):
        return "Errore: percentuali e pesi devono avere lo stesso numero di righe"
    if codici is not None:
        if is_blank(codice):
            return ""
        codes = flat(codici)
        if len(codes) != len(scores):
            return "Errore: i codici devono avere lo stesso numero di righe delle percentuali"
        group = _grouped(codes, scores, weights).get(str(codice).strip().upper(), ([], []))
        scores, weights = group
    pairs = []
    for s, w in zip(scores, weights, strict=False):
        if is_error_value(s) or excel_error(w):
            return "Errore: un indicatore dell'obiettivo è in errore (vedere la colonna % raggiungimento)"
        f = fraction(s)
        if f is None or is_blank(w):
            continue
        try:
            pairs.append((f, parse_number(w)))
        except LiteralError as exc:
            return f"Errore: peso non valido ({exc})"
    mean = weighted_mean([p[0] for p in pairs], [p[1] for p in pairs]) if pairs else None
    return ND if mean is None else mean


def _threshold(value, default: float) -> float:
    if is_blank(value):
        return default
    f = parse_number(value)
    return f / 100.0 if f > 1 else f


def status(pct, soglia_raggiunto=None, soglia_parziale=None):
    if is_blank(pct):
        return ""
    try:
        raggiunto = _threshold(soglia_raggiunto, DEFAULT_RAGGIUNTO)
        parziale = _threshold(soglia_parziale, DEFAULT_PARZIALE)
        check_thresholds(raggiunto, parziale)
    except ValueError:  # LiteralError included
        return f"Errore: soglie non valide (es. {threshold_text()})"
    if isinstance(pct, str) and pct.startswith("Errore"):
        return pct
    return status_for(fraction(pct), raggiunto, parziale).value


def status_column(pcts, soglia_raggiunto=None, soglia_parziale=None) -> list[list]:
    """PERF_STATUSES: a column of statuses."""
    return [[status(p, soglia_raggiunto, soglia_parziale)] for p in flat(pcts)]
