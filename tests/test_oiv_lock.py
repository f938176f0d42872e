"""The OIV lock covers what the OIV validated (issue 21.3): targets, weights, operators, consuntivi,
the tree, thresholds and period are recorded by `valida`; every later change is reported at its cell
with the validated and the current value (check, Controlli), `check` fails unless told the change is
intended, and a report made from such a workbook says so on page 1."""

import datetime as dt
import subprocess
import sys

import openpyxl
import pytest

from xlperf import layout as L
from xlperf.oiv_lock import CHANGED, parse, record
from xlperf.readers.workbook import read_workbook
from xlperf.validation import lock_problems, lock_text


def xlperf(*args):
    return subprocess.run([sys.executable, "-m", "xlperf.cli", *args], capture_output=True, text=True)


def _set(wb, place, value):
    sheet, cell = place.split("!")
    wb[sheet][cell].value = value


@pytest.fixture()
def locked(demo_xlsm, tmp_path):
    """The demo with the validation recorded as `valida` records it (without the PDFs)."""
    work = tmp_path / "PIAO_2025.xlsm"
    plan, _ = read_workbook(demo_xlsm)
    wb = openpyxl.load_workbook(demo_xlsm, keep_vba=True)
    text = record(lock_text(plan), plan, today=dt.date(2026, 4, 30))
    assert len(text) < 32_767 and parse(text)[3]  # the snapshot fits in one cell
    _set(wb, L.config_cell("XP_Validato"), text)
    wb.save(work)
    return work, plan


def test_an_unchanged_workbook_has_no_finding(locked):
    work, _ = locked
    plan, _ = read_workbook(work)
    assert lock_problems(plan) == [] and plan.changed_after_validation == ""
    assert xlperf("check", str(work)).returncode == 0


def test_every_changed_cell_is_named_with_validated_and_current_value(locked):
    work, plan = locked
    ind = next(i for i in plan.indicators if isinstance(i.actual, float) and i.unit == "N." and i.weight < 100)
    moved = plan.objectives[0]
    other_strategic = next(s.code for s in plan.strategic if s.code != moved.strategic)
    albero_row = "".join(ch for ch in moved.source.split("!")[1] if ch.isdigit())
    wb = openpyxl.load_workbook(work, keep_vba=True)
    edits = {
        L.config_cell("XP_SogliaRaggiunto"): 0.95,  # grado changes
        f"{L.ALBERO}!{L.albero_col('strategic_code')}{albero_row}": other_strategic,  # objective moved in the tree
        ind.place("actual"): ind.actual + 7,
        ind.place("target"): 999,
        ind.place("weight_pct"): ind.weight + 1,
        ind.place("operator"): "<=",
    }
    for place, value in edits.items():
        _set(wb, place, value)
    wb.save(work)
    now, problems = read_workbook(work)
    from xlperf.validate import validate

    found = {p.place: p.message for p in validate(now) + problems if CHANGED in p.message}
    assert set(edits) <= set(found), set(edits) - set(found)
    assert "validato «80,00 %», ora «95,00 %»" in found[L.config_cell("XP_SogliaRaggiunto")]
    assert (
        f"validato «{moved.strategic}», ora «{other_strategic}»"
        in found[f"{L.ALBERO}!{L.albero_col('strategic_code')}{albero_row}"]
    )
    assert "ora «999 N.»" in found[ind.place("target")] and "ora «<=»" in found[ind.place("operator")]
    assert all("del 30-04-2026" in m for m in found.values())
    assert now.changed_after_validation.startswith("Dati modificati dopo la validazione dell'OIV del 30-04-2026")

    proc = xlperf("check", str(work))
    assert proc.returncode == 2 and "--modifiche-volute" in proc.stdout, proc.stdout
    assert all(place in proc.stdout for place in edits)
    assert xlperf("check", str(work), "--modifiche-volute").returncode == 0

    html = work.with_suffix(".html")
    assert xlperf("report", str(work), "--html", str(html)).returncode == 0
    assert "Dati modificati dopo la validazione dell&#x27;OIV del 30-04-2026" in html.read_text("utf-8")

    assert xlperf("refresh", str(work), "--silenzioso").returncode == 0
    controlli = [[c.value for c in r] for r in openpyxl.load_workbook(work)[L.CONTROLLI].iter_rows(min_row=5)]
    listed = {r[1] for r in controlli if r[2] and CHANGED in str(r[2])}
    assert set(edits) <= listed


def test_a_record_of_an_older_version_still_flags_a_change(demo_xlsm, tmp_path):
    plan, _ = read_workbook(demo_xlsm)
    plan.validated = lock_text(plan)
    assert lock_problems(plan) == []
    plan.indicators[0].target = 12345.0
    (only,) = lock_problems(plan)
    assert only.place == L.config_cell("XP_Validato") and CHANGED in only.message
