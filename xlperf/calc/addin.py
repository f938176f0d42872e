"""The UNO components of the xlperf extension (this file runs inside LibreOffice, loaded by its
Python loader; ``xlperf estensione`` packs it with the modules under ``pythonpath/xlperf_lo``).

* ``org.xlperf.calc.PerfAddIn``: the Calc add-in (``com.sun.star.sheet.AddIn``) with the PERF_*
  functions; their compatibility (Excel) names are the same, so LibreOffice ≥ 25.2 binds the
  ``.xlsm``'s ``PERF_INDICATOR(…)`` cells to it and writes them back as such.
* ``org.xlperf.calc.Commands``: the «xlperf» menu (``service:org.xlperf.calc.Commands?aggiorna``).
"""

import sys
import traceback

import unohelper
from com.sun.star.lang import Locale, XServiceInfo, XServiceName
from com.sun.star.sheet import LocalizedName, XAddIn, XCompatibilityNames
from com.sun.star.task import XJobExecutor
from org.xlperf.calc import XPerf
from xlperf_lo.calc import functions, generated, runner, uno_sheets

ADDIN = "org.xlperf.calc.PerfAddIn"
COMMANDS = "org.xlperf.calc.Commands"
ADDIN_SERVICE = "com.sun.star.sheet.AddIn"


def _call(name, args):
    try:
        return functions.FUNCTIONS[name](*args)
    except Exception:  # noqa: BLE001 - a cell never shows a traceback
        return "Errore: valore non valido"


class PerfAddIn(unohelper.Base, XPerf, XAddIn, XCompatibilityNames, XServiceName, XServiceInfo):
    def __init__(self, ctx):
        self.ctx = ctx
        self.locale = Locale("it", "IT", "")

    def PERF_INDICATOR(self, target, actual, op, monitoraggio, periodo, unita, target30):
        return _call("PERF_INDICATOR", (target, actual, op, monitoraggio, periodo, unita, target30))

    def PERF_OBJECTIVE(self, percentuali, pesi, codici, codice):
        return _call("PERF_OBJECTIVE", (percentuali, pesi, codici, codice))

    def PERF_STATUS(self, pct, soglia_raggiunto, soglia_parziale):
        return _call("PERF_STATUS", (pct, soglia_raggiunto, soglia_parziale))

    def PERF_INDICATORS(self, targets, actuals, ops):
        out = _call("PERF_INDICATORS", (targets, actuals, ops))
        return out if isinstance(out, tuple) else ((out,),)

    def PERF_STATUSES(self, pcts, soglia_raggiunto, soglia_parziale):
        out = _call("PERF_STATUSES", (pcts, soglia_raggiunto, soglia_parziale))
        return out if isinstance(out, tuple) else ((out,),)

    # XServiceName / XServiceInfo
    def getServiceName(self):
        return ADDIN

    def getImplementationName(self):
        return ADDIN

    def supportsService(self, name):
        return name in (ADDIN_SERVICE, ADDIN)

    def getSupportedServiceNames(self):
        return (ADDIN_SERVICE, ADDIN)

    # XLocalizable
    def setLocale(self, locale):
        self.locale = locale

    def getLocale(self):
        return self.locale

    # XAddIn: the function wizard (Italian texts from udfs.py, see build.py)
    def getProgrammaticFuntionName(self, display):
        return display if display in generated.HELP else ""

    def getDisplayFunctionName(self, name):
        return name

    def getFunctionDescription(self, name):
        return generated.HELP.get(name, {}).get("doc", "")

    def _arg(self, name, index):
        args = generated.HELP.get(name, {}).get("args", [])
        return args[index] if 0 <= index < len(args) else ("", "")

    def getDisplayArgumentName(self, name, index):
        return self._arg(name, index)[0]

    def getArgumentDescription(self, name, index):
        return self._arg(name, index)[1]

    def getProgrammaticCategoryName(self, name):
        return "Add-In"

    def getDisplayCategoryName(self, name):
        return generated.CATEGORY

    # XCompatibilityNames: the Excel names, so an .xlsm's PERF_*( cells bind on import
    def getCompatibilityNames(self, name):
        if name not in generated.HELP:
            return ()
        return tuple(LocalizedName(Locale(lang, country, ""), name) for lang, country in (("en", "US"), ("it", "IT")))


