"""The section model as one HTML page (lang="it", <th scope>, captions, alt text on the charts, status
colours with WCAG AA contrast and their words beside them)."""

from __future__ import annotations

import html

from .. import layout as L
from .doc import Cell, Chart, Document, Heading, PageBreak, Paragraph, Table

FONT = '"Carlito", "Calibri", "DejaVu Sans", Arial, sans-serif'
CSS = f"""
body {{ font-family: {FONT}; font-size: 10pt; color: #1b1b1b; max-width: 60em; margin: 2em auto; padding: 0 1em; }}
h1, h2, h3, h4, h5 {{ color: {L.TITLE_COLOR}; }}
h1 {{ font-size: 18pt; border-bottom: 1.5pt solid {L.TITLE_COLOR}; }}
h3 {{ background: #D9E1F2; padding: 0.2em 0.4em; }}
h4 {{ background: #EDF1F9; padding: 0.2em 0.4em; }}
.front {{ text-align: center; margin: 4em 0; }}
.front .title {{ font-size: 26pt; font-weight: bold; color: {L.TITLE_COLOR}; }}
table {{ border-collapse: collapse; width: 100%; margin: 0.4em 0 1em 0; table-layout: fixed; }}
caption {{ text-align: left; font-weight: bold; padding: 0.2em 0; }}
th {{ background: {L.HEADER_FILL.bg}; color: {L.HEADER_FILL.fg}; text-align: left; padding: 0.2em 0.4em; }}
td {{ border-bottom: 0.5pt solid #BFBFBF; padding: 0.2em 0.4em; vertical-align: top; overflow-wrap: anywhere; }}
.number, .percent {{ text-align: right; }}
.pct {{ padding: 0 0.3em; border-radius: 0.2em; font-weight: bold; }}
.placeholder {{ background: #FFF2CC; border: 1pt dashed #9C5700; padding: 0.3em; }}
.small {{ color: #595959; font-size: 9pt; }}
"""


def _style(cell: Cell) -> str:
    if cell.status is None:
        return ""
    fill = L.STATUS_FILLS[cell.status]
    return f' style="background:{fill.bg};color:{fill.fg}"'


def sparkline(chart: Chart, width: int = 160, height: int = 40) -> str:
    """An inline SVG line chart with its text alternative (role="img" + <title>)."""
    points = [(i, v) for i, v in enumerate(chart.values) if v is not None]
    if len(points) < 2:
        return html.escape(chart.alt)
    lo, hi = min(v for _, v in points), max(v for _, v in points)
    span = (hi - lo) or 1.0
    step = (width - 20) / max(len(chart.values) - 1, 1)
    xy = [(10 + i * step, height - 10 - (v - lo) / span * (height - 20)) for i, v in points]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
    dots = "".join(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{L.TITLE_COLOR}"/>' for x, y in xy)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
        f'<polyline points="{path}" fill="none" stroke="{L.TITLE_COLOR}" stroke-width="1.5"/>{dots}</svg>'
    )


def _cell(cell: Cell, kind: str) -> str:
    e = html.escape
    if cell.chart is not None:
        alt = e(cell.chart.alt)
        return f'<td><span role="img" aria-label="{alt}" title="{alt}">{sparkline(cell.chart)}</span></td>'
    text = "<br>".join(e(line) for line in cell.lines)
    if cell.bold:
        text = f"<b>{text}</b>"
    return f'<td class="{kind}"{_style(cell)}>{text}</td>'


def _table(t: Table) -> str:
    e = html.escape
    total = sum(t.widths) or 1
    cols = "".join(f'<col style="width:{w / total * 100:.1f}%">' for w in t.widths)
    head = "".join(f'<th scope="col">{e(h)}</th>' for h in t.headers)
    body = "".join("<tr>" + "".join(_cell(c, k) for c, k in zip(row, t.kinds, strict=True)) + "</tr>" for row in t.rows)
    caption = f"<caption>{e(t.caption)}</caption>" if t.caption else ""
    return f"<table>{caption}<colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def to_html(doc: Document) -> str:
    e = html.escape
    out = [
        f'<!DOCTYPE html><html lang="{doc.lang[:2]}"><head><meta charset="utf-8">'
        f"<title>{e(doc.title)}</title><style>{CSS}</style></head><body>",
        f'<header class="front"><p class="title">{e(doc.title)}</p><p>{e(doc.ente)}</p>'
        + "".join(f"<p>{e(s)}</p>" for s in doc.subtitle)
        + "</header>",
    ]
    for b in doc.blocks:
        if isinstance(b, Heading):
            pct = f' <span class="pct"{_style(Cell("", b.status))}>{e(b.pct)}</span>' if b.pct else ""
            out.append(f"<h{b.level}>{e(b.text)}{pct}</h{b.level}>")
        elif isinstance(b, Paragraph):
            lead = f"<b>{e(b.lead)}</b>: " if b.lead else ""
            text = f"<b>{e(b.text)}</b>" if b.kind == "lead" else e(b.text)
            out.append(f'<p class="{b.kind}">{lead}{text}</p>')
        elif isinstance(b, Table):
            out.append(_table(b))
        elif isinstance(b, PageBreak):
            continue
    out.append("</body></html>")
    return "\n".join(out)
