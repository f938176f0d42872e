"""The Relazione's tables straight from the workbook: HTML, PDF (WeasyPrint) and DOCX (python-docx).

What it contains mirrors the seed: page 1 (Ente %, ambiti, every objective coloured, the legend),
section 3 (per ambito and strategic objective, each operational objective with its % and its
indicator table: peso, codice e nome, descrizione, target, consuntivo, % raggiungimento, pallino)
and section 4 (objectives per dirigente with their mean). Numbers and dates in Italian.
"""

from __future__ import annotations

import html
import itertools
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from . import layout as L
from .aggregate import Results, Status, plain_mean
from .literals import Operator, format_number, format_percent, format_value
from .model import Indicator, Plan, variation_values
from .summary import dirigenti_objectives, role_without_name, trend_values, trend_years


def format_target(ind: Indicator) -> str:
    if ind.target is None:
        return "N/D"
    if ind.operator is Operator.DEADLINE:
        return f"Entro {format_value(ind.target, '')}"
    if ind.operator is Operator.BOOL:
        return "SI"
    sign = "" if ind.operator is Operator.EQ else f"{ind.operator.value} "
    return sign + format_value(ind.target, ind.unit)


@dataclass
class ReportRow:
    weight: str
    code_name: str
    description: str
    target: str
    actual: str
    pct: str
    status: Status


def _approved_suffix(ind: Indicator) -> str:
    """« (approvato: ≥ 70)» where a variation changed the target or operator after approval."""
    if not {"target", "operator"} & set(ind.varied_fields()):
        return ""
    then = ind.model_copy(update={"target": ind.approved_target, "operator": ind.approved_operator or ind.operator})
    return f" (approvato: {format_target(then)})"


def build_rows(plan: Plan, res: Results) -> dict[str, list[ReportRow]]:
    """Objective code -> its indicator rows, formatted."""
    rows: dict[str, list[ReportRow]] = {}
    for ind, pct in zip(plan.indicators, res.indicators, strict=False):
        name = f"{ind.code} - {ind.name}" if ind.code else ind.name
        rows.setdefault(ind.objective, []).append(
            ReportRow(
                weight=f"{format_number(ind.weight)} %",
                code_name=name,
                description=ind.description,
                target=format_target(ind) + _approved_suffix(ind),
                actual=format_value(ind.at(res.period)[0], ind.unit),
                pct=format_percent(pct),
                status=res.status(pct),
            )
        )
    return rows


# --- HTML (and PDF through WeasyPrint) ------------------------------------------------------

_FOOTER = (
    '@bottom-right { content: "Pagina " counter(page) " di " counter(pages); '
    'font-family: "DejaVu Sans", Arial, sans-serif; font-size: 8pt; color: #595959; }'
)
_CSS = """
@page { size: A4 landscape; margin: 14mm 12mm 16mm 12mm;
        %(footer)s }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 8.5pt; color: #1b1b1b; }
h1 { color: %(title)s; font-size: 20pt; margin: 0 0 2mm 0; }
h2 { color: %(title)s; font-size: 14pt; border-bottom: 1.5pt solid %(title)s; margin-top: 6mm;
     page-break-before: always; }
h3 { font-size: 11pt; margin: 5mm 0 1mm 0; background: #D9E1F2; padding: 1.5mm 2mm; break-after: avoid; }
h3.newpage { break-before: page; }
h4 { font-size: 9.5pt; margin: 4mm 0 1mm 0; padding: 1mm 2mm; background: #EDF1F9; break-after: avoid; }
p.objective { margin: 3mm 0 1mm 0; break-after: avoid; }
p.cause { margin: 0 0 1mm 0; font-size: 8pt; color: #595959; break-after: avoid; }
thead { display: table-header-group; }
tr.total { break-before: avoid; }
tr.total td { border-top: 0.8pt solid #595959; }
.ente { font-size: 26pt; font-weight: bold; padding: 2mm 6mm; display: inline-block; border-radius: 2mm; }
table { border-collapse: collapse; width: 100%%; margin-bottom: 2mm; page-break-inside: auto; }
th { background: %(header_bg)s; color: %(header_fg)s; text-align: left; padding: 1mm 1.5mm; font-size: 8pt; }
td { border-bottom: 0.4pt solid #BFBFBF; padding: 1mm 1.5mm; vertical-align: top; }
td.num { text-align: right; white-space: nowrap; }
tr { page-break-inside: avoid; }
.dot { display: inline-block; width: 3.2mm; height: 3.2mm; border-radius: 50%%; }
.pill { padding: 0.5mm 1.5mm; border-radius: 1mm; font-weight: bold; white-space: nowrap; }
.legend td { border: none; padding: 0.6mm 1.5mm; }
.tree td { border-bottom: 0.4pt solid #FFFFFF; }
.small { color: #595959; font-size: 7.5pt; }
table.ind, table.dir { table-layout: fixed; }
"""


