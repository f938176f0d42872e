"""The workbook: built from code, deterministic, with its VBA project, button, tables, validations."""

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import vba_modules

from xlperf import layout as L
from xlperf.aggregate import score_plan
from xlperf.buttons import COLLECT_MACRO, REFRESH_CAPTION, REFRESH_MACRO
from xlperf.readers.workbook import read_workbook
from xlperf.vba import vba_sources, xlwings_module_source

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "workbook" / "PIAO_template.xlsm"


def test_committed_template_is_the_builders_output(tmp_path):
    out = tmp_path / "t.xlsm"
    subprocess.run([sys.executable, "-m", "xlperf.cli", "template", "--out", str(out)], check=True, capture_output=True)
    assert out.read_bytes() == TEMPLATE.read_bytes(), (
        "rigenerare con: xlperf template --out workbook/PIAO_template.xlsm --sovrascrivi"
    )


def _norm(code: str) -> str:
    lines = [ln.rstrip() for ln in code.replace("\r\n", "\n").split("\n")]
    return "\n".join(ln for ln in lines if ln and not ln.startswith("Attribute VB_")).strip()


@pytest.mark.parametrize("path", [TEMPLATE, "demo"])
def test_olevba_decodes_every_module_equal_to_its_source(path, demo_xlsm):
    path = demo_xlsm if path == "demo" else path
    modules = vba_modules(path)
    sources = vba_sources()
    assert set(sources) <= set(modules)
    for name, source in sources.items():
        assert _norm(modules[name]) == _norm(source), name
    assert _norm(modules["xlwings"]) == _norm(xlwings_module_source())
    assert re.search(r"^Sub AggiornaRiepilogo\(\)", modules["xlperf"], re.M)
    assert re.search(r"^Sub RaccogliFileAree\(\)", modules["xlperf"], re.M)
    assert 'RunPython "import xlperf.excel' in modules["xlperf"]
    # one document module per sheet, named as the sheets' codenames
    wb = openpyxl.load_workbook(path, keep_vba=True)
    for ws in wb.worksheets:
        assert ws.sheet_properties.codeName in modules


def test_macros_are_ascii():
    for bas in (ROOT / "macros").glob("*.bas"):
        bas.read_bytes().decode("ascii")


