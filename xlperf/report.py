"""The Relazione sulla performance in HTML, PDF and DOCX: one section model (xlperf.relazione.build)
rendered by three writers, so every format carries the same sections, causes, actions, variations and
notes.

The PDF is tagged PDF/UA-1 and PDF/A-2a, laid out by Typst in one process (benchmarks/bench_relazione.py
measures it against WeasyPrint); the building blocks (indicator rows, headline, title, legend,
dirigenti) live in xlperf.relazione.rows and are re-exported here.
"""

from __future__ import annotations

from pathlib import Path

from .aggregate import Results
from .model import Plan
from .relazione import docx_writer, html_writer, pdf_writer
from .relazione.build import GenderAppraisal, build_document
from .relazione.rows import (
    LEGEND,
    Headline,
    ReportRow,
    approved_target,
    build_rows,
    dirigenti_rows,
    headline,
    legend_text,
    title,
)

__all__ = [
    "LEGEND",
    "Headline",
    "ReportRow",
    "approved_target",
    "build_rows",
    "dirigenti_rows",
    "headline",
    "legend_text",
    "title",
    "to_docx",
    "to_html",
    "to_pdf",
]


def to_html(plan: Plan, res: Results, area: str | None = None, appraisal: GenderAppraisal | None = None) -> str:
    """``area``: ``plan`` is that area's part (collect.area_plan) and ``res`` the whole plan's scores."""
    return html_writer.to_html(build_document(plan, res, area, appraisal))


def to_pdf(
    plan: Plan,
    res: Results,
    path: Path,
    progress=None,
    area: str | None = None,
    appraisal: GenderAppraisal | None = None,
) -> Path:
    say = progress or (lambda _msg: None)
    say("impaginazione della relazione (Typst, PDF/UA-1 e PDF/A-2a)")
    pdf = pdf_writer.to_pdf_bytes(build_document(plan, res, area, appraisal))
    Path(path).write_bytes(pdf)
    return Path(path)


def to_docx(
    plan: Plan, res: Results, path: Path, area: str | None = None, appraisal: GenderAppraisal | None = None
) -> Path:
    return docx_writer.to_docx(build_document(plan, res, area, appraisal), Path(path))
