"""Vectorised scoring throughput: indicator scores per second on synthetic data.

    python benchmarks/bench_scoring.py [N]

Baseline in the same run: the scalar path (score_indicator) on a sample, so the ratio says what
vectorising buys on this machine.
"""

from __future__ import annotations

import sys
import time

import numpy as np

from xlperf.literals import Operator
from xlperf.scoring import score_array, score_indicator


def synthetic(n: int, seed: int = 1):
    rng = np.random.default_rng(seed)
    ops = rng.integers(0, 7, n).astype(np.int8)
    target = rng.choice([0.0, 1.0, -20.0, 350.0, 0.8, 739_000.0], n)
    actual = target * rng.uniform(0.5, 1.5, n)
    actual[rng.random(n) < 0.02] = np.nan
    return ops, target, actual


def best_of(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    ops, target, actual = synthetic(n)
    vec = best_of(lambda: score_array(ops, target, actual))
    sample = 20_000
    inv = list(Operator)
    args = [
        (inv[int(o)], float(t), None if np.isnan(a) else float(a))
        for o, t, a in zip(ops[:sample], target[:sample], actual[:sample], strict=False)
    ]
    scalar = best_of(lambda: [score_indicator(*x) for x in args], repeat=2)
    print(f"indicatori: {n:,}".replace(",", "."))
    print(f"vettoriale: {vec * 1000:.1f} ms  -> {n / vec / 1e6:.1f} M indicatori/s")
    print(f"scalare (baseline, {sample} campioni): {sample / scalar / 1e3:.1f} k indicatori/s")
    print(f"rapporto vettoriale/scalare: {(n / vec) / (sample / scalar):.0f}x")


if __name__ == "__main__":
    main()
