"""The report di monitoraggio intermedio (the seed's section 5: «Reporting intermedio»), at 30/06 on
whatever data has come back: coverage, collection status per area, the objectives and indicators
«a rischio» with their stima a fine anno, the rules used, and the variations decided since.

It is a document of the Relazione's section model (xlperf.relazione.doc), so it is rendered by the same
writers: HTML, and a tagged PDF/UA-1 + PDF/A-2a through Typst. Every figure comes from the core
(aggregate, monitoring, collection).
"""

from __future__ import annotations

from pathlib import Path

from .aggregate import Results
from .collection import collection_status
from .literals import format_percent, format_value
from .model import Plan, Status, variation_values
from .monitoring import RULE_TEXT, Rule, coverage_text, estimate, indicator_status, rule_of
from .relazione import html_writer, pdf_writer
from .relazione.doc import Cell, Document, Heading, Paragraph, Table


def _value(value, unit: str) -> str:
    return "—" if value is None else format_value(value, unit)


def title(plan: Plan) -> str:
    return f"Monitoraggio intermedio al 30/06/{plan.anno}" if plan.anno else "Monitoraggio intermedio al 30/06"


def at_risk(plan: Plan, res: Results):
    """(objective, its %, [(indicator, %, status)]) for every objective with an indicator «A rischio»
    or below its Target 30/06, or scored under the «raggiunto» threshold."""
    by_objective: dict[str, list] = {}
    for ind, pct in zip(plan.indicators, res.indicators, strict=True):
        st = indicator_status(ind, pct, res.period, res.thresholds, plan.anno, res.status(pct))
        if st in (Status.A_RISCHIO, Status.PARZIALE, Status.NON_RAGGIUNTO):
            by_objective.setdefault(ind.objective, []).append((ind, pct, st))
    for o in plan.objectives:
        pct = res.objectives.get(o.code)
        low = pct is not None and res.status(pct) is not Status.RAGGIUNTO
        if o.code in by_objective or low:
            yield o, pct, by_objective.get(o.code, [])


def build_document(plan: Plan, res: Results) -> Document:
    """The intermediate report as a section model (what every writer renders)."""
    doc = Document(
        title=title(plan),
        ente=plan.ente,
        subtitle=["Report di monitoraggio intermedio: stime su dati parziali, non risultati definitivi"],
        date=(30, 6, plan.anno or 2000),
    )
    if plan.changed_after_validation:
        doc.subtitle.append(plan.changed_after_validation)
    ente = res.shown("ente")
    top = Table(["Risultato", "Valore", "Stato"], ["text", "percent", "text"], [60, 20, 20], caption="Ente")
    top.add(Cell("Performance di Ente (stima)", bold=True), Cell(format_percent(res.ente), status=ente), ente.value)
    doc.add(top)
    if res.coverage:
        doc.add(Paragraph(coverage_text(res.coverage), "lead"))
    doc.add(Heading(1, "1 - Stato della raccolta per area"))
    areas = Table(
        [
            "Area organizzativa",
            "Dirigente",
            "File dell'area",
            "Indicatori attesi",
            "Con valore",
            "di cui N/D",
            "Mancanti",
            "Cause mancanti",
            "Stato",
        ],
        ["text", "text", "text", "number", "number", "number", "number", "number", "text"],
        [20, 14, 20, 8, 8, 7, 8, 8, 10],
        caption="Stato della raccolta per area",
    )
    for a in collection_status(plan, res):
        state = a.state()
        status = Status.RAGGIUNTO if state == "completo" else Status.ND if a.filled == 0 else Status.DATI_PARZIALI
        areas.add(
            a.area,
            a.head,
            a.received or "non ricevuto",
            str(a.due),
            str(a.filled),
            str(a.declared_na),
            str(len(a.missing)),
            str(len(a.causes_missing)),
            Cell(state, status=status),
        )
    doc.add(areas)
    ambiti = Table(
        ["Ambito strategico", "% (stima)", "Copertura"], ["text", "percent", "text"], [55, 15, 30], caption="Ambiti"
    )
    for amb in plan.ambiti:
        cover = res.coverage.ambiti.get(amb.code) if res.coverage else None
        cov = f"{cover.text()} ({format_percent(cover.share)})" if cover and cover.due else "—"
        pct = res.ambiti.get(amb.code)
        ambiti.add(f"{amb.code} {amb.name}", Cell(format_percent(pct), status=res.shown("ambiti", amb.code)), cov)
    doc.add(ambiti)
    doc.add(Heading(1, "2 - Obiettivi e indicatori a rischio"))
    rows = list(at_risk(plan, res))
    if not rows:
        doc.add(Paragraph("Nessun obiettivo a rischio sui dati raccolti."))
    for o, pct, inds in rows:
        shown = res.shown("objectives", o.code)
        doc.add(Heading(4, f"{o.code} - {o.name} ({o.area})", status=shown, pct=f"{format_percent(pct)} {shown.value}"))
        if not inds:
            continue
        t = Table(
            ["Indicatore", "Target annuale", "Target 30/06", "Valore al 30/06", "Stima a fine anno", "%", "Stato"],
            ["text", "number", "number", "number", "number", "percent", "text"],
            [30, 11, 11, 11, 11, 10, 16],
        )
        for ind, ipct, st in inds:
            t.add(
                f"{ind.code or ''} {ind.name}".strip(),
                format_value(ind.target, ind.unit),
                _value(ind.target_mid, ind.unit),
                format_value(ind.actual_mid, ind.unit),
                _value(estimate(ind, plan.anno), ind.unit),
                format_percent(ipct),
                Cell(f"{st.value}\n{rule_of(ind).value}", status=st),
            )
        doc.add(t)
    doc.add(Heading(1, "3 - Come si legge il monitoraggio al 30/06"))
    rules = Table(["Regola", "Significato"], ["text", "text"], [25, 75], caption="Regole del monitoraggio al 30/06")
    for r in Rule:
        rules.add(Cell(r.value, bold=True), RULE_TEXT[r])
    raggiunto = format_percent(res.thresholds.raggiunto)
    rules.add(
        Cell(Status.IN_CORSO.value, status=Status.IN_CORSO), f"stima a fine anno ≥ {raggiunto} del target annuale"
    )
    rules.add(
        Cell(Status.A_RISCHIO.value, status=Status.A_RISCHIO),
        f"stima a fine anno sotto {raggiunto}: si chiede la causa dello scostamento",
    )
    rules.add(
        Cell(Status.DATI_PARZIALI.value, status=Status.DATI_PARZIALI),
        "obiettivo, ambito o Ente con indicatori ancora senza valore: la percentuale non è definitiva",
    )
    doc.add(rules)
    doc.add(Heading(1, "4 - Variazioni del piano"))
    if plan.variations:
        t = Table(
            ["Indicatore", "Campo", "Da → a", "Data", "Atto", "Motivazione"],
            ["text"] * 6,
            [15, 9, 16, 10, 22, 28],
            caption="Variazioni del piano",
        )
        for v in plan.variations:
            then, now = variation_values(plan, v)
            t.add(v.indicator, v.field, f"{then} → {now}", v.date, v.act, v.reason)
        doc.add(t)
    else:
        doc.add(Paragraph(f"Nessuna variazione registrata (piano approvato il {plan.approved or '—'})."))
    return doc


def to_html(plan: Plan, res: Results) -> str:
    return html_writer.to_html(build_document(plan, res))


def to_pdf(plan: Plan, res: Results, path: Path) -> Path:
    Path(path).write_bytes(pdf_writer.to_pdf_bytes(build_document(plan, res)))
    return Path(path)
