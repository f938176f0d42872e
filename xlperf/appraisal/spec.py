"""The one spec of the evaluation workbook (Valutazioni_AAAA.xlsx): sheets, cells, columns, defaults.

The SMVP is configuration: everything a Camera may change (role groups, weights, behaviours,
scale, bands, budgets, art. 81) sits in the «Sistema» sheet at the places named here; the builder
writes them, the reader reads them back, the formulas point at them. Defaults are those a Camera
can adopt as they are (DFP guideline 2/2017 ch. 5; CCNL Funzioni Locali 2019-21 art. 81).
"""

from __future__ import annotations

from dataclasses import dataclass

ISTRUZIONI = "Istruzioni"
SISTEMA = "Sistema"
RISULTATI = "Risultati organizzativi"
PERSONALE = "Personale"
OBIETTIVI = "Obiettivi individuali"
COMPORTAMENTI = "Comportamenti"
SCHEDE = "Schede"

# --- the four components of a scheda (code, label) -------------------------------------------
COMPONENTS = (
    ("ente", "Performance di Ente"),
    ("organizzativa", "Performance organizzativa (area o obiettivi del dirigente)"),
    ("individuali", "Obiettivi individuali"),
    ("comportamenti", "Comportamenti organizzativi"),
)
COMPONENT_KEYS = tuple(k for k, _ in COMPONENTS)
#: how a group's organisational component is measured (Sistema, column «Componente organizzativa»)
ORG_DIRIGENTE = "Obiettivi del dirigente"  # the section-4 figure of the master's Dirigenti sheet
ORG_AREA = "Area di appartenenza"  # the mean of the area's operational objectives
PROPORTIONAL = "proporzionale"  # a band whose share of the premio is the score itself
STATES = ("bozza", "colloquio", "definitiva")
GENDERS = ("F", "M")

# --- Sistema: single cells (label, defined name, cell) ----------------------------------------
SISTEMA_CELLS = [
    ("Ente", "XV_Ente", "B4"),
    ("Anno", "XV_Anno", "B5"),
    ("Periodo valutato", "XP_Periodo", "B6"),
    ("Soglia «raggiunto» (≥)", "XP_SogliaRaggiunto", "B7"),
    ("Soglia «parzialmente raggiunto» (≥)", "XP_SogliaParziale", "B8"),
    ("Identificativo del piano (file principale)", "XV_IdPiano", "B9"),
    ("Relazione validata dall'OIV (dal file principale)", "XV_Validata", "B10"),
    ("Scala dei comportamenti: valore minimo", "XV_ScalaMin", "B11"),
    ("Scala dei comportamenti: valore massimo", "XV_ScalaMax", "B12"),
    ("Art. 81 CCNL: quota del personale con maggiorazione", "XV_QuotaArt81", "B13"),
    ("Art. 81 CCNL: maggiorazione del premio", "XV_MaggArt81", "B14"),
]
#: cells xlperf writes from the master (locked); the others are the Camera's to set
SISTEMA_OWNED = (
    "XV_Ente",
    "XV_Anno",
    "XP_Periodo",
    "XP_SogliaRaggiunto",
    "XP_SogliaParziale",
    "XV_IdPiano",
    "XV_Validata",
)

GROUPS_HEADER_ROW = 17
GROUPS_SLOTS = 8
GROUP_HEADERS = [
    "Gruppo (ruolo)",
    "Peso Ente",
    "Peso organizzativa",
    "Peso obiettivi individuali",
    "Peso comportamenti",
    "Totale pesi",
    "Componente organizzativa",
    "Budget premi (€)",
    "Maggiorazione art. 81",
]
BANDS_HEADER_ROW = GROUPS_HEADER_ROW + GROUPS_SLOTS + 3
BANDS_SLOTS = 6
BAND_HEADERS = ["Fascia", "Punteggio minimo (≥)", "Quota del premio"]
BEHAVIOURS_HEADER_ROW = BANDS_HEADER_ROW + BANDS_SLOTS + 3
BEHAVIOURS_SLOTS = 10
BEHAVIOUR_HEADERS = ["Comportamento", "Codice", "Descrittore (che cosa si osserva)"]
#: the sheet columns (0-based) of a behaviour's code, name and descriptor
BEHAVIOUR_COLUMNS = (1, 0, 2)
LEVELS_HEADER_ROW = BEHAVIOURS_HEADER_ROW + BEHAVIOURS_SLOTS + 3
LEVEL_HEADERS = ["Valore della scala", "Significato"]


@dataclass(frozen=True)
class Group:
    name: str
    weights: tuple[float, float, float, float]  # ente, organizzativa, individuali, comportamenti
    org: str  # ORG_DIRIGENTE or ORG_AREA
    budget: float
    art81: bool
    dirigente: bool = False  # a dirigente-type group: named in the master's Dirigenti


@dataclass(frozen=True)
class Band:
    name: str
    minimum: float  # fraction 0-1
    share: float | str  # fraction 0-1 or PROPORTIONAL


@dataclass(frozen=True)
class Behaviour:
    code: str
    name: str
    descriptor: str


