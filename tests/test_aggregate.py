import pytest

from xlperf.aggregate import Status, score_plan, status_of, weighted_mean
from xlperf.model import Thresholds
from xlperf.readers.csv import read_csv_text

HEADER = "objective_code;indicator_code;indicator_name;weight_pct;operator;target;unit;actual\n"


def plan_of(rows: str):
    plan, problems = read_csv_text(HEADER + rows)
    assert not [p for p in problems if p.level.value == "errore"], problems
    return plan


def test_na_weights_are_redistributed():
    plan = plan_of("01_01_OP01;a;A;50;>=;100;N.;50\n01_01_OP01;b;B;25;>=;100;N.;100\n01_01_OP01;c;C;25;>=;100;N.;N/D\n")
    res = score_plan(plan)
    # (50*0.5 + 25*1) / 75, not / 100
    assert res.objectives["01_01_OP01"] == pytest.approx((25 + 25) / 75)


def test_all_na_objective_is_na_and_excluded_from_means():
    plan = plan_of("01_01_OP01;a;A;100;>=;100;N.;N/D\n01_01_OP02;b;B;100;>=;100;N.;80\n")
    res = score_plan(plan)
    assert res.objectives["01_01_OP01"] is None
    assert res.strategic["01_01"] == pytest.approx(0.8)
    assert res.ente == pytest.approx(0.8)
    assert res.grado == 1.0  # 1 of the 1 scored objectives


def test_strategic_plain_mean_and_ente_mean_of_strategic():
    plan = plan_of("01_01_OP01;;A;100;>=;100;N.;100\n01_01_OP02;;B;100;>=;100;N.;50\n02_01_OP01;;C;100;>=;100;N.;70\n")
    res = score_plan(plan)
    assert res.strategic == {"01_01": pytest.approx(0.75), "02_01": pytest.approx(0.7)}
    assert res.ambiti == {"01": pytest.approx(0.75), "02": pytest.approx(0.7)}
    assert res.ente == pytest.approx(0.725)  # mean of strategic objectives, not of operational ones
    assert res.grado == pytest.approx(1 / 3)


@pytest.mark.parametrize(
    "pct, status",
    [
        (0.80, Status.RAGGIUNTO),
        (0.7999, Status.PARZIALE),
        (0.60, Status.PARZIALE),
        (0.5999, Status.NON_RAGGIUNTO),
        (0.0, Status.NON_RAGGIUNTO),
        (None, Status.ND),
        (1.0, Status.RAGGIUNTO),
    ],
)
def test_status_boundaries(pct, status):
    assert status_of(pct) is status


def test_boundary_survives_float_noise():
    # 0.8 reached through arithmetic is 0.7999999999999999 in floating point
    assert status_of(0.1 * 8) is Status.RAGGIUNTO
    plan = plan_of("01_01_OP01;;A;100;=;100;%;80\n")
    assert score_plan(plan).status(score_plan(plan).objectives["01_01_OP01"]) is Status.RAGGIUNTO


def test_configurable_thresholds():
    t = Thresholds(raggiunto=0.9, parziale=0.7)
    assert status_of(0.85, t) is Status.PARZIALE
    with pytest.raises(ValueError):
        Thresholds(raggiunto=0.5, parziale=0.7)


def test_weighted_mean_nothing_scored():
    assert weighted_mean([float("nan")], [10]) is None
    assert weighted_mean([0.5], [0]) is None
