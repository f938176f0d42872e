"""The workbook builder: puts the sheet modules together (XlsxWriter) with the VBA project."""

from __future__ import annotations

import tempfile
from pathlib import Path

import xlsxwriter
import xlsxwriter.exceptions

from .. import layout as L
from ..aggregate import score_plan
from ..buttons import XLWINGS_SETTINGS
from ..errors import WorkbookError
from ..files import atomic_output, environment_error
from ..model import Indicator, Plan
from ..relazione.content import SHEET as RELAZIONE
from ..vba import build_vba_project
from . import albero, andamento, configurazione, entry, istruzioni, owned, relazione, variazioni
from .book import Book
from .formats import FIXED_DATE, Formats, write_text


class TemplateBuilder(Book):
    """The whole workbook for a plan: sheets in order, VBA project, names, formats."""

    # -- the workbook ------------------------------------------------------------------------
    def build(self, path: Path) -> Path:
        path = Path(path)
        with tempfile.TemporaryDirectory(prefix="xlperf-tpl-") as tmp:
            wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False})
            self.wb = wb
            wb.set_properties(
                {
                    "title": f"PIAO {self.plan.anno or ''} - obiettivi e indicatori",
                    "author": "xlperf",
                    "company": self.plan.ente,
                    "created": FIXED_DATE,
                    "comments": "Creato con xlperf",
                }
            )
            wb.set_calc_mode("auto")
            fmt = Formats(wb, frozen=self.frozen)
            names = [L.ISTRUZIONI, L.CONFIG, L.ALBERO] + [self.sheet_of_area[a] for a in self.areas]
            if not self.native:  # what the button rebuilds, and the button itself: the master's
                names += [
                    L.ANDAMENTO,
                    L.VARIAZIONI,
                    RELAZIONE,
                    L.RIEPILOGO,
                    L.CRUSCOTTO,
                    L.DIRIGENTI,
                    L.CONTROLLI,
                    L.XLWINGS_CONF,
                ]
            sheets = {n: wb.add_worksheet(n) for n in names}
            if not self.native:
                wb.set_vba_name("ThisWorkbook")
                codenames = []
                for i, n in enumerate(names, start=1):
                    sheets[n].set_vba_name(f"Sheet{i}")
                    codenames.append(f"Sheet{i}")
                vba_bin = build_vba_project(codenames, Path(tmp) / "vbaProject.bin")
                wb.add_vba_project(str(vba_bin))

            istruzioni.write(self, sheets[L.ISTRUZIONI], fmt)
            configurazione.write(self, sheets[L.CONFIG], fmt)
            # entry sheets first (Albero's formulas need their ranges)
            by_area: dict[str, list[tuple[int, Indicator]]] = {a: [] for a in self.areas}
            area_of = {o.code: o.area for o in self.plan.objectives}
            for idx, ind in enumerate(self.plan.indicators):
                area = area_of.get(ind.objective) or self.areas[0]
                by_area.setdefault(area, []).append((idx, ind))
            albero_last = L.ALBERO_FIRST_ROW + len(self.plan.objectives) + self.albero_spare - 1
            entry_ranges = {}
            for area in self.areas:
                last = entry.write(self, sheets[self.sheet_of_area[area]], fmt, area, by_area[area], albero_last)
                entry_ranges[area] = (self.sheet_of_area[area], last)
            albero.write(self, sheets[L.ALBERO], fmt, entry_ranges)
            if not self.native:
                self._master_sheets(sheets, fmt)
            sheets[L.ISTRUZIONI].activate()
            wb.close()
        return path

    def _master_sheets(self, sheets, fmt: Formats) -> None:
        andamento.write(self, sheets[L.ANDAMENTO], fmt)
        variazioni.write(self, sheets[L.VARIAZIONI], fmt)
        relazione.write(self, sheets[RELAZIONE], fmt)
        hint = "Premere «Aggiorna riepilogo» per ricostruire questo foglio dai fogli di area."
        owned.write(self, sheets[L.RIEPILOGO], fmt, "Riepilogo", hint, True, collect=True)
        owned.write(self, sheets[L.CRUSCOTTO], fmt, "Cruscotto", hint, True)
        owned.write(self, sheets[L.DIRIGENTI], fmt, "Dirigenti", hint, False)
        owned.write(self, sheets[L.CONTROLLI], fmt, "Controlli", hint, False)
        conf = sheets[L.XLWINGS_CONF]
        for r, (k, v) in enumerate(XLWINGS_SETTINGS):
            write_text(conf, r, 0, k)
            write_text(conf, r, 1, v)
        conf.hide()


def build_workbook(path: str | Path, plan: Plan | None = None, score: bool = True, area_copy: bool = False) -> Path:
    """Write an .xlsm for ``plan`` (an empty template when None); ``area_copy``: the .xlsx of one
    area (`xlperf distribuisci`), native formulas only."""
    plan = plan or Plan(anno=0, areas=list(L.DEFAULT_AREAS))  # a template has no year until `xlperf new`
    results = score_plan(plan) if score and plan.indicators else None
    try:
        return TemplateBuilder(plan, results, area_copy).build(Path(path))
    except xlsxwriter.exceptions.FileCreateError as exc:  # XlsxWriter wraps the OSError (full disk…)
        cause = exc.args[0] if exc.args else None
        for failed in (exc, exc.__context__, cause):  # the half-written zip, now: its __del__ would print
            if isinstance(failed, BaseException):  # a traceback at exit
                _close_zips(failed.__traceback__)
        raise cause if isinstance(cause, OSError) else OSError(str(exc)) from None


def write_workbook_atomic(out: Path, plan: Plan | None, overwrite: bool = False, area_copy: bool = False) -> Path:
    """Build into a temporary file next to ``out``, then move it in place (never half a file);
    an existing file is replaced only with ``overwrite``, and kept as ``.bak``."""
    out = Path(out)
    if out.suffix.lower() != ".xlsm":
        raise WorkbookError(f"«{out.name}»: il file di destinazione deve avere estensione .xlsm (contiene le macro)")
    try:
        with atomic_output(out, overwrite=overwrite) as tmp:
            build_workbook(tmp, plan, area_copy=area_copy)
    except OSError as exc:
        raise environment_error(exc, out) from None
    return out


def _close_zips(tb) -> None:
    """Close the zip files a failed write left open (their own close fails the same way: ignored)."""
    import contextlib
    import zipfile

    while tb is not None:
        for value in list(tb.tb_frame.f_locals.values()):
            if isinstance(value, zipfile.ZipFile):
                with contextlib.suppress(OSError):
                    value.close()
        tb = tb.tb_next
