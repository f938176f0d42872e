"""Individual performance (xlperf valutazioni): the demo's schede, premi, bad input, the master untouched."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from xlperf.appraisal import spec as S
from xlperf.appraisal.compute import compute
from xlperf.appraisal.reader import load
from xlperf.layout import col_letter

ROOT = Path(__file__).resolve().parent.parent
VALIDATE = ROOT.parent / "shared" / "tools" / "ooxml-validate" / "validate.sh"


def xlperf(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "xlperf.cli", *args], capture_output=True, text=True, cwd=ROOT)


@pytest.fixture(scope="module")
def demo_book(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("valutazioni") / "Valutazioni_2025.xlsx"
    proc = xlperf("valutazioni", "demo", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.fixture(scope="module")
def demo_json(demo_book) -> dict:
    proc = xlperf("valutazioni", "calcola", str(demo_book), "--json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_demo_has_the_seeds_79_people_by_category(demo_json):
    roles: dict[str, int] = {}
    for p in demo_json["persone"]:
        roles[p["ruolo"]] = roles.get(p["ruolo"], 0) + 1
    # seed section 2: «Personale in servizio al 31.12.2025»
    assert roles == {
        "Segretario Generale": 1,
        "Dirigenti": 3,
        "Elevate Qualificazioni": 26,
        "Istruttori": 39,
        "Operatori esperti": 10,
    }
    names = [p["nome"] for p in demo_json["persone"]]
    assert len(set(names)) == 79
    assert names[:4] == ["Segretario Generale", "Dirigente Area 2", "Dirigente Area 3", "Dirigente Area 4"]


def test_every_total_is_the_weighted_sum_or_an_override_with_a_note(demo_json):
    overridden = 0
    for p in demo_json["persone"]:
        comps = [(c["peso"], c["punteggio"]) for c in p["componenti"] if c["punteggio"] is not None]
        expected = sum(w * s for w, s in comps) / sum(w for w, _ in comps)
        if p["forzatura"]:
            overridden += 1
            assert p["forzatura"]["nota"].strip() and p["totale"] == p["forzatura"]["totale"]
        else:
            assert abs(p["totale"] - expected) < 1e-12, p["matricola"]
        assert 0 <= p["totale"] <= 1
    assert overridden == 1


def test_dirigenti_organisational_component_is_the_masters_section_4_figure(demo_xlsm, demo_json, tmp_path):
    master = Path(shutil.copy(demo_xlsm, tmp_path / "PIAO_2025.xlsm"))
    assert xlperf("refresh", str(master), "--silenzioso").returncode == 0  # the button: Dirigenti sheet
    ws = openpyxl.load_workbook(master, data_only=True)["Dirigenti"]
    figures, current = {}, None
    for row in ws.iter_rows(min_row=4, values_only=True):
        if row[0] and row[1] is None:
            current = row[0]
        if row[1] and str(row[1]).startswith("Media degli obiettivi assegnati"):
            figures[current] = row[2]
    assert len(figures) == 4 and abs(figures["Segretario Generale"] - 0.9911479131017967) < 1e-12
    for p in demo_json["persone"][:4]:
        org = p["componenti"][1]
        assert org["peso"] == 100 and org["punteggio"] == figures[p["nome"]], p["nome"]
        assert abs(p["totale"] - figures[p["nome"]]) < 1e-12  # 100 × x ÷ 100


def test_premi_spend_the_budget_and_grow_with_the_score_within_a_band(demo_book, demo_json):
    _, appraisal = load(demo_book)
    schede = compute(appraisal)
    assert abs(demo_json["premi"]["distribuito"] - demo_json["premi"]["stanziato"]) < 1e-6
    for g in appraisal.sistema.groups:
        members = [s for s in schede if s.group is g]
        assert sum(s.premio for s in members) <= g.budget + 1e-6
        full = [s for s in members if s.person.part_time == 100 and s.person.mesi == 12]
        for a in full:
            for b in full:
                if a.band is b.band and a.total > b.total:
                    assert a.premio >= b.premio - 1e-9, (a.person.matricola, b.person.matricola)
        if g.art81 and members:
            uplifted = [s for s in members if s.art81]
            eligible = [s for s in members if s.coefficient > 0]
            assert len(uplifted) == int(appraisal.sistema.art81[0] * len(eligible) + 1e-9)
            average = sum(s.premio for s in eligible) / len(eligible)
            for s in uplifted:
                if s.person.part_time == 100 and s.person.mesi == 12:
                    assert s.premio >= 1.3 * average - 1e-6  # CCNL 2019-21 art. 81: at least +30 % of the average
    assert not any(s.payable for s in schede)  # the demo plan's Relazione is not validated by the OIV


def test_json_shape_is_the_issues(demo_json):
    assert set(demo_json) == {"persone", "premi"} and set(demo_json["premi"]) == {"stanziato", "distribuito"}
    for p in demo_json["persone"]:
        assert set(p) == {"matricola", "nome", "ruolo", "componenti", "totale", "fascia", "premio", "forzatura"}
        assert all(set(c) == {"nome", "peso", "punteggio"} for c in p["componenti"])


def test_workbook_is_clean_ooxml(demo_book):
    proc = subprocess.run(["bash", str(VALIDATE), str(demo_book)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _edit(src: Path, dst: Path, sheet: str, cell: str, value) -> Path:
    wb = openpyxl.load_workbook(src)
    wb[sheet][cell] = value
    wb.save(dst)
    return dst


@pytest.mark.parametrize(
    ("sheet", "cell", "value", "place", "words"),
    [
        (S.COMPORTAMENTI, "C10", 9, "Comportamenti!C10", "fuori dalla scala 1-5"),
        (S.SISTEMA, "E21", 45, "Sistema!B21:E21", "sommano a 105"),
        (S.PERSONALE, "C12", None, "Personale!C12", "senza gruppo"),
        (S.SCHEDE, "N15", None, "Schede!M15", "forzatura senza nota"),
    ],
)
def test_bad_input_exits_2_naming_the_cell_and_writes_nothing(demo_book, tmp_path, sheet, cell, value, place, words):
    bad = _edit(demo_book, tmp_path / "bad.xlsx", sheet, cell, value)
    if sheet == S.SCHEDE:  # an override whose note is then deleted
        bad = _edit(bad, bad, S.SCHEDE, "M15", 0.8)
    before = bad.read_bytes()
    for args in (("calcola", str(bad)), ("aggiorna", str(bad), "--da", str(ROOT / "missing.xlsm"))):
        proc = xlperf("valutazioni", *args)
        assert proc.returncode == 2, proc.stderr
        assert place in proc.stderr and words in proc.stderr, proc.stderr
        assert "Traceback" not in proc.stderr
    assert bad.read_bytes() == before and not bad.with_suffix(".xlsx.bak").exists()


def test_crea_records_the_plan_and_aggiorna_keeps_what_evaluators_typed(demo_xlsm, tmp_path):
    out = tmp_path / "Valutazioni_2025.xlsx"
    proc = xlperf("valutazioni", "crea", str(demo_xlsm), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    inp, appraisal = load(out)
    from xlperf.area_identity import plan_id
    from xlperf.readers.workbook import read_workbook

    assert appraisal.sistema.plan_id == plan_id(read_workbook(demo_xlsm)[0])
    assert [p.nome for p in appraisal.people] == [
        "Segretario Generale",
        "Dirigente Area 2",
        "Dirigente Area 3",
        "Dirigente Area 4",
    ]
    # an evaluator types a person, a behaviour score and a comment; the master changes its results
    wb = openpyxl.load_workbook(out)
    for c, v in zip(
        "ABCDEFGH",
        ["M900", "Rossi Anna", "Istruttori", "Area 2 Tutela del mercato e legalità", "Dirigente Area 2", 100, 12, "F"],
        strict=True,
    ):
        wb[S.PERSONALE][f"{c}8"] = v
    wb[S.COMPORTAMENTI]["C8"] = 4
    wb[S.SCHEDE][f"{col_letter(S.SCHEDA_INDEX['commenti'])}8"] = "Nessun commento"
    wb[S.RISULTATI]["B3"] = 0.5  # stale: aggiorna brings the master's figure back
    wb.save(out)
    proc = xlperf("valutazioni", "aggiorna", str(out), "--da", str(demo_xlsm))
    assert proc.returncode == 0, proc.stderr
    inp, appraisal = load(out)
    person = appraisal.people[-1]
    assert (person.nome, person.behaviours[0], person.commenti) == ("Rossi Anna", 4, "Nessun commento")
    assert abs(appraisal.org.ente - 0.9734189142340548) < 1e-12
    assert (
        out.with_name(out.name + ".bak").exists()
        or out.with_suffix(".xlsx.bak").exists()
        or any(tmp_path.glob("*.bak"))
    )
    other = tmp_path / "other.xlsm"
    assert xlperf("new", "--anno", "2026", str(other)).returncode == 0
    proc = xlperf("valutazioni", "aggiorna", str(out), "--da", str(other))
    assert proc.returncode == 2 and "non è il file principale" in proc.stderr


def test_no_staff_name_reaches_the_master_area_copies_or_relazione(demo_xlsm, demo_json, tmp_path):
    """Personal data stay in the evaluation workbook: nothing of it is in what the plan's commands write."""
    import zipfile

    staff = [p["nome"] for p in demo_json["persone"] if p["ruolo"] not in ("Segretario Generale", "Dirigenti")]
    assert len(staff) == 75
    master = Path(shutil.copy(demo_xlsm, tmp_path / "PIAO_2025.xlsm"))
    assert xlperf("refresh", str(master), "--silenzioso").returncode == 0
    assert xlperf("distribuisci", str(master), "--out", str(tmp_path / "aree")).returncode == 0
    assert xlperf("report", str(master), "--html", str(tmp_path / "relazione.html")).returncode == 0
    from xlperf.appraisal.relazione import relazione_section

    section = relazione_section(*_loaded(tmp_path, demo_json))
    texts = [json.dumps(section, ensure_ascii=False), (tmp_path / "relazione.html").read_text("utf-8")]
    for book in [master, *sorted((tmp_path / "aree").glob("*.xlsx"))]:
        with zipfile.ZipFile(book) as z:
            texts += [z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml")]
    assert len(texts) > 10
    for name in staff:
        assert not any(name in t for t in texts), name
    assert "Dirigente Area 2" in texts[0]  # dirigenti as in section 4


def _loaded(tmp_path, demo_json):
    out = tmp_path / "v.xlsx"
    assert xlperf("valutazioni", "demo", "--out", str(out)).returncode == 0
    _, appraisal = load(out)
    return appraisal, compute(appraisal)


@pytest.mark.libreoffice
def test_libreoffice_recalculating_the_workbook_shows_calcolas_totals(soffice, demo_json, tmp_path):
    """The formulas, written WITHOUT cached results, computed by LibreOffice = calcola, for all 79."""
    from conftest import recalc_on_load, run_soffice

    from xlperf.appraisal.builder import build
    from xlperf.appraisal.demo import demo_inputs

    src = tmp_path / "uncached.xlsx"
    build(src, demo_inputs(), cached=False)
    recalc_on_load(tmp_path)
    proc = run_soffice(soffice, ["--convert-to", "xlsx", "--outdir", str(tmp_path / "out"), str(src)], tmp_path)
    assert proc.returncode == 0, proc.stderr
    ws = openpyxl.load_workbook(tmp_path / "out" / src.name, data_only=True)[S.SCHEDE]
    col = {f: i + 1 for i, (f, _, _) in enumerate(S.SCHEDA_FIELDS)}
    for i, p in enumerate(demo_json["persone"]):
        r = S.FIRST_ROW + i
        assert ws.cell(r, col["matricola"]).value == p["matricola"]
        assert abs(ws.cell(r, col["totale"]).value - p["totale"]) < 1e-9, p["matricola"]
        assert abs(ws.cell(r, col["premio"]).value - p["premio"]) < 1e-6, p["matricola"]
        assert (ws.cell(r, col["fascia"]).value or None) == p["fascia"]
        for k, c in zip(S.COMPONENT_KEYS, p["componenti"], strict=True):
            got = ws.cell(r, col[k]).value
            assert got == "N/D" if c["punteggio"] is None else abs(got - c["punteggio"]) < 1e-9, (p["matricola"], k)
    assert ws.cell(S.FIRST_ROW + 79, col["matricola"]).value in (None, "")


def test_tabelle_are_a_valid_data_package_without_names(demo_book, demo_json, tmp_path):
    from frictionless import validate

    proc = xlperf("valutazioni", "tabelle", str(demo_book), "--out", str(tmp_path / "art20"))
    assert proc.returncode == 0, proc.stderr
    report = validate(str(tmp_path / "art20" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    text = "".join(p.read_text("utf-8") for p in (tmp_path / "art20").iterdir())
    assert not any(
        p["nome"] in text for p in demo_json["persone"] if p["ruolo"] not in ("Segretario Generale", "Dirigenti")
    )
    premi = (tmp_path / "art20" / "premi.csv").read_text("utf-8").splitlines()
    staff = next(r for r in premi if r.startswith("Personale")).split(",")
    assert staff[1] == "75" and float(staff[3]) == pytest.approx(148500.0)  # 75 staff, their budget spent


@pytest.mark.slow
def test_schede_one_accessible_pdf_per_person_with_safe_unique_names(demo_book, tmp_path):
    import pikepdf

    proc = xlperf("valutazioni", "schede", str(demo_book), "--out", str(tmp_path / "schede"))
    assert proc.returncode == 0, proc.stderr
    pdfs = sorted((tmp_path / "schede").glob("*.pdf"))
    assert len(pdfs) == 79 and len({p.name.casefold() for p in pdfs}) == 79
    assert all(not set(p.name) & set('<>:"/\\|?*') for p in pdfs)
    for pdf in pdfs[:3] + pdfs[-2:]:
        check = subprocess.run(["pdfua", "check", str(pdf)], capture_output=True, text=True)
        assert check.returncode == 0 and "no findings" in check.stdout, check.stdout
        with pikepdf.open(pdf) as doc:
            assert str(doc.Root.Lang) == "it" and "/StructTreeRoot" in doc.Root


def test_windows_file_names():
    from xlperf.appraisal.outputs import safe_name

    assert safe_name('Scheda 2025 - M1 - D\'Amico "Gigi"/x?.') == "Scheda 2025 - M1 - D'Amico _Gigi__x_"
    assert safe_name("CON") == "_CON" and safe_name("   ") == "scheda"


def test_the_workbook_uses_only_functions_excel_and_libreoffice_74_share(demo_book):
    import re
    import zipfile

    with zipfile.ZipFile(demo_book) as z:
        xml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/"))
        assert not any("vba" in n.lower() for n in z.namelist())
    formulas = re.findall(r"<f>(.*?)</f>", xml)
    assert len(formulas) > 5000
    used = {name for f_ in formulas for name in re.findall(r"([A-Z][A-Z0-9.]*)\(", f_)}
    # the area copies' functions (the indicator rules come from the same builders) and the scheda's own
    from test_area_native import NATIVE_FUNCTIONS

    own = {"INDEX", "MATCH", "IFERROR", "COUNT", "AVERAGE", "SUMPRODUCT", "ROW", "ROUNDDOWN", "SUM"}
    assert used <= NATIVE_FUNCTIONS | own, used - NATIVE_FUNCTIONS - own
    assert "PERF_" not in xml and "_xlfn" not in xml


@pytest.mark.slow
def test_premi_become_payable_once_the_master_records_the_oiv_validation(demo_xlsm, demo_book, tmp_path):
    master = Path(shutil.copy(demo_xlsm, tmp_path / "PIAO_2025.xlsm"))
    book = Path(shutil.copy(demo_book, tmp_path / "Valutazioni_2025.xlsx"))
    _, appraisal = load(book)
    assert not any(s.payable for s in compute(appraisal))
    proc = xlperf("valida", str(master), "--out", str(tmp_path / "oiv"), "--silenzioso")
    assert proc.returncode == 0, proc.stderr
    proc = xlperf("valutazioni", "aggiorna", str(book), "--da", str(master))
    assert proc.returncode == 0, proc.stderr
    _, appraisal = load(book)
    schede = compute(appraisal)
    assert appraisal.sistema.validated
    assert [s.payable for s in schede] == [s.person.stato == "definitiva" for s in schede]
    assert 0 < sum(s.payable for s in schede) < 79  # the schede still at «colloquio» wait


def test_the_same_mistake_in_many_cells_is_one_line(demo_book, tmp_path):
    wb = openpyxl.load_workbook(demo_book)
    for r in range(10, 20):
        wb[S.COMPORTAMENTI][f"D{r}"] = 7
    wb.save(tmp_path / "bad.xlsx")
    proc = xlperf("valutazioni", "calcola", str(tmp_path / "bad.xlsx"))
    assert proc.returncode == 2
    lines = [line for line in proc.stderr.splitlines() if "fuori dalla scala" in line]
    assert len(lines) == 1 and "(10 celle)" in lines[0] and "Comportamenti!D10, D11" in lines[0], proc.stderr


def test_a_dirigentes_differentiation_of_their_staff_is_measured(demo_book):
    from xlperf.appraisal.compute import differentiation
    from xlperf.appraisal.relazione import relazione_section

    _, appraisal = load(demo_book)
    schede = compute(appraisal)
    d = differentiation(schede, "Dirigente Area 2")
    mine = [s.total for s in schede if s.person.valutatore == "Dirigente Area 2"]
    assert d.evaluated == len(mine) > 5 and d.lowest == min(mine) and d.highest == max(mine)
    assert d.spread is not None and 0 < d.spread < max(mine) - min(mine)
    table = relazione_section(appraisal, schede)["tabelle"][0]
    row = next(r for r in table["righe"] if r[0] == "Dirigente Area 2")
    assert row[4] == d.evaluated and row[5] == round(d.spread, 4)
