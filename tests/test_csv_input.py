import subprocess
import sys

import pytest

from xlperf.cli import main
from xlperf.readers.csv import read_csv_text
from xlperf.validate import validate

HEADER = "objective_code;indicator_code;indicator_name;weight_pct;operator;target;unit;actual\n"


def run(tmp_path, text, *args, encoding="utf-8"):
    path = tmp_path / "in.csv"
    path.write_bytes(text.encode(encoding))
    before = path.read_bytes()
    proc = subprocess.run(
        [sys.executable, "-m", "xlperf.cli", "score", str(path), *args], capture_output=True, text=True
    )
    assert path.read_bytes() == before
    assert "Traceback" not in proc.stderr
    return proc


def test_comma_separated_decimal_point_bom(tmp_path):
    text = (
        "\ufeffobjective_code,indicator_code,indicator_name,weight_pct,operator,target,unit,actual,extra\n"
        "01_01_OP01,x,X,100,,>=350 N.,,349,ignored\n"
    )
    proc = run(tmp_path, text, "--json")
    assert proc.returncode == 0, proc.stderr
    assert '"ente": 0.99714' in proc.stdout


def test_semicolon_decimal_comma_and_optional_columns(tmp_path):
    text = (
        "objective_code;indicator_code;indicator_name;weight_pct;operator;target;unit;actual;strategic_code;area_code;objective_name\n"
        "A1;;Primo;33,30;<=;1,60;fte;1,62;S1;Z;Nome\nA1;;Secondo;66,70;;Entro 31-03-2025;;31-03-2025;S1;Z;Nome\n"
    )
    proc = run(tmp_path, text)
    assert proc.returncode == 0, proc.stderr
    assert "Ambito Z" in proc.stdout and "S1" in proc.stdout and "Nome" in proc.stdout


def test_cp1252_file_is_read_with_a_warning(tmp_path):
    proc = run(tmp_path, HEADER + "01_01_OP01;;Attività;100;>=;1;N.;1\n", encoding="cp1252")
    assert proc.returncode == 0
    assert "UTF-8" in proc.stderr


@pytest.mark.parametrize(
    "row, where, words",
    [
        ("01_01_OP01;;A;100;~;1;N.;1\n", "riga 2, colonna operator", "operatore «~» non riconosciuto"),
        ("01_01_OP01;;A;100;>=;tanti;N.;1\n", "riga 2, colonna target", "«tanti»"),
        ("01_01_OP01;;A;100;>=;1;N.;boh\n", "riga 2, colonna actual", "«boh»"),
        ("01_01_OP01;;A;cento;>=;1;N.;1\n", "riga 2, colonna weight_pct", "peso non leggibile"),
        ("01_01_OP01;;A;-5;>=;1;N.;1\n", "riga 2, colonna weight_pct", "peso negativo"),
        (";;A;100;>=;1;N.;1\n", "riga 2, colonna objective_code", "codice obiettivo mancante"),
        ("01_01_OP01;;A;100;Entro;1;N.;1\n", "riga 2, colonna target", "Entro"),
    ],
)
def test_bad_rows_exit_2_with_row_and_italian_message(tmp_path, row, where, words):
    proc = run(tmp_path, HEADER + "01_01_OP02;;ok;100;>=;1;N.;1\n" + row.replace("riga 2", "riga 3"))
    assert proc.returncode == 2
    assert where.replace("riga 2", "riga 3") in proc.stderr
    assert words in proc.stderr


def test_missing_columns(tmp_path):
    proc = run(tmp_path, "objective_code;target\n01_01_OP01;1\n")
    assert proc.returncode == 2
    assert "riga 1" in proc.stderr and "colonne mancanti" in proc.stderr and "actual" in proc.stderr


def test_weights_not_100_warn_unless_strict(tmp_path):
    text = HEADER + "01_01_OP01;a;A;50;>=;1;N.;1\n01_01_OP01;a;B;40;>=;1;N.;1\n"
    proc = run(tmp_path, text)
    assert proc.returncode == 0
    assert "AVVISO riga 2" in proc.stderr and "sommano a 90,00" in proc.stderr
    assert "ripetuto 2 volte" in proc.stderr
    strict = run(tmp_path, text, "--strict")
    assert strict.returncode == 2 and "ERRORE riga 2" in strict.stderr


def test_empty_and_missing_file(tmp_path, capsys):
    proc = run(tmp_path, "")
    assert proc.returncode == 2 and "vuoto" in proc.stderr
    assert main(["score", str(tmp_path / "manca.csv")]) == 2
    assert "non esiste" in capsys.readouterr().err


def test_validation_of_tree_links():
    from xlperf.model import Objective

    plan, _ = read_csv_text(HEADER + "01_01_OP01;;A;100;>=;1;N.;1\n")
    plan.objectives.append(Objective(code="01_01_OP09", strategic="01_01", source="Albero!E9"))
    plan.indicators[0].objective = "01_01_OPXX"
    messages = [str(p) for p in validate(plan)]
    assert any("Albero!E9" in m and "non ha indicatori" in m for m in messages)
    assert any("01_01_OPXX" in m and "non esiste" in m for m in messages)
