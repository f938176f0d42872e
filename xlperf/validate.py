"""Checks on a whole plan (links, weights, codes) -> list of Italian problems with places."""

from __future__ import annotations

from collections import Counter, defaultdict

from .literals import format_number
from .model import Level, Plan, Problem

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
            problems.append(Problem(level=Level.ERROR, place=f"obiettivo strategico {s.code}", message=f"ambito «{s.ambito}» inesistente", fix="indicare un ambito presente nell'Albero"))
    for o in plan.objectives:
        if known_strategic and o.strategic not in known_strategic:
            problems.append(Problem(level=Level.ERROR, place=o.source or o.code, message=f"l'obiettivo {o.code} rimanda all'obiettivo strategico «{o.strategic}» che non esiste", fix="correggere il codice dell'obiettivo strategico nell'Albero"))

    by_objective = defaultdict(list)
    for ind in plan.indicators:
        if ind.objective not in known_objectives:
            problems.append(Problem(
                level=Level.ERROR, place=ind.place("objective_code"),
                message=f"l'indicatore rimanda all'obiettivo «{ind.objective}» che non esiste nell'Albero",
                fix="scegliere il codice obiettivo dall'elenco oppure aggiungere l'obiettivo nell'Albero",
            ))
            continue
        by_objective[ind.objective].append(ind)

    for o in plan.objectives:
        inds = by_objective.get(o.code, [])
        if not inds:
            problems.append(Problem(level=Level.ERROR, place=o.source or o.code, message=f"l'obiettivo {o.code} non ha indicatori", fix="aggiungere almeno un indicatore oppure togliere l'obiettivo dall'Albero"))
            continue
        total = sum(i.weight for i in inds)
        if abs(total - 100.0) > WEIGHT_TOLERANCE:
            problems.append(Problem(
                level=soft, place=inds[0].place("weight_pct"),
                message=f"i pesi degli indicatori dell'obiettivo {o.code} sommano a {format_number(total)} invece di 100",
                fix="correggere i pesi perché la somma sia 100 (tolleranza ±0,5)",
            ))
        codes = Counter(i.code for i in inds if i.code)
        for code, n in codes.items():
            if n > 1:
                dup = [i for i in inds if i.code == code][1]
                problems.append(Problem(level=soft, place=dup.place("indicator_code"), message=f"il codice indicatore {code} è ripetuto {n} volte nell'obiettivo {o.code}", fix="dare a ogni indicatore un codice diverso"))

    seen: dict[str, str] = {}
    for ind in plan.indicators:
        if not ind.code:
            continue
        first = seen.setdefault(ind.code, ind.objective)
        if first != ind.objective:
            problems.append(Problem(level=soft, place=ind.place("indicator_code"), message=f"il codice indicatore {ind.code} è usato anche nell'obiettivo {first}", fix="verificare che non sia un indicatore copiato per errore"))
    return problems


def has_errors(problems: list[Problem]) -> bool:
    return any(p.level is Level.ERROR for p in problems)
