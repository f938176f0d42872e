"""Where the collection stands, per area: file received or not and when, values in and missing per
column; and the solleciti (reminders) that say so, as Italian text ready to paste into an e-mail.

Read from the master alone (the values collected, Configurazione's «Ultima raccolta»): nothing is
sent, nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .aggregate import Results
from .area_identity import area_file_name
from .layout import PERIODS
from .model import MID_YEAR, Indicator, Plan
from .monitoring import asks_cause, is_due, is_filled

#: the columns an area fills, as the entry sheet names them
VALUE_COLUMN: dict[str, str] = {MID_YEAR: "Monitoraggio 30/06", "31/12": "Consuntivo"}
CAUSE_COLUMN = "Causa dello scostamento"


@dataclass
class AreaCollection:
    area: str
    head: str  # dirigente responsabile (Configurazione)
    received: str  # «02/07/2026 10:15 — file.xlsx», or "" when no file was collected
    due: int = 0
    filled: int = 0  # values (or a declared N/D) of the period
    declared_na: int = 0
    missing: list[Indicator] = field(default_factory=list)  # due, nothing written
    causes_missing: list[Indicator] = field(default_factory=list)  # below target or a rischio, no cause

    @property
    def complete(self) -> bool:
        return not self.missing and not self.causes_missing

    def state(self) -> str:
        if not self.received and not self.filled:
            return "file non ricevuto"
        if self.complete:
            return "completo"
        return "incompleto"


def collection_status(plan: Plan, res: Results) -> list[AreaCollection]:
    """One entry per area with indicators, in the plan's order, at ``res.period``."""
    area_of = {o.code: o.area for o in plan.objectives}
    out: dict[str, AreaCollection] = {}
    for area in plan.areas:
        out[area] = AreaCollection(area, plan.area_heads.get(area, ""), plan.collected.get(area, ""))
    for ind, pct in zip(plan.indicators, res.indicators, strict=True):
        entry = out.get(area_of.get(ind.objective, ""))
        if entry is None or not is_due(ind, res.period, plan.anno):
            continue
        entry.due += 1
        if is_filled(ind, res.period):
            entry.filled += 1
            entry.declared_na += ind.at(res.period)[1]
        else:
            entry.missing.append(ind)
        if "cause" in ind.places and not ind.cause and asks_cause(ind, pct, res.period, plan.thresholds, plan.anno):
            entry.causes_missing.append(ind)
    return [e for e in out.values() if e.due]


def _row(ind: Indicator, field_name: str) -> str:
    place = ind.place(field_name)
    return place.rsplit("!", 1)[1] if "!" in place else place


def _indicator_line(ind: Indicator, field_name: str) -> str:
    label = ind.code or ind.name or ind.objective
    name = f" «{ind.name}»" if ind.name and ind.name != label else ""
    return f"  - {label}{name} (cella {_row(ind, field_name)})"


def sollecito(plan: Plan, entry: AreaCollection, period: str, file_name: str) -> str:
    """The reminder for one area: to its dirigente, what is missing, where, in plain Italian."""
    when = f"{PERIODS[period].lower()}/{plan.anno}" if plan.anno else PERIODS[period].lower()
    dirigenti = sorted({d for o in plan.objectives if o.area == entry.area for d in o.dirigenti} - {entry.head, ""})
    lines = [
        f"Oggetto: {PERIODS[period]}{f'/{plan.anno}' if plan.anno else ''} — dati mancanti: {entry.area}",
        "",
        f"Alla c.a. di {entry.head}" if entry.head else "Alla c.a. del dirigente responsabile",
    ]
    if dirigenti:
        lines.append("e p.c. " + ", ".join(dirigenti))
    lines += [
        "",
        f"per completare il {when} del Piano della performance"
        + (f" ({plan.ente})" if plan.ente else "")
        + f" mancano ancora, nel file «{file_name}» (foglio dell'area), i dati seguenti.",
    ]
    if not entry.received and not entry.filled:
        lines.append("Il file dell'area non è ancora stato restituito.")
    if entry.missing:
        lines += ["", f"Colonna «{VALUE_COLUMN[period]}» ({len(entry.missing)} indicatori):"]
        lines += [_indicator_line(i, Indicator.actual_field(period)) for i in entry.missing]
    if entry.causes_missing:
        lines += ["", f"Colonna «{CAUSE_COLUMN}» ({len(entry.causes_missing)} indicatori sotto la soglia o a rischio):"]
        lines += [_indicator_line(i, "cause") for i in entry.causes_missing]
    lines += [
        "",
        "Dove il dato non è disponibile scrivere N/D. Si prega di compilare le celle gialle e restituire il file "
        "al controllo di gestione.",
        "",
        "Grazie per la collaborazione.",
        "Il Controllo di gestione",
    ]
    return "\n".join(lines)


def solleciti(plan: Plan, res: Results) -> list[tuple[AreaCollection, str]]:
    """(area, text) for every area with something missing at ``res.period``."""
    return [
        (e, sollecito(plan, e, res.period, area_file_name(plan, e.area)))
        for e in collection_status(plan, res)
        if not e.complete
    ]
