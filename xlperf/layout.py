"""The one layout spec: sheet names, columns, cells, number formats, colours.

The template builder, the workbook readers and the writers all read this module, so a column
renamed here is renamed everywhere. The formulas placed in those cells are sheet_formulas.py's, how
the owned sheets print is printing.py's, the buttons and xlwings.conf are buttons.py's. One name
per concept: ``Objective`` in code is «obiettivo operativo» in the workbook, ``StrategicObjective``
«obiettivo strategico».
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .literals import col_index
from .literals import col_letter as col_letter  # re-exported: the writers take it from here
from .model import MID_YEAR, YEAR_END, Status

# --- periods (the seed's section 5: monitoring at 30/06, consuntivo at 31/12) ----------------
PERIODS: dict[str, str] = {MID_YEAR: "Monitoraggio al 30/06", YEAR_END: "Consuntivo al 31/12"}


def period_of(value: object) -> str | None:
    """The period a Configurazione cell names: its label, "30/06", "giugno", or a date Excel made of it."""
    import datetime as _dt

    if value is None or value == "":
        return YEAR_END
    if isinstance(value, (_dt.date, _dt.datetime)):
        return MID_YEAR if value.month == 6 else YEAR_END if value.month == 12 else None
    text = str(value).lower()
    if "30/06" in text or "giugno" in text or "30-06" in text:
        return MID_YEAR
    if "31/12" in text or "dicembre" in text or "31-12" in text:
        return YEAR_END
    return None


# --- sheets -------------------------------------------------------------------------------
ISTRUZIONI = "Istruzioni"
CONFIG = "Configurazione"
ALBERO = "Albero"
RIEPILOGO = "Riepilogo"
CRUSCOTTO = "Cruscotto"
DIRIGENTI = "Dirigenti"
CONTROLLI = "Controlli"
XLWINGS_CONF = "xlwings.conf"
ANDAMENTO = "Andamento"
VARIAZIONI = "Variazioni"

#: Sheets the refresh owns and rebuilds; everything else is input and never written.
OWNED_SHEETS = (RIEPILOGO, CRUSCOTTO, DIRIGENTI, CONTROLLI)

DEFAULT_AREAS = [
    "Staff Segretario Generale",
    "Area 1 Risorse e organizzazione",
    "Area 2 Tutela del mercato e legalità",
    "Area 3 Promozione e sviluppo economico",
    "Area 4 Anagrafe e semplificazione",
]

_AREA_N = re.compile(r"^area\s*(\d+)", re.IGNORECASE)
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\']")


def area_sheet_name(area: str) -> str:
    """Short, valid sheet name for an area: "Area 2 Tutela…" -> "Area 2", "Staff …" -> "Staff"."""
    m = _AREA_N.match(area.strip())
    if m:
        return f"Area {m.group(1)}"
    word = _BAD_SHEET_CHARS.sub("", area.strip()).split(" ")[0] or "Area"
    return word[:31]


def area_sheet_names(areas: list[str]) -> dict[str, str]:
    """Area -> its sheet name, unique (Excel compares sheet names ignoring case): two areas whose
    names start alike («Area 2 …») get «Area 2» and «Area 2 (2)»; fixed sheets are never reused."""
    taken = {n.casefold() for n in (ISTRUZIONI, CONFIG, ALBERO, ANDAMENTO, VARIAZIONI, *OWNED_SHEETS, XLWINGS_CONF)}
    out: dict[str, str] = {}
    for area in areas:
        base = area_sheet_name(area)
        name, k = base, 1
        while name.casefold() in taken:
            k += 1
            name = f"{base[: 31 - len(f' ({k})')]} ({k})"
        taken.add(name.casefold())
        out[area] = name
    return out


# --- colours (the seed's traffic light; Excel's own good/neutral/bad styles) ---------------
@dataclass(frozen=True)
class Fill:
    bg: str
    fg: str


STATUS_FILLS: dict[Status, Fill] = {
    Status.RAGGIUNTO: Fill("#C6EFCE", "#006100"),
    Status.PARZIALE: Fill("#FFEB9C", "#9C5700"),
    Status.NON_RAGGIUNTO: Fill("#FFC7CE", "#9C0006"),
    Status.ND: Fill("#EDEDED", "#595959"),
    Status.IN_CORSO: Fill("#DDEBF7", "#1F4E78"),
    Status.A_RISCHIO: Fill("#FCE4D6", "#833C0B"),
    Status.NON_SCADUTO: Fill("#EDEDED", "#595959"),
    Status.DATI_PARZIALI: Fill("#DDEBF7", "#1F4E78"),
}
HEADER_FILL = Fill("#1F4E78", "#FFFFFF")
TITLE_COLOR = "#1F4E78"
INPUT_FILL = "#FFF2CC"  # cells staff type into
BAND_FILLS = {"ambito": Fill("#D9E1F2", "#1F3864"), "strategico": Fill("#EDF1F9", "#1F3864")}

#: header rows of the tables: three lines of wrapped text («Consuntivo anno precedente»)
HEADER_ROW_HEIGHT = 40
PCT_FORMAT = "0.00%"
WEIGHT_FORMAT = "0.00"
NUMBER_FORMAT = "#,##0.##"
DATE_FORMAT = "dd-mm-yyyy"


# --- entry sheets (one per organisational area) --------------------------------------------
@dataclass(frozen=True)
class Column:
    field: str
    header: str
    width: float
    input: bool = True
    number_format: str | None = None


#: widths: the columns that print fit A3 landscape one page wide at ≥ 8 pt (xlperf.printing; tested)
ENTRY_COLUMNS: list[Column] = [
    Column("objective_code", "Codice obiettivo", 12),
    Column("indicator_code", "Codice indicatore", 18),
    Column("indicator_name", "Indicatore", 24),
    Column("description", "Descrizione/formula", 24),
    Column("weight_pct", "Peso", 8, number_format=WEIGHT_FORMAT),
    Column("operator", "Operatore", 9),
    Column("target", "Target", 11, number_format=NUMBER_FORMAT),
    # optional intermediate target: the 30/06 score uses it (monitoring.py); locked in area copies
    Column("target_mid", "Target 30/06", 10, number_format=NUMBER_FORMAT),
    Column("unit", "Unità", 7),
    Column("baseline", "Consuntivo anno precedente", 11, number_format=NUMBER_FORMAT),
    Column("actual_mid", "Monitoraggio 30/06", 11, number_format=NUMBER_FORMAT),
    Column("actual", "Consuntivo", 11, number_format=NUMBER_FORMAT),
    Column("pct", "% raggiungimento", 11, input=False, number_format=PCT_FORMAT),
    Column("status", "Stato", 13, input=False),
    Column("note", "Note", 13),
    # scostamenti: why an indicator fell short, what is being done, where the evidence is (for the OIV)
    Column("cause", "Causa dello scostamento", 16),
    Column("action", "Azione correttiva", 12),
    Column("evidence", "Evidenza (documento o link)", 11),
    # the approved plan (`xlperf approva`): hidden and locked; a later change needs a Variazione
    Column("approved_target", "Target approvato", 12, input=False),
    Column("approved_weight", "Peso approvato", 9, input=False, number_format=WEIGHT_FORMAT),
    Column("approved_operator", "Operatore approvato", 10, input=False),
    Column("approved_target_mid", "Target 30/06 approvato", 12, input=False),
]
APPROVED_FIELDS = {
    "target": "approved_target",
    "weight_pct": "approved_weight",
    "operator": "approved_operator",
    "target_mid": "approved_target_mid",
}
ENTRY_FIELDS = [c.field for c in ENTRY_COLUMNS]
ENTRY_TITLE_ROW = 1  # area name
ENTRY_HINT_ROW = 2
ENTRY_HINT_MASTER = (
    "Compilare le celle gialle (Monitoraggio 30/06 a metà anno, Consuntivo a fine anno) e, in fase di "
    "programmazione, target, pesi e operatori. % raggiungimento e Stato si calcolano da soli."
)


def area_copy_hint(period: str) -> str:
    """The line under an area copy's title: the one period it collects, the other read-only."""
    column, other = ("Monitoraggio 30/06", "Consuntivo") if period == MID_YEAR else ("Consuntivo", "Monitoraggio 30/06")
    return (
        f"QUESTO FILE RACCOGLIE: {PERIODS[period].upper()}. Compilare la colonna gialla «{column}», le Note e, "
        f"per gli indicatori sotto la soglia o a rischio, la causa dello scostamento; la colonna «{other}» è in "
        "sola lettura. Target, Target 30/06, pesi e operatori sono bloccati."
    )


