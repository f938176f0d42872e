"""Workbook (.xlsx/.xlsm) -> Plan, through the layout spec. Problems name sheet!cell.

Read-only and values only: formulas typed where values belong are read as their cached result and
never evaluated; no macro is run. Columns are found by their header text, so a column moved or
an extra column added by staff does not break the reading.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import zipfile
from pathlib import Path

from .. import layout as L
from ..literals import (
    MERGED,
    UNCACHED,
    ExcelErrorValue,
    LiteralError,
    col_index,
    excel_error,
    format_number,
    format_value,
    is_blank,
    parse_number,
)
from ..model import (
    Ambito,
    Level,
    Objective,
    Plan,
    Problem,
    StrategicObjective,
    Thresholds,
    TrendRow,
    Variation,
    as_period,
)
from ..relazione.content import SHEET as RELAZIONE
from .bounds import dense_extent, error_cells, shared_parts
from .relazione import read_relazione
from .rows import build_indicator, declared_type, fraction_weights, plan_from_rows, text_of

OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")  # Compound File Binary: .xls, or an encrypted .xlsx/.xlsm
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNZIPPED_BYTES = 300 * 1024 * 1024
MAX_MEMBER_BYTES = 100 * 1024 * 1024  # one XML part; a 30 000-row sheet is ~15 MB


def _norm(text: object) -> str:
    raw = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return " ".join(raw.lower().split())


def _problem(level: Level, place: str, message: str, fix: str = "") -> Problem:
    return Problem(level=level, place=place, message=message, fix=fix)


def check_package(path: Path) -> list[Problem]:
    """Size limits before anything parses the file (zip bombs, huge files)."""
    name = path.name
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return [
            _problem(
                Level.ERROR,
                name,
                f"file troppo grande ({size // 2**20} MB, massimo {MAX_FILE_BYTES // 2**20} MB)",
                "dividere la cartella di lavoro per area",
            )
        ]
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head == OLE_MAGIC:  # not a zip: a password-protected workbook or an old .xls
        data = path.read_bytes()
        if "EncryptionInfo".encode("utf-16-le") in data:
            return [
                _problem(
                    Level.ERROR,
                    name,
                    "il file è protetto da password (crittografato) e xlperf non può leggerlo",
                    "in Excel: File → Informazioni → Proteggi cartella di lavoro → Crittografa con password, "
                    "cancellare la password, salvare e riprovare",
                )
            ]
        return [
            _problem(
                Level.ERROR,
                name,
                "il file è nel vecchio formato Excel 97-2003 (.xls)",
                "aprirlo in Excel e salvarlo come «Cartella di lavoro con attivazione macro di Excel (.xlsm)»",
            )
        ]
    try:
        with zipfile.ZipFile(path) as zf:
            total = sum(i.file_size for i in zf.infolist())
            biggest = max((i.file_size for i in zf.infolist()), default=0)
            if "[Content_Types].xml" not in zf.namelist() or not any(
                n.startswith("xl/worksheets/") for n in zf.namelist()
            ):
                raise zipfile.BadZipFile("not a workbook")
            shared = shared_parts(zf)  # one part read once per sheet entry naming it (issue 21.5)
    except (zipfile.BadZipFile, OSError):
        return [
            _problem(
                Level.ERROR,
                name,
                "il file non è una cartella di lavoro Excel valida (.xlsx/.xlsm)",
                "aprirlo in Excel e salvarlo di nuovo come .xlsm",
            )
        ]
    if shared:
        return [
            _problem(
                Level.ERROR,
                name,
                f"più fogli del file puntano alla stessa parte ({shared[0]}): il file è stato alterato",
                "verificare l'origine del file e farlo salvare di nuovo da Excel",
            )
        ]
    if total > MAX_UNZIPPED_BYTES or biggest > MAX_MEMBER_BYTES:
        return [
            _problem(
                Level.ERROR,
                name,
                f"contenuto compresso sospetto ({total // 2**20} MB una volta estratto)",
                "verificare l'origine del file",
            )
        ]
    return []


class _Sheet:
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
        wanted = [_norm(m) for m in must]
        for r in range(1, min(max_row, len(self.rows)) + 1):
            cols = {_norm(v): i for i, v in enumerate(self.rows[r - 1]) if v not in (None, "")}
            if all(w in cols for w in wanted):
                return r, cols
        return None


#: the end of a formula cell saved without a result: no <v>, or an empty one (a cell of type "str"
#: with an empty <v> is a formula whose result is the empty text, and is not one of these)
_NO_RESULT = re.compile(r"(?:</f>|<f\b[^>]*/>)(<v\s*/>|<v></v>)?</c>")
_CELL_START = re.compile(r'<c r="([A-Z]+)(\d+)"([^>]*)>')
_MERGE = re.compile(r'<mergeCell ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')


def _overlay_package_facts(xmls: dict[str, str], sheets: dict[str, _Sheet]) -> None:
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
    from ..package import sheet_parts

    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        return {
            name: zf.read(part).decode("utf-8", "replace") for name, part in sheet_parts(zf).items() if part in names
        }


class TooLarge(Exception):
    """A sheet whose cells would make any reader allocate too much: the message is Italian."""


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


def _load(path: Path) -> dict[str, _Sheet]:
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
        sheets = _load_openpyxl(path, bounds={n: (r, c) for n, (r, c, _) in far.items()})
        for name, (_r, _c, cell) in far.items():
            sheets[name].far = cell
        _overlay_package_facts(xmls, sheets)
        return sheets
    try:
        from python_calamine import CalamineWorkbook

        wb = CalamineWorkbook.from_path(str(path))
        sheets = {
            name: _Sheet(name, [tuple(r) for r in wb.get_sheet_by_name(name).to_python(skip_empty_area=False)])
            for name in wb.sheet_names
        }
    except Exception:  # noqa: BLE001 - let openpyxl try, and report if it fails too
        sheets = _load_openpyxl(path)
    _overlay_package_facts(xmls, sheets)
    return sheets


def _load_openpyxl(path: Path, bounds: dict[str, tuple[int, int]] | None = None) -> dict[str, _Sheet]:
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
            out[ws.title] = _Sheet(
                ws.title,
                [tuple(r) for r in ws.iter_rows(max_row=rows, max_col=cols, values_only=True)] if rows != 0 else [],
            )
        return out
    finally:
        wb.close()


def _columns(
    sheet: _Sheet, spec: list[L.Column], required: list[str], problems: list[Problem]
) -> tuple[int, dict[str, int]] | None:
    headers = [c.header for c in spec if c.field in required]
    found = sheet.find_header([headers[0]])
    if not found:
        problems.append(
            _problem(
                Level.ERROR,
                f"{sheet.name}!A{L.ENTRY_HEADER_ROW}",
                f"intestazione non trovata (manca la colonna «{headers[0]}»)",
                "ripristinare la riga di intestazione del modello",
            )
        )
        return None
    row, cols = found
    seen: dict[str, int] = {}
    for i, v in enumerate(sheet.rows[row - 1]):
        key = _norm(v)
        if key and key in seen and any(_norm(c.header) == key for c in spec):
            problems.append(
                _problem(
                    Level.ERROR,
                    sheet.place(row, i),
                    f"colonna «{v}» ripetuta ({sheet.place(row, seen[key]).split('!')[1]} e "
                    f"{sheet.place(row, i).split('!')[1]}): viene letta solo la prima",
                    "eliminare o rinominare la colonna in più (i valori vanno nella colonna del modello)",
                )
            )
        seen.setdefault(key, i)
    cols = {k: seen[k] for k in cols}  # the first of repeated headers, as the message says
    mapping = {c.field: cols[_norm(c.header)] for c in spec if _norm(c.header) in cols}
    missing = [c.header for c in spec if c.field in required and c.field not in mapping]
    if missing:
        problems.append(
            _problem(
                Level.ERROR,
                f"{sheet.name}!{row}:{row}",
                f"colonne mancanti: {', '.join(missing)}",
                "ripristinare le colonne del modello (non rinominarle)",
            )
        )
        return None
    return row, mapping


def _read_cause_threshold(value: tuple, plan: Plan, problems: list[Problem]) -> None:
    """«Soglia per la causa dello scostamento»: blank (or no such row) is the «raggiunto» threshold."""
    raw, where = value
    if raw in (None, "") or (isinstance(raw, str) and not raw.strip()):
        return
    try:
        f = parse_number(raw)
        plan.thresholds = Thresholds.model_validate({**plan.thresholds.model_dump(), "causa": f / 100 if f > 1 else f})
    except (LiteralError, ValueError):
        problems.append(
            _problem(
                Level.ERROR,
                where,
                f"soglia per la causa dello scostamento «{format_value(raw)}» non valida",
                "scrivere una percentuale tra 1% e 100% (es. 80%), o lasciare vuoto per usare la soglia «raggiunto»",
            )
        )


def _read_config(sheets: dict[str, _Sheet], plan: Plan, problems: list[Problem]) -> list[tuple[str, str]]:
    """Ente, anno, soglie and the (area, sheet) list."""
    cfg = sheets.get(L.CONFIG)
    if cfg is None:
        problems.append(
            _problem(
                Level.WARNING,
                L.CONFIG,
                "foglio Configurazione mancante: uso soglie 80%/60% e le aree predefinite",
                "ripristinare il foglio dal modello",
            )
        )
        return [(a, L.area_sheet_name(a)) for a in L.DEFAULT_AREAS]
    values = {}
    for label, name, cell in L.CONFIG_CELLS:
        row, col = L.cell_ref(cell)
        values[name] = (cfg.value(row + 1, col), cfg.place(row + 1, col))
        if name in L.CONFIG_CELLS_SINCE_V2 and text_of(cfg.value(row + 1, 0)) != label:
            values[name] = (None, values[name][1])  # an older workbook: that row holds something else
    plan.ente = text_of(values["XP_Ente"][0])
    plan.area_file = text_of(values["XP_AreaFile"][0])
    plan.plan_id = text_of(values["XP_IdPiano"][0])
    plan.plan_signature = text_of(values["XP_Firma"][0])
    plan.validated = text_of(values["XP_Validato"][0])
    approved = values["XP_Approvato"][0]
    plan.approved = format_value(approved) if isinstance(approved, (dt.date, dt.datetime)) else text_of(approved)
    if "|" in plan.approved:  # the date, then the approved indicators (approval.py)
        from ..approval import parse as parse_approval

        plan.approved, plan.approved_indicators = parse_approval(plan.approved)
    anno, where = values["XP_Anno"]
    try:
        plan.anno = int(parse_number(anno)) if anno not in (None, "") else 0
    except LiteralError:
        problems.append(_problem(Level.ERROR, where, f"anno «{anno}» non valido", "scrivere l'anno, es. 2025"))
    raw_period, where = values["XP_Periodo"]
    period = L.period_of(raw_period)
    if period is None:
        problems.append(
            _problem(
                Level.ERROR,
                where,
                f"periodo «{raw_period}» non valido",
                f"scegliere «{L.PERIODS[L.MID_YEAR]}» oppure «{L.PERIODS[L.YEAR_END]}»",
            )
        )
    else:
        plan.period = as_period(period)
    try:
        th = []
        for key in ("XP_SogliaRaggiunto", "XP_SogliaParziale"):
            v, where = values[key]
            f = parse_number(v)
            th.append(f / 100 if f > 1 else f)
        plan.thresholds = Thresholds(raggiunto=th[0], parziale=th[1])
    except (LiteralError, ValueError):
        problems.append(
            _problem(
                Level.ERROR,
                values["XP_SogliaRaggiunto"][1],
                "soglie non valide",
                "scrivere due percentuali, es. 80% e 60%, la prima maggiore",
            )
        )
    _read_cause_threshold(values["XP_SogliaCausa"], plan, problems)
    areas: list[tuple[str, str]] = []
    area_places: list[tuple[str, str]] = []
    found = cfg.find_header(L.CONFIG_AREAS_HEADERS[:2], max_row=40)
    if found:
        row, cols = found
        a_col, s_col = cols[_norm(L.CONFIG_AREAS_HEADERS[0])], cols[_norm(L.CONFIG_AREAS_HEADERS[1])]
        h_col = cols.get(_norm(L.CONFIG_AREAS_HEADERS[2]))
        c_col = cols.get(_norm(L.CONFIG_AREAS_HEADERS[3]))  # older workbooks: no column, nothing recorded
        # the list runs to the Dirigenti table (or the end): a blank row in it is skipped, not its end
        found_d = cfg.find_header(L.CONFIG_DIRIGENTI_HEADERS, max_row=len(cfg.rows))
        end = found_d[0] - 1 if found_d and found_d[0] > row else len(cfg.rows)
        for r in range(row + 1, end + 1):
            if not text_of(cfg.value(r, a_col)):
                continue
            area, sheet = (
                text_of(cfg.value(r, a_col)),
                text_of(cfg.value(r, s_col)) or L.area_sheet_name(text_of(cfg.value(r, a_col))),
            )
            if area == text_of(L.CONFIG_DIRIGENTI_HEADERS[0]) or _norm(area) == _norm("Dirigenti"):
                continue  # the caption above the Dirigenti table
            areas.append((area, sheet))
            area_places.append((area, cfg.place(r, a_col)))
            if h_col is not None and text_of(cfg.value(r, h_col)):
                plan.area_heads[area] = text_of(cfg.value(r, h_col))
            if c_col is not None:
                plan.collected_places[area] = cfg.place(r, c_col)
                if text_of(cfg.value(r, c_col)):
                    plan.collected[area] = text_of(cfg.value(r, c_col))
        if found_d:
            drow, dcols = found_d
            n_col, role_col = dcols[_norm(L.CONFIG_DIRIGENTI_HEADERS[0])], dcols[_norm(L.CONFIG_DIRIGENTI_HEADERS[1])]
            r = drow + 1
            while text_of(cfg.value(r, n_col)):
                plan.dirigenti[text_of(cfg.value(r, n_col))] = text_of(cfg.value(r, role_col))
                plan.dirigenti_places[text_of(cfg.value(r, n_col))] = cfg.place(r, role_col)
                r += 1
    if not areas:
        problems.append(
            _problem(
                Level.ERROR,
                f"{L.CONFIG}!A{L.CONFIG_AREAS_HEADER_ROW}",
                "elenco delle aree organizzative vuoto o mancante",
                "elencare le aree con il nome del loro foglio",
            )
        )
    plan.areas = [a for a, _ in areas]
    from ..area_names import name_problems  # names safe and unique as file names (issue 21.7)
    from ..collect import area_file_name

    problems += name_problems(area_places, lambda a: area_file_name(plan, a))
    return areas


def _read_albero(sheet: _Sheet, plan: Plan, problems: list[Problem]) -> None:
    found = _columns(sheet, L.ALBERO_COLUMNS, ["strategic_code", "objective_code"], problems)
    if not found:
        return
    header, col = found
    ambiti: dict[str, Ambito] = {}
    strategic: dict[str, StrategicObjective] = {}
    seen: dict[str, str] = {}

    def get(r: int, field: str) -> str:
        return text_of(sheet.value(r, col[field])) if field in col else ""

    for r in range(header + 1, len(sheet.rows) + 1):
        broken = _unreadable_cells(sheet, r, [c for f, c in col.items() if f not in ("pct", "status")])
        problems += broken
        if broken:
            continue
        code = get(r, "objective_code").upper()
        if not code:
            continue
        where = sheet.place(r, col["objective_code"])
        if code in seen:
            problems.append(
                _problem(
                    Level.ERROR,
                    where,
                    f"obiettivo {code} ripetuto (già in {seen[code]})",
                    "tenere una sola riga per obiettivo",
                )
            )
            continue
        seen[code] = where
        s_code = get(r, "strategic_code") or L.strategic_of(code)
        a_code = get(r, "ambito_code") or L.ambito_of(s_code)
        ambiti.setdefault(a_code, Ambito(code=a_code, name=get(r, "ambito_name")))
        strategic.setdefault(s_code, StrategicObjective(code=s_code, name=get(r, "strategic_name"), ambito=a_code))
        plan.objectives.append(
            Objective(
                code=code,
                name=get(r, "objective_name"),
                strategic=s_code,
                type=declared_type(get(r, "objective_type"), code),
                area=get(r, "area"),
                dirigenti=[d.strip() for d in get(r, "dirigenti").split(";") if d.strip()],
                source=where,
            )
        )
    plan.ambiti = list(ambiti.values())
    plan.strategic = list(strategic.values())


def _unreadable_cells(sheet: _Sheet, r: int, cols: list[int]) -> list[Problem]:
    """Cells of row ``r`` holding an Excel error or a formula saved without its result: reported at
    the cell, never read as text (nor as an empty cell)."""
    out = []
    for c in cols:
        value = sheet.value(r, c)
        if excel_error(value) or value is UNCACHED:
            what = (
                f"l'errore di Excel {excel_error(value)}"
                if excel_error(value)
                else "una formula senza risultato salvato"
            )
            out.append(
                _problem(
                    Level.ERROR,
                    sheet.place(r, c),
                    f"la cella contiene {what}",
                    "correggere la formula o scriverne il valore",
                )
            )
    return out


def _read_variations(sheet: _Sheet, plan: Plan, problems: list[Problem]) -> None:
    """Variazioni: one row per recorded change to the approved plan."""
    found = _columns(sheet, L.VARIATION_COLUMNS, ["indicator_code", "field"], problems)
    if not found:
        return
    header, col = found
    choices = {k.casefold(): k for k in L.VARIATION_FIELDS}
    for r in range(header + 1, len(sheet.rows) + 1):
        raw = {f: sheet.value(r, c) for f, c in col.items()}
        if all(is_blank(v) for v in raw.values()):
            continue
        broken = _unreadable_cells(sheet, r, list(col.values()))
        problems += broken
        if broken:
            continue
        texts = {
            f: format_value(v) if isinstance(v, (dt.date, dt.datetime, int, float)) else text_of(v)
            for f, v in raw.items()
        }
        field = choices.get(texts.get("field", "").casefold())
        if not texts.get("indicator_code") or field is None:
            problems.append(
                _problem(
                    Level.WARNING,
                    sheet.place(r, col.get("field", 0)),
                    "variazione senza codice indicatore o con un campo diverso da " + ", ".join(L.VARIATION_FIELDS),
                    "indicare il codice dell'indicatore e scegliere il campo dall'elenco",
                )
            )
            continue
        plan.variations.append(
            Variation(
                indicator=texts["indicator_code"],
                field=field,
                **{f: texts.get(f, "") for f in ("approved", "new", "date", "act", "reason")},
                place=sheet.place(r, 0),
            )
        )


def _read_trend(sheet: _Sheet, plan: Plan, problems: list[Problem]) -> None:
    found = sheet.find_header(L.TREND_HEADERS[:1])
    if not found:
        return
    row, cols = found
    header = sheet.rows[row - 1]
    years = {}
    for c, v in enumerate(header):
        try:
            y = int(parse_number(v)) if v not in (None, "") else None
        except LiteralError:
            y = None
        if y and 1990 < y < 2200:
            years[c] = y
    computed_names = {_norm(n) for n, *_rest, comp in L.TREND_DEFAULTS if comp}
    for r in range(row + 1, len(sheet.rows) + 1):
        name = text_of(sheet.value(r, 0))
        if not name:
            continue
        values: dict[int, float | None] = {}
        for c, y in years.items():
            v = sheet.value(r, c)
            if v in (None, ""):
                continue
            try:
                values[y] = parse_number(v)
            except LiteralError as exc:
                problems.append(
                    _problem(
                        Level.WARNING, sheet.place(r, c), f"valore non numerico ignorato: {exc}", "scrivere un numero"
                    )
                )
        computed = _norm(name) in computed_names
        if computed:
            values.pop(plan.anno, None)  # recomputed by every refresh
        plan.trend.append(
            TrendRow(
                name=name,
                description=text_of(sheet.value(r, 1)),
                reference=text_of(sheet.value(r, 2)),
                values=values,
                computed=computed,
            )
        )


REQUIRED_ENTRY = ["objective_code", "weight_pct", "operator", "target", "actual"]


def _read_entry(sheet: _Sheet, plan: Plan, problems: list[Problem]) -> None:
    found = _columns(sheet, L.ENTRY_COLUMNS, REQUIRED_ENTRY, problems)
    if not found:
        return
    header, col = found
    for ref in sheet.merges:
        first, last = ref.split(":")
        if int(re.sub(r"\D", "", last)) > header:
            problems.append(
                _problem(
                    Level.ERROR,
                    f"{sheet.name}!{ref}",
                    f"celle unite ({ref}) nella tabella degli indicatori: "
                    "le righe sotto la prima risultano vuote e non vengono lette",
                    "separare le celle (Unisci e allinea al centro → Separa celle) e scrivere il valore in ogni riga",
                )
            )
    inputs = [f for f in col if f not in ("pct", "status")]
    for r in range(header + 1, len(sheet.rows) + 1):
        raw = {f: sheet.value(r, col[f]) for f in inputs}
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in raw.values()):
            continue
        places = {f: sheet.place(r, c) for f, c in col.items()}
        ind = build_indicator(raw, places, sheet.place(r, 0), problems)
        if ind is not None:
            plan.indicators.append(ind)


def grid(name: str, rows) -> _Sheet:
    """A sheet from a 2-D list of values (e.g. a live book's used range)."""
    if rows is None:
        rows = []
    elif rows and not isinstance(rows[0], (list, tuple)):
        rows = [rows]
    return _Sheet(name, [tuple(r) for r in rows])


def read_sheets(sheets: dict[str, _Sheet]) -> tuple[Plan, list[Problem]]:
    """The sheets of a workbook (file or live) -> plan and reader problems."""
    problems: list[Problem] = []
    for sheet in sheets.values():
        if sheet.far:
            problems.append(
                _problem(
                    Level.WARNING,
                    f"{sheet.name}!{sheet.far}",
                    "valore lontano da ogni tabella: ignorato",
                    "cancellare la cella (Ctrl+Fine mostra l'ultima cella usata del foglio)",
                )
            )
    plan = Plan(anno=0)
    areas = _read_config(sheets, plan, problems)
    albero = sheets.get(L.ALBERO)
    if albero is None:
        problems.append(
            _problem(
                Level.WARNING,
                L.ALBERO,
                "foglio Albero mancante: l'albero è ricavato dai codici obiettivo",
                "ripristinare il foglio Albero dal modello",
            )
        )
    else:
        _read_albero(albero, plan, problems)
    if L.ANDAMENTO in sheets:
        _read_trend(sheets[L.ANDAMENTO], plan, problems)
    if L.VARIAZIONI in sheets:
        _read_variations(sheets[L.VARIAZIONI], plan, problems)
    if RELAZIONE in sheets:
        plan.relazione, more = read_relazione(sheets[RELAZIONE])
        problems += more
    for area, sheet_name in areas:
        entry = sheets.get(sheet_name)
        if entry is None:
            problems.append(
                _problem(
                    Level.ERROR,
                    f"{L.CONFIG}",
                    f"il foglio «{sheet_name}» dell'area «{area}» non esiste",
                    "correggere il nome del foglio in Configurazione o ripristinare il foglio",
                )
            )
            continue
        _read_entry(entry, plan, problems)
    fraction_weights(plan.indicators, problems)
    if not plan.objectives and plan.indicators:
        plan = plan_from_rows(plan.indicators, [{} for _ in plan.indicators], plan)
    return plan, problems


def load_sheets(path: str | Path) -> tuple[dict[str, _Sheet], list[Problem]]:
    """Every sheet's values after the size checks; ({}, problems) when the package is unreadable."""
    path = Path(path)
    problems = check_package(path)
    if problems:
        return {}, problems
    try:
        return _load(path), []
    except TooLarge as exc:
        return {}, [
            _problem(Level.ERROR, path.name, str(exc), "cancellare la cella (o le righe e colonne vuote) e salvare")
        ]
    except Exception as exc:  # noqa: BLE001 - corrupt package: a message, not a traceback
        return {}, [
            _problem(
                Level.ERROR,
                path.name,
                f"impossibile leggere la cartella di lavoro ({type(exc).__name__})",
                "aprirla in Excel e salvarla di nuovo come .xlsm",
            )
        ]


def read_workbook(path: str | Path) -> tuple[Plan, list[Problem]]:
    sheets, problems = load_sheets(path)
    if problems:
        return Plan(anno=0), problems
    return read_sheets(sheets)
