"""`xlperf refresh FILE`: rebuild the owned sheets of a workbook file, safely.

* the input is read by the same readers as everywhere else, and never changed;
* only Riepilogo, Cruscotto, Dirigenti and Controlli are rewritten (openpyxl writer);
* what openpyxl would silently drop is checked: the VBA project, every button (VML drawing with its
  macro), tables, data validations, conditional formats and defined names of the input sheets
  must survive, otherwise nothing is written;
* the new file is written next to the old one, checked, then moved in place atomically; the
  previous file is kept as ``FILE.bak``.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import warnings
import zipfile
from pathlib import Path

from . import layout as L
from .aggregate import Results, score_plan
from .model import Plan, Problem
from .readers.workbook import check_package, read_workbook
from .summary import build_layouts
from .validate import validate
from .writers.openpyxl_writer import write_layouts


class RefreshError(Exception):
    """Refresh refused; the message is Italian and the file is untouched."""


_MACRO = re.compile(r"<x:FmlaMacro>([^<]*)</x:FmlaMacro>")


def _inventory(path: Path) -> dict[str, object]:
    """What must survive a rewrite, read straight from the package and from openpyxl."""
    import openpyxl

    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        macros = sorted(m for n in names if n.startswith("xl/drawings/") and n.endswith(".vml")
                        for m in _MACRO.findall(zf.read(n).decode("utf-8", "replace")))
        vba = zf.read("xl/vbaProject.bin") if "xl/vbaProject.bin" in names else None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(path, keep_vba=True)
    inputs = [ws for ws in wb.worksheets if ws.title not in L.OWNED_SHEETS]
    return {
        "vba": vba,
        "buttons": macros,
        "tables": sorted((ws.title, t) for ws in inputs for t in ws.tables),
        "validations": sorted((ws.title, str(dv.sqref)) for ws in inputs for dv in ws.data_validations.dataValidation),
        "conditional": sorted((ws.title, str(cf.sqref)) for ws in inputs for cf in ws.conditional_formatting),
        "names": sorted(wb.defined_names),
        "sheets": [ws.title for ws in inputs],
    }


_LABELS = {
    "vba": "il progetto VBA (macro)", "buttons": "i pulsanti con le loro macro", "tables": "le tabelle",
    "validations": "gli elenchi a discesa (convalida dati)", "conditional": "la formattazione condizionale",
    "names": "i nomi definiti", "sheets": "i fogli di inserimento",
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


def _locked(path: Path) -> bool:
    return (path.parent / f"~${path.name}").exists()


def refresh_file(path: str | Path, out: str | Path | None = None, strict: bool = False) -> tuple[Plan, Results, list[Problem], Path]:
    """Rebuild the owned sheets; write to ``out`` (default: in place, with ``.bak``)."""
    import openpyxl

    path = Path(path)
    out = Path(out) if out else path
    if path.suffix.lower() not in (".xlsm", ".xlsx"):
        raise RefreshError(f"«{path.name}» non è una cartella di lavoro .xlsm/.xlsx")
    if _locked(out):
        raise RefreshError(f"«{out.name}» è aperto in Excel (esiste ~${out.name}): chiuderlo o usare il pulsante nel file")
    unreadable = check_package(path)
    if unreadable:
        raise RefreshError(f"{unreadable[0].message}: {unreadable[0].fix}")
    plan, problems = read_workbook(path)
    problems = problems + validate(plan, strict=strict)
    results = score_plan(plan)
    before = _inventory(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(path, keep_vba=path.suffix.lower() == ".xlsm")
    write_layouts(wb, build_layouts(plan, results, problems))
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".~xlperf-", suffix=out.suffix, dir=out.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        wb.save(tmp)
        _check_kept(before, _inventory(tmp))
        shutil.copymode(path, tmp)
        if out == path:
            shutil.copy2(path, path.with_name(path.name + ".bak"))
        os.replace(tmp, out)
    except PermissionError:
        raise RefreshError(f"impossibile scrivere «{out}»: il file è aperto o la cartella è protetta. Chiuderlo e riprovare") from None
    finally:
        if tmp.exists():
            tmp.unlink()
    return plan, results, problems, out
