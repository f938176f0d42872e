"""Checks on a whole plan (links, weights, codes) -> list of Italian problems with places."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from .layout import PERIODS
from .literals import Operator, format_number, format_percent, format_value
from .model import YEAR_END, Indicator, Level, Plan, Problem, Status
from .monitoring import asks_cause, is_due

WEIGHT_TOLERANCE = 0.5


def validate(plan: Plan, strict: bool = False) -> list[Problem]:
    """Structural problems of a plan. With ``strict`` the soft ones become errors too."""
    soft = Level.ERROR if strict else Level.WARNING
    problems: list[Problem] = []
    known_objectives = {o.code for o in plan.objectives}
    known_strategic = {s.code for s in plan.strategic}
    known_ambiti = {a.code for a in plan.ambiti}

    for s in plan.strategic:
        if known_ambiti and s.ambito not in known_ambiti:
            problems.append(
                Problem(
                    level=Level.ERROR,
                    place=f"obiettivo strategico {s.code}",
                    message=f"ambito «{s.ambito}» inesistente",
                    fix="indicare un ambito presente nell'Albero",
                )
            )
    for o in plan.objectives:
        if known_strategic and o.strategic not in known_strategic:
            problems.append(
                Problem(
                    level=Level.ERROR,
                    place=o.source or o.code,
                    message=f"l'obiettivo {o.code} rimanda all'obiettivo strategico «{o.strategic}» che non esiste",
                    fix="correggere il codice dell'obiettivo strategico nell'Albero",
                )
            )

    declared_areas = set(plan.areas)
    for o in plan.objectives:
        if declared_areas and o.area and o.area not in declared_areas:
            problems.append(
                Problem(
                    level=Level.ERROR,
                    place=_area_cell(o),
                    message=f"l'area «{o.area}» dell'obiettivo {o.code} non è elencata in Configurazione",
                    fix="scegliere l'area dall'elenco (stesso nome, accenti compresi) o aggiungerla in Configurazione",
                )
            )

    by_objective = defaultdict(list)
    for ind in plan.indicators:
        if ind.objective not in known_objectives:
            problems.append(
                Problem(
                    level=Level.ERROR,
                    place=ind.place("objective_code"),
                    message=f"l'indicatore rimanda all'obiettivo «{ind.objective}» che non esiste nell'Albero",
                    fix="scegliere il codice obiettivo dall'elenco oppure aggiungere l'obiettivo nell'Albero",
                )
            )
            continue
        by_objective[ind.objective].append(ind)

    for o in plan.objectives:
        inds = by_objective.get(o.code, [])
        if not inds:
            problems.append(
                Problem(
                    level=Level.ERROR,
                    place=o.source or o.code,
                    message=f"l'obiettivo {o.code} non ha indicatori",
                    fix="aggiungere almeno un indicatore oppure togliere l'obiettivo dall'Albero",
                )
            )
            continue
        total = sum(i.weight for i in inds)
        if abs(total - 100.0) > WEIGHT_TOLERANCE:
            problems.append(
                Problem(
                    level=soft,
                    place=inds[0].place("weight_pct"),
                    message=f"i pesi degli indicatori dell'obiettivo {o.code} sommano a {format_number(total)} invece "
                    "di 100",
                    fix="correggere i pesi perché la somma sia 100 (tolleranza ±0,5)",
                )
            )
        codes = Counter(i.code for i in inds if i.code)
        for code, n in codes.items():
            if n > 1:
                dup = [i for i in inds if i.code == code][1]
                problems.append(
                    Problem(
                        level=soft,
                        place=dup.place("indicator_code"),
                        message=f"il codice indicatore {code} è ripetuto {n} volte nell'obiettivo {o.code}",
                        fix="dare a ogni indicatore un codice diverso",
                    )
                )

    problems += _unscored(plan, by_objective, soft)
    problems += _deadlines_outside_the_year(plan)
    problems += missing_causes(plan)
    problems += _unrecorded_variations(plan)
    from .validation import lock_problems  # validation imports this module

    problems += lock_problems(plan)
    seen: dict[str, str] = {}
    for ind in plan.indicators:
        if not ind.code:
            continue
        first = seen.setdefault(ind.code, ind.objective)
        if first != ind.objective:
            problems.append(
                Problem(
                    level=soft,
                    place=ind.place("indicator_code"),
                    message=f"il codice indicatore {ind.code} è usato anche nell'obiettivo {first}",
                    fix="verificare che non sia un indicatore copiato per errore",
                )
            )
    return problems


def _area_cell(o) -> str:
    """The Albero cell of an objective's area (the one to fix), on the row of its code."""
    from .layout import ALBERO, albero_col

    row = "".join(ch for ch in o.source.split("!")[-1] if ch.isdigit())
    return f"{ALBERO}!{albero_col('area')}{row}" if o.source.startswith(f"{ALBERO}!") and row else o.source or o.code


