"""`xlperf valida` laid out without holding the master.

The master is read once under its lock (cli.cmd_valida); the lock is released while the Relazione
and the area reports are laid out into the pack's hidden folder, each PDF written there as soon as it
is done (never all in memory) and compiled in worker processes (relazione.typst_worker: one for the
Relazione's parts, one for the area reports, which run while this process joins the parts), from
the scores computed once; then the lock is taken again only to check that the master is still the file
that was read (SHA-256 of its bytes), put the pack in place and record the validation. A master
changed in between is refused: nothing recorded, the hidden folder removed.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .aggregate import Results
from .errors import XlperfError
from .files import atomic_output, pause_point, workbook_lock
from .model import Plan, Problem
from .pack_folder import PackFolder


def lay_out(
    plan: Plan, problems: list[Problem], names: dict[str, str], validated: bytes, master: Path, pack: PackFolder, say
) -> Results:
    """Every file of the pack written into ``pack``'s hidden folder, the manifest last; ``names``:
    area -> its report's file name; ``validated``: the workbook's bytes with the validation record."""
    import threading

    from .relazione import pdf_writer
    from .relazione.area import area_view
    from .relazione.build import build_document
    from .relazione.typst_worker import Worker
    from .validation import pack_files

    res, files = pack_files(plan, problems)  # the scores, once: every document below reuses them
    for name, data in files.items():
        pack.add(name, data)
    del files
    failed: list[BaseException] = []

    def area_reports() -> None:  # in a second worker, while this process lays out and joins the Relazione
        worker = Worker()
        try:
            for area, name in names.items():
                say(f"report dell'area «{area}»")
                part, part_res = area_view(plan, res, area)
                doc = build_document(part, part_res, area)
                rows = pdf_writer._rows(doc.blocks)
                pack.add(f"aree/{name}", worker.compile(pdf_writer.to_typst(doc).encode("utf-8"), rows))
        except BaseException as exc:  # raised below, in the main thread
            failed.append(exc)
        finally:
            worker.close()

    areas = threading.Thread(target=area_reports, daemon=True)
    areas.start()
    try:
        say("relazione (report di Ente)")
        say("impaginazione della relazione (Typst, PDF/UA-1 e PDF/A-2a)")
        pack.add(
            f"Relazione {plan.anno} - report di Ente.pdf",
            pdf_writer.to_pdf_bytes(build_document(plan, res), apart=True),
        )
        pause_point("impaginazione")  # test hook: another xlperf can take the master now
    finally:
        areas.join()
    if failed:
        raise failed[0]
    pack.add(master.name, validated)  # the workbook as validated (with its record)
    say("scrittura e verifica del pacchetto")
    pack.finish()
    return res


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def put_in_place(master: Path, read: str, validated: bytes, original: bytes, pack: PackFolder) -> None:
    """Under the master's lock again: refused when the master is no longer the file read (``read``:
    its SHA-256 then); else the pack renamed into place, then the validation recorded."""
    with workbook_lock(master):
        if digest(master.read_bytes()) != read:
            pack.discard()
            raise XlperfError(
                f"«{master.name}» è stato modificato mentre si preparava il pacchetto di validazione: la "
                "validazione non è stata registrata e il pacchetto non è stato scritto. Rilanciare xlperf valida "
                "quando nessuno sta lavorando sul file."
            )
        pack.commit()
        if validated != original:  # only now: the pack is complete, verified, in place
            with atomic_output(master, overwrite=True) as tmp:
                tmp.write_bytes(validated)
