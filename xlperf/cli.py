"""The ``xlperf`` command. Messages in Italian; exit 0 ok, 2 input errors, 3 internal error."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from pathlib import Path

from . import __version__
from .aggregate import Results, score_plan
from .errors import UserError, XlperfError
from .files import atomic_output, environment_error
from .layout import MID_YEAR, YEAR_END
from .literals import format_percent, plural
from .model import Level, Plan, Problem, as_period
from .validate import has_errors, validate

EXIT_OK, EXIT_INPUT, EXIT_INTERNAL = 0, 2, 3


def load(path: str | Path, strict: bool = False, period: str | None = None) -> tuple[Plan, list[Problem]]:
    """Any supported input file -> plan and every problem found (reader + validation), validated at
    ``period`` (default: the one the file names)."""
    path = Path(path)
    if not path.exists():
        raise UserError(f"il file «{path}» non esiste")
    if path.is_dir():
        raise UserError(f"«{path}» è una cartella, non un file")
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        from .readers.csv import read_csv

        plan, problems = read_csv(path)
    elif suffix in (".xlsx", ".xlsm"):
        from .readers.workbook import read_workbook

        plan, problems = read_workbook(path)
    else:
        raise UserError(f"formato di «{path.name}» non supportato: usare .csv, .xlsx o .xlsm")
    if period:
        plan.period = as_period(period)
    return plan, problems + validate(plan, strict=strict)


def load_clean(args: argparse.Namespace, before: str) -> tuple[Plan, list[Problem]] | None:
    """``args.path`` read and validated at ``--periodo`` (when the command has it); None, after
    printing the errors and what to do, when the file has any («Correggere gli errori prima {before}»)."""
    period = getattr(args, "periodo", None)
    plan, problems = load(args.path, period=period)
    if has_errors(problems):
        print_problems([p for p in problems if p.level is Level.ERROR])
        print(f"Correggere gli errori prima {before} (vedere xlperf check).", file=sys.stderr)
        return None
    return plan, problems


def area_report_name(plan: Plan, area: str) -> str:
    """«Report 2025 - Area 2 ….pdf»: the area file's name, for its report."""
    from .area_identity import area_file_name

    return "Report " + area_file_name(plan, area).removeprefix("PIAO_").rsplit(".", 1)[0] + ".pdf"


def print_problems(problems: list[Problem], stream=None) -> None:
    for p in problems:
        print(str(p), file=stream or sys.stderr)


def render_table(plan: Plan, res: Results) -> str:
    lines = []
    title = f"Performance {plan.anno}" + (f" — {plan.ente}" if plan.ente else "")
    lines += [title, "=" * len(title), ""]
    lines.append(f"PERFORMANCE DI ENTE: {format_percent(res.ente)}   ({res.shown('ente').value})")
    if res.coverage and (res.period == MID_YEAR or not res.coverage.ente.complete):
        from .monitoring import coverage_text

        lines.append(coverage_text(res.coverage))
    grado = f"{format_percent(res.grado)}" if res.grado is not None else "N/D"
    n_ok = sum(1 for v in res.objectives.values() if res.status(v).value == "Raggiunto")
    n_all = sum(1 for v in res.objectives.values() if v is not None)
    lines.append(f"Grado di conseguimento degli obiettivi: {grado} ({n_ok} su {n_all})")
    lines.append("")
    for a in plan.ambiti:
        lines.append(f"Ambito {a.code} {a.name}: {format_percent(res.ambiti.get(a.code))}")
        for s in plan.strategic_in(a.code):
            pct = res.strategic.get(s.code)
            lines.append(f"  Obiettivo strategico {s.code} {s.name}: {format_percent(pct)}  {res.status(pct).value}")
            for o in plan.objectives_in(s.code):
                pct = res.objectives.get(o.code)
                name = (o.name[:60] + "…") if len(o.name) > 61 else o.name
                lines.append(f"    {o.code:<12} {name:<61} {format_percent(pct):>10}  {res.status(pct).value}")
        lines.append("")
    return "\n".join(lines)


