"""An xlperf workbook as Excel saves it, built from the demo and a real Excel-saved file.

No Excel runs here. ``../shared/fixtures/excel-saved/fibonacci.xlsm`` was saved by Excel: its
sheet carries what Excel adds on save and openpyxl drops: form controls (``<controls>`` inside
``mc:AlternateContent`` + ``xl/ctrlProps/*``), their DrawingML shapes (``xl/drawings/drawing1.xml``)
beside the VML buttons, and printer settings (``xl/printerSettings/*.bin``). Those very parts,
byte for byte except for the macro names and shape ids, are put on the demo's Riepilogo (an owned
sheet, with our two VML buttons) and printer settings and a text box on Area 1 (an input sheet):
what the demo becomes once a colleague opens it in Excel, adds a note and saves it.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

FIBONACCI = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "excel-saved" / "fibonacci.xlsm"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT = {
    "drawing": "application/vnd.openxmlformats-officedocument.drawing+xml",
    "ctrlProp": "application/vnd.ms-excel.controlproperties+xml",
    "printerSettings": "application/vnd.openxmlformats-officedocument.spreadsheetml.printerSettings",
}
TEXT_BOX = (
    "<xdr:twoCellAnchor><xdr:from><xdr:col>12</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row>"
    "<xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>15</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>4</xdr:row>"
    '<xdr:rowOff>0</xdr:rowOff></xdr:to><xdr:sp macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="2" '
    'name="CasellaDiTesto 1"/>'
    '<xdr:cNvSpPr txBox="1"/></xdr:nvSpPr><xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></a:xfrm>'
    '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr><xdr:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r>'
    '<a:rPr lang="it-IT" sz="1100"/><a:t>Nota della dirigente: dati di giugno provvisori</a:t></a:r></a:p></xdr:txBody>'
    "</xdr:sp><xdr:clientData/></xdr:twoCellAnchor>"
)


def _sheet_part(files: dict[str, bytes], name: str) -> str:
    wb = files["xl/workbook.xml"].decode()
    rid = re.search(rf'<sheet name="{re.escape(name)}"[^>]*r:id="([^"]+)"', wb).group(1)
    rels = files["xl/_rels/workbook.xml.rels"].decode()
    target = re.search(rf'<Relationship Id="{rid}"[^>]*Target="([^"]+)"', rels).group(1)
    return "xl/" + target.lstrip("/").removeprefix("xl/")


def _rels_name(part: str) -> str:
    folder, name = part.rsplit("/", 1)
    return f"{folder}/_rels/{name}.rels"


def _add_rels(files, part: str, rels: list[tuple[str, str, str]]) -> None:
    xml = files[_rels_name(part)].decode()
    body = "".join(f'<Relationship Id="{i}" Type="{REL}/{t}" Target="{target}"/>' for i, t, target in rels)
    files[_rels_name(part)] = xml.replace("</Relationships>", body + "</Relationships>").encode()


def _override(files, part: str, kind: str) -> None:
    ct = files["[Content_Types].xml"].decode()
    files["[Content_Types].xml"] = ct.replace(
        "</Types>", f'<Override PartName="/{part}" ContentType="{CT[kind]}"/></Types>'
    ).encode()


def _with_namespaces(xml: str) -> str:
    root = re.search(r"<worksheet\b[^>]*>", xml).group(0)
    extra = (
        ' xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"'
        ' xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"'
        ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    )
    return xml.replace(root, root[:-1] + extra + ">", 1)


def excel_saved(demo: Path, out: Path) -> Path:
    fib = zipfile.ZipFile(FIBONACCI)
    with zipfile.ZipFile(demo) as z:
        infos = z.infolist()
        files = {i.filename: z.read(i) for i in infos}
    printer = fib.read("xl/printerSettings/printerSettings1.bin")
    fib_sheet = fib.read("xl/worksheets/sheet1.xml").decode()
    rename = {
        "[0]!FibonacciLite": "[0]!AggiornaRiepilogo",
        "[0]!FibonacciStandalone": "[0]!RaccogliFileAree",
        "1027": "1025",
        "1028": "1026",
    }

    def renamed(text: str) -> str:
        for a, b in rename.items():
            text = text.replace(a, b)
        return text

    # Riepilogo: form controls + their shapes + printer settings, beside our VML buttons
    part = _sheet_part(files, "Riepilogo")
    controls = fib_sheet[
        fib_sheet.index(
            '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice '
            'Requires="x14"><controls>'
        ) : fib_sheet.index("</worksheet>")
    ]
    controls = renamed(controls).replace('r:id="rId4"', 'r:id="rIdX4"').replace('r:id="rId5"', 'r:id="rIdX5"')
    xml = _with_namespaces(files[part].decode())
    if "<pageSetup" in xml:
        xml = re.sub(r"<pageSetup ([^>]*?)/>", r'<pageSetup \1 r:id="rIdX1"/>', xml, count=1)
    else:
        xml = re.sub(r"(<pageMargins[^>]*/>)", r'\1<pageSetup paperSize="9" orientation="portrait" r:id="rIdX1"/>', xml)
    xml = xml.replace("<legacyDrawing", '<drawing r:id="rIdX2"/><legacyDrawing').replace(
        "</worksheet>", controls + "</worksheet>"
    )
    files[part] = xml.encode()
    files["xl/printerSettings/printerSettings1.bin"] = printer
    files["xl/drawings/drawing90.xml"] = renamed(fib.read("xl/drawings/drawing1.xml").decode()).encode()
    for k in (1, 2):
        files[f"xl/ctrlProps/ctrlProp{k}.xml"] = fib.read(f"xl/ctrlProps/ctrlProp{k}.xml")
        _override(files, f"xl/ctrlProps/ctrlProp{k}.xml", "ctrlProp")
    _override(files, "xl/printerSettings/printerSettings1.bin", "printerSettings")
    _override(files, "xl/drawings/drawing90.xml", "drawing")
    _add_rels(
        files,
        part,
        [
            ("rIdX1", "printerSettings", "../printerSettings/printerSettings1.bin"),
            ("rIdX2", "drawing", "../drawings/drawing90.xml"),
            ("rIdX4", "ctrlProp", "../ctrlProps/ctrlProp1.xml"),
            ("rIdX5", "ctrlProp", "../ctrlProps/ctrlProp2.xml"),
        ],
    )

    # Area 1: printer settings and a text box typed by a user
    part = _sheet_part(files, "Area 1")
    xml = _with_namespaces(files[part].decode())
    xml = re.sub(r"<pageSetup ([^>]*)/>", r'<pageSetup \1 r:id="rIdX1"/>', xml, count=1)
    anchor = "<tableParts" if "<tableParts" in xml else "</worksheet>"
    xml = (
        xml.replace(anchor, '<drawing r:id="rIdX2"/>' + anchor, 1)
        if "<legacyDrawing" not in xml
        else xml.replace("<legacyDrawing", '<drawing r:id="rIdX2"/><legacyDrawing', 1)
    )
    files[part] = xml.encode()
    files["xl/printerSettings/printerSettings2.bin"] = printer
    files["xl/drawings/drawing91.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
        f'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">{TEXT_BOX}</xdr:wsDr>'
    ).encode()
    _override(files, "xl/printerSettings/printerSettings2.bin", "printerSettings")
    _override(files, "xl/drawings/drawing91.xml", "drawing")
    if _rels_name(part) not in files:
        files[_rels_name(part)] = (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
            b'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>'
        )
    _add_rels(
        files,
        part,
        [
            ("rIdX1", "printerSettings", "../printerSettings/printerSettings2.bin"),
            ("rIdX2", "drawing", "../drawings/drawing91.xml"),
        ],
    )

    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in files.items():
            zout.writestr(name, data)
    return out