def _css(footer: bool = True) -> str:
    css = _CSS % {
        "footer": _FOOTER,
        "title": L.TITLE_COLOR,
        "header_bg": L.HEADER_FILL.bg,
        "header_fg": L.HEADER_FILL.fg,
    }
    return css if footer else css.replace(_FOOTER, "")


def _pill(pct: float | None, res: Results, text: str | None = None) -> str:
    fill = L.STATUS_FILLS[res.status(pct)]
    label = html.escape(text or format_percent(pct))
    return f'<span class="pill" style="background:{fill.bg};color:{fill.fg}">{label}</span>'


def _dot(status: Status) -> str:
    return f'<span class="dot" style="background:{L.STATUS_FILLS[status].fg}" title="{status.value}"></span>'


LEGEND = [
    (Status.NON_RAGGIUNTO, "Mancato raggiungimento dell'obiettivo (< {parziale})"),
    (Status.PARZIALE, "Parziale raggiungimento dell'obiettivo (≥ {parziale} e < {raggiunto})"),
    (Status.RAGGIUNTO, "Raggiungimento dell'obiettivo (≥ {raggiunto})"),
]


def _legend_text(plan: Plan) -> list[tuple[Status, str]]:
    th = {"raggiunto": f"{plan.thresholds.raggiunto:.0%}", "parziale": f"{plan.thresholds.parziale:.0%}"}
    return [(st, text.format(**th)) for st, text in LEGEND]


def _title(plan: Plan, res: Results, area: str | None = None) -> str:
    title = f"Relazione sulla performance {plan.anno}" if plan.anno else "Relazione sulla performance"
    if res.period == L.MID_YEAR:
        title = f"Monitoraggio intermedio al 30/06/{plan.anno}" if plan.anno else "Monitoraggio intermedio al 30/06"
    return f"Report dell'area {area} - {title}" if area else title


@dataclass(frozen=True)
class Headline:
    """Page 1's headline: the Ente's performance, or in an area report the area's (the mean of its
    operational objectives, as section 4 does for a dirigente), with the grado over the same objectives."""

    label: str
    pct: float | None
    grado: float | None
    reached: int
    scored: int


def headline(plan: Plan, res: Results, area: str | None = None) -> Headline:
    scored = [v for v in (res.objectives.get(o.code) for o in plan.objectives) if v is not None]
    reached = sum(res.status(v) is Status.RAGGIUNTO for v in scored)
    if area is None:
        return Headline("PERFORMANCE DI ENTE", res.ente, res.grado, reached, len(scored))
    grado = reached / len(scored) if scored else None
    return Headline("PERFORMANCE DELL'AREA", plain_mean(scored), grado, reached, len(scored))


def to_html(plan: Plan, res: Results, area: str | None = None) -> str:
    """``area``: ``plan`` is that area's part (collect.area_plan) and ``res`` the whole plan's scores."""
    head, parts = html_parts(plan, res, area=area)
    return head + "".join(body for _, body in parts) + "</body></html>"


