"""The events stage's word lists for deeds: the one home of the verbs, verb-object patterns and
event nouns it codes events with (the words that tell who does a deed are in
events/actor_words.py, the example sentences of each type in events/examples.py).

Written for this project from the PLOVER manual's type definitions and the CAMEO 1.1b3
codebook's verb classes, not copied from any evaluation set. Each verb entry names its PLOVER
type, the CAMEO code it stands for (3 digits; the root is its first two) and, where the verb
says it, PLOVER's mode ("hunger strike" is PROTEST in mode ``strike``).
"""

from __future__ import annotations

from storyline.events.ontology import PloverType

# (PLOVER type, CAMEO code, mode)
Entry = tuple[PloverType, str, str]

# Predicate lemma (with its particle, as analyze writes it: "call off") -> entry.
VERBS: dict[str, Entry] = {
    # AGREE: an agreement, a commitment or an offer (CAMEO 03 intent, 057 sign agreement).
    "agree": ("AGREE", "030", ""),
    "pledge": ("AGREE", "030", ""),
    "promise": ("AGREE", "030", ""),
    "vow": ("AGREE", "030", ""),
    "commit": ("AGREE", "030", ""),
    "offer": ("AGREE", "030", ""),
    # Signing or ratifying a formal agreement is CAMEO 057, which sits under CAMEO 05
    # (diplomatic cooperation), PLOVER's SUPPORT (rules revision 8); agreeing to one, or
    # promising to sign it, stays AGREE.
    "sign": ("SUPPORT", "057", ""),
    "conclude": ("SUPPORT", "057", ""),
    "ratify": ("SUPPORT", "057", ""),
    "accept": ("AGREE", "084", ""),
    "settle": ("AGREE", "057", ""),
    "swear": ("AGREE", "030", ""),
    "contribute": ("AID", "070", ""),
    # CONSULT: meetings, visits, talks, calls (CAMEO 04).
    "meet": ("CONSULT", "040", ""),
    "host": ("CONSULT", "043", "host"),
    "visit": ("CONSULT", "042", "visit"),
    "consult": ("CONSULT", "040", ""),
    "discuss": ("CONSULT", "040", ""),
    "negotiate": ("CONSULT", "046", ""),
    "mediate": ("CONSULT", "045", ""),
    "talk": ("CONSULT", "040", ""),
    "phone": ("CONSULT", "040", "phone"),
    "confer": ("CONSULT", "040", ""),
    # SUPPORT: diplomatic support, praise, recognition, apology (CAMEO 05, 051, 055).
    "praise": ("SUPPORT", "051", ""),
    "endorse": ("SUPPORT", "051", ""),
    "back": ("SUPPORT", "051", ""),
    "support": ("SUPPORT", "051", ""),
    "recognize": ("SUPPORT", "054", ""),
    "recognise": ("SUPPORT", "054", ""),
    "apologize": ("SUPPORT", "055", ""),
    "apologise": ("SUPPORT", "055", ""),
    "congratulate": ("SUPPORT", "051", ""),
    "commend": ("SUPPORT", "051", ""),
    "hail": ("SUPPORT", "051", ""),
    "welcome": ("SUPPORT", "051", ""),
    "forgive": ("SUPPORT", "056", ""),
    "defend": ("SUPPORT", "051", ""),
    # COOPERATE: material and judicial cooperation (CAMEO 06).
    "cooperate": ("COOPERATE", "060", ""),
    "collaborate": ("COOPERATE", "060", ""),
    "extradite": ("COOPERATE", "063", "judicial"),
    "share": ("COOPERATE", "064", ""),
    "restore": ("COOPERATE", "064", ""),
    "trade": ("COOPERATE", "061", "economic"),
    "invest": ("COOPERATE", "061", "economic"),
    # AID: giving aid (CAMEO 07).
    "aid": ("AID", "070", ""),
    "donate": ("AID", "071", "economic"),
    "grant": ("AID", "071", "economic"),
    "fund": ("AID", "071", "economic"),
    "supply": ("AID", "070", ""),
    "provide": ("AID", "070", ""),
    "deliver": ("AID", "073", "humanitarian"),
    "airlift": ("AID", "073", "humanitarian"),
    "evacuate": ("AID", "073", "humanitarian"),
    "shelter": ("AID", "075", "asylum"),
    # CONCEDE: yielding, easing, releasing (CAMEO 08).
    "release": ("CONCEDE", "0841", "release"),
    "free": ("CONCEDE", "0841", "release"),
    "pardon": ("CONCEDE", "0841", "release"),
    "ease": ("CONCEDE", "081", "ease"),
    "lift": ("CONCEDE", "081", "ease"),
    "relax": ("CONCEDE", "081", "ease"),
    "allow": ("CONCEDE", "080", ""),
    "permit": ("CONCEDE", "080", ""),
    "resign": ("CONCEDE", "083", "resign"),
    "step down": ("CONCEDE", "083", "resign"),
    "surrender": ("CONCEDE", "0874", ""),
    "concede": ("CONCEDE", "080", ""),
    "yield": ("CONCEDE", "080", ""),
    "hand over": ("CONCEDE", "084", ""),
    "reopen": ("CONCEDE", "080", ""),
    "postpone": ("CONCEDE", "080", ""),
    "call off": ("CONCEDE", "080", ""),
    "compensate": ("CONCEDE", "080", ""),
    # RETREAT: withdrawing forces, ceasefires, disarming (CAMEO 087).
    "withdraw": ("RETREAT", "0874", "withdraw"),
    "pull out": ("RETREAT", "0874", "withdraw"),
    "pull back": ("RETREAT", "0874", "withdraw"),
    "retreat": ("RETREAT", "0874", "withdraw"),
    "demobilize": ("RETREAT", "0872", "demobilize"),
    "demobilise": ("RETREAT", "0872", "demobilize"),
    "disarm": ("RETREAT", "0872", "demobilize"),
    "evacuate troops": ("RETREAT", "0874", "withdraw"),
    "disband": ("RETREAT", "0872", "demobilize"),
    # REQUEST: demands, appeals, calls (CAMEO 02 appeal, 10 demand).
    "ask": ("REQUEST", "020", ""),
    "urge": ("REQUEST", "020", ""),
    "appeal": ("REQUEST", "020", ""),
    "request": ("REQUEST", "020", ""),
    "demand": ("REQUEST", "100", ""),
    "press": ("REQUEST", "100", ""),
    "insist": ("REQUEST", "100", ""),
    "seek": ("REQUEST", "020", ""),
    "invite": ("REQUEST", "020", ""),
    "plead": ("REQUEST", "020", ""),
    "implore": ("REQUEST", "020", ""),
    "petition": ("REQUEST", "020", ""),
    # ACCUSE: accusations, charges, investigations, criticism (CAMEO 11, 09).
    "accuse": ("ACCUSE", "112", ""),
    "blame": ("ACCUSE", "112", ""),
    "charge": ("ACCUSE", "112", ""),
    "indict": ("ACCUSE", "112", ""),
    "criticize": ("ACCUSE", "111", ""),
    "criticise": ("ACCUSE", "111", ""),
    "condemn": ("ACCUSE", "111", ""),
    "denounce": ("ACCUSE", "111", ""),
    "investigate": ("ACCUSE", "090", "investigate"),
    "probe": ("ACCUSE", "090", "investigate"),
    "allege": ("ACCUSE", "112", ""),
    "sue": ("ACCUSE", "115", ""),
    "slam": ("ACCUSE", "111", ""),
    "attack verbally": ("ACCUSE", "111", ""),
    "rebuke": ("ACCUSE", "111", ""),
    "deplore": ("ACCUSE", "111", ""),
    # REJECT: refusals and vetoes (CAMEO 12).
    "reject": ("REJECT", "120", ""),
    "refuse": ("REJECT", "120", ""),
    "deny": ("REJECT", "120", ""),
    "veto": ("REJECT", "120", ""),
    "rebuff": ("REJECT", "120", ""),
    "dismiss": ("REJECT", "120", ""),
    "turn down": ("REJECT", "120", ""),
    "oppose": ("REJECT", "120", ""),
    "decline": ("REJECT", "120", ""),
    "defy": ("REJECT", "120", ""),
    "boycott": ("REJECT", "120", ""),
    "spurn": ("REJECT", "120", ""),
    "block": ("REJECT", "120", ""),
    # THREATEN: threats and ultimatums (CAMEO 13).
    "threaten": ("THREATEN", "130", ""),
    "warn": ("THREATEN", "130", ""),
    "menace": ("THREATEN", "130", ""),
    # PROTEST: demonstrations, strikes (CAMEO 14).
    "protest": ("PROTEST", "140", "demo"),
    "demonstrate": ("PROTEST", "141", "demo"),
    "rally": ("PROTEST", "141", "demo"),
    "march": ("PROTEST", "141", "demo"),
    "riot": ("PROTEST", "145", "riot"),
    "picket": ("PROTEST", "141", "demo"),
    # MOBILIZE: force postures, alerts (CAMEO 15).
    "mobilize": ("MOBILIZE", "150", ""),
    "mobilise": ("MOBILIZE", "150", ""),
    "deploy": ("MOBILIZE", "150", "troops"),
    "mass": ("MOBILIZE", "150", "troops"),
    "station": ("MOBILIZE", "150", "troops"),
    "pressure": ("REQUEST", "100", ""),
    "violate": ("REJECT", "120", ""),
    "flout": ("REJECT", "120", ""),
    # SANCTION: reducing relations, sanctions, embargoes, expulsions (CAMEO 16).
    "sanction": ("SANCTION", "163", ""),
    "embargo": ("SANCTION", "163", ""),
    "suspend": ("SANCTION", "160", ""),
    "cut": ("SANCTION", "161", ""),
    "sever": ("SANCTION", "161", ""),
    "halt": ("SANCTION", "160", ""),
    "freeze": ("SANCTION", "160", ""),
    "expel": ("SANCTION", "1663", "expel"),
    "ban": ("SANCTION", "160", ""),
    # COERCE: arrests, raids, seizures, repression (CAMEO 17).
    "arrest": ("COERCE", "173", "arrest"),
    "detain": ("COERCE", "173", "arrest"),
    "jail": ("COERCE", "173", "arrest"),
    "imprison": ("COERCE", "173", "arrest"),
    "sentence": ("COERCE", "173", "arrest"),
    "raid": ("COERCE", "170", ""),
    "seize": ("COERCE", "171", "seize"),
    "confiscate": ("COERCE", "171", "seize"),
    "deport": ("COERCE", "174", "deport"),
    "censor": ("COERCE", "170", "censor"),
    "shut": ("COERCE", "170", ""),
    "shut down": ("COERCE", "170", ""),
    "deface": ("COERCE", "170", ""),
    "hack": ("COERCE", "170", "cyber"),
    "crack down": ("COERCE", "175", "repress"),
    "disperse": ("COERCE", "175", "repress"),
    "execute": ("COERCE", "170", ""),
    "prevent": ("COERCE", "170", "restrict"),
    "demolish": ("COERCE", "170", "destroy"),
    "destroy": ("COERCE", "170", "destroy"),
    "bulldoze": ("COERCE", "170", "destroy"),
    "raze": ("COERCE", "170", "destroy"),
    # ASSAULT: violence (CAMEO 18, 19, 20).
    "attack": ("ASSAULT", "190", ""),
    "kill": ("ASSAULT", "190", ""),
    "shoot": ("ASSAULT", "190", "firearms"),
    "bomb": ("ASSAULT", "195", "explosives"),
    "shell": ("ASSAULT", "194", "heavy-weapons"),
    "fire": ("ASSAULT", "190", "firearms"),
    "fight": ("ASSAULT", "190", ""),
    "clash": ("ASSAULT", "190", ""),
    "ambush": ("ASSAULT", "190", ""),
    "invade": ("ASSAULT", "192", ""),
    "occupy": ("ASSAULT", "192", ""),
    "assassinate": ("ASSAULT", "186", "assassinate"),
    "murder": ("ASSAULT", "186", ""),
    "massacre": ("ASSAULT", "202", ""),
    "wound": ("ASSAULT", "190", ""),
    "injure": ("ASSAULT", "190", ""),
    "beat": ("ASSAULT", "182", "beat"),
    "behead": ("ASSAULT", "186", ""),
    "storm": ("ASSAULT", "190", ""),
    "strike": ("ASSAULT", "190", ""),
    "blow up": ("ASSAULT", "195", "explosives"),
    "bombard": ("ASSAULT", "194", "heavy-weapons"),
    "torch": ("ASSAULT", "180", ""),
    "loot": ("ASSAULT", "180", ""),
    "capture": ("ASSAULT", "192", ""),
    "retake": ("ASSAULT", "192", ""),
    "overrun": ("ASSAULT", "192", ""),
    "recapture": ("ASSAULT", "192", ""),
    # Added in events rules revision 5 from the CAMEO 1.1b3 verb classes (not from any
    # evaluation record): CAMEO 18 (abduct 181, physically assault 182 with torture 1822) is
    # ASSAULT in PLOVER, so kidnapping and torture are ASSAULT, no longer COERCE.
    "kidnap": ("ASSAULT", "181", "abduct"),
    "abduct": ("ASSAULT", "181", "abduct"),
    "hijack": ("ASSAULT", "181", "abduct"),
    "torture": ("ASSAULT", "1822", "torture"),
    "stab": ("ASSAULT", "182", "primitive-weapons"),
    "rape": ("ASSAULT", "1821", "sexual"),
    "assault": ("ASSAULT", "182", "beat"),
    "lynch": ("ASSAULT", "1823", "beat"),
    "detonate": ("ASSAULT", "195", "explosives"),
    "gun down": ("ASSAULT", "190", "firearms"),
    "evict": ("COERCE", "170", ""),
    "expropriate": ("COERCE", "171", "seize"),
    "nationalize": ("COERCE", "171", "seize"),
    "nationalise": ("COERCE", "171", "seize"),
    "repress": ("COERCE", "175", "repress"),
    "suppress": ("COERCE", "175", "repress"),
    "round up": ("COERCE", "173", "arrest"),
    "intimidate": ("THREATEN", "130", ""),
    "lobby": ("REQUEST", "020", ""),
    "beg": ("REQUEST", "020", ""),
    "snub": ("REJECT", "120", ""),
    "repudiate": ("REJECT", "120", ""),
    "resist": ("REJECT", "120", ""),
    "censure": ("ACCUSE", "111", ""),
    "reprimand": ("ACCUSE", "111", ""),
    "decry": ("ACCUSE", "111", ""),
    "lambast": ("ACCUSE", "111", ""),
    "lambaste": ("ACCUSE", "111", ""),
    "prosecute": ("ACCUSE", "115", ""),
    "applaud": ("SUPPORT", "051", ""),
    "laud": ("SUPPORT", "051", ""),
    "thank": ("SUPPORT", "051", ""),
    "consent": ("AGREE", "030", ""),
    "guarantee": ("AGREE", "030", ""),
    "convene": ("CONSULT", "040", ""),
    "assist": ("AID", "070", ""),
    "rescue": ("AID", "073", "humanitarian"),
    "lend": ("AID", "071", "economic"),
    "reinstate": ("CONCEDE", "080", ""),
    "relent": ("CONCEDE", "080", ""),
    "disengage": ("RETREAT", "0874", "withdraw"),
    "revoke": ("SANCTION", "160", ""),
    "downgrade": ("SANCTION", "161", ""),
    "blacklist": ("SANCTION", "163", ""),
    "reinforce": ("MOBILIZE", "150", "troops"),
    "outlaw": ("COERCE", "172", "restrict"),
    # Added in rules revision 8 where the lexicon missed or mistyped the example sentences
    # written for this project from the PLOVER definitions (events/examples.py), not from
    # evaluation records.
    "give in": ("CONCEDE", "080", ""),
    "reverse": ("CONCEDE", "080", ""),
    "comply": ("CONCEDE", "080", ""),
    "distribute": ("AID", "073", "humanitarian"),
    "allocate": ("AID", "071", "economic"),
    "dismantle": ("RETREAT", "0873", "demobilize"),
    "renounce": ("RETREAT", "0872", "demobilize"),
    "order": ("REQUEST", "100", ""),
    "rule out": ("REJECT", "120", ""),
    "walk out": ("PROTEST", "143", "strike"),
    "break off": ("SANCTION", "161", ""),
    "call out": ("MOBILIZE", "150", "troops"),
    "call up": ("MOBILIZE", "150", "troops"),
    "burn": ("ASSAULT", "180", ""),
    "exchange": ("COOPERATE", "064", ""),
    # Rules revision 10: verbs with a particle whose deed is not the bare verb's, which the
    # lexicon read as the bare verb ("backed down" was SUPPORT, "hit out at" nothing). The
    # verbs whose object decides their deed are in events/senses.py.
    "back down": ("CONCEDE", "080", ""),
    "hit out": ("ACCUSE", "111", ""),
    "lash out": ("ACCUSE", "111", ""),
    "storm out": ("PROTEST", "143", "strike"),
    "strike down": ("REJECT", "120", ""),
    # Rules revision 11 (CAMEO 12, 17): a vote against is a refusal, closing down a newspaper
    # or a party as shutting it down.
    "vote down": ("REJECT", "120", ""),
    "close down": ("COERCE", "170", ""),
}