def _unrecorded_variations(plan: Plan) -> list[Problem]:
    """After `xlperf approva`, a target, weight or operator that differs from the approved plan,
    or an indicator added since, needs its row in the Variazioni sheet."""
    if not plan.approved or plan.area_file:  # an area copy shows the date; its variations are the master's
        return []
    from .layout import VARIATION_FIELDS, VARIAZIONI, config_cell

    label = {field: name for name, field in VARIATION_FIELDS.items()}
    from .approval import indicator_key, removed_problems

    recorded = {(v.indicator.strip().casefold(), v.field) for v in plan.variations}
    problems: list[Problem] = []
    for ind in plan.indicators:
        key = (indicator_key(ind), "")  # the code, or the name of an indicator without one
        if not ind.approved:
            if (key[0], "Indicatore") not in recorded:
                problems.append(
                    Problem(
                        level=Level.WARNING,
                        place=ind.place("indicator_code"),
                        message=f"indicatore {ind.code or ind.name} aggiunto dopo l'approvazione del piano "
                        f"({plan.approved}) senza una variazione registrata",
                        fix=f"registrare la variazione nel foglio {VARIAZIONI} (campo «Indicatore», atto, motivazione)",
                    )
                )
            continue
        for field in ind.varied_fields():
            if (key[0], label[field]) not in recorded:
                problems.append(
                    Problem(
                        level=Level.WARNING,
                        place=ind.place(field),
                        message=f"{label[field].lower()} dell'indicatore {ind.code or ind.name} diverso dal piano "
                        f"approvato il {plan.approved}: nessuna variazione registrata",
                        fix=f"registrare la variazione nel foglio {VARIAZIONI} (atto e motivazione) "
                        "o ripristinare il valore approvato",
                    )
                )
    return problems + removed_problems(plan, recorded, config_cell("XP_Approvato"))


def missing_causes(plan: Plan) -> list[Problem]:
    """Scostamenti: an indicator below the cause threshold (monitoring.asks_cause) asks for its cause; an objective
    below the «raggiunto» threshold with no cause on any of its indicators is named too. Only where
    the workbook has the column (older workbooks and CSVs without it are not asked)."""
    from .aggregate import score_plan

    res = score_plan(plan)
    problems: list[Problem] = []
    explained = {i.objective for i in plan.indicators if i.cause}
    for ind, pct in zip(plan.indicators, res.indicators, strict=True):
        asked_here = asks_cause(ind, pct, res.period, plan.thresholds, plan.anno)  # not for work half done
        if asked_here and not ind.cause and "cause" in ind.places:
            problems.append(
                Problem(
                    level=Level.WARNING,
                    place=ind.place("cause"),
                    # a name in «» like a code: repeated warnings are one line per sheet (grouping.kind_of)
                    message=f"indicatore {ind.code or f'«{ind.name}»'} al {format_percent(pct)}, sotto la soglia "
                    f"per la causa ({format_percent(plan.thresholds.cause_below)}): manca la causa dello scostamento",
                    fix="scrivere la causa (e, se c'è, l'azione correttiva) nella colonna «Causa dello scostamento»",
                )
            )
    asked = {i.objective for i in plan.indicators if "cause" in i.places}
    for o in plan.objectives:
        pct = res.objectives.get(o.code)
        if pct is None or res.status(pct) is Status.RAGGIUNTO or o.code in explained or o.code not in asked:
            continue
        problems.append(
            Problem(
                level=Level.WARNING,
                place=o.source or o.code,
                message=f"obiettivo {o.code} al {format_percent(pct)}, sotto la soglia di raggiungimento: "
                "nessuna causa dello scostamento nei suoi indicatori",
                fix="indicare la causa negli indicatori dell'obiettivo più lontani dal target",
            )
        )
    return problems


