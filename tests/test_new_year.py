"""A clean new year (`xlperf new --anno 2026 --da PIAO_2025.xlsm`): «Entro» deadlines and the year in
indicator codes, names and descriptions move to 2026, every change listed; `check` warns about a
deadline outside the plan's year; an area copy is not a starting point."""

import datetime as dt
import re
import subprocess
import sys

import openpyxl
import pytest

from xlperf.literals import Operator, format_value
from xlperf.readers.workbook import read_workbook
from xlperf.scoring import score_indicator


def xlperf(*args):
    return subprocess.run([sys.executable, "-m", "xlperf.cli", *args], capture_output=True, text=True)


@pytest.fixture(scope="module")
def rolled(demo_xlsm, tmp_path_factory):
    out = tmp_path_factory.mktemp("anno") / "PIAO_2026.xlsm"
    proc = xlperf("new", "--anno", "2026", "--da", str(demo_xlsm), str(out))
    assert proc.returncode == 0, proc.stderr
    old, _ = read_workbook(demo_xlsm)
    new, problems = read_workbook(out)
    return old, new, problems, proc.stdout


def test_no_2025_deadline_is_left_and_each_move_is_listed(rolled):
    old, new, _, stdout = rolled
    deadlines = [(o, n) for o, n in zip(old.indicators, new.indicators, strict=True) if o.operator is Operator.DEADLINE]
    assert len(deadlines) == 34  # the demo's «Entro» indicators
    for o, n in deadlines:
        assert n.target == o.target.replace(year=o.target.year + 1), o.place("target")
        line = f"{o.place('target')}: scadenza «{format_value(o.target)}» → «{format_value(n.target)}»"
        assert line in stdout, line
        # the same punctuality a year later scores the same
        late_or_not = o.actual.replace(year=o.actual.year + 1) if isinstance(o.actual, dt.date) else o.actual
        assert score_indicator(n.operator, n.target, late_or_not) == score_indicator(o.operator, o.target, o.actual)
    assert not [i for i in new.indicators if isinstance(i.target, dt.date) and i.target.year != 2026]
    assert "34 scadenze «Entro»" in stdout


def test_the_year_in_codes_names_and_descriptions_moves_other_years_stay(rolled):
    old, new, _, stdout = rolled
    year = re.compile(r"(?<!\d)2025(?!\d)")
    for o, n in zip(old.indicators, new.indicators, strict=True):
        for field in ("code", "name", "description"):
            # a triennio «2025-2027» moves at both ends (issue 21.8), a lone 2025 becomes 2026
            expected = year.sub("2026", re.sub(r"(?<!\d)2025(\s*-\s*)2027(?!\d)", r"2026\g<1>2028", getattr(o, field)))
            assert getattr(n, field) == expected, (o.place("indicator_code"), field)
            assert not year.search(getattr(n, field))
        # «bandi 2023 e 2024»: past facts keep their years
        for other in re.findall(r"(?<!\d)20(?:1\d|2[0-4])(?!\d)", o.description):
            assert other in n.description
    renamed = sum(o.code != n.code for o, n in zip(old.indicators, new.indicators, strict=True))
    assert renamed > 300 and f"{old.indicators[0].place('indicator_name')}: nome «" in stdout


def test_the_new_year_checks_clean_and_a_stray_deadline_is_flagged(rolled, demo_xlsm, tmp_path):
    _, new, problems, _ = rolled
    assert new.anno == 2026 and not [p for p in problems if "scadenza" in p.message]
    # a deadline of another year typed into the 2025 plan is flagged at its cell
    plan, _ = read_workbook(demo_xlsm)
    ind = next(i for i in plan.indicators if i.operator is Operator.DEADLINE)
    sheet, cell = ind.place("target").split("!")
    work = tmp_path / "PIAO_2025.xlsm"
    wb = openpyxl.load_workbook(demo_xlsm, keep_vba=True)
    wb[sheet][cell] = dt.datetime(2024, 3, 31)
    wb.save(work)
    proc = xlperf("check", str(work))
    assert proc.returncode == 0, proc.stderr
    flagged = [ln for ln in proc.stdout.splitlines() if "31-03-2024" in ln]
    assert flagged and f"{sheet}!{cell}" in flagged[0] and "non è nell'anno del piano (2025)" in flagged[0]


def test_an_area_copy_is_not_a_starting_point(demo_xlsm, tmp_path):
    assert xlperf("distribuisci", str(demo_xlsm), "--out", str(tmp_path / "aree")).returncode == 0
    area = next((tmp_path / "aree").glob("*Area 2*"))
    out = tmp_path / "PIAO_2026.xlsm"
    proc = xlperf("new", "--anno", "2026", "--da", str(area), str(out))
    assert proc.returncode == 2 and "copia dell'area" in proc.stderr and "file principale" in proc.stderr
    assert not out.exists()