# Verbs of meeting that also take a goal as their object: "met its challenges", "meet the
# deadline", "meets the criteria" is living up to something, not a meeting (CAMEO 04 needs
# someone met). Such a verb with one of ABSTRACT_OBJECTS as its object is no event of its own
# (one of the senses of SENSES below).
MEETING_VERBS: frozenset[str] = frozenset({"meet", "meet up"})
# What is met without anyone being met: demands, goals and measures (lemmas, as the analyze
# stage writes an argument's head; "criteria" is kept as written too, spaCy lemmatises it so).
ABSTRACT_OBJECTS: frozenset[str] = frozenset(
    {"challenge", "need", "demand", "target", "deadline", "expectation", "goal",
     "requirement", "standard", "criterion", "criteria", "obligation", "condition",
     "objective", "benchmark", "threshold", "quota", "commitment", "aspiration", "cost",
     "shortfall", "specification", "norm", "term", "requisite", "prerequisite", "test"}
)

# People as private persons, not representatives of a state: expelling or deporting them is
# coercion of individuals (CAMEO 174), not a reduction of relations (CAMEO 166).
INDIVIDUALS: frozenset[str] = frozenset(
    {"journalist", "reporter", "correspondent", "activist", "missionary", "worker", "citizen",
     "national", "immigrant", "migrant", "refugee", "foreigner", "student", "priest",
     "suspect", "dissident", "tourist", "family", "people", "man", "woman", "crew"}
)

