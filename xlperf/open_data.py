"""Open data for Amministrazione Trasparente (d.lgs. 33/2013, CAD): the published performance data as
UTF-8 CSV with a Frictionless ``datapackage.json`` (xlperf.tabular, dialect «open»): the Ente and its
ambiti, strategic and operational objectives, indicators (target, consuntivo, %, stato, causes) and the
plan's variations. No personal data: no dirigenti, no individual scores.

Percentages are fractions (0,9734 = 97,34 %) with a point as decimal separator, as Frictionless'
``number`` wants; an objective or indicator not evaluated (N/D) has an empty cell.
"""

from __future__ import annotations

import re

from .aggregate import Results
from .literals import format_value
from .model import Plan, variation_values
from .tabular import Field, Resource, csv_bytes, data_package
from .target_literals import format_target

_PCT = "Frazione da 0 a 1 (0.9734 = 97,34 %); vuota se non valutabile (N/D)"
_STATUS = Field("stato", "string", "Stato", "Raggiunto, Parzialmente raggiunto, Non raggiunto o N/D (soglie del piano)")

ENTE = Resource(
    "ente.csv",
    "ente",
    "Performance dell'Ente",
    (
        Field("anno", "integer", "Anno"),
        Field("ente", "string", "Ente"),
        Field("periodo", "string", "Periodo di consuntivo", "31/12 (annuale) o 30/06 (intermedio)"),
        Field("performance", "number", "Performance di Ente", _PCT),
        Field("grado_conseguimento", "number", "Grado di conseguimento degli obiettivi", _PCT),
        Field("obiettivi_valutati", "integer", "Obiettivi operativi valutati"),
        Field("obiettivi_raggiunti", "integer", "Obiettivi operativi raggiunti"),
        Field("soglia_raggiunto", "number", "Soglia di raggiungimento", "Frazione (0.8 = 80 %)"),
        Field("soglia_parziale", "number", "Soglia di raggiungimento parziale", "Frazione (0.6 = 60 %)"),
    ),
)
AMBITI = Resource(
    "ambiti.csv",
    "ambiti",
    "Ambiti strategici",
    (
        Field("codice", "string", "Codice"),
        Field("nome", "string", "Ambito strategico"),
        Field("percentuale", "number", "Performance", _PCT),
        _STATUS,
    ),
    primary_key=("codice",),
)
STRATEGICI = Resource(
    "obiettivi_strategici.csv",
    "obiettivi_strategici",
    "Obiettivi strategici",
    (
        Field("codice", "string", "Codice"),
        Field("ambito", "string", "Ambito strategico", "Codice dell'ambito (ambiti.csv)"),
        Field("nome", "string", "Obiettivo strategico"),
        Field("percentuale", "number", "Performance", _PCT),
        _STATUS,
    ),
    primary_key=("codice",),
)
OBIETTIVI = Resource(
    "obiettivi.csv",
    "obiettivi",
    "Obiettivi operativi",
    (
        Field("codice", "string", "Codice"),
        Field("obiettivo_strategico", "string", "Obiettivo strategico", "Codice (obiettivi_strategici.csv)"),
        Field("nome", "string", "Obiettivo operativo"),
        Field("area", "string", "Area organizzativa"),
        Field("percentuale", "number", "% di raggiungimento", _PCT),
        _STATUS,
    ),
    primary_key=("codice",),
)
INDICATORI = Resource(
    "indicatori.csv",
    "indicatori",
    "Indicatori",
    (
        Field("obiettivo", "string", "Obiettivo operativo", "Codice (obiettivi.csv)"),
        Field("codice", "string", "Codice indicatore"),
        Field("nome", "string", "Indicatore"),
        Field("descrizione", "string", "Descrizione / formula"),
        Field("peso", "number", "Peso", "Peso nell'obiettivo in punti percentuali (33.3 = 33,30 %)"),
        Field("target", "string", "Target", "Come nella Relazione: operatore, valore e unità (es. «>= 350 N.»)"),
        Field("consuntivo", "string", "Consuntivo", "Come nella Relazione, con l'unità; N/D se non rilevato"),
        Field("percentuale", "number", "% di raggiungimento", _PCT),
        _STATUS,
        Field("causa_scostamento", "string", "Causa dello scostamento"),
        Field("azione_correttiva", "string", "Azione correttiva"),
    ),
)
VARIAZIONI = Resource(
    "variazioni.csv",
    "variazioni",
    "Variazioni del piano",
    (
        Field("indicatore", "string", "Codice indicatore"),
        Field("campo", "string", "Campo variato", "Target, Peso, Operatore o Indicatore"),
        Field("valore_approvato", "string", "Valore approvato"),
        Field("nuovo_valore", "string", "Nuovo valore"),
        Field("data", "string", "Data della variazione"),
        Field("atto", "string", "Atto"),
        Field("motivazione", "string", "Motivazione"),
    ),
)
RESOURCES = (ENTE, AMBITI, STRATEGICI, OBIETTIVI, INDICATORI, VARIAZIONI)


