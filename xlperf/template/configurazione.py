"""Configurazione: ente, anno, thresholds, period, the area and dirigenti tables, the XP_* names."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import layout as L
from .formats import Formats, setup_print

if TYPE_CHECKING:
    from .book import Book


def write(b: Book, ws, fmt: Formats) -> None:
    plan = b.plan
    ws.set_column("A:A", 40)
    ws.set_column("B:B", 50)
    ws.set_column("C:C", 40)
    ws.write("A1", "Configurazione", fmt.title)
    setup_print(ws, 0)
    hint = (
        "Impostazioni del piano, dal file principale del controllo di gestione: in questo file non si modificano."
        if b.frozen
        else "Le celle gialle si possono modificare."
    )
    ws.write("A2", hint, fmt.subtitle)
    values = [
        plan.ente,
        plan.anno or "",
        plan.thresholds.raggiunto,
        plan.thresholds.parziale,
        L.CONFIG_DEADLINE_RULE,
        L.PERIODS[plan.period],
        plan.area_file,
        plan.plan_id,
        plan.plan_signature,
        plan.validated,
        plan.approved,
        # an area copy states the threshold in force; the master leaves it blank until someone sets it
        plan.thresholds.cause_below if b.frozen else "" if plan.thresholds.causa is None else plan.thresholds.causa,
    ]
    for (label, name, cell), value in zip(L.CONFIG_CELLS, values, strict=False):
        row = int(cell[1:]) - 1
        ws.write(row, 0, label, fmt.label)
        cell_fmt = fmt.pct_config if isinstance(value, float) else fmt.input
        if name in L.CONFIG_OWNED:  # written by xlperf (distribuisci, valida, approva): not an input
            cell_fmt = fmt.helper
        if name == "XP_SogliaCausa":
            cell_fmt = fmt.pct_config
            if not b.frozen:
                ws.write(row, 2, L.CONFIG_CAUSE_HINT, fmt.subtitle)
        if b.frozen and name not in L.CONFIG_OWNED:  # locked: nothing yellow, nothing to type here
            cell_fmt = fmt.pct_input if isinstance(value, float) else fmt.code
        if b.frozen and name in L.CONFIG_TECHNICAL:  # plan id, signature, validation: for xlperf only
            ws.set_row(row, None, None, {"hidden": True})
        if value == "":
            ws.write_blank(row, 1, None, cell_fmt)
        else:
            ws.write(row, 1, value, cell_fmt)
        b.wb.define_name(name, f"={L.CONFIG}!${cell[0]}${cell[1:]}")
    ws.data_validation(
        "B9",
        {
            "validate": "list",
            "source": list(L.PERIODS.values()),
            "error_title": "Periodo",
            "error_message": "Scegliere il periodo da valutare dall'elenco.",
        },
    )
    cause_cell = L.config_cell("XP_SogliaCausa").split("!")[1]
    for cells in ("B6:B7", cause_cell):
        ws.data_validation(
            cells,
            {
                "validate": "decimal",
                "criteria": "between",
                "minimum": 0,
                "maximum": 1,
                "error_title": "Soglia non valida",
                "error_message": "Scrivere una percentuale tra 0% e 100%.",
            },
        )
    hr = L.CONFIG_AREAS_HEADER_ROW - 1
    ws.write(hr - 1, 0, "Aree organizzative (un foglio di inserimento per area)", fmt.label)
    rows = [[a, b.sheet_of_area[a], plan.area_heads.get(a, ""), plan.collected.get(a, "")] for a in b.areas]
    ws.add_table(
        hr,
        0,
        hr + max(len(rows), 1),
        len(L.CONFIG_AREAS_HEADERS) - 1,
        {
            "name": "Aree",
            "style": "Table Style Light 9",
            "columns": [{"header": h, "header_format": fmt.header} for h in L.CONFIG_AREAS_HEADERS],
            "data": rows or [[""] * len(L.CONFIG_AREAS_HEADERS)],
        },
    )
    dr = hr + len(rows) + 3
    ws.write(dr - 1, 0, "Dirigenti", fmt.label)
    drows = [[n, r] for n, r in plan.dirigenti.items()] or [["", ""]]
    ws.add_table(
        dr,
        0,
        dr + len(drows),
        1,
        {
            "name": "ElencoDirigenti",
            "style": "Table Style Light 9",
            "columns": [{"header": h, "header_format": fmt.header} for h in L.CONFIG_DIRIGENTI_HEADERS],
            "data": drows,
        },
    )
    if b.frozen:  # an area copy: the plan's settings are the master's
        ws.protect("", {"format_columns": True})
