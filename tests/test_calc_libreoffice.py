"""LibreOffice Calc 25.2 with the xlperf extension installed (slow): the demo's PERF_* cells computed
by the add-in, «Aggiorna riepilogo» and «Raccogli file aree» run through UNO in the open document."""

import re
import shutil
import subprocess
import sys
import zipfile

import pytest
from test_calc_extension import ROOT, _xlperf, build_oxt
from uno_driver import install_extension
from uno_driver import lo_env as _lo_env

UNO_PYTHON = "/usr/bin/python3"  # Debian's, where python3-uno lives


@pytest.fixture(scope="module")
def oxt(tmp_path_factory):
    return build_oxt(tmp_path_factory.mktemp("oxt"))


@pytest.fixture(scope="module")
def installed(soffice, oxt, tmp_path_factory):
    """A private profile and shared-packages cache with the built .oxt installed (the system
    LibreOffice stays untouched); the profile recalculates every formula on load."""
    root = tmp_path_factory.mktemp("lo-ext")
    profile, cache, env, listed = install_extension(soffice, oxt, root)
    assert "org.xlperf.calc" in listed
    return root, profile, cache, env


def values(ws) -> dict:
    """A sheet's non-empty cached values, floats to 12 decimals (LibreOffice's shortest doubles)."""
    return {
        (c.row, c.column): round(c.value, 12) if isinstance(c.value, float) else c.value
        for row in ws.iter_rows()
        for c in row
        if c.value not in (None, "")
    }


def _perf_cells(path) -> dict[str, str]:
    """'Sheet!A1' -> formula of every PERF_* formula cell."""
    import openpyxl

    wb = openpyxl.load_workbook(path)
    return {
        f"{ws.title}!{c.coordinate}": c.value
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith("=") and "PERF_" in c.value
    }


def _expected(path) -> dict[str, object]:
    """What the scoring core gives for each PERF_* cell of ``path`` (indicators, statuses, Albero)."""
    import openpyxl

    from xlperf import layout as L
    from xlperf.aggregate import score_plan
    from xlperf.readers.workbook import read_workbook

    plan, _ = read_workbook(path)
    res = score_plan(plan)
    out: dict[str, object] = {}
    for ind, s in zip(plan.indicators, res.indicators, strict=True):
        out[ind.place("pct")] = "N/D" if s is None else s
        out[ind.place("status")] = res.status(s).value
    albero = openpyxl.load_workbook(path)[L.ALBERO]
    code_col, pct_col, st_col = (L.albero_col(f) for f in ("objective_code", "pct", "status"))
    for r in range(1, albero.max_row + 1):
        code = albero[f"{code_col}{r}"].value
        if code in res.objectives:
            p = res.objectives[code]
            out[f"{L.ALBERO}!{pct_col}{r}"] = "N/D" if p is None else p
            out[f"{L.ALBERO}!{st_col}{r}"] = res.status(p).value
    return out


def test_libreoffice_computes_every_perf_cell_with_the_extension(installed, demo_xlsm, tmp_path):
    """The demo saved without any cached result (openpyxl), one consuntivo changed: every PERF_*
    cell LibreOffice computes through the add-in equals the scoring core."""
    import openpyxl

    from xlperf.readers.workbook import read_workbook

    root, profile, cache, env = installed
    plan, _ = read_workbook(demo_xlsm)
    changed = next(i for i in plan.indicators if i.operator.value == ">=" and isinstance(i.actual, float) and i.target)
    wb = openpyxl.load_workbook(demo_xlsm, keep_vba=True)
    sheet, cell = changed.place("actual").split("!")
    wb[sheet][cell] = float(changed.target) / 2  # 50 % instead of the seed's figure
    src = tmp_path / "demo_senza_risultati.xlsm"
    wb.save(src)
    proc = subprocess.run(
        [
            soffice_path(),
            *env,
            "--headless",
            "--norestore",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path / "out"),
            str(src),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
        env=_lo_env(),
    )
    converted = tmp_path / "out" / "demo_senza_risultati.xlsx"
    assert proc.returncode == 0 and converted.exists(), proc.stdout + proc.stderr
    got = openpyxl.load_workbook(converted, data_only=True)
    expected = _expected(src)
    formulas = _perf_cells(src)
    kinds = {k: sum(f"PERF_{k}(" in f for f in formulas.values()) for k in ("INDICATOR", "OBJECTIVE", "STATUS")}
    assert kinds == {"INDICATOR": 464, "OBJECTIVE": 49, "STATUS": 513}
    assert expected[changed.place("pct")] == pytest.approx(0.5)
    scored = {"INDICATOR": 0, "OBJECTIVE": 0, "STATUS": 0}
    for place, formula in formulas.items():
        sheet, cell = place.split("!")
        value = got[sheet][cell].value
        want = expected.get(place)
        if want is None:  # an empty row of the entry table
            assert value in (None, ""), (place, formula, value)
            continue
        kind = next(k for k in scored if f"PERF_{k}(" in formula)
        scored[kind] += 1
        if isinstance(want, float):
            assert value == pytest.approx(want, abs=1e-12), (place, formula, value)
        else:
            assert value == want, (place, formula, value)
    assert scored == {"INDICATOR": 414, "OBJECTIVE": 49, "STATUS": 414 + 49}


