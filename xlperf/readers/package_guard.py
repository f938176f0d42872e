"""The package guard: an untrusted file is refused, with an Italian message, before anything parses it.

Size limits (zip bombs, huge files), the old .xls format and password-protected workbooks (both an
OLE compound file, not a zip), a zip that is not a workbook, and sheet entries sharing one part
(:func:`xlperf.readers.bounds.shared_parts`).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..model import Level, Problem
from .bounds import shared_parts

OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")  # Compound File Binary: .xls, or an encrypted .xlsx/.xlsm
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNZIPPED_BYTES = 300 * 1024 * 1024
MAX_MEMBER_BYTES = 100 * 1024 * 1024  # one XML part; a 30 000-row sheet is ~15 MB


def check_package(path: Path) -> list[Problem]:
    """Size limits before anything parses the file (zip bombs, huge files)."""
    name = path.name
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return [
            Problem(
                level=Level.ERROR,
                place=name,
                message=f"file troppo grande ({size // 2**20} MB, massimo {MAX_FILE_BYTES // 2**20} MB)",
                fix="dividere la cartella di lavoro per area",
            )
        ]
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head == OLE_MAGIC:  # not a zip: a password-protected workbook or an old .xls
        data = path.read_bytes()
        if "EncryptionInfo".encode("utf-16-le") in data:
            return [
                Problem(
                    level=Level.ERROR,
                    place=name,
                    message="il file è protetto da password (crittografato) e xlperf non può leggerlo",
                    fix="in Excel: File → Informazioni → Proteggi cartella di lavoro → Crittografa con password, "
                    "cancellare la password, salvare e riprovare",
                )
            ]
        return [
            Problem(
                level=Level.ERROR,
                place=name,
                message="il file è nel vecchio formato Excel 97-2003 (.xls)",
                fix="aprirlo in Excel e salvarlo come «Cartella di lavoro con attivazione macro di Excel (.xlsm)»",
            )
        ]
    try:
        with zipfile.ZipFile(path) as zf:
            total = sum(i.file_size for i in zf.infolist())
            biggest = max((i.file_size for i in zf.infolist()), default=0)
            if "[Content_Types].xml" not in zf.namelist() or not any(
                n.startswith("xl/worksheets/") for n in zf.namelist()
            ):
                raise zipfile.BadZipFile("not a workbook")
            shared = shared_parts(zf)  # one part read once per sheet entry naming it (issue 21.5)
    except (zipfile.BadZipFile, OSError):
        return [
            Problem(
                level=Level.ERROR,
                place=name,
                message="il file non è una cartella di lavoro Excel valida (.xlsx/.xlsm)",
                fix="aprirlo in Excel e salvarlo di nuovo come .xlsm",
            )
        ]
    if shared:
        return [
            Problem(
                level=Level.ERROR,
                place=name,
                message=f"più fogli del file puntano alla stessa parte ({shared[0]}): il file è stato alterato",
                fix="verificare l'origine del file e farlo salvare di nuovo da Excel",
            )
        ]
    if total > MAX_UNZIPPED_BYTES or biggest > MAX_MEMBER_BYTES:
        return [
            Problem(
                level=Level.ERROR,
                place=name,
                message=f"contenuto compresso sospetto ({total // 2**20} MB una volta estratto)",
                fix="verificare l'origine del file",
            )
        ]
    return []