def cmd_score(args: argparse.Namespace) -> int:
    plan, problems = load(args.path, strict=args.strict, period=args.periodo)
    print_problems(problems)
    if has_errors(problems):
        n = sum(1 for p in problems if p.level is Level.ERROR)
        print(f"{plural(n, 'errore', 'errori')}: correggere i dati indicati e ripetere.", file=sys.stderr)
        return EXIT_INPUT
    res = score_plan(plan, args.periodo)
    if args.json:
        json.dump(res.to_json(plan), sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        print(render_table(plan, res))
    return EXIT_OK


def _write_workbook(out: Path, plan: Plan | None, overwrite: bool) -> Path:
    from .template import write_workbook_atomic

    return write_workbook_atomic(Path(out), plan, overwrite=overwrite)


def cmd_template(args: argparse.Namespace) -> int:
    out = _write_workbook(Path(args.out), None, overwrite=args.sovrascrivi)
    print(f"Modello scritto in {out}")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from .demo import demo_plan

    plan = demo_plan()
    out = _write_workbook(Path(args.out), plan, overwrite=args.sovrascrivi)
    print(render_table(plan, score_plan(plan)))
    print(f"Cartella di lavoro dimostrativa scritta in {out}")
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    changes: list = []  # what the roll-over moved to the new year (rollover.Change)
    if args.da:
        plan, problems = load(args.da)
        errors = [p for p in problems if p.level is Level.ERROR]
        if errors:
            print_problems(errors)
            print("Correggere il file di partenza prima di creare il nuovo anno.", file=sys.stderr)
            return EXIT_INPUT
        if plan.area_file:
            raise UserError(
                f"«{Path(args.da).name}» è la copia dell'area «{plan.area_file}»: il nuovo anno si crea dal "
                "file principale del controllo di gestione"
            )
        from .rollover import next_year

        plan, changes = next_year(plan, args.anno)
    else:
        from . import layout

        plan = Plan(areas=list(layout.DEFAULT_AREAS))
    plan.anno = args.anno
    out = _write_workbook(Path(args.out), plan, overwrite=args.sovrascrivi)
    origin = (
        f" a partire da {args.da} (consuntivi svuotati, quelli {args.anno - 1} nella colonna «Consuntivo anno "
        "precedente»)"
        if args.da
        else ""
    )
    print(f"Cartella di lavoro {args.anno} scritta in {out}{origin}")
    if args.da and changes:
        from .rollover import print_review

        review = out.with_name(f"{out.stem} - modifiche dal {args.anno - 1}.csv")  # for review (issue 21.8)
        print_review(changes, args.anno, review)
    return EXIT_OK


class Progress:
    """Stage messages with elapsed time on stderr (silent with --silenzioso or when quick)."""

    def __init__(self, quiet: bool = False):
        import time

        self.quiet, self.time, self.start = quiet, time.perf_counter, time.perf_counter()

    def __call__(self, message: str) -> None:
        if not self.quiet:
            print(f"[{self.time() - self.start:6.1f} s] {message}…", file=sys.stderr, flush=True)


def cmd_refresh(args: argparse.Namespace) -> int:
    from .refresh import refresh_file

    path = Path(args.path)
    if not path.exists():
        raise UserError(f"il file «{path}» non esiste")
    plan, res, problems, out = refresh_file(
        path, args.out, strict=args.strict, progress=Progress(args.quiet), period=args.periodo
    )
    from .grouping import screenful
    from .monitoring import coverage_text

    for line in screenful(problems):  # grouped, at most a screenful: the full list is in Controlli
        print(line, file=sys.stderr)
    print(
        f"PERFORMANCE DI ENTE: {format_percent(res.ente)} ({res.shown('ente').value})  —  fogli aggiornati in {out}"
        + ("" if args.out else f" (copia precedente: {path.name}.bak)")
    )
    if res.coverage and not res.coverage.ente.complete:
        print(coverage_text(res.coverage))
        from .collection import collection_status

        for a in collection_status(plan, res):  # one line per area: what has come back
            print(
                f"  {a.area}: {a.received or 'file non ricevuto'} — {a.filled} di {a.due} valori"
                + (f", {len(a.causes_missing)} cause mancanti" if a.causes_missing else "")
            )
    if has_errors(problems):
        print("Ci sono errori nei dati: vedere il foglio Controlli.", file=sys.stderr)
        return EXIT_INPUT
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    plan, problems = load(args.path, strict=args.strict, period=args.periodo)
    if Path(args.path).suffix.lower() in (".xlsx", ".xlsm") and not any(
        p.place == Path(args.path).name for p in problems
    ):
        from .package import macro_problems  # the package is readable (else the reader said so)

        problems += macro_problems(args.path)
    if not problems:
        print("Nessun problema rilevato.")
        return EXIT_OK
    from .grouping import group

    groups = group(problems, at_least=len(problems) + 1 if args.tutti else 3)  # --tutti: one line per cell
    width = min(max(len(g.place()) for g in groups), 40)
    print(f"{'Livello':<8} {'Dove':<{width}}  Problema — Come correggere")
    for g in groups:
        print(f"{g.level.value:<8} {g.place():<{width}}  {g.message()}" + (f" — {g.fix}" if g.fix else ""))
    n = sum(1 for p in problems if p.level is Level.ERROR)
    print(f"\n{plural(n, 'errore', 'errori')}, {plural(len(problems) - n, 'avviso', 'avvisi')}.")
    from .oiv_lock import CHANGED

    changed = sum(CHANGED in p.message for p in problems)
    if changed and not args.modifiche_volute:  # issue 21.3: never a silent success
        print(
            f"{plural(changed, 'cella modificata', 'celle modificate')} dopo la validazione dell'OIV: se le modifiche "
            "sono volute, ripetere con --modifiche-volute (e rifare la validazione con xlperf valida)."
        )
        return EXIT_INPUT
    return EXIT_INPUT if n else EXIT_OK


def _find_area(plan: Plan, wanted: str) -> str:
    """An area of the plan by its name, its sheet's name or the unique start of its name."""
    from .layout import area_sheet_names

    key = wanted.strip().casefold()
    sheets = area_sheet_names(plan.areas)
    exact = [a for a in plan.areas if key in (a.casefold(), sheets[a].casefold())]
    starts = [a for a in plan.areas if a.casefold().startswith(key)]
    found = exact or (starts if len(starts) == 1 else [])
    if not found:
        raise UserError(
            f"area «{wanted}» non trovata (o ambigua): scegliere tra " + ", ".join(f"«{a}»" for a in plan.areas)
        )
    return found[0]


def cmd_report(args: argparse.Namespace) -> int:
    from . import report
    from .relazione.area import area_view

    if not (args.pdf or args.docx or args.html or args.per_area):
        raise UserError("indicare almeno un formato: --pdf FILE, --docx FILE, --html FILE o --per-area CARTELLA")
    say = Progress(args.quiet)
    say("lettura dei fogli")
    loaded = load_clean(args, "di produrre la relazione")
    if loaded is None:
        return EXIT_INPUT
    plan, problems = loaded
    say(f"calcolo di {len(plan.indicators)} indicatori")
    res = score_plan(plan)  # an area report shows the official scores of the whole plan
    area = _find_area(plan, args.area) if args.area else None
    outputs = [(Path(p), kind, area) for p, kind in ((args.html, "html"), (args.pdf, "pdf"), (args.docx, "docx")) if p]
    if args.per_area:  # one PDF per area with objectives: the OIV's «report di Area»
        from .area_names import unique_names

        with_objectives = [a for a in plan.areas if any(o.area == a for o in plan.objectives)]
        names = unique_names(with_objectives, lambda a: area_report_name(plan, a))  # before any write
        folder = Path(args.per_area)
        folder.mkdir(parents=True, exist_ok=True)
        for each in with_objectives:
            outputs.append((folder / names[each], "pdf", each))
    written = []
    with contextlib.ExitStack() as stack:  # every output to a temporary file first: all or nothing
        temps = [
            (stack.enter_context(atomic_output(out, overwrite=args.sovrascrivi)), out, kind, a)
            for out, kind, a in outputs
        ]
        for tmp, out, kind, a in temps:
            part, part_res = area_view(plan, res, a) if a else (plan, res)  # its indicators' own scores
            if a:
                say(f"area «{a}»")
            if res.period == MID_YEAR and not a and kind in ("html", "pdf"):  # the report di monitoraggio intermedio
                from . import intermediate

                say("scrittura del report di monitoraggio intermedio")
                if kind == "html":
                    tmp.write_text(intermediate.to_html(plan, res), encoding="utf-8")
                else:
                    intermediate.to_pdf(plan, res, tmp)
            elif kind == "html":
                say("scrittura della relazione HTML")
                tmp.write_text(report.to_html(part, part_res, a), encoding="utf-8")
            elif kind == "pdf":
                report.to_pdf(part, part_res, tmp, progress=say, area=a)
            else:
                say("scrittura della relazione DOCX")
                report.to_docx(part, part_res, tmp, area=a)
            written.append(str(out))
    scope = f"area «{area}», " if area else ""
    what = "Report di monitoraggio intermedio" if res.period == MID_YEAR and not area else "Relazione"
    ente = f"Ente {format_percent(res.ente)}" + (f", {res.shown('ente').value.lower()}" if res.coverage else "")
    print(f"{what} {plan.anno or ''} ({scope}{ente}) scritta in: {', '.join(written)}")
    return EXIT_OK


def cmd_solleciti(args: argparse.Namespace) -> int:
    """Per area and dirigente, what is still missing at the period: text to paste into an e-mail."""
    from .collection import collection_status, solleciti

    plan, _ = load(args.path, period=args.periodo)
    res = score_plan(plan)
    status = collection_status(plan, res)
    texts = solleciti(plan, res)
    if not texts:
        print(f"Nessun dato mancante: tutte le {len(status)} aree hanno compilato il periodo {res.period}.")
        return EXIT_OK
    separator = "\n" + "-" * 72 + "\n"
    print(separator.join(text for _, text in texts))
    print(
        f"\n{plural(len(texts), 'sollecito', 'solleciti')} su {len(status)} aree (nessuna e-mail inviata: "
        "copiare il testo nel messaggio).",
        file=sys.stderr,
    )
    return EXIT_OK


def cmd_approva(args: argparse.Namespace) -> int:
    """Record the approved plan: each indicator's target, weight and operator into its hidden
    «approvato» cells, the date into Configurazione; later changes then need a Variazione."""
    import datetime as dt

    from . import layout
    from .files import workbook_lock
    from .readers.grid import cell_value
    from .readers.workbook import load_sheets
    from .writers.cell_writer import CellChange, apply_changes

    master = Path(args.path)
    with workbook_lock(master):
        loaded = load_clean(args, "di approvare il piano")
        if loaded is None:
            return EXIT_INPUT
        plan, _ = loaded
        if plan.area_file:
            raise UserError(f"«{master.name}» è la copia di un'area: il piano si approva nel file principale")
        if plan.approved and not args.sovrascrivi:
            raise UserError(
                f"il piano è già stato approvato il {plan.approved}: le modifiche successive si registrano nel "
                f"foglio {layout.VARIAZIONI}; per registrare una nuova approvazione aggiungere --sovrascrivi"
            )
        missing = [i for i in plan.indicators if "approved_target" not in i.places]
        if missing:
            raise UserError(
                f"«{master.name}» non ha le colonne del piano approvato ({missing[0].source}): è stato creato con una "
                "versione precedente di xlperf; crearlo dal modello attuale (xlperf new --da) e approvarlo lì"
            )
        grid, _ = load_sheets(master)
        changes = []
        for ind in plan.indicators:
            for field, approved in layout.APPROVED_FIELDS.items():
                if approved not in ind.places or field not in ind.places:  # a column older workbooks lack
                    continue
                sheet, ref = ind.place(approved).split("!")
                changes.append(CellChange(sheet, ref, cell_value(grid, ind.place(field))))
        when = args.data or dt.date.today().strftime("%d-%m-%Y")
        if args.atto:  # «31-01-2025 (deliberazione della Giunta n. 04/25 …)»: every message names the act
            when += f" ({' '.join(args.atto.replace('|', '/').split())})"
        sheet, ref = layout.config_cell("XP_Approvato").split("!")
        from .approval import record as approval_record  # the date and which indicators existed

        changes.append(CellChange(sheet, ref, approval_record(when, plan)))
        with atomic_output(master, overwrite=True) as tmp:
            apply_changes(master, tmp, changes)
    print(
        f"Piano {plan.anno or ''} approvato il {when}: {len(plan.indicators)} indicatori registrati (target, peso, "
        f"operatore). Da ora ogni modifica va registrata nel foglio {layout.VARIAZIONI}."
    )
    return EXIT_OK


def cmd_valida(args: argparse.Namespace) -> int:
    """The OIV's validation pack; the validation is recorded in the workbook only once the pack is
    complete, verified and in place (issue 21.3); the master is not held while the documents are laid
    out, and refused if it changed meanwhile (validation_run)."""
    from . import layout
    from .files import temp_next_to, workbook_lock
    from .oiv_lock import CHANGED, record, same_lock
    from .pack_folder import MANIFEST, PackFolder
    from .validation import lock_text
    from .validation_run import digest, lay_out, put_in_place
    from .writers.cell_writer import CellChange, apply_changes

    master, out = Path(args.path), Path(args.out)
    say = Progress(args.quiet)
    with workbook_lock(master):  # read once, then released while the documents are laid out
        say("lettura dei fogli")
        loaded = load_clean(args, "della validazione")
        if loaded is None:
            return EXIT_INPUT
        plan, problems = loaded
        lock = lock_text(plan)
        validated = original = master.read_bytes()
        if not same_lock(plan.validated, lock):  # what the OIV validates, recorded in Configurazione
            plan.validated = record(lock, plan)
            plan.changed_after_validation = ""
            row, col = layout.cell_ref(layout.config_cell("XP_Validato").split("!")[1])
            staged = temp_next_to(master)
            try:
                cell = f"{layout.col_letter(col)}{row + 1}"
                apply_changes(master, staged, [CellChange(layout.CONFIG, cell, plan.validated)])
                validated = staged.read_bytes()
            finally:
                staged.unlink()
    problems = [p for p in problems if CHANGED not in p.message]  # validated again just now
    from .area_names import unique_names

    with_objectives = [a for a in plan.areas if any(o.area == a for o in plan.objectives)]
    names = unique_names(with_objectives, lambda a: area_report_name(plan, a))  # before any write
    with PackFolder(out, overwrite=args.sovrascrivi) as pack:
        res = lay_out(plan, problems, names, validated, master, pack, say)
        put_in_place(master, digest(original), validated, original, pack)
    print(
        f"Pacchetto di validazione {layout.PERIODS[plan.period]} {plan.anno or ''} scritto in {out}: "
        f"{len(pack.digests)} file (verifica: sha256sum -c {MANIFEST}). Ente {format_percent(res.ente)}."
    )
    return EXIT_OK


def cmd_dati_aperti(args: argparse.Namespace) -> int:
    from .open_data import write_open_data

    loaded = load_clean(args, "di pubblicare i dati")
    if loaded is None:
        return EXIT_INPUT
    plan, _ = loaded
    res = score_plan(plan)
    names = write_open_data(plan, res, Path(args.out), overwrite=args.sovrascrivi)
    print(
        f"Dati aperti {plan.anno or ''} scritti in {args.out}: {', '.join(names)} "
        f"(verifica: frictionless validate {Path(args.out) / 'datapackage.json'})."
    )
    return EXIT_OK


def cmd_distribuisci(args: argparse.Namespace) -> int:
    from .collect import distribute

    master = Path(args.master)
    if not master.exists():
        raise UserError(f"il file «{master}» non esiste")
    area = None
    if args.area:
        plan, _ = load(master)
        area = _find_area(plan, args.area)
    files = distribute(master, Path(args.out), overwrite=args.sovrascrivi, period=args.periodo, area=area)
    for f in files:
        print(f"  {f}")
    from .layout import PERIODS
    from .readers.workbook import read_workbook

    period = args.periodo or read_workbook(master)[0].period
    column = "Monitoraggio 30/06" if period == MID_YEAR else "Consuntivo"
    print(
        f"{len(files)} file per area scritti in {args.out} per il periodo «{PERIODS[period]}»: si compilano "
        f"{column}, Note e cause degli scostamenti (con i valori già raccolti); target, pesi e operatori "
        "bloccati. Sono .xlsx senza macro: calcolano da soli in Excel e in LibreOffice, senza Python."
    )
    return EXIT_OK


def cmd_estensione(args: argparse.Namespace) -> int:
    from .calc.build import build

    out = build(Path(args.out), overwrite=args.sovrascrivi)
    print(f"Scritto {out}: installarlo con  unopkg add --shared {out.name}  (LibreOffice 25.2 o successivo)")
    return EXIT_OK


def cmd_raccogli(args: argparse.Namespace) -> int:
    from .collect import collect_file

    master = Path(args.master)
    if not master.exists():
        raise UserError(f"il file «{master}» non esiste")
    missing = [f for f in args.files if not Path(f).exists()]
    if missing:
        raise UserError(f"file non trovati: {', '.join(missing)}")
    merge, applied, (plan, res, problems, out) = collect_file(
        master, [Path(f) for f in args.files], apply_clean=args.applica_solo_senza_conflitti
    )
    for p in merge.conflicts:
        print(f"CONFLITTO {p.place}: {p.message} — {p.fix}")
    if applied:
        print(
            f"{plural(len(merge.updates), 'valore raccolto', 'valori raccolti')} da {len(merge.files)} file e scritti "
            f"in {out} (copia precedente: {master.name}.bak)."
        )
    elif merge.updates:
        print(
            f"{plural(len(merge.updates), 'valore pronto', 'valori pronti')} ma NON scritti per via dei conflitti: "
            "correggere, oppure ripetere con "
            "--applica-solo-senza-conflitti per scrivere solo quelli senza conflitti."
        )
    elif merge.conflicts:
        print("Nessun valore scritto nel file principale: risolvere i conflitti elencati sopra.")
    else:
        print("Nessun valore nuovo da raccogliere.")
    if res.coverage and not res.coverage.ente.complete:
        from .monitoring import coverage_text

        print(coverage_text(res.coverage) + f" (periodo valutato {res.period}: vedere xlperf refresh --periodo)")
    print(
        f"PERFORMANCE DI ENTE: {format_percent(res.ente)}"
        + (
            f" — {plural(len(merge.conflicts), 'conflitto elencato', 'conflitti elencati')} anche nel foglio Controlli."
            if merge.conflicts
            else ""
        )
    )
    return EXIT_INPUT if merge.conflicts else EXIT_OK


def _overwrite_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--sovrascrivi",
        action="store_true",
        help="sostituisce i file di destinazione che esistono già (la versione precedente resta come .bak)",
    )


