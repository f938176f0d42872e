"""Builds the PIAO workbook (.xlsm) from the layout spec, with XlsxWriter, on any OS.

XlsxWriter (not openpyxl) because it writes what openpyxl cannot: the VBA project, form-control
buttons bound to a macro, tables, validations and conditional formats, and cached formula
results, so the file shows its numbers even before Excel recalculates. Output is deterministic:
same plan, same bytes.

One module per sheet (``istruzioni``, ``configurazione``, ``albero``, ``entry``, ``andamento``,
``owned``), the shared formats in ``formats``, the assembly in ``builder``.
"""

from __future__ import annotations

from .builder import TemplateBuilder, build_workbook, write_workbook_atomic

__all__ = ["TemplateBuilder", "build_workbook", "write_workbook_atomic"]
