"""CSV -> Plan. Comma or semicolon, decimal comma or point, UTF-8 with or without BOM.

Required columns: objective_code, indicator_code, indicator_name, weight_pct, operator, target,
unit, actual. Optional: area_code (ambito), strategic_code, objective_name, strategic_name,
ambito_name, objective_type, org_area, dirigenti, description, note. Extra columns are ignored;
the entry sheet's Italian headers are accepted too, so a sheet saved as CSV reads back.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path

from ..model import Level, Plan, Problem
from .rows import FIELD_LABELS, build_indicator, fraction_weights
from .tree import plan_from_rows

REQUIRED = ["objective_code", "indicator_code", "indicator_name", "weight_pct", "operator", "target", "unit", "actual"]
OPTIONAL = [
    "area_code",
    "strategic_code",
    "objective_name",
    "strategic_name",
    "ambito_name",
    "objective_type",
    "org_area",
    "dirigenti",
    "description",
    "note",
    "cause",
    "action",
    "evidence",
    "actual_mid",
    "target_mid",
    "baseline",
]
#: Italian headers (lower case, accents stripped) -> field.
ALIASES = {
    **{label.lower(): field for field, label in FIELD_LABELS.items()},
    "codice obiettivo": "objective_code",
    "codice indicatore": "indicator_code",
    "peso": "weight_pct",
    "peso %": "weight_pct",
    "unita": "unit",
    "descrizione/formula": "description",
    "descrizione": "description",
    "nome obiettivo": "objective_name",
    "obiettivo": "objective_name",
    "monitoraggio 30/06": "actual_mid",
    "consuntivo 30/06": "actual_mid",
    "consuntivo 31/12": "actual",
    "causa": "cause",
    "evidenza": "evidence",
}

MAX_BYTES = 50 * 1024 * 1024


def _key(header: str) -> str:
    text = unicodedata.normalize("NFKD", header.strip().lstrip("\ufeff")).encode("ascii", "ignore").decode()
    low = text.lower().strip()
    if low in ALIASES:
        return ALIASES[low]
    return low.replace(" ", "_").replace("-", "_")


def _decode(data: bytes, name: str, problems: list[Problem]) -> str | None:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding != "utf-8-sig":
            problems.append(
                Problem(
                    level=Level.WARNING,
                    place=name,
                    message="il file non è in UTF-8: letto come Windows-1252",
                    fix="salvare il CSV come «CSV UTF-8»",
                )
            )
        return text
    problems.append(
        Problem(
            level=Level.ERROR,
            place=name,
            message="codifica del file non riconosciuta",
            fix="salvare il CSV come «CSV UTF-8»",
        )
    )
    return None


def read_csv(path: str | Path, base: Plan | None = None) -> tuple[Plan, list[Problem]]:
    """Read a CSV of indicators. Problems name the CSV row (1 = header)."""
    path = Path(path)
    problems: list[Problem] = []
    name = path.name
    size = path.stat().st_size
    if size > MAX_BYTES:
        problems.append(
            Problem(
                level=Level.ERROR,
                place=name,
                message=f"file troppo grande ({size // (1024 * 1024)} MB, massimo {MAX_BYTES // (1024 * 1024)} MB)",
                fix="dividere il file per area",
            )
        )
        return plan_from_rows([], [], base), problems
    text = _decode(path.read_bytes(), name, problems)
    if text is None:
        return plan_from_rows([], [], base), problems
    return read_csv_text(text, base, problems)


def read_csv_text(
    text: str, base: Plan | None = None, problems: list[Problem] | None = None
) -> tuple[Plan, list[Problem]]:
    problems = [] if problems is None else problems
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        problems.append(
            Problem(
                level=Level.ERROR,
                place="riga 1",
                message="il file è vuoto",
                fix="inserire l'intestazione e una riga per indicatore",
            )
        )
        return plan_from_rows([], [], base), problems
    fields = [_key(h) for h in header]
    missing = [f for f in REQUIRED if f not in fields]
    if missing:
        problems.append(
            Problem(
                level=Level.ERROR,
                place="riga 1",
                message=f"colonne mancanti: {', '.join(missing)}",
                fix=f"l'intestazione deve contenere almeno: {', '.join(REQUIRED)}",
            )
        )
        return plan_from_rows([], [], base), problems
    wanted = set(REQUIRED) | set(OPTIONAL)
    index = {f: i for i, f in reversed(list(enumerate(fields))) if f in wanted}
    indicators, meta = [], []
    for line_no, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        raw = {f: (row[i] if i < len(row) else "") for f, i in index.items()}
        places = {f: f"riga {line_no}, colonna {header[i].strip().lstrip(chr(0xFEFF))}" for f, i in index.items()}
        ind = build_indicator(raw, places, f"riga {line_no}", problems)
        if ind is not None:
            indicators.append(ind)
            meta.append(raw)
    fraction_weights(indicators, problems)
    return plan_from_rows(indicators, meta, base), problems
