"""Distribute and collect: one workbook per area, merged back without losing a value.

`distribute` writes, for every organisational area of a master workbook, a copy holding only that
area's objectives and indicators, with targets, weights and operators locked. `plan_merge` compares
the copies that come back with the master, by indicator identity (objective code + indicator code,
falling back to the position within the objective when codes are missing or repeated), and returns
the plain consuntivo/note updates and, separately, every conflict. The writers (file or live book)
apply only what the caller allows.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from . import layout as L
from .errors import XlperfError
from .literals import LiteralError, format_value, is_blank
from .model import Indicator, Level, Plan, Problem
from .readers.workbook import load_sheets, read_sheets, read_workbook
from .target_literals import parse_actual

#: what an area writes (and raccogli brings back): consuntivi, notes, the scostamento's cause, action, evidence
MERGED_FIELDS = ("actual_mid", "actual", "note", "cause", "action", "evidence")
PLAN_FIELDS = {"weight_pct": "peso", "operator": "operatore", "target": "target", "unit": "unità"}


class CollectError(XlperfError):
    """The operation cannot start; the message is Italian."""


def plan_id(plan: Plan) -> str:
    """A stable identifier of a master: ente, year and the set of objective codes."""
    if plan.plan_id:
        return plan.plan_id
    basis = "|".join([plan.ente, str(plan.anno), ",".join(sorted(o.code for o in plan.objectives))])
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "xlperf:" + basis))


def area_plan(plan: Plan, area: str) -> Plan:
    """The part of ``plan`` one area fills in, marked as an area copy of this master."""
    objectives = [o for o in plan.objectives if o.area == area]
    codes = {o.code for o in objectives}
    indicators = [i for i in plan.indicators if i.objective in codes]
    strategic = [s for s in plan.strategic if s.code in {o.strategic for o in objectives}]
    ambiti = [a for a in plan.ambiti if a.code in {s.ambito for s in strategic}]
    return plan.model_copy(
        deep=True,
        update={
            "objectives": objectives,
            "strategic": strategic,
            "ambiti": ambiti,
            "indicators": [i.model_copy(deep=True) for i in indicators],
            "areas": [area],
            "area_heads": {a: d for a, d in plan.area_heads.items() if a == area},
            "area_file": area,
            "plan_id": plan_id(plan),
            "plan_signature": plan_signature(indicators),
            "validated": "",
            "approved": plan.approved,  # shown in the copy's Configurazione; variations live in the master
        },
    )


def plan_signature(indicators: list[Indicator]) -> str:
    """Fingerprint of the plan fields (objective, code, weight, operator, target, unit) of some
    indicators; floats rounded to 9 decimals, so a file saved by LibreOffice (0.0869 for
    0.08689999999999999) signs the same."""
    import hashlib

    def norm(v) -> str:
        return repr(round(v, 9)) if isinstance(v, float) else str(v)

    rows = sorted(
        "|".join(norm(x) for x in (i.objective, i.code, i.weight, i.operator.value, i.target, i.unit))
        for i in indicators
    )
    return hashlib.sha1("\n".join(rows).encode("utf-8")).hexdigest()[:16]


def area_file_name(plan: Plan, area: str) -> str:
    from .area_names import safe_part

    safe = safe_part(area)
    # .xlsx: no macros, no Python; its formulas are native, so it computes on any PC (issue 12)
    return f"PIAO_{plan.anno} - {safe}.xlsx" if plan.anno else f"PIAO - {safe}.xlsx"


def distribute(
    master: Path, out_dir: Path, overwrite: bool = False, period: str | None = None, area: str | None = None
) -> list[Path]:
    """One file per area with indicators, collecting ``period`` (default: the master's Periodo
    valutato); with ``area`` only that area's (re-issued after a variation: the values already
    collected in the master are in it). All or nothing: every file is built into a temporary
    file first, and only when all are ready are they renamed into place; a file already there
    (maybe returned by an area, already filled in) is replaced only with ``overwrite`` (and kept
    as .bak)."""
    import contextlib

    from .files import atomic_output
    from .model import as_period
    from .template import build_workbook

    plan, problems = read_workbook(master)
    errors = [p for p in problems if p.level is Level.ERROR]
    if errors:
        raise CollectError(f"il file principale ha errori ({errors[0]}): correggerli prima di distribuire")
    if plan.area_file:
        raise CollectError(
            f"«{master.name}» è già la copia dell'area «{plan.area_file}»: distribuire dal file principale"
        )
    declared = set(plan.areas)
    orphans = sorted({o.area for o in plan.objectives if o.area not in declared})
    if orphans:
        raise CollectError(
            f"nell'Albero ci sono aree non elencate in Configurazione ({', '.join(orphans)}): i loro "
            "obiettivi non finirebbero in nessun file. Correggere il nome dell'area nell'Albero o in Configurazione"
        )
    if period:
        plan.period = as_period(period)
    jobs: dict[str, tuple[str, Plan]] = {}
    from .area_names import unique_names

    names = unique_names(plan.areas, lambda a: area_file_name(plan, a))
    for each in plan.areas if area is None else [area]:
        sub = area_plan(plan, each)
        if not sub.indicators:
            continue
        name = names[each]
        if name.casefold() in {n.casefold() for n in jobs}:
            other = next(a for n, (a, _) in jobs.items() if n.casefold() == name.casefold())
            raise CollectError(
                f"le aree «{other}» e «{each}» darebbero lo stesso nome di file («{name}»): "
                "rinominare una delle due in Configurazione"
            )
        jobs[name] = (each, sub)
    out_dir.mkdir(parents=True, exist_ok=True)
    existing = [n for n in jobs if (out_dir / n).exists()]
    if existing and not overwrite:
        raise CollectError(
            f"in «{out_dir}» ci sono già {len(existing)} file delle aree (es. «{existing[0]}»), forse già "
            "compilati: nessun file scritto. Scegliere un'altra cartella o aggiungere --sovrascrivi "
            "(le versioni attuali restano come .bak)"
        )
    with contextlib.ExitStack() as stack:
        for name, (_area, sub) in jobs.items():
            tmp = stack.enter_context(atomic_output(out_dir / name, overwrite=overwrite))
            build_workbook(tmp, sub, area_copy=True)
    return [out_dir / n for n in jobs]


# --- identity and comparison ---------------------------------------------------------------


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


def _cell(grid: dict, place: str):
    sheet, cell = place.rsplit("!", 1)
    index = L.cell_index(cell)
    if index is None or sheet not in grid:
        return None
    return grid[sheet].value(index[0] + 1, index[1])


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
            code = _cell(file_grid, f"{where[0]}!{L.entry_col('indicator_code')}{where[1] + 1}")
            out.add((where[0], str(code).strip() if code not in (None, "") else where))
    return out


def _close(a, b) -> bool:
    """Equal, floats to 9 significant digits (LibreOffice saves 0.0869 for 0.08689999999999999)."""
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    return a == b


def _same_value(a, b, ind: Indicator) -> bool:
    if is_blank(a) or is_blank(b):
        return is_blank(a) and is_blank(b)  # N/D typed in the area file is a value, not a blank
    try:
        pa, pb = parse_actual(a, ind.operator), parse_actual(b, ind.operator)
    except LiteralError:
        return str(a).strip() == str(b).strip()
    if ind.unit == "%":  # 95 (points) and 0,95 are one value, as the reader reads them (issue 21.8)
        from .readers.rows import _as_fraction

        pa, pb = _as_fraction(a, pa, lambda *_: None), _as_fraction(b, pb, lambda *_: None)
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
                new, old = _cell(file_grid, a.place(f)), _cell(master_grid, m.place(f))
                if _same_value(new, old, m):
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
    from .copy_reading import copy_refusal

    why = copy_refusal(_cell(file_grid, a.place(field)), a.operator)
    if why:
        message, fix = why.split(": ", 1)
        merge.conflicts.append(_conflict(None, name, a.place(field), message, fix))
    return why is not None


def apply_to_workbook(wb, updates: list[Update]) -> None:
    """Write the updates into an openpyxl workbook (the master file), with a fitting number format."""
    import datetime as dt

    for u in updates:
        sheet, cell = u.place.rsplit("!", 1)
        target = wb[sheet][cell]
        target.value = u.value
        if isinstance(u.value, (dt.date, dt.datetime)):
            target.number_format = L.DATE_FORMAT
        elif u.unit == "%" and isinstance(u.value, (int, float)):
            target.number_format = L.PCT_FORMAT


def collect_file(master: Path, files: list[Path], apply_clean: bool = False, progress=None):
    """Merge area files into the master file: returns (merge, applied, refresh outcome).

    The whole read-merge-write runs under the master's lock: a second collection at the same time
    waits and then reads the master with the first one's values in it."""
    from .files import workbook_lock

    # the area files (untrusted, maybe crafted) are read before taking the master's lock (issue 21.5)
    loaded = {f: load_sheets(f) for f in files if f.suffix.lower() in (".xlsm", ".xlsx")}
    with workbook_lock(master):
        return _collect_locked(master, files, apply_clean, progress, loaded)