# Armed forces sent, moved or massed: a force posture (CAMEO 15, MOBILIZE), rules revision 11.
FORCES: frozenset[str] = frozenset(
    {"troop", "soldier", "force", "warship", "tank", "reinforcement", "fighter", "reservist",
     "unit", "battalion", "brigade", "division", "gunboat", "ship", "jet", "bomber",
     "aircraft", "paratrooper", "marine", "commando", "police", "policeman", "militiaman",
     "contingent", "carrier", "submarine"}
)
# Relief sent or rushed to people: aid (CAMEO 07), rules revision 11.
RELIEF: frozenset[str] = frozenset(
    {"assistance", "relief", "food", "medicine", "supply", "tent", "blanket", "doctor",
     "medic", "rescuer", "volunteer", "water", "grain", "vaccine", "donation", "shipment"}
)

# Verbs that only say something was done, with the deed in their object: "launched a mediation
# effort", "completed their withdrawal", "began war games". Their object's noun decides.
LIGHT_EVENT_VERBS: frozenset[str] = frozenset(
    {"launch", "begin", "start", "complete", "conduct", "carry", "stage", "hold", "mount",
     "resume", "undertake", "put", "open", "make", "organize", "organise", "lead", "join",
     # Verbs that make more of a deed (rules revision 9): "stepped up attacks", "intensified
     # its offensive", "renewed talks", "waged a campaign".
     "step up", "intensify", "escalate", "renew", "wage", "continue"}
)
EVENT_NOUNS: dict[str, Entry] = {
    "talk": ("CONSULT", "040", ""), "meeting": ("CONSULT", "040", ""),
    "summit": ("CONSULT", "040", ""), "visit": ("CONSULT", "042", "visit"),
    "mediation": ("CONSULT", "045", ""), "negotiation": ("CONSULT", "046", ""),
    "consultation": ("CONSULT", "040", ""),
    "exercise": ("COOPERATE", "060", "military"), "game": ("COOPERATE", "060", "military"),
    "drill": ("COOPERATE", "060", "military"), "patrol": ("COOPERATE", "060", "military"),
    "withdrawal": ("RETREAT", "0874", "withdraw"), "pullout": ("RETREAT", "0874", "withdraw"),
    "ceasefire": ("RETREAT", "0871", "ceasefire"), "truce": ("RETREAT", "0871", "ceasefire"),
    "attack": ("ASSAULT", "190", ""), "offensive": ("ASSAULT", "190", ""),
    "assault": ("ASSAULT", "190", ""), "raid": ("COERCE", "170", ""),
    "airstrike": ("ASSAULT", "195", "aerial"), "bombing": ("ASSAULT", "195", "explosives"),
    "protest": ("PROTEST", "140", "demo"), "demonstration": ("PROTEST", "141", "demo"),
    "rally": ("PROTEST", "141", "demo"), "march": ("PROTEST", "141", "demo"),
    "strike": ("PROTEST", "143", "strike"), "sit-in": ("PROTEST", "141", "demo"),
    "boycott": ("REJECT", "120", ""), "investigation": ("ACCUSE", "090", "investigate"),
    "probe": ("ACCUSE", "090", "investigate"), "inquiry": ("ACCUSE", "090", "investigate"),
    "crackdown": ("COERCE", "175", "repress"), "blockade": ("SANCTION", "163", ""),
    "embargo": ("SANCTION", "163", ""), "sanction": ("SANCTION", "163", ""),
    "appeal": ("REQUEST", "020", ""), "demand": ("REQUEST", "100", ""),
    "campaign": ("PROTEST", "140", "demo"), "airlift": ("AID", "073", "humanitarian"),
    "venture": ("COOPERATE", "061", "economic"), "trade": ("COOPERATE", "061", "economic"),
    "cooperation": ("COOPERATE", "060", ""),
    "relief": ("AID", "073", "humanitarian"),
}

