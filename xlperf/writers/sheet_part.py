"""One owned worksheet's XML from its layout, keeping what the sheet carried that is not ours:
code name, namespaces, views, printer settings, the buttons' VML and Excel's form controls."""

from __future__ import annotations

import numbers
import re

from ..layout import col_letter
from ..printing import PAPERS
from ..sheet_content import SheetContent
from .parts import MAIN, REL, NotApplicable
from .styles_part import Styles
from .xml import attr, number, text


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


def sheet_xml(layout: SheetContent, styles: Styles, original: str, drawing_rid: str | None) -> str:
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
        f'<pageSetup paperSize="{PAPERS[layout.paper][0]}" orientation="landscape" fitToWidth="1" '
        f'fitToHeight="{number(layout.pages_tall)}"' + (f" r:id={attr(printer.group(1))}" if printer else "") + "/>"
    )
    if drawing_rid:
        out.append(f'<drawing r:id="{drawing_rid}"/>')
    if legacy:
        out.append(legacy.group(0))
    out.append(_kept_controls(original))
    out.append("</worksheet>")
    return "".join(out)
