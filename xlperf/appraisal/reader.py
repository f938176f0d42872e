"""Check an evaluation workbook's raw cells (inputs.py) into the model (compute.Appraisal), with every
problem at its sheet and cell."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .. import layout as L
from ..errors import XlperfError
from ..literals import is_blank
from ..model import Level, Problem, Thresholds
from ..readers.rows import build_indicator, text_of
from . import spec as S
from .compute import Appraisal, OrgResults, Person, Sistema
from .inputs import Inputs, read_inputs


# --- checks ---------------------------------------------------------------------------------
def _num(v: object) -> float | None:
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, (int, float)):
        return float(v)
    try:
        return float(str(v).strip().replace("%", "").replace(",", "."))
    except ValueError:
        return None


def _text(v: object) -> str:
    return text_of(v)


class _Checker:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def error(self, place: str, message: str, fix: str) -> None:
        self.problems.append(Problem(level=Level.ERROR, place=place, message=message, fix=fix))


def parse(inp: Inputs) -> tuple[Appraisal, list[Problem]]:
    """The model, or the problems that stop `calcola` (exit 2, nothing written)."""
    ck = _Checker()
    c = inp.cells
    gr = S.GROUPS_HEADER_ROW + 1
    groups = []
    for i, row in enumerate(inp.groups):
        r = gr + i
        name = _text(row[0])
        if not name:
            continue
        weights = []
        for j, v in enumerate(row[1:5]):
            w = _num(v) if not is_blank(v) else 0.0
            if w is None or w < 0:
                ck.error(
                    f"{S.SISTEMA}!{L.col_letter(j + 1)}{r}",
                    f"peso non valido ({v!r}) per «{name}»",
                    "scrivere un numero tra 0 e 100",
                )
                w = 0.0
            weights.append(w)
        if abs(sum(weights) - 100) > 1e-6:
            ck.error(
                f"{S.SISTEMA}!B{r}:E{r}",
                f"i pesi del gruppo «{name}» sommano a {sum(weights):g}, non a 100",
                "correggere i pesi delle quattro componenti perché la somma (colonna Totale pesi) sia 100",
            )
        kind = _text(row[5]) or S.ORG_AREA
        if kind not in (S.ORG_DIRIGENTE, S.ORG_AREA):
            ck.error(
                f"{S.SISTEMA}!G{r}",
                f"componente organizzativa «{kind}» non riconosciuta",
                f"scegliere «{S.ORG_DIRIGENTE}» o «{S.ORG_AREA}»",
            )
            kind = S.ORG_AREA
        budget = _num(row[6]) if not is_blank(row[6]) else 0.0
        if budget is None or budget < 0:
            ck.error(f"{S.SISTEMA}!H{r}", f"budget non valido ({row[6]!r})", "scrivere l'importo in euro (es. 12000)")
            budget = 0.0
        art81 = _text(row[7]).upper() == "SI"
        w4 = (weights[0], weights[1], weights[2], weights[3])
        groups.append(S.Group(name, w4, kind, budget, art81, kind == S.ORG_DIRIGENTE))
    bands: list[S.Band] = []
    for i, row in enumerate(inp.bands):
        r = S.BANDS_HEADER_ROW + 1 + i
        if all(is_blank(v) for v in row):
            continue
        if len(bands) < i:
            ck.error(
                f"{S.SISTEMA}!A{r}", "fascia dopo una riga vuota", "scrivere le fasce in righe consecutive dall'alto"
            )
        minimum = _num(row[1])
        share_text = _text(row[2]).lower()
        share: float | str | None = S.PROPORTIONAL if share_text == S.PROPORTIONAL else _num(row[2])
        if minimum is None or not 0 <= minimum <= 1:
            ck.error(
                f"{S.SISTEMA}!B{r}",
                f"punteggio minimo non valido ({row[1]!r})",
                "scrivere una percentuale tra 0% e 100%",
            )
            continue
        if share is None or (isinstance(share, float) and not 0 <= share <= 1):
            ck.error(
                f"{S.SISTEMA}!C{r}",
                f"quota del premio non valida ({row[2]!r})",
                f"scrivere una percentuale tra 0% e 100% o «{S.PROPORTIONAL}»",
            )
            continue
        if bands and minimum <= bands[-1].minimum:
            ck.error(
                f"{S.SISTEMA}!B{r}",
                "le fasce devono avere punteggi minimi crescenti",
                "ordinare le fasce dal punteggio minimo più basso al più alto",
            )
        bands.append(S.Band(_text(row[0]) or f"Fascia {len(bands) + 1}", minimum, share))
    behaviours = [S.Behaviour(_text(r[0]), _text(r[1]), _text(r[2])) for r in inp.behaviours if _text(r[1])]
    lo, hi = _num(c.get("XV_ScalaMin")), _num(c.get("XV_ScalaMax"))
    if lo is None or hi is None or lo >= hi or lo != int(lo) or hi != int(hi):
        ck.error(
            S.sistema_place("XV_ScalaMin"),
            "scala dei comportamenti non valida",
            "scrivere due numeri interi, minimo minore del massimo (es. 1 e 5)",
        )
        lo, hi = S.DEFAULT_SCALE
    quota, uplift = _num(c.get("XV_QuotaArt81")), _num(c.get("XV_MaggArt81"))
    for name, v in (("XV_QuotaArt81", quota), ("XV_MaggArt81", uplift)):
        if v is None or not 0 <= v <= 1:
            ck.error(S.sistema_place(name), "valore non valido", "scrivere una percentuale tra 0% e 100%")
    sistema = Sistema(
        groups=groups,
        bands=bands,
        behaviours=behaviours,
        scale=(int(lo), int(hi)),
        art81=(quota or 0.0, uplift or 0.0),
        ente=_text(c.get("XV_Ente")),
        anno=int(_num(c.get("XV_Anno")) or 0),
        period=L.period_of(c.get("XP_Periodo")) or "31/12",
        thresholds=Thresholds(
            raggiunto=_num(c.get("XP_SogliaRaggiunto")) or 0.8, parziale=_num(c.get("XP_SogliaParziale")) or 0.6
        ),
        plan_id=_text(c.get("XV_IdPiano")),
        validated=_text(c.get("XV_Validata")).upper() == "SI",
    )
    org = OrgResults(
        _num(inp.ente),
        {_text(r[0]): (_num(r[1]), int(_num(r[2]) or 0), int(_num(r[3]) or 0)) for r in inp.areas if _text(r[0])},
        {_text(r[0]): (_num(r[1]), int(_num(r[2]) or 0), int(_num(r[3]) or 0)) for r in inp.dirigenti if _text(r[0])},
    )
    people = _people(inp, sistema, org, ck)
    known = {p.matricola.upper() for p in people}
    objectives = []
    for i, raw in enumerate(inp.objectives):
        r = L.ENTRY_FIRST_ROW + i
        if all(is_blank(v) for v in raw.values()):
            continue
        places = {f: f"{S.OBIETTIVI}!{L.entry_col(f)}{r}" for f in L.ENTRY_FIELDS}
        ind = build_indicator(raw, places, f"{S.OBIETTIVI}!A{r}", ck.problems)
        if ind is None:
            continue
        if ind.objective not in known:
            ck.error(
                places["objective_code"],
                f"matricola «{ind.objective}» non presente in {S.PERSONALE}",
                f"scrivere una matricola del foglio {S.PERSONALE}",
            )
            continue
        objectives.append(ind)
    return Appraisal(sistema, org, people, objectives), ck.problems


def _people(inp: Inputs, sis: Sistema, org: OrgResults, ck: _Checker) -> list[Person]:
    people: list[Person] = []
    seen: dict[str, str] = {}
    lo, hi = sis.scale
    for i, row in enumerate(inp.people):
        r = S.FIRST_ROW + i
        if all(is_blank(v) for v in row):
            continue
        values = dict(zip([f for f, _, _ in S.PERSON_FIELDS], row, strict=True))
        matricola = _text(values["matricola"])
        if not matricola:
            ck.error(f"{S.PERSONALE}!A{r}", "matricola mancante", "scrivere la matricola della persona")
            continue
        if matricola.upper() in seen:
            ck.error(
                f"{S.PERSONALE}!A{r}",
                f"matricola «{matricola}» ripetuta (già in {seen[matricola.upper()]})",
                "ogni persona una riga sola",
            )
            continue
        seen[matricola.upper()] = f"{S.PERSONALE}!A{r}"
        group_name = _text(values["gruppo"])
        group = sis.group(group_name) if group_name else None
        if group is None:
            what = (
                f"gruppo «{group_name}» non definito in {S.SISTEMA}" if group_name else "persona senza gruppo (ruolo)"
            )
            ck.error(f"{S.PERSONALE}!C{r}", what, f"scegliere il gruppo dall'elenco (gruppi del foglio {S.SISTEMA})")
            continue
        p = Person(row=r, matricola=matricola, nome=_text(values["nome"]), gruppo=group.name)
        p.area, p.valutatore, p.genere = (
            _text(values["area"]),
            _text(values["valutatore"]),
            _text(values["genere"]).upper(),
        )
        if group.org == S.ORG_DIRIGENTE and p.nome not in org.dirigenti:
            ck.error(
                f"{S.PERSONALE}!B{r}",
                f"«{p.nome}» non è un dirigente del file principale",
                f"scrivere il nome come nel foglio {S.RISULTATI} (colonna Dirigente)",
            )
        if group.org == S.ORG_AREA and p.area not in org.areas:
            ck.error(f"{S.PERSONALE}!D{r}", f"area «{p.area}» non presente nel piano", "scegliere l'area dall'elenco")
        for fld, col, top, default in (("part_time", "F", 100, 100.0), ("mesi", "G", 12, 12.0)):
            v = values[fld]
            x = default if is_blank(v) else _num(v)
            if x is None or not 0 <= x <= top:
                ck.error(f"{S.PERSONALE}!{col}{r}", f"valore non valido ({v!r})", f"scrivere un numero tra 0 e {top}")
                x = default
            setattr(p, fld, x)
        if p.genere and p.genere not in S.GENDERS:
            ck.error(
                f"{S.PERSONALE}!H{r}", f"genere «{p.genere}» non riconosciuto", "scrivere F o M (o lasciare vuoto)"
            )
        scores = inp.behaviour_scores[i] if i < len(inp.behaviour_scores) else []
        for j, v in enumerate(scores):
            place = f"{S.COMPORTAMENTI}!{L.col_letter(S.BEHAVIOUR_FIRST_COL + j)}{r}"
            if is_blank(v):
                p.behaviours.append(None)
                continue
            x = _num(v)
            if x is None or x != int(x) or not lo <= x <= hi:
                ck.error(
                    place,
                    f"punteggio {v!r} fuori dalla scala {lo}-{hi}",
                    f"scrivere un numero intero da {lo} a {hi} (o lasciare vuoto)",
                )
                p.behaviours.append(None)
                continue
            if j >= len(sis.behaviours):
                ck.error(
                    place,
                    "punteggio in una colonna senza comportamento",
                    f"aggiungere il comportamento nel foglio {S.SISTEMA} o svuotare la cella",
                )
            p.behaviours.append(x)
        _scheda_inputs(p, inp.scheda[i] if i < len(inp.scheda) else {}, r, ck)
        people.append(p)
    return people


def _scheda_inputs(p: Person, raw: dict[str, object], r: int, ck: _Checker) -> None:
    def place(f: str) -> str:
        return f"{S.SCHEDE}!{L.col_letter(S.SCHEDA_INDEX[f])}{r}"

    p.nota = _text(raw.get("nota"))
    for key in (*S.COMPONENT_KEYS, "totale"):
        v = raw.get(f"f_{key}")
        if is_blank(v):
            continue
        x = _num(v)
        if x is None or not 0 <= x <= 1:
            ck.error(place(f"f_{key}"), f"forzatura non valida ({v!r})", "scrivere una percentuale tra 0% e 100%")
            continue
        p.overrides[key] = x
    if p.overrides and not p.nota:
        first = next(iter(p.overrides))
        ck.error(
            place(f"f_{first}"),
            "forzatura senza nota",
            f"scrivere il motivo nella cella {place('nota')} o svuotare la forzatura",
        )
    stato = _text(raw.get("stato")).lower() or "bozza"
    if stato not in S.STATES:
        ck.error(place("stato"), f"stato «{stato}» non riconosciuto", "scegliere bozza, colloquio o definitiva")
        stato = "bozza"
    p.stato = stato
    seen = raw.get("presa_visione")
    if isinstance(seen, (dt.date, dt.datetime)):
        p.presa_visione = seen.strftime("%d-%m-%Y")
    elif not is_blank(seen):
        ck.error(place("presa_visione"), f"data non valida ({seen!r})", "scrivere una data (gg-mm-aaaa)")
    p.commenti = _text(raw.get("commenti"))
    if p.stato == "definitiva" and not p.presa_visione:
        ck.problems.append(
            Problem(
                level=Level.WARNING,
                place=place("presa_visione"),
                message="scheda definitiva senza la data di presa visione",
                fix="scrivere la data in cui la persona ha preso visione della scheda",
            )
        )


def grouped(problems: list[Problem], limit: int = 30) -> str:
    """One line per problem; the same problem in more than three cells of a sheet in one line."""
    groups: dict[tuple, list[Problem]] = {}
    for p in problems:
        groups.setdefault((p.level, p.place.split("!")[0], p.fix), []).append(p)
    lines = []
    for (level, sheet, fix), ps in groups.items():
        if len(ps) > 3:
            cells = ", ".join(p.place.split("!")[-1] for p in ps[:8]) + (", …" if len(ps) > 8 else "")
            lines.append(f"{level.value.upper()} {sheet}!{cells} ({len(ps)} celle): {ps[0].message} — {fix}")
        else:
            lines += [str(p) for p in ps]
    more = f"\n… e altri {len(lines) - limit} problemi" if len(lines) > limit else ""
    return "\n".join(lines[:limit]) + more


def load(path: str | Path, warnings=None) -> tuple[Inputs, Appraisal]:
    """Read and check; an XlperfError listing the errors (each at its cell) when there are any.
    ``warnings``: a stream to print the warnings on (e.g. sys.stderr)."""
    inp = read_inputs(path)
    appraisal, problems = parse(inp)
    errors = [p for p in problems if p.level is Level.ERROR]
    if errors:
        n = len(errors)
        raise XlperfError(f"la cartella di valutazione ha {n} problemi da correggere:\n{grouped(errors)}")
    if warnings is not None and problems:
        print(grouped(problems), file=warnings)
    return inp, appraisal
