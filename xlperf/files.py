"""Writing files safely: temporary file + fsync + rename, backups, locks, environment errors in Italian.

Shared by every command that writes (refresh, raccogli, demo/template/new, distribuisci, report):

* :func:`temp_next_to` / :func:`commit` — the new content goes to a temporary file in the target's
  folder, is flushed to disk, then renamed over the target (atomic on the same file system); the
  previous file, when kept, becomes ``NAME.bak`` the same way, so a crash leaves either the old or
  the new file and never half of one;
* :func:`workbook_lock` — one xlperf at a time on a workbook (two collections at once lost one's
  values): ``.~xlperf-lock-NAME`` next to it, waited for, refused with who holds it; also refuses a
  workbook open in Excel (``~$NAME``) or LibreOffice (``.~lock.NAME#``);
* :func:`environment_error` — read-only folder, full disk, missing folder… as an Italian message
  the user can act on (exit 2), not an internal error.
"""

from __future__ import annotations

import contextlib
import errno
import getpass
import os
import shutil
import signal
import socket
import tempfile
import time
from collections.abc import Iterator
from glob import escape as glob_escape
from pathlib import Path

from .errors import WorkbookError

LOCK_WAIT_SECONDS = 60.0
_held: set[Path] = set()  # the workbooks this process holds (the lock is re-entrant)


