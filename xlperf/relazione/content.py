"""What the Relazione needs beyond the plan: the texts and tables the controllo di gestione writes in
the «Relazione» sheet (adoption act, premessa, section 2, the section-5 process, «in sintesi»).

The sheet's rows are stated once here (`TEXTS`, `TABLES`): the template writes them, the reader finds
them, the Relazione places them.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, Field

SHEET = "Relazione"


@dataclass(frozen=True)
class TextField:
    key: str
    label: str  # column A of the sheet
    section: str  # where the Relazione prints it (for the placeholder and the README)


TEXTS: tuple[TextField, ...] = (
    TextField("act", "Atto di adozione (es. Deliberazione di Giunta n. 27/26)", "frontespizio"),
    TextField("act_date", "Data di adozione (gg/mm/aaaa)", "frontespizio"),
    TextField("premessa", "Premessa", "Premessa"),
    TextField("sintesi", "In sintesi (per i cittadini)", "In sintesi"),
    TextField("context", "2.1 Il contesto economico", "2.1"),
    TextField("organisation", "2.2 L'organizzazione", "2.2"),
    TextField("wellbeing", "2.2 L'indagine di benessere organizzativo", "2.2"),
    TextField("customer", "2.2 La customer satisfaction", "2.2"),
    TextField("resources", "2.3 Le risorse economiche", "2.3"),
    TextField("process", "5 Il processo di misurazione e valutazione", "5"),
)


@dataclass(frozen=True)
class TableSpec:
    key: str
    title: str  # the row above the header, column A
    headers: tuple[str, ...]
    numeric: tuple[int, ...]  # columns holding numbers (read as numbers, right-aligned)
    rows: int  # rows the template leaves for it


TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "personnel",
        "Personale in servizio al 31/12 per categoria",
        ("Categoria", "Totale", "Donne", "Uomini"),
        (1, 2, 3),
        8,
    ),
    TableSpec("economic", "Risorse economiche", ("Voce", "Importo (euro)"), (1,), 10),
    TableSpec("strategic", "Descrizione degli obiettivi strategici", ("Codice", "Descrizione"), (), 15),
    TableSpec("steps", "Processo di misurazione e valutazione", ("Cosa", "Chi", "Come", "Quando"), (), 12),
)

#: the seed's process (section 5), the template's default
DEFAULT_STEPS: tuple[tuple[str, str, str, str], ...] = (
    (
        "Misurazione intermedia dei risultati di performance organizzativa",
        "P.O., Personale, Dirigenti, Responsabile del controllo di gestione",
        "Rilevazione dei dati",
        "ogni semestre",
    ),
    (
        "Reporting intermedio della performance organizzativa",
        "Responsabile del controllo di gestione",
        "Cruscotto di ente/Report: evidenziazione del grado di raggiungimento degli obiettivi",
        "ogni semestre",
    ),
    (
        "Valutazione sui risultati intermedi",
        "Responsabile del controllo di gestione, Dirigenti, P.O., Segretario Generale",
        "Colloqui per valutare le cause di eventuali scostamenti rispetto ai risultati attesi",
        "ogni semestre",
    ),
    (
        "Misurazione intermedia dei risultati di performance individuale",
        "P.O., Personale, Dirigenti, Responsabile del controllo di gestione, OIV",
        "Rilevazione dei dati",
        "ogni semestre",
    ),
    (
        "Reporting intermedio della performance individuale",
        "Responsabile del controllo di gestione, OIV",
        "Cruscotto di area/Report e Schede Obiettivi/Report: evidenziazione del grado di raggiungimento "
        "degli obiettivi",
        "ogni semestre",
    ),
    (
        "Valutazione sui risultati intermedi",
        "Responsabile del controllo di gestione, Dirigenti, P.O., OIV",
        "Colloqui per valutare le cause di eventuali scostamenti rispetto ai risultati attesi",
        "ogni semestre",
    ),
    (
        "Aggiornamento del Piano della Performance",
        "S.G., Giunta, Dirigenti, P.O., Responsabile del controllo di gestione",
        "Variazione del Piano della Performance in funzione delle azioni correttive scaturenti dal monitoraggio",
        "in itinere",
    ),
    (
        "Bilancio consuntivo",
        "Responsabile Ufficio Ragioneria, Responsabile del controllo di gestione, Dirigenti, Giunta, "
        "Segretario Generale",
        "Rilevazione delle risultanze gestionali al 31/12 dell'anno",
        "aprile",
    ),
)


class Relazione(BaseModel):
    """The «Relazione» sheet as read: texts by key, tables as rows of cells (numbers as floats)."""

    texts: dict[str, str] = Field(default_factory=dict)
    tables: dict[str, list[list[str | float | None]]] = Field(default_factory=dict)
    places: dict[str, str] = Field(default_factory=dict)  # key -> «Relazione!B5», for placeholders
    present: bool = False  # the workbook has the sheet (older workbooks do not)

    def text(self, key: str) -> str:
        return self.texts.get(key, "").strip()

    def where(self, key: str) -> str:
        return self.places.get(key, SHEET)


def default_relazione() -> Relazione:
    """What a new template carries: the seed's process table, nothing else."""
    return Relazione(tables={"steps": [list(s) for s in DEFAULT_STEPS]})
