"""The workbook being built, as the sheet modules see it: the plan, its scores and the kind of file."""

from __future__ import annotations

import xlsxwriter

from .. import layout as L
from ..aggregate import Results
from ..model import Plan
from .formats import ALBERO_SPARE_ROWS


class Book:
    """What every sheet module reads: the plan, its results, whether this is an area copy, the
    areas and their sheet names; ``wb`` is the XlsxWriter workbook while it is written."""

    wb: xlsxwriter.Workbook

    def __init__(self, plan: Plan, results: Results | None, area_copy: bool = False):
        """``area_copy``: a workbook for one area (`xlperf distribuisci`): plan fields locked, no
        spare rows, Albero and Configurazione read-only; only consuntivi and notes editable."""
        self.plan = plan
        self.res = results
        self.frozen = area_copy
        # an area copy (.xlsx) computes with native formulas only: no VBA, no xlwings, no PERF_*
        self.native = area_copy
        self.entry_spare = 0 if area_copy else L.ENTRY_SPARE_ROWS
        self.albero_spare = 0 if area_copy else ALBERO_SPARE_ROWS
        self.areas = plan.areas or list(L.DEFAULT_AREAS)
        self.sheet_of_area = L.area_sheet_names(self.areas)
