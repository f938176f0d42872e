"""The master's macro side: its two buttons (the macro each calls, its caption) and the hidden
xlwings.conf sheet the standalone xlwings VBA module reads (the Python module serving PERF_*).

The template writes them, the refresh's guard checks the buttons are kept, the Calc extension
mirrors the captions in its menu.
"""

from __future__ import annotations

#: xlwings.conf: what the standalone xlwings VBA module reads
UDF_MODULE = "xlperf.udfs"
XLWINGS_SETTINGS = [
    ("Interpreter_Win", ""),
    ("Interpreter_Mac", ""),
    ("PYTHONPATH", ""),
    ("Conda Path", ""),
    ("Conda Env", ""),
    ("UDF Modules", UDF_MODULE),
    ("Debug UDFs", "False"),
    # True: a click on «Aggiorna riepilogo» runs in the UDF server, the Python process that already
    # serves the PERF_* functions (Windows), so the imports are paid once per Excel session
    ("Use UDF Server", "True"),
    ("Show Console", "False"),
    ("ONEDRIVE_CONSUMER_WIN", ""),
    ("ONEDRIVE_COMMERCIAL_WIN", ""),
    ("SHAREPOINT_WIN", ""),
]

#: the buttons of Riepilogo: the macro each calls and its caption
REFRESH_MACRO = "AggiornaRiepilogo"
REFRESH_CAPTION = "Aggiorna riepilogo"
COLLECT_MACRO = "RaccogliFileAree"
COLLECT_CAPTION = "Raccogli file aree"
