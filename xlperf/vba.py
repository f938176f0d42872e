"""vbaProject.bin from macros/*.bas (+ the standalone xlwings module), built on Linux with ms-ovba.

ms-ovba writes scratch files next to its sources and its output into the current directory, so
everything happens in a temporary directory. VBA sources must be ASCII: the module streams are
read by Excel as Windows-1252 and ms-ovba copies bytes as they are.
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import tempfile
import uuid
from pathlib import Path

from .errors import InstallationError

#: Same GUIDs Excel uses for worksheet and workbook document modules.
_SHEET_GUID = uuid.UUID("0002082000000000C000000000000046")
_WORKBOOK_GUID = uuid.UUID("0002081900000000C000000000000046")
_PROJECT_ID = "{6D3C6F2A-1B7E-4C1E-9D52-78A1B0C0FFEE}"
_DOC_TEMPLATE = (
    "VERSION 1.0 CLASS\r\nBEGIN\r\n  MultiUse = -1  'True\r\nEND\r\n"
    'Attribute VB_Name = "{name}"\r\n'
    "Attribute VB_GlobalNameSpace = False\r\nAttribute VB_Creatable = False\r\n"
    "Attribute VB_PredeclaredId = True\r\nAttribute VB_Exposed = True\r\n"
)


#: Every standard module the workbook needs, with the macros the buttons and formulas call.
#: A build without one of them would give buttons pointing at nothing and #NAME? cells.
REQUIRED_MACROS: dict[str, tuple[str, ...]] = {
    "xlperf": ("AggiornaRiepilogo", "RaccogliFileAree"),
    "xlwings_udfs": ("PERF_INDICATOR", "PERF_OBJECTIVE", "PERF_STATUS", "PERF_INDICATORS", "PERF_STATUSES"),
    "xlwings": ("RunPython",),
}
_PROCEDURE = re.compile(r"^\s*(?:Public\s+|Private\s+)?(?:Sub|Function)\s+(\w+)", re.M | re.I)


def macros_dir() -> Path:
    """The VBA sources: ``xlperf/macros`` inside an installed package (wheel or editable), else the
    repository's ``macros/`` next to the package (a plain source checkout)."""
    shipped = Path(__file__).resolve().parent / "macros"
    if shipped.is_dir():
        return shipped
    return Path(__file__).resolve().parent.parent / "macros"


def xlwings_module_source() -> str:
    """The standalone xlwings VBA module of the installed xlwings (same version as the Python side)."""
    import xlwings

    path = Path(xlwings.__file__).parent / "xlwings.bas"
    if not path.is_file():
        raise InstallationError(
            f"manca il modulo VBA di xlwings ({path}): reinstallare xlperf con «pip install .» "
            "dalla cartella ricevuta dal controllo di gestione"
        )
    return path.read_text(encoding="ascii")


def procedures(source: str) -> set[str]:
    """Names of the Sub/Function procedures a VBA module defines."""
    return set(_PROCEDURE.findall(source))


def vba_sources() -> dict[str, str]:
    """Module name -> source text: every macros/*.bas plus the embedded xlwings module.

    Refuses (:class:`InstallationError`) when a required module or macro is missing, so that no
    workbook is ever written with buttons pointing at nothing.
    """
    sources = {"xlwings": xlwings_module_source()}
    folder = macros_dir()
    for path in sorted(folder.glob("*.bas")):
        text = path.read_text(encoding="ascii")
        sources[module_name(text, path.stem)] = text
    for module, macros in REQUIRED_MACROS.items():
        missing = [m for m in macros if m not in procedures(sources.get(module, ""))]
        if module not in sources or missing:
            what = f"il modulo VBA «{module}»" if module not in sources else f"le macro {', '.join(missing)}"
            raise InstallationError(
                f"installazione di xlperf incompleta: manca {what} (cercato in {folder}). "
                "Senza, i pulsanti e le funzioni PERF_* non funzionerebbero: nessun file scritto. "
                "Reinstallare xlperf con «pip install .» dalla cartella del progetto"
            )
    return sources


def module_name(source: str, default: str) -> str:
    for line in source.splitlines():
        if line.startswith("Attribute VB_Name"):
            return line.split("=", 1)[1].strip().strip('"')
    return default


@contextlib.contextmanager
def _cwd(path: Path):
    old = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


def build_vba_project(sheet_codenames: list[str], out: Path) -> Path:
    """Write vbaProject.bin: ThisWorkbook, one document module per sheet, the standard modules."""
    from ms_ovba.Models.Entities.doc_module import DocModule
    from ms_ovba.Models.Entities.reference import Reference
    from ms_ovba.Models.Entities.reference_registered import ReferenceRegistered
    from ms_ovba.Models.Entities.std_module import StdModule
    from ms_ovba.Models.Fields.libid_reference import LibidReference
    from ms_ovba.vbaProject import VbaProject
    from ms_ovba.Views.project_ole_file import ProjectOleFile
    from ms_ovba_compression.ms_ovba import MsOvba

    from .ovba_compress import compress

    project = VbaProject()
    project.project_id = _PROJECT_ID
    with tempfile.TemporaryDirectory(prefix="xlperf-vba-") as tmp, _cwd(Path(tmp)):
        for name, guid in [("ThisWorkbook", _WORKBOOK_GUID)] + [(n, _SHEET_GUID) for n in sheet_codenames]:
            Path(f"{name}.cls").write_text(_DOC_TEMPLATE.format(name=name), encoding="ascii", newline="")
            doc = DocModule(name)
            doc.add_file(f"{name}.cls")
            doc.add_guid(guid)
            doc.normalize_file()
            project.add_module(doc)
        for name, source in vba_sources().items():
            Path(f"{name}.bas").write_text(source.replace("\r\n", "\n"), encoding="ascii", newline="")
            std = StdModule(name)
            std.add_file(f"{name}.bas")
            std.normalize_file()
            project.add_module(std)
        stdole = LibidReference(
            uuid.UUID("0002043000000000C000000000000046"),
            "2.0",
            "0",
            "C:\\Windows\\System32\\stdole2.tlb",
            "OLE Automation",
        )
        office = LibidReference(
            uuid.UUID("2DF8D04C5BFA101BBDE500AA0044DE52"),
            "2.0",
            "0",
            r"C:\Program Files\Common Files\Microsoft Shared\OFFICE16\MSO.DLL",
            "Microsoft Office 16.0 Object Library",
        )
        project.add_reference(Reference(ReferenceRegistered(stdole), "stdole"))
        project.add_reference(Reference(ReferenceRegistered(office), "Office"))
        # ms-ovba-crypto draws the CMG/DPB/GC salts from the global `random`: seed it so that the
        # same sources give the same bytes (the committed template is checked against the builder)
        state = random.getstate()
        random.seed(20250101)
        original = MsOvba.compress
        # see ovba_compress: upstream's compressor is broken for streams over 4096 bytes
        setattr(MsOvba, "compress", lambda self, data: compress(data))  # noqa: B010
        try:
            ProjectOleFile.write_file(project)
        finally:
            setattr(MsOvba, "compress", original)  # noqa: B010
            random.setstate(state)
        data = Path("vbaProject.bin").read_bytes()
    out.write_bytes(data)
    return out
