"""The one-click refresh: same layout through xlwings' remote engine and through openpyxl, input
never touched, owned sheets rebuilt, VBA and buttons kept, and a second refresh changes nothing."""

import hashlib
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from xlperf import layout as L
from xlperf.aggregate import Status
from xlperf.buttons import REFRESH_MACRO
from xlperf.errors import RefreshError
from xlperf.writers.openpyxl_writer import fill_hex

FIXTURE = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "excel-saved" / "fibonacci.xlsm"


def xlperf(*args):
    return subprocess.run([sys.executable, "-m", "xlperf.cli", *args], capture_output=True, text=True)


def input_hash(path) -> str:
    """Hash of every value and formula of every sheet the refresh does not own."""
    wb = openpyxl.load_workbook(path)
    h = hashlib.sha256()
    for ws in wb.worksheets:
        if ws.title in L.OWNED_SHEETS:
            continue
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None:
                    h.update(f"{ws.title}!{c.coordinate}={c.value!r}|".encode())
    return h.hexdigest()


@pytest.fixture(scope="module")
def refreshed(demo_xlsm, tmp_path_factory):
    path = tmp_path_factory.mktemp("refresh") / "PIAO_2025.xlsm"
    shutil.copy(demo_xlsm, path)
    before = input_hash(path)
    proc = xlperf("refresh", str(path))
    assert proc.returncode == 0, proc.stderr
    return path, before, proc


def test_riepilogo_shows_ente(refreshed):
    path, _, proc = refreshed
    assert "97,34 %" in proc.stdout
    ws = openpyxl.load_workbook(path)[L.RIEPILOGO]
    assert ws["A4"].value == "PERFORMANCE DI ENTE"
    assert f"{ws['D4'].value * 100:.2f}" == "97.34" and ws["D4"].number_format == "0.00%"
    assert ws["A5"].value.startswith("Grado di conseguimento") and round(ws["D5"].value * 100) == 98
    codes = [ws.cell(row=r, column=2).value for r in range(8, ws.max_row + 1)]
    assert sum(1 for c in codes if c and len(c) > 5) == 49 and codes.count("01_01") == 1


def test_cruscotto_fills_follow_status(refreshed):
    path, _, _ = refreshed
    ws = openpyxl.load_workbook(path)[L.CRUSCOTTO]
    green, yellow = L.STATUS_FILLS[Status.RAGGIUNTO].bg, L.STATUS_FILLS[Status.PARZIALE].bg
    seen = {}
    for r in range(1, ws.max_row + 1):
        code = ws.cell(row=r, column=4).value
        if code and code.count("_") == 2:
            seen[code] = (ws.cell(row=r, column=6).value, {fill_hex(ws.cell(row=r, column=c)) for c in (4, 5, 6)})
    assert len(seen) == 49
    pct, fills = seen.pop("01_04_OS02")
    assert pct == pytest.approx(0.7908, abs=5e-5) and fills == {yellow}
    assert all(f == {green} for _, f in seen.values())
    assert ws["B4"].value == pytest.approx(0.9734, abs=5e-5) and fill_hex(ws["B4"]) == green
    assert sorted(type(c).__name__ for c in ws._charts) == ["BarChart", "LineChart"]


def test_inputs_untouched_vba_and_buttons_kept(refreshed, demo_xlsm):
    path, before, _ = refreshed
    assert input_hash(path) == before
    assert path.with_name(path.name + ".bak").read_bytes() == demo_xlsm.read_bytes()
    with zipfile.ZipFile(path) as zf, zipfile.ZipFile(demo_xlsm) as orig:
        assert zf.read("xl/vbaProject.bin") == orig.read("xl/vbaProject.bin")
        vml = [n for n in zf.namelist() if n.endswith(".vml")]
        assert len(vml) == 2 and all(f"[0]!{REFRESH_MACRO}" in zf.read(n).decode() for n in vml)
    wb = openpyxl.load_workbook(path, keep_vba=True)
    assert wb[L.RIEPILOGO].legacy_drawing and wb[L.CRUSCOTTO].legacy_drawing


def _cells(path):
    wb = openpyxl.load_workbook(path)
    return {
        (ws.title, c.coordinate): (c.value, fill_hex(c), c.number_format)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.value is not None or fill_hex(c)
    }


def test_second_refresh_changes_nothing(refreshed, tmp_path):
    path, _, _ = refreshed
    again = tmp_path / "again.xlsm"
    assert xlperf("refresh", str(path), "--out", str(again)).returncode == 0
    assert _cells(again) == _cells(path)


