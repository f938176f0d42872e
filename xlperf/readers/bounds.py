"""Untrusted area files can't exhaust the machine (issue 21.5): work bounded by what the package
really holds, not by what it declares.

* :func:`shared_parts` — many sheet entries pointing at one part would be read (and counted by the
  size guard) once per entry: refused;
* :func:`dense_extent` — the rectangle a values reader allocates is the one from A1 to the last
  real cell (python-calamine ignores a `<dimension>` that lies and allocates for the far cell):
  a rectangle beyond :data:`MAX_CELLS` is refused, naming the cell that makes it so;
* :func:`error_cells` — Excel error values found in one linear pass (a regex that searched for the
  value across self-closing cells was quadratic in their number).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator

from ..literals import col_index
from ..package import sheet_parts

#: cells of the rectangle a reader may allocate for one sheet: the 30 000-indicator plan's area
#: sheets are ~30 000 × 30; one far cell can ask for 16 384 × 1 048 576 (python-calamine aborts)
MAX_CELLS = 3_000_000
_CELL = re.compile(r'<c r="([A-Z]{1,3})(\d{1,7})"([^>]*?)(/?)>')
_VALUE = re.compile(r"<v>([^<]*)</v>")


def shared_parts(zf: zipfile.ZipFile) -> list[str]:
    """Parts named by more than one sheet entry of the workbook."""
    try:
        parts = sheet_parts(zf)
    except Exception:  # noqa: BLE001 - an unreadable workbook.xml: the readers report it
        return []
    seen: dict[str, int] = {}
    for part in parts.values():
        seen[part] = seen.get(part, 0) + 1
    return sorted(p for p, n in seen.items() if n > 1)


def dense_extent(xml: str, max_rows: int, max_cols: int) -> tuple[int, int, str | None]:
    """(rows, columns) of the rectangle holding every cell within (max_rows, max_cols), and the
    cell that makes that rectangle exceed :data:`MAX_CELLS` (None when it does not)."""
    rows = cols = 0
    worst, worst_area = None, 0
    for m in _CELL.finditer(xml):
        r, c = int(m.group(2)), col_index(m.group(1))
        if r > max_rows or c >= max_cols:
            continue  # beyond the bounds: the caller reads around it and reports it
        rows, cols = max(rows, r), max(cols, c + 1)
        if r * (c + 1) > worst_area:
            worst, worst_area = f"{m.group(1)}{m.group(2)}", r * (c + 1)
    return rows, cols, (worst if rows * cols > MAX_CELLS else None)


def error_cells(xml: str) -> Iterator[tuple[str, str, str]]:
    """(column letters, row, value) of every cell of type «e» with a value, in one pass: each cell's
    value is looked for only up to the next cell."""
    for m in _CELL.finditer(xml):
        if m.group(4) or 't="e"' not in m.group(3):
            continue
        end = xml.find("<c ", m.end())
        v = _VALUE.search(xml, m.end(), end if end != -1 else len(xml))
        if v:
            yield m.group(1), m.group(2), v.group(1)
