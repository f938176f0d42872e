"""Italian literals as printed in the PIAO / Relazione and as typed by office staff.

Pure functions, no Excel: ``">=350 N."``, ``">= 9.950.000,00 €"``, ``"<=-20 gg"``,
``"3,19gg"``, ``"100,00 %"``, ``"Entro 31-03-2025"``, ``"N/D"``, plus native cell values
(int, float, bool, date, datetime).

Conventions (Excel's own): a literal written with ``%`` is a fraction (``"97,34 %"`` -> 0.9734),
a plain number is taken as it is. A decimal comma makes dots thousands separators; without a
comma, dots followed by groups of exactly three digits are thousands (``"1.003"`` -> 1003),
otherwise the dot is a decimal point (``"37.37"`` -> 37.37).

Every failure raises :class:`LiteralError` whose message is Italian and says what to write.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import Enum


class LiteralError(ValueError):
    """An unreadable literal; ``str(err)`` is an Italian message for the user."""


class Operator(str, Enum):
    GE = ">="
    GT = ">"
    LE = "<="
    LT = "<"
    EQ = "="
    DEADLINE = "Entro"
    BOOL = "SI/NO"


#: Operators as staff write them, normalised (upper case, no spaces) -> Operator.
_OPERATOR_ALIASES: dict[str, Operator] = {
    ">=": Operator.GE,
    "=>": Operator.GE,
    "≥": Operator.GE,
    "MAGGIOREOUGUALE": Operator.GE,
    ">": Operator.GT,
    "MAGGIORE": Operator.GT,
    "<=": Operator.LE,
    "=<": Operator.LE,
    "≤": Operator.LE,
    "MINOREOUGUALE": Operator.LE,
    "<": Operator.LT,
    "MINORE": Operator.LT,
    "=": Operator.EQ,
    "==": Operator.EQ,
    "UGUALE": Operator.EQ,
    "ENTRO": Operator.DEADLINE,
    "ENTROIL": Operator.DEADLINE,
    "SCADENZA": Operator.DEADLINE,
    "SI/NO": Operator.BOOL,
    "SÌ/NO": Operator.BOOL,
    "SINO": Operator.BOOL,
    "SI": Operator.BOOL,
    "BOOLEANO": Operator.BOOL,
    "ON/OFF": Operator.BOOL,
}

OPERATOR_CHOICES = [op.value for op in Operator]

NOT_AVAILABLE = {"", "N/D", "ND", "N.D.", "N.D", "N/A", "NA", "-", "—", "NON DISPONIBILE"}
#: Excel's error values, English and Italian: a cell holding one is reported, never read as N/D
EXCEL_ERRORS = {
    "#DIV/0!",
    "#VALUE!",
    "#N/A",
    "#REF!",
    "#NAME?",
    "#NUM!",
    "#NULL!",
    "#SPILL!",
    "#CALC!",
    "#GETTING_DATA",
    "#VALORE!",
    "#N/D",
    "#RIF!",
    "#NOME?",
    "#NULLO!",
    "#ESPANSIONE!",
    "#FIELD!",
    "#BLOCKED!",
    "#CONNECT!",
    "#BUSY!",
    "#UNKNOWN!",
    "ERR:502",
    "ERR:504",
    "ERR:508",
    "ERR:522",
    "ERR:523",
    "#NAME!",
}
#: a number cell of a % indicator above this is percentage points typed into a General cell
#: (96 meaning 96 %), not 9 600 %: the seed's largest % value is 157,60 % (readers/rows.py, and
#: the native formulas of the area copies, layout.py)
PERCENT_POINTS_ABOVE = 10.0
_TRUE = {"SI", "SÌ", "SÍ", "S", "VERO", "TRUE", "X", "FATTO", "OK", "1"}
_FALSE = {"NO", "N", "FALSO", "FALSE", "0", "NON FATTO"}

#: Units as staff write them -> the canonical unit shown in the workbook.
UNITS: dict[str, str] = {
    "N.": "N.",
    "N": "N.",
    "NR": "N.",
    "NR.": "N.",
    "NUM": "N.",
    "NUMERO": "N.",
    "%": "%",
    "FTE": "fte",
    "GG": "gg",
    "GG.": "gg",
    "GIORNI": "gg",
    "G": "gg",
    "H": "h",
    "ORE": "h",
    "ORA": "h",
    "€": "€",
    "EUR": "€",
    "EURO": "€",
}
UNIT_CHOICES = ["N.", "%", "fte", "gg", "h", "€"]

_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_DATE_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00)?)?$")
_NUMBER = re.compile(r"^[+-]?(?:\d[\d.,' ]*\d|\d)(?:[.,]\d+)?$")
_LEADING_OP = re.compile(r"^(>=|=>|<=|=<|≥|≤|==|>|<|=)\s*")
_ENTRO = re.compile(r"^entro(?:\s+il)?\s*", re.IGNORECASE)
_NUMBER_THEN_UNIT = re.compile(r"^(?P<num>[+\-]?\s*[\d][\d.,'\u00a0\u202f ]*)\s*(?P<unit>%|[A-Za-z€][A-Za-z€.]*)?$")
_UNIT_THEN_NUMBER = re.compile(r"^(?P<unit>€|EUR)\s*(?P<num>[+\-]?[\d][\d.,'\u00a0\u202f ]*)$", re.IGNORECASE)


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text.replace("−", "-").replace("–", "-")).strip()


class ExcelErrorValue(str):
    """An error value read from a cell (``#DIV/0!``): kept as its text, reported by the readers."""


class _Marker(str):
    """A cell whose value cannot be trusted although it looks empty (see the workbook reader)."""

    why: str

    def __new__(cls, why: str) -> _Marker:
        obj = super().__new__(cls, "")
        obj.why = why
        return obj


#: a formula saved without its result (a file written by a program that does not calculate)
UNCACHED = _Marker("formula senza risultato salvato")
#: a cell covered by a merge, below or right of its first cell
MERGED = _Marker("cella unita")


def col_letter(index: int) -> str:
    """0-based column index -> Excel letters (0 -> "A", 26 -> "AA")."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def col_index(letters: str) -> int:
    """Excel column letters -> 0-based index ("A" -> 0, "AA" -> 26)."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def plural(n: int, one: str, many: str) -> str:
    """``1 errore``, ``3 errori``."""
    return f"{n} {one if n == 1 else many}"


def excel_error(value: object) -> str | None:
    """``"#DIV/0!"`` (or any Excel/LibreOffice error value) -> that text; None for anything else."""
    if isinstance(value, str):
        text = value.strip().upper()
        if text in EXCEL_ERRORS:
            return text
    return None


def is_blank(value: object) -> bool:
    """An empty cell: nothing, or only spaces (unlike N/D, which is a value someone typed)."""
    return value is None or (isinstance(value, str) and not value.strip())


def is_not_available(value: object) -> bool:
    """True for an empty cell, ``N/D`` and its spellings (not Excel's ``#N/D`` error: see excel_error)."""
    if value is None:
        return True
    if isinstance(value, float) and value != value:  # NaN
        return True
    if isinstance(value, str):
        return _clean(value).upper() in NOT_AVAILABLE
    return False


def parse_operator(text: object) -> Operator | None:
    """``">="``, ``"≥"``, ``"Entro"``, ``"SI/NO"`` … -> Operator; empty -> None."""
    if text is None:
        return None
    if isinstance(text, Operator):
        return text
    key = _clean(str(text)).upper().replace(" ", "")
    if not key:
        return None
    try:
        return _OPERATOR_ALIASES[key]
    except KeyError:
        raise LiteralError(
            f"operatore «{text}» non riconosciuto: usare uno tra {', '.join(OPERATOR_CHOICES)}"
        ) from None


def parse_unit(text: object) -> str:
    """Canonical unit (``"N."``, ``"%"``, ``"fte"``, ``"gg"``, ``"h"``, ``"€"``) or the text as given."""
    if text is None:
        return ""
    raw = _clean(str(text))
    return UNITS.get(raw.upper(), raw)


def parse_number(text: object) -> float:
    """An Italian (or plain) number: ``"9.950.000,00"``, ``"3,19"``, ``"1.003"``, ``"-22,01"``.

    A trailing ``%`` makes it a fraction. Native numbers pass through.
    """
    if isinstance(text, bool):
        raise LiteralError(f"«{text}» è un valore logico, non un numero")
    if isinstance(text, (int, float)):
        if text != text or text in (float("inf"), float("-inf")):
            raise LiteralError("valore numerico non valido (infinito o non numero)")
        return float(text)
    if text is None:
        raise LiteralError("valore mancante: scrivere un numero")
    raw = _clean(str(text))
    percent = raw.endswith("%")
    body = raw[:-1].strip() if percent else raw
    body = body.replace(" ", "").replace("'", "")
    if not _NUMBER.match(body):
        raise LiteralError(f"«{text}» non è un numero: scrivere ad esempio 350 oppure 1.234,56")
    sign = -1.0 if body.startswith("-") else 1.0
    body = body.lstrip("+-")
    if "," in body and "." in body:
        if body.rfind(",") > body.rfind("."):  # 9.950.000,00
            body = body.replace(".", "").replace(",", ".")
        else:  # 9,950,000.00
            body = body.replace(",", "")
    elif "," in body:
        if body.count(",") > 1:
            raise LiteralError(f"«{text}» ha più di una virgola decimale")
        body = body.replace(",", ".")
    elif "." in body:
        parts = body.split(".")
        grouped = len(parts) > 2 or (len(parts[0]) <= 3 and parts[0] != "0" and len(parts[1]) == 3)
        if grouped:
            if not all(len(p) == 3 for p in parts[1:]) or len(parts[0]) > 3:
                raise LiteralError(f"«{text}» non è un numero: separatori delle migliaia non validi")
            body = body.replace(".", "")
    value = sign * float(body)
    if value != value or abs(value) == float("inf"):
        raise LiteralError(f"«{text}» è fuori scala")
    return value / 100.0 if percent else value


def parse_date(text: object) -> dt.date:
    """``31-03-2025``, ``31/03/2025``, ``31.03.2025``, ``2025-03-31`` or a native date."""
    if isinstance(text, dt.datetime):
        return text.date()
    if isinstance(text, dt.date):
        return text
    raw = _clean(str(text)) if text is not None else ""
    m = _DATE_DMY.match(raw)
    try:
        if m:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        m = _DATE_ISO.match(raw)
        if m:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise LiteralError(f"«{text}» non è una data esistente") from None
    raise LiteralError(f"«{text}» non è una data: scrivere gg-mm-aaaa, ad esempio 31-03-2025")


_EXCEL_EPOCH = dt.date(1899, 12, 30)


def to_excel_serial(day: dt.date) -> int:
    """date -> Excel's date serial number (2025-03-31 -> 45747)."""
    return (day - _EXCEL_EPOCH).days


def from_excel_serial(serial: float) -> dt.date:
    """Excel's date serial number (1 = 1900-01-01, 45747 = 2025-03-31) -> date."""
    if not 1 <= serial < 2_958_466:
        raise LiteralError(f"«{serial:g}» non è una data: scrivere gg-mm-aaaa, ad esempio 31-03-2025")
    return _EXCEL_EPOCH + dt.timedelta(days=int(serial))


def looks_like_date(value: object) -> bool:
    if isinstance(value, (dt.date, dt.datetime)):
        return True
    if not isinstance(value, str):
        return False
    raw = _clean(value)
    return bool(_DATE_DMY.match(raw) or _DATE_ISO.match(raw))


def parse_bool(value: object) -> bool:
    """SI/NO, VERO/FALSO, 1/0, TRUE/FALSE -> bool."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    key = _clean(str(value)).upper().rstrip(".").replace(" N", "") if value is not None else ""
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise LiteralError(f"«{value}» non è un valore SI/NO: scrivere SI oppure NO")


def _split_value_unit(raw: str) -> tuple[float, str]:
    m = _NUMBER_THEN_UNIT.match(raw) or _UNIT_THEN_NUMBER.match(raw)
    if not m:
        raise LiteralError(f"«{raw}» non è un valore leggibile: scrivere ad esempio >=350 N. oppure 3,19 gg")
    num = m.group("num").replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    unit = m.group("unit") or ""
    if unit == "%":
        return parse_number(num + "%"), "%"
    return parse_number(num), parse_unit(unit)


@dataclass(frozen=True)
class Target:
    """A parsed target: operator, value (float, date or bool) and unit."""

    operator: Operator
    value: float | dt.date | bool | None
    unit: str = ""


Value = float | dt.date | bool


def parse_value(value: object) -> tuple[Value, str]:
    """One cell or literal -> (value, unit). Raises LiteralError; N/D is the caller's business."""
    if isinstance(value, bool):
        return value, ""
    if isinstance(value, (int, float)):
        return parse_number(value), ""
    if isinstance(value, (dt.date, dt.datetime)):
        return parse_date(value), ""
    raw = _clean(str(value))
    if looks_like_date(raw):
        return parse_date(raw), ""
    upper = raw.upper().rstrip(".")
    if upper in _TRUE - {"1", "S", "X"} or upper in _FALSE - {"0", "N"}:
        return parse_bool(raw), ""
    return _split_value_unit(raw)


def parse_target(target: object, operator: object = None, unit: object = None) -> Target:
    """A target cell/literal plus the optional operator and unit columns -> Target.

    The operator may be carried by the target (``">=350 N."``, ``"Entro 31-03-2025"``); when both
    are given they must agree. Without any operator a date means *Entro*, SI/NO means SI/NO and a
    number means ``=``.
    """
    for what, value in (("target", target), ("operatore", operator), ("unità", unit)):
        if excel_error(value):
            raise LiteralError(f"{what}: la cella contiene l'errore di Excel {excel_error(value)}")
    op = parse_operator(operator)
    if is_not_available(target):
        raise LiteralError("target mancante: scrivere il valore atteso, ad esempio >=350 N.")
    carried: Operator | None = None
    if isinstance(target, str):
        raw = _clean(target)
        m = _ENTRO.match(raw)
        if m:
            carried, raw = Operator.DEADLINE, raw[m.end() :]
        else:
            m = _LEADING_OP.match(raw)
            if m:
                carried, raw = parse_operator(m.group(1)), raw[m.end() :]
        if not raw:
            raise LiteralError(f"target «{target}» senza valore dopo l'operatore")
        value, carried_unit = parse_value(raw)
    else:
        value, carried_unit = parse_value(target)
    if op is not None and carried is not None and op != carried:
        raise LiteralError(f"l'operatore «{op.value}» non concorda con quello scritto nel target «{target}»")
    op = op or carried
    if op is None:
        if isinstance(value, dt.date):
            op = Operator.DEADLINE
        elif isinstance(value, bool):
            op = Operator.BOOL
        else:
            op = Operator.EQ
    if op is Operator.DEADLINE and isinstance(value, float) and not isinstance(target, str):
        value = from_excel_serial(value)  # a date cell seen as its serial number (formula engines)
    if op is Operator.DEADLINE and not isinstance(value, dt.date):
        raise LiteralError(f"con l'operatore Entro il target deve essere una data (gg-mm-aaaa), non «{target}»")
    if op is Operator.BOOL:
        value = True if not isinstance(value, bool) else value
    elif op is not Operator.DEADLINE and not isinstance(value, float):
        raise LiteralError(f"con l'operatore «{op.value}» il target deve essere un numero, non «{target}»")
    return Target(op, value, parse_unit(unit) if unit not in (None, "") else carried_unit)


def parse_actual(actual: object, operator: Operator) -> Value | None:
    """A consuntivo for the given operator; None when not available (N/D, empty)."""
    if excel_error(actual):
        raise LiteralError(f"la cella contiene l'errore di Excel {excel_error(actual)}")
    if is_not_available(actual):
        return None
    if operator is Operator.BOOL:
        return parse_bool(actual)
    if operator is Operator.DEADLINE:
        if isinstance(actual, dt.time) or (
            isinstance(actual, (int, float)) and not isinstance(actual, bool) and 0 <= actual < 1
        ):
            shown = actual.strftime("%H:%M") if isinstance(actual, dt.time) else format_time(float(actual))
            raise LiteralError(
                f"consuntivo «{shown}» è un orario, non una data: scrivere la data di completamento (gg/mm/aaaa)"
            )
        if isinstance(actual, (int, float)) and not isinstance(actual, bool):
            return from_excel_serial(float(actual))
        if not looks_like_date(actual):
            raise LiteralError(
                f"consuntivo «{actual}» non è una data: per un target Entro scrivere la data di completamento "
                "(gg-mm-aaaa)"
            )
        return parse_date(actual)
    if isinstance(actual, str) and looks_like_date(actual) or isinstance(actual, (dt.date, dt.datetime)):
        # never its serial number (31/12/2025 would score as 46 022): see copy_reading.py
        shown = format_value(parse_date(actual)) if isinstance(actual, (dt.date, dt.datetime)) else actual
        raise LiteralError(
            f"consuntivo «{shown}» è una data ma il target è numerico: una data non si valuta come numero"
        )
    if isinstance(actual, bool):
        raise LiteralError(f"consuntivo «{actual}» è un valore logico ma il target è numerico")
    if isinstance(actual, str):
        raw = _clean(actual)
        m = _LEADING_OP.match(raw)  # "<3 gg" typed as consuntivo: keep the number
        if m:
            raw = raw[m.end() :]
        return _split_value_unit(raw)[0]
    return parse_number(actual)


def format_number(value: float, decimals: int = 2) -> str:
    """9950000.0 -> ``"9.950.000,00"`` (Italian grouping)."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_percent(fraction: float | None, decimals: int = 2) -> str:
    """0.9734 -> ``"97,34 %"``; None -> ``"N/D"``."""
    if fraction is None or fraction != fraction:
        return "N/D"
    return f"{format_number(fraction * 100.0, decimals)} %"


def format_time(fraction: float) -> str:
    """Excel's time of day (a fraction of a day, 0.604167) -> ``"14:30"``."""
    minutes = round(fraction * 24 * 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def format_date(value: dt.date) -> str:
    return value.strftime("%d-%m-%Y")


def format_value(value, unit: str = "") -> str:
    """A target or consuntivo as the Relazione prints it: 350 N., 9.950.000,00 €, 80,00 %, 31-03-2025."""
    if value is None:
        return "N/D"
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "SI" if value else "NO"
    if isinstance(value, dt.date):
        return format_date(value)
    if unit == "%":
        return format_percent(value)
    decimals = 0 if float(value).is_integer() else 2
    return f"{format_number(value, decimals)} {unit}".strip()
