"""One entry sheet per area: the indicator table, its dropdowns, formulas and cached results."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from .. import layout as L
from ..literals import OPERATOR_CHOICES, UNIT_CHOICES, to_excel_serial
from ..model import Indicator
from ..monitoring import indicator_status, period_inputs
from ..printing import ENTRY_PAPER
from ..sheet_content import row_height
from ..sheet_formulas import (
    actual_validation_formula,
    indicator_formula,
    master_status_formula,
    native_helper_formulas,
    native_indicator_formula,
    native_period_status_formula,
)
from .formats import Formats, excel_value, finish_table_sheet, write_text

if TYPE_CHECKING:
    from .book import Book


def write(b: Book, ws, fmt: Formats, area: str, inds: list[tuple[int, Indicator]], albero_last: int) -> int:
    ws.write(0, 0, area, fmt.title)
    ws.set_row(0, 24)
    ws.write(1, 0, L.area_copy_hint(b.plan.period) if b.frozen else L.ENTRY_HINT_MASTER, fmt.subtitle)
    for i, column in enumerate(L.ENTRY_COLUMNS):  # the approved plan's columns: hidden
        ws.set_column(i, i, column.width, None, {"hidden": column.field in L.APPROVED_FIELDS.values()})
    first = L.ENTRY_FIRST_ROW - 1
    n = len(inds) + b.entry_spare
    last = first + n - 1
    table_name = "Ind_" + "".join(ch for ch in b.sheet_of_area[area] if ch.isalnum())
    ws.add_table(
        first - 1,
        0,
        last,
        len(L.ENTRY_COLUMNS) - 1,
        {
            "name": table_name,
            "style": "Table Style Light 9",
            "columns": [{"header": c.header, "header_format": fmt.header} for c in L.ENTRY_COLUMNS],
        },
    )
    c = {f: i for i, f in enumerate(L.ENTRY_FIELDS)}
    col: Callable[[str], str] = L.entry_col
    for k in range(n):
        r = first + k
        excel_row = r + 1
        if k < len(inds):
            idx, ind = inds[k]
            frac = ind.unit == "%"
            write_text(ws, r, c["objective_code"], ind.objective, fmt.code)
            write_text(ws, r, c["indicator_code"], ind.code, fmt.code)
            write_text(ws, r, c["indicator_name"], ind.name, fmt.text)
            write_text(ws, r, c["description"], ind.description, fmt.text)
            ws.write_number(r, c["weight_pct"], ind.weight, fmt.weight)
            write_text(ws, r, c["operator"], ind.operator.value, fmt.center)
            if ind.target is not None:
                tv = excel_value(ind.target)
                ws.write(r, c["target"], tv, fmt.number(tv, False, frac))
            else:
                ws.write_blank(r, c["target"], None, fmt.center)
            if ind.target_mid is not None:  # planning input like the target: locked in area copies
                mv = excel_value(ind.target_mid)
                ws.write(r, c["target_mid"], mv, fmt.number(mv, False, frac))
            else:
                ws.write_blank(r, c["target_mid"], None, fmt.dec)
            write_text(ws, r, c["unit"], ind.unit, fmt.center)
            # an area copy collects one period: the other's column is shown, read-only
            end_input = not b.frozen or b.plan.period == L.YEAR_END
            if ind.actual is None and not ind.declared_na:  # not filled in yet
                ws.write_blank(r, c["actual"], None, fmt.number(0.5 if frac else 1.5, end_input, frac))
            else:
                av = excel_value(ind.actual)
                ws.write(r, c["actual"], av, fmt.number(av, end_input, frac))
            mid_input = not b.frozen or b.plan.period == L.MID_YEAR
            for field, is_input in (("actual_mid", mid_input), ("baseline", False)):
                value = getattr(ind, field)
                if (field == "actual_mid" and ind.declared_na_mid) or (
                    field == "baseline" and ind.declared_na_baseline
                ):
                    ws.write_string(r, c[field], "N/D", fmt.text_actual if is_input else fmt.center)
                elif value is None:  # not yet monitored / no previous year: an empty cell, not N/D
                    ws.write_blank(r, c[field], None, fmt.number(0.5 if frac else 1.5, is_input, frac))
                else:
                    cell_value = excel_value(value)
                    ws.write(r, c[field], cell_value, fmt.number(cell_value, is_input, frac))
            for field in ("note", "cause", "action", "evidence"):
                write_text(ws, r, c[field], getattr(ind, field), fmt.note)
            if ind.approved_target_mid is not None:
                ws.write(r, c["approved_target_mid"], excel_value(ind.approved_target_mid), fmt.helper)
            if ind.approved_target is not None:  # as `xlperf approva` wrote them
                ws.write(r, c["approved_target"], excel_value(ind.approved_target), fmt.helper)
                ws.write(r, c["approved_weight"], ind.approved_weight, fmt.helper)
                ws.write(
                    r, c["approved_operator"], ind.approved_operator.value if ind.approved_operator else "", fmt.helper
                )
            pct = b.res.indicators[idx] if b.res else None
            cached_pct = "N/D" if pct is None else pct
            cached_status = (
                indicator_status(ind, pct, b.res.period, b.res.thresholds, b.plan.anno, b.res.status(pct)).value
                if b.res
                else ""
            )
        else:
            for f in ("objective_code", "indicator_code", "operator", "unit"):
                ws.write_blank(r, c[f], None, fmt.code)
            for f in ("indicator_name", "description"):
                ws.write_blank(r, c[f], None, fmt.text)
            for field in ("note", "cause", "action", "evidence"):
                ws.write_blank(r, c[field], None, fmt.note)
            ws.write_blank(r, c["weight_pct"], None, fmt.weight)
            ws.write_blank(r, c["target"], None, fmt.dec)
            ws.write_blank(r, c["target_mid"], None, fmt.dec)
            ws.write_blank(r, c["actual"], None, fmt.dec_actual)
            ws.write_blank(r, c["actual_mid"], None, fmt.dec_actual)
            ws.write_blank(r, c["baseline"], None, fmt.dec)
            cached_pct = cached_status = ""
        if b.native:  # an area copy: native formulas, computed by any spreadsheet with nothing installed
            ws.write_formula(r, c["pct"], native_indicator_formula(excel_row), fmt.pct, cached_pct)
            ws.write_formula(r, c["status"], native_period_status_formula(excel_row), fmt.status, cached_status)
            _write_helpers(b, ws, fmt, r, inds[k][1] if k < len(inds) else None, cached_pct)
        else:
            ws.write_formula(r, c["pct"], indicator_formula(excel_row), fmt.pct, cached_pct)
            ws.write_formula(r, c["status"], master_status_formula(excel_row), fmt.status, cached_status)
        if k < len(inds):
            ws.set_row(
                r,
                row_height(
                    [
                        (ind.name, L.ENTRY_COLUMNS[c["indicator_name"]].width),
                        (ind.description, L.ENTRY_COLUMNS[c["description"]].width),
                        (ind.note, L.ENTRY_COLUMNS[c["note"]].width),
                        (ind.cause, L.ENTRY_COLUMNS[c["cause"]].width),
                        (ind.action, L.ENTRY_COLUMNS[c["action"]].width),
                    ]
                ),
            )
    code_col = L.albero_col("objective_code")
    ws.data_validation(
        first,
        c["objective_code"],
        last,
        c["objective_code"],
        {
            "validate": "list",
            "source": f"=Albero!${code_col}${L.ALBERO_FIRST_ROW}:${code_col}${albero_last}",
            "error_title": "Codice obiettivo",
            "error_message": "Scegliere un codice presente nel foglio Albero.",
        },
    )
    ws.data_validation(
        first,
        c["operator"],
        last,
        c["operator"],
        {
            "validate": "list",
            "source": OPERATOR_CHOICES,
            "error_title": "Operatore",
            "error_message": "Scegliere uno tra: " + ", ".join(OPERATOR_CHOICES),
        },
    )
    ws.data_validation(
        first,
        c["unit"],
        last,
        c["unit"],
        {
            "validate": "list",
            "source": UNIT_CHOICES,
            "error_type": "warning",
            "error_title": "Unità",
            "error_message": "Unità consigliate: " + ", ".join(UNIT_CHOICES),
        },
    )
    ws.data_validation(
        first,
        c["weight_pct"],
        last,
        c["weight_pct"],
        {
            "validate": "decimal",
            "criteria": "between",
            "minimum": 0,
            "maximum": 100,
            "error_title": "Peso",
            "error_message": "Il peso è in punti percentuali, tra 0 e 100 (es. 33,30).",
        },
    )
    if b.native:
        _helper_columns(ws, fmt, first, last)
    finish_table_sheet(ws, fmt, first, last + 1, col("pct"), col("status"), freeze_cols=3, paper=ENTRY_PAPER)
    return last + 1


def _cached_period_value(b: Book, ind: Indicator):
    """What the period's consuntivo cell holds, as the helper cells cache it."""
    value, declared_na = ind.at(b.plan.period)
    if value is None:
        return "N/D" if declared_na else ""
    if isinstance(value, dt.date):
        return to_excel_serial(value)
    return excel_value(value)


