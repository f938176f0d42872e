"""``xl/styles.xml``: append the fonts, fills, number formats and cell formats the layouts need,
reusing those already there (a second refresh appends nothing), by text insertion."""

from __future__ import annotations

import functools
import re

from ..sheet_content import Style
from .parts import NotApplicable
from .xml import attr

LINK = Style(fg="#0563C1")
_BUILTIN_FORMATS = {None: 0, "General": 0, "0%": 9, "0.00%": 10, "0.00": 2, "#,##0": 3, "#,##0.00": 4}


def _argb(hex_color: str) -> str:
    return "FF" + hex_color.lstrip("#").upper()


# --- styles.xml --------------------------------------------------------------------------------


class Styles:
    """Appends fonts, fills, number formats and cell formats to an existing styles.xml."""

    def __init__(self, xml: str):
        if "<styleSheet" not in xml or not all(f"</{tag}>" in xml for tag in ("fonts", "fills", "cellXfs")):
            raise NotApplicable("styles.xml")
        self.xml = xml
        #: the children already there, by their exact XML: a refresh of a refreshed workbook finds
        #: the formats it appended last time and reuses them, so styles.xml does not grow
        self.existing: dict[str, dict[str, int]] = {}
        self.counts: dict[str, int] = {}
        for tag in ("fonts", "fills", "cellXfs"):
            self.existing[tag], self.counts[tag] = self._children(tag)
        ids = [int(i) for i in re.findall(r'<numFmt\b[^>]*numFmtId="(\d+)"', xml)]
        self.next_fmt = max([163] + ids) + 1
        self.new: dict[str, list[str]] = {"fonts": [], "fills": [], "cellXfs": [], "numFmts": []}
        self.cache: dict[tuple, int] = {}
        self.parts: dict[tuple, int] = {}
        self.formats = dict(_BUILTIN_FORMATS)
        for fid, code in re.findall(r'<numFmt\b[^>]*numFmtId="(\d+)"[^>]*formatCode="([^"]*)"', xml):
            self.formats.setdefault(code.replace("&quot;", '"').replace("&amp;", "&"), int(fid))

    def _children(self, tag: str) -> tuple[dict[str, int], int]:
        block = re.search(rf"<{tag}\b[^>]*>(.*?)</{tag}>", self.xml, re.S)
        if block is None:
            raise NotApplicable(f"styles.xml <{tag}>")
        child = {"fonts": "font", "fills": "fill", "cellXfs": "xf"}[tag]
        found = re.findall(rf"<{child}\b[^>]*/>|<{child}\b[^>]*>.*?</{child}>", block.group(1), re.S)
        index: dict[str, int] = {}
        for i, xml in enumerate(found):
            index.setdefault(xml, i)
        # the list above must be exactly the block's children, or the indexes would be wrong
        if len(found) != len(re.findall(rf"<{child}\b", block.group(1))):
            raise NotApplicable(f"styles.xml <{tag}> nested")
        if tag == "cellXfs":
            self.xf_list = found
        return index, len(found)

    def _format_id(self, code: str) -> int:
        fmt_id = self.formats.get(code)
        if fmt_id is None:
            fmt_id = self.formats[code] = self.next_fmt
            self.next_fmt += 1
            self.new["numFmts"].append(f'<numFmt numFmtId="{fmt_id}" formatCode={attr(code)}/>')
        return fmt_id

    def with_number_format(self, xf_index: int, code: str) -> int:
        """The cell format ``xf_index`` with number format ``code`` instead (font, fill, borders,
        protection kept): for a date written into a cell formatted as a number."""
        if not 0 <= xf_index < len(self.xf_list):
            raise NotApplicable(f"cell format {xf_index}")
        fmt_id = self._format_id(code)
        xml = re.sub(r'numFmtId="\d+"', f'numFmtId="{fmt_id}"', self.xf_list[xf_index], count=1)
        if "applyNumberFormat" in xml:
            xml = re.sub(r'applyNumberFormat="\w+"', 'applyNumberFormat="1"', xml, count=1)
        else:
            xml = xml.replace("<xf ", '<xf applyNumberFormat="1" ', 1)
        return self._add("cellXfs", ("xf", xml), xml)

    def _add(self, tag: str, key: tuple, xml: str) -> int:
        if key not in self.parts and xml in self.existing[tag]:
            self.parts[key] = self.existing[tag][xml]
        if key not in self.parts:
            self.parts[key] = self.counts[tag] + len(self.new[tag])
            self.new[tag].append(xml)
        return self.parts[key]

    def xf(self, style: Style | None, link: bool = False) -> int:
        key = (style, link)
        if key in self.cache:
            return self.cache[key]
        st = style or Style()
        color = LINK.fg if link else st.fg
        font = (
            f"<font>{'<b/>' if st.bold else ''}{'<i/>' if st.italic else ''}{'<u/>' if link else ''}"
            f'<sz val="{st.size or 10}"/>'
            + (f'<color rgb="{_argb(color)}"/>' if color else "")
            + '<name val="Calibri"/><family val="2"/></font>'
        )
        font_id = self._add("fonts", ("font", font), font)
        fill_id = 0
        if st.bg:
            fill = (
                f'<fill><patternFill patternType="solid"><fgColor rgb="{_argb(st.bg)}"/>'
                '<bgColor indexed="64"/></patternFill></fill>'
            )
            fill_id = self._add("fills", ("fill", fill), fill)
        fmt_id = self._format_id(st.number_format) if st.number_format else 0
        align = (
            ['vertical="top"']
            + (['wrapText="1"'] if st.wrap else [])
            + ([f'horizontal="{st.align}"'] if st.align else [])
        )
        xf = (
            f'<xf numFmtId="{fmt_id}" fontId="{font_id}" fillId="{fill_id}" borderId="0" xfId="0" '
            'applyNumberFormat="1" '
            f'applyFont="1" applyFill="1" applyAlignment="1"><alignment {" ".join(align)}/></xf>'
        )
        self.cache[key] = self._add("cellXfs", ("xf", xf), xf)
        return self.cache[key]

    def render(self) -> str:
        xml = self.xml
        for tag in ("fonts", "fills", "cellXfs"):
            if not self.new[tag]:
                continue
            total = self.counts[tag] + len(self.new[tag])
            xml = re.sub(rf"<{tag}\b[^>]*>", functools.partial(_counted, total=total), xml, count=1)
            xml = xml.replace(f"</{tag}>", "".join(self.new[tag]) + f"</{tag}>", 1)
        if self.new["numFmts"]:
            if "</numFmts>" in xml:
                old = len(re.findall(r"<numFmt\b", xml))
                xml = re.sub(
                    r"<numFmts\b[^>]*>", lambda m: _with_count(m.group(0), old + len(self.new["numFmts"])), xml, count=1
                )
                xml = xml.replace("</numFmts>", "".join(self.new["numFmts"]) + "</numFmts>", 1)
            else:
                block = f'<numFmts count="{len(self.new["numFmts"])}">{"".join(self.new["numFmts"])}</numFmts>'
                xml = re.sub(r"(<styleSheet\b[^>]*>)", lambda m: m.group(1) + block, xml, count=1)
        return xml


def _counted(match: re.Match, total: int) -> str:
    return _with_count(match.group(0), total)


def _with_count(tag: str, n: int) -> str:
    if 'count="' in tag:
        return re.sub(r'count="\d+"', f'count="{n}"', tag)
    return tag[:-1] + f' count="{n}">'