def _period_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--periodo",
        choices=[MID_YEAR, YEAR_END],
        help="periodo da valutare: 30/06 (monitoraggio) o 31/12 (consuntivo); predefinito: quello indicato in "
        "Configurazione",
    )


class _ItalianHelp(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, prefix="uso: " if prefix is None else prefix)


_ARGPARSE_IT = [
    ("the following arguments are required", "mancano argomenti obbligatori"),
    ("unrecognized arguments", "argomenti non riconosciuti"),
    ("invalid choice", "scelta non valida"),
    ("choose from", "scegliere tra"),
    ("expected one argument", "manca il valore dell'opzione"),
    ("invalid int value", "numero intero non valido"),
    ("argument ", "argomento "),
]


class _Parser(argparse.ArgumentParser):
    """argparse with its error messages in Italian (exit code 2, as for bad input)."""

    def error(self, message: str):
        for en, it in _ARGPARSE_IT:
            message = message.replace(en, it)
        self.print_usage(sys.stderr)
        self.exit(EXIT_INPUT, f"ERRORE: {message}\n")


def _italian(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """argparse's own words in Italian (titles and -h), for every (sub)command."""
    parser.formatter_class = _ItalianHelp
    parser._positionals.title = "argomenti"
    parser._optionals.title = "opzioni"
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            action.help = "mostra questo aiuto ed esce"
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = _italian(
        _Parser(
            prog="xlperf",
            description="Ciclo della performance: calcolo degli indicatori, cartella di lavoro PIAO, riepiloghi.",
        )
    )
    parser.add_argument(
        "--version", action="version", version=f"xlperf {__version__}", help="mostra la versione ed esce"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMANDO", title="comandi")

    p = sub.add_parser("score", help="calcola le percentuali di un CSV o di una cartella di lavoro")
    p.add_argument("path", metavar="FILE", help="file .csv, .xlsx o .xlsm")
    p.add_argument("--json", action="store_true", help="risultato in JSON (frazioni tra 0 e 1)")
    p.add_argument(
        "--strict", action="store_true", help="tratta come errori anche gli avvisi (pesi ≠ 100, codici ripetuti)"
    )
    _period_option(p)
    p.set_defaults(func=cmd_score)

    p = sub.add_parser(
        "refresh", help="ricostruisce Riepilogo, Cruscotto, Dirigenti e Controlli di una cartella di lavoro"
    )
    p.add_argument("path", metavar="FILE", help="cartella di lavoro .xlsm")
    p.add_argument(
        "--out", metavar="FILE", help="scrive qui invece di aggiornare FILE (predefinito: FILE, con copia .bak)"
    )
    p.add_argument("--strict", action="store_true", help="tratta come errori anche gli avvisi")
    p.add_argument("--silenzioso", dest="quiet", action="store_true", help="non mostra l'avanzamento")
    _period_option(p)
    p.set_defaults(func=cmd_refresh)

    p = sub.add_parser("check", help="controlla i dati senza modificare nulla (codice 2 se ci sono errori)")
    p.add_argument("path", metavar="FILE", help="file .csv, .xlsx o .xlsm")
    p.add_argument("--strict", action="store_true", help="tratta come errori anche gli avvisi")
    p.add_argument("--tutti", action="store_true", help="una riga per ogni cella (senza raggruppare)")
    _period_option(p)
    p.add_argument(
        "--modifiche-volute",
        action="store_true",
        help="le modifiche dopo la validazione dell'OIV sono volute: segnalate, ma il controllo non fallisce",
    )
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("report", help="tabelle della Relazione sulla performance in PDF, DOCX o HTML")
    p.add_argument("path", metavar="FILE", help="cartella di lavoro .xlsm/.xlsx o CSV")
    p.add_argument("--pdf", metavar="OUT.pdf")
    p.add_argument("--docx", metavar="OUT.docx")
    p.add_argument("--html", metavar="OUT.html")
    p.add_argument(
        "--area", metavar="NOME", help="solo gli obiettivi di un'area (nome, nome del foglio o inizio del nome)"
    )
    p.add_argument("--per-area", metavar="CARTELLA", help="un PDF per ogni area (report di area) nella cartella")
    p.add_argument("--silenzioso", dest="quiet", action="store_true", help="non mostra l'avanzamento")
    _overwrite_option(p)
    _period_option(p)
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("approva", help="registra il piano approvato (target, pesi, operatori) per le variazioni")
    p.add_argument("path", metavar="FILE", help="il file principale .xlsm")
    p.add_argument("--data", metavar="GG-MM-AAAA", help="data dell'approvazione (predefinita: oggi)")
    p.add_argument(
        "--atto",
        metavar="TESTO",
        help="l'atto di approvazione, es. «deliberazione della Giunta n. 04/25 del 30 gennaio 2025»",
    )
    p.add_argument(
        "--sovrascrivi",
        action="store_true",
        help="registra una nuova approvazione al posto di quella già registrata (il file precedente resta come .bak)",
    )
    p.set_defaults(func=cmd_approva)

    p = sub.add_parser("valida", help="pacchetto di validazione per l'OIV (relazione, report di area, checklist)")
    p.add_argument("path", metavar="FILE", help="il file principale .xlsm")
    p.add_argument("--out", required=True, metavar="CARTELLA", help="cartella del pacchetto")
    p.add_argument("--silenzioso", dest="quiet", action="store_true", help="non mostra l'avanzamento")
    _overwrite_option(p)
    _period_option(p)
    p.set_defaults(func=cmd_valida)

    p = sub.add_parser("dati-aperti", help="dati aperti della performance: CSV e datapackage.json (Frictionless)")
    p.add_argument("path", metavar="FILE", help="il file principale .xlsm (o un CSV)")
    p.add_argument("--out", required=True, metavar="CARTELLA", help="cartella dei dati aperti")
    _overwrite_option(p)
    _period_option(p)
    p.set_defaults(func=cmd_dati_aperti)

    p = sub.add_parser("distribuisci", help="un file per area organizzativa, da far compilare alle aree")
    p.add_argument("master", metavar="PRINCIPALE.xlsm")
    p.add_argument("--out", required=True, metavar="CARTELLA", help="cartella dove scrivere i file delle aree")
    p.add_argument("--area", metavar="NOME", help="solo il file di quest'area (es. dopo una variazione)")
    _overwrite_option(p)
    _period_option(p)
    p.set_defaults(func=cmd_distribuisci)

    p = sub.add_parser("raccogli", help="riporta nel file principale consuntivi e note dei file delle aree")
    p.add_argument("master", metavar="PRINCIPALE.xlsm")
    p.add_argument("files", nargs="+", metavar="FILE_AREA.xlsx")
    p.add_argument(
        "--applica-solo-senza-conflitti",
        action="store_true",
        help="scrive i valori senza conflitti anche se altri valori sono in conflitto",
    )
    p.set_defaults(func=cmd_raccogli)

    p = sub.add_parser("solleciti", help="per area e dirigente, i dati che mancano: testo pronto per un'e-mail")
    p.add_argument("path", metavar="PRINCIPALE.xlsm")
    _period_option(p)
    p.set_defaults(func=cmd_solleciti)

    p = sub.add_parser("estensione", help="crea l'estensione di LibreOffice Calc (funzioni PERF_* e menu xlperf)")
    p.add_argument("--out", default="xlperf.oxt", metavar="FILE", help="destinazione (predefinita: xlperf.oxt)")
    _overwrite_option(p)
    p.set_defaults(func=cmd_estensione)

    p = sub.add_parser("demo", help="crea la cartella di lavoro dimostrativa (piano 2025 della CCIAA di Pistoia-Prato)")
    p.add_argument(
        "out",
        nargs="?",
        default="PIAO_2025_demo.xlsm",
        metavar="FILE",
        help="destinazione (predefinita: PIAO_2025_demo.xlsm)",
    )
    _overwrite_option(p)
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("template", help="scrive il modello vuoto PIAO_template.xlsm")
    p.add_argument("--out", default="PIAO_template.xlsm", metavar="FILE")
    _overwrite_option(p)
    p.set_defaults(func=cmd_template)

    p = sub.add_parser("new", help="crea la cartella di lavoro di un nuovo anno")
    p.add_argument("--anno", type=int, required=True, help="anno del piano, es. 2026")
    p.add_argument("--da", metavar="FILE", help="copia albero e indicatori da questo file (consuntivi svuotati)")
    _overwrite_option(p)
    p.add_argument("out", metavar="FILE", help="destinazione .xlsm")
    p.set_defaults(func=cmd_new)

    from .appraisal.commands import register as register_valutazioni  # issue 24: its own workbook

    register_valutazioni(sub, _overwrite_option)
    for subparser in sub.choices.values():
        _italian(subparser)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_INPUT
    try:
        return args.func(args)
    except XlperfError as exc:
        print(f"ERRORE: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except BrokenPipeError:  # output piped into head & co.
        sys.stderr.close()
        return EXIT_OK
    except OSError as exc:  # read-only folder, full disk, permission denied: the user's to fix
        print(f"ERRORE: {environment_error(exc)}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("Interrotto.", file=sys.stderr)
        return EXIT_INPUT
    except Exception as exc:  # never a traceback for the user
        print(
            f"ERRORE INTERNO: {type(exc).__name__}: {exc}\n"
            "Il file non è stato modificato. Segnalare il problema al controllo di gestione "
            "allegando il file.",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
