"""`xlperf dati-aperti`: the published performance data as UTF-8 CSV with a Frictionless data package
that `frictionless validate` accepts (types, Italian descriptions, licence, the Ente as publisher)."""

import csv
import json
import subprocess
import sys

import pytest
from frictionless import validate

from xlperf.readers.workbook import read_workbook


def xlperf(*args):
    return subprocess.run([sys.executable, "-m", "xlperf.cli", *args], capture_output=True, text=True)


@pytest.fixture(scope="module")
def published(demo_xlsm, tmp_path_factory):
    out = tmp_path_factory.mktemp("dati") / "dati-aperti"
    proc = xlperf("dati-aperti", str(demo_xlsm), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    return out, read_workbook(demo_xlsm)[0]


def _rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_frictionless_validates_the_package(published):
    out, _ = published
    report = validate(str(out / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_the_descriptor_has_types_italian_descriptions_licence_and_publisher(published):
    out, plan = published
    descriptor = json.loads((out / "datapackage.json").read_text("utf-8"))
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert descriptor["contributors"] == [{"title": plan.ente, "role": "publisher"}]
    names = {r["name"] for r in descriptor["resources"]}
    assert names == {"ente", "ambiti", "obiettivi_strategici", "obiettivi", "indicatori", "variazioni"}
    for r in descriptor["resources"]:
        assert (out / r["path"]).read_bytes()[:3] != b"\xef\xbb\xbf"  # UTF-8 without BOM
        for f in r["schema"]["fields"]:
            assert f["type"] in ("string", "number", "integer") and f["title"]
    indicators = next(r for r in descriptor["resources"] if r["name"] == "indicatori")
    pct = next(f for f in indicators["schema"]["fields"] if f["name"] == "percentuale")
    assert pct["type"] == "number" and "Frazione" in pct["description"]


def test_the_tables_carry_the_seeds_results(published):
    out, plan = published
    ente = _rows(out / "ente.csv")[0]
    assert round(float(ente["performance"]) * 100, 2) == 97.34  # the seed's Relazione, page 1
    assert ente["anno"] == "2025" and ente["periodo"] == "31/12"
    objectives = {r["codice"]: r for r in _rows(out / "obiettivi.csv")}
    assert round(float(objectives["01_04_OS02"]["percentuale"]) * 100, 2) == 79.08  # seed, page 1
    assert objectives["01_04_OS02"]["stato"] == "Parzialmente raggiunto"
    strategic = {r["codice"]: r for r in _rows(out / "obiettivi_strategici.csv")}
    assert float(strategic["01_01"]["percentuale"]) * 100 == pytest.approx(97.71, abs=0.01)  # seed 3.1 (OCR'd row)
    indicators = _rows(out / "indicatori.csv")
    assert len(indicators) == len(plan.indicators)
    assert {"obiettivo", "target", "consuntivo", "percentuale", "stato", "causa_scostamento"} <= set(indicators[0])


def test_no_personal_data_and_no_silent_overwrite(published):
    out, plan = published
    everything = "".join(p.read_text("utf-8") for p in out.iterdir())
    for name in plan.dirigenti:
        assert name not in everything.replace("Segretario Generale", "")  # the role, not a person
    before = (out / "ente.csv").read_bytes()
    proc = xlperf("dati-aperti", "--out", str(out), str(out.parent / "missing.xlsm"))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert (out / "ente.csv").read_bytes() == before
