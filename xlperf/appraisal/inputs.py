"""Read an evaluation workbook's input cells: the raw values people typed (or xlperf wrote from the
master), kept as typed for `aggiorna`; reader.py checks them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import layout as L
from ..errors import XlperfError
from ..literals import is_blank
from . import spec as S

#: Obiettivi individuali has the area sheets' columns (so the plan's native formulas apply as they
#: are); these are the ones typed
OBJECTIVE_INPUTS = [c.field for c in L.ENTRY_COLUMNS if c.input and not c.field.startswith("approved_")]
SCHEDA_INPUTS = [f for f, _, inp in S.SCHEDA_FIELDS if inp]


@dataclass
class Inputs:
    """Every cell a person types (or xlperf writes from the master), as raw values."""

    cells: dict[str, object] = field(default_factory=dict)  # Sistema single cells by defined name
    groups: list[list[object]] = field(default_factory=list)  # GROUP_HEADERS without «Totale pesi»
    bands: list[list[object]] = field(default_factory=list)
    behaviours: list[list[object]] = field(default_factory=list)
    levels: list[list[object]] = field(default_factory=list)
    people: list[list[object]] = field(default_factory=list)  # PERSON_FIELDS
    objectives: list[dict[str, object]] = field(default_factory=list)  # OBJECTIVE_INPUTS
    behaviour_scores: list[list[object]] = field(default_factory=list)  # per person, per slot
    scheda: list[dict[str, object]] = field(default_factory=list)  # SCHEDA_INPUTS per person
    ente: object = None
    areas: list[list[object]] = field(default_factory=list)  # area, result, scored, total
    dirigenti: list[list[object]] = field(default_factory=list)


def _trim(rows: list) -> list:
    while rows and all(is_blank(v) for v in (rows[-1].values() if isinstance(rows[-1], dict) else rows[-1])):
        rows.pop()
    return rows


def read_inputs(path: str | Path) -> Inputs:
    import openpyxl

    path = Path(path)
    if not path.exists():
        raise XlperfError(f"il file «{path}» non esiste")
    try:
        wb = openpyxl.load_workbook(path, data_only=True)
    except Exception as exc:  # noqa: BLE001 - not a workbook: a message, not a traceback
        raise XlperfError(f"«{path.name}» non è una cartella di lavoro leggibile ({type(exc).__name__})") from None
    missing = [n for n in (S.SISTEMA, S.PERSONALE, S.OBIETTIVI, S.COMPORTAMENTI, S.SCHEDE, S.RISULTATI) if n not in wb]
    if missing:
        raise XlperfError(
            f"«{path.name}» non è una cartella di valutazione: manca il foglio «{missing[0]}» "
            "(crearla con xlperf valutazioni crea)"
        )
    sis, pers, obj, beh, sch, ris = (
        wb[n] for n in (S.SISTEMA, S.PERSONALE, S.OBIETTIVI, S.COMPORTAMENTI, S.SCHEDE, S.RISULTATI)
    )

    def block(ws, first: int, n: int, cols: list[int]) -> list[list[object]]:
        return _trim([[ws.cell(r, c + 1).value for c in cols] for r in range(first, first + n)])

    inp = Inputs()
    inp.cells = {name: sis[cell].value for _, name, cell in S.SISTEMA_CELLS}
    inp.groups = block(sis, S.GROUPS_HEADER_ROW + 1, S.GROUPS_SLOTS, [0, 1, 2, 3, 4, 6, 7, 8])
    inp.bands = block(sis, S.BANDS_HEADER_ROW + 1, S.BANDS_SLOTS, [0, 1, 2])
    inp.behaviours = block(sis, S.BEHAVIOURS_HEADER_ROW + 1, S.BEHAVIOURS_SLOTS, list(S.BEHAVIOUR_COLUMNS))
    inp.levels = block(sis, S.LEVELS_HEADER_ROW + 1, 10, [0, 1])
    last = max(pers.max_row, S.FIRST_ROW)
    inp.people = block(pers, S.FIRST_ROW, last - S.FIRST_ROW + 1, list(range(len(S.PERSON_FIELDS))))
    n = len(inp.people)
    slots = list(range(S.BEHAVIOUR_FIRST_COL, S.BEHAVIOUR_FIRST_COL + S.BEHAVIOURS_SLOTS))
    inp.behaviour_scores = [[beh.cell(r, c + 1).value for c in slots] for r in range(S.FIRST_ROW, S.FIRST_ROW + n)]
    cols = [S.SCHEDA_INDEX[f] + 1 for f in SCHEDA_INPUTS]
    inp.scheda = [
        {f: sch.cell(r, c).value for f, c in zip(SCHEDA_INPUTS, cols, strict=True)}
        for r in range(S.FIRST_ROW, S.FIRST_ROW + n)
    ]
    ocols = {f: L.ENTRY_FIELDS.index(f) + 1 for f in OBJECTIVE_INPUTS}
    inp.objectives = _trim(
        [{f: obj.cell(r, c).value for f, c in ocols.items()} for r in range(L.ENTRY_FIRST_ROW, obj.max_row + 1)]
    )
    inp.ente = ris["B3"].value
    first = S.RESULTS_HEADER_ROW + 1
    inp.areas = block(ris, first, max(ris.max_row - first + 1, 0), [0, 1, 2, 3])
    inp.dirigenti = block(ris, first, max(ris.max_row - first + 1, 0), [5, 6, 7, 8])
    return inp