def test_sheets_tables_validations_formats_protection(demo_xlsm):
    wb = openpyxl.load_workbook(demo_xlsm, keep_vba=True)
    expected = [
        L.ISTRUZIONI,
        L.CONFIG,
        L.ALBERO,
        "Staff",
        "Area 1",
        "Area 2",
        "Area 3",
        "Area 4",
        L.ANDAMENTO,
        L.VARIAZIONI,
        "Relazione",
        L.RIEPILOGO,
        L.CRUSCOTTO,
        L.DIRIGENTI,
        L.CONTROLLI,
        L.XLWINGS_CONF,
    ]
    assert wb.sheetnames == expected
    assert wb[L.XLWINGS_CONF].sheet_state == "hidden"
    conf = {r[0]: r[1] for r in wb[L.XLWINGS_CONF].iter_rows(values_only=True)}
    assert conf["UDF Modules"] == "xlperf.udfs"
    for name in ("Staff", "Area 1", "Area 2", "Area 3", "Area 4"):
        ws = wb[name]
        assert len(ws.tables) == 1
        table = next(iter(ws.tables.values()))
        assert [c.name for c in table.tableColumns] == [c.header for c in L.ENTRY_COLUMNS]
        assert table.ref.startswith(f"A{L.ENTRY_HEADER_ROW}:")
        lists = {dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"}
        assert any("Albero!" in f for f in lists)
        assert any(">=" in f and "Entro" in f and "SI/NO" in f for f in lists)
        assert any("fte" in f and "gg" in f for f in lists)
        cf_rules = [r for rng in ws.conditional_formatting for r in rng.rules]
        assert len(cf_rules) == 3 and all("XP_Soglia" in r.formula[0] for r in cf_rules)
        assert ws.protection.sheet and not ws.protection.password
        assert ws.freeze_panes == f"D{L.ENTRY_FIRST_ROW}"
        row = L.ENTRY_FIRST_ROW
        assert ws[f"{L.entry_col('actual')}{row}"].protection.locked is False
        assert ws[f"{L.entry_col('pct')}{row}"].protection.locked is True
        formula = ws[f"{L.entry_col('pct')}{row}"].value
        # the shape office staff read: target, consuntivo, operatore, monitoraggio 30/06, periodo
        c = L.entry_col
        assert (
            formula
            == f"=PERF_INDICATOR(G4,{c('actual')}4,F4,{c('actual_mid')}4,XP_Periodo,{c('unit')}4,{c('target_mid')}4)"
        )
        assert ws[f"{L.entry_col('pct')}{row}"].number_format == "0.00%"
        assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$3:$3"
    assert "XP_SogliaRaggiunto" in wb.defined_names
    albero = wb[L.ALBERO]
    assert "PERF_OBJECTIVE(" in albero[f"{L.albero_col('pct')}{L.ALBERO_FIRST_ROW}"].value


def test_button_drawing_and_vba_in_the_package(demo_xlsm):
    with zipfile.ZipFile(demo_xlsm) as zf:
        names = zf.namelist()
        assert "xl/vbaProject.bin" in names
        vml = [n for n in names if n.startswith("xl/drawings/vmlDrawing")]
        assert len(vml) == 2  # Riepilogo and Cruscotto
        texts = [zf.read(n).decode() for n in vml]
        for text in texts:
            assert f"<x:FmlaMacro>[0]!{REFRESH_MACRO}</x:FmlaMacro>" in text
            assert REFRESH_CAPTION in text
        # the master's Riepilogo also carries «Raccogli file aree»
        assert sum(f"<x:FmlaMacro>[0]!{COLLECT_MACRO}</x:FmlaMacro>" in t for t in texts) == 1


def test_demo_workbook_reads_back_to_the_published_scores(demo_xlsm):
    plan, problems = read_workbook(demo_xlsm)
    assert not [p for p in problems if p.level.value == "errore"]
    res = score_plan(plan)
    assert f"{res.ente * 100:.2f}" == "97,34".replace(",", ".")
    assert len(plan.objectives) == 49 and len(plan.indicators) == 414
    assert plan.ente == "Camera di Commercio di Pistoia-Prato" and plan.anno == 2025
    assert res.objectives["01_04_OS02"] == pytest.approx(0.7908, abs=1e-4)


@pytest.mark.slow
def test_formulas_engine_reproduces_every_percentage(demo_xlsm, tmp_path):
    """Every % and Stato cell, evaluated by a real Excel formula engine, equals the scoring core."""
    import excel_engine

    xlsx = tmp_path / "demo.xlsx"  # formulas loads by extension
    xlsx.write_bytes(demo_xlsm.read_bytes())
    values = excel_engine.evaluate(xlsx)
    plan, _ = read_workbook(demo_xlsm)
    res = score_plan(plan)
    checked = 0
    for ind, pct in zip(plan.indicators, res.indicators, strict=False):
        sheet, cell = ind.source.split("!")
        row = cell[1:]
        got = values[f"{sheet.upper()}!{L.entry_col('pct')}{row}"]
        if pct is None:
            assert got == "N/D", ind.source
        else:
            assert got == pytest.approx(pct, abs=1e-12), ind.source
        assert values[f"{sheet.upper()}!{L.entry_col('status')}{row}"] == res.status(pct).value
        checked += 1
    assert checked == 414
    for o in plan.objectives:
        row = o.source.split("!")[1][1:]
        assert values[f"ALBERO!{L.albero_col('pct')}{row}"] == pytest.approx(res.objectives[o.code], abs=1e-12), o.code
        assert values[f"ALBERO!{L.albero_col('status')}{row}"] == res.status(res.objectives[o.code]).value


def test_new_year_from_last_year_clears_actuals(demo_xlsm, tmp_path):
    out = tmp_path / "PIAO_2026.xlsm"
    proc = subprocess.run(
        [sys.executable, "-m", "xlperf.cli", "new", "--anno", "2026", "--da", str(demo_xlsm), str(out)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    plan, _ = read_workbook(out)
    assert plan.anno == 2026 and len(plan.indicators) == 414 and len(plan.objectives) == 49
    assert all(i.actual is None and i.actual_mid is None for i in plan.indicators)
    old, _ = read_workbook(demo_xlsm)
    assert [i.baseline for i in plan.indicators] == [i.actual for i in old.indicators]  # last year's consuntivo kept
    assert sum(1 for i in plan.indicators if i.baseline is not None) > 400
    assert score_plan(plan).ente is None
    again = subprocess.run(
        [sys.executable, "-m", "xlperf.cli", "new", "--anno", "2026", str(out)], capture_output=True, text=True
    )
    assert again.returncode == 2 and "esiste già" in again.stderr
