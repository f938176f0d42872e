"""The native formulas of one «Schede» row: compute.py's rules in functions Excel 2016+ and
LibreOffice 7.4+ both have (no array entry, no dynamic arrays, no names of other products)."""

from __future__ import annotations

from .. import layout as L
from ..sheet_formulas import native_objective_formula
from . import spec as S


def _col(field: str) -> str:
    return L.col_letter(S.SCHEDA_INDEX[field])


def _sistema(col: str, first: int, last: int) -> str:
    return f"{S.SISTEMA}!${col}${first}:${col}${last}"


def scheda_formulas(r: int, first: int, last: int) -> dict[str, str]:
    c = {f: f"{_col(f)}{r}" for f, _, _ in S.SCHEDA_FIELDS}
    rng = {f: f"${_col(f)}${first}:${_col(f)}${last}" for f, _, _ in S.SCHEDA_FIELDS}
    g1, g2 = S.GROUPS_HEADER_ROW + 1, S.GROUPS_HEADER_ROW + S.GROUPS_SLOTS
    b1, b2 = S.BANDS_HEADER_ROW + 1, S.BANDS_HEADER_ROW + S.BANDS_SLOTS
    grp = c["riga_gruppo"]
    has = f'${_col("riga_gruppo")}{r}=""'

    def weight(k: int) -> str:
        return f"INDEX({S.SISTEMA}!$B${g1}:$E${g2},{grp},{k + 1})"

    res = f"'{S.RISULTATI}'!"
    a1, a2 = S.RESULTS_HEADER_ROW + 1, S.RESULTS_HEADER_ROW + 200
    area = f'IFERROR(INDEX({res}$B${a1}:$B${a2},MATCH({S.PERSONALE}!$D{r},{res}$A${a1}:$A${a2},0)),"N/D")'
    dirigente = f'IFERROR(INDEX({res}$G${a1}:$G${a2},MATCH($B{r},{res}$F${a1}:$F${a2},0)),"N/D")'
    individual = native_objective_formula(S.OBIETTIVI, f"$A{r}")[1:]
    b_first = L.col_letter(S.BEHAVIOUR_FIRST_COL)
    b_last = L.col_letter(S.BEHAVIOUR_FIRST_COL + S.BEHAVIOURS_SLOTS - 1)
    scores = f"{S.COMPORTAMENTI}!${b_first}{r}:${b_last}{r}"
    keys = S.COMPONENT_KEYS
    num = "+".join(f"IF(ISNUMBER({c[k]}),{weight(i)}*{c[k]},0)" for i, k in enumerate(keys))
    den = "+".join(f"IF(ISNUMBER({c[k]}),{weight(i)},0)" for i, k in enumerate(keys))
    mins = _sistema("B", b1, b2)
    idx = f"SUMPRODUCT(ISNUMBER({mins})*({mins}<={c['totale']}+1E-9))"
    share = _sistema("C", b1, b2)
    tot, key, coef = rng["totale"], rng["chiave_comportamenti"], rng["coefficiente"]
    same = f"({rng['gruppo']}={c['gruppo']})*({rng['ammesso']}=1)"
    t, k, q = c["totale"], c["chiave_comportamenti"], c["coefficiente"]
    ahead = (
        f"({tot}>{t})+({tot}={t})*({key}>{k})+({tot}={t})*({key}={k})*({coef}>{q})"
        f"+({tot}={t})*({key}={k})*({coef}={q})*(ROW({tot})<ROW())"
    )
    quota_n = f"ROUNDDOWN(XV_QuotaArt81*SUMPRODUCT({same})+1E-9,0)"

    def blank(expr: str, empty: str = '""') -> str:
        return f"=IF({has},{empty},{expr})"

    out = {
        "matricola": f'=IF({S.PERSONALE}!$A{r}="","",{S.PERSONALE}!$A{r})',
        "nome": f'=IF($A{r}="","",{S.PERSONALE}!$B{r})',
        "gruppo": f'=IF($A{r}="","",{S.PERSONALE}!$C{r})',
        "riga_gruppo": f'=IF($A{r}="","",IFERROR(MATCH({c["gruppo"]},{_sistema("A", g1, g2)},0),""))',
        "c_ente": blank("XV_RisEnte"),
        "c_organizzativa": blank(f'IF(INDEX({_sistema("G", g1, g2)},{grp})="{S.ORG_DIRIGENTE}",{dirigente},{area})'),
        "c_individuali": blank(individual),
        "c_comportamenti": blank(f'IF(COUNT({scores})=0,"N/D",AVERAGE({scores})/XV_ScalaMax)'),
        "totale_calcolato": blank(f'IF(({den})>0,({num})/({den}),"N/D")'),
        "totale": blank(f"IF(ISNUMBER({c['f_totale']}),{c['f_totale']},{c['totale_calcolato']})"),
        "fascia": blank(f'IF(NOT(ISNUMBER({t})),"",IF({idx}=0,"",INDEX({_sistema("A", b1, b2)},{idx})))'),
        "quota": blank(
            f'IF(NOT(ISNUMBER({t})),0,IF({idx}=0,0,IF(INDEX({share},{idx})="{S.PROPORTIONAL}",{t},INDEX({share},{idx}))))'
        ),
        "coefficiente": blank(
            f'{c["quota"]}*IF({S.PERSONALE}!$F{r}="",100,{S.PERSONALE}!$F{r})/100'
            f'*IF({S.PERSONALE}!$G{r}="",12,{S.PERSONALE}!$G{r})/12'
        ),
        "ammesso": blank(f'IF(AND(INDEX({_sistema("I", g1, g2)},{grp})="SI",{q}>0),1,0)', "0"),
        "chiave_comportamenti": f"=IF(ISNUMBER({c['comportamenti']}),{c['comportamenti']},-1)",
        "posizione": blank(f'IF({c["ammesso"]}=1,1+SUMPRODUCT({same}*({ahead})),"")'),
        "art81": blank(f'IF(AND({c["ammesso"]}=1,N({c["posizione"]})<={quota_n}),"SI","NO")'),
        "punti": blank(f'{q}*IF({c["art81"]}="SI",1+XV_MaggArt81,1)', "0"),
        "premio": blank(
            f"IF({c['punti']}>0,INDEX({_sistema('H', g1, g2)},{grp})*{c['punti']}"
            f"/SUMIF({rng['gruppo']},{c['gruppo']},{rng['punti']}),0)"
        ),
        "pagabile": blank(f'IF(AND(XV_Validata="SI",{c["stato"]}="definitiva"),"SI","NO")'),
    }
    for key_ in keys:
        out[key_] = blank(f"IF(ISNUMBER({c['f_' + key_]}),{c['f_' + key_]},{c['c_' + key_]})")
    return out
