"""Put summary layouts into a workbook file by rewriting only the parts the refresh owns.

openpyxl rewrites the whole package: on a 30 000-indicator workbook that is ~12 s of load and save,
and it drops what it cannot read (form controls Excel writes, printer settings). Here every part
of the input sheets is copied byte for byte; only these change:

* the owned sheets' XML (cells as inline strings, so sharedStrings.xml is untouched), keeping their
  code name, namespaces, legacy drawing (the buttons' VML) and Excel's ``<controls>``;
* ``styles.xml``: the fonts, fills and cell formats the layouts need are appended (existing indexes
  stay valid), by text insertion so that prefixes and extension lists are kept as they are;
* the owned sheets' chart drawing and chart parts, ``[Content_Types].xml``, and ``calcChain.xml``
  (removed: Excel rebuilds it).

Where the package is not what this expects (an owned sheet missing, a table on an owned sheet,
unusual prefixes), :func:`rewrite_package` returns False and the caller uses the openpyxl writer.
"""

from __future__ import annotations

import functools
import numbers
import posixpath
import re
import zipfile
from pathlib import Path
from typing import NamedTuple

from defusedxml import ElementTree as ET

from ..layout import cell_ref, col_letter
from ..package import _resolve, read_rels, rels_path, sheet_parts
from ..summary import Chart, SheetLayout, Style
from . import libreoffice_compat
from .libreoffice_compat import saved_by_libreoffice
from .xml import attr, number, text

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_DRAWING = "application/vnd.openxmlformats-officedocument.drawing+xml"
CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
T_DRAWING = f"{REL}/drawing"
T_CHART = f"{REL}/chart"
LINK = Style(fg="#0563C1")
_BUILTIN_FORMATS = {None: 0, "General": 0, "0%": 9, "0.00%": 10, "0.00": 2, "#,##0": 3, "#,##0.00": 4}


class NotApplicable(Exception):
    pass


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


# --- one owned sheet ---------------------------------------------------------------------------


def _root_attributes(xml: str) -> str:
    root = re.search(r"<worksheet\b([^>]*)>", xml)
    if not root:
        raise NotApplicable("worksheet root")
    attrs = dict(re.findall(r'(xmlns(?::\w+)?|mc:Ignorable)="([^"]*)"', root.group(1)))
    if attrs.get("xmlns") != MAIN:
        raise NotApplicable("worksheet namespace")
    attrs.setdefault("xmlns:r", REL)
    return " ".join(f'{k}="{v}"' for k, v in attrs.items())


def _balanced(xml: str, start: int, open_tag: str, close_tag: str) -> int:
    depth, pos = 0, start
    while True:
        o, c = xml.find(open_tag, pos), xml.find(close_tag, pos)
        if c < 0:
            raise NotApplicable("unbalanced " + open_tag)
        if 0 <= o < c:
            depth, pos = depth + 1, o + len(open_tag)
        else:
            depth, pos = depth - 1, c + len(close_tag)
            if depth == 0:
                return pos


def _kept_controls(xml: str) -> str:
    """Excel's form controls of the sheet (the buttons), verbatim."""
    i = xml.find("<controls>")
    if i < 0:
        return ""
    wrapper = xml.rfind("<mc:AlternateContent", 0, i)
    if wrapper >= 0 and xml.find("</mc:AlternateContent>", wrapper) > i:
        return xml[wrapper : _balanced(xml, wrapper, "<mc:AlternateContent", "</mc:AlternateContent>")]
    return xml[i : xml.index("</controls>", i) + len("</controls>")]


def cell_xml(ref: str, value, s: int) -> str:
    if value is None:
        return f'<c r="{ref}" s="{s}"/>'
    if isinstance(value, bool):
        return f'<c r="{ref}" s="{s}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, numbers.Real):
        return f'<c r="{ref}" s="{s}"><v>{number(value)}</v></c>'
    return f'<c r="{ref}" s="{s}" t="inlineStr"><is><t xml:space="preserve">{text(value)}</t></is></c>'