# Nouns of an undertaking whose deed is in the noun before them: "launched a *mediation*
# effort", "began a *bombing* campaign", "a *rescue* operation" (rules revision 11); without
# such a word the noun's own entry, if any, stands ("a campaign" is a protest campaign).
UNDERTAKING_NOUNS: frozenset[str] = frozenset(
    {"effort", "bid", "campaign", "operation", "mission", "drive", "process", "round",
     "initiative", "programme", "program", "exercise", "push", "blitz", "spree", "wave"}
)
# Verbs of going somewhere: with a meeting, a visit or talks as their purpose ("flew to Beijing
# *for talks*", "arrived *on a visit*") the journey is the consultation (CAMEO 042-043; rules
# revision 11). Not a departure ("left for the capital for meetings"): the meeting is still
# ahead, and PETRARCH's unit tests code it as an intent (CAMEO 03), or not at all.
TRAVEL_VERBS: frozenset[str] = frozenset({"arrive", "travel", "fly", "go", "come", "land"})
# Verbs by which an event named by a noun happens, with the noun as their subject ("talks
# *opened* in Oslo", "protests *erupted*", "fighting *broke out*"): the noun is the deed
# (rules revision 11).
OCCURRENCE_VERBS: frozenset[str] = frozenset(
    {"begin", "start", "open", "resume", "continue", "take place", "break out", "erupt",
     "get under way", "get underway", "spread", "rage", "intensify", "escalate", "flare"}
)
# A word in a light verb's object that makes the deed one done together: "launched a *joint*
# fund", "began *joint* manoeuvres" (CAMEO 06, COOPERATE) when the object's noun names no deed
# of its own (rules revision 11; "a joint attack" stays ASSAULT).
JOINT_WORDS: frozenset[str] = frozenset({"joint", "jointly", "bilateral", "combined"})
# Verbs that set up something done together: "formed a joint venture", "set up a joint
# commission".
FOUNDING_VERBS: frozenset[str] = frozenset(
    {"form", "set up", "establish", "create", "found"}
)

