"""Area copies compute on any PC: `.xlsx`, native formulas only, and LibreOffice — a real spreadsheet
application, recalculating every formula on load — gives the scoring core's numbers for the whole
2025 plan, the 80 % / 60 % boundaries, N/D redistribution and the 30/06 period included."""

import datetime as dt
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import recalc_on_load, run_soffice

from xlperf import layout as L
from xlperf.aggregate import score_plan
from xlperf.literals import Operator, to_excel_serial
from xlperf.merge import identity_keys
from xlperf.model import MID_YEAR
from xlperf.monitoring import indicator_status
from xlperf.readers.workbook import read_workbook

NATIVE_FUNCTIONS = {
    "IF",
    "AND",
    "OR",
    "NOT",
    "ISNUMBER",
    "SEARCH",
    "MAX",
    "MIN",
    "ABS",
    "SUMIF",
    "N",
    "INT",
    "TRIM",
    "UPPER",
    "MATCH",
    "DATE",
    "YEAR",
}


def _row(ind) -> int:
    return int("".join(ch for ch in ind.place("actual").split("!")[1] if ch.isdigit()))


def _cell(ws, field: str, ind) -> openpyxl.cell.Cell:
    return ws[f"{L.entry_col(field)}{_row(ind)}"]


def test_area_copies_need_nothing(distributed):
    """No VBA, no xlwings, no PERF_*: only functions Excel 2016+ and LibreOffice 7.4+ both compute."""
    import re

    _, files, _ = distributed
    for f in files:
        assert f.suffix == ".xlsx"
        with zipfile.ZipFile(f) as z:
            names = z.namelist()
            assert not [n for n in names if "vba" in n.lower()], f.name
            content_types = z.read("[Content_Types].xml").decode()
            assert "macroEnabled" not in content_types and "vbaProject" not in content_types
            sheets_xml = "".join(z.read(n).decode() for n in names if n.startswith("xl/worksheets/sheet"))
        formulas = re.findall(r"<f>(.*?)</f>", sheets_xml)
        assert len(formulas) > 100
        used = {name for f_ in formulas for name in re.findall(r"([A-Z][A-Z0-9.]*)\(", f_)}
        assert used <= NATIVE_FUNCTIONS, used - NATIVE_FUNCTIONS
        assert "PERF_" not in sheets_xml and "xlwings" not in sheets_xml
        wb = openpyxl.load_workbook(f)
        assert wb.sheetnames[:3] == [L.ISTRUZIONI, L.CONFIG, L.ALBERO] and L.XLWINGS_CONF not in wb.sheetnames
        area = wb.sheetnames[3]
        ws = wb[area]
        for i, helper in enumerate(L.AREA_HELPER_COLUMNS):
            letter = L.col_letter(len(L.ENTRY_COLUMNS) + i)
            index = len(L.ENTRY_COLUMNS) + i + 1
            hidden = [d for d in ws.column_dimensions.values() if d.hidden and d.min <= index <= d.max]
            assert hidden, (f.name, helper.header)  # XlsxWriter writes the run of hidden columns as one <col>
            assert ws[f"{letter}{L.ENTRY_FIRST_ROW}"].protection.locked
        assert ws.protection.sheet
        # a user who clicks the % cell reads the rules in order, and the objective's in the Albero
        pct = ws[f"{L.entry_col('pct')}{L.ENTRY_FIRST_ROW}"].value
        v = f"{L.helper_col('estimate')}4"  # the hidden «Stima a fine anno» (the value itself at 31/12)
        t = f"{L.helper_col('period_target')}4"  # the hidden «Target del periodo»
        assert pct.startswith(f'=IF(AND({t}="",{v}=""),"",IF(OR({v}="",{v}="N/D"),"N/D",IF(F4="SI/NO"')
        objective = wb[L.ALBERO][f"{L.albero_col('pct')}{L.ALBERO_FIRST_ROW}"].value
        assert objective.startswith(f"=IF(SUMIF('{area}'!$A:$A,E4,") and objective.endswith('"N/D")')


