"""Riepilogo, Cruscotto, Dirigenti and Controlli as plain data: values, styles, widths, links, chart.

Computed once from (plan, results, problems); the writers (openpyxl for files, xlwings for live
Excel) only put it in place. Nothing here depends on time or on the previous content, so a second
refresh writes exactly the same thing.
"""

from __future__ import annotations

from . import layout as L
from .aggregate import Results, Status, score_plan
from .figures import dirigente_mean, dirigenti_objectives, role_without_name, trend_values, trend_years
from .grouping import group
from .literals import plural
from .model import Level, Plan, Problem, variation_values
from .monitoring import coverage_text
from .printing import PRINT_WIDTHS, PRINTS
from .sheet_content import Chart, SheetContent, Style

TITLE = Style(bold=True, size=16, fg=L.TITLE_COLOR)
SUBTITLE = Style(italic=True, fg="#595959")
HEADER = Style(bold=True, fg=L.HEADER_FILL.fg, bg=L.HEADER_FILL.bg, wrap=True)
BOLD = Style(bold=True)
WRAP = Style(wrap=True)


def _sheet(name: str, widths: dict[int, float]) -> SheetContent:
    """An owned sheet printed as the template declares it (layout.PRINTS)."""
    paper, title_rows = PRINTS[name]
    return SheetContent(name, widths=widths, paper=paper, title_rows=title_rows)


def _status_style(status: Status, *, pct: bool = False, bold: bool = False, size: float | None = None) -> Style:
    fill = L.STATUS_FILLS[status]
    return Style(
        bold=bold,
        size=size,
        fg=fill.fg,
        bg=fill.bg,
        number_format=L.PCT_FORMAT if pct else None,
        align="right" if pct else None,
    )


def _pct(value: float | None):
    return "N/D" if value is None else value


def _band(kind: str, *, pct: bool = False) -> Style:
    f = L.BAND_FILLS[kind]
    return Style(bold=True, fg=f.fg, bg=f.bg, number_format=L.PCT_FORMAT if pct else None, wrap=not pct)


def _head(sheet: SheetContent, plan: Plan, title: str, subtitle: str, period: str | None = None) -> None:
    sheet.put(0, 0, f"{title} {plan.anno}" if plan.anno else title, TITLE)
    parts = [p for p in (subtitle, L.PERIODS.get(period or "")) if p]
    sheet.put(1, 0, " — ".join(parts), SUBTITLE)


def riepilogo(plan: Plan, res: Results) -> SheetContent:
    s = _sheet(L.RIEPILOGO, PRINT_WIDTHS[L.RIEPILOGO])
    _head(s, plan, "Riepilogo della performance", plan.ente or "", res.period)
    st = res.shown("ente")
    ente_row, pct_col = L.RIEPILOGO_ENTE
    s.put(ente_row, 0, "PERFORMANCE DI ENTE", BOLD)
    s.put(ente_row, pct_col, _pct(res.ente), _status_style(st, pct=True, bold=True, size=14))
    s.put(ente_row, pct_col + 1, st.value, _status_style(st, bold=True))
    n_ok = res.counts.get(Status.RAGGIUNTO, 0)
    n_scored = sum(1 for v in res.objectives.values() if v is not None)
    grado_row, grado_col = L.RIEPILOGO_GRADO
    s.put(grado_row, 0, "Grado di conseguimento degli obiettivi", BOLD)
    s.put(grado_row, grado_col, _pct(res.grado), Style(bold=True, number_format=L.PCT_FORMAT, align="right"))
    s.put(grado_row, grado_col + 1, f"{n_ok} obiettivi raggiunti su {n_scored}")
    _coverage_line(s, res, grado_row + 1)
    headers = ["Livello", "Codice", "Descrizione", "% raggiungimento", "Stato", "Area organizzativa", "Dirigenti"]
    for c, h in enumerate(headers):
        s.put(6, c, h, HEADER)
    r = 7

    def band_row(kind: str, label: str, code: str, name: str, v: float | None, st: Status) -> None:
        for c, val in enumerate([label, code, name]):
            s.put(r, c, val, _band(kind))
        s.put(r, 3, _pct(v), _band(kind, pct=True))
        s.put(r, 4, st.value, _status_style(st, bold=True))

    for a in plan.ambiti:
        band_row("ambito", "Ambito strategico", a.code, a.name, res.ambiti.get(a.code), res.shown("ambiti", a.code))
        r += 1
        for so in plan.strategic_in(a.code):
            shown = res.shown("strategic", so.code)
            band_row("strategico", "  Obiettivo strategico", so.code, so.name, res.strategic.get(so.code), shown)
            r += 1
            for o in plan.objectives_in(so.code):
                v, ost = res.objectives.get(o.code), res.shown("objectives", o.code)
                s.put(r, 0, "    Obiettivo operativo")
                s.put(r, 1, o.code)
                s.put(r, 2, o.name, WRAP)
                s.put(r, 3, _pct(v), _status_style(ost, pct=True))
                s.put(r, 4, ost.value, _status_style(ost))
                s.put(r, 5, o.area, WRAP)
                s.put(r, 6, "; ".join(o.dirigenti), WRAP)
                r += 1
    if plan.variations:  # the changes to the approved plan, as the Relazione lists them
        r += 1
        s.put(r, 0, f"Variazioni del piano (approvato il {plan.approved or '—'})", BOLD)
        r += 1
        for c, h in enumerate(["Indicatore", "Campo", "Da → a", "Data", "Atto", "Motivazione"]):
            s.put(r, c, h, HEADER)
        for var in plan.variations:
            r += 1
            then, now = variation_values(plan, var)
            change = f"{then} → {now}" if then or now else ""
            for c, value in enumerate([var.indicator, var.field, change, var.date, var.act, var.reason]):
                s.put(r, c, value, WRAP)
        r += 1
    return s


