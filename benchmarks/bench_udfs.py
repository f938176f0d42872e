"""The PERF_* functions as Excel calls them, and the import time of the button's path.

    python benchmarks/bench_udfs.py

In the same run: PERF_INDICATOR cell by cell against PERF_INDICATORS on the same column (the 2025
plan's 414 rows repeated to 30 000), PERF_OBJECTIVE over a 30 000-row column, and
`python -X importtime -c "import xlperf.refresh"` (what a click pays before any work).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_scoring import best_of  # noqa: E402

from xlperf.demo import demo_plan  # noqa: E402
from xlperf.udfs import PERF_INDICATOR, PERF_INDICATORS, PERF_OBJECTIVE  # noqa: E402


def import_time(module: str) -> float:
    """Seconds to import ``module`` in a fresh interpreter, as -X importtime reports it."""
    runs = []
    for _ in range(3):
        err = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", f"import {module}"], capture_output=True, text=True
        ).stderr
        total = int(re.findall(r"\|\s+(\d+)\s+\|\s+" + re.escape(module) + r"\s*$", err, re.M)[-1])
        runs.append(total / 1e6)
    return min(runs)


def main() -> None:
    plan = demo_plan()
    rows = [(i.target, i.actual, i.operator.value) for i in plan.indicators]
    scalar = best_of(lambda: [PERF_INDICATOR(*r) for r in rows]) / len(rows)
    big = (rows * (30_000 // len(rows) + 1))[:30_000]
    t, a, o = ([r[k] for r in big] for k in range(3))
    array = best_of(lambda: PERF_INDICATORS(t, a, o), repeat=2) / len(big)
    pcts, weights = [0.9] * 30_000, [10.0] * 30_000
    codes = [f"OB{k // 10:05d}" for k in range(30_000)]
    objective = best_of(lambda: PERF_OBJECTIVE(pcts, weights, codes, "OB00005"))
    print("| misura | valore |")
    print("|---|---:|")
    print(f"| PERF_INDICATOR, una cella (414 righe del piano 2025) | {scalar * 1e6:.1f} µs |")
    print(f"| PERF_INDICATORS, per cella su 30 000 righe | {array * 1e6:.1f} µs |")
    print(f"| PERF_OBJECTIVE su una colonna di 30 000 righe | {objective * 1e3:.1f} ms |")
    print(f"| import xlperf.refresh (-X importtime) | {import_time('xlperf.refresh'):.2f} s |")
    print(f"| import xlperf.udfs (-X importtime) | {import_time('xlperf.udfs'):.2f} s |")


def warm_button() -> None:
    """The button's refresh(book) on xlwings' remote engine, twice in one process: the first click
    pays the imports (what a cold RunPython pays every time), the second is the warm UDF server."""
    import os

    os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")  # PolyForm Noncommercial: measuring only
    code = (
        "import time, sys; t0 = time.perf_counter(); sys.path.insert(0, 'tests');"
        "from conftest import remote_book; from xlperf.excel import refresh; t1 = time.perf_counter();"
        "import subprocess; p = '/tmp/xlperf_bench_demo.xlsm';"
        "subprocess.run([sys.executable, '-m', 'xlperf.cli', 'demo', p, '--sovrascrivi'], capture_output=True);"
        "b, _ = remote_book(p); t2 = time.perf_counter(); refresh(b); t3 = time.perf_counter();"
        "b, _ = remote_book(p); t4 = time.perf_counter(); refresh(b); t5 = time.perf_counter();"
        "print(f'{t1 - t0:.2f} {t3 - t2:.3f} {t5 - t4:.3f}')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=os.environ).stdout.split()
    imports, first, second = (float(x) for x in out)
    print(f"| pulsante (motore remoto): import di xlperf.excel e xlwings | {imports:.2f} s |")
    print(f"| pulsante: primo clic, refresh(book) sul demo | {first * 1e3:.0f} ms |")
    print(f"| pulsante: clic successivo nello stesso processo (UDF server) | {second * 1e3:.0f} ms |")


if __name__ == "__main__":
    main()
    warm_button()
