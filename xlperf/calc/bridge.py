"""What the Calc extension asks the controllo di gestione's Python (``python -m xlperf.calc.bridge``).

stdin: ``{"azione": "aggiorna" | "raccogli", "sheets": {name: rows of wire values}, "files": [...],
"applica": bool}``; stdout: ``{"layouts": [...], "ente": ..., "errori": n, "updates": [[place,
value]], "conflitti": n, "applicato": bool}`` or ``{"errore": "…"}`` (Italian). The sheets are read,
scored and laid out by the same code as the button in Excel (``excel.read_book`` / ``summarise``
over the values grids, as ``excel.book_sheets`` gives them) and ``uno_sheets.py`` writes the result.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

from .. import layout as L
from ..excel import read_book, summarise
from ..readers.grid import grid
from ..sheet_content import SheetContent
from ..writers.xlwings_writer import style_runs
from . import wire


def _style(style) -> dict:
    keys = ("bold", "italic", "size", "fg", "bg", "number_format", "wrap", "align")
    return {k: getattr(style, k) for k in keys if getattr(style, k)}


def layout_data(layout: SheetContent) -> dict:
    """A summary layout as plain data for ``uno_sheets.write_layout``."""
    return {
        "name": layout.name,
        "rows": [[wire.encode(v) for v in row] for row in layout.rows],
        "style_runs": [[_style(st), ranges] for st, ranges in style_runs(layout).items()],
        "widths": sorted(layout.widths.items()),
        "heights": sorted(layout.heights.items()),
        "links": [[r, c, t] for (r, c), t in sorted(layout.links.items())],
        "charts": [asdict(chart) for chart in layout.charts],
    }


def _grids(sheets: dict) -> dict:
    return {
        name: grid(name, [[wire.decode(v) for v in row] for row in rows])
        for name, rows in sheets.items()
        if name not in L.OWNED_SHEETS and name != L.XLWINGS_CONF
    }


def answer(request: dict) -> dict:
    sheets = _grids(request.get("sheets") or {})
    plan, problems = read_book(None, sheets)
    out: dict = {"updates": [], "conflitti": 0, "applicato": False}
    if request.get("azione") == "raccogli":
        from ..merge import plan_merge

        merge = plan_merge(plan, sheets, [Path(p) for p in request.get("files") or []])
        applied = bool(merge.updates) and (not merge.conflicts or bool(request.get("applica")))
        if applied:
            for u in merge.updates:
                name, cell = u.place.rsplit("!", 1)
                r, c = L.cell_ref(cell)
                sheets[name].set(r + 1, c, u.value)
            plan, problems = read_book(None, sheets)
        problems = merge.conflicts + problems
        out.update(
            updates=[[u.place, wire.encode(u.value)] for u in merge.updates] if applied else [],
            conflitti=len(merge.conflicts),
            da_scrivere=len(merge.updates),
            applicato=applied,
        )
    layouts, outcome = summarise(plan, problems)
    out.update(outcome, layouts=[layout_data(x) for x in layouts])
    return out


def main() -> int:
    try:
        request = json.load(sys.stdin)
        response = answer(request)
    except Exception as exc:  # noqa: BLE001 - the extension shows the message, never a traceback
        from ..errors import XlperfError

        if isinstance(exc, XlperfError):
            response = {"errore": str(exc)}
        else:
            response = {"errore": f"errore interno di xlperf ({type(exc).__name__}: {exc})"}
    json.dump(response, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
