"""What every package part writer shares: namespaces, content types, the 'not applicable' signal."""

from __future__ import annotations

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT_DRAWING = "application/vnd.openxmlformats-officedocument.drawing+xml"
CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
T_DRAWING = f"{REL}/drawing"
T_CHART = f"{REL}/chart"


class NotApplicable(Exception):
    """The package is not what a part writer expects: the caller falls back, with this reason."""