def _edge_cases(path: Path) -> list[str]:
    """Rewrite consuntivi (and a few targets) of one area file so that the copy exercises every
    rule; returns what was set, for the failure message."""
    plan, _ = read_workbook(path)
    wb = openpyxl.load_workbook(path)
    done = []

    def pick(pred):
        for ind in plan.indicators:
            if pred(ind) and ind.place("actual") not in {d.split(": ")[0] for d in done}:
                return ind
        return None

    def numeric(op):
        return lambda i: (
            i.operator is op and isinstance(i.target, float) and i.target > 0 and i.unit != "%" and i.weight > 0
        )

    ws = None
    for label, pred, change in [
        ("80 % esatto (>=)", numeric(Operator.GE), lambda i: {"actual": i.target * 0.8}),
        ("60 % esatto (>=)", numeric(Operator.GE), lambda i: {"actual": i.target * 0.6}),
        ("80 % esatto (<=)", numeric(Operator.LE), lambda i: {"actual": i.target * 1.2}),
        ("N/D", numeric(Operator.GE), lambda i: {"actual": "N/D"}),
        ("target 0, >=", numeric(Operator.GE), lambda i: {"target": 0, "actual": 0}),
        ("target 0, <", numeric(Operator.GE), lambda i: {"target": 0, "operator": "<", "actual": 0}),
        ("target negativo", numeric(Operator.GE), lambda i: {"target": -10, "actual": -12}),
        ("oltre il target (taglio a 100 %)", numeric(Operator.GE), lambda i: {"actual": i.target * 3}),
        ("=", numeric(Operator.GE), lambda i: {"operator": "=", "actual": i.target * 1.1}),
        ("% in punti", lambda i: i.unit == "%" and isinstance(i.target, float), lambda i: {"actual": 96}),
        (
            "Entro, in ritardo",
            lambda i: i.operator is Operator.DEADLINE,
            lambda i: {"actual": dt.datetime(2026, 1, 31)},
        ),
        ("SI/NO, non fatto", lambda i: i.operator is Operator.BOOL, lambda i: {"actual": "NO"}),
    ]:
        ind = pick(pred)
        if ind is None:
            continue
        ws = wb[ind.place("actual").split("!")[0]]
        for field, value in change(ind).items():
            _cell(ws, field, ind).value = value
        done.append(f"{ind.place('actual')}: {label}")
    # one objective entirely N/D: the objective is N/D (not 0 %)
    touched = {d.split(": ")[0] for d in done}
    objective = next(
        (
            o
            for o in plan.objectives
            if sum(i.objective == o.code for i in plan.indicators) >= 2
            and not any(i.objective == o.code and i.place("actual") in touched for i in plan.indicators)
        ),
        None,
    )
    if objective:
        for ind in plan.indicators:
            if ind.objective == objective.code:
                _cell(wb[ind.place("actual").split("!")[0]], "actual", ind).value = "N/D"
        done.append(f"{objective.code}: tutto N/D")
    wb.save(path)
    return done


def _mid_year(path: Path) -> None:
    """The 30/06 period: Monitoraggio filled (70 % of the consuntivo, N/D where it is N/D), the
    Configurazione set to the monitoring period."""
    plan, _ = read_workbook(path)
    wb = openpyxl.load_workbook(path)
    wb[L.CONFIG][L.config_cell("XP_Periodo").split("!")[1]] = L.PERIODS[MID_YEAR]
    for ind in plan.indicators:
        ws = wb[ind.place("actual").split("!")[0]]
        end = _cell(ws, "actual", ind).value
        _cell(ws, "actual_mid", ind).value = end * 0.7 if isinstance(end, (int, float)) else end
    wb.save(path)


