"""The section model: a small tree every writer renders the same way.

A `Document` is a title page and a flat run of blocks: headings (levels 1-4, the numbering in their
text), paragraphs, tables (header row, column kinds, proportional widths, cells that may carry a status
or a trend chart) and page breaks. Placeholders are paragraphs of kind ``placeholder``: a text the
controllo di gestione has not written yet, visible in every format.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from ..aggregate import Status

Kind = Literal["text", "number", "percent"]
ParagraphKind = Literal["body", "lead", "small", "cause", "action", "note", "placeholder"]


@dataclass(frozen=True)
class Chart:
    """A sparkline of a series; ``alt`` says what it shows in words."""

    values: tuple[float | None, ...]
    alt: str


@dataclass(frozen=True)
class Cell:
    text: str  # "\n" separates lines (a revised target over the approved one)
    status: Status | None = None  # coloured, and always with its words in the text
    bold: bool = False
    chart: Chart | None = None

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


@dataclass
class Table:
    headers: list[str]
    kinds: list[Kind]
    widths: list[float]  # proportions, any scale
    rows: list[list[Cell]] = field(default_factory=list)
    caption: str = ""  # what the table is (PDF/UA: a summary; HTML <caption>)

    def add(self, *cells: Cell | str) -> None:
        self.rows.append([c if isinstance(c, Cell) else Cell(c) for c in cells])


@dataclass(frozen=True)
class Heading:
    level: int  # 1 section, 2 subsection, 3 ambito / obiettivo strategico, 4 obiettivo operativo
    text: str
    status: Status | None = None  # the heading's % coloured in HTML/PDF
    pct: str = ""  # «97,34 %», printed after the text


@dataclass(frozen=True)
class Paragraph:
    text: str
    kind: ParagraphKind = "body"
    lead: str = ""  # a bold lead-in («Cause dello scostamento»)


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Paragraph | Table | PageBreak


@dataclass
class Document:
    title: str
    ente: str
    subtitle: list[str] = field(default_factory=list)  # title-page lines (the adoption act)
    blocks: list[Block] = field(default_factory=list)
    lang: str = "it-IT"
    date: tuple[int, int, int] = (1, 1, 2000)  # (day, month, year): the adoption date, else 1/1 after the plan year

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)

    def texts(self) -> Iterator[str]:
        """Every text a reader sees, in order: what each writer must carry (the test's oracle)."""
        yield self.title
        yield self.ente
        yield from self.subtitle
        for b in self.blocks:
            if isinstance(b, Heading):
                yield b.text
                if b.pct:
                    yield b.pct
            elif isinstance(b, Paragraph):
                if b.lead:
                    yield b.lead
                yield b.text
            elif isinstance(b, Table):
                yield from b.headers
                for row in b.rows:
                    for c in row:
                        yield from (line for line in c.lines if line)
