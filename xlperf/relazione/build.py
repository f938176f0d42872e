"""The Relazione's section model, built once from the plan, the results and the «Relazione» sheet.

Sections numbered as the seed's: frontespizio (adoption act), premessa, in sintesi, 1 principali
risultati, 2 contesto e risorse (2.4 bilancio di genere), 3 performance organizzativa (3.0 Albero,
3.1 per ambito, 3.2 valutazione complessiva, 3.3 variazioni), 4 obiettivi individuali, 5 processo.
An area report (the OIV's «report di Area») has sections 1, 3 and 4 for its objectives only.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .. import layout as L
from ..aggregate import Results, Status
from ..figures import role_without_name, trend_values, trend_years
from ..literals import format_number, format_percent
from ..model import Plan, variation_values
from .content import TEXTS, Relazione
from .doc import Cell, Chart, Document, Heading, Kind, PageBreak, Paragraph, Table
from .rows import build_rows, dirigenti_rows, headline, legend_text, title

#: the hook for the individual appraisal (another package): a table of results and premi by gender,
#: aggregated (never a person), or None when no individual appraisal exists
GenderAppraisal = Callable[[Plan], Table | None]

_LABELS = {t.key: t.label for t in TEXTS}


def _pct_cell(pct: float | None, res: Results) -> Cell:
    return Cell(format_percent(pct), status=res.status(pct))


def _status_cell(pct: float | None, res: Results) -> Cell:
    st = res.status(pct)
    return Cell(st.value, status=st)


def _text(doc: Document, rel: Relazione, key: str) -> None:
    """The sheet's text as paragraphs (one per line), or a visible placeholder naming the cell."""
    text = rel.text(key)
    if text:
        doc.add(*(Paragraph(p.strip()) for p in text.splitlines() if p.strip()))
    else:
        doc.add(Paragraph(f"[Da compilare: «{_LABELS[key]}» nel foglio {rel.where(key)}]", "placeholder"))


def _table_rows(rel: Relazione, key: str) -> list[list[str | float | None]]:
    return [r for r in rel.tables.get(key, []) if any(v not in (None, "") for v in r)]


def _num(v: str | float | None) -> float | None:
    return v if isinstance(v, float) else None


def build_document(
    plan: Plan, res: Results, area: str | None = None, appraisal: GenderAppraisal | None = None
) -> Document:
    """``area``: ``plan`` and ``res`` are that area's part (relazione.area.area_view: its indicators
    with their scores, the objectives', ambiti's and Ente's scores the whole plan's)."""
    rel = plan.relazione
    doc = Document(title=title(plan, res, area), ente=plan.ente, date=_date(rel, plan))
    if plan.changed_after_validation:  # on the title page of every format (issue 21: the OIV lock)
        doc.subtitle.append(plan.changed_after_validation)
    if area is None:
        act, date = rel.text("act"), rel.text("act_date")
        if act:
            doc.subtitle.append(f"Adottata con {act}" + (f" del {date}" if date else ""))
        else:
            doc.subtitle.append(f"[Da compilare: «{_LABELS['act']}» nel foglio {rel.where('act')}]")
        doc.add(PageBreak(), Heading(1, "Premessa"))
        _text(doc, rel, "premessa")
        doc.add(Heading(1, "In sintesi"))
        _text(doc, rel, "sintesi")
    _results(doc, plan, res, area)
    if area is None:
        _context(doc, plan, res, appraisal)
    _organisational(doc, plan, res, area)
    _individual(doc, plan, res)
    if area is None:
        _process(doc, rel)
    return doc


def _date(rel: Relazione, plan: Plan) -> tuple[int, int, int]:
    parts = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", rel.text("act_date"))
    if parts:
        d, m, y = (int(x) for x in parts.groups())
        if 1 <= m <= 12 and 1 <= d <= 31:
            return d, m, y
    return 1, 1, (plan.anno + 1 if plan.anno else 2000)


