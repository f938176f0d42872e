"""One indicator row (from a CSV line or a worksheet row) -> Indicator, with Italian problems.

Both readers hand over the row as ``{field: raw value}`` plus ``{field: place}`` (``riga 12,
colonna target`` or ``Area 1!G5``); everything about literals and messages lives here once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ..literals import (
    MERGED,
    PERCENT_POINTS_ABOVE,
    UNCACHED,
    LiteralError,
    Operator,
    Value,
    excel_error,
    format_number,
    is_blank,
    is_not_available,
    parse_number,
    parse_operator,
    parse_unit,
)
from ..model import Indicator, Level, Problem
from ..target_literals import Target, parse_actual, parse_target

#: Field -> Italian column label, used in messages.
FIELD_LABELS = {
    "objective_code": "Codice obiettivo",
    "indicator_code": "Codice indicatore",
    "indicator_name": "Indicatore",
    "description": "Descrizione/formula",
    "weight_pct": "Peso",
    "operator": "Operatore",
    "target": "Target",
    "target_mid": "Target 30/06",
    "unit": "Unità",
    "baseline": "Consuntivo anno precedente",
    "actual_mid": "Monitoraggio 30/06",
    "actual": "Consuntivo",
    "note": "Note",
    "cause": "Causa dello scostamento",
    "action": "Azione correttiva",
    "evidence": "Evidenza (documento o link)",
    "approved_target": "Target approvato",
    "approved_weight": "Peso approvato",
    "approved_operator": "Operatore approvato",
    "approved_target_mid": "Target 30/06 approvato",
}


def text_of(value: object) -> str:
    """A cell as text: stripped, an integral float without its «.0», None as empty."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


FIXES = {
    "operator": "scegliere l'operatore dall'elenco (>=, <=, =, >, <, Entro, SI/NO)",
    "target": "scrivere il target come numero (es. 350 oppure 1.234,56), data (gg-mm-aaaa) o SI",
    "actual": "scrivere il consuntivo come numero, data o SI/NO, oppure N/D se non disponibile",
}

#: what to write in a consuntivo, by the kind of target
ACTUAL_FIXES = {
    Operator.DEADLINE: "scrivere la data di completamento (gg/mm/aaaa) oppure N/D se non disponibile",
    Operator.BOOL: "scrivere SI o NO, oppure N/D se non disponibile",
}
_NUMBER_FIX = (
    "scrivere il consuntivo come numero (es. 350; le percentuali con %, es. 96%), oppure N/D se non disponibile"
)
for _op in Operator:  # a numeric target: a number, never a date
    ACTUAL_FIXES.setdefault(_op, _NUMBER_FIX)


def as_fraction(raw: object, value: Value | None, warn: Callable[[str, str], None]) -> Value | None:
    """A value of a % indicator as a fraction, by one documented rule per case:

    * text with % («96 %», «96%»): already a fraction (0,96);
    * text without % («80,00», as the Relazione writes them): percentage points -> 0,80;
    * a number cell: a fraction, as Excel stores a % cell (0,96); above 10 (1 000 %) it can only be
      points typed in a General cell (96 -> 0,96): read so, with a warning.
    """
    if not isinstance(value, float) or isinstance(value, bool):
        return value
    if isinstance(raw, str):
        return value if raw.strip().endswith("%") else value / 100.0
    if abs(value) > PERCENT_POINTS_ABOVE:
        warn(
            f"{format_number(value)} in una cella numerica di un indicatore in %: letto come {format_number(value)} %",
            "formattare la cella come percentuale (96 %) o scrivere 0,96",
        )
        return value / 100.0
    return value


def parse_weight(raw: object) -> float:
    """Peso in percentage points: ``"33,30"`` and ``"33,30 %"`` both -> 33.3."""
    if isinstance(raw, str) and raw.strip().endswith("%"):
        return parse_number(raw) * 100.0
    return parse_number(raw)


