"""The Configurazione sheet reader: ente, anno, periodo, soglie, approval, the areas with their sheet,
head and last collection, and the Dirigenti table.
"""

from __future__ import annotations

import datetime as dt

from .. import layout as L
from ..approval import parse as parse_approval
from ..area_identity import area_file_name
from ..area_names import name_problems
from ..literals import LiteralError, format_value, parse_number
from ..model import Level, Plan, Problem, Thresholds, as_period
from ..scalar import DEFAULT_RAGGIUNTO, percent_text, threshold_text
from .grid import Sheet, header_key
from .rows import text_of


def _read_cause_threshold(value: tuple, plan: Plan, problems: list[Problem]) -> None:
    """«Soglia per la causa dello scostamento»: blank (or no such row) is the «raggiunto» threshold."""
    raw, where = value
    if raw in (None, "") or (isinstance(raw, str) and not raw.strip()):
        return
    try:
        f = parse_number(raw)
        plan.thresholds = Thresholds.model_validate({**plan.thresholds.model_dump(), "causa": f / 100 if f > 1 else f})
    except (LiteralError, ValueError):
        problems.append(
            Problem(
                level=Level.ERROR,
                place=where,
                message=f"soglia per la causa dello scostamento «{format_value(raw)}» non valida",
                fix=f"scrivere una percentuale tra 1% e 100% (es. {percent_text(DEFAULT_RAGGIUNTO)}), "
                "o lasciare vuoto per usare la soglia «raggiunto»",
            )
        )


def read_config(sheets: dict[str, Sheet], plan: Plan, problems: list[Problem]) -> list[tuple[str, str]]:
    """Ente, anno, soglie and the (area, sheet) list."""
    cfg = sheets.get(L.CONFIG)
    if cfg is None:
        problems.append(
            Problem(
                level=Level.WARNING,
                place=L.CONFIG,
                message=f"foglio Configurazione mancante: uso soglie {threshold_text()} e le aree predefinite",
                fix="ripristinare il foglio dal modello",
            )
        )
        return [(a, L.area_sheet_name(a)) for a in L.DEFAULT_AREAS]
    values = {}
    for label, name, cell in L.CONFIG_CELLS:
        row, col = L.cell_ref(cell)
        values[name] = (cfg.value(row + 1, col), cfg.place(row + 1, col))
        if name in L.CONFIG_CELLS_SINCE_V2 and text_of(cfg.value(row + 1, 0)) != label:
            values[name] = (None, values[name][1])  # an older workbook: that row holds something else
    plan.ente = text_of(values["XP_Ente"][0])
    plan.area_file = text_of(values["XP_AreaFile"][0])
    plan.plan_id = text_of(values["XP_IdPiano"][0])
    plan.plan_signature = text_of(values["XP_Firma"][0])
    plan.validated = text_of(values["XP_Validato"][0])
    approved = values["XP_Approvato"][0]
    plan.approved = format_value(approved) if isinstance(approved, (dt.date, dt.datetime)) else text_of(approved)
    if "|" in plan.approved:  # the date, then the approved indicators (approval.py)
        plan.approved, plan.approved_indicators = parse_approval(plan.approved)
    anno, where = values["XP_Anno"]
    try:
        plan.anno = int(parse_number(anno)) if anno not in (None, "") else 0
    except LiteralError:
        problems.append(
            Problem(
                level=Level.ERROR, place=where, message=f"anno «{anno}» non valido", fix="scrivere l'anno, es. 2025"
            )
        )
    raw_period, where = values["XP_Periodo"]
    period = L.period_of(raw_period)
    if period is None:
        problems.append(
            Problem(
                level=Level.ERROR,
                place=where,
                message=f"periodo «{raw_period}» non valido",
                fix=f"scegliere «{L.PERIODS[L.MID_YEAR]}» oppure «{L.PERIODS[L.YEAR_END]}»",
            )
        )
    else:
        plan.period = as_period(period)
    try:
        th = []
        for key in ("XP_SogliaRaggiunto", "XP_SogliaParziale"):
            v, where = values[key]
            f = parse_number(v)
            th.append(f / 100 if f > 1 else f)
        plan.thresholds = Thresholds(raggiunto=th[0], parziale=th[1])
    except (LiteralError, ValueError):
        problems.append(
            Problem(
                level=Level.ERROR,
                place=values["XP_SogliaRaggiunto"][1],
                message="soglie non valide",
                fix=f"scrivere due percentuali, es. {threshold_text()}, la prima maggiore",
            )
        )
    _read_cause_threshold(values["XP_SogliaCausa"], plan, problems)
    areas: list[tuple[str, str]] = []
    area_places: list[tuple[str, str]] = []
    found = cfg.find_header(L.CONFIG_AREAS_HEADERS[:2], max_row=40)
    if found:
        row, cols = found
        a_col, s_col = cols[header_key(L.CONFIG_AREAS_HEADERS[0])], cols[header_key(L.CONFIG_AREAS_HEADERS[1])]
        h_col = cols.get(header_key(L.CONFIG_AREAS_HEADERS[2]))
        c_col = cols.get(header_key(L.CONFIG_AREAS_HEADERS[3]))  # older workbooks: no column, nothing recorded
        # the list runs to the Dirigenti table (or the end): a blank row in it is skipped, not its end
        found_d = cfg.find_header(L.CONFIG_DIRIGENTI_HEADERS, max_row=len(cfg.rows))
        end = found_d[0] - 1 if found_d and found_d[0] > row else len(cfg.rows)
        for r in range(row + 1, end + 1):
            if not text_of(cfg.value(r, a_col)):
                continue
            area, sheet = (
                text_of(cfg.value(r, a_col)),
                text_of(cfg.value(r, s_col)) or L.area_sheet_name(text_of(cfg.value(r, a_col))),
            )
            if area == text_of(L.CONFIG_DIRIGENTI_HEADERS[0]) or header_key(area) == header_key("Dirigenti"):
                continue  # the caption above the Dirigenti table
            areas.append((area, sheet))
            area_places.append((area, cfg.place(r, a_col)))
            if h_col is not None and text_of(cfg.value(r, h_col)):
                plan.area_heads[area] = text_of(cfg.value(r, h_col))
            if c_col is not None:
                plan.collected_places[area] = cfg.place(r, c_col)
                if text_of(cfg.value(r, c_col)):
                    plan.collected[area] = text_of(cfg.value(r, c_col))
        if found_d:
            drow, dcols = found_d
            n_col, role_col = (
                dcols[header_key(L.CONFIG_DIRIGENTI_HEADERS[0])],
                dcols[header_key(L.CONFIG_DIRIGENTI_HEADERS[1])],
            )
            r = drow + 1
            while text_of(cfg.value(r, n_col)):
                plan.dirigenti[text_of(cfg.value(r, n_col))] = text_of(cfg.value(r, role_col))
                plan.dirigenti_places[text_of(cfg.value(r, n_col))] = cfg.place(r, role_col)
                r += 1
    if not areas:
        problems.append(
            Problem(
                level=Level.ERROR,
                place=f"{L.CONFIG}!A{L.CONFIG_AREAS_HEADER_ROW}",
                message="elenco delle aree organizzative vuoto o mancante",
                fix="elencare le aree con il nome del loro foglio",
            )
        )
    plan.areas = [a for a, _ in areas]
    # names safe and unique as file names (issue 21.7)
    problems += name_problems(area_places, lambda a: area_file_name(plan, a))
    return areas
