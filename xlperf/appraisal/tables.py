"""The art. 20 d.lgs. 33/2013 tables (aggregated, no names): premi budgeted and paid, distribution by
band, degree of differentiation, for dirigenti and for staff, by gender. CSV + datapackage.json
through xlperf.tabular; the same rows feed the Relazione's section (relazione.py)."""

from __future__ import annotations

import statistics
from pathlib import Path

from ..errors import XlperfError
from ..files import atomic_output
from ..tabular import Field, Resource, csv_bytes, data_package
from .compute import Appraisal, Scheda

DIRIGENTI, PERSONALE = "Dirigenti (compreso il Segretario Generale)", "Personale (comparto ed EQ)"
CATEGORY = Field("categoria", "string", "Categoria", f"«{DIRIGENTI}» o «{PERSONALE}»")

RESOURCES = (
    Resource("premi.csv", "premi", "Premi stanziati e distribuiti", (
        CATEGORY,
        Field("persone", "integer", "Persone valutate"),
        Field("stanziato", "number", "Premi stanziati (euro)"),
        Field("distribuito", "number", "Premi distribuiti (euro)"),
        Field("pagabile", "number", "Premi pagabili (euro)", "schede definitive e Relazione validata dall'OIV"),
        Field("premio_medio", "number", "Premio medio (euro)"),
    ), primary_key=("categoria",)),
    Resource("fasce.csv", "fasce", "Distribuzione per fascia", (
        CATEGORY,
        Field("fascia", "string", "Fascia"),
        Field("persone", "integer", "Persone"),
        Field("quota_persone", "number", "Quota delle persone della categoria", "frazione 0-1"),
        Field("premi", "number", "Premi distribuiti (euro)"),
    ), primary_key=("categoria", "fascia")),
    Resource("differenziazione.csv", "differenziazione", "Grado di differenziazione", (
        CATEGORY,
        Field("punteggio_medio", "number", "Punteggio medio", "frazione 0-1"),
        Field("punteggio_minimo", "number", "Punteggio minimo", "frazione 0-1"),
        Field("punteggio_massimo", "number", "Punteggio massimo", "frazione 0-1"),
        Field("deviazione_standard", "number", "Deviazione standard dei punteggi"),
        Field("premio_massimo_su_medio", "number", "Premio massimo ÷ premio medio"),
        Field("quota_maggiorazione_art81", "number", "Quota con maggiorazione art. 81 CCNL", "frazione 0-1"),
    ), primary_key=("categoria",)),
    Resource("genere.csv", "genere", "Punteggi e premi per genere", (
        CATEGORY,
        Field("genere", "string", "Genere", "F, M o «non indicato»"),
        Field("persone", "integer", "Persone"),
        Field("punteggio_medio", "number", "Punteggio medio", "frazione 0-1"),
        Field("premio_medio", "number", "Premio medio (euro)"),
    ), primary_key=("categoria", "genere")),
)  # fmt: skip


def _category(s: Scheda) -> str:
    return DIRIGENTI if s.group.dirigente else PERSONALE


def _mean(xs: list[float]) -> float | None:
    return sum(xs) / len(xs) if xs else None


def table_rows(appraisal: Appraisal, schede: list[Scheda]) -> dict[str, list[list[object]]]:
    """Each resource's rows (without header), by resource name."""
    out: dict[str, list[list[object]]] = {r.name: [] for r in RESOURCES}
    bands = [b.name for b in appraisal.sistema.bands] + ["senza fascia"]
    for cat in (DIRIGENTI, PERSONALE):
        ss = [s for s in schede if _category(s) == cat]
        budget = sum(g.budget for g in appraisal.sistema.groups if (DIRIGENTI if g.dirigente else PERSONALE) == cat)
        paid = [s.premio for s in ss]
        out["premi"].append([cat, len(ss), round(budget, 2), round(sum(paid), 2),
                             round(sum(s.premio for s in ss if s.payable), 2), _round(_mean(paid), 2)])  # fmt: skip
        for band in bands:
            inb = [s for s in ss if (s.band.name if s.band else "senza fascia") == band]
            if inb or band != "senza fascia":
                share = len(inb) / len(ss) if ss else 0.0
                out["fasce"].append([cat, band, len(inb), round(share, 4), round(sum(s.premio for s in inb), 2)])
        totals = [s.total for s in ss if s.total is not None]
        mean_premio = _mean(paid)
        out["differenziazione"].append([
            cat, _round(_mean(totals), 4), _round(min(totals, default=None), 4), _round(max(totals, default=None), 4),
            _round(statistics.pstdev(totals) if len(totals) > 1 else None, 4),
            _round(max(paid) / mean_premio if mean_premio else None, 4),
            round(sum(s.art81 for s in ss) / len(ss), 4) if ss else 0.0,
        ])  # fmt: skip
        for gender in ("F", "M", ""):
            gs = [s for s in ss if s.person.genere == gender]
            if gs:
                score = _mean([s.total for s in gs if s.total is not None])
                out["genere"].append(
                    [cat, gender or "non indicato", len(gs), _round(score, 4), _round(_mean([s.premio for s in gs]), 2)]
                )
    return out


def _round(x: float | None, n: int) -> float | None:
    return None if x is None else round(x, n)


def write_tables(appraisal: Appraisal, schede: list[Scheda], out: Path, overwrite: bool = False) -> list[Path]:
    if out.exists() and not out.is_dir():
        raise XlperfError(f"«{out}» è un file, non una cartella")
    out.mkdir(parents=True, exist_ok=True)
    rows = table_rows(appraisal, schede)
    sis = appraisal.sistema
    written = []
    for res in RESOURCES:
        with atomic_output(out / res.path, overwrite=overwrite) as tmp:
            tmp.write_bytes(csv_bytes([res.header(), *rows[res.name]], dialect="open"))
        written.append(out / res.path)
    descriptor = data_package(
        f"premi-{sis.anno}",
        f"Premi collegati alla performance {sis.anno} (art. 20 d.lgs. 33/2013)",
        RESOURCES,
        sis.ente or "Camera di Commercio",
        description="Dati aggregati: premi stanziati e distribuiti, distribuzione per fascia, grado di "
        "differenziazione, per dirigenti e personale e per genere. Nessun dato personale.",
    )
    with atomic_output(out / "datapackage.json", overwrite=overwrite) as tmp:
        tmp.write_bytes(descriptor)
    return [*written, out / "datapackage.json"]
