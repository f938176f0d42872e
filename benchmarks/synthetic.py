"""Synthetic consolidations of the 2025 plan: chambers × indicators, for scale measurements.

Each chamber is one entry sheet ("C01", …) holding the seed's objectives with the chamber number
appended to every code (01_01_OS01 -> 01_01_OS0107), so codes stay unique; the seed's indicators
are cycled to reach the wanted count per chamber (60 × 500 = 30 000). Actuals are jittered
deterministically so that chambers score differently.
"""

from __future__ import annotations

import random

from xlperf.demo import demo_plan
from xlperf.model import Plan


def synthetic_plan(indicators: int, chambers: int | None = None, seed: int = 7) -> Plan:
    base = demo_plan()
    chambers = chambers or max(1, min(60, indicators // 500))
    per_chamber = -(-indicators // chambers)
    rng = random.Random(seed)
    plan = base.model_copy(deep=True)
    plan.objectives, plan.indicators, plan.areas, plan.area_heads = [], [], [], {}
    plan.ente = f"Sistema camerale (consolidato sintetico di {chambers} camere)"
    for k in range(1, chambers + 1):
        area = f"C{k:02d} Camera {k}"
        plan.areas.append(area)
        used = set()
        for j in range(per_chamber):
            if len(plan.indicators) >= indicators:
                break
            ind = base.indicators[j % len(base.indicators)]
            actual = ind.actual
            if isinstance(actual, float):
                actual = actual * rng.uniform(0.85, 1.1)
            code = f"{ind.code or 'IND'}_{k:02d}_{j}"
            plan.indicators.append(
                ind.model_copy(update={"objective": f"{ind.objective}{k:02d}", "actual": actual, "code": code})
            )
            used.add(ind.objective)
        for o in base.objectives:
            if o.code in used:
                plan.objectives.append(o.model_copy(update={"code": f"{o.code}{k:02d}", "area": area}))
    return plan


if __name__ == "__main__":
    import sys

    from xlperf.template import build_workbook

    n, out = int(sys.argv[1]), sys.argv[2]
    build_workbook(out, synthetic_plan(n))
    print(out)
