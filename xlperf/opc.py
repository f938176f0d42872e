"""The one owner of an OOXML package's ``[Content_Types].xml`` and relationship parts (``.rels``).

Reading: where a part's relationships are, what they point to. Writing: a content-type override
added or removed, a relationship added or removed, a ``.rels`` part written whole. Everything is by
text on the part as it is (prefixes, order and unknown entries kept), so a package we rewrite
changes only in the entries named here.
"""

from __future__ import annotations

import posixpath
import re
from xml.sax.saxutils import quoteattr

from defusedxml import ElementTree as ET

PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_NS = {"rel": PKG_REL}
_RELATIONSHIP = re.compile(r"<Relationship\b[^>]*/>")
_TARGET = re.compile(r'\bTarget="([^"]*)"')


# --- relationships ------------------------------------------------------------------------------
def rels_path(part: str) -> str:
    """xl/worksheets/sheet1.xml -> xl/worksheets/_rels/sheet1.xml.rels"""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def read_rels(data: bytes | None) -> list[tuple[str, str, str]]:
    """A .rels part -> [(Id, Type, Target)] of its internal relationships; [] when there is none."""
    if data is None:
        return []
    root = ET.fromstring(data)
    return [
        (r.get("Id"), r.get("Type"), r.get("Target"))
        for r in root.findall("rel:Relationship", _NS)
        if r.get("TargetMode") != "External"
    ]


def resolve(folder: str, target: str) -> str:
    """A relationship target (relative, or absolute from the package root as openpyxl writes) -> part."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(folder, target))


def relative(from_part: str, to_part: str) -> str:
    """The target a relationship of ``from_part`` writes for ``to_part`` (``../charts/chart1.xml``)."""
    return posixpath.relpath(to_part, posixpath.dirname(from_part))


def relationship_xml(rid: str, rel_type: str, target: str) -> str:
    return f"<Relationship Id={quoteattr(rid)} Type={quoteattr(rel_type)} Target={quoteattr(target)}/>"


def rels_xml(rels: list[tuple[str, str, str]]) -> str:
    """A whole .rels part for [(Id, Type, Target)]."""
    body = "".join(relationship_xml(*r) for r in rels)
    head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    return f'{head}<Relationships xmlns="{PKG_REL}">{body}</Relationships>'


def add_relationship(rels: str, rid: str, rel_type: str, target: str) -> str:
    """``rels`` (a .rels part's text) with one more relationship, last."""
    return rels.replace("</Relationships>", relationship_xml(rid, rel_type, target) + "</Relationships>")


def remove_relationships_to(rels: str, folder: str, part: str) -> str:
    """``rels`` (the text of the .rels part of a part in ``folder``) without the relationships whose
    target is ``part``, written relative or absolute."""

    def keep(m: re.Match) -> str:
        target = _TARGET.search(m.group(0))
        return "" if target and resolve(folder, target.group(1)) == part else m.group(0)

    return _RELATIONSHIP.sub(keep, rels)


# --- [Content_Types].xml --------------------------------------------------------------------
CONTENT_TYPES = "[Content_Types].xml"


def has_override(content_types: str, part: str) -> bool:
    return f'PartName="/{part}"' in content_types


def add_override(content_types: str, part: str, content_type: str) -> str:
    """``content_types`` declaring ``part``'s content type (unchanged when it is declared already)."""
    if has_override(content_types, part):
        return content_types
    return content_types.replace("</Types>", f'<Override PartName="/{part}" ContentType="{content_type}"/></Types>')


def remove_override(content_types: str, part: str) -> str:
    """``content_types`` without ``part``'s override (a part removed from the package)."""
    return re.sub(rf'<Override PartName="/{re.escape(part)}"[^>]*/>', "", content_types)