def _results(doc: Document, plan: Plan, res: Results, area: str | None) -> None:
    top = headline(plan, res, area)
    doc.add(Heading(1, "1 - Principali risultati raggiunti"))
    t = Table(["Risultato", "Valore", "Stato"], ["text", "percent", "text"], [60, 20, 20], caption=top.label)
    t.add(Cell(top.label, bold=True), _pct_cell(top.pct, res), _status_cell(top.pct, res))
    t.add(
        f"Grado di conseguimento degli obiettivi ({top.reached} raggiunti su {top.scored})",
        Cell(format_percent(top.grado)),
        "",
    )
    doc.add(t)
    legend = Table(["Stato", "Significato"], ["text", "text"], [25, 75], caption="Legenda dei colori")
    for st, text in legend_text(plan):
        legend.add(Cell(st.value, status=st), text)
    doc.add(legend)
    ambiti = Table(["Performance delle aree strategiche", "%", "Stato"], ["text", "percent", "text"], [70, 15, 15])
    for a in plan.ambiti:
        pct = res.ambiti.get(a.code)
        ambiti.add(f"{a.code} {a.name}", _pct_cell(pct, res), _status_cell(pct, res))
    doc.add(ambiti)
    if area is not None:
        doc.add(
            Paragraph(
                "Le percentuali degli ambiti e degli obiettivi strategici sono quelle dell'Ente (calcolate su tutte "
                "le aree); la performance dell'area è la media dei suoi obiettivi operativi.",
                "small",
            )
        )


def _context(doc: Document, plan: Plan, res: Results, appraisal: GenderAppraisal | None) -> None:
    rel = plan.relazione
    doc.add(PageBreak(), Heading(1, "2 - Analisi del contesto e delle risorse"))
    doc.add(Heading(2, "2.1 Il contesto economico"))
    _text(doc, rel, "context")
    doc.add(Heading(2, "2.2 L'organizzazione e il personale"))
    _text(doc, rel, "organisation")
    if plan.area_heads:
        t = Table(["Area", "Dirigente"], ["text", "text"], [60, 40], caption="Articolazione della struttura")
        for a, head in plan.area_heads.items():
            t.add(a, head)
        doc.add(t)
    people = _table_rows(rel, "personnel")
    doc.add(Paragraph("Personale in servizio al 31/12 per categoria", "lead"))
    if people:
        t = Table(["Categoria", "Totale", "Donne", "Uomini"], ["text", "number", "number", "number"], [52, 16, 16, 16])
        columns = [[_num(r[c]) for r in people] for c in (1, 2, 3)]
        for r in people:
            t.add(str(r[0] or ""), *(Cell(_count(_num(v))) for v in r[1:4]))
        sums = [sum(v or 0 for v in col) if any(v is not None for v in col) else None for col in columns]
        t.add(Cell("Totale", bold=True), *(Cell(_count(v), bold=True) for v in sums))
        doc.add(t)
    else:
        doc.add(Paragraph(f"[Da compilare: tabella del personale nel foglio {rel.where('personnel')}]", "placeholder"))
    doc.add(Heading(3, "L'indagine di benessere organizzativo"))
    _text(doc, rel, "wellbeing")
    doc.add(Heading(3, "La customer satisfaction"))
    _text(doc, rel, "customer")
    doc.add(Heading(2, "2.3 Le risorse economiche"))
    _text(doc, rel, "resources")
    money = _table_rows(rel, "economic")
    if money:
        t = Table(["Voce", "Importo (euro)"], ["text", "number"], [70, 30], caption="Risorse economiche")
        for r in money:
            v = _num(r[1])
            t.add(str(r[0] or ""), format_number(v) if v is not None else "N/D")
        doc.add(t)
    _trend(doc, plan, res)
    _gender(doc, plan, people, appraisal)


def _count(v: float | None) -> str:
    return "N/D" if v is None else format_number(v, 0)


def _trend(doc: Document, plan: Plan, res: Results) -> None:
    if not plan.trend:
        return
    years = trend_years(plan)
    number: Kind = "number"
    doc.add(Paragraph("Macro indicatori relativi all'andamento della gestione complessiva dell'ente", "lead"))
    t = Table(
        ["Indicatore", "Riferimento", *map(str, years), "Andamento"],
        ["text", "text", *[number] * len(years), "text"],
        [30, 12, *[9] * len(years), 18],
        caption="Gestione dell'ente",
    )
    for row, values in trend_values(plan, res):
        series = tuple(values.get(y) for y in years)
        shown = [_format_trend(row.computed, v) for v in series]
        alt = f"Andamento di «{row.name}»: " + "; ".join(f"{y} {s}" for y, s in zip(years, shown, strict=True))
        t.add(row.name, row.reference, *shown, Cell("", chart=Chart(series, alt)))
    doc.add(t)


def _format_trend(computed: bool, value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value * 100:.0f} %" if computed else format_number(value, 2)


