"""Rebuild the PNGs under docs/: every sheet of the refreshed demo as LibreOffice prints it, and the
Relazione's title page, sections 2 and 5 and a section-3 page with a revised target. Needs LibreOffice
(soffice) and poppler (pdftoppm), as `.ci/run` installs.

    python docs/screenshots.py

The first printed page of each sheet is kept (a sheet starts on the page whose first line is its
title). Look at them after every layout change: what staff see is the product.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

DOCS = Path(__file__).resolve().parent
SHEETS = {  # file name -> the sheet's printed title
    "istruzioni": "Istruzioni",
    "configurazione": "Configurazione",
    "albero": "Albero della performance",
    "staff": "Staff Segretario Generale",
    "area1": "Area 1 Risorse",
    "area2": "Area 2 Tutela",
    "area3": "Area 3 Promozione",
    "area4": "Area 4 Anagrafe",
    "andamento": "Andamento pluriennale",
    "riepilogo": "Riepilogo della performance",
    "cruscotto": "Cruscotto della performance",
    "dirigenti": "Obiettivi per dirigente",
    "controlli": "Controlli sui dati",
    "relazione-foglio": "Relazione sulla performance: testi e tabelle",
}
#: the Relazione's pages shown in the README: file name -> what the page's text starts with (None: the
#: title page); the demo is approved and one target revised first, so section 3 shows both targets
RELAZIONE = {
    "relazione-frontespizio": None,
    "relazione-sezione2": "2 - Analisi del contesto",
    "relazione-variazione": "(approvato: ",
    "relazione-sezione5": "5 - Il processo",
}


def vary_a_target(book: Path) -> None:
    """`xlperf approva`, then a target doubled and its row in Variazioni (as staff would)."""
    import openpyxl

    from xlperf import layout as L
    from xlperf.readers.workbook import read_workbook

    run(sys.executable, "-m", "xlperf.cli", "approva", str(book), "--data", "31-01-2025")
    plan, _ = read_workbook(book)
    ind = next(i for i in plan.indicators if i.code and isinstance(i.target, float) and i.unit == "N.")
    wb = openpyxl.load_workbook(book, keep_vba=True)
    sheet, cell = ind.place("target").split("!")
    wb[sheet][cell] = ind.target * 2
    row = [ind.code, "Target", None, None, "22-06-2025", "delibera di Giunta n. 46 del 22/06/2025", "nuovo bando"]
    for i, value in enumerate(row):
        wb[L.VARIAZIONI][f"{L.col_letter(i)}{L.VARIATION_HEADER_ROW + 1}"] = value
    wb.save(book)


def page_with(pdf: Path, start: str | None) -> int:
    if start is None:
        return 1
    for i in range(1, 1000):
        text = subprocess.run(
            ["pdftotext", "-f", str(i), "-l", str(i), str(pdf), "-"], capture_output=True, text=True
        ).stdout
        if start in text:
            return i
    raise LookupError(start)


def run(*args: str, cwd: Path | None = None) -> None:
    subprocess.run(args, check=True, capture_output=True, cwd=cwd)


def first_lines(pdf: Path) -> list[str]:
    n = int(
        re.search(
            r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        ).group(1)
    )
    out = []
    for i in range(1, n + 1):
        text = subprocess.run(
            ["pdftotext", "-f", str(i), "-l", str(i), str(pdf), "-"], capture_output=True, text=True
        ).stdout
        out.append(text.strip().splitlines()[0] if text.strip() else "")
    return out


def page_png(pdf: Path, page: int, out: Path, dpi: int = 90) -> None:
    stem = out.with_suffix("")
    run("pdftoppm", "-png", "-singlefile", "-r", str(dpi), "-f", str(page), "-l", str(page), str(pdf), str(stem))


def main() -> int:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("serve LibreOffice (soffice)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        book = t / "PIAO_2025.xlsm"
        run(sys.executable, "-m", "xlperf.cli", "demo", str(book))
        run(sys.executable, "-m", "xlperf.cli", "refresh", "--silenzioso", str(book))
        run(
            soffice,
            f"-env:UserInstallation=file://{t / 'profile'}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(t),
            str(book),
            cwd=t,
        )
        pdf = t / "PIAO_2025.pdf"
        lines = first_lines(pdf)
        for name, title in SHEETS.items():
            page = next(i for i, line in enumerate(lines, start=1) if line.startswith(title))
            page_png(pdf, page, DOCS / f"{name}.png")
        relazione = t / "relazione.pdf"
        vary_a_target(book)
        run(sys.executable, "-m", "xlperf.cli", "report", "--silenzioso", str(book), "--pdf", str(relazione))
        for name, start in RELAZIONE.items():
            page_png(relazione, page_with(relazione, start), DOCS / f"{name}.png")
        area = t / "area.pdf"  # the first page of an area report (report --area)
        run(
            sys.executable,
            "-m",
            "xlperf.cli",
            "report",
            "--silenzioso",
            str(book),
            "--area",
            "Area 2",
            "--pdf",
            str(area),
        )
        page_png(area, 1, DOCS / "report-area-p1.png")
    print(f"{len(SHEETS) + len(RELAZIONE) + 1} immagini scritte in {DOCS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