def html_parts(
    plan: Plan, res: Results, footer: bool = True, area: str | None = None
) -> tuple[str, list[tuple[int, str]]]:
    """The Relazione as its <head> and a list of (weight, body) parts, each starting on a new page.

    Page 1, each ambito of section 3, section 4: the PDF lays them out in two processes (`to_pdf`);
    the weight (table rows) balances the two halves.
    """
    e = html.escape
    rows = build_rows(plan, res)
    title = _title(plan, res, area)
    top = headline(plan, res, area)
    head = (
        '<!DOCTYPE html><html lang="it"><head><meta '
        f'charset="utf-8"><title>{e(title)}</title><style>{_css(footer)}</style></head><body>'
    )
    parts: list[tuple[int, str]] = []
    out: list[str] = []

    def part(weight: int) -> None:
        parts.append((weight, "\n".join(out) + "\n"))
        out.clear()

    # page 1
    out.append(f"<h1>{e(title)}</h1><p>{e(plan.ente)}</p>")
    if plan.changed_after_validation:  # issue 21.3: visible, on page 1
        out.append(f'<p style="color:#9C0006;font-weight:bold">{e(plan.changed_after_validation)}</p>')
    out.append('<h3 style="background:none;padding:0">1 - Principali risultati raggiunti</h3>')
    out.append(f"<p>{e(top.label)} &nbsp; {_pill(top.pct, res).replace('pill', 'pill ente', 1)}</p>")
    out.append(
        f"<p>Grado di conseguimento degli obiettivi: <b>{e(format_percent(top.grado))}</b> ({top.reached} obiettivi "
        f"raggiunti su {top.scored})</p>"
    )
    out.append(
        '<table class="legend">'
        + "".join(f"<tr><td>{_dot(st)}</td><td>{e(text)}</td></tr>" for st, text in _legend_text(plan))
        + "</table>"
    )
    out.append(
        "<table><tr><th>Performance delle aree strategiche</th><th>%</th></tr>"
        + "".join(
            f"<tr><td>{e(a.code)} {e(a.name)}</td><td class='num'>{_pill(res.ambiti.get(a.code), res)}</td></tr>"
            for a in plan.ambiti
        )
        + "</table>"
    )
    out.append('<table class="tree"><tr><th>Obiettivo strategico</th><th>%</th><th>Obiettivi operativi</th></tr>')
    for s in plan.strategic:
        objs = plan.objectives_in(s.code)
        cells = " ".join(
            f'<span class="pill" style="background:{L.STATUS_FILLS[res.status(res.objectives.get(o.code))].bg};'
            f'color:{L.STATUS_FILLS[res.status(res.objectives.get(o.code))].fg};font-weight:normal;display:inline-block;margin:0.4mm">'
            f"{e(o.name or o.code)}</span>"
            for o in objs
        )
        out.append(
            f"<tr><td><b>{e(s.code)} {e(s.name)}</b></td><td "
            f"class='num'>{_pill(res.strategic.get(s.code), res)}</td><td>{cells}</td></tr>"
        )
    out.append("</table>")
    if area is None:  # the multi-year trend is the Ente's
        out.extend(_trend_html(plan, res))
    else:
        out.append(
            "<p class='small'>Le percentuali degli ambiti e degli obiettivi strategici sono quelle dell'Ente "
            "(calcolate su tutte le aree); la performance dell'area è la media dei suoi obiettivi operativi.</p>"
        )
    part(len(plan.objectives) + len(plan.strategic) + len(plan.trend))  # the tree: a pill per objective
    # section 3: each ambito on a new page
    out.append("<h2>3 - Rendicontazione degli obiettivi strategici e operativi</h2>")
    for i, a in enumerate(plan.ambiti):
        weight = 0
        newpage = " class='newpage'" if i else ""
        out.append(
            f"<h3{newpage}>Ambito strategico {e(a.code)}: {e(a.name)} &nbsp; {_pill(res.ambiti.get(a.code), res)}</h3>"
        )
        for s in plan.strategic_in(a.code):
            pct = res.strategic.get(s.code)
            out.append(
                f"<h4>Obiettivo strategico {e(s.code)} - {e(s.name)} &nbsp; {_pill(pct, res)} "
                f"&nbsp; <span class='small'>{e(res.status(pct).value.upper())}</span></h4>"
            )
            for o in plan.objectives_in(s.code):
                weight += 2 + len(rows.get(o.code, []))
                opct = res.objectives.get(o.code)
                out.append(
                    f"<p class='objective'><b>{e(o.code)} - {e(o.name)}</b> &nbsp; {_pill(opct, res)} "
                    f"<span class='small'>&nbsp; {e(o.area)}</span></p>"
                )
                causes = [
                    (i.code or i.name, i.cause, i.action)
                    for i in plan.indicators
                    if i.objective == o.code and (i.cause or i.action)
                ]
                if causes:
                    out.append(
                        "<p class='cause'><b>Cause dello scostamento</b>: "
                        + "; ".join(
                            f"{e(code)}: {e(cause)}" + (f" (azione correttiva: {e(action)})" if action else "")
                            for code, cause, action in causes
                        )
                        + "</p>"
                    )
                out.append(
                    "<table class='ind'><colgroup><col style='width:7%'><col style='width:28%'><col style='width:32%'>"
                    "<col style='width:10%'><col style='width:9%'><col style='width:11%'><col "
                    "style='width:3%'></colgroup>"
                    "<thead><tr><th>Peso</th><th>Codice e nome indicatore</th><th>Descrizione / formula</th>"
                    "<th>Target</th><th>Consuntivo</th><th>% raggiungimento</th><th></th></tr></thead>"
                )
                for r in rows.get(o.code, []):
                    out.append(
                        f"<tr><td class='num'>{e(r.weight)}</td><td>{e(r.code_name)}</td><td>{e(r.description)}</td>"
                        f"<td class='num'>{e(r.target)}</td><td class='num'>{e(r.actual)}</td>"
                        f"<td class='num'>{e(r.pct)}</td><td>{_dot(r.status)}</td></tr>"
                    )
                out.append("</table>")
        part(weight)
    # section 4
    out.append("<h2>4 - Rendicontazione degli obiettivi individuali</h2>")
    out.append("<p>Collegamento tra la performance organizzativa e la performance individuale dei dirigenti.</p>")
    for name, objs, mean in dirigenti_rows(plan, res):
        role = role_without_name(name, plan.dirigenti.get(name, ""))
        out.append(
            f"<h4>{e(name)}{' — ' + e(role) if role else ''}</h4><table class='dir'>"
            "<colgroup><col style='width:16%'><col style='width:66%'><col style='width:18%'></colgroup>"
            "<thead><tr><th>Codice</th><th>Obiettivo operativo</th><th>% raggiungimento</th></tr></thead>"
        )
        out.extend(
            f"<tr><td>{e(o.code)}</td><td>{e(o.name)}</td><td "
            f"class='num'>{_pill(res.objectives.get(o.code), res)}</td></tr>"
            for o in objs
        )
        out.append(
            f"<tr class='total'><td></td><td><b>Performance (media degli obiettivi assegnati)</b></td>"
            f"<td class='num'>{_pill(mean, res)}</td></tr></table>"
        )
    part(sum(2 + len(objs) for _, objs, _ in dirigenti_rows(plan, res)))
    if plan.variations:
        codes = {i.code.strip().casefold() for i in plan.indicators}
        shown = [v for v in plan.variations if v.indicator.strip().casefold() in codes]
        if shown:
            out.append(f"<h2>Variazioni del piano (approvato il {e(plan.approved or '—')})</h2>")
            out.append(
                "<table class='dir'><colgroup>"
                + "".join(f"<col style='width:{w}%'>" for w in (15, 8, 10, 10, 9, 21, 27))
                + "</colgroup><thead><tr><th>Indicatore</th><th>Campo</th><th>Approvato</th><th>Nuovo</th>"
                "<th>Data</th><th>Atto</th><th>Motivazione</th></tr></thead>"
                + "".join(
                    "<tr>"
                    + "".join(
                        f"<td>{e(x)}</td>" for x in (v.indicator, v.field, *variation_values(plan, v), v.date, v.act)
                    )
                    + f"<td>{e(v.reason)}</td></tr>"
                    for v in shown
                )
                + "</table>"
            )
            part(2 + len(shown))
    return head, parts


