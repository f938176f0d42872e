"""A target and a consuntivo as the PIAO writes them: read (``">=350 N."``, ``"Entro 31-03-2025"``,
``"SI"``, a native cell value, with the optional operator and unit columns) and written back
(:func:`format_target`, as the Relazione and the OIV pack print it).

The words, numbers and dates inside them are :mod:`xlperf.literals`'; like it, this module uses the
standard library only (the Calc extension packs both, ``xlperf estensione``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Protocol

from .literals import (
    FALSE_WORDS,
    TRUE_WORDS,
    LiteralError,
    Operator,
    Value,
    clean_text,
    excel_error,
    format_time,
    format_value,
    from_excel_serial,
    is_not_available,
    looks_like_date,
    parse_bool,
    parse_date,
    parse_number,
    parse_operator,
    parse_unit,
)

_LEADING_OP = re.compile(r"^(>=|=>|<=|=<|≥|≤|==|>|<|=)\s*")
_ENTRO = re.compile(r"^entro(?:\s+il)?\s*", re.IGNORECASE)
_NUMBER_THEN_UNIT = re.compile(r"^(?P<num>[+\-]?\s*[\d][\d.,'\u00a0\u202f ]*)\s*(?P<unit>%|[A-Za-z€][A-Za-z€.]*)?$")
_UNIT_THEN_NUMBER = re.compile(r"^(?P<unit>€|EUR)\s*(?P<num>[+\-]?[\d][\d.,'\u00a0\u202f ]*)$", re.IGNORECASE)


def _split_value_unit(raw: str) -> tuple[float, str]:
    m = _NUMBER_THEN_UNIT.match(raw) or _UNIT_THEN_NUMBER.match(raw)
    if not m:
        raise LiteralError(f"«{raw}» non è un valore leggibile: scrivere ad esempio >=350 N. oppure 3,19 gg")
    num = m.group("num").replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    unit = m.group("unit") or ""
    if unit == "%":
        return parse_number(num + "%"), "%"
    return parse_number(num), parse_unit(unit)


@dataclass(frozen=True)
class Target:
    """A parsed target: operator, value (float, date or bool) and unit."""

    operator: Operator
    value: float | dt.date | bool | None
    unit: str = ""


def parse_value(value: object) -> tuple[Value, str]:
    """One cell or literal -> (value, unit). Raises LiteralError; N/D is the caller's business."""
    if isinstance(value, bool):
        return value, ""
    if isinstance(value, (int, float)):
        return parse_number(value), ""
    if isinstance(value, (dt.date, dt.datetime)):
        return parse_date(value), ""
    raw = clean_text(str(value))
    if looks_like_date(raw):
        return parse_date(raw), ""
    upper = raw.upper().rstrip(".")
    if upper in TRUE_WORDS - {"1", "S", "X"} or upper in FALSE_WORDS - {"0", "N"}:
        return parse_bool(raw), ""
    return _split_value_unit(raw)


