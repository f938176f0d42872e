"""The engine reproduces every figure the 2025 Relazione publishes (seed section 3 and page 1)."""

import json
import subprocess
import sys

import pytest

from xlperf.aggregate import Status, score_plan
from xlperf.demo import demo_meta, demo_plan, published_rows
from xlperf.literals import parse_number

TOL = 0.01  # percentage points


@pytest.fixture(scope="module")
def plan_and_results():
    plan = demo_plan()
    return plan, score_plan(plan)


def test_plan_shape(plan_and_results):
    plan, _ = plan_and_results
    assert len(plan.ambiti) == 3
    assert len(plan.strategic) == 8
    assert len(plan.objectives) == 49
    assert len(plan.indicators) == len(published_rows()) > 400


def test_every_indicator_percentage(plan_and_results):
    plan, res = plan_and_results
    rows = published_rows()
    nd = 0
    for row, pct in zip(rows, res.indicators, strict=False):
        if row["published_pct"] == "N/D":
            assert pct is None, row
            nd += 1
        else:
            assert pct * 100 == pytest.approx(parse_number(row["published_pct"]), abs=TOL), row
    assert nd >= 5  # the seed's N/D rows are kept and not scored


def test_every_objective_percentage(plan_and_results):
    _, res = plan_and_results
    published = {r["objective_code"]: parse_number(r["published_objective_pct"]) for r in published_rows()}
    assert set(published) == set(res.objectives)
    for code, pct in res.objectives.items():
        assert pct * 100 == pytest.approx(published[code], abs=TOL), code


def test_strategic_objectives_are_means_of_published_objectives(plan_and_results):
    plan, res = plan_and_results
    published = {r["objective_code"]: parse_number(r["published_objective_pct"]) for r in published_rows()}
    for s in plan.strategic:
        vals = [published[o.code] for o in plan.objectives if o.strategic == s.code]
        assert res.strategic[s.code] * 100 == pytest.approx(sum(vals) / len(vals), abs=TOL)
    printed = demo_meta()["pubblicati"]["obiettivi_strategici"]
    assert res.strategic["01_01"] * 100 == pytest.approx(printed["01_01"], abs=TOL)  # 97,71
    assert res.strategic["01_04"] * 100 == pytest.approx(printed["01_04"], abs=TOL)  # 87,93


def test_ente_and_grado(plan_and_results):
    plan, res = plan_and_results
    assert f"{res.ente * 100:.2f}" == "97.34"
    assert res.ente * 100 == pytest.approx(97.34, abs=TOL)
    assert res.counts[Status.RAGGIUNTO] == 48 and len(res.objectives) == 49
    assert round(res.grado * 100) == demo_meta()["pubblicati"]["grado_conseguimento"] == 98


def test_the_one_partially_reached_objective(plan_and_results):
    _, res = plan_and_results
    partial = [c for c, v in res.objectives.items() if res.status(v) is Status.PARZIALE]
    assert partial == ["01_04_OS02"]
    assert res.objectives["01_04_OS02"] * 100 == pytest.approx(79.08, abs=TOL)


def test_cli_json_on_the_shipped_csv(tmp_path):
    from importlib import resources

    csv_path = resources.files("xlperf").joinpath("data", "piao_2025.csv")
    out = subprocess.run(
        [sys.executable, "-m", "xlperf.cli", "score", str(csv_path), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(out.stdout)
    assert set(data) == {
        "copertura",
        "ente",
        "grado_conseguimento",
        "ambiti",
        "obiettivi_strategici",
        "obiettivi_operativi",
        "indicatori",
    }
    assert data["ente"] == pytest.approx(0.9734, abs=1e-4)
    assert len(data["obiettivi_operativi"]) == 49
    assert data["indicatori"][0]["obiettivo"] == "01_01_UIC01"
    assert all(i["percentuale"] is None or 0 <= i["percentuale"] <= 1 for i in data["indicatori"])
