"""Generated broken inputs (hypothesis, derandomised): for every case, `score`, `check` and
`refresh` end without a traceback, with exit 0 or 2, every problem placed (CSV row or sheet!cell)
and in Italian, and the input file unchanged unless a refresh succeeded."""

from __future__ import annotations

import contextlib
import csv
import io
import re
import shutil
from pathlib import Path

import case_counter
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xlperf import layout as L
from xlperf.cli import main
from xlperf.demo import demo_plan, published_rows
from xlperf.model import Plan
from xlperf.template import build_workbook

BAD_VALUES = [
    "",
    " ",
    "abc",
    "dieci",
    "N/D",
    "n.d.",
    "#N/D",
    "#N/A",
    "#VALORE!",
    "#DIV/0!",
    "#RIF!",
    "31/03/2025",
    "2025-03-31",
    "31-03-2025",
    "1e308",
    "9" * 400,
    "-5",
    "-0",
    "0",
    "1,2,3",
    "12.34.5",
    ">=",
    "<= abc",
    "Entro",
    "Entro 31-02-2025",
    "SI",
    "forse",
    "℮∞😀",
    "ｓｉ",
    "=SUM(A1:A2)",
    "=1/0",
    "\t",
    "100%%",
    "€",
    "1.000.000,5",
    "0,0001",
    "-20 gg",
    "NaN",
    "inf",
    "True",
]
#: a cell, or the cells of a group of repeated messages («Area 3!A4–A8, A12, …»)
PLACE = re.compile(
    # a cell, or a group of repeated messages: «Area 3!A4–A8, A12, …» (grouping.py)
    r"^(ERRORE|AVVISO) (riga \d+(, colonna [^:]+)?|[^!]+![A-Z]+\d+(–[A-Z]+\d+)?(, ([A-Z]+\d+(–[A-Z]+\d+)?|…))*"
    r"|[^!]+![0-9]+:[0-9]+|[^ "
    r"]+\.(csv|xlsm)|Configurazione|Albero|obiettivo strategico [^:]+|[0-9_A-Z]+):"
)

SETTINGS = dict(deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))


def run_cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def assert_clean(code: int, out: str, err: str) -> None:
    assert code in (0, 2), (code, err)
    assert "Traceback" not in err and "ERRORE INTERNO" not in err, err
    for line in err.splitlines():
        if line.startswith(("ERRORE ", "AVVISO ")):
            assert PLACE.match(line), line
    if code == 2:
        assert "ERRORE" in err or "errore" in out, (out, err)


# --- CSV ------------------------------------------------------------------------------------
FIELDS = ["objective_code", "indicator_code", "indicator_name", "weight_pct", "operator", "target", "unit", "actual"]
BASE_ROWS = [{f: r[f] for f in FIELDS} for r in published_rows()[:40]]


def csv_text(rows: list[dict], fields: list[str], delimiter: str) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=fields, delimiter=delimiter, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


@st.composite
def broken_csv(draw):
    rows = [dict(r) for r in BASE_ROWS[: draw(st.integers(0, len(BASE_ROWS)))]]
    fields = list(FIELDS)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(
            st.sampled_from(
                ["cell", "cell", "cell", "drop_col", "rename_col", "extra_col", "dup_row", "drop_rows", "weights"]
            )
        )
        if kind == "cell" and rows:
            row = draw(st.integers(0, len(rows) - 1))
            rows[row][draw(st.sampled_from(FIELDS))] = draw(st.sampled_from(BAD_VALUES) | st.text(max_size=12))
        elif kind == "drop_col":
            fields.remove(draw(st.sampled_from(fields)))
        elif kind == "rename_col":
            i = draw(st.integers(0, len(fields) - 1))
            fields[i] = fields[i] + "_x"
            for r in rows:
                r[fields[i]] = r.get(fields[i][:-2], "")
        elif kind == "extra_col":
            fields.append("colonna_extra")
            for r in rows:
                r["colonna_extra"] = draw(st.sampled_from(BAD_VALUES))
        elif kind == "dup_row" and rows:
            rows.append(dict(draw(st.sampled_from(rows))))
        elif kind == "drop_rows" and rows:
            code = draw(st.sampled_from(rows))["objective_code"]
            rows = [r for r in rows if r["objective_code"] != code]
        elif kind == "weights" and rows:
            for r in rows:
                r["weight_pct"] = draw(st.sampled_from(["10", "-3", "150", "0", "33,3333"]))
    delimiter = draw(st.sampled_from([";", ","]))
    bom = draw(st.booleans())
    return ("\ufeff" if bom else "") + csv_text(rows, fields, delimiter)