@pytest.fixture(scope="module")
def recalculated(distributed, soffice, tmp_path_factory):
    """Every area file as filled, plus an edge-case twin of each and a 30/06 twin of two, opened
    and recalculated by LibreOffice: (input, LibreOffice's output, what was set)."""
    _, files, _ = distributed
    work = tmp_path_factory.mktemp("native")
    inputs = work / "in"
    inputs.mkdir()
    cases = []
    for f in files:
        cases.append((shutil.copy(f, inputs / f.name), ["come compilato"]))
        edge = Path(shutil.copy(f, inputs / f"casi limite {f.name}"))
        cases.append((edge, _edge_cases(edge)))
    for f in files[:2]:
        mid = Path(shutil.copy(f, inputs / f"30-06 {f.name}"))
        _mid_year(mid)
        cases.append((mid, ["periodo 30/06"]))
    recalc_on_load(work)
    out = work / "out"
    proc = run_soffice(soffice, ["--convert-to", "xlsx", "--outdir", str(out), *[str(p) for p, _ in cases]], work)
    assert proc.returncode == 0, proc.stderr
    return [(Path(p), out / Path(p).name, done) for p, done in cases]


def _same(computed, expected) -> bool:
    if expected is None:
        return computed == "N/D"
    return isinstance(computed, (int, float)) and not isinstance(computed, bool) and abs(computed - expected) <= 1e-9


def test_libreoffice_recalculates_every_area_copy_as_the_core_scores_it(recalculated):
    seen_indicators = seen_objectives = 0
    statuses = set()
    for src, out, done in recalculated:
        plan, problems = read_workbook(src)  # the core reads what the area typed (no results in it)
        assert not [p for p in problems if p.level.name == "ERROR"], (src.name, problems)
        res = score_plan(plan)
        wb = openpyxl.load_workbook(out, data_only=True)
        for ind, expected in zip(plan.indicators, res.indicators, strict=True):
            ws = wb[ind.place("actual").split("!")[0]]
            pct, status = _cell(ws, "pct", ind).value, _cell(ws, "status", ind).value
            assert _same(pct, expected), (src.name, ind.place("actual"), pct, expected, done)
            shown = indicator_status(ind, expected, res.period, res.thresholds, plan.anno, res.status(expected))
            assert status == shown.value, (src.name, ind.place("actual"), status, done)
            statuses.add(status)
            seen_indicators += 1
        albero = wb[L.ALBERO]
        codes = {
            albero[f"{L.albero_col('objective_code')}{r}"].value: r
            for r in range(L.ALBERO_FIRST_ROW, albero.max_row + 1)
        }
        for o in plan.objectives:
            r = codes[o.code]
            expected = res.objectives.get(o.code)
            assert _same(albero[f"{L.albero_col('pct')}{r}"].value, expected), (src.name, o.code, done)
            assert albero[f"{L.albero_col('status')}{r}"].value == res.status(expected).value, (src.name, o.code)
            seen_objectives += 1
    # the whole 2025 plan as filled (414 indicators, 49 objectives), then its twins
    assert sum(len(read_workbook(s)[0].indicators) for s, _, d in recalculated if d == ["come compilato"]) == 414
    assert sum(len(read_workbook(s)[0].objectives) for s, _, d in recalculated if d == ["come compilato"]) == 49
    mid_year = sum(len(read_workbook(s)[0].indicators) for s, _, d in recalculated if d == ["periodo 30/06"])
    assert seen_indicators == 2 * 414 + mid_year and mid_year > 100 and seen_objectives > 2 * 49
    # every edge case found a row to land on in some area file
    labels = {what.split(": ", 1)[1] for _, _, done in recalculated for what in done if ": " in what}
    assert len(labels) == 13, labels
    assert statuses == {"Raggiunto", "Parzialmente raggiunto", "Non raggiunto", "N/D", "In corso", "A rischio"}


