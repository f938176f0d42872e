"""Scale: time and peak memory of `xlperf score` and `xlperf refresh` at 330, 3 000 and 30 000
indicators, with same-run baselines: openpyxl's reader vs python-calamine, and LibreOffice
headless recalculating the same workbook with native Excel formulas instead of PERF_*.

    python benchmarks/bench_scale.py [--sizes 330,3000,30000] [--no-libreoffice]

Prints a Markdown table (the one in the README). Each command runs in a fresh process so the
figures include Python's start-up, as a user sees them; peak memory is that process's max RSS.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_scoring import best_of  # noqa: E402
from synthetic import synthetic_plan  # noqa: E402

from xlperf import layout as L  # noqa: E402
from xlperf.readers.grid import load_grid, load_grid_openpyxl  # noqa: E402
from xlperf.template import build_workbook  # noqa: E402


def run(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) not in (0, 2):
        raise RuntimeError(f"{cmd} failed")
    return wall, usage.ru_maxrss / 1024


def native_formula(row: int) -> str:
    """PERF_INDICATOR's rules in plain Excel functions (what a workbook without Python would need)."""
    op, t, a = (f"{L.entry_col(f)}{row}" for f in ("operator", "target", "actual"))
    ge, le = f'OR({op}=">=",{op}=">")', f'OR({op}="<=",{op}="<")'
    return (
        f'=IF(OR({a}="",{a}="N/D"),"N/D",IF({op}="Entro",IF({a}<={t},1,0),IF({op}="SI/NO",IF({a}="SI",1,0),'
        f'IF({t}=0,IF(OR(AND({ge},{a}>={t}),AND({le},{a}<={t}),AND({op}="=",{a}={t})),1,0),'
        f"MAX(0,MIN(1,IF({ge},1-MAX(0,{t}-{a})/ABS({t}),IF({le},1-MAX(0,{a}-{t})/ABS({t}),1-ABS({a}-{t})/ABS({t})))))))))"
    )


def libreoffice_recalc(src: Path, work: Path) -> tuple[float, float] | None:
    """Seconds for LibreOffice to load+recalculate+save the workbook with native formulas, and the
    same conversion of a values-only copy (the baseline: load and save without formulas)."""
    soffice = shutil.which("soffice")
    if not soffice:
        return None
    import openpyxl

    wb = openpyxl.load_workbook(src)
    native = openpyxl.load_workbook(src)
    for ws_vals, ws_f in zip(wb.worksheets, native.worksheets, strict=False):
        if not ws_f.title.startswith("C"):
            continue
        col = L.ENTRY_FIELDS.index("pct") + 1
        for r in range(L.ENTRY_FIRST_ROW, ws_f.max_row + 1):
            ws_f.cell(row=r, column=col).value = native_formula(r)
            ws_f.cell(row=r, column=col + 1).value = None
            ws_vals.cell(row=r, column=col).value = 0.5
            ws_vals.cell(row=r, column=col + 1).value = None
    work.mkdir(parents=True, exist_ok=True)
    native.save(work / "native.xlsx")  # openpyxl writes formulas without cached values
    wb.save(work / "values.xlsx")
    profile = work / "lo-profile"
    xcu = profile / "user" / "registrymodifications.xcu"
    xcu.parent.mkdir(parents=True, exist_ok=True)
    xcu.write_text(  # always recalculate OOXML files on load
        '<?xml version="1.0" encoding="UTF-8"?><oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        '<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">'
        "<value>0</value></prop></item></oor:items>"
    )
    out = {}
    for name in ("values", "native"):
        cmd = [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "ods",
            "--outdir",
            str(work / "out"),
            str(work / f"{name}.xlsx"),
        ]
        subprocess.run(cmd, capture_output=True, timeout=900)  # warm-up of the profile
        out[name] = run(cmd)[0]
    return out["native"], out["values"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="330,3000,30000")
    ap.add_argument("--no-libreoffice", action="store_true")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    with tempfile.TemporaryDirectory(prefix="xlperf-bench-") as tmp:
        tmp = Path(tmp)
        for n in sizes:
            src = tmp / f"s{n}.xlsm"
            build_workbook(src, synthetic_plan(n))
            score_t, score_m = run([sys.executable, "-m", "xlperf.cli", "score", str(src), "--json"])
            work = tmp / f"r{n}.xlsm"
            shutil.copy(src, work)
            refresh_t, refresh_m = run([sys.executable, "-m", "xlperf.cli", "refresh", str(work), "--silenzioso"])
            t_openpyxl = best_of(lambda src=src: load_grid_openpyxl(src), repeat=3)
            t_calamine = best_of(lambda src=src: load_grid(src), repeat=3)
            lo = None if args.no_libreoffice else libreoffice_recalc(src, tmp / f"lo{n}")
            rows.append((n, score_t, score_m, refresh_t, refresh_m, t_openpyxl, t_calamine, lo))
            print(f"{n}: done", file=sys.stderr)
    print(
        "| indicatori | score (s) | score picco (MB) | refresh (s) | refresh picco (MB) | refresh µs/indicatore "
        "| lettura openpyxl (s) | lettura calamine (s) | LibreOffice ricalcolo nativo (s) | LibreOffice solo valori "
        "(s) |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n, st, sm, rt, rm, to, tc, lo in rows:
        lo_txt = ("{:.1f} | {:.1f}".format(*lo)) if lo else "— | —"
        print(
            f"| {n:,} | {st:.2f} | {sm:.0f} | {rt:.2f} | {rm:.0f} | {rt / n * 1e6:.0f} | {to:.2f} | {tc:.2f} | "
            f"{lo_txt} |".replace(",", ".")
        )


if __name__ == "__main__":
    main()