#: Cruscotto: the side table (strategic objectives, the bar chart's data) and the trend start at
#: column I (0-based 8), from row 4; the bar chart sits two rows under the table and takes ~24 rows
SIDE_COL, SIDE_TOP, CHART_GAP_ROWS, CHART_ROWS = 8, 3, 2, 24


def cruscotto(plan: Plan, res: Results, mid: Results | None = None) -> SheetContent:
    """The Relazione's page 1: Ente in large type, every objective coloured, counts, a chart; with
    ``mid`` (the 30/06 monitoring, when the sheet shows 31/12) a column of mid-year %."""
    s = _sheet(L.CRUSCOTTO, {**PRINT_WIDTHS[L.CRUSCOTTO], 6: 12 if mid else 2})
    _head(s, plan, "Cruscotto della performance", plan.ente or "", res.period)
    st = res.shown("ente")
    s.put(3, 0, "PERFORMANCE DI ENTE", Style(bold=True, size=14))
    s.put(3, 1, _pct(res.ente), _status_style(st, pct=True, bold=True, size=22))
    if st is Status.DATI_PARZIALI:
        s.put(3, 3, st.value, _status_style(st, bold=True))
    _coverage_line(s, res, 4)
    s.put(5, 0, "Obiettivi operativi per stato", BOLD)
    counts = [
        (Status.RAGGIUNTO, f"Raggiunti (≥ {plan.thresholds.raggiunto:.0%})"),
        (Status.PARZIALE, f"Parzialmente raggiunti (≥ {plan.thresholds.parziale:.0%})"),
        (Status.NON_RAGGIUNTO, "Non raggiunti"),
        (Status.ND, "Non valutabili (N/D)"),
    ]
    partial = sum(1 for o in plan.objectives if res.shown("objectives", o.code) is Status.DATI_PARZIALI)
    if partial:  # the counts above include them: said, so none reads as final
        counts.append((Status.DATI_PARZIALI, "di cui con dati parziali (non definitivi)"))
    r = 6
    for status, label in counts:
        s.put(r, 0, label, _status_style(status))
        n = partial if status is Status.DATI_PARZIALI else res.counts.get(status, 0)
        s.put(r, 1, n, _status_style(status, bold=True))
        r += 1
    r += 1
    s.put(r, 0, "Performance delle aree strategiche", BOLD)
    r += 1
    for a in plan.ambiti:
        v = res.ambiti.get(a.code)
        s.put(r, 0, f"{a.code} {a.name}", WRAP)
        s.put(r, 1, _pct(v), _status_style(res.shown("ambiti", a.code), pct=True, bold=True))
        r += 1
    r += 1
    heads = ["Obiettivo strategico", "%", None, "Codice", "Obiettivo operativo", res.period] + (
        [mid.period] if mid else []
    )
    for c, h in enumerate(heads):
        if h:
            s.put(r, c, h, HEADER)
    r += 1
    for so in plan.strategic:
        v = res.strategic.get(so.code)
        s.put(r, 0, f"{so.code} {so.name}", Style(bold=True, wrap=True))
        s.put(r, 1, _pct(v), _status_style(res.shown("strategic", so.code), pct=True, bold=True))
        for o in plan.objectives_in(so.code):
            ov = res.objectives.get(o.code)
            ost = res.shown("objectives", o.code)
            s.put(r, 3, o.code, _status_style(ost))
            s.put(r, 4, o.name, Style(fg=L.STATUS_FILLS[ost].fg, bg=L.STATUS_FILLS[ost].bg, wrap=True))
            s.put(r, 5, _pct(ov), _status_style(ost, pct=True, bold=True))
            if mid:
                mv = mid.objectives.get(o.code)
                s.put(r, 6, _pct(mv), _status_style(mid.shown("objectives", o.code), pct=True))
            r += 1
        r += 1
    # the chart's data: one row per strategic objective, next to the scoreboard
    top, name_col, pct_col = SIDE_TOP, SIDE_COL, SIDE_COL + 1
    s.put(top, name_col, "Obiettivo strategico", HEADER)
    s.put(top, pct_col, "%", HEADER)
    for i, so in enumerate(plan.strategic, start=top + 1):
        s.put(i, name_col, f"{so.code} {so.name}", WRAP)
        s.put(i, pct_col, _pct(res.strategic.get(so.code)), Style(number_format=L.PCT_FORMAT))
    last = top + len(plan.strategic)  # 0-based row of the last strategic objective
    names, pcts = L.col_letter(name_col), L.col_letter(pct_col)
    if plan.strategic:
        title = "Obiettivi strategici: % di raggiungimento"
        rows = f"{top + 2}:{{}}{last + 1}"
        s.charts.append(
            Chart(
                title,
                "bar",
                f"{names}{rows.format(names)}",
                f"{pcts}{rows.format(pcts)}",
                f"{names}{last + 1 + CHART_GAP_ROWS}",
            )
        )
    _trend(s, plan, res, top=last + 1 + CHART_GAP_ROWS + CHART_ROWS)
    return s