def _deadlines_outside_the_year(plan: Plan) -> list[Problem]:
    """An «Entro» deadline of another year: usually last year's, carried into the new plan."""
    if not plan.anno:
        return []
    return [
        Problem(
            level=Level.WARNING,
            place=ind.place("target"),
            message=f"la scadenza {format_value(ind.target)} non è nell'anno del piano ({plan.anno})",
            fix=f"verificare la data (se è dell'anno scorso, spostarla al {plan.anno})",
        )
        for ind in plan.indicators
        if ind.operator is Operator.DEADLINE and isinstance(ind.target, dt.date) and ind.target.year != plan.anno
    ]


def _unscored(plan: Plan, by_objective: dict, soft: Level) -> list[Problem]:
    """Indicators and objectives that would silently drop out of the scores at the evaluated period.

    Only an explicit N/D excludes an indicator. A blank value where a target exists is an error once
    the period is being filled in (some value present); while nothing at all has been entered for
    the period (a new year, the monitoring not started) it is one warning, not hundreds of errors.
    """
    field = Indicator.actual_field(plan.period)
    label = "Monitoraggio 30/06" if field == "actual_mid" else "Consuntivo"
    targeted = [i for i in plan.indicators if i.target is not None]
    # empty, not written N/D; at 30/06 a deadline still ahead is not asked (monitoring.is_due)
    missing = [i for i in targeted if i.at(plan.period) == (None, False) and is_due(i, plan.period, plan.anno)]
    # at 30/06 partial data is the normal state (shown as coverage): one warning per row, no error
    missing_level = Level.ERROR if plan.period == YEAR_END else Level.WARNING
    out: list[Problem] = []
    if missing and len(missing) == len(targeted):
        out.append(
            Problem(
                level=Level.WARNING,
                place=missing[0].place(field),
                message=f"nessun valore nella colonna {label} (periodo {PERIODS[plan.period]}): "
                "nessun indicatore è ancora valutato",
                fix=f"compilare la colonna {label}; N/D dove il dato non è disponibile",
            )
        )
    else:
        out += [
            Problem(
                level=missing_level,
                place=i.place(field),
                message=f"{label} mancante per l'indicatore {i.code or i.name or i.objective}: non sarebbe valutato "
                "e il suo peso passerebbe agli altri indicatori",
                fix="scrivere il valore, oppure N/D se il dato non è disponibile",
            )
            for i in missing
        ]
    missing_ids = {id(i) for i in missing}
    for code, inds in by_objective.items():
        scored = [i for i in inds if i.target is not None and i.at(plan.period)[0] is not None]
        if inds and not scored and not any(id(i) in missing_ids for i in inds):
            out.append(
                Problem(
                    level=soft,
                    place=inds[0].place(field),
                    message=f"tutti gli indicatori dell'obiettivo {code} sono N/D: l'obiettivo non è valutato",
                    fix="verificare che almeno un indicatore sia misurabile, oppure motivare nelle Note",
                )
            )
        elif scored and sum(i.weight for i in scored) == 0:
            out.append(
                Problem(
                    level=soft,
                    place=inds[0].place("weight_pct"),
                    message=f"gli indicatori valutati dell'obiettivo {code} hanno tutti peso 0: l'obiettivo non è "
                    "valutato",
                    fix="assegnare i pesi (in punti percentuali, somma 100)",
                )
            )
    return out


def has_errors(problems: list[Problem]) -> bool:
    return any(p.level is Level.ERROR for p in problems)
