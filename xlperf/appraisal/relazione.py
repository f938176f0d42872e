"""The Relazione's section on individual performance, as data another writer includes (report.py
renders it; this module never writes a document). Aggregated only: no staff names; dirigenti as in
section 4 (the names the master's Dirigenti sheet already publishes)."""

from __future__ import annotations

from ..literals import format_percent, plural
from .compute import Appraisal, Scheda, differentiation
from .tables import RESOURCES, table_rows

TITLE = "Valutazione della performance individuale"


def relazione_section(appraisal: Appraisal, schede: list[Scheda]) -> dict:
    """{"titolo", "paragrafi": [str], "tabelle": [{"titolo", "intestazioni", "righe"}]}."""
    sis = appraisal.sistema
    staff = [s for s in schede if not s.group.dirigente]
    done = sum(s.person.stato == "definitiva" for s in schede)
    paragraphs = [
        f"Nel {sis.anno or 'periodo'} sono state predisposte {plural(len(schede), 'scheda', 'schede')} di valutazione "
        f"individuale ({done} definitive), secondo il Sistema di misurazione e valutazione della performance: "
        "performance di Ente e della struttura, obiettivi individuali e comportamenti organizzativi, "
        "con pesi per ruolo.",
        "I premi sono distribuiti per fasce di merito in proporzione al punteggio, al part time e ai mesi in servizio; "
        f"la maggiorazione dell'art. 81 CCNL Funzioni Locali 2019-21 (+{format_percent(sis.art81[1], 0)}) va al "
        f"{format_percent(sis.art81[0], 0)} del personale con il punteggio più alto di ciascun gruppo.",
        "I premi sono erogabili dopo la validazione della Relazione da parte dell'OIV (art. 14 c. 4 d.lgs. 150/2009)"
        + (": la validazione risulta registrata." if sis.validated else ": validazione non ancora registrata."),
    ]
    if staff:
        totals = [s.total for s in staff if s.total is not None]
        paragraphs.append(
            f"Personale: punteggio medio {format_percent(sum(totals) / len(totals))} "
            f"(da {format_percent(min(totals))} a {format_percent(max(totals))})."
        )
    rows = table_rows(appraisal, schede)
    tables = [
        {"titolo": res.title, "intestazioni": [f.title for f in res.fields], "righe": rows[res.name]}
        for res in RESOURCES
    ]
    dirigenti = []
    for s in schede:
        if s.group.dirigente:
            d = differentiation(schede, s.person.nome)
            row = [s.person.nome, s.components["organizzativa"], s.total, s.band.name if s.band else ""]
            dirigenti.append([*row, d.evaluated, None if d.spread is None else round(d.spread, 4)])
    tables.insert(0, {
        "titolo": "Dirigenti: performance organizzativa (sezione 4) e valutazione",
        "intestazioni": ["Dirigente", "Obiettivi assegnati", "Punteggio finale", "Fascia", "Persone valutate",
                         "Deviazione standard dei punteggi assegnati"],
        "righe": dirigenti,
    })  # fmt: skip
    return {"titolo": TITLE, "paragrafi": paragraphs, "tabelle": tables}