def _coverage_line(s: SheetContent, res: Results, row: int) -> None:
    """«Copertura al 30/06: N di M indicatori; N di M obiettivi valutati», when data is partial."""
    if res.coverage is not None and (res.period == L.MID_YEAR or not res.coverage.ente.complete):
        s.put(row, 0, coverage_text(res.coverage), Style(italic=True, fg=L.STATUS_FILLS[Status.DATI_PARZIALI].fg))


def _trend(s: SheetContent, plan: Plan, res: Results, top: int) -> None:
    """The Relazione's multi-year table (section 2.3) under the chart, with a line chart of the grado."""
    if not plan.trend:
        return
    years = trend_years(plan)
    name_col, ref_col, first_year = SIDE_COL, SIDE_COL + 1, SIDE_COL + 2
    s.put(top, name_col, "Andamento pluriennale (gestione dell'ente)", BOLD)
    s.put(top + 1, name_col, "Indicatore", HEADER)
    s.put(top + 1, ref_col, "Riferimento", HEADER)
    for j, y in enumerate(years):
        s.put(top + 1, first_year + j, y, HEADER)
        s.widths.setdefault(first_year + j, 9)
    grado_row = None
    rows = sorted(trend_values(plan, res), key=lambda rv: not rv[0].computed)  # charted row next to the years
    for i, (row, values) in enumerate(rows, start=top + 2):
        s.put(i, name_col, row.name, WRAP)
        s.put(i, ref_col, row.reference)
        fmt = L.trend_format(row.name, row.computed, values.values())
        for j, y in enumerate(years):
            s.put(i, first_year + j, values.get(y), Style(number_format=fmt, align="right"))
        if row.computed:
            grado_row = i + 1
    if grado_row:
        first, last = L.col_letter(first_year), L.col_letter(first_year + len(years) - 1)
        s.charts.append(
            Chart(
                "Grado di conseguimento degli obiettivi",
                "line",
                f"{first}{top + 2}:{last}{top + 2}",
                f"{first}{grado_row}:{last}{grado_row}",
                f"{L.col_letter(name_col)}{top + 2 + len(plan.trend) + 2}",
                height_cm=7,
            )
        )


