"""Albero: ambiti -> obiettivi strategici -> obiettivi operativi, each with its PERF_OBJECTIVE %."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import layout as L
from ..printing import ENTRY_PAPER
from ..sheet_content import row_height
from ..sheet_formulas import native_objective_formula, native_status_formula, status_formula
from .formats import Formats, finish_table_sheet, write_text

if TYPE_CHECKING:
    from .book import Book


def write(b: Book, ws, fmt: Formats, entry_ranges: dict[str, tuple[str, int]]) -> int:
    plan = b.plan
    ws.write("A1", "Albero della performance", fmt.title)
    ws.write(
        "A2",
        "Ambiti strategici → obiettivi strategici → obiettivi operativi. La % obiettivo è la media ponderata dei "
        "suoi indicatori.",
        fmt.subtitle,
    )
    for i, column in enumerate(L.ALBERO_COLUMNS):
        ws.set_column(i, i, column.width)
    amb = {a.code: a.name for a in plan.ambiti}
    strat = {s.code: s for s in plan.strategic}
    first = L.ALBERO_FIRST_ROW - 1
    rows = plan.objectives
    n = len(rows) + b.albero_spare
    ws.add_table(
        first - 1,
        0,
        first - 1 + n,
        len(L.ALBERO_COLUMNS) - 1,
        {
            "name": "Albero",
            "style": "Table Style Light 9",
            "columns": [{"header": c.header, "header_format": fmt.header} for c in L.ALBERO_COLUMNS],
        },
    )
    c = {f: i for i, f in enumerate(L.ALBERO_FIELDS)}
    for r, o in enumerate(rows, start=first):
        s = strat.get(o.strategic)
        a_code = s.ambito if s else L.ambito_of(o.strategic)
        values = [
            a_code,
            amb.get(a_code, ""),
            o.strategic,
            s.name if s else "",
            o.code,
            o.name,
            o.type,
            o.area,
            "; ".join(o.dirigenti),
        ]
        for i, v in enumerate(values):
            write_text(ws, r, i, v, fmt.text if i in (1, 3, 5, 7, 8) else fmt.code)
        excel_row = r + 1
        sheet, last = entry_ranges.get(o.area, (None, 0))
        pct = b.res.objectives.get(o.code) if b.res else None
        code_cell = f"{L.albero_col('objective_code')}{excel_row}"
        if sheet and b.native:
            ws.write_formula(
                r, c["pct"], native_objective_formula(sheet, code_cell), fmt.pct, "N/D" if pct is None else pct
            )
        elif sheet:
            q = f"'{sheet}'!"
            f0, ecol = L.ENTRY_FIRST_ROW, L.entry_col
            formula = (
                f"=PERF_OBJECTIVE({q}${ecol('pct')}${f0}:${ecol('pct')}${last},"
                f"{q}${ecol('weight_pct')}${f0}:${ecol('weight_pct')}${last},"
                f"{q}${ecol('objective_code')}${f0}:${ecol('objective_code')}${last},"
                f"{code_cell})"
            )
            ws.write_formula(r, c["pct"], formula, fmt.pct, "N/D" if pct is None else pct)
        pct_ref = f"{L.albero_col('pct')}{excel_row}"
        st = b.res.status(pct).value if b.res else ""
        status = native_status_formula(pct_ref) if b.native else status_formula(pct_ref)
        ws.write_formula(r, c["status"], status, fmt.status, st)
        ws.set_row(r, row_height([(values[i], L.ALBERO_COLUMNS[i].width) for i in (1, 3, 5, 7, 8)]))
    for r in range(first + len(rows), first + n):
        for i in range(c["pct"]):
            ws.write_blank(r, i, None, fmt.code)
    last_row = first + n
    type_list = {
        "validate": "list",
        "source": ["UIC", "OS", "OP"],
        "error_type": "warning",
        "error_title": "Tipo obiettivo",
        "error_message": "Usare UIC (comune di sistema), OS (strategico/progetto) o OP (operativo).",
    }
    ws.data_validation(first, c["objective_type"], last_row, c["objective_type"], type_list)
    area_ref = f"=Configurazione!$A${L.CONFIG_AREAS_HEADER_ROW + 1}:$A${L.CONFIG_AREAS_HEADER_ROW + len(b.areas)}"
    ws.data_validation(
        first,
        c["area"],
        last_row,
        c["area"],
        {
            "validate": "list",
            "source": area_ref,
            "error_type": "warning",
            "error_title": "Area",
            "error_message": "Scegliere un'area elencata in Configurazione.",
        },
    )
    finish_table_sheet(
        ws, fmt, first, last_row, L.albero_col("pct"), L.albero_col("status"), freeze_cols=0, paper=ENTRY_PAPER
    )
    return last_row