def temp_next_to(target: Path) -> Path:
    """An empty temporary file in ``target``'s folder, named after it (for leftover cleaning)."""
    fd, name = tempfile.mkstemp(prefix=f".~xlperf-{target.stem[:40]}-", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    return Path(name)


def fsync(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


#: the points of :func:`commit` where the crash test kills the process (``XLPERF_KILL_AT=<point>``)
KILL_POINTS = ("nuovo-scritto", "copia-scritta", "copia-rinominata", "sostituito")


def kill_point(name: str) -> None:
    """Test hook: die here, as a power cut would, when XLPERF_KILL_AT names this point."""
    if os.environ.get("XLPERF_KILL_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)


def pause_point(name: str) -> None:
    """Test hook: with XLPERF_PAUSE_AT=<name> and XLPERF_PAUSE_FILE=<path>, create that file here and
    wait while it exists (the test does something meanwhile, then removes it)."""
    flag = os.environ.get("XLPERF_PAUSE_FILE")
    if os.environ.get("XLPERF_PAUSE_AT") == name and flag:
        Path(flag).touch()
        while Path(flag).exists():
            time.sleep(0.05)


def commit(tmp: Path, out: Path, backup: Path | None = None, mode_from: Path | None = None) -> None:
    """Move the finished ``tmp`` over ``out``; first copy ``backup`` (the previous file) to
    ``backup.bak``, itself atomically. ``mode_from``: give the new file that file's permissions."""
    if mode_from is not None and mode_from.exists():
        shutil.copymode(mode_from, tmp)
    else:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; a workbook is an ordinary file
    fsync(tmp)
    kill_point("nuovo-scritto")
    if backup is not None and backup.exists():
        bak_tmp = temp_next_to(backup)
        try:
            shutil.copy2(backup, bak_tmp)
            fsync(bak_tmp)
            kill_point("copia-scritta")
            os.replace(bak_tmp, backup.with_name(backup.name + ".bak"))
            kill_point("copia-rinominata")
        finally:
            if bak_tmp.exists():
                bak_tmp.unlink()
    os.replace(tmp, out)
    kill_point("sostituito")


@contextlib.contextmanager
def atomic_output(out: Path, overwrite: bool = False) -> Iterator[Path]:
    """``with atomic_output(path) as tmp: write(tmp)``: all or nothing, ``.bak`` when replacing."""
    out = Path(out)
    if out.exists() and not overwrite:
        raise WorkbookError(
            f"il file «{out}» esiste già: scegliere un altro nome o aggiungere --sovrascrivi "
            "(la versione attuale viene conservata come .bak)"
        )
    if not out.parent.exists():
        raise WorkbookError(f"la cartella «{out.parent}» non esiste: crearla o indicare un'altra destinazione")
    tmp = temp_next_to(out)
    try:
        yield tmp
        commit(tmp, out, backup=out, mode_from=out)  # both only when there is a previous file
    finally:
        if tmp.exists():
            tmp.unlink()


def office_lock_holder(path: Path) -> str | None:
    """Who has the workbook open in Excel or LibreOffice (their lock files), or None."""
    excel = path.parent / f"~${path.name}"
    if excel.exists():
        return "Excel"
    libre = path.parent / f".~lock.{path.name}#"
    if libre.exists():
        try:  # "name,user,host,date,…" written by LibreOffice
            fields = libre.read_text(encoding="utf-8", errors="replace").split(",")
            who = fields[1].strip() or fields[0].strip()
            return f"LibreOffice ({who})" if who else "LibreOffice"
        except OSError:
            return "LibreOffice"
    return None


def lock_path(path: Path) -> Path:
    """The file that says which xlperf holds ``path`` (:func:`workbook_lock`): user|host|pid|time."""
    return path.parent / f".~xlperf-lock-{path.name}"


def process_alive(pid: int) -> bool:
    """A process with this id runs on this computer (maybe another user's)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _stale(lock: Path) -> bool:
    """A lock left by a process of this computer that no longer runs (killed, crashed)."""
    try:
        owner = lock.read_text(encoding="utf-8").split("|")
        host, pid = owner[1], int(owner[2])
    except (OSError, ValueError, IndexError):  # not written yet, or unreadable: stale only when old
        try:
            return time.time() - lock.stat().st_mtime > 600
        except FileNotFoundError:
            return True
    return host == socket.gethostname() and not process_alive(pid)


@contextlib.contextmanager
def workbook_lock(path: Path, wait: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    """Hold the workbook for this process: waits for another xlperf (up to ``wait`` seconds),
    re-entrant within the process, and cleans temporary files a killed run left behind."""
    path = Path(path).resolve()
    if path in _held:
        yield
        return
    holder = office_lock_holder(path)
    if holder:
        raise WorkbookError(
            f"«{path.name}» è aperto in {holder}: chiuderlo e riprovare "
            "(oppure usare il pulsante «Aggiorna riepilogo» nel file aperto)"
        )
    lock = lock_path(path)
    deadline = time.monotonic() + wait
    while True:
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            break
        except FileExistsError:
            if _stale(lock):
                with contextlib.suppress(FileNotFoundError):
                    lock.unlink()
                continue
            if time.monotonic() > deadline:
                try:
                    user, host, pid = lock.read_text(encoding="utf-8").split("|")[:3]
                    who = f"{user} su {host} (processo {pid})"
                except (OSError, ValueError):
                    who = "un altro processo"
                raise WorkbookError(
                    f"«{path.name}» è in uso da un'altra operazione di xlperf ({who}): "
                    "attendere che finisca e riprovare"
                ) from None
            time.sleep(0.1)
        except OSError as exc:
            raise environment_error(exc, lock) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(f"{_user()}|{socket.gethostname()}|{os.getpid()}|{time.time():.0f}")
        _held.add(path)
        for leftover in path.parent.glob(f".~xlperf-{glob_escape(path.stem[:40])}-????????{path.suffix}"):
            with contextlib.suppress(OSError):
                leftover.unlink()  # a temporary file of a run that was killed: never the workbook
        yield
    finally:
        _held.discard(path)
        with contextlib.suppress(FileNotFoundError):
            lock.unlink()


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in some containers
        return "utente"


def environment_error(exc: OSError, path: Path | str | None = None) -> WorkbookError:
    """An OSError the user can fix -> an Italian message saying what to do (exit 2)."""
    where = f"«{path}»" if path else (f"«{exc.filename}»" if exc.filename else "il file")
    code = exc.errno
    if code == errno.ENOSPC or code == errno.EDQUOT:
        text = (
            f"spazio su disco esaurito scrivendo {where}: liberare spazio e riprovare. Nessun file è stato modificato"
        )
    elif code == errno.ENAMETOOLONG:
        text = (
            f"il nome {where} è troppo lungo per il disco (al massimo 255 caratteri per nome di file o cartella): "
            "accorciarlo (o accorciare il nome dell'area in Configurazione). Nessun file è stato modificato"
        )
    elif code == errno.EROFS:
        text = f"{where} è su un disco o una cartella di sola lettura: scrivere in un'altra cartella (--out)"
    elif isinstance(exc, PermissionError) or code in (errno.EACCES, errno.EPERM):
        text = (
            f"permesso negato per {where}: il file è aperto in un altro programma o la cartella è protetta. "
            "Chiuderlo o scegliere un'altra cartella"
        )
    elif isinstance(exc, FileNotFoundError) or code == errno.ENOENT:
        text = f"{where} non esiste: controllare il percorso"
    elif isinstance(exc, IsADirectoryError):
        text = f"{where} è una cartella, non un file"
    else:
        reason = exc.strerror or type(exc).__name__
        text = f"impossibile leggere o scrivere {where} ({reason}): controllare il disco e riprovare"
    return WorkbookError(text)