def _format_trend(row, value) -> str:
    if value is None:
        return "—"
    return f"{value * 100:.0f} %" if row.computed else format_number(value, 2)


def _sparkline(values: list[float | None], width: int = 220, height: int = 60) -> str:
    """An inline SVG line chart (WeasyPrint renders SVG): the trend at a glance."""
    points = [(i, v) for i, v in enumerate(values) if v is not None]
    if len(points) < 2:
        return ""
    lo, hi = min(v for _, v in points), max(v for _, v in points)
    span = (hi - lo) or 1.0
    step = (width - 20) / max(len(values) - 1, 1)
    xy = [(10 + i * step, height - 10 - (v - lo) / span * (height - 20)) for i, v in points]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
    dots = "".join(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{L.TITLE_COLOR}"/>' for x, y in xy)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
        f'<polyline points="{path}" fill="none" stroke="{L.TITLE_COLOR}" stroke-width="1.5"/>{dots}</svg>'
    )


def _trend_html(plan: Plan, res: Results) -> list[str]:
    if not plan.trend:
        return []
    e = html.escape
    years = trend_years(plan)
    out = [
        "<p><b>Andamento pluriennale della gestione dell'ente</b></p><table><tr><th>Indicatore</th><th>Riferimento</th>"
        + "".join(f"<th>{y}</th>" for y in years)
        + "<th>Andamento</th></tr>"
    ]
    for row, values in trend_values(plan, res):
        series = [values.get(y) for y in years]
        out.append(
            f"<tr><td>{e(row.name)}</td><td>{e(row.reference)}</td>"
            + "".join(f"<td class='num'>{e(_format_trend(row, v))}</td>" for v in series)
            + f"<td>{_sparkline(series, 160, 40)}</td></tr>"
        )
    out.append("</table>")
    return out