ENTRY_HEADER_ROW = 3  # 1-based, as Excel counts
ENTRY_FIRST_ROW = ENTRY_HEADER_ROW + 1
ENTRY_SPARE_ROWS = 10  # empty table rows left for new indicators


_A1 = re.compile(r"^\$?([A-Z]+)\$?(\d+)$")


def cell_ref(ref: str) -> tuple[int, int]:
    """Like :func:`cell_index` for a reference known to be a single cell (ValueError otherwise)."""
    index = cell_index(ref)
    if index is None:
        raise ValueError(f"not a cell reference: {ref!r}")
    return index


def cell_index(ref: str) -> tuple[int, int] | None:
    """ "B7" -> (row 6, col 1), both 0-based; None when ``ref`` is not a single cell."""
    m = _A1.match(ref.strip())
    if not m:
        return None
    return int(m.group(2)) - 1, col_index(m.group(1))


def entry_col(field: str) -> str:
    return col_letter(ENTRY_FIELDS.index(field))


# --- area copies: native formulas only (no VBA, no xlwings, no PERF_*: sheet_formulas.py) ------
#: hidden, locked helper columns right of the table in an area copy (.xlsx); the readers find the
#: table's columns by header and ignore these
AREA_HELPER_COLUMNS: list[Column] = [
    Column("period_value", "Valore del periodo (calcolo)", 12, input=False),
    Column("evaluated", "Valore valutato (calcolo)", 12, input=False),
    Column("points", "Peso × % (calcolo)", 12, input=False),
    Column("scored_weight", "Peso valutato (calcolo)", 12, input=False),
    # the 30/06 monitoring (monitoring.py): the target compared and the stima a fine anno
    Column("period_target", "Target del periodo (calcolo)", 12, input=False),
    Column("estimate", "Stima a fine anno (calcolo)", 12, input=False),
]
#: what the consuntivo cells of an area copy accept (data validation): the forms the native
#: formulas read exactly as the scoring core does
AREA_ACTUAL_FORMS = ("N/D", "SI", "NO")


