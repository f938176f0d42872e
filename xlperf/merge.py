"""What the area copies bring back, compared with the master: `plan_merge`.

Copies are matched to the master by indicator identity (objective code + indicator code, falling
back to the position within the objective when codes are missing or repeated); the result is the
plain consuntivo/note updates and, separately, every conflict, each with the master's and the area
file's cell. The writers (file or live book) apply only what the caller allows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from . import layout as L
from .area_identity import plan_id, plan_signature
from .copy_reading import copy_refusal
from .literals import LiteralError, format_value, is_blank
from .model import Indicator, Level, Plan, Problem
from .readers.grid import cell_value
from .readers.rows import as_fraction
from .readers.workbook import load_sheets, read_sheets
from .target_literals import parse_actual

#: what an area writes (and raccogli brings back): consuntivi, notes, the scostamento's cause, action, evidence
MERGED_FIELDS = ("actual_mid", "actual", "note", "cause", "action", "evidence")
PLAN_FIELDS = {"weight_pct": "peso", "operator": "operatore", "target": "target", "unit": "unità"}


def identity_keys(indicators: list[Indicator]) -> dict[tuple, Indicator]:
    """(objective, code) where the code is present and unique in its objective, else (objective, '#', position)."""
    counts: dict[tuple[str, str], int] = {}
    for ind in indicators:
        counts[(ind.objective, ind.code)] = counts.get((ind.objective, ind.code), 0) + 1
    position: dict[str, int] = {}
    keys: dict[tuple, Indicator] = {}
    for ind in indicators:
        n = position[ind.objective] = position.get(ind.objective, 0) + 1
        if ind.code and counts[(ind.objective, ind.code)] == 1:
            keys[(ind.objective, ind.code)] = ind
        else:
            keys[(ind.objective, "#", n)] = ind
    return keys


@dataclass
class Update:
    place: str  # master cell, "Area 2!J5"
    value: object  # raw cell value from the area file
    field: str
    unit: str = ""


@dataclass
class Merge:
    updates: list[Update] = field(default_factory=list)
    conflicts: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # areas merged cleanly or partly
    areas: dict[str, str] = field(default_factory=dict)  # area -> the file read for it


def _conflict(master_place: str | None, file_name: str, file_place: str | None, message: str, fix: str) -> Problem:
    where = master_place or f"{file_name} › {file_place}"
    both = []
    if master_place:
        both.append(f"principale {master_place}")
    if file_place:
        both.append(f"{file_name} {file_place}")
    return Problem(level=Level.ERROR, place=where, message=f"{message} ({'; '.join(both)})", fix=fix)


def _row_of(place: str) -> tuple[str, int] | None:
    """(sheet, row) of «Area 2!L4»; None for a place that is not a cell."""
    sheet, _, cell = place.rpartition("!")
    index = L.cell_index(cell)
    return (sheet, index[0]) if sheet and index else None


def _unreadable_rows(file_grid: dict, problems: list[Problem]) -> set[tuple[str, object]]:
    """(sheet, indicator code) — or (sheet, (sheet, row)) for a row without a code — of the rows of
    an area file with an error at one of their cells."""
    out: set[tuple[str, object]] = set()
    for p in problems:
        where = _row_of(p.place) if p.level is Level.ERROR else None
        if where:
            code = cell_value(file_grid, f"{where[0]}!{L.entry_col('indicator_code')}{where[1] + 1}")
            out.add((where[0], str(code).strip() if code not in (None, "") else where))
    return out


def _close(a, b) -> bool:
    """Equal, floats to 9 significant digits (LibreOffice saves 0.0869 for 0.08689999999999999)."""
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    return a == b


def same_value(a, b, ind: Indicator) -> bool:
    """The value of an area file's cell and of the master's are one value for ``ind``: both blank,
    equal as ``ind`` reads them (95 and 0,95 in a % row; floats to 9 significant digits), or the
    same text where they cannot be read."""
    if is_blank(a) or is_blank(b):
        return is_blank(a) and is_blank(b)  # N/D typed in the area file is a value, not a blank
    try:
        pa, pb = parse_actual(a, ind.operator), parse_actual(b, ind.operator)
    except LiteralError:
        return str(a).strip() == str(b).strip()
    if ind.unit == "%":  # 95 (points) and 0,95 are one value, as the reader reads them (issue 21.8)
        pa, pb = as_fraction(a, pa, lambda *_: None), as_fraction(b, pb, lambda *_: None)
    return _close(pa, pb)


def _same_plan_field(f: str, m: Indicator, a: Indicator) -> bool:
    if f == "weight_pct":
        return _close(float(m.weight), float(a.weight))
    if f == "operator":
        return m.operator == a.operator
    if f == "unit":
        return m.unit == a.unit
    return _close(m.target, a.target)


def _field_text(ind: Indicator, f: str) -> str:
    if f == "weight_pct":
        return format_value(ind.weight)
    if f == "operator":
        return ind.operator.value
    if f == "unit":
        return ind.unit
    return format_value(ind.target, ind.unit)


def _plan_change(label: str, in_master: str, in_area: str, area_untouched: bool) -> tuple[str, str]:
    """(message, fix) for a plan field that differs: which side changed it, when it can be told."""
    values = f"{in_master or '—'} nel principale, {in_area or '—'} nel file dell'area"
    if area_untouched:
        return (
            f"{label} modificato nel file principale dopo la distribuzione: {values}",
            "raccogliere gli altri valori (--applica-solo-senza-conflitti), poi ridistribuire all'area il file "
            "aggiornato (xlperf distribuisci --area NOME --sovrascrivi): contiene già i valori raccolti, l'area "
            "completa solo quelli che mancano",
        )
    return (
        f"{label} modificato nel file dell'area: {values}",
        "i dati di programmazione si cambiano solo nel file principale: correggere il file dell'area",
    )


def plan_merge(master: Plan, master_grid: dict, files: list[Path], loaded: dict | None = None) -> Merge:
    """What the area files bring: clean consuntivo/note updates and every conflict, with places.
    ``loaded``: path -> load_sheets(path), read beforehand (without holding the master's lock)."""
    merge = Merge()
    pid = plan_id(master)
    area_of = {o.code: o.area for o in master.objectives}
    seen_areas: dict[str, str] = {}
    for path in files:
        name = path.name
        if loaded is not None and path in loaded:
            file_grid, fproblems = loaded[path]
        elif path.suffix.lower() in (".xlsm", ".xlsx"):
            file_grid, fproblems = load_sheets(path)
        else:
            file_grid, fproblems = (
                {},
                [Problem(level=Level.ERROR, place=name, message="non è una cartella di lavoro .xlsm/.xlsx")],
            )
        if fproblems:
            merge.conflicts.append(
                _conflict(None, name, "file", fproblems[0].message, "inviare di nuovo il file dell'area")
            )
            continue
        fplan, fproblems = read_sheets(file_grid)
        if not fplan.area_file:
            merge.conflicts.append(
                _conflict(
                    None,
                    name,
                    L.config_cell("XP_AreaFile"),
                    "il file non è una copia per area (xlperf distribuisci)",
                    "raccogliere solo i file prodotti da «xlperf distribuisci»",
                )
            )
            continue
        if fplan.anno != master.anno:
            merge.conflicts.append(
                _conflict(
                    L.config_cell("XP_Anno"),
                    name,
                    L.config_cell("XP_Anno"),
                    f"il file è dell'anno {fplan.anno}, il principale del {master.anno}",
                    "usare il file dell'anno giusto",
                )
            )
            continue
        if fplan.plan_id != pid:
            merge.conflicts.append(
                _conflict(
                    L.config_cell("XP_IdPiano"),
                    name,
                    L.config_cell("XP_IdPiano"),
                    "il file proviene da un altro file principale (identificativo del piano diverso)",
                    "raccogliere i file distribuiti da questo file principale",
                )
            )
            continue
        area = fplan.area_file
        if area in seen_areas:
            merge.conflicts.append(
                _conflict(
                    None,
                    name,
                    L.config_cell("XP_AreaFile"),
                    f"secondo file per l'area «{area}» (il primo è {seen_areas[area]}): ignorato",
                    "tenere un solo file per area",
                )
            )
            continue
        seen_areas[area] = merge.areas[area] = name
        for p in fproblems:
            if p.level is Level.ERROR:
                merge.conflicts.append(_conflict(None, name, p.place, p.message, p.fix))
        # the area file still signs as distributed: what differs was changed in the master since
        area_untouched = bool(fplan.plan_signature) and plan_signature(fplan.indicators) == fplan.plan_signature
        master_rows = identity_keys([i for i in master.indicators if area_of.get(i.objective) == area])
        file_rows = identity_keys(fplan.indicators)
        for key, ind in file_rows.items():
            if key not in master_rows:
                merge.conflicts.append(
                    _conflict(
                        None,
                        name,
                        ind.source,
                        f"riga aggiunta nel file dell'area (obiettivo {ind.objective}, «{ind.name}»)",
                        "aggiungere l'indicatore nel file principale, poi ridistribuire",
                    )
                )
        # rows the area file has but could not read (a value refused above, at its cell): not «missing»
        unreadable = _unreadable_rows(file_grid, fproblems)
        for key, m in master_rows.items():
            a = file_rows.get(key)
            if a is None and (m.source.rpartition("!")[0], m.code or _row_of(m.source)) in unreadable:
                continue
            if a is None:
                merge.conflicts.append(
                    _conflict(
                        m.source,
                        name,
                        None,
                        f"riga mancante nel file dell'area (obiettivo {m.objective}, «{m.name}»)",
                        "verificare con l'area: la riga è stata cancellata",
                    )
                )
                continue
            differing = [label for f, label in PLAN_FIELDS.items() if not _same_plan_field(f, m, a)]
            for f, label in PLAN_FIELDS.items():
                if label in differing:
                    merge.conflicts.append(
                        _conflict(
                            m.place(f),
                            name,
                            a.place(f),
                            *_plan_change(label, _field_text(m, f), _field_text(a, f), area_untouched),
                        )
                    )
            if differing:
                continue  # a consuntivo against a changed target is not merged
            unread = [f for f in ("actual_mid", "actual") if f in a.places and _refused(file_grid, a, f, name, merge)]
            if unread:
                continue  # the copy computed another % (or none): the area rewrites it first
            for f in MERGED_FIELDS:
                if f not in a.places or f not in m.places:  # a file made before the column existed
                    continue
                new, old = cell_value(file_grid, a.place(f)), cell_value(master_grid, m.place(f))
                if same_value(new, old, m):
                    continue
                if is_blank(new):  # emptied in the area copy (it was distributed with the master's value)
                    merge.conflicts.append(
                        _conflict(
                            m.place(f),
                            name,
                            a.place(f),
                            f"valore cancellato nel file dell'area: il principale ha {format_value(old, m.unit)}",
                            "se il valore va tolto, cancellarlo nel file principale; altrimenti riscriverlo nel "
                            "file dell'area (per un dato non disponibile scrivere N/D)",
                        )
                    )
                    continue
                if is_blank(old):
                    merge.updates.append(Update(m.place(f), new, f, m.unit))
                else:
                    merge.conflicts.append(
                        _conflict(
                            m.place(f),
                            name,
                            a.place(f),
                            f"valore già presente nel principale ({format_value(old)}) e diverso da quello dell'area "
                            f"({format_value(new)})",
                            "decidere quale valore vale e correggerlo nel file principale",
                        )
                    )
        merge.files.append(name)
    return merge


def _refused(file_grid: dict, a: Indicator, field: str, name: str, merge: Merge) -> bool:
    """A value the area copy's native formulas read otherwise than the core (copy_reading.py):
    a conflict at the area file's cell, saying what to write."""
    why = copy_refusal(cell_value(file_grid, a.place(field)), a.operator)
    if why:
        message, fix = why.split(": ", 1)
        merge.conflicts.append(_conflict(None, name, a.place(field), message, fix))
    return why is not None
