"""The 30/06 rules (monitoring.py): Target 30/06, stima a fine anno per kind, coverage."""

import datetime as dt

import pytest

from xlperf.aggregate import score_plan, status_of
from xlperf.literals import Operator
from xlperf.model import Ambito, Indicator, Objective, Plan, Status, StrategicObjective, Thresholds
from xlperf.monitoring import Rule, asks_cause, coverage, indicator_status, not_yet_due, rule_of

TH = Thresholds(raggiunto=0.8, parziale=0.6)


def ind(op=Operator.GE, target=400.0, mid=None, unit="N.", target_mid=None, objective="01_01_OP01", **kw):
    return Indicator(
        objective=objective,
        weight=kw.pop("weight", 100.0),
        operator=op,
        target=target,
        unit=unit,
        actual_mid=mid,
        target_mid=target_mid,
        **kw,
    )


def plan_of(*inds, anno=2026):
    objectives = sorted({i.objective for i in inds})
    return Plan(
        anno=anno,
        ambiti=[Ambito(code="01")],
        strategic=[StrategicObjective(code="01_01", ambito="01")],
        objectives=[Objective(code=c, strategic="01_01") for c in objectives],
        indicators=list(inds),
    )


def mid_status(i: Indicator) -> tuple[float | None, Status]:
    plan = plan_of(i)
    pct = score_plan(plan, "30/06").indicators[0]
    return pct, indicator_status(i, pct, "30/06", TH, plan.anno, status_of(pct, TH))


def test_count_400_with_200_at_mid_year_is_not_non_raggiunto():
    # without a Target 30/06: stima a fine anno 200 × 2 = 400 against 400 -> on track
    pct, st = mid_status(ind(mid=200.0))
    assert pct == pytest.approx(1.0) and st is Status.IN_CORSO
    # with a Target 30/06 of 200: scored against it, by the usual rules
    pct, st = mid_status(ind(mid=200.0, target_mid=200.0))
    assert pct == pytest.approx(1.0) and st is Status.RAGGIUNTO
    # the same value at 31/12 is half the annual target
    plan = plan_of(ind(mid=200.0, actual=200.0))
    assert score_plan(plan, "31/12").indicators[0] == pytest.approx(0.5)


def test_target_mid_uses_the_same_rules():
    pct, st = mid_status(ind(mid=200.0, target_mid=300.0))
    assert pct == pytest.approx(1 - 100 / 300) and st is Status.PARZIALE
    pct, st = mid_status(ind(op=Operator.LE, target=30.0, unit="gg", mid=33.0, target_mid=30.0))
    assert pct == pytest.approx(0.9) and st is Status.RAGGIUNTO


def test_projection_under_the_threshold_is_a_rischio():
    pct, st = mid_status(ind(mid=150.0))  # 300 of 400 expected
    assert pct == pytest.approx(0.75) and st is Status.A_RISCHIO


def test_ratios_stand_as_they_are():
    i = ind(target=0.9, unit="%", mid=0.85)
    assert rule_of(i) is Rule.AS_IS
    pct, st = mid_status(i)
    assert pct == pytest.approx(1 - 0.05 / 0.9) and st is Status.IN_CORSO
    i = ind(op=Operator.EQ, target=4.0, unit="N.", mid=2.0)  # «=»: as it stands, not projected
    assert rule_of(i) is Rule.AS_IS and mid_status(i)[0] == pytest.approx(0.5)


def test_deadline_after_mid_year_is_not_yet_due_unless_met():
    late = ind(op=Operator.DEADLINE, target=dt.date(2026, 10, 31), unit="")
    assert not_yet_due(late, 2026)
    pct, st = mid_status(late)
    assert pct is None and st is Status.NON_SCADUTO
    met = ind(op=Operator.DEADLINE, target=dt.date(2026, 10, 31), unit="", mid=dt.date(2026, 5, 2))
    assert mid_status(met) == (1.0, Status.IN_CORSO)
    past = ind(op=Operator.DEADLINE, target=dt.date(2026, 3, 31), unit="")
    assert not not_yet_due(past, 2026) and mid_status(past) == (None, Status.ND)


def test_si_no_as_stated():
    assert mid_status(ind(op=Operator.BOOL, target=True, unit="", mid=True)) == (1.0, Status.IN_CORSO)
    assert mid_status(ind(op=Operator.BOOL, target=True, unit="", mid=False)) == (0.0, Status.A_RISCHIO)


def test_cause_asked_only_below_target_or_at_risk():
    on_track = ind(mid=200.0)
    assert not asks_cause(on_track, 0.9, "30/06", TH, 2026)  # in corso: work half done
    assert asks_cause(on_track, 0.7, "30/06", TH, 2026)  # a rischio
    assert asks_cause(on_track, 0.7, "31/12", TH, 2026)  # the consuntivo: below the cause threshold
    assert not asks_cause(on_track, 0.9, "31/12", TH, 2026)  # default: the «raggiunto» threshold (80 %)
    strict = Thresholds(raggiunto=0.8, parziale=0.6, causa=0.95)  # Configurazione says 95 %
    assert asks_cause(on_track, 0.9, "31/12", strict, 2026) and not asks_cause(on_track, 0.96, "31/12", strict, 2026)
    assert not asks_cause(on_track, 1.0, "31/12", Thresholds(causa=1.0), 2026)  # never at 100 %
    mid = ind(mid=200.0, target_mid=300.0)
    assert asks_cause(mid, 0.7, "30/06", TH, 2026) and not asks_cause(mid, 0.9, "30/06", TH, 2026)
    assert asks_cause(mid, 0.9, "30/06", strict, 2026)  # below its Target 30/06: the same threshold
    assert not asks_cause(on_track, 0.9, "30/06", strict, 2026)  # work half done: the 30/06 rule stays


