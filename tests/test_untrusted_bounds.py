"""Untrusted area files can't exhaust the machine (issue 21.5): crafted packages (under 1 MB) are
refused or read within 10 s and 500 MB, with an Italian message naming the file; `raccogli` reads
them before taking the master's lock."""

import os
import re
import shutil
import subprocess
import sys
import time
import zipfile

import pytest

from xlperf.package import sheet_parts

LIMIT_S, LIMIT_MB = 10, 500


def _rewrite(src, dst, change):
    """A copy of the package with some members changed: change(name, data) -> data."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item, change(item.filename, zin.read(item.filename)))
    assert dst.stat().st_size < 2**20
    return dst


def _area_part(path):
    with zipfile.ZipFile(path) as zf:
        return [p for n, p in sheet_parts(zf).items() if n.startswith("Area")][0]


def lying_dimension(src, dst):
    """A truthful-looking <dimension> and one cell at XFD1048576 (python-calamine aborted the process)."""
    part = _area_part(src)
    far = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
    return _rewrite(src, dst, lambda n, d: d.replace(b"</sheetData>", far, 1) if n == part else d)


def far_inside(src, dst):
    """One cell far inside the bounds, dimension saying so (6,4 GB peak before)."""
    part = _area_part(src)

    def change(n, d):
        if n != part:
            return d
        d = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:KL299999"/>', d, count=1)
        return d.replace(b"</sheetData>", b'<row r="299999"><c r="KL299999"><v>1</v></c></row></sheetData>', 1)

    return _rewrite(src, dst, change)


def _sheet_entry(workbook_xml: bytes, i: int) -> bytes:
    """A copy of the last <sheet/> entry as the writer spelled it (namespace prefix included)."""
    last = re.findall(rb"<sheet [^>]*/>", workbook_xml)[-1]
    last = re.sub(rb'name="[^"]*"', b'name="Copia %d"' % i, last)
    last = re.sub(rb'sheetId="[^"]*"', b'sheetId="%d"' % (100 + i), last)
    return re.sub(rb'(\w+:)?id="[^"]*"', lambda m: (m.group(1) or b"") + b'id="rIdX%d"' % i, last)


def shared_part(src, dst):
    """Three hundred sheet entries pointing at one part of 20 MB (the size guard counted it once)."""
    part = _area_part(src)
    target = part.removeprefix("xl/")

    def change(n, d):
        if n == "xl/workbook.xml":
            extra = b"".join(_sheet_entry(d, i) for i in range(300))
            return d.replace(b"</sheets>", extra + b"</sheets>", 1)
        if n == "xl/_rels/workbook.xml.rels":
            rels = b"".join(
                b'<Relationship Id="rIdX%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                b'relationships/worksheet" Target="%s"/>' % (i, target.encode())
                for i in range(300)
            )
            return d.replace(b"</Relationships>", rels + b"</Relationships>", 1)
        if n == part:  # 20 MB of white space compresses to almost nothing
            return d.replace(b"</sheetData>", b"</sheetData>" + b" " * (20 * 2**20), 1)
        return d

    return _rewrite(src, dst, change)


def empty_errors(src, dst, n=8000):
    """Thousands of empty error cells (a regex scan was quadratic: 8 000 cells, 40 s)."""
    part = _area_part(src)
    cells = b"".join(b'<row r="%d"><c r="Y%d" t="e"/></row>' % (r, r) for r in range(100, 100 + n))
    return _rewrite(
        src, dst, lambda name, d: d.replace(b"</sheetData>", cells + b"</sheetData>", 1) if name == part else d
    )


def run_bounded(*args, cwd):
    """The CLI in a child process: (exit code, stdout, stderr, seconds, peak resident MB of that
    child alone). An address-space cap keeps a runaway child from taking the machine down."""
    import resource

    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (4 * 2**30, 4 * 2**30))

    out, err = cwd / "out.txt", cwd / "err.txt"
    t0 = time.perf_counter()
    with open(out, "wb") as o, open(err, "wb") as e:
        proc = subprocess.Popen([sys.executable, "-m", "xlperf.cli", *args], stdout=o, stderr=e, preexec_fn=cap)
        _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, out.read_text("utf-8"), err.read_text("utf-8"), seconds, usage.ru_maxrss / 1024


@pytest.mark.parametrize("craft", [lying_dimension, far_inside, shared_part, empty_errors])
def test_a_crafted_area_file_is_refused_or_read_within_bounds(distributed, tmp_path, craft):
    master, files, _ = distributed
    area2 = next(f for f in files if "Area 2" in f.name)
    crafted = craft(area2, tmp_path / "Area 2 alterato.xlsx")
    work = shutil.copy(master, tmp_path / master.name)
    code, out, err, seconds, peak_mb = run_bounded("raccogli", str(work), str(crafted), cwd=tmp_path)
    print(f"{craft.__name__}: exit {code}, {seconds:.1f} s, {peak_mb:.0f} MB")
    assert code in (0, 2), (code, err)  # never a crash (SIGABRT = -6) nor an internal error (3)
    assert "Traceback" not in err and "ERRORE INTERNO" not in err
    assert seconds <= LIMIT_S and peak_mb <= LIMIT_MB, (seconds, peak_mb)
    if code == 2:
        assert crafted.name in out, out  # the message names the file
    said = {
        "far_inside": "ha una cella in KL299999, lontana dai dati",
        "shared_part": "più fogli del file puntano alla stessa parte",
    }.get(craft.__name__)
    if said:  # refused, and said why, at the file
        line = next((ln for ln in out.splitlines() if said in ln), "")
        assert code == 2 and crafted.name in line, out


def test_area_files_are_read_before_the_master_is_locked(distributed, tmp_path, monkeypatch):
    from xlperf import collect
    from xlperf.files import lock_path

    master, files, _ = distributed
    work = shutil.copy(master, tmp_path / master.name)
    locked_while_reading = []
    real = collect.load_sheets

    def spy(path):
        if path != work:
            locked_while_reading.append(lock_path(work).exists())
        return real(path)

    monkeypatch.setattr(collect, "load_sheets", spy)
    collect.collect_file(work, files[:2])
    assert locked_while_reading == [False, False]
