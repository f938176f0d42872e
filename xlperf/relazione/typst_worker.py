"""Typst compilations in a worker process of bounded memory.

Typst keeps its caches for the life of a process (~0,25 MB a table row), so long documents and the
OIV pack's many reports are not compiled in the process that holds the plan: one worker process
compiles them one after the other (Python, Typst and the fonts loaded once) and is replaced by a fresh
one once it has compiled ``RECYCLE_ROWS`` table rows, so its memory stays bounded however long the plan.
Sources and PDFs go through its stdin/stdout, each preceded by its length.
"""

from __future__ import annotations

import atexit
import struct
import subprocess
import sys

#: table rows a worker compiles before it is replaced (its memory: ~0,2 GB a thousand rows)
RECYCLE_ROWS = 2500

_LOOP = r"""
import struct, sys, typst
inp, out = sys.stdin.buffer, sys.stdout.buffer
while True:
    head = inp.read(8)
    if len(head) < 8:
        break
    source = inp.read(struct.unpack("<Q", head)[0])
    try:
        data, ok = typst.compile(source, pdf_standards=["a-2a", "ua-1"]), 1
    except Exception as exc:
        data, ok = str(exc).encode("utf-8", "replace")[-4000:], 0
    out.write(struct.pack("<QB", len(data), ok) + data)
    out.flush()
"""


class Worker:
    def __init__(self) -> None:
        self._proc: subprocess.Popen | None = None
        self._rows = 0

    def compile(self, source: bytes, rows: int) -> bytes:
        """The PDF of ``source`` (``rows``: its table rows, for the recycling)."""
        if self._proc is not None and self._rows + rows > RECYCLE_ROWS:
            self.close()
        if self._proc is None:
            self._proc = subprocess.Popen(
                [sys.executable, "-c", _LOOP], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
            )
            self._rows = 0
        proc = self._proc
        assert proc.stdin is not None and proc.stdout is not None
        self._rows += rows
        try:
            proc.stdin.write(struct.pack("<Q", len(source)) + source)
            proc.stdin.flush()
            head = proc.stdout.read(9)
            if len(head) < 9:
                raise BrokenPipeError
        except BrokenPipeError:
            err = proc.stderr.read().decode("utf-8", "replace")[-2000:] if proc.stderr else ""
            self.close()
            raise RuntimeError(f"il processo di impaginazione si è interrotto: {err}") from None
        size, ok = struct.unpack("<QB", head)
        data = proc.stdout.read(size)
        if not ok:
            raise RuntimeError(data.decode("utf-8", "replace"))
        return data

    def close(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None:
            assert proc.stdin is not None
            proc.stdin.close()
            proc.wait()
            for stream in (proc.stdout, proc.stderr):
                if stream is not None:
                    stream.close()


_worker = Worker()
atexit.register(_worker.close)


def compile_apart(source: bytes, rows: int) -> bytes:
    """``source`` compiled in the (shared, recycled) worker process."""
    return _worker.compile(source, rows)