def helper_col(field: str) -> str:
    return col_letter(len(ENTRY_COLUMNS) + [h.field for h in AREA_HELPER_COLUMNS].index(field))


# --- Albero: the tree, one row per obiettivo operativo ------------------------------------
ALBERO_COLUMNS: list[Column] = [
    Column("ambito_code", "Codice ambito", 9),
    Column("ambito_name", "Ambito strategico", 34),
    Column("strategic_code", "Codice ob. strategico", 11),
    Column("strategic_name", "Obiettivo strategico", 34),
    Column("objective_code", "Codice obiettivo", 12),
    Column("objective_name", "Obiettivo operativo", 42),
    Column("objective_type", "Tipo", 7),
    Column("area", "Area organizzativa", 27),
    Column("dirigenti", "Dirigenti (separati da ;)", 27),
    Column("pct", "% obiettivo", 12, input=False, number_format=PCT_FORMAT),
    Column("status", "Stato", 14, input=False),
]
ALBERO_FIELDS = [c.field for c in ALBERO_COLUMNS]
ALBERO_HEADER_ROW = 3
ALBERO_FIRST_ROW = ALBERO_HEADER_ROW + 1


def albero_col(field: str) -> str:
    return col_letter(ALBERO_FIELDS.index(field))


# --- Configurazione ------------------------------------------------------------------------
#: (label, defined name, cell) — the defined names are what formulas use.
CONFIG_CELLS = [
    ("Ente", "XP_Ente", "B4"),
    ("Anno", "XP_Anno", "B5"),
    ("Soglia «raggiunto» (≥)", "XP_SogliaRaggiunto", "B6"),
    ("Soglia «parzialmente raggiunto» (≥)", "XP_SogliaParziale", "B7"),
    ("Regola scadenze (Entro)", "XP_RegolaScadenze", "B8"),
    ("Periodo valutato", "XP_Periodo", "B9"),
    ("Copia per l'area (vuoto nel file principale)", "XP_AreaFile", "B10"),
    ("Identificativo del piano", "XP_IdPiano", "B11"),
    ("Firma di obiettivi, pesi e target distribuiti", "XP_Firma", "B12"),
    ("Validazione OIV (periodo e impronta dei dati)", "XP_Validato", "B13"),
    ("Piano approvato il (xlperf approva)", "XP_Approvato", "B14"),
    ("Soglia per la causa dello scostamento", "XP_SogliaCausa", "B15"),
]
#: rows added to Configurazione later: read only where their label is there (older workbooks have
#: the areas table in those rows)
CONFIG_CELLS_SINCE_V2 = ("XP_Validato", "XP_Approvato", "XP_SogliaCausa")
#: next to «Soglia per la causa dello scostamento» (column C)
CONFIG_CAUSE_HINT = "vuota: la soglia «raggiunto»; sotto questa % si chiede la causa dello scostamento"
#: Configurazione cells xlperf writes (not yellow, locked): area copy, plan id and signature, the
#: OIV's validation, the approval date
CONFIG_OWNED = ("XP_AreaFile", "XP_IdPiano", "XP_Firma", "XP_Validato", "XP_Approvato")
#: of those, the ones only xlperf reads: hidden in an area copy (the area and the approval date stay shown)
CONFIG_TECHNICAL = ("XP_IdPiano", "XP_Firma", "XP_Validato")


