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

import os
import shutil
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path

from . import layout as L
from .aggregate import Results, score_plan
from .errors import WorkbookError
from .model import Level, Plan, Problem
from .package import inventory
from .readers.workbook import read_workbook
from .summary import build_layouts, monitoring
from .validate import validate
from .writers.openpyxl_writer import write_layouts
from .writers.package_writer import rewrite_package


class RefreshError(WorkbookError):
    """Refresh refused; the message is Italian and the file is untouched."""


_LABELS = {
    "vba": "il progetto VBA (macro)", "buttons": "i pulsanti con le loro macro", "tables": "le tabelle",
    "validations": "gli elenchi a discesa (convalida dati)", "conditional": "la formattazione condizionale",
    "names": "i nomi definiti", "sheets": "i fogli di inserimento", "charts": "i grafici dei fogli di inserimento",
    "shapes": "le forme e le caselle di testo dei fogli di inserimento",
    "controls": "i controlli modulo salvati da Excel (pulsanti)", "printer": "le impostazioni della stampante",
}


def _check_kept(before: dict, after: dict) -> None:
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
        raise RefreshError(f"«{out.name}»: un file .xlsx non può contenere le macro di «{path.name}» (pulsanti e "
                           "funzioni PERF_*): usare l'estensione .xlsm. Nessun file scritto")
    raise RefreshError(f"«{out.name}»: il file di destinazione deve avere estensione {src}, come «{path.name}». "
                       "Nessun file scritto")


def _locked(path: Path) -> bool:
    return (path.parent / f"~${path.name}").exists()


def _write_with_openpyxl(path: Path, tmp: Path, layouts) -> None:
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(path, keep_vba=path.suffix.lower() == ".xlsm")
    except Exception as exc:  # noqa: BLE001 - malformed or hostile package (e.g. XML entities)
        raise RefreshError(f"impossibile aprire «{path.name}» per aggiornarlo ({type(exc).__name__}): "
                           "aprirlo in Excel e salvarlo di nuovo come .xlsm") from None
    write_layouts(wb, layouts)
    wb.save(tmp)


def _fsync(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def _temp_next_to(target: Path) -> Path:
    fd, name = tempfile.mkstemp(prefix=".~xlperf-", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    return Path(name)


def refresh_file(path: str | Path, out: str | Path | None = None, strict: bool = False,
                 progress: Callable[[str], None] | None = None, period: str | None = None,
                 extra_problems: list[Problem] = (), backup: Path | None = None,
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
    if _locked(out):
        raise RefreshError(f"«{out.name}» è aperto in Excel (esiste ~${out.name}): chiuderlo o usare il pulsante nel file")
    say("lettura dei fogli")
    plan, problems = read_workbook(path)
    fatal = [p for p in problems if p.level is Level.ERROR and p.place == path.name]
    if fatal:  # the package itself could not be read: no summary of an empty plan
        raise RefreshError(f"{fatal[0].message}: {fatal[0].fix}")
    problems = list(extra_problems) + problems + validate(plan, strict=strict)
    if period:
        plan.period = period
    say(f"calcolo di {len(plan.indicators)} indicatori")
    results = score_plan(plan)
    say("costruzione di Riepilogo, Cruscotto, Dirigenti e Controlli")
    layouts = build_layouts(plan, results, problems, monitoring(plan, results))
    try:
        before = inventory(path, L.OWNED_SHEETS)
    except Exception as exc:  # noqa: BLE001 - malformed or hostile package (e.g. XML entities)
        raise RefreshError(f"impossibile aprire «{path.name}» per aggiornarlo ({type(exc).__name__}): "
                           "aprirlo in Excel e salvarlo di nuovo come .xlsm") from None
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temp_next_to(out)
    bak_tmp = None
    try:
        say("scrittura dei fogli di riepilogo")
        if not rewrite_package(path, tmp, layouts):  # only the owned parts; else the whole workbook via openpyxl
            _write_with_openpyxl(path, tmp, layouts)
        _check_kept(before, inventory(tmp, L.OWNED_SHEETS))
        shutil.copymode(path, tmp)
        _fsync(tmp)
        backup = backup or (path if out == path else None)
        if backup is not None:
            bak_tmp = _temp_next_to(backup)
            shutil.copy2(backup, bak_tmp)
            _fsync(bak_tmp)
            os.replace(bak_tmp, backup.with_name(backup.name + ".bak"))
        os.replace(tmp, out)
    except PermissionError:
        raise RefreshError(f"impossibile scrivere «{out}»: il file è aperto o la cartella è protetta. Chiuderlo e riprovare") from None
    finally:
        for leftover in (tmp, bak_tmp):
            if leftover is not None and leftover.exists():
                leftover.unlink()
    return plan, results, problems, out