def cached_target(target) -> object:
    """The period's target as the helper cell caches it: dates as serials, SI/NO as text."""
    if target is None:
        return ""
    return to_excel_serial(target) if isinstance(target, dt.date) else excel_value(target)


def _write_helpers(b: Book, ws, fmt: Formats, r: int, ind: Indicator | None, cached_pct) -> None:
    """The hidden helper cells of an area copy's row, with the results they hold on opening
    (LibreOffice shows cached results until something changes)."""
    value = _cached_period_value(b, ind) if ind else ""
    weight = ind.weight if ind and isinstance(cached_pct, float) and ind.weight > 0 else 0
    target, estimate = period_inputs(ind, b.plan.period, b.plan.anno) if ind else ("", "")
    cached = {
        "period_value": value,
        "evaluated": value,  # written by us as the core reads it: no points to convert
        "points": weight * cached_pct if weight else 0,
        "scored_weight": weight,
        "period_target": cached_target(target),
        "estimate": value if not isinstance(estimate, float) else estimate,
    }
    formulas = native_helper_formulas(r + 1)
    for i, h in enumerate(L.AREA_HELPER_COLUMNS):
        ws.write_formula(r, len(L.ENTRY_COLUMNS) + i, formulas[h.field], fmt.helper, cached[h.field])


def _helper_columns(ws, fmt: Formats, first: int, last: int) -> None:
    """Headers of the helper columns (hidden, locked) and the check on what the consuntivi accept."""
    for i, h in enumerate(L.AREA_HELPER_COLUMNS):
        col = len(L.ENTRY_COLUMNS) + i
        ws.write_string(first - 1, col, h.header, fmt.header)
        ws.set_column(col, col, h.width, None, {"hidden": True})
    for field in ("actual_mid", "actual"):
        top = f"{L.entry_col(field)}{first + 1}"
        ws.data_validation(
            first,
            L.ENTRY_FIELDS.index(field),
            last,
            L.ENTRY_FIELDS.index(field),
            {
                "validate": "custom",
                "value": actual_validation_formula(top),
                "ignore_blank": True,
                "error_title": "Valore non valido",
                "error_message": "Scrivere un numero (anche in %), una data (gg/mm/aaaa), SI, NO oppure N/D.",
            },
        )
