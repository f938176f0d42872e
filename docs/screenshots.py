"""Rebuild the PNGs under docs/: every sheet of the refreshed demo as LibreOffice prints it, and the
first pages of the Relazione. Needs LibreOffice (soffice) and poppler (pdftoppm), as `.ci/run` installs.

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
}
RELAZIONE_PAGES = 3


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
        run(sys.executable, "-m", "xlperf.cli", "report", "--silenzioso", str(book), "--pdf", str(relazione))
        for page in range(1, RELAZIONE_PAGES + 1):
            page_png(relazione, page, DOCS / f"relazione-p{page}.png")
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
    print(f"{len(SHEETS) + RELAZIONE_PAGES + 1} immagini scritte in {DOCS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
