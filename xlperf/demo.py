"""The seed's 2025 plan (Camera di Commercio di Pistoia-Prato) as built-in demo data.

``data/piao_2025.csv`` holds every indicator of the Relazione's section 3 with its published %
(columns ``published_pct``, ``published_objective_pct``; ``ocr_note`` says where a value was
reconstructed); ``data/piao_2025.json`` holds the names of ambiti and strategic objectives, the
organisational areas, the dirigenti and the published totals.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from .model import Plan, Thresholds
from .readers.csv import read_csv_text

DEMO_CSV = "piao_2025.csv"
DEMO_META = "piao_2025.json"


def data_text(name: str) -> str:
    return resources.files("xlperf").joinpath("data", name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def demo_meta() -> dict:
    return json.loads(data_text(DEMO_META))


def apply_meta(plan: Plan, meta: dict) -> Plan:
    """Names, areas, dirigenti and thresholds from the plan's JSON sidecar."""
    plan.ente = meta.get("ente", plan.ente)
    plan.anno = int(meta.get("anno", plan.anno))
    plan.thresholds = Thresholds(**meta.get("soglie", {}))
    for a in plan.ambiti:
        a.name = meta.get("ambiti", {}).get(a.code, a.name)
    for s in plan.strategic:
        s.name = meta.get("obiettivi_strategici", {}).get(s.code, s.name)
    plan.area_heads = dict(meta.get("responsabili_aree", {}))
    from . import layout as L
    from .model import TrendRow

    trend = meta.get("trend", {})
    plan.trend = []
    for (name, description, reference, _fmt, computed), key in zip(
        L.TREND_DEFAULTS, ["gradimento_servizi", "grado_conseguimento", "costi_funzionamento_impresa"], strict=False
    ):
        data = trend.get(key, {})
        values = {int(k): v for k, v in data.items() if k.isdigit()}
        if computed:
            values.pop(plan.anno, None)  # this year's grado is what the refresh computes
        plan.trend.append(
            TrendRow(
                name=name,
                description=description,
                reference=data.get("riferimento", reference),
                values=values,
                computed=computed,
            )
        )
    plan.relazione = demo_relazione(meta.get("relazione", {}))
    area_of = {code: area for area, codes in meta.get("aree", {}).items() for code in codes}
    plan.areas = list(meta.get("aree", {}))
    plan.dirigenti = {name: d.get("ruolo", "") for name, d in meta.get("dirigenti", {}).items()}
    for o in plan.objectives:
        o.area = area_of.get(o.code, o.area)
        o.dirigenti = [name for name, d in meta.get("dirigenti", {}).items() if o.code in d.get("obiettivi", [])]
    return plan


def demo_relazione(data: dict):
    """The «Relazione» sheet of the demo: the seed's texts, personnel and process (the default)."""
    from .relazione.content import default_relazione

    rel = default_relazione()
    rel.present = True
    rel.texts = dict(data.get("testi", {}))
    rel.tables["personnel"] = [[name, float(n), None, None] for name, n in data.get("personale", [])]
    rel.tables["strategic"] = [[code, text] for code, text in data.get("obiettivi_strategici", {}).items()]
    return rel


def demo_plan() -> Plan:
    """A fresh copy of the 2025 plan, fully filled in."""
    plan, problems = read_csv_text(data_text(DEMO_CSV))
    errors = [p for p in problems if p.level.value == "errore"]
    if errors:  # the shipped seed must read cleanly: a broken installation or a bug of ours
        raise RuntimeError(f"dati dimostrativi non validi: {errors[0]}")
    return apply_meta(plan, demo_meta())


def published_rows() -> list[dict[str, str]]:
    """The demo CSV's rows as dicts (with the published % columns), in file order."""
    import csv
    import io

    return list(csv.DictReader(io.StringIO(data_text(DEMO_CSV)), delimiter=";"))