def _collect_locked(master: Path, files: list[Path], apply_clean: bool, progress, loaded=None):
    from .aggregate import score_plan
    from .files import temp_next_to
    from .refresh import refresh_file
    from .writers.cell_writer import CellChange, apply_changes, formula_results
    from .writers.package_writer import NotApplicable

    master_grid, problems = load_sheets(master)
    plan, read_problems = read_sheets(master_grid) if not problems else (None, [])
    errors = [p for p in problems + read_problems if p.level is Level.ERROR]
    if errors or plan is None:
        raise CollectError(f"il file principale ha errori ({errors[0]}): correggerli prima di raccogliere")
    merge = plan_merge(plan, master_grid, files, loaded)
    apply = bool(merge.updates) and (not merge.conflicts or apply_clean)
    if not apply:  # nothing to write into the input sheets: only Controlli lists the conflicts
        return merge, False, refresh_file(master, extra_problems=merge.conflicts, progress=progress)
    staged = temp_next_to(master)
    try:
        changes = [CellChange(u.place.rsplit("!", 1)[0], u.place.rsplit("!", 1)[1], u.value) for u in merge.updates]
        changes += received_changes(plan, merge)
        try:  # only the changed cells, and the cached results of the formulas that use them
            apply_changes(master, staged, changes)
            new_plan, _ = read_workbook(staged)
            apply_changes(staged, staged, formula_results(new_plan, score_plan(new_plan), {c.sheet for c in changes}))
        except NotApplicable:  # an unusual package: openpyxl, and the guard below refuses any loss
            received = [Update(f"{c.sheet}!{c.ref}", c.value, "collected") for c in received_changes(plan, merge)]
            _write_with_openpyxl(master, staged, merge.updates + received)
        outcome = refresh_file(
            staged, out=master, extra_problems=merge.conflicts, backup=master, progress=progress, reference=master
        )
    finally:
        if staged.exists():
            staged.unlink()
    return merge, True, outcome


def received_changes(plan: Plan, merge: Merge, now=None) -> list:
    """Configurazione's «Ultima raccolta» of every area whose file was read (where the column is)."""
    import datetime as dt

    from .writers.cell_writer import CellChange

    when = (now or dt.datetime.now()).strftime("%d/%m/%Y %H:%M")
    out = []
    for area, name in merge.areas.items():
        place = plan.collected_places.get(area)
        if place:
            sheet, cell = place.rsplit("!", 1)
            out.append(CellChange(sheet, cell, f"{when} — {name}"))
    return out


def _write_with_openpyxl(master: Path, staged: Path, updates: list[Update]) -> None:
    import warnings

    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(master, keep_vba=master.suffix.lower() == ".xlsm")
    apply_to_workbook(wb, updates)
    wb.save(staged)
