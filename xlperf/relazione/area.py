"""An area's report inputs, without copying the plan: the area's objectives and indicators with the
scores of those indicators, and the rest of the scores the whole plan's (the official ones).

`collect.area_plan` deep-copies the whole plan (it makes the area copy's model); a report only reads,
so a shallow view is enough, and 60 area reports at 30 000 indicators no longer copy the plan 60
times. The indicator scores are filtered with the indicators: the report's rows pair them by position.
"""

from __future__ import annotations

import dataclasses

from ..aggregate import Results
from ..model import Plan


def area_view(plan: Plan, res: Results, area: str) -> tuple[Plan, Results]:
    objectives = [o for o in plan.objectives if o.area == area]
    codes = {o.code for o in objectives}
    keep = [n for n, ind in enumerate(plan.indicators) if ind.objective in codes]
    strategic = [s for s in plan.strategic if s.code in {o.strategic for o in objectives}]
    part = plan.model_copy(
        update={
            "objectives": objectives,
            "strategic": strategic,
            "ambiti": [a for a in plan.ambiti if a.code in {s.ambito for s in strategic}],
            "indicators": [plan.indicators[n] for n in keep],
            "areas": [area],
            "area_heads": {a: d for a, d in plan.area_heads.items() if a == area},
            "area_file": area,
            "validated": "",
            "approved": "",  # as collect.area_plan: variations live in the master
        }
    )
    return part, dataclasses.replace(res, indicators=[res.indicators[n] for n in keep])
