"""`valutazioni schede`: one accessible PDF per person (tagged PDF/UA-1 + PDF/A-2a, Typst), the form
for the colloquio. File names safe on Windows and unique."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import XlperfError
from ..files import atomic_output
from ..literals import format_percent
from . import spec as S
from .compute import Appraisal, Scheda, differentiation

_WINDOWS_BAD = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def safe_name(text: str, limit: int = 80) -> str:
    """A file name Windows accepts: no reserved characters or names, no trailing dot or space."""
    name = _WINDOWS_BAD.sub("_", text).strip().rstrip(". ")[:limit].rstrip(". ") or "scheda"
    return f"_{name}" if name.split(".")[0].upper() in _RESERVED else name


def _s(text: object) -> str:
    """A Typst string literal (markup never interprets what people typed)."""
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _pct(x: float | None) -> str:
    return format_percent(x) if x is not None else "N/D"


def _euro(x: float) -> str:
    return f"{x:,.2f} €".replace(",", "X").replace(".", ",").replace("X", ".")


def _why_not(appraisal: Appraisal, s: Scheda) -> str:
    if not appraisal.sistema.validated:
        return "no: Relazione non ancora validata dall'OIV (art. 14 c. 4 d.lgs. 150/2009)"
    return "no: la scheda non è ancora definitiva"


def scheda_source(appraisal: Appraisal, s: Scheda, schede_all: list[Scheda] | None = None) -> str:
    sis, p = appraisal.sistema, s.person
    title = f"Scheda di valutazione individuale {sis.anno} - {p.nome}"
    labels = dict(S.COMPONENTS)
    comp_rows = []
    for k, w in zip(S.COMPONENT_KEYS, s.group.weights, strict=True):
        forced = " (forzata)" if k in p.overrides else ""
        comp_rows.append(
            f"[#{_s(labels[k])}], [#{_s(f'{w:g}')}], [#{_s(_pct(s.computed[k]))}], "
            f"[#{_s(_pct(s.components[k]) + forced)}],"
        )
    ident = [
        ("Matricola", p.matricola), ("Cognome e nome", p.nome), ("Gruppo (ruolo)", s.group.name),
        ("Area organizzativa", p.area or "-"), ("Valutatore", p.valutatore or "-"),
        ("Part time", f"{p.part_time:g} %"), ("Mesi in servizio", f"{p.mesi:g}"),
    ]  # fmt: skip
    result = [
        ("Punteggio calcolato", _pct(s.total_computed)),
        ("Punteggio finale", _pct(s.total) + (" (forzato)" if "totale" in p.overrides else "")),
        ("Fascia", s.band.name if s.band else "nessuna"),
        ("Maggiorazione art. 81", "sì" if s.art81 else "no"),
        ("Premio", _euro(s.premio)),
        ("Pagabile", "sì" if s.payable else _why_not(appraisal, s)),
        ("Stato della scheda", p.stato),
        ("Data presa visione", p.presa_visione or "-"),
    ]

    def pairs(rows) -> str:
        cells = "".join(f"[#{_s(a)}], [#{_s(b)}]," for a, b in rows)
        head = "table.header([*Voce*], [*Valore*])"
        return f"#table(columns: (40%, 60%), stroke: 0.5pt + gray, inset: 5pt, {head}, {cells})"

    note = p.nota if p.overrides else "nessuna forzatura"
    d = differentiation(schede_all, p.nome) if schede_all is not None else None
    evaluator = ""
    if d is not None and d.evaluated:
        spread = "-" if d.spread is None else f"{d.spread * 100:.2f} punti".replace(".", ",")
        rows = [("Persone valutate", str(d.evaluated)), ("Deviazione standard dei punteggi assegnati", spread),
                ("Punteggio più basso e più alto", f"{_pct(d.lowest)} - {_pct(d.highest)}")]  # fmt: skip
        evaluator = f'#heading(level: 2, "Capacità di differenziare le valutazioni")\n{pairs(rows)}\n'

    return f"""#set document(title: {_s(title)}, author: {_s(sis.ente or "xlperf")})
#set text(lang: "it", font: "DejaVu Sans", size: 10pt)
#set page(paper: "a4", margin: 2cm)
#heading(level: 1, {_s(title)})
#{_s(sis.ente)}. Periodo valutato: #{_s(sis.period)}. Documento riservato (dati personali).
#heading(level: 2, "Dati della persona")
{pairs(ident)}
#heading(level: 2, "Componenti della valutazione")
#table(columns: (46%, 12%, 21%, 21%), stroke: 0.5pt + gray, inset: 5pt,
  table.header([*Componente*], [*Peso*], [*Calcolata*], [*Valutazione*]),
  {"".join(comp_rows)})
Punteggio finale = somma di peso × componente ÷ somma dei pesi delle componenti valutate.
#heading(level: 2, "Risultato")
{pairs(result)}
{evaluator}#heading(level: 2, "Forzature")
#{_s(note)}
#heading(level: 2, "Commenti del valutato")
#{_s(p.commenti or "-")}
#heading(level: 2, "Firme")
Il valutatore: #box(width: 6cm, repeat[.]) #h(1cm) Il valutato, per presa visione: #box(width: 6cm, repeat[.])
"""


def write_schede(appraisal: Appraisal, schede: list[Scheda], out: Path, overwrite: bool = False) -> list[Path]:
    try:
        import typst
    except ImportError:  # pragma: no cover - an installation problem
        raise XlperfError("manca il pacchetto typst: installare xlperf con le sue dipendenze") from None
    if out.exists() and not out.is_dir():
        raise XlperfError(f"«{out}» è un file, non una cartella")
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    used: set[str] = set()
    for s in schede:
        base = safe_name(f"Scheda {appraisal.sistema.anno} - {s.person.matricola} - {s.person.nome}")
        name, n = base, 1
        while name.casefold() in used:  # Windows: names differing only in case are the same file
            n += 1
            name = f"{base} ({n})"
        used.add(name.casefold())
        pdf = typst.compile(scheda_source(appraisal, s, schede).encode("utf-8"), pdf_standards=["a-2a", "ua-1"])
        target = out / f"{name}.pdf"
        with atomic_output(target, overwrite=overwrite) as tmp:
            tmp.write_bytes(pdf)
        written.append(target)
    return written