def dirigenti_rows(plan: Plan, res: Results):
    for name, objs in dirigenti_objectives(plan):
        if objs:
            yield name, objs, plain_mean(res.objectives.get(o.code) for o in objs)


def _quiet_weasyprint() -> None:
    import logging

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)


def _render_pdf(document_html: str) -> bytes:
    """One document to PDF bytes (runs in the helper process too, hence module level)."""
    from weasyprint import HTML

    _quiet_weasyprint()
    return HTML(string=document_html).write_pdf()


def _halves(parts: list[tuple[int, str]]) -> int:
    """Where to cut the parts into two contiguous runs of nearly equal weight (1 ≤ cut < len)."""
    total = sum(w for w, _ in parts)
    leading = list(itertools.accumulate(w for w, _ in parts[:-1]))
    return 1 + min(range(len(leading)), key=lambda i: abs(total - 2 * leading[i]))


def to_pdf(plan: Plan, res: Results, path: Path, progress=None, area: str | None = None) -> Path:
    """The Relazione in PDF.

    WeasyPrint lays out one page after another in one thread, so the parts (page 1, each ambito,
    section 4: each starts on a new page) are cut into two halves laid out at the same time, one in a
    helper process; pypdf joins the pages and stamps "Pagina N di M", which only the joined document
    knows. With one core, one part, or where a helper process cannot start, one document as before.
    """
    say = progress or (lambda _msg: None)
    say("preparazione del PDF (WeasyPrint)")
    from weasyprint import HTML

    _quiet_weasyprint()
    head, parts = html_parts(plan, res, footer=False, area=area)
    if len(parts) > 1 and (os.cpu_count() or 1) > 1:
        cut = _halves(parts)
        first, second = (head + "".join(b for _, b in half) + "</body></html>" for half in (parts[:cut], parts[cut:]))
        say("impaginazione della relazione (due processi)")
        try:
            halves = _render_in_parallel(first, second)
        except (OSError, BrokenProcessPool):
            halves = None
        if halves is not None:
            _join_pdf(halves, head, path, say)
            return path
    say("impaginazione della relazione")
    document = HTML(string=to_html(plan, res, area)).render()
    say(f"scrittura del PDF ({len(document.pages)} pagine)")
    document.write_pdf(str(path))
    return path


