"""LibreOffice Calc recalculating the 2025 demo: PERF_* through the xlperf extension vs native formulas.

    python benchmarks/bench_calc.py

In the same run and the same private LibreOffice (extension installed, every formula recalculated
on load): the demo master (.xlsm, 1 026 PERF_* cells computed by the add-in in LibreOffice's
Python) against the same plan written with native formulas only (``area_copy=True``: what the area
copies carry, here for all five areas), best of three: opening (which recalculates everything),
``calculateAll()`` right after, and «Aggiorna riepilogo» through the extension (the bridge to this
Python included). Needs soffice and /usr/bin/python3 with python3-uno.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from uno_driver import install_extension, lo_env  # noqa: E402

from xlperf.calc.build import build  # noqa: E402
from xlperf.demo import demo_plan  # noqa: E402
from xlperf.template.builder import build_workbook  # noqa: E402


def drive(profile: Path, cache: Path, path: Path, command: str | None = None) -> dict:
    args = ["/usr/bin/python3", str(ROOT / "tests" / "uno_driver.py"), str(profile), str(cache), str(path)]
    env = lo_env(XLPERF_PYTHON=sys.executable, PYTHONPATH=str(ROOT), SOFFICE=shutil.which("soffice") or "soffice")
    proc = subprocess.run(
        args + (["--command", command] if command else []), capture_output=True, text=True, env=env, timeout=600
    )
    proc.check_returncode()
    return json.loads(proc.stdout.strip().splitlines()[-1])


def best(runs: list[dict]) -> dict:
    return {k: min(r[k] for r in runs) for k in runs[0]}


def main() -> None:
    soffice = shutil.which("soffice")
    if not soffice:
        raise SystemExit("soffice non trovato")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        oxt = build(root / "xlperf.oxt")
        profile, cache, _, _ = install_extension(soffice, oxt, root / "lo")
        plan = demo_plan()
        master = build_workbook(root / "demo.xlsm", plan)
        native = build_workbook(root / "demo_nativo.xlsx", plan, area_copy=True)
        rows = {
            "estensione (PERF_*)": best([drive(profile, cache, master) for _ in range(3)]),
            "formule native": best([drive(profile, cache, native) for _ in range(3)]),
        }
        refresh = best([drive(profile, cache, master, "aggiorna") for _ in range(3)])
    base = rows["formule native"]
    print(f"{'':22} {'apertura+ricalcolo':>20} {'calculateAll':>14} {'calculateAll (2a)':>18}")
    for name, r in rows.items():
        load, calc = r["load_s"] / base["load_s"], r["calculate_all_s"] / base["calculate_all_s"]
        print(
            f"{name:22} {r['load_s']:>18.2f} s {r['calculate_all_s']:>12.3f} s {r['calculate_all_warm_s']:>16.3f} s"
            f"   (apertura ×{load:.2f}, calculateAll ×{calc:.2f})"
        )
    print(f"«Aggiorna riepilogo» nell'estensione (bridge incluso): {refresh['command_s']:.2f} s")


if __name__ == "__main__":
    main()
