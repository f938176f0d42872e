"""Istruzioni: how to fill in, how to refresh, the rules, the colour legend."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import layout as L
from ..literals import format_percent
from ..model import Status
from ..monitoring import RULE_TEXT
from ..scalar import AGGREGATION_TEXT, DEFAULT_PARZIALE, DEFAULT_RAGGIUNTO, percent_text, rule_lines, threshold_text
from ..sheet_content import row_height
from .formats import Formats

if TYPE_CHECKING:
    from .book import Book


def _master_lines() -> list[tuple[str, bool]]:
    return [
        (
            "5. Le colonne % raggiungimento e Stato si calcolano da sole (funzioni PERF_INDICATOR e PERF_STATUS); "
            "non vanno scritte a mano.",
            False,
        ),
        ("", False),
        ("Come aggiornare il riepilogo", True),
        (
            "Premere il pulsante «Aggiorna riepilogo» sul foglio Riepilogo o Cruscotto: vengono ricostruiti "
            "Riepilogo, Cruscotto, Dirigenti e Controlli. I fogli di inserimento non vengono mai modificati.",
            False,
        ),
        (
            "In alternativa, da riga di comando: xlperf refresh NOMEFILE.xlsm (viene conservata una copia .bak).",
            False,
        ),
        ("Il foglio Controlli elenca ogni dato da correggere con il riferimento alla cella.", False),
        ("", False),
    ]


def _area_copy_lines() -> list[tuple[str, bool]]:
    return [
        (
            "5. Le colonne % raggiungimento e Stato e la % degli obiettivi nell'Albero si calcolano da sole con "
            "formule normali: il file non contiene macro e funziona con Excel e con LibreOffice senza installare "
            "nulla. Nei consuntivi si scrive un numero (anche in %), una data, SI, NO oppure N/D.",
            False,
        ),
        (
            "Le colonne nascoste a destra della tabella servono al calcolo e sono bloccate.",
            False,
        ),
        ("", False),
        ("Quando è compilato", True),
        (
            "Salvare il file (anche da LibreOffice, nello stesso formato .xlsx) e restituirlo al controllo di "
            "gestione, che lo raccoglie nel file principale (xlperf raccogli).",
            False,
        ),
        ("", False),
    ]


def _cause_threshold(b: Book) -> str:
    """Where the threshold is: the area copy states its value (its Configurazione is locked)."""
    label = next(label for label, name, _ in L.CONFIG_CELLS if name == "XP_SogliaCausa")
    if b.frozen:
        return f"in questo file {format_percent(b.plan.thresholds.cause_below)}"
    return f"«{label}» in Configurazione; se vuota, la soglia «raggiunto»"


def write(b: Book, ws, fmt: Formats) -> None:
    ws.set_column("A:A", 3)
    ws.set_column("B:B", 100)
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.write("B1", "Istruzioni", fmt.title)
    lines = [
        ("Come compilare", True),
        (
            f"1. Configurazione: ente, anno, soglie di valutazione (predefinite {threshold_text()}), aree "
            "organizzative e dirigenti.",
            False,
        ),
        (
            "2. Albero: una riga per obiettivo operativo, con ambito, obiettivo strategico, tipo (UIC = obiettivo "
            "comune di sistema, OS = strategico/progetto, OP = operativo), area e dirigenti.",
            False,
        ),
        (
            "3. Un foglio per area: una riga per indicatore. Codice obiettivo, operatore e unità si scelgono "
            f"dagli elenchi; il target si scrive senza operatore (es. 350, 80%, 31-03-{b.plan.anno or 2025})."
            if not b.frozen
            else "3. Un foglio per area: una riga per indicatore. Obiettivi, indicatori, pesi, operatori e target "
            "sono quelli del piano approvato e sono bloccati: per una modifica rivolgersi al controllo di "
            "gestione.",
            False,
        ),
        (
            "4. Si compilano le celle gialle: a metà anno la colonna Monitoraggio 30/06, a fine anno la colonna "
            "Consuntivo (e, se serve, le Note). Se il dato non è disponibile scrivere N/D: l'indicatore non viene "
            "valutato e il suo peso è ridistribuito sugli altri. Se un indicatore resta sotto la soglia per la causa "
            f"dello scostamento ({_cause_threshold(b)}) scrivere la causa (e l'eventuale azione correttiva) e, per "
            "l'OIV, l'evidenza (documento o link).",
            False,
        ),
    ]
    lines += _area_copy_lines() if b.native else _master_lines()
    lines += [
        ("Regole di calcolo (metodo della Relazione sulla performance)", True),
        *((line, False) for line in rule_lines(b.plan.anno or None)),
        (AGGREGATION_TEXT, False),
        ("", False),
        ("Monitoraggio al 30/06 (stima a fine anno)", True),
        *((f"{rule.value.capitalize()}: {text}.", False) for rule, text in RULE_TEXT.items()),
        (
            "Si chiede la causa dello scostamento solo per gli indicatori «A rischio» o, con un Target 30/06, "
            "sotto la soglia per la causa, non per il lavoro a metà. Un obiettivo o l'Ente con indicatori "
            "ancora senza valore è «Dati parziali».",
            False,
        ),
        ("", False),
        ("Legenda colori", True),
    ]
    high, low = percent_text(DEFAULT_RAGGIUNTO), percent_text(DEFAULT_PARZIALE)
    row = 2
    for text, bold in lines:
        ws.write(row, 1, text, fmt.label if bold else fmt.text_locked)
        ws.set_row(row, row_height([(text, 100)], line=14))
        row += 1
    for st, text in [
        (Status.RAGGIUNTO, f"Raggiungimento dell'obiettivo (≥ soglia di raggiungimento, predefinita {high})"),
        (
            Status.PARZIALE,
            f"Parziale raggiungimento (≥ soglia parziale, predefinita {low}, e sotto quella di raggiungimento)",
        ),
        (Status.NON_RAGGIUNTO, "Mancato raggiungimento (sotto la soglia parziale)"),
        (Status.ND, "N/D: dato non disponibile, non valutato"),
        (Status.IN_CORSO, "In corso (30/06): la stima a fine anno raggiunge la soglia di raggiungimento"),
        (Status.A_RISCHIO, "A rischio (30/06): la stima a fine anno è sotto la soglia di raggiungimento"),
        (Status.NON_SCADUTO, "Non ancora scaduto (30/06): scadenza dopo il 30/06, non ancora completato"),
        (Status.DATI_PARZIALI, "Dati parziali: mancano valori attesi, la percentuale non è definitiva"),
    ]:
        ws.write(row, 1, text, fmt.legend[st])
        row += 1
    ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True})
