"""Messages and facts of issue 21.8: a time in an Entro row, the Albero's unknown area at the area
cell, 95 (points) and 0,95 in a % row are one value for raccogli, approva's --sovrascrivi help."""

import datetime as dt
import subprocess
import sys

import pytest

from xlperf import layout as L
from xlperf.literals import LiteralError, Operator
from xlperf.readers.workbook import read_workbook
from xlperf.target_literals import parse_actual


@pytest.mark.parametrize(("value", "shown"), [(0.604167, "14:30"), (dt.time(9, 5), "09:05"), (0.5, "12:00")])
def test_a_time_in_an_entro_row_is_said_to_be_a_time(value, shown):
    with pytest.raises(LiteralError) as err:
        parse_actual(value, Operator.DEADLINE)
    assert str(err.value) == (
        f"consuntivo «{shown}» è un orario, non una data: scrivere la data di completamento (gg/mm/aaaa)"
    )
    assert "non è una data" not in str(err.value)


def test_an_unknown_area_is_reported_at_the_area_cell(demo_xlsm):
    from xlperf.validate import validate

    plan, _ = read_workbook(demo_xlsm)
    o = plan.objectives[3]
    o.area = "Area inesistente"
    found = [p for p in validate(plan) if "Area inesistente" in p.message]
    row = "".join(ch for ch in o.source.split("!")[1] if ch.isdigit())
    assert [p.place for p in found] == [f"{L.ALBERO}!{L.albero_col('area')}{row}"]
    assert o.source != found[0].place  # not the objective-code cell


def test_points_and_fraction_are_one_value_in_a_percent_row(demo_xlsm):
    from xlperf.merge import same_value

    plan, _ = read_workbook(demo_xlsm)
    ind = next(i for i in plan.indicators if i.unit == "%" and i.operator is Operator.GE)
    assert same_value(95, 0.95, ind) and same_value("95", 0.95, ind) and same_value("95 %", 0.95, ind)
    assert not same_value(96, 0.95, ind)
    other = next(i for i in plan.indicators if i.unit == "N.")
    assert not same_value(95, 0.95, other)


def test_approva_overwrite_help_speaks_of_the_approval():
    out = subprocess.run(
        [sys.executable, "-m", "xlperf.cli", "approva", "--help"], capture_output=True, text=True
    ).stdout
    assert "nuova approvazione" in " ".join(out.split())


@pytest.mark.parametrize(
    ("text", "moved"),
    [
        ("Attuazione del (PIAO) 2025-2027", "Attuazione del (PIAO) 2026-2028"),
        ("Piano 2023/2025 e bandi 2025", "Piano 2024/2026 e bandi 2026"),
        ("bandi 2023 e 2024, triennio 2022-2024", "bandi 2023 e 2024, triennio 2022-2024"),
        ("IND_2025_01", "IND_2026_01"),
        ("codice 120253", "codice 120253"),
    ],
)
def test_a_triennial_range_moves_at_both_ends_or_not_at_all(text, moved):
    from xlperf.rollover import shift_years

    assert shift_years(text, 2025, 2026) == moved


def test_new_da_writes_its_changes_for_review(demo_xlsm, tmp_path):
    import csv

    out = tmp_path / "PIAO_2026.xlsm"
    proc = subprocess.run(
        [sys.executable, "-m", "xlperf.cli", "new", "--anno", "2026", "--da", str(demo_xlsm), str(out)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    review = tmp_path / "PIAO_2026 - modifiche dal 2025.csv"
    assert str(review) in proc.stdout
    with open(review, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    assert rows[0] == ["Cella del file di partenza", "Che cosa", "Prima", "Dopo"]
    listed = int(proc.stdout.split("Portati al 2026 (")[1].split(" modifiche")[0])
    kept = int(proc.stdout.split("Lasciati come sono, da verificare (")[1].split(")")[0])
    assert len(rows) - 1 == listed + kept and any(r[1] == "scadenza" for r in rows[1:])


def test_new_da_keeps_last_years_na_as_na(demo_xlsm, tmp_path):
    import openpyxl

    old, _ = read_workbook(demo_xlsm)
    na = [i for i in old.indicators if i.declared_na]
    assert na
    out = tmp_path / "PIAO_2026.xlsm"
    cmd = [sys.executable, "-m", "xlperf.cli", "new", "--anno", "2026", "--da", str(demo_xlsm), str(out)]
    assert subprocess.run(cmd, capture_output=True, text=True).returncode == 0
    new, _ = read_workbook(out)
    wb = openpyxl.load_workbook(out)
    by_source = {i.source: i for i in new.indicators}
    for ind in na:
        sheet, cell = by_source[ind.source].place("baseline").split("!")
        assert wb[sheet][cell].value == "N/D" and by_source[ind.source].declared_na_baseline
        assert by_source[ind.source].actual is None and not by_source[ind.source].declared_na