def build_indicator(
    raw: Mapping[str, object], places: dict[str, str], source: str, problems: list[Problem]
) -> Indicator | None:
    """Parse one row; append problems; None when the row cannot be scored at all."""

    def error(field: str, message: str, fix: str) -> None:
        problems.append(Problem(level=Level.ERROR, place=places.get(field, source), message=message, fix=fix))

    if any(value is MERGED for value in raw.values()):
        return None  # the merge itself is reported once by the sheet reader
    unreadable = False
    for field, value in raw.items():  # a value we cannot trust is reported, never read as N/D
        label = FIELD_LABELS.get(field, field)
        if excel_error(value):
            error(
                field,
                f"{label}: la cella contiene l'errore di Excel {excel_error(value)}",
                "correggere la formula della cella o scriverne il valore (N/D se il dato non è disponibile)",
            )
            unreadable = True
        elif value is UNCACHED:
            error(
                field,
                f"{label}: formula senza risultato salvato (il file non è stato ricalcolato)",
                "aprire il file in Excel o LibreOffice e salvarlo, oppure scrivere il valore al posto della formula",
            )
            unreadable = True
    if unreadable:
        return None

    objective = text_of(raw.get("objective_code")).upper()
    if not objective:
        if all(is_blank(raw.get(f)) for f in ("target", "operator", "actual", "actual_mid")):
            # text typed below or beside the table («Totale pesi»): not an indicator, and said so
            text = next((text_of(v) for v in raw.values() if not is_blank(v)), "")
            problems.append(
                Problem(
                    level=Level.WARNING,
                    place=source,
                    message=f"riga senza codice obiettivo, target né consuntivo (contiene «{text[:40]}»): "
                    "non è letta come indicatore",
                    fix="spostare il testo fuori dalla tabella o nella colonna Note di un indicatore",
                )
            )
            return None
        error(
            "objective_code",
            "codice obiettivo mancante",
            "scrivere il codice dell'obiettivo operativo (es. 01_01_OS01)",
        )
        return None
    ok = True
    try:
        weight = parse_weight(raw.get("weight_pct"))
        if weight < 0:
            error("weight_pct", f"peso negativo ({text_of(raw.get('weight_pct'))})", "scrivere un peso tra 0 e 100")
            ok = False
    except LiteralError as exc:
        if is_not_available(raw.get("weight_pct")):
            error("weight_pct", "peso mancante", "scrivere il peso in punti percentuali (es. 33,30)")
        else:
            error("weight_pct", f"peso non leggibile: {exc}", "scrivere il peso in punti percentuali (es. 33,30)")
        ok = False
    if (
        is_not_available(raw.get("target"))
        and is_not_available(raw.get("actual"))
        and is_not_available(raw.get("actual_mid"))
    ):
        # an indicator not measured this year and without target (the seed has one): kept, not scored
        try:
            operator = parse_operator(raw.get("operator")) or Operator.EQ
        except LiteralError as exc:
            error("operator", str(exc), "scegliere l'operatore dall'elenco")
            return None
        problems.append(
            Problem(
                level=Level.WARNING,
                place=places.get("target", source),
                message="indicatore senza target e senza consuntivo: non valutato",
                fix="inserire il target se l'indicatore va misurato",
            )
        )
        target = Target(operator, None, parse_unit(raw.get("unit")))
        actual = actual_mid = baseline = None
    else:
        try:
            target = parse_target(raw.get("target"), raw.get("operator"), raw.get("unit"))
        except LiteralError as exc:
            field = "operator" if str(exc).startswith("operatore") else "target"
            error(field, str(exc), FIXES[field])
            return None
        actuals = {}
        for field in ("actual", "actual_mid", "baseline"):
            try:
                actuals[field] = parse_actual(raw.get(field), target.operator)
            except LiteralError as exc:
                error(
                    field,
                    f"consuntivo non valido: {exc}" if not str(exc).startswith("consuntivo") else str(exc),
                    ACTUAL_FIXES.get(target.operator, FIXES["actual"]),
                )
                return None
        actual, actual_mid, baseline = actuals["actual"], actuals["actual_mid"], actuals["baseline"]
    if not ok:
        return None

    def warn(field: str):
        return lambda message, fix: problems.append(
            Problem(level=Level.WARNING, place=places.get(field, source), message=message, fix=fix)
        )

    if target.unit == "%":  # the model keeps percentages as fractions, as Excel does
        target = Target(target.operator, as_fraction(raw.get("target"), target.value, warn("target")), target.unit)
        actual = as_fraction(raw.get("actual"), actual, warn("actual"))
        actual_mid = as_fraction(raw.get("actual_mid"), actual_mid, warn("actual_mid"))
        baseline = as_fraction(raw.get("baseline"), baseline, warn("baseline"))
        # the same row written two ways: a target in points (80,00) and a consuntivo as a fraction
        # typed as text (0,96 or 0.96) reads 0,96 % against 80 %: scored by the rule, but said
        for field, value in (("actual", actual), ("actual_mid", actual_mid)):
            typed = raw.get(field)
            if (
                isinstance(value, float)
                and isinstance(target.value, float)
                and isinstance(typed, str)
                and not typed.strip().endswith("%")
                and 0 < value * 100 <= 1.5
                and target.value >= 0.05
            ):
                warn(field)(
                    f"«{typed.strip()}» è letto come {format_number(value * 100)} % (i valori senza % sono "
                    f"punti percentuali), molto lontano dal target {format_number(target.value * 100)} %",
                    f"se intendeva {format_number(value * 10000)} % scrivere {format_number(value * 10000)} oppure "
                    f"{format_number(value * 10000)}%",
                )
    else:
        for field in ("target", "actual", "actual_mid", "baseline"):
            typed = raw.get(field)
            if isinstance(typed, str) and typed.strip().endswith("%") and typed.strip() != "%":
                warn(field)(
                    f"«{typed.strip()}» ha il segno % ma l'indicatore è in «{target.unit or 'nessuna unità'}»: "
                    "letto come frazione (96% = 0,96)",
                    "togliere il segno % oppure indicare l'unità %",
                )
    if (
        is_blank(raw.get("operator"))
        and target.operator is Operator.EQ
        and not (isinstance(raw.get("target"), str) and str(raw.get("target")).lstrip().startswith("="))
    ):
        warn("operator")(
            "operatore mancante: l'indicatore è valutato con «=» (si perde lo scostamento in più e in meno)",
            "scegliere l'operatore: >= se il target è un minimo, <= se è un massimo, = se esatto",
        )
    approved_target, approved_weight, approved_operator = _approved(raw, target.unit, warn("approved_target"))
    target_mid = _target_mid(raw, target, places.get("target_mid", source), problems)
    return Indicator(
        objective=objective,
        code=text_of(raw.get("indicator_code")),
        name=text_of(raw.get("indicator_name")),
        description=text_of(raw.get("description")),
        weight=weight,
        operator=target.operator,
        target=target.value,
        target_mid=target_mid,
        unit=target.unit,
        actual=actual,
        declared_na=actual is None and not is_blank(raw.get("actual")),
        declared_na_mid=actual_mid is None and not is_blank(raw.get("actual_mid")),
        declared_na_baseline=baseline is None and not is_blank(raw.get("baseline")),
        actual_mid=actual_mid,
        baseline=baseline,
        note=text_of(raw.get("note")),
        cause=text_of(raw.get("cause")),
        action=text_of(raw.get("action")),
        evidence=text_of(raw.get("evidence")),
        approved_target=approved_target,
        approved_weight=approved_weight,
        approved_operator=approved_operator,
        approved_target_mid=_target_mid(
            {"target_mid": raw.get("approved_target_mid")}, target, places.get("approved_target_mid", source), problems
        ),
        source=source,
        places=places,
    )


