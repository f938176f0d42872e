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

import posixpath
import re
import zipfile
from pathlib import Path
from typing import NamedTuple

from defusedxml import ElementTree as ET

from .. import opc
from ..opc import read_rels, relative, rels_path, rels_xml, resolve
from ..package import sheet_parts
from ..sheet_content import SheetContent
from . import libreoffice_compat
from .chart_part import anchor_xml, chart_xml
from .libreoffice_compat import saved_by_libreoffice
from .parts import CT_CHART, CT_DRAWING, T_CHART, T_DRAWING, NotApplicable
from .sheet_part import cell_xml, sheet_xml
from .styles_part import Styles

__all__ = ["NotApplicable", "Outcome", "Styles", "cell_xml", "chart_xml", "rewrite_package", "sheet_xml"]


_CHART_ANCHOR = re.compile(r"<xdr:(twoCellAnchor|oneCellAnchor|absoluteAnchor)\b.*?</xdr:\1>", re.S)
_EMPTY_DRAWING = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"></xdr:wsDr>'
)


def _read_rels(files: dict[str, bytes], part: str) -> list[tuple[str, str, str]]:
    return read_rels(files.get(rels_path(part)))


# --- the package -----------------------------------------------------------------------------


class Outcome(NamedTuple):
    written: bool
    reason: str = ""  # why not, when the package is not what this writer expects


def rewrite_package(src: Path, dst: Path, layouts: list[SheetContent]) -> Outcome:
    """Write ``dst`` = ``src`` with the owned sheets replaced, or say why it does not apply."""
    with zipfile.ZipFile(src) as zin:
        infos = zin.infolist()
        files = {i.filename: zin.read(i.filename) for i in infos}
        parts = sheet_parts(zin)
    try:
        if any(lay.name not in parts for lay in layouts):
            raise NotApplicable("owned sheet missing")
        styles = Styles(files["xl/styles.xml"].decode("utf-8"))
        content_types = files[opc.CONTENT_TYPES].decode("utf-8")
        removed: set[str] = set()
        written: set[str] = {"xl/styles.xml", opc.CONTENT_TYPES}
        chart_no = max([int(n) for n in re.findall(r"xl/charts/chart(\d+)\.xml", " ".join(files))] + [0])
        drawing_no = max([int(n) for n in re.findall(r"xl/drawings/drawing(\d+)\.xml", " ".join(files))] + [0])
        for lay in layouts:
            part = parts[lay.name]
            original = files[part].decode("utf-8")
            sheet_rels = _read_rels(files, part)
            if "<tableParts" in original or any(
                resolve(posixpath.dirname(part), t).startswith("xl/tables/") for _, _, t in sheet_rels
            ):
                raise NotApplicable("table on an owned sheet")
            drawing_rel = next((r for r in sheet_rels if r[1] == T_DRAWING), None)
            drawing_rid = drawing_rel[0] if drawing_rel else None
            if drawing_rel:
                drawing_part = resolve(posixpath.dirname(part), drawing_rel[2])
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
                sheet_rels.append((drawing_rid, T_DRAWING, relative(part, drawing_part)))
                content_types = opc.add_override(content_types, drawing_part, CT_DRAWING)
            if drawing_rid:
                drels = _read_rels(files, drawing_part)
                chart_rids = {r[0]: r[2] for r in drels if r[1] == T_CHART}
                if drawing_rel and drawing == _EMPTY_DRAWING:  # replaced whole: its charts go too
                    for target in chart_rids.values():
                        removed.add(resolve(posixpath.dirname(drawing_part), target))

                folder = posixpath.dirname(drawing_part)

                def drop_ours(m: re.Match, chart_rids=chart_rids, folder=folder) -> str:
                    """Remove the charts of a previous refresh; anything else (buttons, shapes) stays put."""
                    rid = re.search(r'<c:chart\b[^>]*r:id="([^"]+)"', m.group(0))
                    if not rid or rid.group(1) not in chart_rids:
                        return m.group(0)
                    removed.add(resolve(folder, chart_rids[rid.group(1)]))
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
                    drels.append((rid, T_CHART, relative(drawing_part, chart_part)))
                    # a reused part keeps its place
                    content_types = opc.add_override(content_types, chart_part, CT_CHART)
                    anchors.append(anchor_xml(spec, rid, 1000 + k))
                close = body.rindex("</xdr:wsDr>")
                files[drawing_part] = (body[:close] + "".join(anchors) + body[close:]).encode("utf-8")
                files[rels_path(drawing_part)] = rels_xml(drels).encode("utf-8")
                written.update({drawing_part, rels_path(drawing_part)})
            files[part] = sheet_xml(lay, styles, original, drawing_rid).encode("utf-8")
            written.add(part)
            if sheet_rels:
                files[rels_path(part)] = rels_xml(sheet_rels).encode("utf-8")
                written.add(rels_path(part))
        for target in removed:
            content_types = opc.remove_override(content_types, target)
        files["xl/styles.xml"] = styles.render().encode("utf-8")
        if "xl/calcChain.xml" in files:  # Excel rebuilds it; stale entries would point at rewritten cells
            removed.add("xl/calcChain.xml")
            content_types = opc.remove_override(content_types, "xl/calcChain.xml")
            wb_rels = files["xl/_rels/workbook.xml.rels"].decode("utf-8")
            files["xl/_rels/workbook.xml.rels"] = opc.remove_relationships_to(wb_rels, "xl", "xl/calcChain.xml").encode(
                "utf-8"
            )
        if saved_by_libreoffice(files):
            content_types, repaired = libreoffice_compat.repair(files, content_types)
            written |= repaired
        files[opc.CONTENT_TYPES] = content_types.encode("utf-8")
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