def test_coverage_per_level():
    a = ind(mid=200.0, objective="01_01_OP01")
    b = ind(mid=None, objective="01_01_OP01")
    c = ind(mid=None, declared_na_mid=True, objective="01_01_OP02")  # a declared N/D is an answer
    d = ind(op=Operator.DEADLINE, target=dt.date(2026, 11, 30), unit="", objective="01_01_OP02")  # not due
    cov = coverage(plan_of(a, b, c, d), "30/06")
    assert (cov.objectives["01_01_OP01"].filled, cov.objectives["01_01_OP01"].due) == (1, 2)
    assert cov.objectives["01_01_OP02"].complete and cov.objectives["01_01_OP02"].due == 1
    assert (cov.ente.filled, cov.ente.due) == (2, 3) and cov.strategic["01_01"] == cov.ambiti["01"] == cov.ente
    assert cov.evaluated == (1, 2) and cov.evaluated_text() == "1 di 2 obiettivi valutati"
    assert score_plan(plan_of(a, b, c, d), "30/06").to_json(plan_of(a, b, c, d))["copertura"]["ente"]["attesi"] == 3


def test_master_udf_follows_the_mid_year_rules():
    from xlperf.udfs import PERF_INDICATOR

    mid = "Monitoraggio al 30/06"
    assert PERF_INDICATOR(400, None, ">=", 200, mid, "N.", None) == 1.0  # stima a fine anno 400
    assert PERF_INDICATOR(400, None, ">=", 200, mid, "N.", 200) == 1.0  # its Target 30/06
    assert PERF_INDICATOR(400, None, ">=", 200, mid, "N.", 300) == pytest.approx(2 / 3)
    assert PERF_INDICATOR(0.9, None, ">=", 0.45, mid, "%", None) == pytest.approx(0.5)  # a ratio as it stands
    assert PERF_INDICATOR(400, 200, ">=", 200, "Consuntivo al 31/12", "N.", None) == pytest.approx(0.5)


def test_repeated_problems_are_grouped_per_sheet_and_kind():
    from xlperf.grouping import group, screenful
    from xlperf.model import Level, Problem

    def missing(row: int, name: str) -> Problem:
        return Problem(
            level=Level.WARNING,
            place=f"Area 1!K{row}",
            message=f"Monitoraggio 30/06 mancante per l'indicatore {name}: non sarebbe valutato",
            fix="scrivere il valore, oppure N/D se il dato non è disponibile",
        )

    problems = [missing(r, f"Indicatore {r}") for r in (4, 5, 6, 9)] + [
        Problem(level=Level.ERROR, place="Area 2!L5", message="consuntivo non valido: «boh»", fix="scrivere un numero"),
        Problem(level=Level.WARNING, place="Riepilogo", message="un pulsante del foglio «Riepilogo»", fix="ricreare"),
        Problem(level=Level.WARNING, place="Cruscotto", message="un pulsante del foglio «Cruscotto»", fix="ricreare"),
        Problem(level=Level.WARNING, place="Albero", message="un pulsante del foglio «Albero»", fix="ricreare"),
    ]
    groups = group(problems)
    assert groups[0].first.level is Level.ERROR  # errors first
    lines = [g.line() for g in groups]
    assert lines[1].startswith("AVVISO Area 1!K4–K6, K9: Monitoraggio 30/06 mancante per l'indicatore Indicatore …")
    assert "(4 celle) — scrivere il valore" in lines[1]
    assert sum("pulsante" in ln for ln in lines) == 3  # places that are not cells stay whole
    scattered = group([missing(r, f"Indicatore {r}") for r in range(4, 40, 2)])
    assert scattered[0].place() == "Area 1!K4, K6, K8, K10, …" and "(18 celle)" in scattered[0].message()
    many = [Problem(level=Level.WARNING, place=f"Foglio {k}", message="foglio non letto") for k in range(50)]
    short = screenful(many, lines=5)
    assert len(short) == 5 and "altri 46 problemi" in short[-1] and "check --tutti" in short[-1]


def test_istruzioni_explain_the_mid_year_rules_and_new_year_keeps_target_mid(tmp_path):
    import subprocess
    import sys

    import openpyxl

    from xlperf import layout as L
    from xlperf.demo import demo_plan
    from xlperf.monitoring import RULE_TEXT
    from xlperf.readers.workbook import read_workbook
    from xlperf.template import build_workbook

    plan = demo_plan()
    plan.indicators[3].target_mid = 2.0
    src = tmp_path / "PIAO_2025.xlsm"
    build_workbook(src, plan)
    text = " ".join(
        str(c.value) for row in openpyxl.load_workbook(src)[L.ISTRUZIONI].iter_rows() for c in row if c.value
    )
    assert all(rule_text in text for rule_text in RULE_TEXT.values()) and "A rischio (30/06)" in text
    out = tmp_path / "PIAO_2026.xlsm"
    proc = subprocess.run(
        [sys.executable, "-m", "xlperf.cli", "new", "--anno", "2026", "--da", str(src), str(out)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    new, _ = read_workbook(out)
    kept = [i for i in new.indicators if i.target_mid is not None]
    assert [(i.objective, i.target_mid) for i in kept] == [(plan.indicators[3].objective, 2.0)]