def test_controlli_lists_problems_with_links(demo_xlsm, tmp_path):
    path = tmp_path / "bad.xlsm"
    shutil.copy(demo_xlsm, path)
    wb = openpyxl.load_workbook(path, keep_vba=True)
    cell = f"{L.entry_col('actual')}5"
    wb["Area 2"][cell] = "boh"  # consuntivo not a number
    wb.save(path)
    proc = xlperf("refresh", str(path))
    assert proc.returncode == 2 and f"Area 2!{cell}" in proc.stderr
    ws = openpyxl.load_workbook(path)[L.CONTROLLI]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=5)]
    assert rows[0][:2] == ["errore", f"Area 2!{cell}"] and "boh" in rows[0][2]
    assert ws["B5"].hyperlink.location == f"'Area 2'!{cell}"
    check = xlperf("check", str(path))
    assert check.returncode == 2 and f"Area 2!{cell}" in check.stdout


def test_open_file_is_refused(demo_xlsm, tmp_path):
    path = tmp_path / "aperto.xlsm"
    shutil.copy(demo_xlsm, path)
    (tmp_path / "~$aperto.xlsm").write_bytes(b"lock")
    proc = xlperf("refresh", str(path))
    assert proc.returncode == 2 and "aperto in Excel" in proc.stderr
    assert path.read_bytes() == demo_xlsm.read_bytes()


@pytest.mark.skipif(not FIXTURE.exists(), reason="fixture shared/fixtures/excel-saved assente")
def test_file_as_excel_saves_it_keeps_buttons_and_macros(tmp_path):
    """openpyxl drops ctrlProps/drawing1.xml of an Excel-saved file; the guard checks what matters."""
    from xlperf.package import inventory
    from xlperf.refresh import check_kept
    from xlperf.sheet_content import SheetContent
    from xlperf.writers.openpyxl_writer import write_layouts

    before = inventory(FIXTURE, L.OWNED_SHEETS)
    assert len(before["buttons"]) == 2 and before["vba"]
    wb = openpyxl.load_workbook(FIXTURE, keep_vba=True)
    layout = SheetContent(L.RIEPILOGO)
    layout.put(0, 0, "prova")
    write_layouts(wb, [layout])
    out = tmp_path / "fib.xlsm"
    wb.save(out)
    after = inventory(out, L.OWNED_SHEETS)
    assert after["buttons"] == before["buttons"] and after["vba"] == before["vba"]  # VML buttons and VBA kept…
    with pytest.raises(RefreshError) as err:  # …but Excel's form controls and printer settings are not: refused
        check_kept(before, after)
    assert "i controlli modulo salvati da Excel" in str(err.value) and "impostazioni della stampante" in str(err.value)


def test_remote_engine_actions_equal_openpyxl_writer(demo_xlsm, refreshed):
    """The very refresh(book) of the button, on xlwings' remote engine, writes what the file writer wrote."""
    from conftest import remote_book

    from xlperf.excel import refresh

    book, names = remote_book(demo_xlsm)
    outcome = refresh(book)
    assert outcome["ente"] == pytest.approx(0.9734, abs=5e-5)
    actions = book.json()["actions"]
    written = {names[a["sheet_position"]] for a in actions}
    assert written == set(L.OWNED_SHEETS)  # input sheets never written
    # rebuild per-cell values and fills from the actions
    values, fills = {}, {}
    for a in actions:
        sheet = names[a["sheet_position"]]
        if a["func"] == "setValues":
            for i, row in enumerate(a["values"]):
                for j, v in enumerate(row):
                    values[(sheet, a["start_row"] + i, a["start_column"] + j)] = v
        elif a["func"] == "setRangeColor":
            for i in range(a["row_count"]):
                for j in range(a["column_count"]):
                    fills[(sheet, a["start_row"] + i, a["start_column"] + j)] = a["args"][0].upper()
    assert any(a["func"] == "addChart" for a in actions)
    file_wb = openpyxl.load_workbook(refreshed[0])
    compared = 0
    for sheet in L.OWNED_SHEETS:
        ws = file_wb[sheet]
        for row in ws.iter_rows():
            for c in row:
                key = (sheet, c.row - 1, c.column - 1)
                got = values.get(key, "")
                want = "" if c.value is None else c.value
                assert got == want or got == pytest.approx(want), key
                assert fills.get(key) == fill_hex(c), key
                compared += 1
    assert compared > 500


