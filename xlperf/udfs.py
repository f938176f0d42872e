"""PERF_* worksheet functions for Excel (xlwings UDFs): thin wrappers over the scoring core.

The docstrings and ``doc=`` texts are what Excel's function wizard shows, so they are Italian.
A cell never shows a Python traceback: bad input gives ``"Errore: …"`` in Italian, a missing
consuntivo gives ``"N/D"``, an empty row gives an empty cell.
Off Windows/macOS the xlwings decorators are no-ops and these are plain functions.
"""

from __future__ import annotations

from collections import OrderedDict

import numpy as np
import xlwings as xw

from .aggregate import Status, status_of, weighted_mean
from .literals import LiteralError, excel_error, is_blank, is_not_available, parse_actual, parse_number, parse_target
from .model import MID_YEAR, PROJECTION_FACTOR, Thresholds
from .monitoring import projects
from .scoring import OP_CODES, as_number, score_array, score_scalar

ND = Status.ND.value
CATEGORY = "xlperf - Performance"


def _flat(values) -> list:
    """A cell, a row, a column or a 2-D block (lists or numpy) -> flat list."""
    if values is None or isinstance(values, (str, int, float, bool)):
        return [values]
    if hasattr(values, "tolist"):
        values = values.tolist()
    out: list = []
    for v in values:  # concrete types, not the Iterable ABC: this runs once per cell of a column
        if type(v) is list or type(v) is tuple:
            for x in v:
                if type(x) is list or type(x) is tuple:
                    out.extend(_flat(x))
                else:
                    out.append(x)
        else:
            out.append(v)
    return out


def _is_excel_error(value) -> bool:
    return excel_error(value) is not None or (isinstance(value, str) and value.startswith("Errore"))


def _parse_row(target, actual, op) -> str | tuple[int, float, float]:
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


def _period_actual(actual, mid, period):
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
    row = _parse_row(target, _period_actual(actual, mid, period), op)
    if isinstance(row, str):
        return row
    if at_mid and is_blank(target_mid) and projects(list(OP_CODES)[row[0]], "" if is_blank(unit) else str(unit)):
        row = (row[0], row[1], row[2] * PROJECTION_FACTOR)
    score = score_scalar(*row)
    return ND if score is None else score


def indicators(targets: list, actuals: list, ops: list) -> list:
    """PERF_INDICATOR for whole columns: each row parsed, all scored in one vectorised call."""
    out: list = [_parse_row(*row) for row in zip(targets, actuals, ops, strict=True)]
    todo = [k for k, row in enumerate(out) if not isinstance(row, str)]
    if todo:
        codes, t, a = zip(*(out[k] for k in todo), strict=True)
        scores = score_array(np.array(codes), np.array(t), np.array(a))
        for k, score in zip(todo, scores.tolist(), strict=True):
            out[k] = ND if score != score else score
    return out