def _render_in_parallel(first: str, second: str) -> tuple[bytes, bytes]:
    import multiprocessing

    # fork where there is one (Linux: no second import of WeasyPrint); spawn elsewhere
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        later = pool.submit(_render_pdf, second)
        return _render_pdf(first), later.result()


def _join_pdf(halves: tuple[bytes, bytes], head: str, path: Path, say) -> None:
    import io

    from pypdf import PdfReader, PdfWriter

    readers = [PdfReader(io.BytesIO(pdf)) for pdf in halves]
    writer = PdfWriter()
    for reader in readers:
        for page in reader.pages:
            writer.add_page(page)
    n = len(writer.pages)
    say(f"scrittura del PDF ({n} pagine)")
    # the page numbers: a document of n empty pages carrying only the footer, laid over the pages
    footer_html = head.replace(_css(footer=False), _css()) + '<div style="break-after:page"></div>' * (n - 1)
    footers = PdfReader(io.BytesIO(_render_pdf(footer_html + "<div></div></body></html>"))).pages
    for page, footer in zip(writer.pages, footers, strict=True):
        page.merge_page(footer)
        page.compress_content_streams()
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    writer.add_metadata(readers[0].metadata or {})
    with open(path, "wb") as f:
        writer.write(f)


# --- DOCX (python-docx): tables staff can paste into the Relazione ------------------------------


