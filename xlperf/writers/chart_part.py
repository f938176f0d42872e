"""A chart part (``xl/charts/chartN.xml``) and its anchor in a drawing, from a layout's Chart."""

from __future__ import annotations

from ..layout import cell_ref, col_letter
from ..sheet_content import Chart
from .parts import REL
from .xml import number, text


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


def anchor_xml(spec: Chart, rid: str, shape_id: int) -> str:
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
