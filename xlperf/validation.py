"""The OIV's validation pack (`xlperf valida`) and the period lock.

`valida` records in the workbook (Configurazione, «Validazione OIV») the validated period and a
fingerprint of its targets and consuntivi, then writes into a folder: the Relazione, one report per
area, the scostamenti, a completeness checklist, a copy of the validated workbook and a manifest
with the SHA-256 of every file (`sha256sum -c MANIFEST.sha256` verifies it). `check` and the
refresh flag any later change to what was validated (validate.py).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from . import layout as L
from .aggregate import Results, score_plan
from .literals import format_number, format_percent, format_value
from .model import Level, Plan, Problem, variation_values
from .open_data import open_data_files
from .pack_folder import MANIFEST
from .tabular import csv_bytes
from .validate import WEIGHT_TOLERANCE, missing_causes


def period_digest(plan: Plan, period: str) -> str:
    """Fingerprint of what the OIV validates for ``period``: every indicator's place, objective,
    code, weight, operator, target and the period's consuntivo (N/D included)."""
    rows = []
    for ind in plan.indicators:
        value, na = ind.at(period)
        fields = (ind.source, ind.objective, ind.code, ind.weight, ind.operator.value, ind.target, value, na)
        rows.append("|".join(repr(round(f, 9)) if isinstance(f, float) else str(f) for f in fields))
    return hashlib.sha256("\n".join(rows).encode("utf-8")).hexdigest()[:20]


def lock_text(plan: Plan) -> str:
    return f"{plan.period}|{period_digest(plan, plan.period)}"


def lock_problems(plan: Plan) -> list[Problem]:
    """A change after validation: never silently accepted; every changed cell with the validated
    and the current value (oiv_lock.py), and the mark reports carry set on the plan."""
    from .oiv_lock import changes, mark

    found = changes(plan)
    plan.changed_after_validation = mark(plan, found) if found else ""
    return found


@dataclass(frozen=True)
class CheckItem:
    label: str
    ok: bool
    detail: str


def checklist(plan: Plan, res: Results, problems: list[Problem]) -> list[CheckItem]:
    """The completeness checks the OIV reads first."""
    errors = [p for p in problems if p.level is Level.ERROR]
    unexplained = [
        ind.place(ind.actual_field(plan.period))
        for ind, pct in zip(plan.indicators, res.indicators, strict=True)
        if pct is None and ind.target is not None and not (ind.note or ind.cause)
    ]
    weights: dict[str, float] = {}
    for ind in plan.indicators:
        weights[ind.objective] = weights.get(ind.objective, 0.0) + ind.weight
    off = [f"{code} ({format_number(w)})" for code, w in weights.items() if abs(w - 100.0) > WEIGHT_TOLERANCE]
    missing = [p.place for p in missing_causes(plan)]
    return [
        CheckItem("Nessun errore nei dati", not errors, "; ".join(str(p) for p in errors[:20])),
        CheckItem(
            "Ogni indicatore valutato, o N/D con la motivazione (Note o Causa)",
            not unexplained,
            ", ".join(unexplained) if unexplained else f"{len(plan.indicators)} indicatori",
        ),
        CheckItem("Pesi di ogni obiettivo pari a 100", not off, ", ".join(off) or f"{len(weights)} obiettivi"),
        CheckItem("Cause degli scostamenti presenti", not missing, ", ".join(missing) or "nessuna mancante"),
    ]


def _csv(rows: list[list[str]]) -> bytes:
    """Semicolon-separated UTF-8 with BOM (what Excel in Italian opens with a double click), every
    text that could run as a formula neutralised (the OIV opens these files in Excel)."""
    return csv_bytes(rows)