def sheet_xml(layout: SheetLayout, styles: Styles, original: str, drawing_rid: str | None) -> str:
    code = re.search(r'<sheetPr\b[^>]*codeName="([^"]*)"', original)
    views = re.search(r"<sheetViews>.*?</sheetViews>", original, re.S)
    legacy = re.search(r"<legacyDrawing\b[^>]*/>", original)
    out = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
        f"<worksheet {_root_attributes(original)}>",
        f'<sheetPr{" codeName=" + attr(code.group(1)) if code else ""}><pageSetUpPr fitToPage="1"/></sheetPr>',
    ]
    grid = layout.grid()
    width = max((len(r) for r in grid), default=1) or 1
    out.append(f'<dimension ref="A1:{col_letter(width - 1)}{max(len(grid), 1)}"/>')
    out.append(views.group(0) if views else '<sheetViews><sheetView workbookViewId="0"/></sheetViews>')
    out.append('<sheetFormatPr defaultRowHeight="15"/>')
    if layout.widths:
        out.append(
            "<cols>"
            + "".join(
                f'<col min="{c + 1}" max="{c + 1}" width="{number(w)}" customWidth="1"/>'
                for c, w in sorted(layout.widths.items())
            )
            + "</cols>"
        )
    out.append("<sheetData>")
    for r, row in enumerate(grid):
        cells = []
        for c, value in enumerate(row):
            style = layout.styles.get((r, c))
            if value is None and style is None:
                continue
            cells.append(cell_xml(f"{col_letter(c)}{r + 1}", value, styles.xf(style, link=(r, c) in layout.links)))
        height = layout.heights.get(r)
        if cells or height:
            ht = f' ht="{number(height)}" customHeight="1"' if height else ""
            out.append(f'<row r="{r + 1}"{ht}>' + "".join(cells) + "</row>")
    out.append("</sheetData>")
    if layout.links:
        out.append(
            "<hyperlinks>"
            + "".join(
                f'<hyperlink ref="{col_letter(c)}{r + 1}" location={attr(target)} display={attr(layout.rows[r][c])}/>'
                for (r, c), target in sorted(layout.links.items())
            )
            + "</hyperlinks>"
        )
    out.append('<pageMargins left="0.4" right="0.4" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>')
    printer = re.search(r'<pageSetup\b[^>]*\br:id="([^"]+)"', original)  # Excel's printer settings part
    out.append(
        f'<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="{number(layout.pages_tall)}"'
        + (f" r:id={attr(printer.group(1))}" if printer else "")
        + "/>"
    )
    if drawing_rid:
        out.append(f'<drawing r:id="{drawing_rid}"/>')
    if legacy:
        out.append(legacy.group(0))
    out.append(_kept_controls(original))
    out.append("</worksheet>")
    return "".join(out)


# --- charts ------------------------------------------------------------------------------------


def _abs(sheet: str, rng: str) -> str:
    a, b = (cell_ref(ref) for ref in rng.split(":"))
    return f"'{sheet}'!${col_letter(a[1])}${a[0] + 1}:${col_letter(b[1])}${b[0] + 1}"


def chart_xml(sheet: str, spec: Chart) -> str:
    cat, val = _abs(sheet, spec.categories), _abs(sheet, spec.values)
    series = (
        '<c:ser><c:idx val="0"/><c:order val="0"/><c:spPr><a:solidFill><a:srgbClr val="4472C4"/></a:solidFill>'
        '<a:ln><a:solidFill><a:srgbClr val="1F4E78"/></a:solidFill></a:ln></c:spPr>'
        + ('<c:marker><c:symbol val="circle"/><c:size val="6"/></c:marker>' if spec.kind == "line" else "")
        + f"<c:cat><c:strRef><c:f>{text(cat)}</c:f></c:strRef></c:cat>"
        + f"<c:val><c:numRef><c:f>{text(val)}</c:f></c:numRef></c:val></c:ser>"
    )
    if spec.kind == "line":
        plot = (
            f'<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>{series}<c:marker val="1"/>'
            '<c:axId val="10"/><c:axId val="100"/></c:lineChart>'
        )
        scaling_cat = '<c:orientation val="minMax"/>'
    else:
        plot = (
            f'<c:barChart><c:barDir val="bar"/><c:grouping val="clustered"/><c:varyColors val="0"/>{series}'
            '<c:gapWidth val="60"/><c:axId val="10"/><c:axId val="100"/></c:barChart>'
        )
        scaling_cat = '<c:orientation val="maxMin"/>'
    scaling_val = (
        f'<c:orientation val="minMax"/><c:max val="{number(spec.axis_max)}"/><c:min val="{number(spec.axis_min)}"/>'
    )
    title = (
        '<c:title><c:tx><c:rich><a:bodyPr/><a:p><a:pPr><a:defRPr sz="1200" b="1"/></a:pPr><a:r><a:rPr lang="it-IT" '
        'sz="1200" b="1"/>'
        f'<a:t>{text(spec.title)}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>'
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        f'xmlns:r="{REL}"><c:roundedCorners val="0"/><c:chart>{title}<c:autoTitleDeleted '
        f'val="0"/><c:plotArea><c:layout/>{plot}'
        f'<c:catAx><c:axId val="10"/><c:scaling>{scaling_cat}</c:scaling><c:delete val="0"/><c:axPos val="l"/>'
        '<c:numFmt formatCode="General" sourceLinked="1"/><c:tickLblPos val="nextTo"/><c:crossAx '
        'val="100"/><c:crosses val="autoZero"/>'
        '<c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/></c:catAx>'
        f'<c:valAx><c:axId val="100"/><c:scaling>{scaling_val}</c:scaling><c:delete val="0"/><c:axPos val="b"/>'
        '<c:majorGridlines/><c:numFmt formatCode="0%" sourceLinked="0"/><c:tickLblPos val="nextTo"/><c:crossAx '
        'val="10"/>'
        '<c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx></c:plotArea><c:plotVisOnly val="1"/>'
        '<c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>'
    )