def soffice_path() -> str:
    return shutil.which("soffice") or shutil.which("libreoffice") or "soffice"


def _has_uno() -> bool:
    try:
        return subprocess.run([UNO_PYTHON, "-c", "import uno"], capture_output=True, timeout=60).returncode == 0
    except OSError:
        return False


def _validate(path) -> str:
    """ooxml-validate's findings ("" when clean)."""
    proc = subprocess.run(
        ["bash", str(ROOT.parent / "shared" / "tools" / "ooxml-validate" / "validate.sh"), str(path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return "" if proc.returncode == 0 else proc.stdout + proc.stderr


def test_refresh_through_uno_in_the_open_demo(installed, demo_xlsm, tmp_path):
    """«xlperf → Aggiorna riepilogo» on the open demo (owned sheets emptied first): the four sheets
    equal what `xlperf refresh` writes; stored as .xlsm the VBA project, the buttons and the PERF_*
    formulas are kept, the file is valid OOXML and scores Ente 97,34 %."""
    import openpyxl

    assert _has_uno(), f"{UNO_PYTHON} senza python3-uno: .ci/run lo installa"
    root, profile, cache, env = installed
    from xlperf import layout as L
    from xlperf.buttons import COLLECT_MACRO, REFRESH_MACRO

    out = tmp_path / "aggiornato_in_libreoffice.xlsm"
    clears = [a for name in L.OWNED_SHEETS for a in ("--clear", name)]
    driver_env = _lo_env(XLPERF_PYTHON=sys.executable, PYTHONPATH=str(ROOT), SOFFICE=soffice_path())
    proc = subprocess.run(
        [UNO_PYTHON, str(ROOT / "tests" / "uno_driver.py"), str(profile), str(cache), str(demo_xlsm), "--out", str(out)]
        + clears
        + ["--command", "aggiorna"],
        capture_output=True,
        text=True,
        timeout=400,
        env=driver_env,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, proc.stderr
    reference = tmp_path / "aggiornato_da_xlperf.xlsm"
    assert _xlperf("refresh", str(demo_xlsm), "--out", str(reference)).returncode == 0
    a, b = openpyxl.load_workbook(reference, data_only=True), openpyxl.load_workbook(out, data_only=True)

    for name in L.OWNED_SHEETS:
        want, got = values(a[name]), values(b[name])
        assert len(want) > 20 and got == want, name
    # fills and number formats as the file writer puts them
    from xlperf.writers.openpyxl_writer import fill_hex

    ente = next(c for row in a[L.RIEPILOGO].iter_rows() for c in row if c.value == "PERFORMANCE DI ENTE")
    pct_ref = a[L.RIEPILOGO].cell(ente.row, ente.column + 3)
    pct_lo = b[L.RIEPILOGO].cell(ente.row, ente.column + 3)
    assert fill_hex(pct_lo) == fill_hex(pct_ref) and fill_hex(pct_ref)
    assert "0.00%" in pct_lo.number_format
    for ref, lo in ((a[L.RIEPILOGO]["A1"], b[L.RIEPILOGO]["A1"]), (pct_ref, pct_lo)):  # the title, the Ente %
        assert lo.font.color is not None and lo.font.color.rgb == ref.font.color.rgb
        assert (lo.font.b, lo.font.sz) == (ref.font.b, ref.font.sz)
    # the VBA project, the buttons and the formulas survive
    from conftest import vba_modules

    assert set(vba_modules(demo_xlsm)) <= set(vba_modules(out))

    def buttons(z) -> list[str]:  # the macro of every button ([0]!Macro as Excel writes it, Module.Macro by Calc)
        vml = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".vml"))
        return sorted(re.split(r"[!.]", m)[-1] for m in re.findall(r"<x:FmlaMacro>([^<]*)</x:FmlaMacro>", vml))

    with zipfile.ZipFile(demo_xlsm) as z0, zipfile.ZipFile(out) as z1:
        assert buttons(z1) == buttons(z0) == sorted([REFRESH_MACRO] * 2 + [COLLECT_MACRO])
        assert "xl/vbaProject.bin" in z1.namelist()
        with zipfile.ZipFile(reference) as zr:  # the Cruscotto's charts, drawn by each writer

            def titles(z):
                parts = [n for n in z.namelist() if re.match(r"xl/charts/chart\d+\.xml$", n)]
                return sorted(t for n in parts for t in re.findall(r"<a:t>([^<]+)</a:t>", z.read(n).decode()))

            assert titles(z1) == titles(zr) and len(titles(zr)) >= 2
        sheets_xml = "".join(z1.read(n).decode() for n in z1.namelist() if n.startswith("xl/worksheets/sheet"))
    assert "PERF_INDICATOR(" in sheets_xml and "PERF_STATUS(" in sheets_xml and "PERF_OBJECTIVE(" in sheets_xml
    assert "ORG.XLPERF" not in sheets_xml.upper() and "_xludf" not in sheets_xml
    # LibreOffice's own save carries its loext:extCalcPr, the one thing ooxml-validate reports; it is
    # what writers/libreoffice_compat.py repairs, so the refreshed file is clean
    found = _validate(out)
    assert "extCalcPr" in found and "SHORT 1 problems" in found, found
    repaired = tmp_path / "aggiornato_e_riparato.xlsm"
    assert _xlperf("refresh", str(out), "--out", str(repaired)).returncode == 0
    assert _validate(repaired) == ""
    score = _xlperf("score", str(out))
    assert score.returncode == 0 and "97,34 %" in score.stdout, score.stdout + score.stderr


def test_collect_through_uno_equals_xlperf_raccogli(installed, distributed, tmp_path):
    """«xlperf → Raccogli file aree» on the open empty master with the five area files: the same
    consuntivi and the same Riepilogo as `xlperf raccogli`, Ente 97,34 %."""
    import openpyxl

    from xlperf import layout as L
    from xlperf.readers.workbook import read_workbook

    assert _has_uno(), f"{UNO_PYTHON} senza python3-uno: .ci/run lo installa"
    _, profile, cache, _ = installed
    master, files, _ = distributed
    by_cli = tmp_path / "raccolto_da_xlperf.xlsm"
    shutil.copy(master, by_cli)
    assert _xlperf("raccogli", str(by_cli), *map(str, files)).returncode == 0
    out = tmp_path / "raccolto_in_libreoffice.xlsm"
    command = "|".join(["raccogli", *map(str, files)])
    proc = subprocess.run(
        [UNO_PYTHON, str(ROOT / "tests" / "uno_driver.py"), str(profile), str(cache), str(master), "--out", str(out)]
        + ["--command", command],
        capture_output=True,
        text=True,
        timeout=400,
        env=_lo_env(XLPERF_PYTHON=sys.executable, PYTHONPATH=str(ROOT), SOFFICE=soffice_path()),
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, proc.stderr
    cli_plan, _ = read_workbook(by_cli)
    lo_plan, _ = read_workbook(out)
    actuals = [(i.code, i.actual) for i in cli_plan.indicators]
    assert sum(a is not None for _, a in actuals) > 300
    # LibreOffice writes doubles with its own shortest form: 0.0055 may come back 0.005500000000000001
    assert [(i.code, i.actual) for i in lo_plan.indicators] == [
        (c, pytest.approx(v, rel=1e-12) if isinstance(v, float) else v) for c, v in actuals
    ]
    a, b = openpyxl.load_workbook(by_cli, data_only=True), openpyxl.load_workbook(out, data_only=True)

    assert values(b[L.RIEPILOGO]) == values(a[L.RIEPILOGO])
    score = _xlperf("score", str(out))
    assert "97,34 %" in score.stdout, score.stdout + score.stderr
