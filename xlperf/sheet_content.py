"""What a writer puts on a sheet, as plain data: values, styles, widths, heights, links, charts, print.

Standard library only: the summary builds these, the writers (package, openpyxl, xlwings, the Calc
bridge) put them in place, and neither side needs the other's imports (numpy, openpyxl, xlwings).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Style:
    bold: bool = False
    italic: bool = False
    size: float | None = None
    fg: str | None = None
    bg: str | None = None
    number_format: str | None = None
    wrap: bool = False
    align: str | None = None  # "left" | "center" | "right"


@dataclass(frozen=True)
class Chart:
    title: str
    kind: str  # "bar" (horizontal) or "line"
    categories: str  # "H4:H11" on the same sheet
    values: str  # "I4:I11"
    anchor: str  # top-left cell
    width_cm: float = 18
    height_cm: float = 11
    #: the value axis: percentages run from 0 % to 100 %, never to 105 %
    axis_min: float = 0.0
    axis_max: float = 1.0


def row_height(texts: list[tuple[str, float]], line: float = 13.0) -> float:
    """Row height in points for wrapped text of given column widths (neither Excel nor
    LibreOffice re-fits rows on opening a file)."""
    lines = 1
    for text, width in texts:
        if text:
            lines = max(lines, -(-len(str(text)) // max(int(width * 1.2), 1)))
    return line * lines + 2


@dataclass
class SheetContent:
    """One sheet's content, from A1: what the refresh writes on an owned sheet."""

    name: str
    rows: list[list] = field(default_factory=list)  # from A1; None = empty cell
    styles: dict[tuple[int, int], Style] = field(default_factory=dict)  # 0-based (row, col)
    widths: dict[int, float] = field(default_factory=dict)
    links: dict[tuple[int, int], str] = field(default_factory=dict)  # -> "'Sheet'!A1"
    charts: list[Chart] = field(default_factory=list)
    heights: dict[int, float] = field(default_factory=dict)  # 0-based row -> points
    #: printed landscape on ``paper`` (xlperf.printing.PAPERS), one page wide; and this many pages tall
    #: (0: as many as needed); the rows the template repeats on every page are ``title_rows`` («7:7»)
    pages_tall: int = 0
    paper: str = "A4"
    title_rows: str = ""

    def fit_rows(self) -> SheetContent:
        """Heights for rows holding wrapped text; big fonts get room too."""
        for r, line in enumerate(self.rows):
            texts = [
                (v, self.widths.get(c, 8.43))
                for c, v in enumerate(line)
                if v is not None and (st := self.styles.get((r, c))) is not None and st.wrap
            ]
            sizes = [st.size for c in range(len(line)) if (st := self.styles.get((r, c))) and st.size]
            candidates = ([row_height(texts)] if texts else []) + [size * 1.6 for size in sizes]
            if candidates:
                self.heights[r] = max(candidates)
        return self

    def put(self, row: int, col: int, value, style: Style | None = None) -> None:
        while len(self.rows) <= row:
            self.rows.append([])
        line = self.rows[row]
        while len(line) <= col:
            line.append(None)
        line[col] = value
        if style is not None:
            self.styles[(row, col)] = style

    def grid(self) -> list[list]:
        """Rectangular copy of the values (what a writer sets in one go)."""
        width = max((len(r) for r in self.rows), default=0)
        return [r + [None] * (width - len(r)) for r in self.rows]