def config_cell(name: str) -> str:
    """«Configurazione!B10» for a defined name of Configurazione (XP_AreaFile …), for messages."""
    cell = next(c for _, n, c in CONFIG_CELLS if n == name)
    return f"{CONFIG}!{cell}"


def strategic_of(objective_code: str) -> str:
    """The strategic objective a code like 01_02_OP03 belongs to (01_02), when no Albero says it."""
    return objective_code[:5]


def ambito_of(strategic_code: str) -> str:
    """The ambito of a strategic objective code (01_02 -> 01), when no Albero says it."""
    return strategic_code[:2]


CONFIG_DEADLINE_RULE = "100% se completato entro la data, altrimenti 0%"
CONFIG_AREAS_HEADER_ROW = 17  # table: Area organizzativa | Foglio | Dirigente
CONFIG_AREAS_HEADERS = ["Area organizzativa", "Foglio", "Dirigente responsabile", "Ultima raccolta (xlperf raccogli)"]
CONFIG_DIRIGENTI_HEADERS = ["Dirigente", "Ruolo e incarichi"]

# --- Andamento: macro-indicators over five years ------------------------------------------
TREND_HEADERS = ["Indicatore", "Descrizione", "Valore di riferimento"]  # then one column per year
TREND_HEADER_ROW = 3
TREND_YEARS = 5
#: (name, description, reference, number format, computed by the refresh for the current year)
TREND_DEFAULTS = [
    (
        "Gradimento dei servizi camerali",
        "Livello di gradimento dei servizi camerali rilevato attraverso indagini di customer",
        ">=7/10",
        "0.0",
        False,
    ),
    (
        "Grado di conseguimento obiettivi strategici",
        "Numero di obiettivi del Piano della performance conseguiti / numero di obiettivi fissati",
        ">=80%",
        "0%",
        True,
    ),
    (
        "Costi di funzionamento per impresa attiva",
        "Costo di funzionamento a consuntivo per impresa attiva / costo di funzionamento a preventivo per impresa "
        "attiva",
        "<=1",
        "0.00",
        False,
    ),
]
#: where the refresh writes the Ente's % and the grado di conseguimento on Riepilogo (0-based row, col):
#: Andamento's formula points to the grado
RIEPILOGO_ENTE = (3, 3)
RIEPILOGO_GRADO = (4, 3)


def trend_format(name: str, computed: bool, values=()) -> str:
    """Number format of a row of the multi-year table: % for the computed grado, the default
    row's own format, else as many decimals (up to 2) as its values need, the same for every year."""
    if computed:
        return PCT_FORMAT
    for default_name, _, _, fmt, _ in TREND_DEFAULTS:
        if default_name == name:
            return fmt
    decimals = 0
    for v in values:
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            text = f"{abs(float(v)):.6f}".rstrip("0")
            decimals = max(decimals, min(len(text.split(".")[1]), 2))
    return "0" + ("." + "0" * decimals if decimals else "")


def riepilogo_grado_ref() -> str:
    r, c = RIEPILOGO_GRADO
    return f"={RIEPILOGO}!${col_letter(c)}${r + 1}"


# --- Controlli -----------------------------------------------------------------------------
CONTROLLI_HEADERS = ["Livello", "Dove", "Problema", "Come correggere"]


# --- Variazioni: changes to the approved plan (target, peso, operatore, indicatore) ------------
VARIATION_COLUMNS: list[Column] = [
    Column("indicator_code", "Codice indicatore", 24),
    Column("field", "Campo", 12),
    Column("approved", "Valore approvato", 14),
    Column("new", "Nuovo valore", 14),
    Column("date", "Data", 12),
    Column("act", "Atto (es. delibera di Giunta n. 46 del 22/06/2025)", 36),
    Column("reason", "Motivazione", 44),
]
VARIATION_HEADER_ROW = 3
VARIATION_SPARE_ROWS = 20
#: the «Campo» choices -> the entry field they change («Indicatore»: added or removed)
VARIATION_FIELDS = {
    "Target": "target",
    "Target 30/06": "target_mid",
    "Peso": "weight_pct",
    "Operatore": "operator",
    "Indicatore": "indicator",
}
