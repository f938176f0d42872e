"""xlperf in LibreOffice Calc: the PERF_* add-in and the «xlperf» menu, as an extension (.oxt).

``build.py`` makes the ``.oxt``; what runs inside LibreOffice's own Python (``functions.py``,
``wire.py``, ``uno_sheets.py``, ``runner.py``, ``addin.py`` and the core's ``cells.py``,
``scalar.py``, ``literals.py``) uses the standard library only; ``bridge.py`` runs under the
controllo di gestione's Python with all of xlperf.
"""
