"""A new evaluation workbook's inputs: the default SMVP, the master's facts and its dirigenti."""

from __future__ import annotations

from .. import layout as L
from . import spec as S
from .inputs import Inputs
from .master import MasterFacts


def with_master(inp: Inputs, facts: MasterFacts) -> Inputs:
    """The cells xlperf owns, from the master (`crea` and `aggiorna`); what people typed is kept."""
    inp.cells.update(
        XV_Ente=facts.ente,
        XV_Anno=facts.anno,
        XP_Periodo=L.PERIODS.get(facts.period, facts.period),
        XP_SogliaRaggiunto=facts.thresholds.raggiunto,
        XP_SogliaParziale=facts.thresholds.parziale,
        XV_IdPiano=facts.plan_id,
        XV_Validata="SI" if facts.validated else "NO",
    )
    inp.ente = facts.org.ente
    inp.areas = [[name, *values] for name, values in facts.org.areas.items()]
    inp.dirigenti = [[name, *values] for name, values in facts.org.dirigenti.items()]
    return inp


def default_inputs(facts: MasterFacts) -> Inputs:
    inp = Inputs()
    inp.cells = {
        "XV_ScalaMin": S.DEFAULT_SCALE[0],
        "XV_ScalaMax": S.DEFAULT_SCALE[1],
        "XV_QuotaArt81": S.DEFAULT_ART81[0],
        "XV_MaggArt81": S.DEFAULT_ART81[1],
    }
    inp.groups = [[g.name, *g.weights, g.org, g.budget, "SI" if g.art81 else "NO"] for g in S.DEFAULT_GROUPS]
    inp.bands = [[b.name, b.minimum, b.share] for b in S.DEFAULT_BANDS]
    inp.behaviours = [[b.code, b.name, b.descriptor] for b in S.DEFAULT_BEHAVIOURS]
    inp.levels = [list(level) for level in S.DEFAULT_LEVELS]
    with_master(inp, facts)
    heads = {d: a for a, d in reversed(list(facts.area_heads.items()))}  # a dirigente's first area
    for i, name in enumerate(facts.dirigenti, start=1):
        group = "Segretario Generale" if "segretario" in name.casefold() else "Dirigenti"
        inp.people.append([f"D{i:02d}", name, group, heads.get(name, ""), "OIV", 100, 12, None])
    inp.behaviour_scores = [[] for _ in inp.people]
    inp.scheda = [{} for _ in inp.people]
    return inp
