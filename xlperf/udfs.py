"""PERF_* worksheet functions for Excel (xlwings UDFs): thin wrappers over ``cells.py``.

The docstrings and ``doc=`` texts are what Excel's function wizard shows, so they are Italian.
A cell never shows a Python traceback: bad input gives ``"Errore: …"`` in Italian, a missing
consuntivo gives ``"N/D"``, an empty row gives an empty cell.
Off Windows/macOS the xlwings decorators are no-ops and these are plain functions.
"""

from __future__ import annotations

import numpy as np
import xlwings as xw

from .cells import indicator, indicator_column, objective, status, status_column
from .scoring import score_array

CATEGORY = "xlperf - Performance"


def _numpy_rows(codes, targets, actuals) -> list:
    """The numpy :data:`cells.RowScorer`: a column scored in one vectorised call."""
    return [None if s != s else s for s in score_array(np.array(codes), np.array(targets), np.array(actuals)).tolist()]


# --- what Excel calls -----------------------------------------------------------------------


@xw.func(category=CATEGORY)
@xw.arg("target", doc='Valore atteso, anche con operatore e unità: 350, ">=350 N.", "Entro 31-03-2025"')
@xw.arg("actual", doc="Consuntivo: numero, data, SI/NO oppure N/D")
@xw.arg("op", doc="Operatore (>=, <=, =, >, <, Entro, SI/NO); facoltativo se è già nel target")
@xw.arg("monitoraggio", doc="Facoltativo: il valore al 30/06")
@xw.arg("periodo", doc="Facoltativo: il periodo valutato (XP_Periodo); con 30/06 conta il monitoraggio")
@xw.arg("unita", doc="Facoltativo: l'unità (N., h, €, %…): al 30/06 i conteggi senza Target 30/06 vanno proiettati")
@xw.arg("target30", doc="Facoltativo: il Target 30/06; al 30/06, se compilato, il monitoraggio si confronta con questo")
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
    return indicator_column(targets, actuals, ops, _numpy_rows)


@xw.func(category=CATEGORY)
@xw.arg("pcts", ndim=1, doc="Colonna delle percentuali")
@xw.ret(expand="table")
def PERF_STATUSES(pcts, soglia_raggiunto=None, soglia_parziale=None):
    """Come PERF_STATUS per un'intera colonna, in una sola chiamata."""
    return status_column(pcts, soglia_raggiunto, soglia_parziale)


UDFS = {f.__name__: f for f in (PERF_INDICATOR, PERF_OBJECTIVE, PERF_STATUS, PERF_INDICATORS, PERF_STATUSES)}
