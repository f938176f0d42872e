"""`xlperf refresh FILE`: rebuild the owned sheets of a workbook file, safely.

* the input is read by the same readers as everywhere else, and never changed;
* only Riepilogo, Cruscotto, Dirigenti and Controlli are rewritten: by the package writer (only
  the owned parts of the zip change) or, where it does not apply, by openpyxl;
* the result is checked before it replaces anything: the VBA project, every button (VML drawing
  with its macro), tables, data validations, conditional formats, charts and defined names of the
  input sheets must survive, otherwise nothing is written;
* the new file is written next to the old one, checked, then moved in place atomically; the
  previous file is kept as ``FILE.bak``.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

from . import layout as L
from .aggregate import Results, score_plan
from .errors import RefreshError
from .files import commit, environment_error, temp_next_to, workbook_lock
from .model import Level, Plan, Problem, as_period
from .package import inventory
from .readers.workbook import read_workbook
from .summary import build_layouts, monitoring
from .validate import validate
from .writers.package_writer import rewrite_package

_LABELS = {
    "vba": "il progetto VBA (macro)",
    "buttons": "i pulsanti con le loro macro",
    "tables": "le tabelle",
    "validations": "gli elenchi a discesa (convalida dati)",
    "conditional": "la formattazione condizionale",
    "names": "i nomi definiti",
    "sheets": "i fogli di inserimento",
    "charts": "i grafici dei fogli di inserimento",
    "shapes": "le forme e le caselle di testo dei fogli di inserimento",
    "controls": "i controlli modulo salvati da Excel (pulsanti)",
    "printer": "le impostazioni della stampante",
}


def check_kept(before: dict, after: dict) -> None:
    """Refuse (:class:`RefreshError`, naming what) when ``after``, the inventory of the rewritten
    package, lost anything of ``before`` (package.inventory): VBA, buttons, tables, validations…"""
    lost = []
    for key, label in _LABELS.items():
        if key == "buttons":
            if not set(before[key]) <= set(after[key]):
                lost.append(label)
        elif before[key] != after[key] and not (key == "vba" and before[key] is None):
            lost.append(label)
    if lost:
        raise RefreshError(
            "l'aggiornamento perderebbe " + ", ".join(lost) + ": file non modificato. "
            "Aprire il file in Excel e usare il pulsante «Aggiorna riepilogo»"
        )


def _check_out_suffix(path: Path, out: Path) -> None:
    """The output is the same kind of package as the input: an .xlsm keeps its VBA project and its
    macro-enabled content type, which a file named .xlsx cannot carry (Excel refuses to open it)."""
    src, dst = path.suffix.lower(), out.suffix.lower()
    if dst == src:
        return
    if src == ".xlsm" and dst == ".xlsx":
        raise RefreshError(
            f"«{out.name}»: un file .xlsx non può contenere le macro di «{path.name}» (pulsanti e "
            "funzioni PERF_*): usare l'estensione .xlsm. Nessun file scritto"
        )
    raise RefreshError(
        f"«{out.name}»: il file di destinazione deve avere estensione {src}, come «{path.name}». Nessun file scritto"
    )


def _write_with_openpyxl(path: Path, tmp: Path, layouts) -> None:
    import openpyxl

    from .writers.openpyxl_writer import write_layouts  # only for unusual packages: not on the fast path

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(path, keep_vba=path.suffix.lower() == ".xlsm")
    except Exception as exc:  # noqa: BLE001 - malformed or hostile package (e.g. XML entities)
        raise RefreshError(
            f"impossibile aprire «{path.name}» per aggiornarlo ({type(exc).__name__}): "
            "aprirlo in Excel e salvarlo di nuovo come .xlsm"
        ) from None
    write_layouts(wb, layouts)
    wb.save(tmp)


def refresh_file(
    path: str | Path,
    out: str | Path | None = None,
    strict: bool = False,
    progress: Callable[[str], None] | None = None,
    period: str | None = None,
    extra_problems: Sequence[Problem] = (),
    backup: Path | None = None,
    reference: Path | None = None,
) -> tuple[Plan, Results, list[Problem], Path]:
    """Rebuild the owned sheets; write to ``out`` (default: in place, with ``.bak``).

    Crash safety: the new file and the backup are each written to a temporary file in the same
    folder, flushed to disk and then renamed, so a kill at any moment leaves the original intact
    (or the new file complete) and never a half-written ``.bak``.
    """
    say = progress or (lambda _msg: None)
    path = Path(path)
    out = Path(out) if out else path
    if path.suffix.lower() not in (".xlsm", ".xlsx"):
        raise RefreshError(f"«{path.name}» non è una cartella di lavoro .xlsm/.xlsx")
    _check_out_suffix(path, out)
    if not out.parent.exists():
        raise RefreshError(f"la cartella «{out.parent}» non esiste: crearla o indicare un'altra destinazione")
    with workbook_lock(out):  # the input is only read (a rename never shows half a file)
        try:
            return _refresh_locked(path, out, strict, say, period, extra_problems, backup, reference or path)
        except OSError as exc:
            raise environment_error(exc, out) from None


def _refresh_locked(
    path: Path,
    out: Path,
    strict: bool,
    say: Callable[[str], None],
    period: str | None,
    extra_problems: Sequence[Problem],
    backup: Path | None,
    reference: Path,
) -> tuple[Plan, Results, list[Problem], Path]:
    say("lettura dei fogli")
    plan, problems = read_workbook(path)
    fatal = [p for p in problems if p.level is Level.ERROR and p.place == path.name]
    if fatal:  # the package itself could not be read: no summary of an empty plan
        raise RefreshError(f"{fatal[0].message}: {fatal[0].fix}")
    if period:  # validated at the period it is scored at, as `load` does
        plan.period = as_period(period)
    problems = list(extra_problems) + problems + validate(plan, strict=strict)
    say(f"calcolo di {len(plan.indicators)} indicatori")
    results = score_plan(plan)
    say("costruzione di Riepilogo, Cruscotto, Dirigenti e Controlli")
    layouts = build_layouts(plan, results, problems, monitoring(plan, results))
    try:
        before = inventory(reference, L.OWNED_SHEETS)  # the user's file, not an intermediate copy
    except Exception as exc:  # noqa: BLE001 - malformed or hostile package (e.g. XML entities)
        raise RefreshError(
            f"impossibile aprire «{path.name}» per aggiornarlo ({type(exc).__name__}): "
            "aprirlo in Excel e salvarlo di nuovo come .xlsm"
        ) from None
    tmp = temp_next_to(out)
    try:
        say("scrittura dei fogli di riepilogo")
        outcome = rewrite_package(path, tmp, layouts)  # only the owned parts; else the whole workbook
        if not outcome.written:
            say(f"pacchetto insolito ({outcome.reason}): riscrittura con openpyxl")
            _write_with_openpyxl(path, tmp, layouts)
        check_kept(before, inventory(tmp, L.OWNED_SHEETS))
        commit(tmp, out, backup=backup or (path if out == path else None), mode_from=out if out.exists() else path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return plan, results, problems, out
