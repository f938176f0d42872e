"""Tables we hand to other programs: CSV that opens safely in Excel, and Frictionless data packages.

One room for both, shared by the OIV pack, the open data of Amministrazione Trasparente and the
art. 20 tables of the individual appraisal:

* :func:`safe_text` — a text cell that starts with ``= + - @``, a tab or a carriage return is a
  formula to Excel and LibreOffice (CSV injection, OWASP): it gets a leading apostrophe, so the text
  stays readable and is never run. Numbers are written as numbers and never touched;
* :func:`csv_bytes` — semicolon-separated UTF-8 with BOM and CRLF, what Excel in Italian opens with a
  double click (the OIV pack) — or comma-separated UTF-8 without BOM for open data (``dialect="open"``),
  what the Frictionless standard and the portals expect;
* :func:`data_package` — the ``datapackage.json`` descriptor (tabular data package) of such files, with
  a schema per resource (field names, types, Italian titles and descriptions), licence and publisher.

Standard library only.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

#: what makes a spreadsheet read a cell as a formula (OWASP CSV injection)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: object) -> object:
    """A CSV cell that cannot become a formula: texts starting with a formula character get a
    leading apostrophe; numbers, None and other texts are returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(rows: Iterable[Sequence[object]], dialect: str = "excel-it") -> bytes:
    """The rows as CSV bytes, every text cell neutralised with :func:`safe_text`.

    ``excel-it``: ``;`` separator, UTF-8 with BOM, CRLF (Excel in Italian). ``open``: ``,`` separator,
    UTF-8 without BOM, LF (open data, Frictionless defaults)."""
    buffer = io.StringIO()
    if dialect == "excel-it":
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    elif dialect == "open":
        writer = csv.writer(buffer, delimiter=",", lineterminator="\n")
    else:
        raise ValueError(f"unknown dialect {dialect!r}")
    for row in rows:
        writer.writerow(["" if v is None else safe_text(v) for v in row])
    text = buffer.getvalue()
    return ("\ufeff" + text).encode("utf-8") if dialect == "excel-it" else text.encode("utf-8")


@dataclass(frozen=True)
class Field:
    """One column of a published table: its name (the CSV header), Frictionless type
    (string, number, integer, date, boolean, …), Italian title and description."""

    name: str
    type: str
    title: str
    description: str = ""

    def descriptor(self) -> dict[str, str]:
        out = {"name": self.name, "type": self.type, "title": self.title}
        if self.description:
            out["description"] = self.description
        return out


@dataclass(frozen=True)
class Resource:
    """One CSV file of a data package: its path inside the package folder, name, title and fields."""

    path: str
    name: str
    title: str
    fields: tuple[Field, ...]
    description: str = ""
    primary_key: tuple[str, ...] = field(default_factory=tuple)

    def header(self) -> list[str]:
        return [f.name for f in self.fields]

    def descriptor(self) -> dict[str, object]:
        schema: dict[str, object] = {"fields": [f.descriptor() for f in self.fields]}
        if self.primary_key:
            schema["primaryKey"] = list(self.primary_key)
        out: dict[str, object] = {
            "name": self.name,
            "path": self.path,
            "title": self.title,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": {"delimiter": ",", "header": True},
            "schema": schema,
        }
        if self.description:
            out["description"] = self.description
        return out


#: the licence Italian public bodies use by default for open data (CAD art. 52, AgID guidelines)
CC_BY_4 = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}


def data_package(
    name: str,
    title: str,
    resources: Sequence[Resource],
    publisher: str,
    description: str = "",
    licence: dict[str, str] | None = None,
    created: str | None = None,
) -> bytes:
    """``datapackage.json`` (Frictionless tabular data package) as UTF-8 bytes, keys in a fixed order
    so the same data give the same bytes. ``created``: an ISO date or date-time, when given."""
    descriptor: dict[str, object] = {
        "profile": "tabular-data-package",
        "name": name,
        "title": title,
    }
    if description:
        descriptor["description"] = description
    descriptor["licenses"] = [licence or CC_BY_4]
    descriptor["contributors"] = [{"title": publisher, "role": "publisher"}]
    if created:
        descriptor["created"] = created
    descriptor["resources"] = [r.descriptor() for r in resources]
    return (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