def _gender(doc: Document, plan: Plan, people, appraisal: GenderAppraisal | None) -> None:
    """2.4: personnel by gender from the sheet; results and premi by gender only from an individual
    appraisal (the hook), aggregated."""
    doc.add(Heading(2, "2.4 Il bilancio di genere"))
    women = sum(_num(r[2]) or 0 for r in people)
    men = sum(_num(r[3]) or 0 for r in people)
    if women + men:
        t = Table(["Personale", "Donne", "Uomini"], ["text", "percent", "percent"], [50, 25, 25])
        t.add("Numero", _count(women), _count(men))
        t.add("Quota sul totale", format_percent(women / (women + men)), format_percent(men / (women + men)))
        doc.add(t)
    else:
        doc.add(
            Paragraph(
                "[Da compilare: personale donne e uomini per categoria nel foglio "
                f"{plan.relazione.where('personnel')}]",
                "placeholder",
            )
        )
    table = appraisal(plan) if appraisal else None
    if table is not None:
        doc.add(table)
    else:
        doc.add(
            Paragraph(
                "Risultati e premi per genere: si riportano in forma aggregata quando è presente la valutazione "
                "individuale (non presente in questo file).",
                "small",
            )
        )


def _organisational(doc: Document, plan: Plan, res: Results, area: str | None) -> None:
    doc.add(PageBreak(), Heading(1, "3 - Rendicontazione della performance organizzativa"))
    doc.add(Heading(2, "3.0 Albero della performance"))
    tree = Table(
        ["Obiettivo strategico", "%", "Obiettivo operativo", "%", "Stato"],
        ["text", "percent", "text", "percent", "text"],
        [30, 10, 40, 10, 10],
        caption="Albero della performance",
    )
    for s in plan.strategic:
        for i, o in enumerate(plan.objectives_in(s.code)):
            first = (
                [Cell(f"{s.code} {s.name}", bold=True), _pct_cell(res.strategic.get(s.code), res)]
                if not i
                else [
                    Cell(""),
                    Cell(""),
                ]
            )
            pct = res.objectives.get(o.code)
            tree.add(*first, f"{o.code} {o.name}", _pct_cell(pct, res), _status_cell(pct, res))
    doc.add(tree)
    doc.add(Heading(2, "3.1 Rendicontazione degli obiettivi strategici triennali e degli obiettivi operativi annuali"))
    rows = build_rows(plan, res)
    of: dict[str, list] = {}  # objective -> its indicators, once (not a scan of the plan per objective)
    for ind in plan.indicators:
        of.setdefault(ind.objective, []).append(ind)
    described = {str(r[0]).strip(): str(r[1] or "").strip() for r in _table_rows(plan.relazione, "strategic")}
    for n, a in enumerate(plan.ambiti):
        if n:
            doc.add(PageBreak())
        pct = res.ambiti.get(a.code)
        doc.add(Heading(3, f"Ambito strategico {a.code}: {a.name}", res.status(pct), format_percent(pct)))
        for s in plan.strategic_in(a.code):
            pct = res.strategic.get(s.code)
            doc.add(Heading(4, f"Obiettivo strategico {s.code} - {s.name}", res.status(pct), format_percent(pct)))
            if described.get(s.code):
                doc.add(Paragraph(described[s.code]))
            elif area is None:
                where = plan.relazione.where("strategic")
                doc.add(
                    Paragraph(f"[Da compilare: descrizione dell'obiettivo {s.code} nel foglio {where}]", "placeholder")
                )
            for o in plan.objectives_in(s.code):
                _objective(doc, res, o, of.get(o.code, []), rows.get(o.code, []))
    _assessment(doc, plan, res, of)
    _variations(doc, plan)


def _objective(doc: Document, res: Results, o, indicators, rows) -> None:
    pct = res.objectives.get(o.code)
    doc.add(Heading(5, f"{o.code} - {o.name}", res.status(pct), format_percent(pct)))
    if o.area:
        doc.add(Paragraph(o.area, "small"))
    for ind in indicators:
        code = ind.code or ind.name
        if ind.cause:
            doc.add(Paragraph(ind.cause, "cause", f"Causa dello scostamento ({code})"))
        if ind.action:
            doc.add(Paragraph(ind.action, "action", f"Azione correttiva ({code})"))
        if ind.note:
            doc.add(Paragraph(ind.note, "note", f"Nota ({code})"))
    t = Table(
        ["Peso", "Codice e nome indicatore", "Descrizione / formula", "Target", "Consuntivo", "%", "Stato"],
        ["percent", "text", "text", "number", "number", "percent", "text"],
        [7, 25, 29, 12, 10, 8, 9],
        caption=f"Indicatori dell'obiettivo {o.code}",
    )
    for r in rows:
        t.add(
            r.weight,
            r.code_name,
            r.description,
            r.target,
            r.actual,
            Cell(r.pct, r.status),
            Cell(r.status.value, r.status),
        )
    doc.add(t)


