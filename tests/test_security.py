"""Hostile or oversized input is refused with a clear Italian message; nothing is executed."""

import shutil
import time
import zipfile

import pytest
from test_malformed import assert_clean, run_cli


@pytest.mark.parametrize("suffix", [".xlsm", ".csv"])
def test_file_over_50_mb_is_refused(tmp_path, suffix):
    path = tmp_path / f"enorme{suffix}"
    with open(path, "wb") as fh:
        fh.truncate(51 * 1024 * 1024)
    for cmd in ("score", "check") + (("refresh",) if suffix == ".xlsm" else ()):
        code, out, err = run_cli(cmd, str(path))
        assert code == 2 and "troppo grande" in err + out, (cmd, err)
        assert_clean(code, out, err)


def test_zip_bomb_is_refused_before_parsing(demo_xlsm, tmp_path):
    path = tmp_path / "bomba.xlsm"
    shutil.copy(demo_xlsm, path)
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/media/zeri.bin", b"\0" * (120 * 1024 * 1024))
    assert path.stat().st_size < 2 * 1024 * 1024  # small on disk, 120 MB once inflated
    before = path.read_bytes()
    for cmd in ("score", "check", "refresh"):
        code, out, err = run_cli(cmd, str(path))
        assert code == 2 and "compresso sospetto" in err + out, (cmd, err)
    assert path.read_bytes() == before


BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10))
    + b"]>"
)


def test_xml_entity_bomb_is_not_expanded(demo_xlsm, tmp_path):
    path = tmp_path / "entita.xlsm"
    with zipfile.ZipFile(demo_xlsm) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/workbook.xml":
                data = BOMB + data.split(b"?>", 1)[1].replace(
                    b"<definedNames>", b'<definedNames><definedName name="bomba">&lol9;</definedName>', 1
                )
            dst.writestr(item, data)
    before = path.read_bytes()
    for cmd in ("score", "check", "refresh"):
        t0 = time.perf_counter()
        code, out, err = run_cli(cmd, str(path))
        assert time.perf_counter() - t0 < 30  # a billion laughs expanded would take far longer (or all memory)
        assert_clean(code, out, err)
    assert path.read_bytes() == before


def test_macros_and_formulas_in_input_are_never_executed(demo_xlsm, tmp_path):
    """A formula typed where a value belongs is read as its cached value (here none): not evaluated."""
    import openpyxl

    path = tmp_path / "formule.xlsm"
    shutil.copy(demo_xlsm, path)
    wb = openpyxl.load_workbook(path, keep_vba=True)
    from xlperf import layout as L

    actual = f"{L.entry_col('actual')}4"
    target = f"{L.entry_col('target')}5"
    wb["Area 2"][actual] = '=WEBSERVICE("http://127.0.0.1:9/x")'
    wb["Area 2"][target] = "=1+1"
    wb.save(path)
    code, out, err = run_cli("score", str(path), "--json")
    assert_clean(code, out, err)
    # what each cell reads as: a formula saved without its result, reported at the cell; never 2,
    # never a web request (an evaluating reader would have produced a number or a network error)
    assert code == 2
    assert f"Area 2!{actual}: Consuntivo: formula senza risultato salvato" in err
    assert f"Area 2!{target}: Target: formula senza risultato salvato" in err
    from xlperf.literals import UNCACHED
    from xlperf.readers.workbook import load_sheets

    sheets, _ = load_sheets(path)
    row, col = L.cell_ref(actual)
    assert sheets["Area 2"].value(row + 1, col) is UNCACHED
    row, col = L.cell_ref(target)
    assert sheets["Area 2"].value(row + 1, col) is UNCACHED
