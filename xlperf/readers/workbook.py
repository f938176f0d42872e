"""Workbook (.xlsx/.xlsm) -> Plan: the public entry point of the readers. Problems name sheet!cell.

Read-only and values only: formulas typed where values belong are read as their cached result and
never evaluated; no macro is run. The rooms behind it: the package guard (package_guard.py), the
grid of values (grid.py), the Configurazione reader (configurazione.py), the tables of Albero,
Andamento, Variazioni and the entry sheets (sheets.py), the Relazione sheet (relazione.py) and one
indicator row (rows.py).
"""

from __future__ import annotations

from pathlib import Path

from .. import layout as L
from ..errors import TooLarge
from ..model import Level, Plan, Problem
from ..relazione.content import SHEET as RELAZIONE
from .configurazione import read_config
from .grid import Sheet, load_grid
from .package_guard import check_package
from .relazione import read_relazione
from .rows import fraction_weights
from .sheets import read_albero, read_entry, read_trend, read_variations
from .tree import plan_from_rows


def read_sheets(sheets: dict[str, Sheet]) -> tuple[Plan, list[Problem]]:
    """The sheets of a workbook (file or live) -> plan and reader problems."""
    problems: list[Problem] = []
    for sheet in sheets.values():
        if sheet.far:
            problems.append(
                Problem(
                    level=Level.WARNING,
                    place=f"{sheet.name}!{sheet.far}",
                    message="valore lontano da ogni tabella: ignorato",
                    fix="cancellare la cella (Ctrl+Fine mostra l'ultima cella usata del foglio)",
                )
            )
    plan = Plan(anno=0)
    areas = read_config(sheets, plan, problems)
    albero = sheets.get(L.ALBERO)
    if albero is None:
        problems.append(
            Problem(
                level=Level.WARNING,
                place=L.ALBERO,
                message="foglio Albero mancante: l'albero è ricavato dai codici obiettivo",
                fix="ripristinare il foglio Albero dal modello",
            )
        )
    else:
        read_albero(albero, plan, problems)
    if L.ANDAMENTO in sheets:
        read_trend(sheets[L.ANDAMENTO], plan, problems)
    if L.VARIAZIONI in sheets:
        read_variations(sheets[L.VARIAZIONI], plan, problems)
    if RELAZIONE in sheets:
        plan.relazione, more = read_relazione(sheets[RELAZIONE])
        problems += more
    for area, sheet_name in areas:
        entry = sheets.get(sheet_name)
        if entry is None:
            problems.append(
                Problem(
                    level=Level.ERROR,
                    place=f"{L.CONFIG}",
                    message=f"il foglio «{sheet_name}» dell'area «{area}» non esiste",
                    fix="correggere il nome del foglio in Configurazione o ripristinare il foglio",
                )
            )
            continue
        read_entry(entry, plan, problems)
    fraction_weights(plan.indicators, problems)
    if not plan.objectives and plan.indicators:
        plan = plan_from_rows(plan.indicators, [{} for _ in plan.indicators], plan)
    return plan, problems


def load_sheets(path: str | Path) -> tuple[dict[str, Sheet], list[Problem]]:
    """Every sheet's values after the size checks; ({}, problems) when the package is unreadable."""
    path = Path(path)
    problems = check_package(path)
    if problems:
        return {}, problems
    try:
        return load_grid(path), []
    except TooLarge as exc:
        return {}, [
            Problem(
                level=Level.ERROR,
                place=path.name,
                message=str(exc),
                fix="cancellare la cella (o le righe e colonne vuote) e salvare",
            )
        ]
    except Exception as exc:  # noqa: BLE001 - corrupt package: a message, not a traceback
        return {}, [
            Problem(
                level=Level.ERROR,
                place=path.name,
                message=f"impossibile leggere la cartella di lavoro ({type(exc).__name__})",
                fix="aprirla in Excel e salvarla di nuovo come .xlsm",
            )
        ]


def read_workbook(path: str | Path) -> tuple[Plan, list[Problem]]:
    """A workbook file -> plan and reader problems (an unreadable package: an empty plan and why)."""
    sheets, problems = load_sheets(path)
    if problems:
        return Plan(anno=0), problems
    return read_sheets(sheets)