def dirigenti(plan: Plan, res: Results) -> SheetContent:
    """Per dirigente: the objectives assigned and their mean (the Relazione's section 4)."""
    s = _sheet(L.DIRIGENTI, {0: 16, 1: 64, 2: 16, 3: 24})
    _head(
        s,
        plan,
        "Obiettivi per dirigente",
        "Collegamento tra performance organizzativa e performance individuale dei dirigenti",
        res.period,
    )
    assigned = dirigenti_objectives(plan)
    r = 3
    if not assigned:
        s.put(r, 0, "Nessun dirigente indicato nell'Albero (colonna Dirigenti).", SUBTITLE)
        return s
    name_style = Style(bold=True, size=11, fg=L.BAND_FILLS["ambito"].fg, bg=L.BAND_FILLS["ambito"].bg)
    role_style = Style(italic=True, fg=L.BAND_FILLS["ambito"].fg, bg=L.BAND_FILLS["ambito"].bg, wrap=True)
    for name, objs in assigned:
        # the name on its own line, over the whole table (not wrapped into the code column);
        # the role below it, without repeating the name when the role starts with it
        s.put(r, 0, name, name_style)
        for c in (1, 2, 3):
            s.put(r, c, None, name_style)
        r += 1
        role = role_without_name(name, plan.dirigenti.get(name, ""))
        if role:
            s.put(r, 0, None, role_style)
            s.put(r, 1, role, role_style)
            for c in (2, 3):
                s.put(r, c, None, role_style)
            r += 1
        for c, h in enumerate(["Codice", "Obiettivo operativo", "% raggiungimento", "Stato"]):
            s.put(r, c, h, HEADER)
        r += 1
        for o in objs:
            v = res.objectives.get(o.code)
            s.put(r, 0, o.code)
            s.put(r, 1, o.name, WRAP)
            s.put(r, 2, _pct(v), _status_style(res.status(v), pct=True))
            s.put(r, 3, res.status(v).value, _status_style(res.status(v)))
            r += 1
        mean = dirigente_mean(res, objs)
        s.put(r, 1, f"Media degli obiettivi assegnati ({len(objs)})", BOLD)
        s.put(r, 2, _pct(mean), _status_style(res.status(mean), pct=True, bold=True))
        s.put(r, 3, res.status(mean).value, _status_style(res.status(mean), bold=True))
        r += 2
    return s


def controlli(plan: Plan, problems: list[Problem]) -> SheetContent:
    s = _sheet(L.CONTROLLI, {0: 10, 1: 30, 2: 64, 3: 56})
    n_err = sum(1 for p in problems if p.level is Level.ERROR)
    n_warn = len(problems) - n_err
    _head(
        s,
        plan,
        "Controlli sui dati",
        f"{plural(n_err, 'errore', 'errori')}, {plural(n_warn, 'avviso', 'avvisi')}. "
        "Fare clic sul riferimento per andare alla cella.",
    )
    for c, h in enumerate(L.CONTROLLI_HEADERS):
        s.put(3, c, h, HEADER)
    if not problems:
        s.put(4, 0, "Nessun problema rilevato.", _status_style(Status.RAGGIUNTO))
        return s
    groups = group(problems)
    start = 4
    if len(groups) < len(problems):  # repeated messages: one row per area and kind, the full list below
        ordered = [p for g in groups for p in g.problems]
        start = 4 + len(groups) + 2
        for r, g in enumerate(groups, start=4):
            style = _status_style(Status.NON_RAGGIUNTO if g.level is Level.ERROR else Status.PARZIALE)
            s.put(r, 0, g.level.value, style)
            s.put(r, 1, g.place(), WRAP)
            s.put(r, 2, g.message(), WRAP)
            s.put(r, 3, g.fix, WRAP)
            first = start + ordered.index(g.first)  # one click to the group's cells in the full list
            single = link_target(g.first.place) if len(g.problems) == 1 else None
            s.links[(r, 1)] = single or f"'{L.CONTROLLI}'!B{first + 1}"
        s.put(start - 1, 0, "Elenco completo (una riga per cella; fare clic sul riferimento)", BOLD)
    else:
        ordered = sorted(problems, key=lambda p: 0 if p.level is Level.ERROR else 1)
    for r, p in enumerate(ordered, start=start):
        style = _status_style(Status.NON_RAGGIUNTO if p.level is Level.ERROR else Status.PARZIALE)
        s.put(r, 0, p.level.value, style)
        s.put(r, 1, p.place)
        s.put(r, 2, p.message, WRAP)
        s.put(r, 3, p.fix, WRAP)
        target = link_target(p.place)
        if target:
            s.links[(r, 1)] = target
    return s


def link_target(place: str) -> str | None:
    """ "Area 2!G5" -> "'Area 2'!G5" (a place that names a cell); None otherwise."""
    if "!" not in place:
        return None
    sheet, cell = place.rsplit("!", 1)
    cell = cell.split(",")[0].strip()
    if not cell or not cell[0].isalpha() or not cell[-1].isdigit():
        return None
    return f"'{sheet}'!{cell}"


def build_layouts(plan: Plan, res: Results, problems: list[Problem], mid: Results | None = None) -> list[SheetContent]:
    """``mid``: the 30/06 monitoring, shown beside the year-end figures on the Cruscotto."""
    sheets = (riepilogo(plan, res), cruscotto(plan, res, mid), dirigenti(plan, res), controlli(plan, problems))
    return [s.fit_rows() for s in sheets]


def monitoring(plan: Plan, res: Results) -> Results | None:
    """The 30/06 results to show next to 31/12 ones, when the plan has any mid-year value."""
    if res.period == L.MID_YEAR or not any(i.actual_mid is not None for i in plan.indicators):
        return None
    return score_plan(plan, L.MID_YEAR)
