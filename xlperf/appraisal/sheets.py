"""The sheets that describe the system: Istruzioni, Sistema (the SMVP as configuration), Risultati
organizzativi (the master's final results, written by xlperf)."""

from __future__ import annotations

from .. import layout as L
from ..sheet_content import row_height
from . import spec as S
from .inputs import Inputs

NOTES = {
    "XV_Ente": "dal file principale",
    "XV_Anno": "dal file principale",
    "XP_Periodo": "dal file principale: il consuntivo usato per gli obiettivi individuali",
    "XP_SogliaRaggiunto": "dal file principale: stato degli obiettivi individuali",
    "XP_SogliaParziale": "dal file principale",
    "XV_IdPiano": "identifica il file principale da cui vengono i risultati (xlperf valutazioni aggiorna)",
    "XV_Validata": "SI quando il file principale registra la Relazione validata dall'OIV (xlperf valida): "
    "solo allora i premi delle schede definitive sono pagabili (art. 14 c. 4 d.lgs. 150/2009)",
    "XV_ScalaMin": "punteggio più basso dei comportamenti",
    "XV_ScalaMax": "punteggio più alto; la componente comportamenti = media dei punteggi ÷ questo valore",
    "XV_QuotaArt81": "quota del personale del gruppo, tra chi ha un premio, che riceve la maggiorazione "
    "(arrotondata per difetto); a parità di punteggio prevale chi ha il punteggio più alto nei comportamenti, "
    "poi chi ha lavorato di più nell'anno (part time × mesi), poi l'ordine del foglio Personale",
    "XV_MaggArt81": "maggiorazione dei punti premio di chi rientra nella quota (almeno 30 % per l'art. 81 "
    "CCNL Funzioni Locali 2019-21)",
}

INSTRUCTIONS = [
    (
        "Che cos'è",
        "La cartella di lavoro della valutazione individuale dell'anno: una scheda per persona, "
        "con la performance di Ente e della struttura (dal file principale del piano), gli obiettivi individuali "
        "e i comportamenti. Contiene dati personali: non unirla al file principale, non pubblicarla.",
    ),
    (
        "Chi compila",
        "L'ufficio personale compila Personale; i valutatori compilano Obiettivi individuali, "
        "Comportamenti e le celle gialle di Schede. Il Sistema (foglio Sistema) si cambia solo con l'SMVP.",
    ),
    (
        "Le regole",
        "Punteggio finale = Σ peso × componente ÷ Σ peso delle componenti valutate (pesi del gruppo "
        "nel foglio Sistema). Gli obiettivi individuali sono calcolati con le stesse regole degli indicatori "
        "del piano. "
        "Una forzatura (di una componente o del totale) vale solo con la nota che la motiva.",
    ),
    (
        "Fasce e premi",
        "La fascia dipende dal punteggio finale (tabella Fasce del foglio Sistema); il budget del "
        "gruppo è diviso in proporzione a quota della fascia × part time × mesi in servizio, con la maggiorazione "
        "art. 81 per la quota indicata. Il premio è pagabile solo con la scheda «definitiva» e la Relazione "
        "validata dall'OIV.",
    ),
    (
        "Stati della scheda",
        "bozza → colloquio (scheda discussa con la persona) → definitiva (dopo la presa "
        "visione: data e commenti del valutato).",
    ),
    (
        "Comandi",
        "xlperf valutazioni calcola FILE (verifica e calcola; --json per i dati), schede FILE --out "
        "CARTELLA (un PDF per persona), tabelle FILE --out CARTELLA (tabelle art. 20 d.lgs. 33/2013), "
        "aggiorna FILE --da PRINCIPALE (riporta i risultati finali del piano senza toccare quanto scritto).",
    ),
    (
        "Non funziona?",
        "Le celle grigie sono calcolate e protette (protezione senza password, per evitare "
        "cancellazioni per errore). Per togliere una persona svuotare la sua riga di Personale, non eliminarla.",
    ),
]


def write_istruzioni(wb, f) -> None:
    ws = wb.add_worksheet(S.ISTRUZIONI)
    ws.write(0, 0, "Valutazione della performance individuale: istruzioni", f.title)
    ws.set_column(0, 0, 22)
    ws.set_column(1, 1, 110)
    for i, (head, text) in enumerate(INSTRUCTIONS, start=2):
        ws.write(i, 0, head, f.section)
        ws.write(i, 1, text, f.text)
        ws.set_row(i, row_height([(text, 110)]))
    ws.protect("")


