"""The 2025 demo as users run it: each command in a fresh process (Python start-up included),
median of 5, with its same-run baselines side by side.

    python benchmarks/bench_demo.py [--no-libreoffice]

- `xlperf refresh` against the bare openpyxl load+save of the same workbook (keep_vba) and against
  LibreOffice headless recalculating it (the PERF_* column as native formulas, recalc on load);
- `xlperf report --pdf` (Typst; its engines compared in benchmarks/bench_relazione.py).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_scale import libreoffice_recalc, run  # noqa: E402

CLI = [sys.executable, "-m", "xlperf.cli"]
OPENPYXL = "import openpyxl, sys; openpyxl.load_workbook(sys.argv[1], keep_vba=True).save(sys.argv[2])"


def median_of(cmd: list[str], before=None, n: int = 5) -> float:
    times = []
    for _ in range(n):
        if before:
            before()
        times.append(run(cmd)[0])
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--no-libreoffice", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="xlperf-bench-demo-") as tmp:
        tmp = Path(tmp)
        demo, work = tmp / "demo.xlsm", tmp / "work.xlsm"
        subprocess.run([*CLI, "demo", str(demo)], check=True, capture_output=True)
        fresh = lambda: shutil.copy(demo, work)  # noqa: E731
        refresh = median_of([*CLI, "refresh", str(work), "--silenzioso"], before=fresh)
        bare = median_of([sys.executable, "-c", OPENPYXL, str(demo), str(tmp / "saved.xlsm")])
        lo = None if args.no_libreoffice else libreoffice_recalc(demo, tmp / "lo")
        pdf = median_of([*CLI, "report", str(demo), "--pdf", str(tmp / "r.pdf"), "--sovrascrivi", "--silenzioso"])
    print("| misura (demo 2025, 414 indicatori; mediana di 5, processo nuovo) | s | rapporto |")
    print("|---|---:|---:|")
    print(f"| xlperf refresh | {refresh:.2f} | |")
    print(f"| openpyxl load + save dello stesso file | {bare:.2f} | refresh = {refresh / bare:.2f}× |")
    if lo:
        print(f"| LibreOffice headless: apre, ricalcola, salva | {lo[0]:.2f} | refresh = {refresh / lo[0]:.2f}× |")
    print(f"| xlperf report --pdf (Typst, PDF/UA-1 + PDF/A-2a) | {pdf:.2f} | |")


if __name__ == "__main__":
    main()
