"""`xlperf valutazioni crea|aggiorna|calcola|schede|tabelle|demo`: what cli.py registers and calls."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..errors import XlperfError
from ..files import atomic_output
from ..model import Level


def _write(out: Path, inp, overwrite: bool) -> None:
    from .builder import build
    from .reader import grouped, parse

    _, problems = parse(inp)
    problems = [p for p in problems if p.level is Level.ERROR]
    if problems:
        raise XlperfError(f"dati non validi, nessun file scritto:\n{grouped(problems)}")
    if out.suffix.lower() != ".xlsx":
        raise XlperfError(f"«{out.name}»: la cartella di valutazione è un file .xlsx")
    with atomic_output(out, overwrite=overwrite) as tmp:
        build(tmp, inp)


def cmd_crea(args: argparse.Namespace) -> int:
    from .defaults import default_inputs
    from .master import read_master

    facts = read_master(args.master)
    _write(Path(args.out), default_inputs(facts), args.sovrascrivi)
    print(f"Cartella di valutazione {facts.anno} scritta in {args.out} ({len(facts.dirigenti)} dirigenti dal piano).")
    return 0


def cmd_aggiorna(args: argparse.Namespace) -> int:
    from .defaults import with_master
    from .master import read_master
    from .reader import load

    inp, appraisal = load(args.path)
    facts = read_master(args.da)
    if appraisal.sistema.plan_id and facts.plan_id != appraisal.sistema.plan_id and not args.altro_piano:
        raise XlperfError(
            f"«{Path(args.da).name}» non è il file principale da cui è stata creata la cartella di valutazione "
            f"(identificativo {facts.plan_id}, atteso {appraisal.sistema.plan_id}): indicare il file giusto "
            "o aggiungere --altro-piano"
        )
    _write(Path(args.path), with_master(inp, facts), overwrite=True)
    print(
        f"Risultati del piano riportati in {args.path} (copia precedente in .bak); nulla di quanto scritto è cambiato."
    )
    return 0


def cmd_calcola(args: argparse.Namespace) -> int:
    from ..literals import format_percent
    from .compute import compute, to_json
    from .reader import load

    _, appraisal = load(args.path, warnings=sys.stderr)
    schede = compute(appraisal)
    data = to_json(appraisal, schede)
    if args.json:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    for s in schede:
        mark = " (forzato)" if s.overridden else ""
        print(f"{s.person.matricola:8} {s.group.name:24} {format_percent(s.total):>9}{mark:10} "
              f"{s.band.name if s.band else '-':34} {s.premio:>10.2f} €")  # fmt: skip
    print(f"Premi: stanziati {data['premi']['stanziato']:.2f} €, distribuiti {data['premi']['distribuito']:.2f} €")
    if not appraisal.sistema.validated:
        print("Relazione non ancora validata dall'OIV: nessun premio è pagabile (art. 14 c. 4 d.lgs. 150/2009).")
    return 0


def cmd_schede(args: argparse.Namespace) -> int:
    from .compute import compute
    from .outputs import write_schede
    from .reader import load

    _, appraisal = load(args.path)
    files = write_schede(appraisal, compute(appraisal), Path(args.out), args.sovrascrivi)
    print(f"{len(files)} schede PDF scritte in {args.out}")
    return 0


def cmd_tabelle(args: argparse.Namespace) -> int:
    from .compute import compute
    from .reader import load
    from .tables import write_tables

    _, appraisal = load(args.path)
    files = write_tables(appraisal, compute(appraisal), Path(args.out), args.sovrascrivi)
    print(f"Tabelle art. 20 d.lgs. 33/2013 scritte in {args.out}: {', '.join(p.name for p in files)}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from .demo import demo_inputs

    inp = demo_inputs()
    _write(Path(args.out), inp, args.sovrascrivi)
    print(f"Cartella di valutazione dimostrativa ({len(inp.people)} persone) scritta in {args.out}")
    return 0


def register(sub, overwrite_option) -> None:
    """The `valutazioni` command and its subcommands (called by cli.build_parser)."""
    p = sub.add_parser("valutazioni", help="valutazione individuale: schede, premi, tabelle art. 20 (file a parte)")
    vs = p.add_subparsers(dest="azione", metavar="AZIONE", title="azioni", required=True)
    q = vs.add_parser("crea", help="crea la cartella di valutazione dal file principale")
    q.add_argument("master", metavar="PRINCIPALE.xlsm")
    q.add_argument("--out", required=True, metavar="Valutazioni_AAAA.xlsx")
    overwrite_option(q)
    q.set_defaults(func=cmd_crea)
    q = vs.add_parser("aggiorna", help="riporta i risultati finali del piano senza toccare quanto scritto")
    q.add_argument("path", metavar="FILE")
    q.add_argument("--da", required=True, metavar="PRINCIPALE.xlsm", help="il file principale del piano")
    q.add_argument("--altro-piano", action="store_true", help="accetta un file principale diverso da quello di origine")
    q.set_defaults(func=cmd_aggiorna)
    q = vs.add_parser("calcola", help="verifica e calcola punteggi, fasce e premi")
    q.add_argument("path", metavar="FILE")
    q.add_argument("--json", action="store_true", help="risultato in JSON (punteggi tra 0 e 1, importi in euro)")
    q.set_defaults(func=cmd_calcola)
    q = vs.add_parser("schede", help="una scheda PDF accessibile per persona")
    q.add_argument("path", metavar="FILE")
    q.add_argument("--out", required=True, metavar="CARTELLA")
    overwrite_option(q)
    q.set_defaults(func=cmd_schede)
    q = vs.add_parser("tabelle", help="tabelle art. 20 d.lgs. 33/2013 (CSV + datapackage.json)")
    q.add_argument("path", metavar="FILE")
    q.add_argument("--out", required=True, metavar="CARTELLA")
    overwrite_option(q)
    q.set_defaults(func=cmd_tabelle)
    q = vs.add_parser("demo", help="cartella di valutazione dimostrativa (piano 2025, 79 persone)")
    q.add_argument("--out", default="Valutazioni_2025_demo.xlsx", metavar="FILE")
    overwrite_option(q)
    q.set_defaults(func=cmd_demo)
