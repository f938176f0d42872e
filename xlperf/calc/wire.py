"""Cell values over the pipe between the extension and the controllo di gestione's Python (JSON).

Numbers, texts, booleans and None travel as themselves; a date as ``{"d": "2025-03-31"}`` (a live
book's date cell reads as a datetime, as xlwings gives it); an error as ``{"e": "#DIV/0!"}`` (read
back as its text, as the file readers see it). Standard library only: packed into the .oxt.
"""

from __future__ import annotations

import datetime as dt

#: LibreOffice's and Excel's day 0 (serial 45747 = 2025-03-31)
EPOCH = dt.datetime(1899, 12, 30)


def encode(value):
    if isinstance(value, dt.date):
        return {"d": value.isoformat()[:10]}
    return value


def decode(value):
    if isinstance(value, dict):
        if "d" in value:
            return dt.datetime.fromisoformat(value["d"])
        if "e" in value:
            return str(value["e"])
    return value


def serial_to_date(serial: float) -> dict:
    return encode(EPOCH + dt.timedelta(days=int(serial)))


def date_to_serial(value: dt.date) -> float:
    return float((dt.datetime(value.year, value.month, value.day) - EPOCH).days)
