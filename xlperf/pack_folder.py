"""A pack folder built on disk, file by file, then put in place all at once.

The files go into a hidden folder next to the destination as they are made (the OIV pack's PDFs
are never all in memory), the manifest is written from the files on disk and verified, and only
then is the folder renamed into place (a previous pack kept as «<out>.bak» with ``overwrite``). A
killed run leaves only the hidden folder, which the next run removes; :meth:`discard` removes it now.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import uuid
from pathlib import Path

from .errors import XlperfError
from .files import fsync, kill_point, process_alive

MANIFEST = "MANIFEST.sha256"


class PackFolder:
    def __init__(self, out: Path, overwrite: bool = False) -> None:
        out = Path(out)
        if out.exists() and (not out.is_dir() or any(out.iterdir())) and not overwrite:
            raise XlperfError(
                f"la cartella «{out}» esiste già e non è vuota: scegliere un'altra cartella o aggiungere "
                f"--sovrascrivi (il pacchetto attuale resta come «{out.name}.bak»)"
            )
        if not out.parent.is_dir():
            raise XlperfError(f"la cartella «{out.parent}» non esiste: crearla o indicare un'altra destinazione")
        for stale in out.parent.glob(".~xlperf-pacchetto-*"):
            pid = stale.name.split("-")[2]
            if pid.isdigit() and not process_alive(int(pid)):
                shutil.rmtree(stale, ignore_errors=True)
        self.out = out
        self.tmp = out.parent / f".~xlperf-pacchetto-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.digests: dict[str, str] = {}

    def add(self, name: str, data: bytes) -> None:
        """``name`` (``/`` for subfolders) written and flushed to disk now."""
        path = self.tmp / name
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            fsync(path)
        except OSError as exc:  # name the file as the user will see it, not the hidden folder
            raise OSError(exc.errno, exc.strerror, str(self.out / name)) from exc
        self.digests[name] = hashlib.sha256(data).hexdigest()

    def finish(self) -> None:
        """The manifest (`sha256sum` format, names sorted), then every file checked against it."""
        from .validation import verify

        self.add(MANIFEST, "".join(f"{d}  {n}\n" for n, d in sorted(self.digests.items())).encode())
        verify(self.tmp)
        kill_point("pacchetto-scritto")

    def commit(self) -> None:
        """The finished folder renamed into place."""
        out = self.out
        if out.exists():
            bak = out.with_name(out.name + ".bak")
            if bak.is_dir():
                shutil.rmtree(bak)
            elif bak.exists():
                bak.unlink()
            if out.is_dir() and not any(out.iterdir()):
                out.rmdir()
            else:
                os.replace(out, bak)
        os.replace(self.tmp, out)
        kill_point("pacchetto-rinominato")

    def discard(self) -> None:
        if self.tmp.exists():
            shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self) -> PackFolder:
        return self

    def __exit__(self, *exc) -> None:
        self.discard()  # after commit there is nothing left to remove
