"""xlperf.opc: the one owner of [Content_Types].xml and relationships, on the parts as they are."""

from defusedxml import ElementTree as ET

from xlperf import opc

TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/>'
    '<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.calcchain"/></Types>'
)
CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"


def _overrides(xml: str) -> dict[str, str]:
    root = ET.fromstring(xml.encode())
    return {o.get("PartName"): o.get("ContentType") for o in root.iter(f"{CT_NS}Override")}


def test_an_override_is_added_once_and_removed_alone():
    added = opc.add_override(TYPES, "xl/charts/chart1.xml", "application/chart")
    assert _overrides(added)["/xl/charts/chart1.xml"] == "application/chart"
    assert opc.add_override(added, "xl/charts/chart1.xml", "application/chart") == added  # declared once
    removed = opc.remove_override(added, "xl/calcChain.xml")
    assert set(_overrides(removed)) == {"/xl/workbook.xml", "/xl/charts/chart1.xml"}
    assert '<Default Extension="xml"' in removed  # what it does not own stays as it was


def test_relationships_round_trip_and_removal_by_resolved_target():
    rels = opc.rels_xml([("rId1", "urn:sheet", "worksheets/sheet1.xml"), ("rId2", "urn:calc", "calcChain.xml")])
    rels = opc.add_relationship(rels, "rId3", "urn:calc", "/xl/calcChain.xml")
    rels = opc.add_relationship(rels, "rId4", "urn:theme", opc.relative("xl/workbook.xml", "xl/theme/theme1.xml"))
    assert opc.read_rels(rels.encode()) == [
        ("rId1", "urn:sheet", "worksheets/sheet1.xml"),
        ("rId2", "urn:calc", "calcChain.xml"),
        ("rId3", "urn:calc", "/xl/calcChain.xml"),
        ("rId4", "urn:theme", "theme/theme1.xml"),
    ]
    kept = opc.remove_relationships_to(rels, "xl", "xl/calcChain.xml")  # relative and absolute alike
    assert [r[0] for r in opc.read_rels(kept.encode())] == ["rId1", "rId4"]


def test_targets_resolve_from_the_part_folder_or_the_root():
    assert opc.resolve("xl/drawings", "../charts/chart2.xml") == "xl/charts/chart2.xml"
    assert opc.resolve("xl/drawings", "/xl/charts/chart2.xml") == "xl/charts/chart2.xml"
    assert opc.relative("xl/drawings/drawing1.xml", "xl/charts/chart2.xml") == "../charts/chart2.xml"
    assert opc.rels_path("xl/worksheets/sheet3.xml") == "xl/worksheets/_rels/sheet3.xml.rels"