def _anchor(spec: Chart, rid: str, shape_id: int) -> str:
    row, c = cell_ref(spec.anchor)
    cx, cy = int(spec.width_cm * 360000), int(spec.height_cm * 360000)
    return (
        f"<xdr:oneCellAnchor><xdr:from><xdr:col>{c}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>{row}</xdr:row>"
        f'<xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:ext cx="{cx}" cy="{cy}"/><xdr:graphicFrame macro="">'
        f'<xdr:nvGraphicFramePr><xdr:cNvPr id="{shape_id}" name="Grafico xlperf '
        f'{shape_id}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>'
        '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic>'
        '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
        f'<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:r="{REL}" r:id="{rid}"/>'
        "</a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:oneCellAnchor>"
    )


_CHART_ANCHOR = re.compile(r"<xdr:(twoCellAnchor|oneCellAnchor|absoluteAnchor)\b.*?</xdr:\1>", re.S)
_EMPTY_DRAWING = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"></xdr:wsDr>'
)


def _rels_xml(rels: list[tuple[str, str, str]]) -> str:
    body = "".join(f'<Relationship Id="{i}" Type="{t}" Target={attr(target)}/>' for i, t, target in rels)
    head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    return f'{head}<Relationships xmlns="{PKG_REL}">{body}</Relationships>'


def _read_rels(files: dict[str, bytes], part: str) -> list[tuple[str, str, str]]:
    return read_rels(files.get(rels_path(part)))


def _relative(from_part: str, to_part: str) -> str:
    return posixpath.relpath(to_part, posixpath.dirname(from_part))


# --- the package -----------------------------------------------------------------------------


class Outcome(NamedTuple):
    written: bool
    reason: str = ""  # why not, when the package is not what this writer expects


