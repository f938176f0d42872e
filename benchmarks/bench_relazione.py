"""The Relazione's PDF engines side by side, and the OIV pack at scale, in one run.

    python benchmarks/bench_relazione.py [--scale 30000] [--no-weasyprint]

- `xlperf score` on the demo (the baseline) against `xlperf report --pdf` (Typst, tagged PDF/UA-1 +
  PDF/A-2a), each a fresh process, median of 5; the same section model through WeasyPrint with
  ``pdf_variant="pdf/ua-1"`` (the alternative measured before choosing; not a dependency: skipped when
  not installed), with the pdfua checker's verdict on each;
- `xlperf valida` on the synthetic plan (benchmarks/synthetic.py: 60 areas, 30 000 indicators): wall
  time and peak RSS of the largest process (the main one or a Typst worker), in the same run as the
  demo's ratio.
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
from bench_scale import run  # noqa: E402

CLI = [sys.executable, "-m", "xlperf.cli"]
WEASYPRINT = """
import logging, sys, time
from weasyprint import HTML
from xlperf.aggregate import score_plan
from xlperf.readers.workbook import read_workbook
from xlperf.report import to_html
logging.getLogger("weasyprint").setLevel(logging.ERROR)
plan, _ = read_workbook(sys.argv[1])
HTML(string=to_html(plan, score_plan(plan))).write_pdf(sys.argv[2], pdf_variant="pdf/ua-1")
"""


def median_of(cmd: list[str], n: int = 5) -> float:
    return statistics.median(run(cmd)[0] for _ in range(n))


def pdfua(path: Path) -> str:
    if not shutil.which("pdfua"):
        return "pdfua non installato"
    out = subprocess.run(["pdfua", "check", str(path)], capture_output=True, text=True).stdout
    line = next((ln for ln in out.splitlines() if "result:" in ln), "")
    return line.split("result:")[-1].split("  ")[0].strip() or "?"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=int, default=30000, help="indicatori del piano sintetico (0: salta)")
    ap.add_argument("--no-weasyprint", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="xlperf-bench-rel-") as tmp:
        tmp = Path(tmp)
        demo = tmp / "demo.xlsm"
        subprocess.run([*CLI, "demo", str(demo)], check=True, capture_output=True)
        score = median_of([*CLI, "score", str(demo)])
        pdf = median_of([*CLI, "report", str(demo), "--pdf", str(tmp / "r.pdf"), "--sovrascrivi", "--silenzioso"])
        rows = [
            ("xlperf score (riferimento)", score, ""),
            (
                "xlperf report --pdf (Typst, PDF/UA-1 + PDF/A-2a)",
                pdf,
                f"{pdf / score:.2f}× score; {pdfua(tmp / 'r.pdf')}",
            ),
        ]
        try:
            import weasyprint  # noqa: F401

            have_weasyprint = not args.no_weasyprint
        except ImportError:
            have_weasyprint = False
        if have_weasyprint:
            wp = median_of([sys.executable, "-c", WEASYPRINT, str(demo), str(tmp / "w.pdf")], n=3)
            rows.append(
                ("la stessa Relazione con WeasyPrint pdf/ua-1", wp, f"{wp / score:.2f}× score; {pdfua(tmp / 'w.pdf')}")
            )
        if args.scale:
            from synthetic import synthetic_plan

            from xlperf.template import build_workbook

            big = tmp / "big.xlsm"
            build_workbook(big, synthetic_plan(args.scale))
            wall, rss = run([*CLI, "valida", str(big), "--out", str(tmp / "oiv")])
            rows.append((f"xlperf valida, piano sintetico di {args.scale} indicatori", wall, f"picco {rss:.0f} MB"))
    print("| misura (stessa esecuzione; processo nuovo, mediana) | s | note |")
    print("|---|---:|---|")
    for name, seconds, note in rows:
        print(f"| {name} | {seconds:.2f} | {note} |")


if __name__ == "__main__":
    main()
