"""Builds the PIAO workbook (.xlsm) from the layout spec, with XlsxWriter, on any OS.

XlsxWriter (not openpyxl) because it writes what openpyxl cannot: the VBA project, form-control
buttons bound to a macro, tables, validations and conditional formats, and cached formula
results, so the file shows its numbers even before Excel recalculates. Output is deterministic:
same plan, same bytes.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path

import xlsxwriter
import xlsxwriter.exceptions

from . import layout as L
from .aggregate import Results, Status, score_plan
from .errors import WorkbookError
from .files import atomic_output, environment_error
from .literals import OPERATOR_CHOICES, UNIT_CHOICES, Operator
from .model import Indicator, Plan, TrendRow
from .vba import build_vba_project

_FIXED_DATE = dt.datetime(2025, 1, 1)
ALBERO_SPARE_ROWS = 20


def _excel_value(value):
    """A model value -> what goes into the cell (dates as datetimes, SI/NO, N/D)."""
    if value is None:
        return "N/D"
    if isinstance(value, bool):
        return "SI" if value else "NO"
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    return value


class _Formats:
    def __init__(self, wb: xlsxwriter.Workbook, frozen: bool = False):
        """``frozen``: an area copy, where only consuntivi and notes stay editable."""
        base = {"font_name": "Calibri", "font_size": 10, "valign": "top"}
        free = {"locked": frozen}  # plan fields: editable in the master, locked in area copies
        self.wb = wb
        self.title = wb.add_format({**base, "bold": True, "font_size": 16, "font_color": L.TITLE_COLOR})
        self.subtitle = wb.add_format({**base, "italic": True, "font_color": "#595959"})
        self.header = wb.add_format(
            {
                **base,
                "bold": True,
                "text_wrap": True,
                "bg_color": L.HEADER_FILL.bg,
                "font_color": L.HEADER_FILL.fg,
                "border": 1,
                "valign": "vcenter",
            }
        )
        self.label = wb.add_format({**base, "bold": True})
        self.text = wb.add_format({**base, "text_wrap": True, **free})
        self.text_locked = wb.add_format({**base, "text_wrap": True})
        self.code = wb.add_format({**base, **free})
        self.input = wb.add_format({**base, **free, "bg_color": L.INPUT_FILL})
        self.pct = wb.add_format({**base, "num_format": L.PCT_FORMAT, "align": "right"})
        self.pct_input = wb.add_format({**base, "num_format": L.PCT_FORMAT, **free})
        self.pct_config = wb.add_format({**base, "num_format": L.PCT_FORMAT, **free, "bg_color": L.INPUT_FILL})
        self.pct_actual = wb.add_format({**base, "num_format": L.PCT_FORMAT, "locked": False, "bg_color": L.INPUT_FILL})
        self.weight = wb.add_format({**base, "num_format": L.WEIGHT_FORMAT, **free})
        self.int = wb.add_format({**base, "num_format": "#,##0", **free})
        self.dec = wb.add_format({**base, "num_format": "#,##0.00", **free})
        self.int_actual = wb.add_format({**base, "num_format": "#,##0", "locked": False, "bg_color": L.INPUT_FILL})
        self.dec_actual = wb.add_format({**base, "num_format": "#,##0.00", "locked": False, "bg_color": L.INPUT_FILL})
        self.date = wb.add_format({**base, "num_format": L.DATE_FORMAT, **free, "align": "left"})
        self.date_actual = wb.add_format(
            {**base, "num_format": L.DATE_FORMAT, "locked": False, "bg_color": L.INPUT_FILL, "align": "left"}
        )
        self.center = wb.add_format({**base, **free, "align": "center"})
        self.note = wb.add_format({**base, "text_wrap": True, "locked": False})
        self.text_actual = wb.add_format({**base, "locked": False, "bg_color": L.INPUT_FILL, "align": "right"})
        self.status = wb.add_format({**base})
        self.fills = {st: wb.add_format({"bg_color": f.bg, "font_color": f.fg}) for st, f in L.STATUS_FILLS.items()}
        self.legend = {
            st: wb.add_format({**base, "bg_color": f.bg, "font_color": f.fg, "border": 1})
            for st, f in L.STATUS_FILLS.items()
        }

    def number(self, value, actual: bool, fraction: bool):
        if isinstance(value, dt.datetime):
            return self.date_actual if actual else self.date
        if isinstance(value, str):
            return self.text_actual if actual else self.center
        if fraction:
            return self.pct_actual if actual else self.pct_input
        if float(value).is_integer():
            return self.int_actual if actual else self.int
        return self.dec_actual if actual else self.dec


def _status_formats(ws, fmt: _Formats, rng: str, pct_cell: str) -> None:
    """Green/yellow/red by the thresholds on Configurazione (boundary in the higher status)."""
    rules = [
        (Status.RAGGIUNTO, f"AND(ISNUMBER({pct_cell}),{pct_cell}>=XP_SogliaRaggiunto)"),
        (Status.PARZIALE, f"AND(ISNUMBER({pct_cell}),{pct_cell}>=XP_SogliaParziale,{pct_cell}<XP_SogliaRaggiunto)"),
        (Status.NON_RAGGIUNTO, f"AND(ISNUMBER({pct_cell}),{pct_cell}<XP_SogliaParziale)"),
    ]
    for st, formula in rules:
        ws.conditional_format(rng, {"type": "formula", "criteria": "=" + formula, "format": fmt.fills[st]})


def _finish_table_sheet(
    ws, fmt: _Formats, first: int, last_row: int, pct_col: str, status_col: str, freeze_cols: int
) -> None:
    """What Albero and the entry sheets share: colours, header height, panes, print, protection."""
    _status_formats(ws, fmt, f"{pct_col}{first + 1}:{status_col}{last_row}", f"${pct_col}{first + 1}")
    ws.set_row(first - 1, L.HEADER_ROW_HEIGHT)
    ws.freeze_panes(first, freeze_cols)
    _setup_print(ws, first - 1)
    ws.protect("", {"format_columns": True, "format_rows": True, "autofilter": True, "sort": True, "insert_rows": True})


def _write_text(ws, row: int, col: int, text: str, cell_format=None) -> None:
    """Text, or a blank (formatted) cell for "": an empty string is not an empty cell."""
    if text:
        ws.write_string(row, col, text, cell_format)
    else:
        ws.write_blank(row, col, None, cell_format)


def _setup_print(ws, header_row: int) -> None:
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(header_row)
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.set_footer("&L&F - &A&RPagina &P di &N")


class TemplateBuilder:
    def __init__(self, plan: Plan, results: Results | None, area_copy: bool = False):
        """``area_copy``: a workbook for one area (`xlperf distribuisci`): plan fields locked, no
        spare rows, Albero and Configurazione read-only; only consuntivi and notes editable."""
        self.plan = plan
        self.res = results
        self.frozen = area_copy
        self.entry_spare = 0 if area_copy else L.ENTRY_SPARE_ROWS
        self.albero_spare = 0 if area_copy else ALBERO_SPARE_ROWS
        self.areas = plan.areas or list(L.DEFAULT_AREAS)
        self.sheet_of_area = {a: L.area_sheet_name(a) for a in self.areas}

    # -- sheets ------------------------------------------------------------------------------
    def _istruzioni(self, ws, fmt: _Formats) -> None:
        ws.set_column("A:A", 3)
        ws.set_column("B:B", 100)
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.write("B1", "Istruzioni", fmt.title)
        lines = [
            ("Come compilare", True),
            (
                "1. Configurazione: ente, anno, soglie di valutazione (80% e 60%), aree organizzative e dirigenti.",
                False,
            ),
            (
                "2. Albero: una riga per obiettivo operativo, con ambito, obiettivo strategico, tipo (UIC = obiettivo "
                "comune di sistema, OS = strategico/progetto, OP = operativo), area e dirigenti.",
                False,
            ),
            (
                "3. Un foglio per area: una riga per indicatore. Codice obiettivo, operatore e unità si scelgono "
                "dagli elenchi; il target si scrive senza operatore (es. 350, 80%, 31-03-2025)."
                if not self.frozen
                else "3. Un foglio per area: una riga per indicatore. Obiettivi, indicatori, pesi, operatori e target "
                "sono quelli del piano approvato e sono bloccati: per una modifica rivolgersi al controllo di "
                "gestione.",
                False,
            ),
            (
                "4. Si compilano le celle gialle: a metà anno la colonna Monitoraggio 30/06, a fine anno la colonna "
                "Consuntivo (e, se serve, le Note). Se il dato non è disponibile scrivere N/D: l'indicatore non viene "
                "valutato e il suo peso è ridistribuito sugli altri.",
                False,
            ),
            (
                "5. Le colonne % raggiungimento e Stato si calcolano da sole (funzioni PERF_INDICATOR e PERF_STATUS); "
                "non vanno scritte a mano.",
                False,
            ),
            ("", False),
            ("Come aggiornare il riepilogo", True),
            (
                "Premere il pulsante «Aggiorna riepilogo» sul foglio Riepilogo o Cruscotto: vengono ricostruiti "
                "Riepilogo, Cruscotto, Dirigenti e Controlli. I fogli di inserimento non vengono mai modificati.",
                False,
            ),
            (
                "In alternativa, da riga di comando: xlperf refresh NOMEFILE.xlsm (viene conservata una copia .bak).",
                False,
            ),
            ("Il foglio Controlli elenca ogni dato da correggere con il riferimento alla cella.", False),
            ("", False),
            ("Regole di calcolo (metodo della Relazione sulla performance)", True),
            ("Operatore >= o >: 100% se il consuntivo raggiunge il target, altrimenti consuntivo/target.", False),
            (
                "Operatore <= o <: 100% se il consuntivo non supera il target, altrimenti si perde lo scostamento in "
                "proporzione al target.",
                False,
            ),
            (
                "Operatore = (o nessun operatore): si perde lo scostamento, in più o in meno, in proporzione al "
                "target.",
                False,
            ),
            ("Entro: 100% se completato entro la data, altrimenti 0%. SI/NO: 100% se realizzato.", False),
            (
                "Obiettivo operativo: media ponderata degli indicatori. Obiettivo strategico: media dei suoi "
                "obiettivi operativi. Ente: media degli obiettivi strategici.",
                False,
            ),
            ("", False),
            ("Legenda colori", True),
        ]
        row = 2
        for text, bold in lines:
            ws.write(row, 1, text, fmt.label if bold else fmt.text_locked)
            ws.set_row(row, L.row_height([(text, 100)], line=14))
            row += 1
        for st, text in [
            (Status.RAGGIUNTO, "Raggiungimento dell'obiettivo (≥ soglia di raggiungimento, predefinita 80%)"),
            (Status.PARZIALE, "Parziale raggiungimento (≥ soglia parziale, predefinita 60%, e sotto l'80%)"),
            (Status.NON_RAGGIUNTO, "Mancato raggiungimento (sotto il 60%)"),
            (Status.ND, "N/D: dato non disponibile, non valutato"),
        ]:
            ws.write(row, 1, text, fmt.legend[st])
            row += 1
        ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True})

    def _configurazione(self, ws, fmt: _Formats) -> None:
        plan = self.plan
        ws.set_column("A:A", 40)
        ws.set_column("B:B", 50)
        ws.set_column("C:C", 40)
        ws.write("A1", "Configurazione", fmt.title)
        _setup_print(ws, 0)
        ws.write("A2", "Le celle gialle si possono modificare.", fmt.subtitle)
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
        ]
        for (label, name, cell), value in zip(L.CONFIG_CELLS, values, strict=False):
            row = int(cell[1:]) - 1
            ws.write(row, 0, label, fmt.label)
            cell_fmt = fmt.pct_config if isinstance(value, float) else fmt.input
            if value == "":
                ws.write_blank(row, 1, None, cell_fmt)
            else:
                ws.write(row, 1, value, cell_fmt)
            self.wb.define_name(name, f"={L.CONFIG}!${cell[0]}${cell[1:]}")
        ws.data_validation(
            "B9",
            {
                "validate": "list",
                "source": list(L.PERIODS.values()),
                "error_title": "Periodo",
                "error_message": "Scegliere il periodo da valutare dall'elenco.",
            },
        )
        ws.data_validation(
            "B6:B7",
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
        rows = [[a, self.sheet_of_area[a], plan.area_heads.get(a, "")] for a in self.areas]
        ws.add_table(
            hr,
            0,
            hr + max(len(rows), 1),
            2,
            {
                "name": "Aree",
                "style": "Table Style Light 9",
                "columns": [{"header": h, "header_format": fmt.header} for h in L.CONFIG_AREAS_HEADERS],
                "data": rows or [["", "", ""]],
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
        if self.frozen:  # an area copy: the plan's settings are the master's
            ws.protect("", {"format_columns": True})

    def _albero(self, ws, fmt: _Formats, entry_ranges: dict[str, tuple[str, int]]) -> int:
        plan = self.plan
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
        n = len(rows) + self.albero_spare
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
                _write_text(ws, r, i, v, fmt.text if i in (1, 3, 5, 7, 8) else fmt.code)
            excel_row = r + 1
            sheet, last = entry_ranges.get(o.area, (None, 0))
            pct = self.res.objectives.get(o.code) if self.res else None
            if sheet:
                q = f"'{sheet}'!"
                f0, ecol = L.ENTRY_FIRST_ROW, L.entry_col
                formula = (
                    f"=PERF_OBJECTIVE({q}${ecol('pct')}${f0}:${ecol('pct')}${last},"
                    f"{q}${ecol('weight_pct')}${f0}:${ecol('weight_pct')}${last},"
                    f"{q}${ecol('objective_code')}${f0}:${ecol('objective_code')}${last},"
                    f"{L.albero_col('objective_code')}{excel_row})"
                )
                ws.write_formula(r, c["pct"], formula, fmt.pct, "N/D" if pct is None else pct)
            pct_ref = f"{L.albero_col('pct')}{excel_row}"
            st = self.res.status(pct).value if self.res else ""
            ws.write_formula(r, c["status"], L.status_formula(pct_ref), fmt.status, st)
            ws.set_row(r, L.row_height([(values[i], L.ALBERO_COLUMNS[i].width) for i in (1, 3, 5, 7, 8)]))
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
        area_ref = (
            f"=Configurazione!$A${L.CONFIG_AREAS_HEADER_ROW + 1}:$A${L.CONFIG_AREAS_HEADER_ROW + len(self.areas)}"
        )
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
        _finish_table_sheet(ws, fmt, first, last_row, L.albero_col("pct"), L.albero_col("status"), freeze_cols=0)
        return last_row

    def _entry(self, ws, fmt: _Formats, area: str, inds: list[tuple[int, Indicator]], albero_last: int) -> int:
        ws.write(0, 0, area, fmt.title)
        ws.set_row(0, 24)
        ws.write(1, 0, L.ENTRY_HINT_AREA_COPY if self.frozen else L.ENTRY_HINT_MASTER, fmt.subtitle)
        for i, column in enumerate(L.ENTRY_COLUMNS):
            ws.set_column(i, i, column.width)
        first = L.ENTRY_FIRST_ROW - 1
        n = len(inds) + self.entry_spare
        last = first + n - 1
        table_name = "Ind_" + "".join(ch for ch in self.sheet_of_area[area] if ch.isalnum())
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
                _write_text(ws, r, c["objective_code"], ind.objective, fmt.code)
                _write_text(ws, r, c["indicator_code"], ind.code, fmt.code)
                _write_text(ws, r, c["indicator_name"], ind.name, fmt.text)
                _write_text(ws, r, c["description"], ind.description, fmt.text)
                ws.write_number(r, c["weight_pct"], ind.weight, fmt.weight)
                _write_text(ws, r, c["operator"], ind.operator.value, fmt.center)
                if ind.target is not None:
                    tv = _excel_value(ind.target)
                    ws.write(r, c["target"], tv, fmt.number(tv, False, frac))
                else:
                    ws.write_blank(r, c["target"], None, fmt.center)
                _write_text(ws, r, c["unit"], ind.unit, fmt.center)
                if ind.actual is None and not ind.declared_na:  # not filled in yet
                    ws.write_blank(r, c["actual"], None, fmt.number(0.5 if frac else 1.5, True, frac))
                else:
                    av = _excel_value(ind.actual)
                    ws.write(r, c["actual"], av, fmt.number(av, True, frac))
                for field, is_input in (("actual_mid", True), ("baseline", False)):
                    value = getattr(ind, field)
                    if field == "actual_mid" and ind.declared_na_mid:
                        ws.write_string(r, c[field], "N/D", fmt.text_actual)
                    elif value is None:  # not yet monitored / no previous year: an empty cell, not N/D
                        ws.write_blank(r, c[field], None, fmt.number(0.5 if frac else 1.5, is_input, frac))
                    else:
                        cell_value = _excel_value(value)
                        ws.write(r, c[field], cell_value, fmt.number(cell_value, is_input, frac))
                _write_text(ws, r, c["note"], ind.note, fmt.note)
                pct = self.res.indicators[idx] if self.res else None
                cached_pct = "N/D" if pct is None else pct
                cached_status = self.res.status(pct).value if self.res else ""
            else:
                for f in ("objective_code", "indicator_code", "operator", "unit"):
                    ws.write_blank(r, c[f], None, fmt.code)
                for f in ("indicator_name", "description"):
                    ws.write_blank(r, c[f], None, fmt.text)
                ws.write_blank(r, c["note"], None, fmt.note)
                ws.write_blank(r, c["weight_pct"], None, fmt.weight)
                ws.write_blank(r, c["target"], None, fmt.dec)
                ws.write_blank(r, c["actual"], None, fmt.dec_actual)
                ws.write_blank(r, c["actual_mid"], None, fmt.dec_actual)
                ws.write_blank(r, c["baseline"], None, fmt.dec)
                cached_pct = cached_status = ""
            ws.write_formula(r, c["pct"], L.indicator_formula(excel_row), fmt.pct, cached_pct)
            ws.write_formula(r, c["status"], L.status_formula(col("pct") + str(excel_row)), fmt.status, cached_status)
            if k < len(inds):
                ws.set_row(
                    r,
                    L.row_height(
                        [
                            (ind.name, L.ENTRY_COLUMNS[c["indicator_name"]].width),
                            (ind.description, L.ENTRY_COLUMNS[c["description"]].width),
                            (ind.note, L.ENTRY_COLUMNS[c["note"]].width),
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
        _finish_table_sheet(ws, fmt, first, last + 1, col("pct"), col("status"), freeze_cols=3)
        return last + 1

    def _andamento(self, ws, fmt: _Formats) -> None:
        plan = self.plan
        ws.write("A1", "Andamento pluriennale", fmt.title)
        ws.write(
            "A2",
            "Macro-indicatori della gestione dell'ente. Il grado di conseguimento dell'anno in corso "
            "viene dal foglio Riepilogo (pulsante «Aggiorna riepilogo»).",
            fmt.subtitle,
        )
        anno = plan.anno or 0
        years = [anno - L.TREND_YEARS + 1 + i for i in range(L.TREND_YEARS)] if anno else []
        hr = L.TREND_HEADER_ROW - 1
        headers = L.TREND_HEADERS + [str(y) for y in years]
        for c, h in enumerate(headers):
            ws.write_string(hr, c, h, fmt.header)
        ws.set_column(0, 0, 36)
        ws.set_column(1, 1, 60)
        ws.set_column(2, 2, 14)
        ws.set_column(3, 3 + L.TREND_YEARS, 10)
        rows = plan.trend or [
            TrendRow(name=n, description=d, reference=r, computed=comp) for n, d, r, _, comp in L.TREND_DEFAULTS
        ]
        for i, row in enumerate(rows, start=hr + 1):
            _write_text(ws, i, 0, row.name, fmt.text)
            _write_text(ws, i, 1, row.description, fmt.text)
            _write_text(ws, i, 2, row.reference, fmt.code)
            num = self.wb.add_format(
                {
                    "num_format": L.trend_format(row.name, False, row.values.values()),
                    "locked": self.frozen,
                    "font_size": 10,
                    "font_name": "Calibri",
                    "valign": "top",
                }
            )
            for j, y in enumerate(years):
                if row.computed and y == anno:
                    grado = self.res.grado if self.res else None
                    ws.write_formula(i, 3 + j, L.riepilogo_grado_ref(), fmt.pct, "" if grado is None else grado)
                elif row.values.get(y) is not None:
                    ws.write_number(i, 3 + j, row.values[y], fmt.pct_input if row.computed else num)
                else:
                    ws.write_blank(i, 3 + j, None, fmt.pct_input if row.computed else num)
            ws.set_row(i, L.row_height([(row.description, 60)]))
        ws.set_row(hr, L.HEADER_ROW_HEIGHT)
        _setup_print(ws, hr)
        ws.protect("", {"format_columns": True, "format_rows": True})

    def _owned(self, ws, fmt: _Formats, title: str, hint: str, button: bool, collect: bool = False) -> None:
        ws.set_column("A:A", 14)
        ws.set_column("B:B", 60)
        ws.write("A1", title, fmt.title)
        ws.write("A3", hint, fmt.subtitle)
        # until the first refresh: one printed page (no print area: the refresh's content must print)
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 1)
        if button:
            ws.insert_button("E1", {"macro": L.REFRESH_MACRO, "caption": L.REFRESH_CAPTION, "width": 150, "height": 30})
        if collect and not self.frozen:  # only the master collects
            ws.insert_button("G1", {"macro": L.COLLECT_MACRO, "caption": L.COLLECT_CAPTION, "width": 150, "height": 30})

    # -- the workbook ------------------------------------------------------------------------
    def build(self, path: Path) -> Path:
        path = Path(path)
        with tempfile.TemporaryDirectory(prefix="xlperf-tpl-") as tmp:
            wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False})
            self.wb = wb
            wb.set_properties(
                {
                    "title": f"PIAO {self.plan.anno or ''} - obiettivi e indicatori",
                    "author": "xlperf",
                    "company": self.plan.ente,
                    "created": _FIXED_DATE,
                    "comments": "Creato con xlperf",
                }
            )
            wb.set_calc_mode("auto")
            fmt = _Formats(wb, frozen=self.frozen)
            names = (
                [L.ISTRUZIONI, L.CONFIG, L.ALBERO]
                + [self.sheet_of_area[a] for a in self.areas]
                + [L.ANDAMENTO, L.RIEPILOGO, L.CRUSCOTTO, L.DIRIGENTI, L.CONTROLLI, L.XLWINGS_CONF]
            )
            sheets = {n: wb.add_worksheet(n) for n in names}
            wb.set_vba_name("ThisWorkbook")
            codenames = []
            for i, n in enumerate(names, start=1):
                sheets[n].set_vba_name(f"Sheet{i}")
                codenames.append(f"Sheet{i}")
            vba_bin = build_vba_project(codenames, Path(tmp) / "vbaProject.bin")
            wb.add_vba_project(str(vba_bin))

            self._istruzioni(sheets[L.ISTRUZIONI], fmt)
            self._configurazione(sheets[L.CONFIG], fmt)
            # entry sheets first (Albero's formulas need their ranges)
            by_area: dict[str, list[tuple[int, Indicator]]] = {a: [] for a in self.areas}
            area_of = {o.code: o.area for o in self.plan.objectives}
            for idx, ind in enumerate(self.plan.indicators):
                area = area_of.get(ind.objective) or self.areas[0]
                by_area.setdefault(area, []).append((idx, ind))
            albero_last = L.ALBERO_FIRST_ROW + len(self.plan.objectives) + self.albero_spare - 1
            entry_ranges = {}
            for area in self.areas:
                last = self._entry(sheets[self.sheet_of_area[area]], fmt, area, by_area[area], albero_last)
                entry_ranges[area] = (self.sheet_of_area[area], last)
            self._albero(sheets[L.ALBERO], fmt, entry_ranges)
            self._andamento(sheets[L.ANDAMENTO], fmt)
            hint = "Premere «Aggiorna riepilogo» per ricostruire questo foglio dai fogli di area."
            self._owned(sheets[L.RIEPILOGO], fmt, "Riepilogo", hint, True, collect=True)
            self._owned(sheets[L.CRUSCOTTO], fmt, "Cruscotto", hint, True)
            self._owned(sheets[L.DIRIGENTI], fmt, "Dirigenti", hint, False)
            self._owned(sheets[L.CONTROLLI], fmt, "Controlli", hint, False)
            conf = sheets[L.XLWINGS_CONF]
            for r, (k, v) in enumerate(L.XLWINGS_SETTINGS):
                _write_text(conf, r, 0, k)
                _write_text(conf, r, 1, v)
            conf.hide()
            sheets[L.ISTRUZIONI].activate()
            wb.close()
        return path


def build_workbook(path: str | Path, plan: Plan | None = None, score: bool = True, area_copy: bool = False) -> Path:
    """Write an .xlsm for ``plan`` (an empty template when None)."""
    plan = plan or Plan(anno=0, areas=list(L.DEFAULT_AREAS))  # a template has no year until `xlperf new`
    results = score_plan(plan) if score and plan.indicators else None
    try:
        return TemplateBuilder(plan, results, area_copy).build(Path(path))
    except xlsxwriter.exceptions.FileCreateError as exc:  # XlsxWriter wraps the OSError (full disk…)
        cause = exc.args[0] if exc.args else None
        raise cause if isinstance(cause, OSError) else OSError(str(exc)) from None


__all__ = ["build_workbook", "Operator"]


def write_workbook_atomic(out: Path, plan: Plan | None, overwrite: bool = False, area_copy: bool = False) -> Path:
    """Build into a temporary file next to ``out``, then move it in place (never half a file);
    an existing file is replaced only with ``overwrite``, and kept as ``.bak``."""
    out = Path(out)
    if out.suffix.lower() != ".xlsm":
        raise WorkbookError(f"«{out.name}»: il file di destinazione deve avere estensione .xlsm (contiene le macro)")
    try:
        with atomic_output(out, overwrite=overwrite) as tmp:
            build_workbook(tmp, plan, area_copy=area_copy)
    except OSError as exc:
        raise environment_error(exc, out) from None
    return out
