"""Italian literals as printed in the PIAO / Relazione and as typed by office staff.

Pure functions, no Excel, standard library only: operators, units, N/D and SI/NO spellings,
numbers (``"9.950.000,00"``, ``"3,19"``, ``"100,00 %"``), dates (``"31-03-2025"``, Excel serials),
column letters, and their Italian printing; native cell values (int, float, bool, date, datetime)
pass through. A whole target or consuntivo (``">=350 N."``, ``"Entro 31-03-2025"``, ``"<=-20 gg"``)
is target_literals.py's, built on these.

Conventions (Excel's own): a literal written with ``%`` is a fraction (``"97,34 %"`` -> 0.9734),
a plain number is taken as it is. A decimal comma makes dots thousands separators; without a
comma, dots followed by groups of exactly three digits are thousands (``"1.003"`` -> 1003),
otherwise the dot is a decimal point (``"37.37"`` -> 37.37).

Every failure raises :class:`LiteralError` whose message is Italian and says what to write.
"""

from __future__ import annotations

import datetime as dt
import re
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
#: SI/NO answers as staff write them (upper case, no final dot): parse_bool reads them, and the area
#: copies' native formulas accept the same spellings (copy_reading.py)
TRUE_WORDS = {"SI", "SÌ", "SÍ", "S", "VERO", "TRUE", "X", "FATTO", "OK", "1"}
FALSE_WORDS = {"NO", "N", "FALSO", "FALSE", "0", "NON FATTO"}

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


def clean_text(text: str) -> str:
    """Spaces of any kind (tabs, non-breaking) as one space, minus and en dashes as ``-``, trimmed."""
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
        return clean_text(value).upper() in NOT_AVAILABLE
    return False


def parse_operator(text: object) -> Operator | None:
    """``">="``, ``"≥"``, ``"Entro"``, ``"SI/NO"`` … -> Operator; empty -> None."""
    if text is None:
        return None
    if isinstance(text, Operator):
        return text
    key = clean_text(str(text)).upper().replace(" ", "")
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
    raw = clean_text(str(text))
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
    raw = clean_text(str(text))
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
    raw = clean_text(str(text)) if text is not None else ""
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
    raw = clean_text(value)
    return bool(_DATE_DMY.match(raw) or _DATE_ISO.match(raw))


def parse_bool(value: object) -> bool:
    """SI/NO, VERO/FALSO, 1/0, TRUE/FALSE -> bool."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    key = clean_text(str(value)).upper().rstrip(".").replace(" N", "") if value is not None else ""
    if key in TRUE_WORDS:
        return True
    if key in FALSE_WORDS:
        return False
    raise LiteralError(f"«{value}» non è un valore SI/NO: scrivere SI oppure NO")


#: a cell's value once read: a number, a date or SI/NO
Value = float | dt.date | bool


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
