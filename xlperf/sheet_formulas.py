"""The formulas the workbooks carry: PERF_* in the master's entry sheets, native functions in the
area copies (.xlsx: no VBA, no xlwings, no PERF_*, so they compute in Excel 2016+ and LibreOffice 7.4+).

Cell positions come from the layout spec (:func:`layout.entry_col`, :func:`layout.helper_col`); the
rules are the scoring core's (scoring.py, monitoring.py), written again in Excel's functions.
"""

from __future__ import annotations

from .layout import AREA_ACTUAL_FORMS, AREA_HELPER_COLUMNS, entry_col, helper_col
from .literals import PERCENT_POINTS_ABOVE
from .model import CUMULATIVE_UNITS, MID_YEAR, PROJECTION_FACTOR, Status
from .scalar import EPS

#: the boundary belongs to the higher status, with the tolerance of aggregate.status_of
STATUS_EPSILON = f"{EPS:.0E}".replace("E-0", "E-")  # scalar.EPS as a formula literal: "1E-9"


def indicator_formula(excel_row: int) -> str:
    """% raggiungimento of one master row:
    =PERF_INDICATOR(Target,Consuntivo,Operatore,Monitoraggio,Periodo,Unità,Target 30/06).

    The function picks the Monitoraggio 30/06 when the period in Configurazione says so (with the
    Target 30/06, or the stima a fine anno: monitoring.py), and gives an empty cell for an empty row."""
    c = entry_col
    args = ",".join(f"{c(f)}{excel_row}" for f in ("target", "actual", "operator", "actual_mid"))
    return f"=PERF_INDICATOR({args},XP_Periodo,{c('unit')}{excel_row},{c('target_mid')}{excel_row})"


def status_formula(pct_cell: str) -> str:
    return f'=IF({pct_cell}="","",PERF_STATUS({pct_cell},XP_SogliaRaggiunto,XP_SogliaParziale))'


def native_helper_formulas(excel_row: int) -> dict[str, str]:
    """All the helper cells of one row (:data:`AREA_HELPER_COLUMNS`, in order): the value of the period
    in Configurazione (empty stays empty); that value as the core reads it (a number above 10 in a %
    row is points: 96 -> 96 %); weight × % and weight of a scored indicator with a positive weight (0
    otherwise), which the objective % sums; the 30/06 target and stima (native_mid_year_formulas)."""
    c, r = entry_col, excel_row
    mid, end, pct, w = f"{c('actual_mid')}{r}", f"{c('actual')}{r}", f"{c('pct')}{r}", f"{c('weight_pct')}{r}"
    x, unit = f"{helper_col('period_value')}{r}", f"{c('unit')}{r}"
    scored = f"AND(ISNUMBER({pct}),N({w})>0)"
    formulas = {
        "period_value": f'=IF(ISNUMBER(SEARCH("{MID_YEAR}",XP_Periodo)),IF({mid}="","",{mid}),IF({end}="","",{end}))',
        "evaluated": native_evaluated_formula(x, unit, f"{c('operator')}{r}"),
        "points": f"=IF({scored},{w}*{pct},0)",
        "scored_weight": f"=IF({scored},{w},0)",
        **native_mid_year_formulas(r),
    }
    return {h.field: formulas[h.field] for h in AREA_HELPER_COLUMNS}  # every helper cell the row needs


def _native_mid(excel_row: int) -> tuple[str, str]:
    """(the copy collects 30/06, this row has no Target 30/06) as native conditions."""
    return f'ISNUMBER(SEARCH("{MID_YEAR}",XP_Periodo))', f'{entry_col("target_mid")}{excel_row}=""'


def native_mid_year_formulas(excel_row: int) -> dict[str, str]:
    """monitoring.period_inputs in native functions: at 30/06 the Target 30/06 where filled, else the
    annual target and the stima a fine anno (a cumulative count × PROJECTION_FACTOR)."""
    r, c = excel_row, entry_col
    mid, no_tm = _native_mid(r)
    t, tm, op, unit = f"{c('target')}{r}", f"{c('target_mid')}{r}", f"{c('operator')}{r}", f"{c('unit')}{r}"
    v = f"{helper_col('evaluated')}{r}"
    cumulative = ",".join(f'{unit}="{u}"' for u in CUMULATIVE_UNITS)
    ops = ",".join(f'{op}="{o}"' for o in (">=", ">", "<=", "<"))
    return {
        "period_target": f'=IF(AND({mid},NOT({no_tm})),{tm},IF({t}="","",{t}))',
        "estimate": f"=IF(AND({mid},{no_tm},OR({cumulative}),OR({ops}),ISNUMBER({v})),{v}*{PROJECTION_FACTOR:g},{v})",
    }


def native_period_status_formula(excel_row: int) -> str:
    """monitoring.indicator_status in native functions: at 30/06 a deadline still ahead is «Non
    ancora scaduto»; without a Target 30/06 a score is «In corso» or «A rischio»; else the Stato."""
    p = f"{entry_col('pct')}{excel_row}"
    return _period_status(excel_row, f"{helper_col('period_value')}{excel_row}", native_status_formula(p)[1:])


def master_status_formula(excel_row: int) -> str:
    """The master's Stato: the same 30/06 states around PERF_STATUS (monitoring.indicator_status)."""
    p = f"{entry_col('pct')}{excel_row}"
    return _period_status(excel_row, f"{entry_col('actual_mid')}{excel_row}", status_formula(p)[1:])