def _fraction(value) -> float | None:
    """A % cell's content -> fraction; None when not a score (N/D, blank, text, error)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value) if value == value else None
    if is_not_available(value) or _is_excel_error(value):
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
    scores, weights = _flat(percentuali), _flat(pesi)
    if len(scores) != len(weights):
        return "Errore: percentuali e pesi devono avere lo stesso numero di righe"
    if codici is not None:
        if is_blank(codice):
            return ""
        codes = _flat(codici)
        if len(codes) != len(scores):
            return "Errore: i codici devono avere lo stesso numero di righe delle percentuali"
        group = _grouped(codes, scores, weights).get(str(codice).strip().upper(), ([], []))
        scores, weights = group
    pairs = []
    for s, w in zip(scores, weights, strict=False):
        if _is_excel_error(s) or excel_error(w):
            return "Errore: un indicatore dell'obiettivo è in errore (vedere la colonna % raggiungimento)"
        f = _fraction(s)
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
        th = Thresholds(raggiunto=_threshold(soglia_raggiunto, 0.8), parziale=_threshold(soglia_parziale, 0.6))
    except (LiteralError, ValueError):
        return "Errore: soglie non valide (es. 80% e 60%)"
    if isinstance(pct, str) and pct.startswith("Errore"):
        return pct
    return status_of(_fraction(pct), th).value


# --- what Excel calls -----------------------------------------------------------------------


@xw.func(category=CATEGORY)
@xw.arg("target", doc='Valore atteso, anche con operatore e unità: 350, ">=350 N.", "Entro 31-03-2025"')
@xw.arg("actual", doc="Consuntivo: numero, data, SI/NO oppure N/D")
@xw.arg("op", doc="Operatore (>=, <=, =, >, <, Entro, SI/NO); facoltativo se è già nel target")
@xw.arg("monitoraggio", doc="Facoltativo: il valore al 30/06")
@xw.arg("periodo", doc="Facoltativo: il periodo valutato (XP_Periodo); con 30/06 conta il monitoraggio")
def PERF_INDICATOR(target, actual, op=None, monitoraggio=None, periodo=None, unita=None, target30=None):
    """Percentuale di raggiungimento di un indicatore (da 0 a 1), oppure N/D."""
    return indicator(target, actual, op, monitoraggio, periodo, unita, target30)


@xw.func(category=CATEGORY)
@xw.arg("percentuali", doc="Colonna delle % di raggiungimento degli indicatori")
@xw.arg("pesi", doc="Colonna dei pesi (stesse righe)")
@xw.arg("codici", doc="Facoltativo: colonna dei codici obiettivo, per filtrare")
@xw.arg("codice", doc="Facoltativo: il codice dell'obiettivo da calcolare")
def PERF_OBJECTIVE(percentuali, pesi, codici=None, codice=None):
    """Media ponderata delle % degli indicatori; gli N/D sono esclusi e i pesi ridistribuiti."""
    return objective(percentuali, pesi, codici, codice)


@xw.func(category=CATEGORY)
@xw.arg("pct", doc="Percentuale di raggiungimento")
@xw.arg("soglia_raggiunto", doc="Soglia di raggiungimento, predefinita 80%")
@xw.arg("soglia_parziale", doc="Soglia di parziale raggiungimento, predefinita 60%")
def PERF_STATUS(pct, soglia_raggiunto=None, soglia_parziale=None):
    """Stato: Raggiunto, Parzialmente raggiunto, Non raggiunto oppure N/D."""
    return status(pct, soglia_raggiunto, soglia_parziale)


@xw.func(category=CATEGORY)
@xw.arg("targets", ndim=1, doc="Colonna dei target")
@xw.arg("actuals", ndim=1, doc="Colonna dei consuntivi")
@xw.arg("ops", ndim=1, doc="Colonna degli operatori (facoltativa)")
@xw.ret(expand="table")
def PERF_INDICATORS(targets, actuals, ops=None):
    """Come PERF_INDICATOR per un'intera colonna, in una sola chiamata (più veloce)."""
    t, a = _flat(targets), _flat(actuals)
    o = _flat(ops) if ops is not None else [None] * len(t)
    if not (len(t) == len(a) == len(o)):
        return [["Errore: le colonne devono avere lo stesso numero di righe"]]
    return [[v] for v in indicators(t, a, o)]


@xw.func(category=CATEGORY)
@xw.arg("pcts", ndim=1, doc="Colonna delle percentuali")
@xw.ret(expand="table")
def PERF_STATUSES(pcts, soglia_raggiunto=None, soglia_parziale=None):
    """Come PERF_STATUS per un'intera colonna, in una sola chiamata."""
    return [[status(p, soglia_raggiunto, soglia_parziale)] for p in _flat(pcts)]


UDFS = {f.__name__: f for f in (PERF_INDICATOR, PERF_OBJECTIVE, PERF_STATUS, PERF_INDICATORS, PERF_STATUSES)}