def _target_mid(raw: Mapping[str, object], target: Target, place: str, problems: list[Problem]) -> Value | None:
    """The optional Target 30/06, read by the rules of the annual target (its operator and unit);
    None when empty. A value that cannot be read is an error at its cell (the row is still read)."""
    typed = raw.get("target_mid")
    if is_blank(typed) or is_not_available(typed):
        return None
    try:
        value = parse_target(typed, target.operator.value, target.unit).value
    except LiteralError as exc:
        problems.append(Problem(level=Level.ERROR, place=place, message=f"Target 30/06: {exc}", fix=FIXES["target"]))
        return None
    return as_fraction(typed, value, lambda *_: None) if target.unit == "%" else value


def _approved(raw: Mapping[str, object], unit: str, warn) -> tuple[Value | None, float | None, Operator | None]:
    """The approved target, weight and operator of a row (`xlperf approva` copied them from the
    row's own cells, so they read by the same rules); all None where the row has none."""
    cells = [raw.get(f) for f in ("approved_target", "approved_weight", "approved_operator")]
    if all(is_blank(v) for v in cells):
        return None, None, None
    target, weight, operator = cells
    try:
        if is_blank(target):  # a row approved without a target (neither targeted nor measured)
            op = parse_operator(operator) if not is_blank(operator) else None
            return None, None if is_blank(weight) else parse_weight(weight), op
        approved = parse_target(target, None if is_blank(operator) else operator, unit)
        value = as_fraction(target, approved.value, lambda *_: None) if unit == "%" else approved.value
        return value, None if is_blank(weight) else parse_weight(weight), approved.operator
    except LiteralError as exc:
        warn(f"valori del piano approvato non leggibili ({exc})", "rifare l'approvazione (approva --sovrascrivi)")
        return None, None, None


def fraction_weights(indicators: list[Indicator], problems: list[Problem]) -> None:
    """Weights an objective holds as fractions (cells formatted % in Excel: 12,5 % is 0,125) are
    read as percentage points, with a warning: all at most 1 and summing to 1 can mean nothing else."""
    by_objective: dict[str, list[Indicator]] = {}
    for ind in indicators:
        by_objective.setdefault(ind.objective, []).append(ind)
    for code, inds in by_objective.items():
        weights = [i.weight for i in inds]
        if all(0 <= w <= 1 for w in weights) and abs(sum(weights) - 1) <= 0.01 and len(inds) > 1:
            for i in inds:
                i.weight *= 100
            problems.append(
                Problem(
                    level=Level.WARNING,
                    place=inds[0].place("weight_pct"),
                    message=f"i pesi dell'obiettivo {code} sono frazioni (somma 1): letti come punti percentuali "
                    f"({', '.join(format_number(i.weight) for i in inds[:4])}{'…' if len(inds) > 4 else ''})",
                    fix="scrivere i pesi in punti percentuali, es. 12,5 (somma 100)",
                )
            )
