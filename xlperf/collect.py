"""Distribute and collect: one workbook per area, merged back without losing a value.

`distribute` writes, for every organisational area of a master workbook, a copy holding only that
area's objectives and indicators, with targets, weights and operators locked. `collect_file` reads
the copies that come back, compares them with the master (merge.py) and writes the clean values
into the master's input cells, under its lock, then refreshes it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import warnings
from pathlib import Path

from . import layout as L
from .aggregate import score_plan
from .area_identity import area_file_name, area_plan
from .area_names import unique_names
from .errors import CollectError
from .files import atomic_output, temp_next_to, workbook_lock
from .merge import Merge, Update, plan_merge
from .model import Level, Plan, as_period
from .readers.workbook import load_sheets, read_sheets, read_workbook
from .refresh import refresh_file
from .template import build_workbook
from .writers.cell_writer import CellChange, apply_changes, formula_results
from .writers.package_writer import NotApplicable


def distribute(
    master: Path, out_dir: Path, overwrite: bool = False, period: str | None = None, area: str | None = None
) -> list[Path]:
    """One file per area with indicators, collecting ``period`` (default: the master's Periodo
    valutato); with ``area`` only that area's (re-issued after a variation: the values already
    collected in the master are in it). All or nothing: every file is built into a temporary
    file first, and only when all are ready are they renamed into place; a file already there
    (maybe returned by an area, already filled in) is replaced only with ``overwrite`` (and kept
    as .bak)."""
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


def apply_to_workbook(wb, updates: list[Update]) -> None:
    """Write the updates into an openpyxl workbook (the master file), with a fitting number format."""
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
    # the area files (untrusted, maybe crafted) are read before taking the master's lock (issue 21.5)
    loaded = {f: load_sheets(f) for f in files if f.suffix.lower() in (".xlsm", ".xlsx")}
    with workbook_lock(master):
        return _collect_locked(master, files, apply_clean, progress, loaded)


def _collect_locked(master: Path, files: list[Path], apply_clean: bool, progress, loaded=None):
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
    when = (now or dt.datetime.now()).strftime("%d/%m/%Y %H:%M")
    out = []
    for area, name in merge.areas.items():
        place = plan.collected_places.get(area)
        if place:
            sheet, cell = place.rsplit("!", 1)
            out.append(CellChange(sheet, cell, f"{when} — {name}"))
    return out


def _write_with_openpyxl(master: Path, staged: Path, updates: list[Update]) -> None:
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(master, keep_vba=master.suffix.lower() == ".xlsm")
    apply_to_workbook(wb, updates)
    wb.save(staged)
