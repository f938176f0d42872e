import datetime as dt

import pytest

from xlperf.literals import LiteralError, Operator, format_percent, parse_number
from xlperf.target_literals import parse_actual, parse_target, parse_value


@pytest.mark.parametrize(
    "text, op, value, unit",
    [
        (">=350 N.", Operator.GE, 350.0, "N."),
        (">= 9.950.000,00 €", Operator.GE, 9_950_000.0, "€"),
        ("<=1,40 fte", Operator.LE, 1.4, "fte"),
        ("<=-20 gg", Operator.LE, -20.0, "gg"),
        ("5h", Operator.EQ, 5.0, "h"),
        ("3,19gg", Operator.EQ, 3.19, "gg"),
        ("100,00 %", Operator.EQ, 1.0, "%"),
        ("1 N.", Operator.EQ, 1.0, "N."),
        ("Entro 31-03-2025", Operator.DEADLINE, dt.date(2025, 3, 31), ""),
        ("entro il 31/03/2025", Operator.DEADLINE, dt.date(2025, 3, 31), ""),
        ("≥ 80,00 %", Operator.GE, 0.8, "%"),
        ("SI", Operator.BOOL, True, ""),
        ("< 15 giorni", Operator.LT, 15.0, "gg"),
        ("−22,01", Operator.EQ, -22.01, ""),
    ],
)
def test_target_literals_from_the_seed(text, op, value, unit):
    t = parse_target(text)
    assert (t.operator, t.value, t.unit) == (op, value, unit)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1.003", 1003.0),
        ("9.950.000,00", 9_950_000.0),
        ("37.37", 37.37),
        ("0.500", 0.5),
        ("3,19", 3.19),
        ("-22,01", -22.01),
        ("1,234.5", 1234.5),
        ("97,34%", 0.9734),
        ("1 234,5", 1234.5),
    ],
)
def test_numbers_italian_and_plain(text, expected):
    assert parse_number(text) == pytest.approx(expected)


def test_native_cell_values_pass_through():
    assert parse_target(350, ">=").value == 350.0
    assert parse_target(dt.datetime(2025, 3, 31)).operator is Operator.DEADLINE
    assert parse_value(True) == (True, "")


def test_operator_column_and_target_sign_must_agree():
    assert parse_target("350", ">=").operator is Operator.GE
    assert parse_target(">=350", ">=").operator is Operator.GE
    with pytest.raises(LiteralError, match="non concorda"):
        parse_target(">=350", "<=")


@pytest.mark.parametrize("bad", ["abc", "1,2,3", ">=", "Entro 31-02-2025", "12.34.5", "", None, "N/D"])
def test_bad_targets_raise_italian_messages(bad):
    with pytest.raises(LiteralError) as err:
        parse_target(bad)
    message = str(err.value)
    assert ("«" in message and "»" in message) or "mancante" in message  # quotes what was typed


def test_unknown_operator():
    with pytest.raises(LiteralError, match="operatore «~» non riconosciuto"):
        parse_target("3", "~")


def test_actuals():
    assert parse_actual("N/D", Operator.GE) is None
    assert parse_actual("", Operator.GE) is None
    for error in ("#N/D", "#N/A", "#DIV/0!", "#VALORE!"):  # Excel's errors are reported, never N/D
        with pytest.raises(LiteralError, match="errore di Excel"):
            parse_actual(error, Operator.GE)
    assert parse_actual("349 N.", Operator.GE) == 349.0
    assert parse_actual("09-04-2025", Operator.DEADLINE) == dt.date(2025, 4, 9)
    assert parse_actual("VERO", Operator.BOOL) is True
    assert parse_actual(0, Operator.BOOL) is False
    with pytest.raises(LiteralError):
        parse_actual("09-04-2025", Operator.GE)
    with pytest.raises(LiteralError):
        parse_actual("349", Operator.DEADLINE)
    with pytest.raises(LiteralError):
        parse_actual("forse", Operator.BOOL)


def test_format_percent_italian():
    assert format_percent(0.9734) == "97,34 %"
    assert format_percent(12.5) == "1.250,00 %"
    assert format_percent(None) == "N/D"