@pytest.mark.parametrize("content", [b"not a zip", "zip"])
def test_not_a_workbook_is_refused_cleanly(tmp_path, content):
    import zipfile as zf

    path = tmp_path / "rotto.xlsm"
    if content == "zip":
        with zf.ZipFile(path, "w") as z:
            z.writestr("a.txt", "x")
    else:
        path.write_bytes(content)
    before = path.read_bytes()
    for cmd in ("score", "check", "refresh"):
        proc = xlperf(cmd, str(path))
        assert proc.returncode == 2, (cmd, proc.stderr)
        assert "non è una cartella di lavoro Excel valida" in proc.stderr + proc.stdout
        assert "Traceback" not in proc.stderr and "INTERNO" not in proc.stderr
    assert path.read_bytes() == before and not (tmp_path / "rotto.xlsm.bak").exists()


@pytest.mark.skipif(not FIXTURE.exists(), reason="fixture shared/fixtures/excel-saved assente")
def test_package_writer_keeps_what_excel_wrote(tmp_path, soffice):
    """Rewriting a sheet of a file saved by Excel keeps its form controls (<controls>, ctrlProps,
    drawing shapes), its VML buttons and its VBA; LibreOffice still shows both buttons bound."""
    import re

    from conftest import run_soffice

    from xlperf.package import sheet_parts
    from xlperf.sheet_content import Chart, SheetContent
    from xlperf.writers.package_writer import rewrite_package

    layout = SheetContent("Fibonacci", widths={0: 20})
    layout.put(0, 0, "riscritto da xlperf")
    layout.put(1, 0, 0.5)
    layout.put(1, 1, 0.75)
    layout.charts.append(Chart("prova", "bar", "A2:A2", "B2:B2", "D4"))
    out = tmp_path / "fib.xlsm"
    assert rewrite_package(FIXTURE, out, [layout]).written
    with zipfile.ZipFile(FIXTURE) as a, zipfile.ZipFile(out) as b:
        for name in a.namelist():
            if name.startswith(("xl/ctrlProps/", "xl/vbaProject.bin", "xl/drawings/vml", "xl/printerSettings")):
                assert b.read(name) == a.read(name), name
        sheet = b.read(sheet_parts(b)["Fibonacci"]).decode()
        assert "<controls>" in sheet and "<legacyDrawing" in sheet and 'codeName="Sheet1"' in sheet
        drawing = b.read("xl/drawings/drawing1.xml").decode()
        assert drawing.count("FibonacciLite") + drawing.count("Button") >= 1 and "c:chart" in drawing
    wb = openpyxl.load_workbook(out, keep_vba=True)
    assert wb["Fibonacci"]["A1"].value == "riscritto da xlperf" and len(wb["Fibonacci"]._charts) == 1
    proc = run_soffice(soffice, ["--convert-to", "ods", "--outdir", str(tmp_path / "ods"), str(out)], tmp_path)
    assert proc.returncode == 0, proc.stderr
    content = zipfile.ZipFile(tmp_path / "ods" / "fib.ods").read("content.xml").decode()
    assert len(re.findall(r"<form:button\b", content)) == 2
    assert "FibonacciLite" in content and "FibonacciStandalone" in content


def test_refresh_touches_only_the_owned_parts(refreshed, demo_xlsm):
    """The package writer was used: every part but the owned sheets, styles, charts and content
    types is byte-identical (openpyxl would have rewritten them all)."""
    from xlperf.package import sheet_parts

    path, _, _ = refreshed
    with zipfile.ZipFile(demo_xlsm) as a, zipfile.ZipFile(path) as b:
        owned = {sheet_parts(a)[n] for n in L.OWNED_SHEETS}
        changed = {n for n in a.namelist() if n in b.namelist() and a.read(n) != b.read(n)}
        assert changed <= owned | {"xl/styles.xml", "[Content_Types].xml"} | {
            f"xl/worksheets/_rels/{p.split('/')[-1]}.rels" for p in owned
        }
        assert "xl/sharedStrings.xml" not in changed and "xl/workbook.xml" not in changed