# The seed's section 4: dirigenti evaluated on the objectives linked to them (100 % organisational);
# staff with behaviours, as DFP 2/2017 suggests (more weight on behaviours lower in the structure).
DEFAULT_GROUPS = (
    Group("Segretario Generale", (0, 100, 0, 0), ORG_DIRIGENTE, 25000.0, False, True),
    Group("Dirigenti", (0, 100, 0, 0), ORG_DIRIGENTE, 45000.0, False, True),
    Group("Elevate Qualificazioni", (10, 40, 20, 30), ORG_AREA, 78000.0, False),
    Group("Istruttori", (10, 30, 20, 40), ORG_AREA, 58500.0, True),
    Group("Operatori esperti", (10, 30, 10, 50), ORG_AREA, 12000.0, True),
    Group("Operatori", (10, 30, 0, 60), ORG_AREA, 0.0, True),
)
DEFAULT_BANDS = (  # ascending by minimum: the band of a score is the last row whose minimum it reaches
    Band("Fascia 3 - premio non attribuito", 0.0, 0.0),
    Band("Fascia 2 - premio proporzionale", 0.60, PROPORTIONAL),
    Band("Fascia 1 - premio pieno", 0.95, 1.0),
)
DEFAULT_BEHAVIOURS = (
    Behaviour("C1", "Orientamento all'utenza", "Ascolta le imprese e gli utenti, risponde nei tempi, semplifica."),
    Behaviour(
        "C2", "Qualità e precisione del lavoro", "Lavoro corretto e completo, pochi errori, rispetto delle regole."
    ),
    Behaviour("C3", "Collaborazione e lavoro di gruppo", "Condivide informazioni, aiuta i colleghi, partecipa."),
    Behaviour("C4", "Flessibilità e innovazione", "Si adatta ai cambiamenti, propone miglioramenti, usa il digitale."),
    Behaviour("C5", "Autonomia e responsabilità", "Organizza il proprio lavoro, risolve i problemi, se ne fa carico."),
    Behaviour(
        "C6",
        "Capacità di valutare e differenziare (solo chi valuta)",
        "Valuta i collaboratori nei tempi, con colloqui e giudizi motivati e differenziati (art. 9 d.lgs. 150/2009).",
    ),
)
DEFAULT_LEVELS = (
    (1, "Inadeguato: comportamento quasi mai osservato"),
    (2, "Migliorabile: osservato solo in parte"),
    (3, "Adeguato: osservato con regolarità"),
    (4, "Buono: osservato sempre, anche in situazioni difficili"),
    (5, "Eccellente: esempio per i colleghi"),
)
DEFAULT_SCALE = (1, 5)
DEFAULT_ART81 = (0.10, 0.30)  # quota of staff, uplift

# --- Personale / Comportamenti / Schede: one row per person, the same row in each sheet --------
HEADER_ROW = 3
FIRST_ROW = HEADER_ROW + 1
PERSON_FIELDS = [  # (field, header, width)
    ("matricola", "Matricola", 11),
    ("nome", "Cognome e nome", 26),
    ("gruppo", "Gruppo (ruolo)", 20),
    ("area", "Area organizzativa", 34),
    ("valutatore", "Valutatore", 22),
    ("part_time", "Part time (% dell'orario pieno)", 12),
    ("mesi", "Mesi in servizio nell'anno", 11),
    ("genere", "Genere (F/M)", 9),
]
BEHAVIOUR_FIRST_COL = 2  # Comportamenti: A matricola, B nome, then one column per behaviour slot

#: Schede columns in order: (field, header, input?)
SCHEDA_FIELDS = [
    ("matricola", "Matricola", False),
    ("nome", "Cognome e nome", False),
    ("gruppo", "Gruppo", False),
    ("riga_gruppo", "Riga del gruppo (calcolo)", False),
    ("c_ente", "Performance di Ente (calcolata)", False),
    ("c_organizzativa", "Performance organizzativa (calcolata)", False),
    ("c_individuali", "Obiettivi individuali (calcolati)", False),
    ("c_comportamenti", "Comportamenti (calcolati)", False),
    ("f_ente", "Forzatura Ente", True),
    ("f_organizzativa", "Forzatura organizzativa", True),
    ("f_individuali", "Forzatura obiettivi individuali", True),
    ("f_comportamenti", "Forzatura comportamenti", True),
    ("f_totale", "Forzatura del totale", True),
    ("nota", "Nota della forzatura (obbligatoria)", True),
    ("ente", "Ente", False),
    ("organizzativa", "Organizzativa", False),
    ("individuali", "Obiettivi individuali", False),
    ("comportamenti", "Comportamenti", False),
    ("totale_calcolato", "Totale calcolato", False),
    ("totale", "Punteggio finale", False),
    ("fascia", "Fascia", False),
    ("quota", "Quota del premio", False),
    ("coefficiente", "Coefficiente (quota × part time × mesi)", False),
    ("ammesso", "Ammesso alla graduatoria art. 81 (calcolo)", False),
    ("chiave_comportamenti", "Comportamenti per la graduatoria (calcolo)", False),
    ("posizione", "Posizione nel gruppo (art. 81)", False),
    ("art81", "Maggiorazione art. 81", False),
    ("punti", "Punti premio (calcolo)", False),
    ("premio", "Premio (€)", False),
    ("pagabile", "Pagabile", False),
    ("stato", "Stato della scheda", True),
    ("presa_visione", "Data presa visione", True),
    ("commenti", "Commenti del valutato", True),
]
SCHEDA_INDEX = {f: i for i, (f, _, _) in enumerate(SCHEDA_FIELDS)}

RESULTS_HEADER_ROW = 6  # Risultati organizzativi: areas in A-C, dirigenti in E-G


def cell_of(name: str) -> str:
    return next(c for _, n, c in SISTEMA_CELLS if n == name)


def sistema_place(name: str) -> str:
    return f"{SISTEMA}!{cell_of(name)}"
