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
import shutil
import signal
import subprocess
import sys
import time


def lo_env(**extra) -> dict:
    """The environment for soffice: LibreOffice's embedded Python finds its standard library from the
    first ``python3`` on the PATH, so a pyenv interpreter's folder (3.11.7 here, LibreOffice links
    Debian's 3.11.2: the document then fails to load) is left out; the bridge finds the tests'
    interpreter through XLPERF_PYTHON instead."""
    path = os.pathsep.join(p for p in os.environ.get("PATH", "").split(os.pathsep) if ".pyenv" not in p)
    return {**os.environ, "PATH": path, **extra}


def install_extension(soffice: str, oxt, root):
    """``unopkg add --shared`` of ``oxt`` into a private profile and shared-packages cache under
    ``root`` (the system LibreOffice stays untouched; as root unopkg refuses per-user installs); the
    profile recalculates every formula on load. -> (profile, cache, -env: arguments, unopkg list)."""
    from pathlib import Path

    from conftest import RECALC_ALWAYS

    profile, cache = Path(root) / "profile", Path(root) / "cache"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALC_ALWAYS, encoding="utf-8")
    unopkg = shutil.which("unopkg") or str(Path(os.path.realpath(soffice)).parent / "unopkg")
    env = [f"-env:UserInstallation={profile.as_uri()}", f"-env:UNO_SHARED_PACKAGES_CACHE={cache.as_uri()}"]
    run = {"capture_output": True, "text": True, "timeout": 180, "stdin": subprocess.DEVNULL, "env": lo_env()}
    proc = subprocess.run([unopkg, "add", "--shared", "--suppress-license", *env, str(oxt)], **run)
    if proc.returncode:
        raise RuntimeError(proc.stdout + proc.stderr)
    listed = subprocess.run([unopkg, "list", "--shared", *env], **run).stdout
    # the first start on a new profile registers the extension and restarts: done once here
    subprocess.run([soffice, *env, "--headless", "--norestore", "--terminate_after_init"], **run)
    return profile, cache, env, listed


def _prop(name, value):
    from com.sun.star.beans import PropertyValue

    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def _connect(pipe, proc, timeout=90):
    import uno

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
    import uno

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
        start_new_session=True,  # soffice is oosplash + soffice.bin: a group of our own to stop
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
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # only the group this driver started
        except ProcessLookupError:
            pass
        proc.wait(timeout=30)
    print(json.dumps(times))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