class Commands(unohelper.Base, XJobExecutor, XServiceInfo):
    """«xlperf → Aggiorna riepilogo» and «xlperf → Raccogli file aree» in the open document."""

    def __init__(self, ctx):
        self.ctx = ctx

    def getImplementationName(self):
        return COMMANDS

    def supportsService(self, name):
        return name == COMMANDS

    def getSupportedServiceNames(self):
        return (COMMANDS,)

    def _desktop(self):
        return self.ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", self.ctx)

    def _document(self):
        doc = self._desktop().getCurrentComponent()
        if doc is not None and doc.supportsService("com.sun.star.sheet.SpreadsheetDocument"):
            return doc
        found = None
        docs = self._desktop().getComponents().createEnumeration()
        while docs.hasMoreElements():
            d = docs.nextElement()
            if d.supportsService("com.sun.star.sheet.SpreadsheetDocument"):
                found = d
        return found

    def _visible_window(self, doc):
        try:
            window = doc.getCurrentController().getFrame().getContainerWindow()
        except Exception:  # noqa: BLE001 - no frame: no dialogs
            return None
        return window if window is not None and window.isVisible() else None

    def _message(self, doc, text, query=False):
        """An Italian message box; True for «Sì». Without a visible window (headless) nothing is shown."""
        window = self._visible_window(doc)
        if window is None:
            return False
        toolkit = self.ctx.ServiceManager.createInstanceWithContext("com.sun.star.awt.Toolkit", self.ctx)
        from com.sun.star.awt.MessageBoxType import INFOBOX, QUERYBOX

        box = toolkit.createMessageBox(window, QUERYBOX if query else INFOBOX, 3 if query else 1, "xlperf", text)
        return box.execute() == 2  # YES

    def trigger(self, command):
        doc = self._document()
        if doc is None:
            return
        try:
            if command.split("|")[0] == "raccogli":  # "raccogli|FILE|FILE…" (scripts, tests): no file dialog
                self._collect(doc, [f for f in command.split("|")[1:] if f] or None)
            else:
                self._refresh(doc, {"azione": "aggiorna"})
        except runner.BridgeError as exc:
            print(f"xlperf: {exc}", file=sys.stderr)  # headless runs have no dialog
            self._message(doc, str(exc))
        except Exception as exc:  # noqa: BLE001 - a message, never a traceback in the user's face
            traceback.print_exc()
            self._message(doc, f"xlperf: errore inatteso ({type(exc).__name__}: {exc})")

    def _refresh(self, doc, request):
        sheets = uno_sheets.input_sheets(doc, set(generated.OWNED_SHEETS))
        request["sheets"] = sheets
        answer = runner.call(request, sheets.get(generated.XLWINGS_CONF))
        doc.lockControllers()
        try:
            uno_sheets.set_cells(doc, answer.get("updates") or [])
            uno_sheets.write_layouts(doc, answer["layouts"])
        finally:
            doc.unlockControllers()
        errors = answer.get("errori") or 0
        shown = generated.CONTROLLI if errors or answer.get("conflitti") else generated.CRUSCOTTO
        try:
            doc.getCurrentController().setActiveSheet(doc.getSheets().getByName(shown))
        except Exception:  # noqa: BLE001 - headless: no controller
            pass
        if errors:
            self._message(doc, f"Riepilogo aggiornato. Errori nei dati: {errors} (vedere il foglio Controlli).")
        return answer

    def _pick_files(self, doc):
        if self._visible_window(doc) is None:
            return []
        import uno

        picker = self.ctx.ServiceManager.createInstanceWithContext("com.sun.star.ui.dialogs.FilePicker", self.ctx)
        picker.initialize((0,))  # FILEOPEN_SIMPLE
        picker.setMultiSelectionMode(True)
        picker.appendFilter("File delle aree (*.xlsx)", "*.xlsx")
        picker.setTitle(generated.COLLECT_CAPTION)
        if picker.execute() != 1:
            return []
        return [uno.fileUrlToSystemPath(url) for url in picker.getSelectedFiles()]

    def _collect(self, doc, files=None):
        files = files if files is not None else self._pick_files(doc)
        if not files:
            return None
        answer = self._refresh(doc, {"azione": "raccogli", "files": files})
        if answer.get("conflitti") and answer.get("da_scrivere") and not answer.get("applicato"):
            question = (
                f"{answer['conflitti']} conflitti (vedere Controlli). Scrivere comunque i "
                f"{answer['da_scrivere']} valori senza conflitti?"
            )
            if self._message(doc, question, query=True):
                answer = self._refresh(doc, {"azione": "raccogli", "files": files, "applica": True})
        return answer


g_ImplementationHelper = unohelper.ImplementationHelper()
g_ImplementationHelper.addImplementation(PerfAddIn, ADDIN, (ADDIN_SERVICE, ADDIN))
g_ImplementationHelper.addImplementation(Commands, COMMANDS, (COMMANDS,))