def test_package_writer_after_an_openpyxl_refresh(demo_xlsm, tmp_path):
    """A file last refreshed by the openpyxl fallback: its charts are replaced, none left orphaned."""
    import re

    from xlperf.aggregate import score_plan
    from xlperf.readers.workbook import read_workbook
    from xlperf.summary import build_layouts
    from xlperf.writers import package_writer
    from xlperf.writers.openpyxl_writer import write_layouts

    plan, problems = read_workbook(demo_xlsm)
    layouts = build_layouts(plan, score_plan(plan), problems)
    wb = openpyxl.load_workbook(demo_xlsm, keep_vba=True)
    write_layouts(wb, layouts)
    first = tmp_path / "openpyxl.xlsm"
    wb.save(first)
    out = tmp_path / "package.xlsm"
    outcome = package_writer.rewrite_package(first, out, layouts)
    assert outcome.written, outcome.reason
    with zipfile.ZipFile(out) as z:
        charts = sorted(n for n in z.namelist() if n.startswith("xl/charts/"))
        declared = sorted(
            p.lstrip("/") for p in re.findall(r'PartName="(/xl/charts/[^"]+)"', z.read("[Content_Types].xml").decode())
        )
    assert charts == declared and len(charts) == 2
    assert sorted(type(c).__name__ for c in openpyxl.load_workbook(out)[L.CRUSCOTTO]._charts) == [
        "BarChart",
        "LineChart",
    ]


@pytest.mark.parametrize(
    "name, message",
    [
        ("copia.xlsx", "un file .xlsx non può contenere le macro"),
        ("copia.pdf", "deve avere estensione .xlsm"),
        ("copia", "deve avere estensione .xlsm"),
    ],
)
def test_out_extension_must_match_the_content(demo_xlsm, tmp_path, name, message):
    before = demo_xlsm.read_bytes()
    proc = xlperf("refresh", str(demo_xlsm), "--out", str(tmp_path / name))
    assert proc.returncode == 2 and message in proc.stderr, proc.stderr
    assert not (tmp_path / name).exists() and not list(tmp_path.iterdir())
    assert demo_xlsm.read_bytes() == before


@pytest.mark.skipif(not FIXTURE.exists(), reason="fixture shared/fixtures/excel-saved assente")
def test_excel_saved_xlperf_workbook_keeps_everything(demo_xlsm, tmp_path):
    """Form controls, their shapes, printer settings and a user's text box survive the refresh:
    every part of the input sheets byte for byte, the owned sheet's <controls> and printer r:id."""
    from excel_saved import excel_saved

    from xlperf.package import inventory, sheet_parts

    saved = excel_saved(demo_xlsm, tmp_path / "salvato.xlsm")
    out = tmp_path / "aggiornato.xlsm"
    proc = xlperf("refresh", str(saved), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    with zipfile.ZipFile(saved) as a, zipfile.ZipFile(out) as b:
        owned = {sheet_parts(a)[n] for n in L.OWNED_SHEETS}
        for name in a.namelist():
            if (
                name.startswith(
                    (
                        "xl/ctrlProps/",
                        "xl/printerSettings/",
                        "xl/drawings/drawing9",
                        "xl/vbaProject.bin",
                        "xl/drawings/vml",
                        "xl/worksheets/sheet",
                    )
                )
                and name not in owned
            ):
                assert b.read(name) == a.read(name), name
        riepilogo = b.read(sheet_parts(b)[L.RIEPILOGO]).decode()
        assert (
            riepilogo.count("<control ") == 2
            and 'r:id="rIdX1"' in riepilogo
            and 'macro="[0]!AggiornaRiepilogo"' in riepilogo
        )
        assert "Nota della dirigente" in b.read("xl/drawings/drawing91.xml").decode()
    before, after = inventory(saved, L.OWNED_SHEETS), inventory(out, L.OWNED_SHEETS)
    for key in ("controls", "printer", "shapes", "buttons", "vba"):
        assert after[key] == before[key], key


@pytest.mark.skipif(not FIXTURE.exists(), reason="fixture shared/fixtures/excel-saved assente")
def test_openpyxl_fallback_refuses_rather_than_drop_what_excel_wrote(demo_xlsm, tmp_path, monkeypatch):
    """Where the package writer does not apply, openpyxl would drop <controls>, ctrlProps, the
    drawing shapes and printer settings: the refresh refuses, says what, and writes nothing."""
    from excel_saved import excel_saved

    from xlperf import refresh
    from xlperf.writers import package_writer

    saved = excel_saved(demo_xlsm, tmp_path / "salvato.xlsm")
    before = saved.read_bytes()
    monkeypatch.setattr(refresh, "rewrite_package", lambda *a, **k: package_writer.Outcome(False, "prova"))
    with pytest.raises(RefreshError) as err:
        refresh.refresh_file(saved)
    message = str(err.value)
    assert "i controlli modulo salvati da Excel" in message and "le impostazioni della stampante" in message
    assert "le forme e le caselle di testo" in message and "file non modificato" in message
    assert saved.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["salvato.xlsm"]