def rewrite_package(src: Path, dst: Path, layouts: list[SheetLayout]) -> Outcome:
    """Write ``dst`` = ``src`` with the owned sheets replaced, or say why it does not apply."""
    with zipfile.ZipFile(src) as zin:
        infos = zin.infolist()
        files = {i.filename: zin.read(i.filename) for i in infos}
        parts = sheet_parts(zin)
    try:
        if any(lay.name not in parts for lay in layouts):
            raise NotApplicable("owned sheet missing")
        styles = Styles(files["xl/styles.xml"].decode("utf-8"))
        content_types = files["[Content_Types].xml"].decode("utf-8")
        removed: set[str] = set()
        written: set[str] = {"xl/styles.xml", "[Content_Types].xml"}
        chart_no = max([int(n) for n in re.findall(r"xl/charts/chart(\d+)\.xml", " ".join(files))] + [0])
        drawing_no = max([int(n) for n in re.findall(r"xl/drawings/drawing(\d+)\.xml", " ".join(files))] + [0])
        for lay in layouts:
            part = parts[lay.name]
            original = files[part].decode("utf-8")
            sheet_rels = _read_rels(files, part)
            if "<tableParts" in original or any(
                _resolve(posixpath.dirname(part), t).startswith("xl/tables/") for _, _, t in sheet_rels
            ):
                raise NotApplicable("table on an owned sheet")
            drawing_rel = next((r for r in sheet_rels if r[1] == T_DRAWING), None)
            drawing_rid = drawing_rel[0] if drawing_rel else None
            if drawing_rel:
                drawing_part = _resolve(posixpath.dirname(part), drawing_rel[2])
                drawing = files[drawing_part].decode("utf-8")
                plain = re.match(r"\s*(<\?xml[^>]*\?>\s*)?<wsDr\b", drawing)
                if plain:  # written by openpyxl (default namespace): on an owned sheet it holds only charts
                    anchors = re.findall(r"<(twoCellAnchor|oneCellAnchor|absoluteAnchor)\b.*?</\1>", drawing, re.S)
                    if len(anchors) != drawing.count('uri="http://schemas.openxmlformats.org/drawingml/2006/chart"'):
                        raise NotApplicable("drawing with shapes in the default namespace")
                    drawing = _EMPTY_DRAWING
                elif "<xdr:wsDr" not in drawing or "</xdr:wsDr>" not in drawing:
                    raise NotApplicable("drawing prefix")
            elif lay.charts:
                drawing_no += 1
                drawing_part = f"xl/drawings/drawing{drawing_no}.xml"
                drawing = _EMPTY_DRAWING
                drawing_rid = f"rIdXlperf{len(sheet_rels) + 1}"
                sheet_rels.append((drawing_rid, T_DRAWING, _relative(part, drawing_part)))
                content_types = content_types.replace(
                    "</Types>", f'<Override PartName="/{drawing_part}" ContentType="{CT_DRAWING}"/></Types>'
                )
            if drawing_rid:
                drels = _read_rels(files, drawing_part)
                chart_rids = {r[0]: r[2] for r in drels if r[1] == T_CHART}
                if drawing_rel and drawing == _EMPTY_DRAWING:  # replaced whole: its charts go too
                    for target in chart_rids.values():
                        removed.add(_resolve(posixpath.dirname(drawing_part), target))

                folder = posixpath.dirname(drawing_part)

                def drop_ours(m: re.Match, chart_rids=chart_rids, folder=folder) -> str:
                    """Remove the charts of a previous refresh; anything else (buttons, shapes) stays put."""
                    rid = re.search(r'<c:chart\b[^>]*r:id="([^"]+)"', m.group(0))
                    if not rid or rid.group(1) not in chart_rids:
                        return m.group(0)
                    removed.add(_resolve(folder, chart_rids[rid.group(1)]))
                    return ""

                body = _CHART_ANCHOR.sub(drop_ours, drawing)
                drels = [r for r in drels if r[0] not in chart_rids]
                anchors = []
                reuse = sorted(t for t in removed if t.startswith("xl/charts/"))
                for k, spec in enumerate(lay.charts, start=1):
                    if reuse:  # same part names as the previous refresh: a stable package
                        chart_part = reuse.pop(0)
                        removed.discard(chart_part)
                    else:
                        chart_no += 1
                        chart_part = f"xl/charts/chart{chart_no}.xml"
                    rid = f"rIdXlperfChart{k}"
                    files[chart_part] = chart_xml(lay.name, spec).encode("utf-8")
                    written.add(chart_part)
                    drels.append((rid, T_CHART, _relative(drawing_part, chart_part)))
                    if f'PartName="/{chart_part}"' not in content_types:  # a reused part keeps its place
                        content_types = content_types.replace(
                            "</Types>", f'<Override PartName="/{chart_part}" ContentType="{CT_CHART}"/></Types>'
                        )
                    anchors.append(_anchor(spec, rid, 1000 + k))
                close = body.rindex("</xdr:wsDr>")
                files[drawing_part] = (body[:close] + "".join(anchors) + body[close:]).encode("utf-8")
                files[rels_path(drawing_part)] = _rels_xml(drels).encode("utf-8")
                written.update({drawing_part, rels_path(drawing_part)})
            files[part] = sheet_xml(lay, styles, original, drawing_rid).encode("utf-8")
            written.add(part)
            if sheet_rels:
                files[rels_path(part)] = _rels_xml(sheet_rels).encode("utf-8")
                written.add(rels_path(part))
        for target in removed:
            content_types = re.sub(rf'<Override PartName="/{re.escape(target)}"[^>]*/>', "", content_types)
        files["xl/styles.xml"] = styles.render().encode("utf-8")
        if "xl/calcChain.xml" in files:  # Excel rebuilds it; stale entries would point at rewritten cells
            removed.add("xl/calcChain.xml")
            content_types = re.sub(r'<Override PartName="/xl/calcChain.xml"[^>]*/>', "", content_types)
            wb_rels = files["xl/_rels/workbook.xml.rels"].decode("utf-8")
            files["xl/_rels/workbook.xml.rels"] = re.sub(
                r'<Relationship\b[^>]*Target="/?(xl/)?calcChain.xml"[^>]*/>', "", wb_rels
            ).encode("utf-8")
        if saved_by_libreoffice(files):
            content_types, repaired = libreoffice_compat.repair(files, content_types)
            written |= repaired
        files["[Content_Types].xml"] = content_types.encode("utf-8")
        if "xl/calcChain.xml" in removed:
            written.add("xl/_rels/workbook.xml.rels")
        for name in written - removed:
            ET.fromstring(files[name])  # well-formed, or we do not write it
    except KeyError as exc:  # a part the package should have and has not
        return Outcome(False, f"parte mancante {exc}")
    except (NotApplicable, ET.ParseError, UnicodeDecodeError) as exc:
        return Outcome(False, f"{type(exc).__name__}: {exc}")
    order = [i.filename for i in infos if i.filename not in removed] + [
        n for n in files if n not in {i.filename for i in infos}
    ]
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in order:
            zout.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), files[name], compress_type=zipfile.ZIP_DEFLATED)
    return Outcome(True)
