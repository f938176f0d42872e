"""From the extension to the controllo di gestione's Python: which interpreter, and one JSON call.

LibreOffice's own Python has no numpy or pydantic, so the refresh runs where xlperf is installed:
the interpreter named by ``XLPERF_PYTHON``, else the document's xlwings.conf (``Interpreter_Win`` on
Windows, ``Interpreter_Mac`` elsewhere, as the Excel button uses), else ``python3`` / ``python``
on the PATH. Standard library only: packed into the .oxt.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

ENV = "XLPERF_PYTHON"
TIMEOUT = 300
#: no console window flashing up on Windows
_NO_WINDOW: int = getattr(subprocess, "CREATE_NO_WINDOW", 0)

NOT_FOUND = (
    "Python con xlperf non trovato. Indicare il percorso di python.exe nel foglio xlwings.conf "
    "(Interpreter_Win), oppure nella variabile d'ambiente XLPERF_PYTHON, oppure installare xlperf "
    "nel Python del PATH (pip install xlperf). Cercato: {tried}."
)


class BridgeError(Exception):
    """An Italian message for the user (no traceback)."""


def conf_interpreter(conf_rows: list[list] | None) -> str | None:
    """The interpreter set in the xlwings.conf sheet (key in column A, value in column B)."""
    key = "interpreter_win" if sys.platform.startswith("win") else "interpreter_mac"
    for row in conf_rows or []:
        if len(row) >= 2 and isinstance(row[0], str) and row[0].strip().lower() == key:
            value = row[1]
            return value.strip() if isinstance(value, str) and value.strip() else None
    return None


def candidates(conf_rows: list[list] | None = None) -> list[str]:
    found = [os.environ.get(ENV, "").strip(), conf_interpreter(conf_rows) or ""]
    found += [shutil.which(name) or "" for name in ("python3", "python")]
    out: list[str] = []
    for exe in found:
        if exe and exe not in out:
            out.append(exe)
    return out


def _has_xlperf(exe: str) -> bool:
    try:
        proc = subprocess.run(
            [exe, "-c", "import xlperf.calc.bridge"],
            capture_output=True,
            timeout=60,
            stdin=subprocess.DEVNULL,
            creationflags=_NO_WINDOW,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return proc.returncode == 0


def interpreter(conf_rows: list[list] | None = None) -> str:
    tried = candidates(conf_rows)
    for exe in tried:
        if _has_xlperf(exe):
            return exe
    raise BridgeError(NOT_FOUND.format(tried=", ".join(tried) or "nessun Python"))


def call(request: dict, conf_rows: list[list] | None = None) -> dict:
    """Send ``request`` to ``python -m xlperf.calc.bridge``; its answer, or BridgeError."""
    exe = interpreter(conf_rows)
    try:
        proc = subprocess.run(
            [exe, "-m", "xlperf.calc.bridge"],
            input=json.dumps(request, ensure_ascii=False).encode("utf-8"),
            capture_output=True,
            timeout=TIMEOUT,
            creationflags=_NO_WINDOW,
        )
    except subprocess.TimeoutExpired:
        raise BridgeError(f"xlperf non ha risposto entro {TIMEOUT} secondi ({exe})") from None
    except OSError as exc:
        raise BridgeError(f"impossibile avviare {exe}: {exc.strerror or exc}") from None
    try:
        answer = json.loads(proc.stdout.decode("utf-8"))
    except ValueError:
        tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["nessun messaggio"]
        raise BridgeError(f"xlperf ({exe}) non ha dato una risposta leggibile: {tail[0]}") from None
    if answer.get("errore"):
        raise BridgeError(answer["errore"])
    return answer