def _assessment(doc: Document, plan: Plan, res: Results, of: dict[str, list]) -> None:
    """3.2: the judgement the OIV writes, computed: the Ente's %, and the objectives under the
    «parziale» threshold with their causes (or the sentence that there are none)."""
    doc.add(Heading(2, "3.2 Valutazione complessiva della performance organizzativa"))
    top = headline(plan, res)
    doc.add(
        Paragraph(
            f"La performance complessiva si attesta al {format_percent(top.pct)}; il grado di conseguimento degli "
            f"obiettivi è pari al {format_percent(top.grado)} ({top.reached} obiettivi raggiunti su {top.scored})."
        )
    )
    floor = plan.thresholds.parziale
    low = [o for o in plan.objectives if res.status(res.objectives.get(o.code)) is Status.NON_RAGGIUNTO]
    if not low:
        doc.add(Paragraph(f"Nessun obiettivo ha realizzato una performance inferiore al {format_percent(floor, 0)}."))
        return
    doc.add(Paragraph(f"Obiettivi con una performance inferiore al {format_percent(floor, 0)}:"))
    t = Table(["Obiettivo", "%", "Cause dello scostamento"], ["text", "percent", "text"], [40, 12, 48])
    for o in low:
        causes = "; ".join(f"{i.code or i.name}: {i.cause}" for i in of.get(o.code, []) if i.cause)
        t.add(f"{o.code} {o.name}", _pct_cell(res.objectives.get(o.code), res), causes or "causa non indicata")
    doc.add(t)


def _variations(doc: Document, plan: Plan) -> None:
    codes = {i.code.strip().casefold() for i in plan.indicators}
    shown = [v for v in plan.variations if v.indicator.strip().casefold() in codes]
    if not shown:
        return
    doc.add(Heading(2, f"3.3 Variazioni del piano (approvato il {plan.approved or '—'})"))
    t = Table(
        ["Indicatore", "Campo", "Approvato", "Nuovo", "Data", "Atto", "Motivazione"],
        ["text", "text", "number", "number", "text", "text", "text"],
        [15, 8, 10, 10, 9, 21, 27],
        caption="Variazioni del piano",
    )
    for v in shown:
        t.add(v.indicator, v.field, *variation_values(plan, v), v.date, v.act, v.reason)
    doc.add(t)


def _individual(doc: Document, plan: Plan, res: Results) -> None:
    doc.add(PageBreak(), Heading(1, "4 - Rendicontazione degli obiettivi individuali"))
    doc.add(Paragraph("Collegamento tra la performance organizzativa e la performance individuale dei dirigenti."))
    for name, objs, mean in dirigenti_rows(plan, res):
        role = role_without_name(name, plan.dirigenti.get(name, ""))
        doc.add(Heading(2, name + (f" — {role}" if role else "")))
        t = Table(
            ["Codice", "Obiettivo operativo", "%", "Stato"], ["text", "text", "percent", "text"], [15, 59, 13, 13]
        )
        for o in objs:
            pct = res.objectives.get(o.code)
            t.add(o.code, o.name, _pct_cell(pct, res), _status_cell(pct, res))
        t.add(
            Cell(""),
            Cell("Performance (media degli obiettivi assegnati)", bold=True),
            _pct_cell(mean, res),
            _status_cell(mean, res),
        )
        doc.add(t)


def _process(doc: Document, rel: Relazione) -> None:
    doc.add(PageBreak(), Heading(1, "5 - Il processo di misurazione e valutazione"))
    _text(doc, rel, "process")
    steps = _table_rows(rel, "steps")
    if not steps:
        doc.add(Paragraph(f"[Da compilare: tabella del processo nel foglio {rel.where('steps')}]", "placeholder"))
        return
    t = Table(["Cosa", "Chi", "Come", "Quando"], ["text"] * 4, [28, 28, 30, 14], caption="Il processo")
    for r in steps:
        t.add(*(str(v or "") for v in r[:4]))
    doc.add(t)


__all__ = ["build_document", "GenderAppraisal", "L"]
