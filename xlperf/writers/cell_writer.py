"""Change a few cells of input sheets inside the package, everything else byte for byte.

`xlperf raccogli` writes the consuntivi and notes the areas sent into the master: a handful of
cells. Rewriting the whole workbook through openpyxl dropped text boxes, the cached results of
formulas and the file's permissions. Here only the ``<c>`` elements of the changed cells change
(their style kept; a date gets the same style with a date format), plus the cached results of the
formulas that depend on them (``% raggiungimento``, ``Stato``, the objective's % on Albero), so that
every spreadsheet application shows the new figures before it recalculates.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from defusedxml import ElementTree as ET

from ..layout import DATE_FORMAT, albero_col, cell_ref, entry_col
from ..package import sheet_parts
from .parts import NotApplicable
from .sheet_part import cell_xml
from .styles_part import Styles
from .xml import number, text

_EPOCH = dt.datetime(1899, 12, 30)


@dataclass(frozen=True)
class CellChange:
    sheet: str
    ref: str  # "K5"
    value: object  # None, number, text, bool, date
    formula_result: bool = False  # True: only the cached result of the formula in the cell changes


def _serial(value: dt.date) -> float:
    stamp = value if isinstance(value, dt.datetime) else dt.datetime(value.year, value.month, value.day)
    return (stamp - _EPOCH).total_seconds() / 86400.0


def _find_cell(xml: str, ref: str) -> re.Match | None:
    return re.search(rf'<c r="{ref}"(?=[\s/>])[^>]*?(?:/>|>.*?</c>)', xml, re.S)


def _style(element: str) -> int:
    m = re.search(r'\ss="(\d+)"', element.split(">", 1)[0])
    return int(m.group(1)) if m else 0


def with_cached_result(element: str, value) -> str:
    """The formula cell ``element`` (its ``<c>`` XML) with ``value`` as its cached result; the
    formula and the style kept."""
    head, rest = element.split(">", 1)
    formula = re.search(r"<f\b[^>]*/>|<f\b[^>]*>.*?</f>", rest, re.S)
    if formula is None:
        raise NotApplicable("no formula in a formula cell")
    head = re.sub(r'\st="\w+"', "", head)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{head}>{formula.group(0)}<v>{number(value)}</v></c>"
    return f'{head} t="str">{formula.group(0)}<v>{text("" if value is None else value)}</v></c>'


def insert_cell(xml: str, ref: str, element: str) -> str:
    """``xml`` (a worksheet part) with ``element``, the cell ``ref`` that has no element yet, put
    into its row in column order (the row created if needed)."""
    row, col = cell_ref(ref)
    m = re.search(rf'<row r="{row + 1}"(?=[\s>/])[^>]*?(?:/>|>.*?</row>)', xml, re.S)
    if m is None:
        rows = [(int(r.group(1)), r.start()) for r in re.finditer(r'<row r="(\d+)"', xml)]
        at = next((start for number_, start in rows if number_ > row + 1), xml.index("</sheetData>"))
        return xml[:at] + f'<row r="{row + 1}">{element}</row>' + xml[at:]
    block = m.group(0)
    if block.endswith("/>"):
        new = block[:-2] + f">{element}</row>"
    else:
        cells = [(cell_ref(c.group(1))[1], c.start()) for c in re.finditer(r'<c r="([A-Z]+\d+)"', block)]
        at = next((start for c, start in cells if c > col), block.rindex("</row>"))
        new = block[:at] + element + block[at:]
    return xml[: m.start()] + new + xml[m.end() :]


def apply_changes(src: Path, dst: Path, changes: list[CellChange]) -> None:
    """``dst`` = ``src`` with ``changes``; every other part and every other cell byte for byte."""
    with zipfile.ZipFile(src) as zin:
        infos = zin.infolist()
        files = {i.filename: zin.read(i.filename) for i in infos}
        parts = sheet_parts(zin)
    styles = Styles(files["xl/styles.xml"].decode("utf-8"))
    by_sheet: dict[str, list[CellChange]] = {}
    for change in changes:
        by_sheet.setdefault(change.sheet, []).append(change)
    for sheet, sheet_changes in by_sheet.items():
        part = parts[sheet]
        xml = files[part].decode("utf-8")
        for change in sheet_changes:
            m = _find_cell(xml, change.ref)
            if change.formula_result:
                if m is None:
                    continue
                new = with_cached_result(m.group(0), change.value)
            else:
                s = _style(m.group(0)) if m else 0
                value = change.value
                if isinstance(value, (dt.date, dt.datetime)):
                    s, value = styles.with_number_format(s, DATE_FORMAT), _serial(value)
                new = cell_xml(change.ref, value, s)
            xml = xml[: m.start()] + new + xml[m.end() :] if m else insert_cell(xml, change.ref, new)
        ET.fromstring(xml.encode("utf-8"))  # well-formed, or nothing is written
        files[part] = xml.encode("utf-8")
    files["xl/styles.xml"] = styles.render().encode("utf-8")
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in infos:
            zout.writestr(info, files[info.filename], compress_type=zipfile.ZIP_DEFLATED)


def formula_results(plan, results, sheets_changed: set[str]) -> list[CellChange]:
    """Cached results for the % raggiungimento and Stato of every indicator on the changed sheets
    and the % and Stato of their objectives on Albero (columns from the layout spec)."""
    entry_pct, entry_status = entry_col("pct"), entry_col("status")
    albero_pct, albero_status = albero_col("pct"), albero_col("status")
    out: list[CellChange] = []
    touched_objectives = set()
    for ind, pct in zip(plan.indicators, results.indicators, strict=False):
        sheet, cell = ind.source.rsplit("!", 1)
        if sheet not in sheets_changed:
            continue
        row = cell_ref(cell)[0] + 1
        out.append(CellChange(sheet, f"{entry_pct}{row}", "N/D" if pct is None else pct, formula_result=True))
        out.append(CellChange(sheet, f"{entry_status}{row}", results.status(pct).value, formula_result=True))
        touched_objectives.add(ind.objective)
    for o in plan.objectives:
        if o.code in touched_objectives and "!" in o.source:
            sheet, cell = o.source.rsplit("!", 1)
            row = cell_ref(cell)[0] + 1
            pct = results.objectives.get(o.code)
            out.append(CellChange(sheet, f"{albero_pct}{row}", "N/D" if pct is None else pct, formula_result=True))
            out.append(CellChange(sheet, f"{albero_status}{row}", results.status(pct).value, formula_result=True))
    return out


__all__ = ["CellChange", "apply_changes", "formula_results", "insert_cell", "with_cached_result"]