def scostamenti_csv(plan: Plan, res: Results) -> bytes:
    area_of = {o.code: o.area for o in plan.objectives}
    rows = [
        [
            "Area",
            "Obiettivo",
            "% obiettivo",
            "Codice indicatore",
            "Indicatore",
            "Target",
            "Consuntivo",
            "% raggiungimento",
            "Causa dello scostamento",
            "Azione correttiva",
            "Evidenza",
            "Cella",
        ]
    ]
    for ind, pct in zip(plan.indicators, res.indicators, strict=True):
        if pct is None or pct >= 1 - 1e-9:
            continue
        actual, _ = ind.at(plan.period)
        from .target_literals import format_target  # as the Relazione writes it

        rows.append(
            [
                area_of.get(ind.objective, ""),
                ind.objective,
                format_percent(res.objectives.get(ind.objective)),
                ind.code,
                ind.name,
                format_target(ind),
                format_value(actual, ind.unit),
                format_percent(pct),
                ind.cause,
                ind.action,
                ind.evidence,
                ind.place("cause"),
            ]
        )
    return _csv(rows)


def checklist_csv(items: list[CheckItem], plan: Plan) -> bytes:
    rows = [["Controllo", "Esito", "Dettaglio"]]
    rows += [[i.label, "OK" if i.ok else "DA VERIFICARE", i.detail] for i in items]
    rows.append(["Periodo validato", "OK", f"{L.PERIODS[plan.period]} — impronta {lock_text(plan)}"])
    return _csv(rows)


def manifest(files: dict[str, bytes]) -> bytes:
    """`sha256sum` format: «<hex>  <name>» per file."""
    return "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in sorted(files.items())).encode()


def pack_files(plan: Plan, problems: list[Problem]) -> tuple[Results, dict[str, bytes]]:
    """The pack's small files (the PDFs and the workbook copy are added by the caller); ``problems``:
    what reading and validating the workbook found."""
    res = score_plan(plan)
    return res, {
        "Scostamenti.csv": scostamenti_csv(plan, res),
        "Variazioni.csv": _csv(
            [["Indicatore", "Campo", "Valore approvato", "Nuovo valore", "Data", "Atto", "Motivazione", "Riga"]]
            + [
                [v.indicator, v.field, *variation_values(plan, v), v.date, v.act, v.reason, v.place]
                for v in plan.variations
            ]
        ),
        "Evidenze.csv": _csv(
            [["Obiettivo", "Codice indicatore", "Indicatore", "% raggiungimento", "Evidenza", "Cella"]]
            + [
                [i.objective, i.code, i.name, format_percent(p), i.evidence, i.place("evidence")]
                for i, p in zip(plan.indicators, res.indicators, strict=True)
                if i.evidence
            ]
        ),
        "Checklist di completezza.csv": checklist_csv(checklist(plan, res, problems), plan),
        **{f"dati-aperti/{name}": data for name, data in open_data_files(plan, res).items()},  # Trasparenza
    }


def sha256_of(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def verify(folder: Path) -> None:
    """Every file of a pack listed in its manifest with the right SHA-256, and nothing else."""
    from .errors import XlperfError

    listed = {}
    for line in (folder / MANIFEST).read_text("utf-8").splitlines():
        digest, name = line.split("  ", 1)
        listed[name] = digest
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} - {MANIFEST}
    wrong = sorted(n for n in present | set(listed) if n not in listed or n not in present)
    wrong += sorted(n for n in present & set(listed) if sha256_of(folder / n) != listed[n])
    if wrong:
        raise XlperfError(f"il pacchetto scritto non corrisponde al suo manifesto ({', '.join(wrong[:5])}): riprovare")


def write_pack(files: dict[str, bytes], out: Path, overwrite: bool = False) -> None:
    """All or nothing (pack_folder.PackFolder): ``files`` and their manifest written into a hidden
    folder next to ``out``, verified, then renamed into place."""
    from .pack_folder import PackFolder

    with PackFolder(out, overwrite) as pack:
        for name, data in files.items():
            if name != MANIFEST:
                pack.add(name, data)
        pack.finish()
        pack.commit()
