"""CSV that cannot inject formulas, and data packages that the Frictionless validator accepts."""

from __future__ import annotations

import csv
import io
import json

from frictionless import validate

from xlperf.tabular import Field, Resource, csv_bytes, data_package, safe_text


def test_every_formula_start_is_neutralised_and_stays_readable():
    attacks = ['=HYPERLINK("http://x","clic")', "+cmd|' /C calc'!A0", "@SUM(1+1)", "\t=1+1", "\r=1+1", "-2+3"]
    data = csv_bytes([["causa"], *[[a] for a in attacks]])
    text = data.decode("utf-8-sig")
    cells = [row[0] for row in csv.reader(io.StringIO(text, newline=""), delimiter=";")][1:]
    assert cells == ["'" + a for a in attacks]
    # the text itself is all there after the apostrophe
    assert all(c[1:] == a for c, a in zip(cells, attacks, strict=True))


def test_ordinary_texts_and_numbers_are_unchanged():
    legit = "Ritardo del fornitore (-20% rispetto al target)"
    assert safe_text(legit) == legit
    assert safe_text(-20) == -20
    assert safe_text(0.9734) == 0.9734
    row = csv_bytes([["a", -1.5, None]], dialect="open").decode("utf-8")
    assert row == "a,-1.5,\n"


def test_excel_dialect_is_what_italian_excel_opens():
    data = csv_bytes([["a", "b"], ["1", "2"]])
    assert data.startswith("\ufeff".encode())
    assert data.decode("utf-8-sig") == "a;b\r\n1;2\r\n"


def test_a_data_package_validates(tmp_path):
    res = Resource(
        "obiettivi.csv",
        "obiettivi",
        "Obiettivi operativi",
        (Field("codice", "string", "Codice"), Field("percentuale", "number", "% raggiungimento", "Frazione 0-1")),
        primary_key=("codice",),
    )
    (tmp_path / "obiettivi.csv").write_bytes(csv_bytes([res.header(), ["01_01_OP01", 0.9734]], dialect="open"))
    (tmp_path / "datapackage.json").write_bytes(data_package("prova", "Prova", [res], "Camera di Commercio"))
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    descriptor = json.loads((tmp_path / "datapackage.json").read_text("utf-8"))
    assert descriptor["contributors"] == [{"title": "Camera di Commercio", "role": "publisher"}]
    # a wrong type is caught, so the validation above means something
    (tmp_path / "obiettivi.csv").write_bytes(csv_bytes([res.header(), ["01_01_OP01", "novantasette"]], dialect="open"))
    assert not validate(str(tmp_path / "datapackage.json")).valid
