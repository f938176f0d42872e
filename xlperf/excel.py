"""What the «Aggiorna riepilogo» button runs: refresh(book) = read → score → summarise → write.

The input sheets are only read; only Riepilogo, Cruscotto, Dirigenti and Controlli are written.
"""

from __future__ import annotations

from . import layout as L
from .aggregate import score_plan
from .literals import plural
from .model import Level
from .readers.grid import grid
from .readers.workbook import read_sheets
from .summary import build_layouts, monitoring
from .validate import validate
from .writers.xlwings_writer import write_layouts


def book_sheets(book) -> dict:
    """Every input sheet of a live book as a grid of values (one read of its used range)."""
    return {
        sheet.name: grid(sheet.name, sheet.used_range.options(ndim=2).value)
        for sheet in book.sheets
        if sheet.name not in L.OWNED_SHEETS and sheet.name != L.XLWINGS_CONF
    }


def read_book(book, sheets: dict | None = None):
    """The input sheets of a live book (or their grids, already read) -> (plan, problems)."""
    plan, problems = read_sheets(sheets if sheets is not None else book_sheets(book))
    return plan, problems + validate(plan)


def summarise(plan, problems) -> tuple[list, dict]:
    """Score and lay out a plan read from a live book: (owned sheets' layouts, Ente % and error count)."""
    results = score_plan(plan)
    layouts = build_layouts(plan, results, problems, monitoring(plan, results))
    return layouts, {"ente": results.ente, "errori": sum(1 for p in problems if p.level is Level.ERROR)}


def refresh(book) -> dict:
    """Rebuild the owned sheets of ``book``; returns a small summary (Ente %, error count)."""
    layouts, outcome = summarise(*read_book(book))
    write_layouts(book, layouts)
    return outcome


def refresh_caller() -> None:  # pragma: no cover - needs Excel; the remote engine test runs refresh()
    import xlwings as xw

    book = xw.Book.caller()
    outcome = refresh(book)
    if outcome["errori"]:
        book.sheets[L.CONTROLLI].activate()
        book.app.alert(
            f"Riepilogo aggiornato. Ci sono {plural(outcome['errori'], 'errore', 'errori')} nei dati: "
            "vedere il foglio Controlli.",
            title="xlperf",
        )
    else:
        book.sheets[L.CRUSCOTTO].activate()


def collect(book, paths: list[str], apply_clean: bool = False):
    """The «Raccogli file aree» button: merge area files into the open master through xlwings."""
    from pathlib import Path

    from .merge import plan_merge

    sheets = book_sheets(book)
    plan, problems = read_book(book, sheets)
    merge = plan_merge(plan, sheets, [Path(p) for p in paths])
    apply = bool(merge.updates) and (not merge.conflicts or apply_clean)
    if apply:
        for u in merge.updates:
            sheet, cell = u.place.rsplit("!", 1)
            book.sheets[sheet].range(cell).value = u.value
        plan, problems = read_book(book)
    results = score_plan(plan)
    write_layouts(book, build_layouts(plan, results, merge.conflicts + problems, monitoring(plan, results)))
    return merge, apply


def collect_caller(paths: str) -> None:  # pragma: no cover - needs Excel; collect() is tested on the remote engine
    import xlwings as xw

    book = xw.Book.caller()
    files = [p for p in paths.split("|") if p]
    merge, applied = collect(book, files)
    if merge.conflicts and merge.updates and not applied:
        answer = book.app.alert(
            f"{len(merge.conflicts)} conflitti (vedere Controlli). Scrivere comunque i "
            f"{len(merge.updates)} valori senza conflitti?",
            title="xlperf",
            buttons="yes_no",
        )
        if answer == "yes":
            collect(book, files, apply_clean=True)
    book.sheets[L.CONTROLLI if merge.conflicts else L.RIEPILOGO].activate()