def parse_target(target: object, operator: object = None, unit: object = None) -> Target:
    """A target cell/literal plus the optional operator and unit columns -> Target.

    The operator may be carried by the target (``">=350 N."``, ``"Entro 31-03-2025"``); when both
    are given they must agree. Without any operator a date means *Entro*, SI/NO means SI/NO and a
    number means ``=``.
    """
    for what, value in (("target", target), ("operatore", operator), ("unità", unit)):
        if excel_error(value):
            raise LiteralError(f"{what}: la cella contiene l'errore di Excel {excel_error(value)}")
    op = parse_operator(operator)
    if is_not_available(target):
        raise LiteralError("target mancante: scrivere il valore atteso, ad esempio >=350 N.")
    carried: Operator | None = None
    if isinstance(target, str):
        raw = clean_text(target)
        m = _ENTRO.match(raw)
        if m:
            carried, raw = Operator.DEADLINE, raw[m.end() :]
        else:
            m = _LEADING_OP.match(raw)
            if m:
                carried, raw = parse_operator(m.group(1)), raw[m.end() :]
        if not raw:
            raise LiteralError(f"target «{target}» senza valore dopo l'operatore")
        value, carried_unit = parse_value(raw)
    else:
        value, carried_unit = parse_value(target)
    if op is not None and carried is not None and op != carried:
        raise LiteralError(f"l'operatore «{op.value}» non concorda con quello scritto nel target «{target}»")
    op = op or carried
    if op is None:
        if isinstance(value, dt.date):
            op = Operator.DEADLINE
        elif isinstance(value, bool):
            op = Operator.BOOL
        else:
            op = Operator.EQ
    if op is Operator.DEADLINE and isinstance(value, float) and not isinstance(target, str):
        value = from_excel_serial(value)  # a date cell seen as its serial number (formula engines)
    if op is Operator.DEADLINE and not isinstance(value, dt.date):
        raise LiteralError(f"con l'operatore Entro il target deve essere una data (gg-mm-aaaa), non «{target}»")
    if op is Operator.BOOL:
        value = True if not isinstance(value, bool) else value
    elif op is not Operator.DEADLINE and not isinstance(value, float):
        raise LiteralError(f"con l'operatore «{op.value}» il target deve essere un numero, non «{target}»")
    return Target(op, value, parse_unit(unit) if unit not in (None, "") else carried_unit)


def parse_actual(actual: object, operator: Operator) -> Value | None:
    """A consuntivo for the given operator; None when not available (N/D, empty)."""
    if excel_error(actual):
        raise LiteralError(f"la cella contiene l'errore di Excel {excel_error(actual)}")
    if is_not_available(actual):
        return None
    if operator is Operator.BOOL:
        return parse_bool(actual)
    if operator is Operator.DEADLINE:
        if isinstance(actual, dt.time) or (
            isinstance(actual, (int, float)) and not isinstance(actual, bool) and 0 <= actual < 1
        ):
            shown = actual.strftime("%H:%M") if isinstance(actual, dt.time) else format_time(float(actual))
            raise LiteralError(
                f"consuntivo «{shown}» è un orario, non una data: scrivere la data di completamento (gg/mm/aaaa)"
            )
        if isinstance(actual, (int, float)) and not isinstance(actual, bool):
            return from_excel_serial(float(actual))
        if not looks_like_date(actual):
            raise LiteralError(
                f"consuntivo «{actual}» non è una data: per un target Entro scrivere la data di completamento "
                "(gg-mm-aaaa)"
            )
        return parse_date(actual)
    if isinstance(actual, str) and looks_like_date(actual) or isinstance(actual, (dt.date, dt.datetime)):
        # never its serial number (31/12/2025 would score as 46 022): see copy_reading.py
        shown = format_value(parse_date(actual)) if isinstance(actual, (dt.date, dt.datetime)) else actual
        raise LiteralError(
            f"consuntivo «{shown}» è una data ma il target è numerico: una data non si valuta come numero"
        )
    if isinstance(actual, bool):
        raise LiteralError(f"consuntivo «{actual}» è un valore logico ma il target è numerico")
    if isinstance(actual, str):
        raw = clean_text(actual)
        m = _LEADING_OP.match(raw)  # "<3 gg" typed as consuntivo: keep the number
        if m:
            raw = raw[m.end() :]
        return _split_value_unit(raw)[0]
    return parse_number(actual)


class TargetOf(Protocol):
    """What :func:`format_target` reads of an indicator (xlperf.model.Indicator has it)."""

    @property
    def target(self) -> Value | None: ...

    @property
    def operator(self) -> Operator: ...

    @property
    def unit(self) -> str: ...


def format_target(ind: TargetOf) -> str:
    """An indicator's target as the Relazione prints it: «>= 350 N.», «Entro 31-03-2025», «SI», «N/D»."""
    if ind.target is None:
        return "N/D"
    if ind.operator is Operator.DEADLINE:
        return f"Entro {format_value(ind.target, '')}"
    if ind.operator is Operator.BOOL:
        return "SI"
    sign = "" if ind.operator is Operator.EQ else f"{ind.operator.value} "
    return sign + format_value(ind.target, ind.unit)
