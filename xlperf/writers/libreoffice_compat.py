"""Three things LibreOffice Calc writes into an .xlsm that Excel's parser does not accept as is.

A workbook of ours saved by LibreOffice (an area office on LibreOffice, a colleague who opened the
master in Calc) and then refreshed must open in Excel without "repair". The refresh fixes, only in a
package whose ``<fileVersion appName="Calc"/>`` says LibreOffice wrote it:

1. ``xl/workbook.xml``: LibreOffice's own ``<ext>`` (``loext:extCalcPr``) in a namespace that is
   neither known to Excel nor declared ignorable: removed (it only records LibreOffice's
   string-reference syntax, which is the Excel A1 syntax it uses by default for .xlsx);
2. VML drawings (the buttons): the same ``<v:shapetype id>`` repeated for every button and every
   button called ``shape_0``: ids made unique (the first shapetype kept);
3. no theme part: the default Office theme is added (Excel requires one; openpyxl's copy of it).

Nothing else changes; each fix is applied to the parts as they are, by text, like the package writer.
"""

from __future__ import annotations

import re

from .. import opc

THEME_PART = "xl/theme/theme1.xml"
T_THEME = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"
CT_THEME = "application/vnd.openxmlformats-officedocument.theme+xml"
_LO_EXT = re.compile(r"<ext\b[^>]*xmlns:loext=[^>]*>.*?</ext>", re.S)
_SHAPETYPE = re.compile(r"<v:shapetype\b[^>]*\bid=\"([^\"]+)\".*?</v:shapetype>\s*", re.S)
_SHAPE_ID = re.compile(r"(<v:shape\b[^>]*?\bid=\")([^\"]+)(\")")


def saved_by_libreoffice(files: dict[str, bytes]) -> bool:
    return b'appName="Calc"' in files.get("xl/workbook.xml", b"")[:2000]


def _unique_vml(xml: str) -> str:
    seen_types: set[str] = set()

    def shapetype(m: re.Match) -> str:
        if m.group(1) in seen_types:
            return ""
        seen_types.add(m.group(1))
        return m.group(0)

    xml = _SHAPETYPE.sub(shapetype, xml)
    seen: dict[str, int] = {}

    def shape(m: re.Match) -> str:
        n = seen[m.group(2)] = seen.get(m.group(2), 0) + 1
        return m.group(1) + (m.group(2) if n == 1 else f"{m.group(2)}_{n}") + m.group(3)

    return _SHAPE_ID.sub(shape, xml)


def repair(files: dict[str, bytes], content_types: str) -> tuple[str, set[str]]:
    """Apply the fixes to ``files`` in place; return the new content types and the parts changed."""
    changed: set[str] = set()
    workbook = files["xl/workbook.xml"].decode("utf-8")
    fixed = _LO_EXT.sub("", workbook).replace("<extLst></extLst>", "")
    if fixed != workbook:
        files["xl/workbook.xml"] = fixed.encode("utf-8")
        changed.add("xl/workbook.xml")
    for name in [n for n in files if n.startswith("xl/drawings/") and n.endswith(".vml")]:
        vml = files[name].decode("utf-8")
        unique = _unique_vml(vml)
        if unique != vml:
            files[name] = unique.encode("utf-8")
            changed.add(name)
    rels_name = "xl/_rels/workbook.xml.rels"
    rels = opc.read_rels(files.get(rels_name))
    if not any(t == T_THEME for _, t, _ in rels) and THEME_PART not in files:
        from openpyxl.writer.theme import theme_xml

        files[THEME_PART] = theme_xml.encode("utf-8")
        used = {i for i, _, _ in rels}
        rid = next(f"rIdTheme{k}" for k in range(1, 1000) if f"rIdTheme{k}" not in used)
        text = files[rels_name].decode("utf-8")
        files[rels_name] = opc.add_relationship(text, rid, T_THEME, opc.relative("xl/workbook.xml", THEME_PART)).encode(
            "utf-8"
        )
        content_types = opc.add_override(content_types, THEME_PART, CT_THEME)
        changed |= {THEME_PART, rels_name}
    return content_types, changed
