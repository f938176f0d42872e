"""The new year from last year's workbook (`xlperf new --da`): same tree and indicators, last
year's consuntivi as the comparison base, last year's grado di conseguimento into the history;
«Entro» deadlines and the year in indicator codes, names and descriptions moved to the new year,
every change listed for review."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from . import layout as L
from .aggregate import score_plan
from .literals import Operator, format_value
from .model import YEAR_END, Plan


@dataclass(frozen=True)
class Change:
    """One thing the roll-over rewrote: where (last year's cell), what, before and after."""

    place: str
    what: str
    before: str
    after: str
    #: a text kept as it was that names last year or a date: listed for review, not rewritten
    kept: bool = False

    def __str__(self) -> str:
        if self.kept:
            text = self.before if len(self.before) <= 90 else self.before[:89] + "…"  # the CSV has it whole
            return f"{self.place}: {self.what} «{text}» (lasciato com'è: da verificare)"
        return f"{self.place}: {self.what} «{self.before}» → «{self.after}»"


def _shift_year(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a year without it
        return day.replace(year=day.year + years, day=28)


def next_year(plan: Plan, anno: int) -> tuple[Plan, list[Change]]:
    """``plan`` (last year's, filled in) turned into ``anno``'s, ready to be filled: in place.

    Returns the changes made to the plan's own fields (deadlines, years in codes and texts); the
    emptied consuntivi are not listed."""
    last_year = score_plan(plan, YEAR_END)
    for row in plan.trend:  # last year's grado di conseguimento becomes history
        if row.computed and plan.anno and last_year.grado is not None:
            row.values[plan.anno] = last_year.grado
    changes: list[Change] = []
    if plan.anno and anno != plan.anno:
        changes = _move_to_year(plan, plan.anno, anno) + to_review(plan, plan.anno)
    for ind in plan.indicators:
        ind.baseline, ind.actual, ind.actual_mid = ind.actual, None, None
        ind.declared_na_baseline = ind.declared_na  # last year's N/D stays N/D (issue 21.8)
        ind.declared_na = ind.declared_na_mid = False
        ind.note = ind.cause = ind.action = ind.evidence = ""
        ind.approved_target = ind.approved_weight = ind.approved_operator = ind.approved_target_mid = (
            None  # next year's plan: not yet approved
        )
    plan.period = YEAR_END
    plan.anno = anno
    plan.validated = plan.approved = ""  # last year's validation and approval are not this year's
    plan.variations = []
    return plan, changes


def _move_to_year(plan: Plan, old: int, new: int) -> list[Change]:
    """Deadlines moved by the years between the plans (31-03-2025 -> 31-03-2026); the old year as a
    whole number in indicator codes, names and descriptions (…_2025, «… 2025») replaced. Other
    years («bandi 2023 e 2024») are left as they are: they name past facts."""
    changes: list[Change] = []
    for ind in plan.indicators:
        if ind.operator is Operator.DEADLINE and isinstance(ind.target, dt.date):
            moved = _shift_year(ind.target, new - old)
            changes.append(Change(ind.place("target"), "scadenza", format_value(ind.target), format_value(moved)))
            ind.target = moved
        for field, place, label in (
            ("code", "indicator_code", "codice"),
            ("name", "indicator_name", "nome"),
            ("description", "description", "descrizione"),
        ):
            text = getattr(ind, field)
            renamed = shift_years(text, old, new)
            if renamed != text:
                changes.append(Change(ind.place(place), label, text, renamed))
                setattr(ind, field, renamed)
    return changes


#: a range of years («2025-2027», «2025/2027», «2025 – 2027»: the PIAO's triennio) or a lone year
_YEARS = re.compile(r"(?<!\d)(\d{4})(\s*[-–/]\s*)(\d{4})(?!\d)|(?<!\d)(\d{4})(?!\d)")


def shift_years(text: str, old: int, new: int) -> str:
    """``old`` replaced by ``new`` where it stands alone; a range that starts or ends with ``old``
    shifted at both ends («(PIAO) 2025-2027» -> «(PIAO) 2026-2028», not «2026-2027»); other years
    and ranges are left as they are: they name past facts."""
    step = new - old

    def one(m: re.Match) -> str:
        if m.group(1):
            first, last = int(m.group(1)), int(m.group(3))
            if old in (first, last):
                return f"{first + step}{m.group(2)}{last + step}"
            return m.group(0)
        return str(new) if int(m.group(4)) == old else m.group(0)

    return _YEARS.sub(one, text)


#: a date written in a text («fino al 28-02-2025», «dal 01/03/2025»)
_DATE_IN_TEXT = re.compile(r"(?<!\d)\d{1,2}[-/.]\d{1,2}[-/.]\d{4}(?!\d)")


def to_review(plan: Plan, old: int) -> list[Change]:
    """Texts the roll-over keeps as they are but that may no longer hold: a dirigente's incarico
    with a date («fino al 28-02-2025»), and any kept text that names ``old`` (objective names, the
    «Relazione» sheet's texts: last year's facts, to rewrite)."""
    year = re.compile(rf"(?<!\d){old}(?!\d)")
    out: list[Change] = []
    for name, role in plan.dirigenti.items():
        place = plan.dirigenti_places.get(name, L.CONFIG)
        dates = _DATE_IN_TEXT.findall(role)
        if dates:
            out.append(Change(place, f"incarico di {name} con la data {', '.join(dates)}", role, role, kept=True))
        elif year.search(role):
            out.append(Change(place, f"incarico di {name} con l'anno {old}", role, role, kept=True))
    texts = [  # an objective's name, in its Albero row (``source`` is its code cell)
        (f"{L.ALBERO}!{L.albero_col('objective_name')}{re.sub(r'[^0-9]', '', o.source.rsplit('!', 1)[1])}", o.name)
        for o in plan.objectives
        if o.source.startswith(f"{L.ALBERO}!")
    ]
    texts += [(plan.relazione.where(key), text) for key, text in plan.relazione.texts.items()]
    for place, text in texts:
        if year.search(text):
            out.append(Change(place, f"testo con l'anno {old}", text, text, kept=True))
    return out


def print_review(changes: list[Change], anno: int, review_csv) -> None:
    """The changes on the screen and in ``review_csv``: the texts kept as they were (to review),
    then the deadlines (they score), then the years in codes and texts."""
    from .files import atomic_output
    from .tabular import csv_bytes

    moved = [c for c in changes if not c.kept]
    kept = [c for c in changes if c.kept]
    ordered = kept + sorted(moved, key=lambda c: c.what != "scadenza")  # a person's review, then what scores
    deadlines = sum(c.what == "scadenza" for c in moved)
    print(
        f"Portati al {anno} ({len(moved)} modifiche da verificare; i riferimenti sono le celle del file "
        f"di partenza): {deadlines} scadenze «Entro», {len(moved) - deadlines} anni in codici, nomi e "
        "descrizioni degli indicatori."
    )
    if kept:
        print(
            f"Lasciati come sono, da verificare ({len(kept)}): incarichi dei dirigenti con una data e testi "
            f"che nominano il {anno - 1} (Albero, Configurazione, foglio Relazione)."
        )
    for change in ordered:
        print(f"  {change}")
    rows = [["Cella del file di partenza", "Che cosa", "Prima", "Dopo"]]
    rows += [[c.place, c.what, c.before, "(lasciato com'è: da verificare)" if c.kept else c.after] for c in ordered]
    with atomic_output(review_csv, overwrite=True) as tmp:
        tmp.write_bytes(csv_bytes(rows))
    print(f"Elenco delle modifiche da verificare scritto in {review_csv}.")