def _pct(v: float | None) -> float | None:
    return None if v is None or v != v else round(v, 6)


def open_data_files(plan: Plan, res: Results) -> dict[str, bytes]:
    """File name -> bytes: the six CSVs and ``datapackage.json`` (the same plan gives the same bytes)."""
    reached = sum(res.status(res.objectives.get(o.code)).value == "Raggiunto" for o in plan.objectives)
    scored = sum(res.objectives.get(o.code) is not None for o in plan.objectives)
    st = res.status
    rows: dict[Resource, list[list[object]]] = {
        ENTE: [
            [
                plan.anno or None,
                plan.ente,
                res.period,
                _pct(res.ente),
                _pct(res.grado),
                scored,
                reached,
                plan.thresholds.raggiunto,
                plan.thresholds.parziale,
            ]
        ],
        AMBITI: [[a.code, a.name, _pct(p := res.ambiti.get(a.code)), st(p).value] for a in plan.ambiti],
        STRATEGICI: [
            [s.code, s.ambito, s.name, _pct(p := res.strategic.get(s.code)), st(p).value] for s in plan.strategic
        ],
        OBIETTIVI: [
            [o.code, o.strategic, o.name, o.area, _pct(p := res.objectives.get(o.code)), st(p).value]
            for o in plan.objectives
        ],
        INDICATORI: [
            [
                i.objective,
                i.code,
                i.name,
                i.description,
                round(i.weight, 6),
                format_target(i),
                format_value(i.at(res.period)[0], i.unit),
                _pct(p),
                st(p).value,
                i.cause,
                i.action,
            ]
            for i, p in zip(plan.indicators, res.indicators, strict=True)
        ],
        VARIAZIONI: [
            [v.indicator, v.field, *variation_values(plan, v), v.date, v.act, v.reason] for v in plan.variations
        ],
    }
    files = {r.path: csv_bytes([r.header(), *rows[r]], dialect="open") for r in RESOURCES}
    slug = re.sub(r"[^a-z0-9]+", "-", f"performance {plan.anno or ''} {plan.ente}".casefold()).strip("-")
    files["datapackage.json"] = data_package(
        slug or "performance",
        f"Performance {plan.anno or ''} - {plan.ente}".strip(),
        RESOURCES,
        publisher=plan.ente or "Ente",
        description=(
            "Risultati della performance organizzativa (Relazione sulla performance): Ente, ambiti strategici, "
            "obiettivi strategici e operativi, indicatori con target, consuntivo e percentuale di raggiungimento, "
            "variazioni del piano. Dati aggregati, senza dati personali."
        ),
    )
    return files


def write_open_data(plan: Plan, res: Results, out, overwrite: bool = False) -> list[str]:
    """Write the package into folder ``out``: all files or none (each to a temporary file first);
    an existing file is replaced only with ``overwrite``, and kept as ``.bak``."""
    import contextlib
    from pathlib import Path

    from .files import atomic_output

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    files = open_data_files(plan, res)
    with contextlib.ExitStack() as stack:
        for name, data in files.items():
            stack.enter_context(atomic_output(out / name, overwrite=overwrite)).write_bytes(data)
    return list(files)
