"""Repeated problems grouped: one line per level, sheet and kind of message, with the rows.

«Monitoraggio 30/06 mancante» on 300 rows is one line per area («Staff!K9, K91–K99 (62 celle)»),
for the CLI and the Controlli sheet; the full list stays available (``check --tutti``, the
Controlli rows below the groups).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from .layout import cell_index
from .model import Level, Problem

#: a group of at least this many problems is shown as one line
GROUP_FROM = 3
#: cell ranges named on a group's line (then «…»)
MAX_RANGES = 4
#: what varies between repeated messages: codes, quoted values, numbers
_VARYING = re.compile(r"«[^»]*»|\b\d{2}_\d{2}_[A-Z]+_?\d+\S*|(?<![/\d])\d+(?:[.,]\d+)*(?:\s?%)?(?![/\d])")


def kind_of(message: str) -> str:
    """The message with what varies from row to row (codes, values, numbers) replaced by «…»."""
    return _VARYING.sub("…", message)


@dataclass
class Group:
    level: Level
    sheet: str
    kind: str
    fix: str
    problems: list[Problem] = field(default_factory=list)

    @property
    def first(self) -> Problem:
        return self.problems[0]

    def cells(self) -> str:
        """«K9, K91–K99»: the cells of the group, consecutive rows of one column as a range."""
        refs = [p.place.rsplit("!", 1)[1] if "!" in p.place else p.place for p in self.problems]
        parsed = [(ref, cell_index(ref)) for ref in refs]
        out: list[str] = []
        run: list[tuple[str, tuple[int, int]]] = []

        def flush() -> None:
            if run:
                out.append(run[0][0] if len(run) == 1 else f"{run[0][0]}–{run[-1][0]}")
                run.clear()

        for ref, idx in parsed:
            if idx is None:
                flush()
                out.append(ref)
                continue
            if run and (idx[1] != run[-1][1][1] or idx[0] != run[-1][1][0] + 1):
                flush()
            run.append((ref, idx))
        flush()
        shown = out[:MAX_RANGES] + (["…"] if len(out) > MAX_RANGES else [])  # the full list has them all
        return ", ".join(shown)

    def place(self) -> str:
        if len(self.problems) == 1:
            return self.first.place
        return f"{self.sheet}!{self.cells()}" if self.sheet else self.cells()

    def message(self) -> str:
        """The words the messages share, then «…» where they differ, and how many cells."""
        if len(self.problems) == 1:
            return self.first.message
        texts = [p.message for p in self.problems]
        kinds = {kind_of(t) for t in texts}
        common = os.path.commonprefix(texts)
        if len(kinds) == 1:  # the same sentence with other codes and numbers
            common = kinds.pop()
        elif common != texts[0]:
            common = common[: common.rfind(" ") + 1] + "…"
        return f"{common} ({len(self.problems)} celle)"

    def line(self) -> str:
        fix = f" — {self.fix}" if self.fix else ""
        return f"{self.level.value.upper()} {self.place()}: {self.message()}{fix}"


def group(problems: list[Problem], at_least: int = GROUP_FROM) -> list[Group]:
    """Errors first, then warnings; problems of the same level, sheet, kind and fix together (a
    group smaller than ``at_least`` is split back into single problems), in order of appearance."""
    groups: dict[tuple, Group] = {}
    for p in sorted(problems, key=lambda p: p.level is not Level.ERROR):
        if "!" not in p.place or not p.groupable:  # a sheet, a file, a fact of its own: kept whole
            groups[(id(p),)] = Group(p.level, "", p.message, p.fix, [p])
            continue
        sheet = p.place.rsplit("!", 1)[0]
        # the fix is the same for one kind of check; the first words tell checks with one fix apart
        key = (p.level, sheet, " ".join(kind_of(p.message).split()[:3]), kind_of(p.fix))
        if key not in groups:
            groups[key] = Group(p.level, sheet, key[2], p.fix)
        groups[key].problems.append(p)
    out: list[Group] = []
    for g in groups.values():
        if len(g.problems) >= at_least:
            out.append(g)
        else:
            out += [Group(p.level, g.sheet, g.kind, p.fix, [p]) for p in g.problems]
    return out


def screenful(problems: list[Problem], lines: int = 30) -> list[str]:
    """The grouped problems in at most ``lines`` lines, the last saying where the rest is."""
    groups = group(problems)
    text = [g.line() for g in groups]
    if len(text) <= lines:
        return text
    rest = groups[lines - 1 :]
    n = sum(len(g.problems) for g in rest)
    more = f"… e altri {n} problemi: elenco completo nel foglio Controlli o con xlperf check --tutti"
    return text[: lines - 1] + [more]
