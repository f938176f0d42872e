"""One reading of every value, in an area copy and in the master (issue 21.1).

An area copy (`.xlsx`) computes with native formulas (layout.native_*), the master with the scoring
core (literals.py, readers/rows.py). For every value an area can type in a consuntivo cell, the two
give the same %, or `raccogli` refuses the value naming the cell and saying what to write:

* numbers, dates and date-times, logical values: the native formulas read them as the core does
  (a date-time in an ``Entro`` row counts by its date: INT(); a number above 10 in a % row is points);
* N/D, SI and NO in the spellings below: the native formulas compare TRIM(UPPER(cell)) with these
  lists, built from the core's own (literals.NOT_AVAILABLE, the SI/NO words);
* any other text (a number, a percentage or a date stored as text, pasted or typed where the
  spreadsheet did not recognise it, e.g. «31-01-2025» in a LibreOffice in Italian): the copy cannot
  compute it, so `raccogli` refuses it (:func:`copy_refusal`);
* a date in a numeric row (31/12/2025 in a «>= 350 N.» row): the native formula sees its serial
  number (46 022) and cannot tell it from a number, so the master side moves: the core refuses it
  (literals.parse_actual), in `check` at the master's cell and in `raccogli` at the area file's.
"""

from __future__ import annotations

import datetime as dt
import re

from .literals import FALSE_WORDS, NOT_AVAILABLE, TRUE_WORDS, Operator

#: the spellings the native formulas read, as TRIM(UPPER(cell)) gives them
NATIVE_NA: tuple[str, ...] = tuple(sorted(NOT_AVAILABLE - {""}))
NATIVE_TRUE: tuple[str, ...] = tuple(sorted(TRUE_WORDS))
NATIVE_FALSE: tuple[str, ...] = tuple(sorted(FALSE_WORDS))


def native_key(text: str) -> str:
    """TRIM(UPPER(text)) as Excel and LibreOffice compute it: only the ASCII space is trimmed, and
    runs of it inside the text become one."""
    return re.sub(" +", " ", text.upper()).strip(" ")


def excel_array(words: tuple[str, ...]) -> str:
    """An inline array constant for MATCH: {"N/D","ND",…}."""
    return "{" + ",".join('"' + w.replace('"', '""') + '"' for w in words) + "}"


def copy_refusal(value: object, operator: Operator) -> str | None:
    """Why ``value``, typed in a consuntivo cell of an area copy, would be computed differently by
    the copy (or not at all): an Italian message with what to write; None when the copy reads it
    as the core does (or the core refuses it anyway)."""
    if not isinstance(value, str) or not value.strip(" "):
        return None
    key = native_key(value)
    if key in NATIVE_NA or (operator is Operator.BOOL and key in NATIVE_TRUE + NATIVE_FALSE):
        return None
    shown = value.strip()
    if operator is Operator.BOOL:
        return f"«{shown}» non è letto dal file dell'area: scrivere SI, NO oppure N/D"
    if operator is Operator.DEADLINE:
        return (
            f"«{shown}» è scritto come testo e il file dell'area non lo calcola: scrivere la data come data "
            "(gg/mm/aaaa, ad esempio 31/01/2025, senza apostrofo) oppure N/D"
        )
    return (
        f"«{shown}» è scritto come testo e il file dell'area non lo calcola: scrivere il numero come numero "
        "(senza apostrofo né testo; le percentuali con il segno %, ad esempio 96%) oppure N/D"
    )


def is_time_of_day(value: object) -> bool:
    """A number between 0 and 1, or a time: what a time typed in a date cell is stored as."""
    if isinstance(value, dt.time):
        return True
    return isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value < 1