def test_boundaries_belong_to_the_higher_status(recalculated):
    """80 % exactly is «Raggiunto», 60 % exactly «Parzialmente raggiunto» — in LibreOffice's cells."""
    for src, out, done in recalculated:
        if not done[0].endswith("80 % esatto (>=)"):
            continue
        wb = openpyxl.load_workbook(out, data_only=True)
        for what in done:
            place, label = what.split(": ", 1)
            if label.startswith(("80 % esatto", "60 % esatto")):
                sheet, cell = place.split("!")
                ws = wb[sheet]
                row = int("".join(ch for ch in cell if ch.isdigit()))
                pct, status = ws[f"{L.entry_col('pct')}{row}"], ws[f"{L.entry_col('status')}{row}"]
                assert pct.value == pytest.approx(0.8 if label.startswith("80") else 0.6, abs=1e-9)
                expected = "Raggiunto" if label.startswith("80") else "Parzialmente raggiunto"
                assert status.value == expected, (src.name, what)
        return
    pytest.fail("nessun file con i casi limite")


def test_master_native_formulas_still_compute_in_libreoffice(demo_xlsm, soffice, tmp_path):
    """The master keeps PERF_* (LibreOffice shows #NAME? there until the extension, issue 13); its
    native formulas — Andamento's link to the grado — are computed by LibreOffice."""
    src = tmp_path / "in" / "master.xlsm"
    src.parent.mkdir()
    wb = openpyxl.load_workbook(demo_xlsm, keep_vba=True)
    wb[L.RIEPILOGO]["D5"] = 0.5  # a value the cached result does not hold
    wb.save(src)
    recalc_on_load(tmp_path)
    proc = run_soffice(soffice, ["--convert-to", "xlsx", "--outdir", str(tmp_path / "out"), str(src)], tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = openpyxl.load_workbook(tmp_path / "out" / "master.xlsx", data_only=True)
    formulas = openpyxl.load_workbook(src)
    native = [
        (ws.title, c.coordinate)
        for ws in formulas.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.data_type == "f" and "PERF_" not in str(c.value)
    ]
    assert native, "nessuna formula nativa nel file principale"
    assert out[L.ANDAMENTO]["H5"].value == 0.5
    for sheet, ref in native:
        assert not str(out[sheet][ref].value).startswith(("#", "Err:")), (sheet, ref, out[sheet][ref].value)


def test_area_copy_filled_and_saved_by_libreoffice_is_collected_without_conflicts(distributed, soffice, tmp_path):
    """LibreOffice rewrites the whole file (its own styles, shared strings, recalculated results);
    raccogli takes the consuntivi and reports no conflict."""
    import subprocess
    import sys

    master, files, _ = distributed
    src = tmp_path / "in" / files[0].name
    src.parent.mkdir()
    shutil.copy(files[0], src)
    recalc_on_load(tmp_path)
    proc = run_soffice(soffice, ["--convert-to", "xlsx", "--outdir", str(tmp_path / "out"), str(src)], tmp_path)
    assert proc.returncode == 0, proc.stderr
    saved = tmp_path / "out" / files[0].name
    work = tmp_path / "PIAO_2025.xlsm"
    shutil.copy(master, work)
    proc = subprocess.run(
        [sys.executable, "-m", "xlperf.cli", "raccogli", str(work), str(saved)], capture_output=True, text=True
    )
    assert proc.returncode == 0 and "conflitt" not in proc.stdout.lower(), proc.stdout + proc.stderr
    filled, _ = read_workbook(files[0])
    collected = identity_keys(read_workbook(work)[0].indicators)
    assert len(filled.indicators) > 50
    for key, ind in identity_keys(filled.indicators).items():
        assert (collected[key].actual, collected[key].declared_na) == (ind.actual, ind.declared_na), key


def test_area_copies_made_before_this_change_are_still_collected(distributed, tmp_path):
    """A `.xlsm` area copy with PERF_* formulas and the VBA project (what `distribuisci` wrote
    before) is collected as before."""
    import subprocess
    import sys

    from xlperf.template.builder import TemplateBuilder

    master, files, _ = distributed
    filled, _ = read_workbook(files[1])
    old = TemplateBuilder(filled, score_plan(filled), area_copy=True)
    old.native = False  # the shape of the copies written before the .xlsx ones
    legacy = old.build(tmp_path / files[1].with_suffix(".xlsm").name)
    sheet = filled.indicators[0].place("actual").split("!")[0]
    assert "PERF_INDICATOR(" in str(openpyxl.load_workbook(legacy)[sheet][f"{L.entry_col('pct')}4"].value)
    work = tmp_path / "PIAO_2025.xlsm"
    shutil.copy(master, work)
    proc = subprocess.run(
        [sys.executable, "-m", "xlperf.cli", "raccogli", str(work), str(legacy)], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    collected = identity_keys(read_workbook(work)[0].indicators)
    for key, ind in identity_keys(filled.indicators).items():
        assert (collected[key].actual, collected[key].declared_na) == (ind.actual, ind.declared_na), key


def test_results_cached_in_a_fresh_copy_are_what_libreoffice_computes(demo_xlsm, soffice, tmp_path):
    """LibreOffice (by default) and Excel's protected view show the results saved in the file until
    something changes: every formula cell of a freshly distributed copy holds what LibreOffice
    computes when it recalculates everything — helper cells, dates and N/D included."""
    import subprocess
    import sys

    folder = tmp_path / "in"
    proc = subprocess.run(
        [sys.executable, "-m", "xlperf.cli", "distribuisci", str(demo_xlsm), "--out", str(folder)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    copies = sorted(folder.glob("*.xlsx"))
    recalc_on_load(tmp_path)
    proc = run_soffice(
        soffice, ["--convert-to", "xlsx", "--outdir", str(tmp_path / "out"), *map(str, copies)], tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    checked = 0
    for f in copies:
        formulas, cached = openpyxl.load_workbook(f), openpyxl.load_workbook(f, data_only=True)
        computed = openpyxl.load_workbook(tmp_path / "out" / f.name, data_only=True)
        for ws in formulas.worksheets:
            for row in ws.iter_rows():
                for c in row:
                    if c.data_type != "f":
                        continue
                    mine, theirs = cached[ws.title][c.coordinate].value, computed[ws.title][c.coordinate].value
                    # LibreOffice formats a helper cell holding a date as a date: compare the serial
                    mine, theirs = (
                        "" if v is None else to_excel_serial(v.date()) if isinstance(v, dt.datetime) else v
                        for v in (mine, theirs)
                    )
                    if isinstance(theirs, (int, float)) and isinstance(mine, (int, float)):
                        assert abs(mine - theirs) <= 1e-9, (f.name, ws.title, c.coordinate, mine, theirs)
                    else:
                        assert mine == theirs, (f.name, ws.title, c.coordinate, mine, theirs)
                    checked += 1
    assert checked > 414 * 6


@pytest.mark.slow
def test_the_excel_formula_engine_agrees_on_an_area_copy(demo_xlsm, tmp_path):
    """A second, Excel-semantics oracle: the `formulas` engine evaluates an area copy's native
    formulas (values as distributed, nothing cached used) and gets the core's numbers."""
    import subprocess
    import sys

    import excel_engine

    folder = tmp_path / "aree"
    proc = subprocess.run(
        [sys.executable, "-m", "xlperf.cli", "distribuisci", str(demo_xlsm), "--out", str(folder)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    area2 = next(folder.glob("*Area 2*"))
    plan, _ = read_workbook(area2)
    res = score_plan(plan)
    values = excel_engine.evaluate(area2)
    for ind, expected in zip(plan.indicators, res.indicators, strict=True):
        sheet, cell = ind.place("actual").split("!")
        row = cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        pct = values[f"{sheet.upper()}!{L.entry_col('pct')}{row}"]
        assert _same(pct, expected), (ind.place("actual"), pct, expected)
        assert values[f"{sheet.upper()}!{L.entry_col('status')}{row}"] == res.status(expected).value
    for r, o in enumerate(plan.objectives, start=L.ALBERO_FIRST_ROW):
        got = values[f"{L.ALBERO.upper()}!{L.albero_col('pct')}{r}"]
        assert _same(got, res.objectives.get(o.code)), (o.code, got)