@pytest.mark.slow
@settings(max_examples=900, **SETTINGS)
@given(text=broken_csv())
def test_generated_csv(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("csv") / "piano.csv"
    path.write_text(text, encoding="utf-8")
    before = path.read_bytes()
    for cmd in ("score", "check"):
        assert_clean(*run_cli(cmd, str(path)))
        case_counter.add()
    assert path.read_bytes() == before


# --- workbooks --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def small_xlsm(tmp_path_factory) -> Path:
    full = demo_plan()
    keep = {o.code for o in full.objectives[:4]} | {"01_04_OS02"}
    plan = full.model_copy(
        update={
            "objectives": [o for o in full.objectives if o.code in keep],
            "indicators": [i for i in full.indicators if i.objective in keep],
        }
    )
    path = tmp_path_factory.mktemp("wb") / "piccolo.xlsm"
    build_workbook(path, Plan.model_validate(plan.model_dump()))
    return path


ENTRY_SHEETS = ["Area 3", "Staff"]


def mutate(wb, kind: str, draw) -> None:
    needed = {
        "cell": ENTRY_SHEETS[0],
        "merge": "Area 3",
        "rename_header": "Area 3",
        "extra_col": "Area 3",
        "unknown_objective": "Area 3",
        "unicode": "Area 3",
        "dup_objective": L.ALBERO,
        "objective_without_indicators": L.ALBERO,
        "thresholds": L.CONFIG,
    }
    if kind in needed and needed[kind] not in wb.sheetnames:
        return  # an earlier mutation removed or renamed that sheet
    if kind == "cell":
        ws = wb[draw(st.sampled_from([n for n in ENTRY_SHEETS if n in wb.sheetnames]))]
        row = draw(st.integers(L.ENTRY_FIRST_ROW, L.ENTRY_FIRST_ROW + 8))
        col = draw(
            st.sampled_from(
                [
                    L.entry_col(f)
                    for f in (
                        "objective_code",
                        "weight_pct",
                        "operator",
                        "target",
                        "unit",
                        "baseline",
                        "actual_mid",
                        "actual",
                    )
                ]
            )
        )
        ws[f"{col}{row}"] = draw(st.sampled_from(BAD_VALUES + [1e308, -1.0, 0.0, 12345678901234567890]))
    elif kind == "merge":
        wb["Area 3"].merge_cells(f"A{L.ENTRY_FIRST_ROW}:C{L.ENTRY_FIRST_ROW + 1}")
    elif kind == "drop_sheet":
        choices = [
            n for n in (L.ALBERO, L.CONFIG, "Area 3", L.RIEPILOGO, L.CONTROLLI, L.ISTRUZIONI) if n in wb.sheetnames
        ]
        if len(choices) > 1:
            del wb[draw(st.sampled_from(choices))]
    elif kind == "rename_sheet":
        choices = [n for n in ("Area 3", L.ALBERO, "Staff") if n in wb.sheetnames]
        if choices and "Rinominato" not in wb.sheetnames:
            wb[draw(st.sampled_from(choices))].title = "Rinominato"
    elif kind == "rename_header":
        ws = wb["Area 3"]
        col = draw(
            st.sampled_from([L.entry_col(f) for f in ("objective_code", "weight_pct", "operator", "target", "actual")])
        )
        ws[f"{col}{L.ENTRY_HEADER_ROW}"] = "Colonna rinominata"
    elif kind == "extra_col":
        wb["Area 3"].insert_cols(draw(st.integers(1, 12)))
    elif kind == "dup_objective":
        ws = wb[L.ALBERO]
        ws[f"{L.albero_col('objective_code')}{L.ALBERO_FIRST_ROW + 1}"] = ws[
            f"{L.albero_col('objective_code')}{L.ALBERO_FIRST_ROW}"
        ].value
    elif kind == "unknown_objective":
        wb["Area 3"][f"A{L.ENTRY_FIRST_ROW}"] = "09_09_OP99"
    elif kind == "objective_without_indicators":
        wb[L.ALBERO][f"{L.albero_col('objective_code')}{L.ALBERO_FIRST_ROW + 6}"] = "01_01_OP77"
    elif kind == "thresholds":
        wb[L.CONFIG]["B6"] = draw(st.sampled_from(["alta", -1, 5, None, "#N/A"]))
    elif kind == "unicode":
        wb["Area 3"][f"C{L.ENTRY_FIRST_ROW}"] = "Indicatore ☃ « » 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 " * 20


KINDS = [
    "cell",
    "cell",
    "cell",
    "merge",
    "drop_sheet",
    "rename_sheet",
    "rename_header",
    "extra_col",
    "dup_objective",
    "unknown_objective",
    "objective_without_indicators",
    "thresholds",
    "unicode",
]


@pytest.mark.slow
@settings(max_examples=110, **SETTINGS)
@given(data=st.data())
def test_generated_workbooks(small_xlsm, tmp_path_factory, data):
    path = tmp_path_factory.mktemp("wbcase") / "caso.xlsm"
    shutil.copy(small_xlsm, path)
    wb = openpyxl.load_workbook(path, keep_vba=True)
    for _ in range(data.draw(st.integers(1, 3))):
        mutate(wb, data.draw(st.sampled_from(KINDS)), data.draw)
    wb.save(path)
    before = path.read_bytes()
    for cmd in ("score", "check"):
        assert_clean(*run_cli(cmd, str(path)))
        assert path.read_bytes() == before
        case_counter.add()
    code, out, err = run_cli("refresh", str(path), "--silenzioso")
    assert_clean(code, out, err)
    case_counter.add()
    refreshed = "fogli aggiornati" in out
    if refreshed:
        assert path.with_name(path.name + ".bak").read_bytes() == before
    else:
        assert path.read_bytes() == before, err
