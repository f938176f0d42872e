"""The report di monitoraggio intermedio (the seed's section 5: «Reporting intermedio»), at 30/06 on
whatever data has come back: coverage, collection status per area, the objectives and indicators
«a rischio» with their stima a fine anno, the rules used, and the variations decided since.

It reuses the Relazione's stylesheet and PDF renderer (report.py); every figure comes from the core
(aggregate, monitoring, collection).
"""

from __future__ import annotations

import html
from pathlib import Path

from . import layout as L
from .aggregate import Results
from .collection import collection_status
from .literals import format_percent, format_value
from .model import Plan, Status, variation_values
from .monitoring import RULE_TEXT, Rule, coverage_text, estimate, indicator_status, rule_of


def _pill(status: Status, text: str) -> str:
    fill = L.STATUS_FILLS[status]
    return f'<span class="pill" style="background:{fill.bg};color:{fill.fg}">{html.escape(text)}</span>'


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


def to_html(plan: Plan, res: Results) -> str:
    e = html.escape
    t = title(plan)
    from .report import _css  # the Relazione's stylesheet: one look for both documents

    out = [
        f'<!DOCTYPE html><html lang="it"><head><meta charset="utf-8"><title>{e(t)}</title>'
        f"<style>{_css()}</style></head><body>",
        f"<h1>{e(t)}</h1><p>{e(plan.ente)} — report di monitoraggio intermedio: stime su dati parziali, "
        "non risultati definitivi</p>",
    ]
    ente = res.shown("ente")
    out.append(
        f"<p>Performance di Ente (stima) &nbsp; "
        f"{_pill(ente, format_percent(res.ente)).replace('pill', 'pill ente', 1)} &nbsp; {e(ente.value)}</p>"
    )
    if res.coverage:
        out.append(f"<p><b>{e(coverage_text(res.coverage))}</b></p>")
    # collection status per area
    out.append('<h3 style="background:none;padding:0">1 - Stato della raccolta per area</h3>')
    out.append(
        "<table><tr><th>Area organizzativa</th><th>Dirigente</th><th>File dell'area</th><th>Indicatori attesi</th>"
        "<th>Con valore</th><th>di cui N/D</th><th>Mancanti</th><th>Cause mancanti</th><th>Stato</th></tr>"
    )
    for a in collection_status(plan, res):
        state = a.state()
        status = Status.RAGGIUNTO if state == "completo" else Status.ND if a.filled == 0 else Status.DATI_PARZIALI
        out.append(
            f"<tr><td>{e(a.area)}</td><td>{e(a.head)}</td><td>{e(a.received or 'non ricevuto')}</td>"
            f"<td class='num'>{a.due}</td><td class='num'>{a.filled}</td><td class='num'>{a.declared_na}</td>"
            f"<td class='num'>{len(a.missing)}</td><td class='num'>{len(a.causes_missing)}</td>"
            f"<td>{_pill(status, state)}</td></tr>"
        )
    out.append("</table>")
    # coverage per ambito
    out.append("<table><tr><th>Ambito strategico</th><th>% (stima)</th><th>Copertura</th></tr>")
    for amb in plan.ambiti:
        cover = res.coverage.ambiti.get(amb.code) if res.coverage else None
        cov = f"{cover.text()} ({format_percent(cover.share)})" if cover and cover.due else "—"
        pct = res.ambiti.get(amb.code)
        out.append(
            f"<tr><td>{e(amb.code)} {e(amb.name)}</td><td class='num'>"
            f"{_pill(res.shown('ambiti', amb.code), format_percent(pct))}</td><td>{e(cov)}</td></tr>"
        )
    out.append("</table>")
    # objectives at risk
    out.append('<h3 style="background:none;padding:0">2 - Obiettivi e indicatori a rischio</h3>')
    rows = list(at_risk(plan, res))
    if not rows:
        out.append("<p>Nessun obiettivo a rischio sui dati raccolti.</p>")
    else:
        out.append(
            '<table class="ind"><tr><th style="width:14%">Obiettivo</th><th style="width:30%">Indicatore</th>'
            "<th>Target annuale</th><th>Target 30/06</th><th>Valore al 30/06</th><th>Stima a fine anno</th>"
            "<th>%</th><th style='width:12%'>Stato</th></tr>"
        )
        for o, pct, inds in rows:
            out.append(
                f"<tr><td colspan='6'><b>{e(o.code)}</b> {e(o.name)} <span class='small'>({e(o.area)})</span></td>"
                f"<td class='num'>{_pill(res.shown('objectives', o.code), format_percent(pct))}</td>"
                f"<td>{e(res.shown('objectives', o.code).value)}</td></tr>"
            )
            for ind, ipct, st in inds:
                est = estimate(ind, plan.anno)
                out.append(
                    f"<tr><td></td><td>{e(ind.code or '')} {e(ind.name)}</td>"
                    f"<td class='num'>{e(format_value(ind.target, ind.unit))}</td>"
                    f"<td class='num'>{e(_value(ind.target_mid, ind.unit))}</td>"
                    f"<td class='num'>{e(format_value(ind.actual_mid, ind.unit))}</td>"
                    f"<td class='num'>{e(_value(est, ind.unit))}</td>"
                    f"<td class='num'>{e(format_percent(ipct))}</td><td>{_pill(st, st.value)}"
                    f"<br><span class='small'>{e(rule_of(ind).value)}</span></td></tr>"
                )
        out.append("</table>")
    # rules
    out.append(
        '<h3 style="background:none;padding:0">3 - Come si legge il monitoraggio al 30/06</h3><table class="legend">'
    )
    out += [f"<tr><td><b>{e(r.value)}</b></td><td>{e(RULE_TEXT[r])}</td></tr>" for r in Rule]
    out.append(
        f"<tr><td>{_pill(Status.IN_CORSO, Status.IN_CORSO.value)}</td><td>stima a fine anno ≥ "
        f"{format_percent(res.thresholds.raggiunto)} del target annuale</td></tr>"
        f"<tr><td>{_pill(Status.A_RISCHIO, Status.A_RISCHIO.value)}</td><td>stima a fine anno sotto "
        f"{format_percent(res.thresholds.raggiunto)}: si chiede la causa dello scostamento</td></tr>"
        f"<tr><td>{_pill(Status.DATI_PARZIALI, Status.DATI_PARZIALI.value)}</td><td>obiettivo, ambito o Ente con "
        "indicatori ancora senza valore: la percentuale non è definitiva</td></tr></table>"
    )
    # variations
    out.append('<h3 style="background:none;padding:0">4 - Variazioni del piano</h3>')
    if plan.variations:
        out.append(
            "<table><tr><th>Indicatore</th><th>Campo</th><th>Da → a</th><th>Data</th><th>Atto</th>"
            "<th>Motivazione</th></tr>"
        )
        for v in plan.variations:
            then, now = variation_values(plan, v)
            out.append(
                f"<tr><td>{e(v.indicator)}</td><td>{e(v.field)}</td><td>{e(then)} → {e(now)}</td>"
                f"<td>{e(v.date)}</td><td>{e(v.act)}</td><td>{e(v.reason)}</td></tr>"
            )
        out.append("</table>")
    else:
        out.append(f"<p>Nessuna variazione registrata (piano approvato il {e(plan.approved or '—')}).</p>")
    out.append("</body></html>")
    return "\n".join(out)


def to_pdf(plan: Plan, res: Results, path: Path) -> Path:
    from .report import _render_pdf

    Path(path).write_bytes(_render_pdf(to_html(plan, res)))
    return Path(path)
