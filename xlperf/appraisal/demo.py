"""`xlperf valutazioni demo`: the 2025 demo plan's 79 people (seed section 2), fictional names.

1 Segretario Generale and 3 dirigenti named as in the master (Configurazione/Albero), 26 EQ,
39 istruttori, 10 operatori esperti; objectives, behaviours, an override with its note, schede in
every state. Deterministic (a fixed seed): the same file every time.
"""

from __future__ import annotations

import datetime as dt
import random

from .defaults import default_inputs
from .inputs import Inputs
from .master import MasterFacts, facts_of

#: the seed's «Personale in servizio al 31.12.2025», without the Segretario Generale and the dirigenti
STAFF = (("Elevate Qualificazioni", 26), ("Istruttori", 39), ("Operatori esperti", 10))
FIRST = {
    "F": [
        "Giulia",
        "Francesca",
        "Chiara",
        "Sara",
        "Elena",
        "Marta",
        "Laura",
        "Anna",
        "Paola",
        "Silvia",
        "Irene",
        "Valeria",
    ],
    "M": [
        "Marco",
        "Luca",
        "Andrea",
        "Matteo",
        "Paolo",
        "Stefano",
        "Davide",
        "Simone",
        "Fabio",
        "Riccardo",
        "Piero",
        "Nicola",
    ],
}
LAST = [
    "Alberti", "Bellandi", "Cantini", "Dolfi", "Ermini", "Fabbri", "Gori", "Innocenti", "Lenzi", "Mariotti", "Niccolai",
    "Orlandi", "Pacini", "Querci", "Ricci", "Santini", "Tesi", "Ulivi", "Vannucci", "Zini", "Baldi", "Corsini",
]  # fmt: skip
OBJECTIVES = [
    ("Pratiche istruite nei tempi", ">=", 0.95, "%"),
    ("Report trimestrale al dirigente", "Entro", dt.date(2025, 12, 15), ""),
    ("Procedura digitalizzata", "SI/NO", "SI", ""),
    ("Tempo medio di risposta (giorni)", "<=", 10, "gg"),
]


def demo_facts() -> MasterFacts:
    from ..demo import demo_plan

    return facts_of(demo_plan())


def demo_inputs(facts: MasterFacts | None = None) -> Inputs:
    facts = facts or demo_facts()
    rnd = random.Random(2025)
    inp = default_inputs(facts)
    staff_areas = [a for a in facts.areas]
    used: set[str] = set()
    n = 0
    for group, count in STAFF:
        for _ in range(count):
            n += 1
            gender = "F" if rnd.random() < 0.62 else "M"
            while True:
                name = f"{rnd.choice(LAST)} {rnd.choice(FIRST[gender])}"
                if name not in used:
                    used.add(name)
                    break
            area = staff_areas[n % len(staff_areas)]
            part_time = 100 if rnd.random() > 0.15 else rnd.choice([50, 75, 83.33])
            months = 12 if rnd.random() > 0.1 else rnd.choice([6, 9, 10])
            inp.people.append(
                [f"M{n:03d}", name, group, area, facts.area_heads.get(area, ""), part_time, months, gender]
            )
    inp.behaviour_scores = []
    inp.scheda = []
    objectives = []
    for i, person in enumerate(inp.people):
        dirigente = person[2] in ("Segretario Generale", "Dirigenti")
        scores: list[object] = []
        if not dirigente:
            quality = rnd.choice([3, 4, 4, 5, 5, 5]) if rnd.random() > 0.08 else 2
            for _ in range(6 if person[2] == "Elevate Qualificazioni" else 5):
                scores.append(max(1, min(5, quality + rnd.choice([-1, 0, 0, 0, 1]))))
            for k in range(2 if person[2] != "Operatori esperti" else 1):
                name, op, target, unit = OBJECTIVES[(i + k) % len(OBJECTIVES)]
                actual = _actual(rnd, op, target)
                objectives.append(
                    {
                        "objective_code": person[0],
                        "indicator_code": f"{person[0]}-{k + 1}",
                        "indicator_name": name,
                        "weight_pct": 50
                        if k == 0 and person[2] != "Operatori esperti"
                        else 100
                        if person[2] == "Operatori esperti"
                        else 50,
                        "operator": op,
                        "target": target,
                        "unit": unit or None,
                        "actual": actual,
                    }  # fmt: skip
                )
        inp.behaviour_scores.append(scores)
        state = "definitiva" if i % 7 else "colloquio"
        typed: dict[str, object] = {"stato": state}
        if state == "definitiva":
            typed["presa_visione"] = dt.datetime(2026, 3, 10 + i % 15)
        if i == 11:
            typed.update(
                f_totale=0.9,
                nota="Forzatura motivata: assenza per malattia nel periodo di maggiore carico "
                "(verbale del 02-03-2026).",
            )
        if i == 20:
            typed.update(commenti="Chiedo un corso di formazione sul nuovo gestionale.")
        inp.scheda.append(typed)
    inp.objectives = objectives
    return inp


def _actual(rnd: random.Random, op: str, target: object) -> object:
    if op == "Entro":
        assert isinstance(target, dt.date)
        return dt.datetime.combine(target - dt.timedelta(days=rnd.choice([-5, 2, 10, 20])), dt.time())
    if op == "SI/NO":
        return "SI" if rnd.random() > 0.15 else "NO"
    assert isinstance(target, (int, float))
    return round(target * rnd.uniform(0.85, 1.05), 3)
