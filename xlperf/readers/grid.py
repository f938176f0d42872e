"""Grid loading: a workbook file -> every sheet as a grid of values, bounded by the data really there.

python-calamine reads the values (openpyxl where it cannot, or where a sheet has a cell far from
its data); what a values-only read cannot tell — Excel error values, formulas saved without a
result, the cells covered by a merge — is put back from the sheets' XML as markers the readers
report. The same :class:`Sheet` holds a live book's used range (:func:`grid`).
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from pathlib import Path

from .. import layout as L
from ..errors import TooLarge
from ..literals import MERGED, UNCACHED, ExcelErrorValue, col_index, format_number
from ..package import sheet_parts
from .bounds import dense_extent, error_cells


def header_key(text: object) -> str:
    """A header as headers are compared: accents dropped, lower case, runs of spaces as one."""
    raw = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return " ".join(raw.lower().split())


class Sheet:
    """A worksheet as a grid of values (1-based rows, 0-based columns)."""

    def __init__(self, name: str, rows: list[tuple]):
        self.name = name
        self.rows = rows
        self.merges: list[str] = []  # "A5:A7", as the package declares them
        self.far: str | None = None  # a value far outside any table (XFD1048576), ignored and reported

    def set(self, row: int, col: int, value) -> None:
        while len(self.rows) < row:
            self.rows.append(())
        line = list(self.rows[row - 1])
        line += [None] * (col + 1 - len(line))
        line[col] = value
        self.rows[row - 1] = tuple(line)

    def value(self, row: int, col: int):
        if row - 1 < len(self.rows) and col < len(self.rows[row - 1]):
            return self.rows[row - 1][col]
        return None

    def place(self, row: int, col: int) -> str:
        return f"{self.name}!{L.col_letter(col)}{row}"

    def find_header(self, must: list[str], max_row: int = 15) -> tuple[int, dict[str, int]] | None:
        """Row holding all ``must`` headers -> (row, {normalised header: column})."""
        wanted = [header_key(m) for m in must]
        for r in range(1, min(max_row, len(self.rows)) + 1):
            cols = {header_key(v): i for i, v in enumerate(self.rows[r - 1]) if v not in (None, "")}
            if all(w in cols for w in wanted):
                return r, cols
        return None


#: the end of a formula cell saved without a result: no <v>, or an empty one (a cell of type "str"
#: with an empty <v> is a formula whose result is the empty text, and is not one of these)
_NO_RESULT = re.compile(r"(?:</f>|<f\b[^>]*/>)(<v\s*/>|<v></v>)?</c>")
_CELL_START = re.compile(r'<c r="([A-Z]+)(\d+)"([^>]*)>')
_MERGE = re.compile(r'<mergeCell ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')


def _overlay_package_facts(xmls: dict[str, str], sheets: dict[str, Sheet]) -> None:
    """What a values-only read cannot tell, put back from the sheets' XML: Excel error values
    (python-calamine reads ``#DIV/0!`` as an empty cell), formulas saved without a result, and the
    cells covered by a merge (empty below the first). Each becomes a value the row reader reports."""
    for name, sheet in sheets.items():
        xml = xmls.get(name)
        if xml is None:
            continue
        if 't="e"' in xml:
            for letters, row, value in error_cells(xml):  # linear (issue 21.5)
                if int(row) <= MAX_ROWS and col_index(letters) < MAX_COLS:
                    sheet.set(int(row), col_index(letters), ExcelErrorValue(value))
        if "<f" in xml:  # only the few cells ending without a result are looked at closely
            for m in _NO_RESULT.finditer(xml):
                start = _CELL_START.match(xml, xml.rfind("<c ", 0, m.start()))
                if start is None:
                    continue
                letters, row, attrs = start.groups()
                uncached = m.group(1) is None or 't="str"' not in attrs
                if uncached and int(row) <= MAX_ROWS and col_index(letters) < MAX_COLS:
                    sheet.set(int(row), col_index(letters), UNCACHED)
        height, width = len(sheet.rows) + 1, max((len(r) for r in sheet.rows), default=0) + 1

        for c1, r1, c2, r2 in _MERGE.findall(xml):
            sheet.merges.append(f"{c1}{r1}:{c2}{r2}")
            # bounded by the data actually there: a merge over a whole column allocates nothing
            for r in range(int(r1), min(int(r2), height) + 1):
                for c in range(col_index(c1), min(col_index(c2), width) + 1):
                    if (r, c) != (int(r1), col_index(c1)):
                        sheet.set(r, c, MERGED)


#: reads are bounded by the data really there: a stray value in XFD1048576 must not make a reader
#: allocate a 16 384 × 1 048 576 grid (python-calamine aborts the process)
MAX_ROWS, MAX_COLS = 300_000, 300
_CELL_REF = re.compile(r'<c r="([A-Z]+)(\d+)"')


def _sheet_xml(path: Path) -> dict[str, str]:
    """Every worksheet's XML by sheet name (read once for the checks below)."""
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        return {
            name: zf.read(part).decode("utf-8", "replace") for name, part in sheet_parts(zf).items() if part in names
        }


def _far_sheets(xmls: dict[str, str]) -> dict[str, tuple[int, int, str]]:
    """Sheets whose declared extent is beyond the bounds -> (last real row, last real column,
    first cell beyond the bounds)."""
    out = {}
    for name, xml in xmls.items():
        # the declared <dimension> is not trusted (a file can lie): the cells say it (issue 21.5)
        far, last_row, last_col = None, 0, 0
        for letters, row in _CELL_REF.findall(xml):
            r, c = int(row), col_index(letters)
            if r > MAX_ROWS or c >= MAX_COLS:
                far = far or f"{letters}{row}"
            else:
                last_row, last_col = max(last_row, r), max(last_col, c)
        if far:
            out[name] = (last_row, last_col + 1, far)
    return out


def load_grid(path: Path) -> dict[str, Sheet]:
    """Every sheet's values (cached results for formulas; nothing is evaluated).

    python-calamine (Rust) reads a 30 000-row workbook about 15× faster than openpyxl's read-only
    mode; openpyxl stays as the fallback where calamine cannot read a file.
    """
    xmls = _sheet_xml(path)
    for name, xml in xmls.items():  # the rectangle a reader would allocate, from the cells really there
        _rows, _cols, worst = dense_extent(xml, MAX_ROWS, MAX_COLS)
        if worst:
            raise TooLarge(
                f"il foglio «{name}» ha una cella in {worst}, lontana dai dati: leggerlo richiederebbe "
                f"{format_number(_rows, 0)} righe × {_cols} colonne"
            )
    far = _far_sheets(xmls)
    if far:
        sheets = load_grid_openpyxl(path, bounds={n: (r, c) for n, (r, c, _) in far.items()})
        for name, (_r, _c, cell) in far.items():
            sheets[name].far = cell
        _overlay_package_facts(xmls, sheets)
        return sheets
    try:
        from python_calamine import CalamineWorkbook

        wb = CalamineWorkbook.from_path(str(path))
        sheets = {
            name: Sheet(name, [tuple(r) for r in wb.get_sheet_by_name(name).to_python(skip_empty_area=False)])
            for name in wb.sheet_names
        }
    except Exception:  # noqa: BLE001 - let openpyxl try, and report if it fails too
        sheets = load_grid_openpyxl(path)
    _overlay_package_facts(xmls, sheets)
    return sheets


def load_grid_openpyxl(path: Path, bounds: dict[str, tuple[int, int]] | None = None) -> dict[str, Sheet]:
    """openpyxl's read-only reader; ``bounds``: sheet -> (rows, columns) to read at most."""
    import warnings

    import openpyxl

    bounds = bounds or {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about validations/extensions it skips
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_vba=False)
    try:
        out = {}
        for ws in wb.worksheets:
            rows, cols = bounds.get(ws.title, (None, None))
            if ws.title in bounds:
                ws.reset_dimensions()  # the declared dimension is the stray cell's: ignore it
            out[ws.title] = Sheet(
                ws.title,
                [tuple(r) for r in ws.iter_rows(max_row=rows, max_col=cols, values_only=True)] if rows != 0 else [],
            )
        return out
    finally:
        wb.close()


def grid(name: str, rows) -> Sheet:
    """A sheet from a 2-D list of values (e.g. a live book's used range)."""
    if rows is None:
        rows = []
    elif rows and not isinstance(rows[0], (list, tuple)):
        rows = [rows]
    return Sheet(name, [tuple(r) for r in rows])


def cell_value(sheets: dict[str, Sheet], place: str):
    """The value at ``place`` («Area 2!J5») of a workbook's grids; None for a sheet or cell not there."""
    sheet, cell = place.rsplit("!", 1)
    index = L.cell_index(cell)
    if index is None or sheet not in sheets:
        return None
    return sheets[sheet].value(index[0] + 1, index[1])
