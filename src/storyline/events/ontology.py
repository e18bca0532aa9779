"""The two event ontologies storyline codes in: PLOVER (types and modes) and CAMEO (codes, roots
and quad classes), and how one maps onto the other.

PLOVER (the Political Language Ontology for Verifiable Event Records, used by POLECAT) has 16
event types; CAMEO (used by GDELT, ICEWS, PETRARCH) has 20 root codes of 2 digits with 3- and
4-digit refinements, grouped into four quad classes. Every coded mention carries both: the PLOVER
type is what the coder decides, the CAMEO code comes from the lexicon entry that matched (or, when
the entry names none, from the type's default root below).
"""

from __future__ import annotations

from typing import Literal

PloverType = Literal[
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
]

PLOVER_TYPES: tuple[PloverType, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)

# The CAMEO root a PLOVER type maps to when the lexicon entry gives no finer code. PLOVER's
# types were drawn from CAMEO's roots: AGREE is CAMEO 03 (express intent to cooperate), SUPPORT
# 05 (diplomatic cooperation: praise, recognize, apologize, sign), COOPERATE 06, AID 07, CONCEDE
# and RETREAT 08 (yield), REQUEST 10 (demand; an appeal is 02), ACCUSE 11 (an investigation is
# 09), ASSAULT 18 (fighting with weapons is 19, mass violence 20).
DEFAULT_CAMEO: dict[PloverType, str] = {
    "AGREE": "030",
    "CONSULT": "040",
    "SUPPORT": "050",
    "COOPERATE": "060",
    "AID": "070",
    "CONCEDE": "080",
    "RETREAT": "087",
    "REQUEST": "100",
    "ACCUSE": "110",
    "REJECT": "120",
    "THREATEN": "130",
    "PROTEST": "140",
    "MOBILIZE": "150",
    "SANCTION": "160",
    "COERCE": "170",
    "ASSAULT": "180",
}

# CAMEO root code -> name (CAMEO 1.1b3 codebook).
CAMEO_ROOTS: dict[str, str] = {
    "01": "Make public statement",
    "02": "Appeal",
    "03": "Express intent to cooperate",
    "04": "Consult",
    "05": "Engage in diplomatic cooperation",
    "06": "Engage in material cooperation",
    "07": "Provide aid",
    "08": "Yield",
    "09": "Investigate",
    "10": "Demand",
    "11": "Disapprove",
    "12": "Reject",
    "13": "Threaten",
    "14": "Protest",
    "15": "Exhibit force posture",
    "16": "Reduce relations",
    "17": "Coerce",
    "18": "Assault",
    "19": "Fight",
    "20": "Use unconventional mass violence",
}

QuadClass = Literal[1, 2, 3, 4]
QUAD_NAMES: dict[int, str] = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}

# CAMEO's Goldstein scale (-10 conflict .. +10 cooperation) per root, as GDELT fills
# GoldsteinScale; the root's value stands for its finer codes here.
GOLDSTEIN: dict[str, float] = {
    "01": 0.0,
    "02": 3.0,
    "03": 4.0,
    "04": 1.0,
    "05": 3.5,
    "06": 6.0,
    "07": 7.0,
    "08": 5.0,
    "09": -2.0,
    "10": -5.0,
    "11": -2.0,
    "12": -4.0,
    "13": -6.0,
    "14": -6.5,
    "15": -7.2,
    "16": -4.0,
    "17": -7.0,
    "18": -9.0,
    "19": -10.0,
    "20": -10.0,
}


def cameo_root(code: str) -> str:
    """The 2-digit root of a CAMEO code ("042" -> "04", "1721" -> "17")."""
    return code[:2]


def quad_class(code: str) -> int:
    """CAMEO's quad class of a code: 1 verbal cooperation (01-05), 2 material cooperation
    (06-08), 3 verbal conflict (09-13), 4 material conflict (14-20)."""
    root = int(cameo_root(code))
    if root <= 5:
        return 1
    if root <= 8:
        return 2
    if root <= 13:
        return 3
    return 4


def is_cooperative(kind: PloverType) -> bool:
    """PLOVER's cooperative half (the first eight types); the rest is conflict."""
    return PLOVER_TYPES.index(kind) < 7
