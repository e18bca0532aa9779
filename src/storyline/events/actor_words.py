"""The events stage's word lists for who does a deed: the one home of the words that tell an
actor's sector (PLOVER/POLECAT codes) and the kinds of doer that change what some deeds are (a
crowd's demand is a demonstration, a rebel's arrest an abduction). The deed words are in
events/lexicon.py.

Written for this project from the PLOVER manual's type definitions and sector codes, not copied
from any evaluation set.
"""

from __future__ import annotations

from storyline.events.lexicon import Entry

# Who does it changes what some deeds are (rules revision 8, from the PLOVER type definitions:
# PROTEST is done by the public, ASSAULT with arms, COERCE by the state). The head of the doer's
# phrase is read against these words and the sectors of SECTORS.
# A crowd: a demand it makes is a demonstration (PLOVER codes the act, not what it asks for).
CROWDS: frozenset[str] = frozenset(
    {"protester", "protestor", "demonstrator", "striker", "marcher", "crowd", "rioter",
     "mob", "picketer", "thousand", "hundred", "thousands", "hundreds"}
)
# People at work: their strike is a walk-out (PROTEST), not an armed strike (ASSAULT).
WORKERS: frozenset[str] = frozenset(
    {"teacher", "doctor", "nurse", "farmer", "miner", "driver", "employee", "staff", "pilot",
     "docker", "trucker", "physician", "lecturer", "professor", "labourer", "laborer",
     "employees", "workers", "students", "farmers", "teachers", "doctors"}
)
# Verbs whose deed is a protest when the public does it: walking out, occupying or storming
# a place, blockading it.
PUBLIC_PROTEST_VERBS: dict[str, Entry] = {
    "strike": ("PROTEST", "143", "strike"),
    "occupy": ("PROTEST", "144", "obstruct"),
    "storm": ("PROTEST", "145", "riot"),
    "blockade": ("PROTEST", "144", "obstruct"),
}
# Who riots: violence by demonstrators is a violent protest (CAMEO 145), not an armed attack.
RIOTERS: frozenset[str] = frozenset(
    {"protester", "protestor", "demonstrator", "rioter", "mob", "crowd", "marcher", "striker"}
)
# Sectors of armed forces and groups: their evacuation of a place is a withdrawal (RETREAT),
# not humanitarian help (AID).
ARMED_SECTORS: frozenset[str] = frozenset({"MIL", "REB"})
# Sectors of the public (SECTORS): civilians, workers, students, the opposition.
PUBLIC_SECTORS: frozenset[str] = frozenset({"CVL", "LAB", "EDU", "OPP"})
# Sectors of armed groups and criminals: their "arrest" of someone is an abduction (CAMEO 181,
# ASSAULT); only the state arrests (COERCE).
ARMED_GROUP_SECTORS: frozenset[str] = frozenset({"REB", "CRM"})

# Words of an actor's phrase that tell its sector (PLOVER/POLECAT sector codes).
SECTORS: dict[str, str] = {
    "president": "GOV", "minister": "GOV", "government": "GOV", "premier": "GOV",
    "chancellor": "GOV", "official": "GOV", "spokesman": "GOV", "spokeswoman": "GOV",
    "ministry": "GOV", "administration": "GOV", "cabinet": "GOV", "authority": "GOV",
    "authorities": "GOV", "king": "GOV", "queen": "GOV", "ambassador": "GOV",
    "embassy": "GOV", "diplomat": "GOV", "envoy": "GOV", "leader": "GOV", "mayor": "GOV",
    "governor": "GOV", "kremlin": "GOV", "parliament": "LEG", "lawmaker": "LEG",
    "senator": "LEG", "congress": "LEG", "legislator": "LEG", "mp": "LEG",
    "army": "MIL", "military": "MIL", "troop": "MIL", "troops": "MIL", "soldier": "MIL",
    "force": "MIL", "forces": "MIL", "navy": "MIL", "air force": "MIL", "general": "MIL",
    # Offices named "general" that are no rank (read as two words before "general").
    "attorney general": "JUD", "inspector general": "GOV",
    "militia": "REB", "rebel": "REB", "guerrilla": "REB", "insurgent": "REB",
    "militant": "REB", "separatist": "REB", "fighter": "REB", "gunman": "REB",
    "opposition": "OPP", "dissident": "OPP", "activist": "OPP",
    "party": "PTY", "company": "BUS", "firm": "BUS", "corporation": "BUS", "bank": "BUS",
    "business": "BUS", "journalist": "JRN", "reporter": "JRN", "newspaper": "MED",
    "media": "MED", "agency": "MED", "television": "MED", "police": "COP",
    "policeman": "COP", "officer": "COP", "court": "JUD", "judge": "JUD", "prosecutor": "JUD",
    "protester": "CVL", "demonstrator": "CVL", "civilian": "CVL", "student": "EDU",
    "villager": "CVL", "resident": "CVL", "worker": "LAB", "union": "LAB",
    "refugee": "REF", "hacker": "CRM", "criminal": "CRM", "terrorist": "REB",
    "church": "REL", "cleric": "REL", "bishop": "REL", "imam": "REL",
}
