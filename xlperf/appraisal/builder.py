"""Write the evaluation workbook (XlsxWriter, native formulas only, protected where it must be).

Every computed cell carries the value xlperf computes (compute.py) as its cached result, so a
viewer that does not recalculate shows the right figure; Excel and LibreOffice recompute the same.
The individual objectives use the area sheets' own columns and the plan's native formula builders
(sheet_formulas.native_*): the rules live once, in xlperf.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import xlsxwriter

from .. import layout as L
from ..aggregate import status_of
from ..literals import Operator, to_excel_serial
from ..model import Level
from ..monitoring import period_inputs
from ..sheet_formulas import native_helper_formulas, native_indicator_formula, native_status_formula
from ..template.entry import cached_target
from . import spec as S
from .compute import Scheda, compute
from .formats import Formats
from .inputs import OBJECTIVE_INPUTS, Inputs
from .reader import parse


def _abs(col: int, first: int, last: int, sheet: str | None = None) -> str:
    q = f"'{sheet}'!" if sheet else ""
    c = L.col_letter(col)
    return f"{q}${c}${first}:${c}${last}"


def _v(x):
    """A cached value: None -> "N/D" where a formula shows N/D."""
    return "N/D" if x is None else x


def build(out: Path, inp: Inputs, cached: bool = True) -> list[Scheda]:
    """Write ``inp`` into a new workbook at ``out`` (the caller makes it atomic). ``cached=False``
    leaves every formula without its result (for tests: whatever opens it must compute them)."""
    appraisal, problems = parse(inp)
    problems = [p for p in problems if p.level is Level.ERROR]
    if problems:  # the callers check first; a bug of ours if it happens
        raise RuntimeError(f"dati non validi: {problems[0]}")
    schede = compute(appraisal)
    n_people = max(len(inp.people), 0)
    cap = max(150, n_people + 60)
    last = S.FIRST_ROW + cap - 1
    obj_last = L.ENTRY_FIRST_ROW + max(400, len(inp.objectives) + 200) - 1
    wb = xlsxwriter.Workbook(str(out))
    wb.set_calc_mode("auto")
    f = Formats(wb)
    from .sheets import write_istruzioni, write_results, write_sistema

    write_istruzioni(wb, f)
    write_sistema(wb, f, inp)
    write_results(wb, f, inp)
    _personale(wb, f, inp, last)
    _objectives(wb, f, inp, appraisal, obj_last, cached)
    _behaviours(wb, f, inp, last, cached)
    _schede(wb, f, inp, schede, last, obj_last, cached)
    wb.get_worksheet_by_name(S.SCHEDE).activate()
    wb.close()
    return schede


def _head(ws, f, title: str, hint: str) -> None:
    ws.write(0, 0, title, f.title)
    ws.write(1, 0, hint, f.text)
    ws.set_row(1, 30)
    ws.freeze_panes(S.HEADER_ROW, 2)


def _personale(wb, f, inp: Inputs, last: int) -> None:
    ws = wb.add_worksheet(S.PERSONALE)
    _head(
        ws,
        f,
        "Personale valutato",
        "Una riga per persona. Dati personali: questo file non va unito al file principale né pubblicato.",
    )
    for c, (_, header, width) in enumerate(S.PERSON_FIELDS):
        ws.write(S.HEADER_ROW - 1, c, header, f.header)
        ws.set_column(c, c, width)
    ws.set_row(S.HEADER_ROW - 1, L.HEADER_ROW_HEIGHT)
    for r in range(S.FIRST_ROW, last + 1):
        row = inp.people[r - S.FIRST_ROW] if r - S.FIRST_ROW < len(inp.people) else [None] * len(S.PERSON_FIELDS)
        for c, v in enumerate(row):
            fmt = f.input_num if S.PERSON_FIELDS[c][0] in ("part_time", "mesi") else f.input
            ws.write(r - 1, c, v, fmt) if v is not None else ws.write_blank(r - 1, c, None, fmt)
    g1, g2 = S.GROUPS_HEADER_ROW + 1, S.GROUPS_HEADER_ROW + S.GROUPS_SLOTS
    rng = (S.FIRST_ROW - 1, 0, last - 1, 0)
    ws.data_validation(rng[0], 2, rng[2], 2, {"validate": "list", "source": f"=Sistema!$A${g1}:$A${g2}"})
    a1 = S.RESULTS_HEADER_ROW + 1
    ws.data_validation(
        rng[0],
        3,
        rng[2],
        3,
        {"validate": "list", "source": f"='{S.RISULTATI}'!$A${a1}:$A${a1 + 40}", "ignore_blank": True},
    )
    ws.data_validation(
        rng[0],
        5,
        rng[2],
        5,
        {
            "validate": "decimal",
            "criteria": "between",
            "minimum": 0,
            "maximum": 100,
            "error_message": "Scrivere un numero tra 0 e 100.",
        },
    )
    ws.data_validation(
        rng[0],
        6,
        rng[2],
        6,
        {
            "validate": "decimal",
            "criteria": "between",
            "minimum": 0,
            "maximum": 12,
            "error_message": "Scrivere un numero di mesi tra 0 e 12.",
        },
    )
    ws.data_validation(rng[0], 7, rng[2], 7, {"validate": "list", "source": list(S.GENDERS)})
    ws.protect("", {"format_columns": True, "autofilter": True})


def _serial(v: object) -> object:
    """Dates as Excel serial numbers (what a formula's cached result holds)."""
    if isinstance(v, dt.datetime):
        v = v.date()
    return to_excel_serial(v) if isinstance(v, dt.date) else v


def _objective_cache(raw: dict, ind, score, period: str) -> dict[str, object]:
    """The cached results of one objective row's formulas (pct, status, helpers)."""
    value = ind.at(period)[0] if ind is not None else None
    typed = raw.get("actual_mid" if period == L.MID_YEAR else "actual")
    pv = "" if typed is None else _serial(typed)
    pct = "N/D" if score is None else score
    w = ind.weight if ind is not None else 0
    scored = isinstance(pct, float) and w > 0
    evaluated = _serial(value) if isinstance(value, (int, float, dt.date)) and not isinstance(value, bool) else pv
    target, estimate = period_inputs(ind, period, 0) if ind is not None else ("", None)
    return {
        "pct": pct,
        "status": status_of(score).value if score is not None else "N/D",
        "period_value": pv,
        "evaluated": evaluated,
        "points": w * score if scored else 0,
        "scored_weight": w if scored else 0,
        "period_target": cached_target(target),
        "estimate": _serial(estimate) if isinstance(estimate, (float, dt.date)) else evaluated,
    }


def _objectives(wb, f, inp: Inputs, appraisal, obj_last: int, cached: bool) -> None:
    from ..scoring import score_indicator

    ws = wb.add_worksheet(S.OBIETTIVI)
    _head(
        ws,
        f,
        "Obiettivi individuali",
        "Una riga per obiettivo: matricola, peso, operatore, target, consuntivo. "
        "La % è calcolata con le regole del piano.",
    )
    rename = {
        "objective_code": "Matricola",
        "indicator_code": "Codice obiettivo",
        "indicator_name": "Obiettivo individuale",
    }
    cols = L.ENTRY_COLUMNS + L.AREA_HELPER_COLUMNS
    for c, col in enumerate(cols):
        ws.write(S.HEADER_ROW - 1, c, rename.get(col.field, col.header), f.header)
        hidden = (
            col.field in ("cause", "action", "evidence")
            or col.field.startswith("approved_")
            or col in L.AREA_HELPER_COLUMNS
        )
        ws.set_column(c, c, col.width, None, {"hidden": hidden})
    ws.set_row(S.HEADER_ROW - 1, L.HEADER_ROW_HEIGHT)
    by_row = {int(i.source.rsplit("A", 1)[1]): i for i in appraisal.objectives}
    period = appraisal.sistema.period
    pct_c, status_c = L.entry_col("pct"), L.entry_col("status")
    for r in range(L.ENTRY_FIRST_ROW, obj_last + 1):
        i = r - L.ENTRY_FIRST_ROW
        raw = inp.objectives[i] if i < len(inp.objectives) else {}
        for fld in OBJECTIVE_INPUTS:
            c = L.ENTRY_FIELDS.index(fld)
            v = raw.get(fld)
            fmt = f.input_num if fld in ("weight_pct", "target", "actual", "actual_mid", "baseline") else f.input
            if isinstance(v, dt.date):
                fmt = f.input_date
            ws.write(r - 1, c, v, fmt) if v is not None else ws.write_blank(r - 1, c, None, fmt)
        ind = by_row.get(r)
        score = score_indicator(ind.operator, ind.target, ind.at(period)[0]) if ind else None
        blank: dict[str, object] = {"pct": "", "status": "", "period_value": "", "evaluated": ""}
        blank |= {"period_target": "", "estimate": ""}
        cache = _objective_cache(raw, ind, score, period) if raw else {**blank, "points": 0, "scored_weight": 0}
        ws.write_formula(f"{pct_c}{r}", native_indicator_formula(r), f.calc_pct, cache["pct"] if cached else 0)
        ws.write_formula(
            f"{status_c}{r}", native_status_formula(f"{pct_c}{r}"), f.calc, cache["status"] if cached else 0
        )
        for fld, formula in native_helper_formulas(r).items():
            ws.write_formula(f"{L.helper_col(fld)}{r}", formula, f.calc, cache[fld] if cached else 0)
    operators = [op.value for op in Operator]
    oc = L.ENTRY_FIELDS.index("operator")
    ws.data_validation(L.ENTRY_FIRST_ROW - 1, oc, obj_last - 1, oc, {"validate": "list", "source": operators})
    ws.protect("", {"format_columns": True, "autofilter": True})


def _behaviours(wb, f, inp: Inputs, last: int, cached: bool) -> None:
    ws = wb.add_worksheet(S.COMPORTAMENTI)
    _head(
        ws,
        f,
        "Comportamenti organizzativi",
        "Un punteggio per comportamento, sulla scala del foglio Sistema (vuoto = non valutato).",
    )
    ws.write(S.HEADER_ROW - 1, 0, "Matricola", f.header)
    ws.write(S.HEADER_ROW - 1, 1, "Cognome e nome", f.header)
    ws.set_column(0, 0, 11)
    ws.set_column(1, 1, 26)
    b1 = S.BEHAVIOURS_HEADER_ROW + 1
    code, name = (L.col_letter(c) for c in S.BEHAVIOUR_COLUMNS[:2])
    for j in range(S.BEHAVIOURS_SLOTS):
        c = S.BEHAVIOUR_FIRST_COL + j
        beh = inp.behaviours[j] if j < len(inp.behaviours) else [None, None, None]
        title = f"{beh[0]} {beh[1]}" if beh[1] else ""
        ws.write_formula(
            S.HEADER_ROW - 1,
            c,
            f'=IF(Sistema!${name}${b1 + j}="","",Sistema!${code}${b1 + j}&" "&Sistema!${name}${b1 + j})',
            f.header,
            title if cached else 0,
        )
        ws.set_column(c, c, 14)
    ws.set_row(S.HEADER_ROW - 1, 54)
    for r in range(S.FIRST_ROW, last + 1):
        i = r - S.FIRST_ROW
        person = inp.people[i] if i < len(inp.people) else [None, None]
        ws.write_formula(
            r - 1, 0, f'=IF({S.PERSONALE}!$A{r}="","",{S.PERSONALE}!$A{r})', f.calc, (person[0] or "") if cached else 0
        )
        ws.write_formula(r - 1, 1, f'=IF($A{r}="","",{S.PERSONALE}!$B{r})', f.calc, (person[1] or "") if cached else 0)
        scores = inp.behaviour_scores[i] if i < len(inp.behaviour_scores) else []
        for j in range(S.BEHAVIOURS_SLOTS):
            v = scores[j] if j < len(scores) else None
            c = S.BEHAVIOUR_FIRST_COL + j
            ws.write(r - 1, c, v, f.input) if v is not None else ws.write_blank(r - 1, c, None, f.input)
    c1, c2 = S.BEHAVIOUR_FIRST_COL, S.BEHAVIOUR_FIRST_COL + S.BEHAVIOURS_SLOTS - 1
    ws.data_validation(S.FIRST_ROW - 1, c1, last - 1, c2, {
        "validate": "integer", "criteria": "between", "minimum": "=XV_ScalaMin", "maximum": "=XV_ScalaMax",
        "error_title": "Punteggio fuori scala",
        "error_message": "Scrivere un numero intero della scala del foglio Sistema.",
    })  # fmt: skip
    ws.protect("", {"format_columns": True})


def _schede(wb, f, inp: Inputs, schede: list[Scheda], last: int, obj_last: int, cached: bool) -> None:
    from .formulas import scheda_formulas

    ws = wb.add_worksheet(S.SCHEDE)
    _head(
        ws,
        f,
        "Schede di valutazione",
        "Componenti e punteggio calcolati. Gialle: forzature (solo con nota), stato, presa visione, commenti.",
    )
    hidden = {
        "riga_gruppo",
        "ammesso",
        "chiave_comportamenti",
        "punti",
        "c_ente",
        "c_organizzativa",
        "c_individuali",
        "c_comportamenti",
    }
    for c, (fld, header, _) in enumerate(S.SCHEDA_FIELDS):
        ws.write(S.HEADER_ROW - 1, c, header, f.header)
        ws.set_column(
            c, c, 26 if fld in ("nome", "nota", "commenti", "fascia") else 12, None, {"hidden": fld in hidden}
        )
    ws.set_row(S.HEADER_ROW - 1, 54)
    by_row = {s.person.row: s for s in schede}
    pct = {
        "c_ente",
        "c_organizzativa",
        "c_individuali",
        "c_comportamenti",
        "ente",
        "organizzativa",
        "individuali",
        "comportamenti",
        "totale_calcolato",
        "totale",
        "quota",
    }
    for r in range(S.FIRST_ROW, last + 1):
        i = r - S.FIRST_ROW
        formulas = scheda_formulas(r, S.FIRST_ROW, last)
        values = _scheda_values(by_row.get(r))
        typed = inp.scheda[i] if i < len(inp.scheda) else {}
        for c, (fld, _, is_input) in enumerate(S.SCHEDA_FIELDS):
            if is_input:
                v = typed.get(fld)
                fmt = f.input_pct if fld.startswith("f_") else f.input_date if fld == "presa_visione" else f.input
                ws.write(r - 1, c, v, fmt) if v is not None else ws.write_blank(r - 1, c, None, fmt)
            else:
                fmt = (
                    f.bold_pct
                    if fld == "totale"
                    else f.calc_pct
                    if fld in pct
                    else f.calc_money
                    if fld == "premio"
                    else f.calc
                )
                ws.write_formula(r - 1, c, formulas[fld], fmt, values.get(fld, "") if cached else 0)
    col = {fld: L.col_letter(i) for i, (fld, _, _) in enumerate(S.SCHEDA_FIELDS)}
    for fld in ("f_ente", "f_organizzativa", "f_individuali", "f_comportamenti", "f_totale"):
        ws.data_validation(
            f"{col[fld]}{S.FIRST_ROW}:{col[fld]}{last}",
            {
                "validate": "decimal",
                "criteria": "between",
                "minimum": 0,
                "maximum": 1,
                "error_message": "Scrivere una percentuale tra 0% e 100%.",
            },
        )
    forced = wb.add_format({"bg_color": "#FCE4D6", "font_color": "#833C0B", "italic": True})
    for key in (*S.COMPONENT_KEYS, "totale"):  # an override is shown as such where its value is used
        criteria = f"=ISNUMBER(${col['f_' + key]}{S.FIRST_ROW})"
        ws.conditional_format(
            f"{col[key]}{S.FIRST_ROW}:{col[key]}{last}", {"type": "formula", "criteria": criteria, "format": forced}
        )
    ws.data_validation(
        f"{col['stato']}{S.FIRST_ROW}:{col['stato']}{last}", {"validate": "list", "source": list(S.STATES)}
    )
    ws.data_validation(
        f"{col['presa_visione']}{S.FIRST_ROW}:{col['presa_visione']}{last}",
        {"validate": "date", "criteria": ">", "minimum": dt.date(2000, 1, 1)},
    )
    ws.protect("", {"format_columns": True, "autofilter": True})


def _scheda_values(s: Scheda | None) -> dict[str, object]:
    if s is None:
        return {"ammesso": 0, "chiave_comportamenti": -1, "punti": 0}
    p = s.person
    out: dict[str, object] = {"matricola": p.matricola, "nome": p.nome, "gruppo": p.gruppo}
    for k in S.COMPONENT_KEYS:
        out[f"c_{k}"] = _v(s.computed[k])
        out[k] = _v(s.components[k])
    comp = s.components["comportamenti"]
    out.update(
        totale_calcolato=_v(s.total_computed),
        totale=_v(s.total),
        fascia=s.band.name if s.band else "",
        quota=s.share,
        coefficiente=s.coefficient,
        ammesso=1 if s.rank is not None else 0,
        chiave_comportamenti=-1 if comp is None else comp,
        posizione=s.rank if s.rank is not None else "",
        art81="SI" if s.art81 else "NO",
        punti=s.points,
        premio=s.premio,
        pagabile="SI" if s.payable else "NO",
    )
    return out