def to_docx(plan: Plan, res: Results, path: Path, area: str | None = None) -> Path:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    def shade(cell, hex_color: str) -> None:
        props = cell._tc.get_or_add_tcPr()
        shd = OxmlElement("w:shd")
        shd.set(qn("w:val"), "clear")
        shd.set(qn("w:color"), "auto")
        shd.set(qn("w:fill"), hex_color.lstrip("#"))
        props.append(shd)

    def status_cell(cell, pct) -> None:
        fill = L.STATUS_FILLS[res.status(pct)]
        cell.text = format_percent(pct)
        shade(cell, fill.bg)
        run = cell.paragraphs[0].runs[0]
        run.font.bold = True
        run.font.color.rgb = RGBColor.from_string(fill.fg.lstrip("#"))

    def table(headers: list[str]):
        t = doc.add_table(rows=1, cols=len(headers))
        t.style = "Table Grid"
        for cell, h in zip(t.rows[0].cells, headers, strict=False):
            cell.text = h
            shade(cell, L.HEADER_FILL.bg)
            run = cell.paragraphs[0].runs[0]
            run.font.bold = True
            run.font.color.rgb = RGBColor.from_string(L.HEADER_FILL.fg.lstrip("#"))
        return t

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    doc.styles["Normal"].font.size = Pt(9)
    top = headline(plan, res, area)
    doc.add_heading(_title(plan, res, area), 0)
    doc.add_paragraph(plan.ente)
    if plan.changed_after_validation:  # issue 21.3
        doc.add_paragraph().add_run(plan.changed_after_validation).bold = True
    doc.add_heading("1 - Principali risultati raggiunti", 1)
    t = table(["", "%"])
    row = t.add_row().cells
    row[0].text = top.label
    status_cell(row[1], top.pct)
    row = t.add_row().cells
    row[0].text = "Grado di conseguimento degli obiettivi"
    row[1].text = format_percent(top.grado)
    for a in plan.ambiti:
        row = t.add_row().cells
        row[0].text = f"Ambito {a.code} {a.name}"
        status_cell(row[1], res.ambiti.get(a.code))
    for st, text in _legend_text(plan):
        p = doc.add_paragraph()
        r = p.add_run("■ ")
        r.font.color.rgb = RGBColor.from_string(L.STATUS_FILLS[st].fg.lstrip("#"))
        p.add_run(text)
    t = table(["Obiettivo strategico", "%", "Obiettivo operativo", "%"])
    for s in plan.strategic:
        for i, o in enumerate(plan.objectives_in(s.code)):
            row = t.add_row().cells
            if i == 0:
                row[0].text = f"{s.code} {s.name}"
                status_cell(row[1], res.strategic.get(s.code))
            row[2].text = f"{o.code} {o.name}"
            status_cell(row[3], res.objectives.get(o.code))
    if plan.trend and area is None:
        years = trend_years(plan)
        doc.add_paragraph().add_run("Andamento pluriennale della gestione dell'ente").bold = True
        t = table(["Indicatore", "Riferimento"] + [str(y) for y in years])
        for row, values in trend_values(plan, res):
            cells = t.add_row().cells
            cells[0].text, cells[1].text = row.name, row.reference
            for cell, y in zip(cells[2:], years, strict=False):
                cell.text = _format_trend(row, values.get(y))
    doc.add_page_break()
    doc.add_heading("3 - Rendicontazione degli obiettivi strategici e operativi", 1)
    rows = build_rows(plan, res)
    for a in plan.ambiti:
        doc.add_heading(f"Ambito strategico {a.code}: {a.name} — {format_percent(res.ambiti.get(a.code))}", 2)
        for s in plan.strategic_in(a.code):
            pct = res.strategic.get(s.code)
            doc.add_heading(
                f"Obiettivo strategico {s.code} - {s.name} — {format_percent(pct)} ({res.status(pct).value})", 3
            )
            for o in plan.objectives_in(s.code):
                doc.add_paragraph().add_run(
                    f"{o.code} - {o.name} — {format_percent(res.objectives.get(o.code))}"
                ).bold = True
                t = table(
                    [
                        "Peso",
                        "Codice e nome indicatore",
                        "Descrizione / formula",
                        "Target",
                        "Consuntivo",
                        "% raggiungimento",
                    ]
                )
                for row_data in rows.get(o.code, []):
                    cells = t.add_row().cells
                    d = row_data
                    texts = [d.weight, d.code_name, d.description, d.target, d.actual]
                    for cell, text in zip(cells[:5], texts, strict=True):
                        cell.text = text
                    cells[5].text = row_data.pct
                    shade(cells[5], L.STATUS_FILLS[row_data.status].bg)
    doc.add_page_break()
    doc.add_heading("4 - Rendicontazione degli obiettivi individuali", 1)
    for name, objs, mean in dirigenti_rows(plan, res):
        role = role_without_name(name, plan.dirigenti.get(name, ""))
        doc.add_heading(name + (f" — {role}" if role else ""), 3)
        t = table(["Codice", "Obiettivo operativo", "% raggiungimento"])
        for o in objs:
            cells = t.add_row().cells
            cells[0].text, cells[1].text = o.code, o.name
            status_cell(cells[2], res.objectives.get(o.code))
        cells = t.add_row().cells
        cells[1].text = "Performance (media degli obiettivi assegnati)"
        status_cell(cells[2], mean)
    doc.core_properties.title = f"Relazione sulla performance {plan.anno}"
    doc.core_properties.author = "xlperf"
    doc.save(str(path))
    return path
