"""The 2025 demo as users run it: each command in a fresh process (Python start-up included),
median of 5, with its same-run baselines side by side.

    python benchmarks/bench_demo.py [--no-libreoffice]

- `xlperf refresh` against the bare openpyxl load+save of the same workbook (keep_vba) and against
  LibreOffice headless recalculating it (the PERF_* column as native formulas, recalc on load);
- `xlperf report --pdf` (two halves laid out in parallel, joined by pypdf) against the same Relazione
  laid out by WeasyPrint as one document in one process (what `report` did before).
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
ONE_DOCUMENT = """
import logging, sys
from weasyprint import HTML
from xlperf.aggregate import score_plan
from xlperf.readers.workbook import read_workbook
from xlperf.report import to_html
logging.getLogger("weasyprint").setLevel(logging.ERROR)
plan, _ = read_workbook(sys.argv[1])
HTML(string=to_html(plan, score_plan(plan))).write_pdf(sys.argv[2])
"""
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
        one = median_of([sys.executable, "-c", ONE_DOCUMENT, str(demo), str(tmp / "one.pdf")])
    print("| misura (demo 2025, 414 indicatori; mediana di 5, processo nuovo) | s | rapporto |")
    print("|---|---:|---:|")
    print(f"| xlperf refresh | {refresh:.2f} | |")
    print(f"| openpyxl load + save dello stesso file | {bare:.2f} | refresh = {refresh / bare:.2f}× |")
    if lo:
        print(f"| LibreOffice headless: apre, ricalcola, salva | {lo[0]:.2f} | refresh = {refresh / lo[0]:.2f}× |")
    print(f"| xlperf report --pdf (due metà in parallelo) | {pdf:.2f} | |")
    print(f"| la stessa Relazione in un solo documento | {one:.2f} | report = {pdf / one:.2f}× |")


if __name__ == "__main__":
    main()
