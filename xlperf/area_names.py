"""Area names as file names (issue 21.7): safe on Windows and in a MANIFEST line, unique, not too long.

An area name is typed in Configurazione, where Alt+Invio puts a line break and `/` or `:` are
ordinary. Every per-area output (the area copies of `distribuisci`, the reports of `report
--per-area` and of `valida`) is named by :func:`safe_part`; :func:`name_problems` is what `check`
says about the names, and :func:`unique_names` refuses, before anything is written, names that would
collide or be too long.
"""

from __future__ import annotations

import re

from .errors import XlperfError
from .model import Level, Problem

#: bytes a file name may take on the discs we meet (255), less room for «.bak» and our prefixes
MAX_NAME_BYTES = 200
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]+")
_RESERVED = re.compile(r'[\\/:*?"<>|]+')


def safe_part(area: str) -> str:
    """The area name as part of a file name: line breaks and control characters become a space,
    the characters Windows refuses a «-», no trailing dot or space (Windows drops them)."""
    text = _CONTROL.sub(" ", area)
    text = _RESERVED.sub("-", text)
    return re.sub(r" {2,}", " ", text).strip().rstrip(". ")


def name_problems(areas: list[tuple[str, str]], file_name) -> list[Problem]:
    """``areas``: (name, Configurazione cell); ``file_name``: area -> its file name. A line break or
    control character (a warning: the file names replace it), two areas with the same file name or a
    name too long for a file (errors)."""
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for area, place in areas:
        if _CONTROL.search(area):
            problems.append(
                Problem(
                    level=Level.WARNING,
                    place=place,
                    message=f"il nome dell'area «{_CONTROL.sub(' ', area)}» contiene un a capo o un carattere "
                    "di controllo: nei nomi dei file diventa uno spazio",
                    fix="scrivere il nome su una sola riga (senza Alt+Invio)",
                )
            )
        name = file_name(area)
        if len(name.encode("utf-8")) > MAX_NAME_BYTES:
            problems.append(
                Problem(
                    level=Level.ERROR,
                    place=place,
                    message=f"il nome dell'area è troppo lungo per un nome di file ({len(area)} caratteri)",
                    fix="accorciare il nome dell'area (al massimo circa 150 caratteri)",
                )
            )
        key = name.casefold()
        if key in seen and seen[key] != area:
            problems.append(
                Problem(
                    level=Level.ERROR,
                    place=place,
                    message=f"le aree «{seen[key]}» e «{area}» darebbero lo stesso nome di file («{name}»)",
                    fix='rinominare una delle due aree (i caratteri \\ / : * ? " < > | diventano «-»)',
                )
            )
        seen.setdefault(key, area)
    return problems


def unique_names(areas: list[str], file_name) -> dict[str, str]:
    """area -> its file name, or an Italian error (before anything is written) when two areas would
    give the same file or a name is too long."""
    problems = name_problems([(a, f"area «{a}»") for a in areas], file_name)
    errors = [p for p in problems if p.level is Level.ERROR]
    if errors:
        raise XlperfError(
            "; ".join(p.message for p in errors) + ": nessun file scritto. Rinominare l'area in Configurazione"
        )
    return {a: file_name(a) for a in areas}