def write_sistema(wb, f, inp: Inputs) -> None:
    ws = wb.add_worksheet(S.SISTEMA)
    ws.write(0, 0, "Sistema di misurazione e valutazione della performance individuale (SMVP)", f.title)
    ws.write(
        1,
        0,
        "Celle gialle: scelte della Camera (valori proposti modificabili). Celle grigie: dal file principale.",
        f.text,
    )
    ws.set_column(0, 0, 44)
    ws.set_column(1, 5, 16)
    ws.set_column(6, 6, 24)
    ws.set_column(7, 8, 16)
    ws.write(2, 0, "Impostazioni", f.section)
    for label, name, cell in S.SISTEMA_CELLS:
        r, c = L.cell_ref(cell)
        ws.write(r, 0, label, f.text)
        v = inp.cells.get(name)
        pct = name in ("XP_SogliaRaggiunto", "XP_SogliaParziale", "XV_QuotaArt81", "XV_MaggArt81")
        if name in S.SISTEMA_OWNED:
            fmt = f.calc_pct if pct else f.calc
        else:
            fmt = f.input_pct if pct else f.input_num
        ws.write(r, c, v, fmt) if v is not None else ws.write_blank(r, c, None, fmt)
        ws.write(r, 2, NOTES.get(name, ""), f.note)
        wb.define_name(name, f"={S.SISTEMA}!${cell[0]}${cell[1:]}")
    g = S.GROUPS_HEADER_ROW
    ws.write(g - 2, 0, "Gruppi (ruoli), pesi delle componenti e budget dei premi", f.section)
    for c, h in enumerate(S.GROUP_HEADERS):
        ws.write(g - 1, c, h, f.header)
    ws.set_row(g - 1, L.HEADER_ROW_HEIGHT)
    for i in range(S.GROUPS_SLOTS):
        r = g + i
        row = inp.groups[i] if i < len(inp.groups) else [None] * 8
        cols = [0, 1, 2, 3, 4, 6, 7, 8]
        for c, v in zip(cols, row, strict=True):
            fmt = f.input_money if c == 7 else f.input_num if 1 <= c <= 4 else f.input
            ws.write(r, c, v, fmt) if v is not None else ws.write_blank(r, c, None, fmt)
        total = sum(float(x) for x in row[1:5] if isinstance(x, (int, float))) if row[0] else ""
        ws.write_formula(r, 5, f'=IF(A{r + 1}="","",SUM(B{r + 1}:E{r + 1}))', f.calc_num, total)
    ws.data_validation(g, 6, g + S.GROUPS_SLOTS - 1, 6, {"validate": "list", "source": [S.ORG_DIRIGENTE, S.ORG_AREA]})
    ws.data_validation(g, 8, g + S.GROUPS_SLOTS - 1, 8, {"validate": "list", "source": ["SI", "NO"]})
    ws.conditional_format(g, 5, g + S.GROUPS_SLOTS - 1, 5, {
        "type": "formula", "criteria": f'=AND($A{g + 1}<>"",$F{g + 1}<>100)',
        "format": wb.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"}),
    })  # fmt: skip
    _table(ws, f, S.BANDS_HEADER_ROW, "Fasce di merito (punteggio minimo crescente; "
           "quota del premio o «proporzionale» = il punteggio)",
           S.BAND_HEADERS, inp.bands, S.BANDS_SLOTS, {1: f.input_pct, 2: f.input_pct})  # fmt: skip
    behaviours = [_in_sheet_order(b) for b in inp.behaviours]
    _table(ws, f, S.BEHAVIOURS_HEADER_ROW, "Catalogo dei comportamenti (colonne del foglio Comportamenti)",
           S.BEHAVIOUR_HEADERS, behaviours, S.BEHAVIOURS_SLOTS, {2: f.input_line})  # fmt: skip
    _table(
        ws,
        f,
        S.LEVELS_HEADER_ROW,
        "Scala dei comportamenti: significato dei valori",
        S.LEVEL_HEADERS,
        inp.levels,
        7,
        {1: f.input_line},
    )
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.protect("", {"format_columns": True})


def _in_sheet_order(behaviour: list) -> list:
    """[code, name, descriptor] -> the sheet's column order (spec.BEHAVIOUR_COLUMNS)."""
    row: list = [None] * 3
    for value, col in zip(behaviour, S.BEHAVIOUR_COLUMNS, strict=True):
        row[col] = value
    return row


def _table(ws, f, header_row: int, title: str, headers: list[str], rows: list[list], slots: int, formats: dict) -> None:
    ws.write(header_row - 2, 0, title, f.section)
    for c, h in enumerate(headers):
        ws.write(header_row - 1, c, h, f.header)
    for i in range(slots):
        row = rows[i] if i < len(rows) else [None] * len(headers)
        for c, v in enumerate(row):
            fmt = formats.get(c, f.input)
            ws.write(header_row + i, c, v, fmt) if v is not None else ws.write_blank(header_row + i, c, None, fmt)


def write_results(wb, f, inp: Inputs) -> None:
    ws = wb.add_worksheet(S.RISULTATI)
    ws.write(0, 0, "Risultati organizzativi dal file principale (xlperf valutazioni crea / aggiorna)", f.title)
    ws.write(1, 0, "Non modificare: il foglio viene riscritto da «xlperf valutazioni aggiorna».", f.text)
    ws.set_column(0, 0, 40)
    ws.set_column(1, 3, 14)
    ws.set_column(5, 5, 30)
    ws.set_column(6, 8, 14)
    ws.write(2, 0, "Performance di Ente", f.section)
    ws.write(2, 1, "N/D" if inp.ente is None else inp.ente, f.bold_pct)
    wb.define_name("XV_RisEnte", f"='{S.RISULTATI}'!$B$3")
    h = S.RESULTS_HEADER_ROW
    heads = [
        "Area organizzativa",
        "Risultato",
        "Obiettivi valutati",
        "Obiettivi",
        None,
        "Dirigente (sezione 4)",
        "Risultato",
        "Obiettivi valutati",
        "Obiettivi",
    ]
    for c, text in enumerate(heads):
        if text:
            ws.write(h - 1, c, text, f.header)
    for base, rows in ((0, inp.areas), (5, inp.dirigenti)):
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                ws.write(h + i, base + j, "N/D" if v is None else v, f.calc_pct if j == 1 else f.calc)
    ws.protect("")