def _period_status(excel_row: int, value_cell: str, base: str) -> str:
    r, p, eps, x = excel_row, f"{entry_col('pct')}{excel_row}", STATUS_EPSILON, value_cell
    mid, no_tm = _native_mid(r)
    t, op = f"{entry_col('target')}{r}", f"{entry_col('operator')}{r}"
    ahead = f'AND({mid},{no_tm},{op}="Entro",{x}="",ISNUMBER({t}),{t}>DATE(IF(N(XP_Anno)>0,XP_Anno,YEAR({t})),6,30))'
    return (
        f'=IF({ahead},"{Status.NON_SCADUTO.value}",IF(AND({mid},{no_tm},ISNUMBER({p})),'
        f'IF({p}+{eps}>=XP_SogliaRaggiunto,"{Status.IN_CORSO.value}","{Status.A_RISCHIO.value}"),{base}))'
    )


def native_evaluated_formula(x: str, unit: str, op: str) -> str:
    """The period's value as the core reads it (copy_reading.py): spaces only -> empty; an N/D
    spelling -> "N/D"; in a SI/NO row a SI or NO spelling -> "SI"/"NO"; in a % row a number above
    10 is points (96 -> 96 %); anything else as it is."""
    from .copy_reading import NATIVE_FALSE, NATIVE_NA, NATIVE_TRUE, excel_array

    key = f"TRIM(UPPER({x}))"

    def among(words: tuple[str, ...]) -> str:
        return f"ISNUMBER(MATCH({key},{excel_array(words)},0))"

    return (
        f'=IF({key}="","",IF({among(NATIVE_NA)},"N/D",'
        f'IF({op}="SI/NO",IF({among(NATIVE_TRUE)},"SI",IF({among(NATIVE_FALSE)},"NO",{x})),'
        f'IF(AND({unit}="%",ISNUMBER({x})),IF(ABS({x})>{PERCENT_POINTS_ABOVE:g},{x}/100,{x}),{x}))))'
    )


def native_indicator_formula(excel_row: int) -> str:
    """PERF_INDICATOR's rules (scoring.py) in functions Excel 2016+ and LibreOffice 7.4+ both have.

    Read top to bottom: empty row -> empty; no value -> N/D; SI/NO; anything else must be a number
    or a date; Entro; target 0; otherwise 1 - shortfall/|target| clipped to 0..100 %."""
    r = excel_row
    # the target and value of the period (native_mid_year_formulas: at 30/06 Target 30/06 or stima)
    t, op, v = f"{helper_col('period_target')}{r}", f"{entry_col('operator')}{r}", f"{helper_col('estimate')}{r}"
    zero_rule = (
        f'OR(AND({op}=">=",{v}>=0),AND({op}=">",{v}>0),AND({op}="<=",{v}<=0),AND({op}="<",{v}<0),AND({op}="=",{v}=0))'
    )
    shortfall = f'IF(OR({op}=">=",{op}=">"),MAX(0,{t}-{v}),IF(OR({op}="<=",{op}="<"),MAX(0,{v}-{t}),ABS({v}-{t})))'
    return (
        f'=IF(AND({t}="",{v}=""),"",'
        f'IF(OR({v}="",{v}="N/D"),"N/D",'
        f'IF({op}="SI/NO",IF(OR({v}="SI",{v}="NO"),IF({v}={t},1,0),"Errore: scrivere SI, NO oppure N/D"),'
        f"IF(NOT(AND(ISNUMBER({t}),ISNUMBER({v}))),"
        '"Errore: scrivere un numero o una data gg/mm/aaaa (non un testo), oppure N/D",'
        f'IF({op}="Entro",IF(INT({v})<={t},1,0),'
        f"IF({t}=0,IF({zero_rule},1,0),"
        f"MAX(0,MIN(1,1-{shortfall}/ABS({t})))))))))"
    )


def native_status_formula(pct_cell: str) -> str:
    """PERF_STATUS in native functions: thresholds from Configurazione, N/D and error texts kept."""
    p, eps = pct_cell, STATUS_EPSILON
    return (
        f'=IF({p}="","",IF(ISNUMBER({p}),IF({p}+{eps}>=XP_SogliaRaggiunto,"{Status.RAGGIUNTO.value}",'
        f'IF({p}+{eps}>=XP_SogliaParziale,"{Status.PARZIALE.value}","{Status.NON_RAGGIUNTO.value}")),{p}))'
    )


def native_objective_formula(sheet: str, code_cell: str) -> str:
    """PERF_OBJECTIVE in native functions: Σ weight × % / Σ weight over the objective's scored
    indicators (N/D excluded, weights redistributed), whole columns so added rows count."""
    q = f"'{sheet}'!"
    codes = f"{q}${entry_col('objective_code')}:${entry_col('objective_code')}"
    points = f"{q}${helper_col('points')}:${helper_col('points')}"
    weights = f"{q}${helper_col('scored_weight')}:${helper_col('scored_weight')}"
    total = f"SUMIF({codes},{code_cell},{weights})"
    return f'=IF({total}>0,SUMIF({codes},{code_cell},{points})/{total},"N/D")'


def actual_validation_formula(cell: str) -> str:
    """Data validation of a consuntivo cell of an area copy: a number or date, N/D, SI or NO."""
    forms = ",".join(f'{cell}="{f}"' for f in AREA_ACTUAL_FORMS)
    return f"=OR(ISNUMBER({cell}),{forms})"
