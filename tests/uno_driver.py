"""Drive a private, headless LibreOffice through UNO (run with the Python that has ``import uno``:
Debian's /usr/bin/python3 with python3-uno, not necessarily the one running the tests).

    /usr/bin/python3 tests/uno_driver.py PROFILE CACHE IN.xlsm [--out OUT.xlsm] [--clear SHEET]… [--command aggiorna]

Starts soffice with ``-env:UserInstallation=PROFILE -env:UNO_SHARED_PACKAGES_CACHE=CACHE`` and a
pipe to talk to, opens IN hidden, recalculates everything (timed), optionally runs the extension's
menu command (``org.xlperf.calc.Commands``), stores OUT as .xlsm (VBA kept), prints the timings as
JSON and stops the soffice it started (only that process).
"""

import json
import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def _prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def _connect(pipe, proc, timeout=90):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + timeout
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def main(argv):
    profile, cache, src = argv[:3]
    out = argv[argv.index("--out") + 1] if "--out" in argv else None
    command = argv[argv.index("--command") + 1] if "--command" in argv else None
    cleared = [argv[i + 1] for i, a in enumerate(argv) if a == "--clear"]
    pipe = f"xlperf_test_{os.getpid()}"
    soffice = os.environ.get("SOFFICE", "soffice")
    proc = subprocess.Popen(
        [
            soffice,
            f"-env:UserInstallation={uno.systemPathToFileUrl(profile)}",
            f"-env:UNO_SHARED_PACKAGES_CACHE={uno.systemPathToFileUrl(cache)}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            f"--accept=pipe,name={pipe};urp;",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    times = {}
    try:
        ctx = _connect(pipe, proc)
        smgr = ctx.ServiceManager
        desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        t = time.perf_counter()
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(src), "_blank", 0, (_prop("Hidden", True),))
        times["load_s"] = time.perf_counter() - t
        t = time.perf_counter()
        doc.calculateAll()
        times["calculate_all_s"] = time.perf_counter() - t
        t = time.perf_counter()
        doc.calculateAll()
        times["calculate_all_warm_s"] = time.perf_counter() - t
        for name in cleared:  # so that what the command leaves there is its own work
            doc.getSheets().getByName(name).clearContents(1 | 2 | 4 | 16 | 32)
        if command:
            t = time.perf_counter()
            smgr.createInstanceWithContext("org.xlperf.calc.Commands", ctx).trigger(command)
            times["command_s"] = time.perf_counter() - t
        if out:
            doc.storeToURL(uno.systemPathToFileUrl(out), (_prop("FilterName", "Calc MS Excel 2007 VBA XML"),))
        doc.close(True)
        try:
            desktop.terminate()
        except Exception:  # the bridge drops as soffice quits
            pass
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
    print(json.dumps(times))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
