"""Mutation check of the indicator rules (issue 20, acceptance 1): every copy of the rules must be
guarded by the fast loop.

For each ``abs(`` / ``np.abs(`` / ``ABS(`` in xlperf's sources (one at a time), this script drops the
function name in a scratch copy of the checkout (``abs(x)`` -> ``(x)``), runs
``pytest -m "not slow" -x`` there and records whether a test failed ("caught") or not ("SURVIVED").
Occurrences that are not the rules (a float tolerance, an absolute cell reference) are listed in
``NOT_RULES`` with the reason; the script fails when a rule mutant survives or when ``NOT_RULES``
names a line that no longer exists.

    python tests/mutate_rules.py [--jobs 2] [--only FILE]

Not a test (it runs the fast loop once per mutant: minutes); run it after touching a rule copy.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CALL = re.compile(r"\b(np\.abs|abs|ABS)\(")

#: (file, text of the line) -> why removing its abs is not a change of the indicator rules
NOT_RULES: dict[tuple[str, str], str] = {
    ("xlperf/literals.py", 'if value != value or abs(value) == float("inf"):'): "is-finite test of a number",
    ("xlperf/writers/xml.py", "if f.is_integer() and abs(f) < 1e15:"): "integer formatting of a cell value",
    ("xlperf/model.py", "return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))"): "float equality of two plans",
    ("xlperf/appraisal/reader.py", "if abs(sum(weights) - 100) > 1e-6:"): "appraisal weights add up to 100",
    ("xlperf/layout.py", 'text = f"{abs(float(v)):.6f}".rstrip("0")'): "decimals of a number format (Andamento)",
    ("xlperf/validate.py", "if abs(total - 100.0) > WEIGHT_TOLERANCE:"): "plan check: weights add up to 100",
}
#: files whose abs are never rules (number formatting, absolute cell references)
NOT_RULE_FILES = ("xlperf/writers/chart_part.py", "xlperf/appraisal/builder.py", "xlperf/validation.py")


def occurrences(only: str | None) -> list[tuple[Path, int, int]]:
    """(file, line number, column of the call) of every abs call in xlperf's sources."""
    found = []
    for path in sorted((ROOT / "xlperf").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if only and rel != only:
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            for m in CALL.finditer(code):
                found.append((path, n, m.start()))
    return found


def is_rule(path: Path, line: str) -> bool:
    rel = path.relative_to(ROOT).as_posix()
    return rel not in NOT_RULE_FILES and (rel, line.strip()) not in NOT_RULES


def mutate(src: str, lineno: int, col: int) -> str:
    lines = src.splitlines(keepends=True)
    line = lines[lineno - 1]
    m = CALL.match(line, col)
    assert m, (lineno, col)
    lines[lineno - 1] = line[:col] + "(" + line[m.end() :]
    return "".join(lines)


def run_fast_loop(tree: Path, jobs: int) -> bool:
    """True when the fast loop fails (the mutant is caught)."""
    cmd = [sys.executable, "-m", "pytest", "-m", "not slow", "-x", "-q", "-p", "no:cacheprovider"]
    if jobs > 1:
        cmd += ["-n", str(jobs)]
    env = {**os.environ, "PYTHONPATH": str(tree)}
    res = subprocess.run(cmd, cwd=tree, env=env, capture_output=True, text=True)
    return res.returncode != 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--only", help="one file, e.g. xlperf/scalar.py")
    args = ap.parse_args()
    stale = [k for k in NOT_RULES if (ROOT / k[0]).exists() and k[1] not in (ROOT / k[0]).read_text()]
    survived = []
    with tempfile.TemporaryDirectory(prefix="xlperf-mut-") as tmp:
        tree = Path(tmp) / "tree"
        shutil.copytree(ROOT, tree, ignore=shutil.ignore_patterns(".git", "__pycache__", "*.egg-info", ".venv"))
        for path, n, col in occurrences(args.only):
            rel = path.relative_to(ROOT).as_posix()
            line = (tree / rel).read_text(encoding="utf-8").splitlines()[n - 1]  # the copy: ROOT may change
            if not is_rule(path, line):
                print(f"  -      {rel}:{n}  (not a rule) {line.strip()}")
                continue
            target = tree / rel
            original = target.read_text(encoding="utf-8")
            target.write_text(mutate(original, n, col), encoding="utf-8")
            try:
                caught = run_fast_loop(tree, args.jobs)
            finally:
                target.write_text(original, encoding="utf-8")
            print(f"  {'caught' if caught else 'SURVIVED'}  {rel}:{n}:{col + 1}  {line.strip()}", flush=True)
            if not caught:
                survived.append(f"{rel}:{n}")
    for k in stale:
        print(f"NOT_RULES names a line that is gone: {k}")
    print(f"{len(survived)} rule mutants survived" + (": " + ", ".join(survived) if survived else ""))
    return 1 if survived or stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