# Particles that may follow a verb as a preposition of the parse ("pulled *out* of the town"):
# read with the verb when the verb and the particle are an entry of VERBS (rules revision 9).
PARTICLES: frozenset[str] = frozenset({"out", "back", "up", "down", "off", "over", "away"})
# Lemmas the parser gets wrong for verbs the lexicon holds: "staged" read as the noun "stag".
LEMMA_FIXES: dict[str, str] = {"stag": "stage"}

# Endings of nouns that name a verb's deed and the verb endings they stand for: "deployment"
# is "deploy", "evacuation" "evacuate", "discussion" "discuss", "invasion" "invade",
# "withdrawal" "withdraw", "seizure" "seize", "assistance" "assist", "shelling" "shell".
NOMINAL_ENDINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ation", ("ate", "", "e")),
    ("ssion", ("ss",)),
    ("sion", ("de", "d")),
    ("tion", ("t", "te")),
    ("ment", ("",)),
    ("ance", ("", "e")),
    ("ence", ("", "e")),
    ("ure", ("e", "")),
    ("al", ("", "e")),
    ("ing", ("", "e")),
)
# Nouns whose verb's deed they do not name ("settlement" is also a village).
NOT_DEEDS = frozenset({"settlement", "building", "meeting", "statement"})

# Verbs that report or state rather than act: CAMEO 01 (public statement) has no PLOVER type, so
# they are not events; the event is what they report ("said it would withdraw").
REPORTING: frozenset[str] = frozenset(
    {
        "say", "tell", "announce", "report", "state", "add", "confirm", "note", "declare",
        "claim", "quote", "write", "describe", "explain", "comment", "according", "believe",
        "think", "know", "see", "cite", "mention", "indicate", "suggest", "show",
    }
)

# Verbs that carry the type of their complement up to themselves: "agreed to meet" is AGREE,
# "threatened to cut" THREATEN, "refused to release" REJECT, "urged X to withdraw" REQUEST.
GOVERNING_TYPES: frozenset[PloverType] = frozenset({"AGREE", "THREATEN", "REJECT", "REQUEST"})
