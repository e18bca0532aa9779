"""The events stage's word pairs for deeds: a verb with the head of its object ("impose
sanctions", "hold talks") and a verb with the preposition of its complement ("call for"), the
patterns where the verb alone does not say the deed. The verbs alone, event nouns and the other
word lists of deeds are in events/lexicon.py (same sources: the PLOVER manual's type
definitions and the CAMEO 1.1b3 codebook's verb classes, not any evaluation set).
"""

from __future__ import annotations

from storyline.events.lexicon import FORCES, INDIVIDUALS, RELIEF, Entry

# Light verbs whose object names the event: (verb lemma, object head lemma) -> entry. Looked up
# before VERBS, so "hold talks" is CONSULT and not the verb "hold" alone.
VERB_OBJECTS: dict[tuple[str, str], Entry] = {
    ("hold", "talk"): ("CONSULT", "040", ""),
    ("hold", "talks"): ("CONSULT", "040", ""),
    ("hold", "meeting"): ("CONSULT", "040", ""),
    ("hold", "consultation"): ("CONSULT", "040", ""),
    ("pay", "visit"): ("CONSULT", "042", "visit"),
    ("make", "visit"): ("CONSULT", "042", "visit"),
    ("make", "call"): ("CONSULT", "040", "phone"),
    ("sign", "agreement"): ("SUPPORT", "057", ""),
    ("reach", "agreement"): ("AGREE", "057", ""),
    ("reach", "deal"): ("AGREE", "057", ""),
    ("impose", "sanction"): ("SANCTION", "163", ""),
    ("impose", "embargo"): ("SANCTION", "163", ""),
    ("impose", "ban"): ("SANCTION", "160", ""),
    ("impose", "curfew"): ("COERCE", "175", "repress"),
    ("lift", "sanction"): ("CONCEDE", "081", "ease"),
    ("lift", "embargo"): ("CONCEDE", "081", "ease"),
    ("lift", "ban"): ("CONCEDE", "081", "ease"),
    ("lift", "curfew"): ("CONCEDE", "081", "ease"),
    ("cut", "tie"): ("SANCTION", "161", ""),
    ("break", "tie"): ("SANCTION", "161", ""),
    ("sever", "tie"): ("SANCTION", "161", ""),
    ("restore", "tie"): ("COOPERATE", "064", ""),
    ("launch", "attack"): ("ASSAULT", "190", ""),
    ("launch", "offensive"): ("ASSAULT", "190", ""),
    ("carry", "attack"): ("ASSAULT", "190", ""),
    ("open", "fire"): ("ASSAULT", "190", "firearms"),
    ("stage", "protest"): ("PROTEST", "141", "demo"),
    ("stage", "strike"): ("PROTEST", "143", "strike"),
    ("stage", "demonstration"): ("PROTEST", "141", "demo"),
    ("stage", "rally"): ("PROTEST", "141", "demo"),
    ("hold", "rally"): ("PROTEST", "141", "demo"),
    ("hold", "protest"): ("PROTEST", "141", "demo"),
    ("hold", "demonstration"): ("PROTEST", "141", "demo"),
    ("go", "strike"): ("PROTEST", "143", "strike"),
    ("send", "troop"): ("MOBILIZE", "150", "troops"),
    ("send", "force"): ("MOBILIZE", "150", "troops"),
    ("put", "alert"): ("MOBILIZE", "154", "alert"),
    ("send", "aid"): ("AID", "070", ""),
    ("provide", "aid"): ("AID", "070", ""),
    ("issue", "warning"): ("THREATEN", "130", ""),
    ("issue", "ultimatum"): ("THREATEN", "1313", ""),
    ("make", "appeal"): ("REQUEST", "020", ""),
    ("file", "charge"): ("ACCUSE", "112", ""),
    ("file", "lawsuit"): ("ACCUSE", "115", ""),
    ("take", "hostage"): ("ASSAULT", "181", "abduct"),
    ("take", "control"): ("ASSAULT", "192", ""),
    ("take", "power"): ("COERCE", "200", ""),
    ("declare", "ceasefire"): ("RETREAT", "0871", "ceasefire"),
    ("announce", "ceasefire"): ("RETREAT", "0871", "ceasefire"),
    ("present", "credential"): ("SUPPORT", "050", ""),
    ("grant", "asylum"): ("AID", "075", "asylum"),
    ("give", "asylum"): ("AID", "075", "asylum"),
    ("put", "trial"): ("ACCUSE", "112", ""),
    ("hunger", "strike"): ("PROTEST", "143", "strike"),
    ("recall", "ambassador"): ("SANCTION", "161", ""),
    ("accept", "demand"): ("CONCEDE", "080", ""),
    ("upgrade", "tie"): ("SUPPORT", "054", ""),
    ("upgrade", "relation"): ("SUPPORT", "054", ""),
    ("establish", "tie"): ("SUPPORT", "054", ""),
    ("establish", "relation"): ("SUPPORT", "054", ""),
    ("open", "embassy"): ("SUPPORT", "054", ""),
    ("reduce", "supply"): ("SANCTION", "160", ""),
    ("reduce", "aid"): ("SANCTION", "160", ""),
    ("cut", "aid"): ("SANCTION", "160", ""),
    ("remain", "alert"): ("MOBILIZE", "154", "alert"),
    ("block", "road"): ("PROTEST", "140", "obstruct"),
    ("block", "bridge"): ("PROTEST", "140", "obstruct"),
    ("block", "highway"): ("PROTEST", "140", "obstruct"),
    ("block", "street"): ("PROTEST", "140", "obstruct"),
    ("block", "railway"): ("PROTEST", "140", "obstruct"),
    ("block", "entrance"): ("PROTEST", "140", "obstruct"),
    ("recall", "envoy"): ("SANCTION", "161", ""),
    ("hand", "credential"): ("SUPPORT", "050", ""),
    ("hold", "summit"): ("CONSULT", "040", ""),
    ("hold", "conversation"): ("CONSULT", "040", "phone"),
    # Added in events rules revision 5 from the CAMEO verb classes (not from evaluation records).
    ("close", "border"): ("SANCTION", "163", ""),
    ("close", "embassy"): ("SANCTION", "161", ""),
    ("express", "support"): ("SUPPORT", "051", ""),
    ("express", "condolence"): ("SUPPORT", "051", ""),
    ("express", "solidarity"): ("SUPPORT", "051", ""),
    ("express", "concern"): ("ACCUSE", "111", ""),
    ("dispatch", "troop"): ("MOBILIZE", "150", "troops"),
    ("deploy", "troop"): ("MOBILIZE", "150", "troops"),
    ("send", "soldier"): ("MOBILIZE", "150", "troops"),
    ("send", "warship"): ("MOBILIZE", "150", "troops"),
    ("declare", "emergency"): ("COERCE", "175", "repress"),
    ("impose", "restriction"): ("COERCE", "170", "restrict"),
    ("set", "fire"): ("ASSAULT", "180", ""),
    ("take", "prisoner"): ("COERCE", "173", "arrest"),
    ("cast", "doubt"): ("ACCUSE", "111", ""),
    ("file", "complaint"): ("ACCUSE", "115", ""),
    ("grant", "amnesty"): ("CONCEDE", "0841", "release"),
    ("return", "power"): ("CONCEDE", "080", ""),
    ("hand", "power"): ("CONCEDE", "080", ""),
    ("lay", "arm"): ("RETREAT", "0872", "demobilize"),
    ("lay", "weapon"): ("RETREAT", "0872", "demobilize"),
    ("hand", "weapon"): ("RETREAT", "0872", "demobilize"),
    ("break", "ceasefire"): ("ASSAULT", "190", ""),
    # Added in rules revision 8 from the CAMEO codebook, not from evaluation records: banning
    # or suspending a party, a newspaper or a gathering is an administrative sanction on
    # one's own people (CAMEO 172, COERCE), not a cut in relations (CAMEO 16, SANCTION);
    # taking to the streets is a demonstration (CAMEO 141).
    **{
        (verb, thing): ("COERCE", "172", "restrict")
        for verb in ("ban", "suspend", "outlaw", "prohibit", "dissolve")
        for thing in ("party", "newspaper", "publication", "broadcast", "demonstration",
                      "protest", "rally", "march", "gathering",
                      "organization", "organisation", "group", "movement", "union",
                      "activity", "station", "channel", "website", "paper")
    },
    ("take", "street"): ("PROTEST", "141", "demo"),
    # Rules revision 8, from the written example sentences (events/examples.py), as above.
    ("offer", "condolence"): ("SUPPORT", "051", ""),
    ("offer", "support"): ("SUPPORT", "051", ""),
    ("hand", "suspect"): ("COOPERATE", "063", "judicial"),
    ("hand", "fugitive"): ("COOPERATE", "063", "judicial"),
    ("sign", "contract"): ("COOPERATE", "061", "economic"),
    ("resume", "trade"): ("COOPERATE", "061", "economic"),
    ("observe", "truce"): ("RETREAT", "0871", "ceasefire"),
    ("observe", "ceasefire"): ("RETREAT", "0871", "ceasefire"),
    ("vow", "revenge"): ("THREATEN", "130", ""),
    ("give", "ultimatum"): ("THREATEN", "1313", ""),
    ("break", "relation"): ("SANCTION", "161", ""),
    ("cut", "relation"): ("SANCTION", "161", ""),
    ("sever", "relation"): ("SANCTION", "161", ""),
    ("cancel", "contract"): ("SANCTION", "160", ""),
    ("cancel", "deal"): ("SANCTION", "160", ""),
    ("cancel", "visit"): ("SANCTION", "160", ""),
    ("block", "access"): ("COERCE", "170", "censor"),
    ("move", "warship"): ("MOBILIZE", "150", "troops"),
    ("move", "troop"): ("MOBILIZE", "150", "troops"),
    ("gather", "fighter"): ("MOBILIZE", "150", "troops"),
    ("approve", "loan"): ("AID", "071", "economic"),
    ("approve", "aid"): ("AID", "070", ""),
    ("speak", "phone"): ("CONSULT", "040", "phone"),
    **{("give", thing): ("AID", "070", "")
       for thing in ("aid", "assistance", "equipment", "loan", "money", "fund", "weapon", "arm",
                     "food", "medicine", "grant", "shelter", "supply")},
    **{("withdraw", thing): ("CONCEDE", "080", "")
       for thing in ("bill", "law", "plan", "proposal", "demand", "charge", "complaint",
                     "decision", "layoff", "lawsuit", "case", "objection", "candidacy", "decree",
                     "measure", "order", "threat")},
    # Ignoring is a refusal only of what was asked or ordered ("ignored the order to disarm"),
    # not of standards left unmet.
    **{("ignore", thing): ("REJECT", "120", "")
       for thing in ("order", "call", "demand", "ultimatum", "warning", "ban", "ruling",
                     "appeal", "request", "resolution", "deadline", "curfew", "plea")},
    ("withdraw", "ambassador"): ("SANCTION", "161", ""),
    ("withdraw", "envoy"): ("SANCTION", "161", ""),
    # Expelling or deporting people is CAMEO 174 (COERCE); expelling diplomats, inspectors
    # or peacekeepers stays the verb's SANCTION (CAMEO 166) (rules revision 9).
    **{(verb, person): ("COERCE", "174", "expel")
       for verb in ("expel", "deport")
       for person in INDIVIDUALS},
    **{("receive", person): ("CONSULT", "043", "host")
       for person in ("delegation", "envoy", "minister", "ambassador", "president",
                      "counterpart", "leader", "visitor", "delegate", "premier")},
    # Rules revision 11, from the CAMEO 1.1b3 verb classes and PLOVER definitions (not from
    # evaluation records): sending or moving armed forces is a force posture (CAMEO 15),
    # sending relief or rescuers is aid (CAMEO 07), words of support and tribute are SUPPORT
    # (051), a formal complaint is ACCUSE (115), giving up arms RETREAT (0872), the use of
    # force COERCE (170; announced, THREATEN).
    **{(verb, unit): ("MOBILIZE", "150", "troops")
       for verb in ("send", "dispatch", "move", "rush", "deploy", "mass", "fly")
       for unit in FORCES},
    **{(verb, relief): ("AID", "073", "humanitarian")
       for verb in ("send", "dispatch", "rush", "fly", "ship")
       for relief in RELIEF},
    **{(verb, alert): ("MOBILIZE", "154", "alert")
       for verb in ("put", "place", "remain", "keep")
       for alert in ("alert", "standby", "readiness", "footing")},
    **{(verb, support): ("SUPPORT", "051", "")
       for verb in ("voice", "lend", "throw", "reaffirm", "reiterate")
       for support in ("support", "backing", "solidarity")},
    ("pay", "tribute"): ("SUPPORT", "051", ""),
    ("express", "gratitude"): ("SUPPORT", "051", ""),
    ("send", "condolence"): ("SUPPORT", "051", ""),
    ("voice", "concern"): ("ACCUSE", "111", ""),
    ("lodge", "complaint"): ("ACCUSE", "115", ""),
    ("lodge", "protest"): ("ACCUSE", "111", ""),
    ("file", "protest"): ("ACCUSE", "111", ""),
    ("surrender", "weapon"): ("RETREAT", "0872", "demobilize"),
    ("surrender", "arm"): ("RETREAT", "0872", "demobilize"),
    ("use", "force"): ("COERCE", "170", ""),
    ("declare", "truce"): ("RETREAT", "0871", "ceasefire"),
    ("announce", "truce"): ("RETREAT", "0871", "ceasefire"),
    ("declare", "curfew"): ("COERCE", "175", "repress"),
    **{("withdraw", thing): ("CONCEDE", "080", "")
       for thing in ("reform", "tax", "increase", "hike", "policy", "rule", "regulation",
                     "amendment", "ultimatum")},
    # Giving up a measure others objected to: CAMEO 08 (yield), as "withdrew the plan".
    **{(verb, thing): ("CONCEDE", "080", "")
       for verb in ("cancel", "scrap", "drop", "abandon", "shelve", "rescind", "repeal")
       for thing in ("increase", "hike", "rise", "tax", "reform", "plan", "decree", "law",
                     "measure", "policy", "rule", "bill", "project", "ban", "charge")},
    **{("express", regret): ("SUPPORT", "055", "")
       for regret in ("regret", "remorse", "apology", "apologies", "sorrow")},
    **{(verb, thing): ("COERCE", "172", "restrict")
       for verb in ("close", "close down", "shut")
       for thing in ("newspaper", "paper", "daily", "station", "channel", "website", "office",
                     "party", "publication", "broadcaster", "magazine")},
}

# A verb and the preposition of its complement: "called *for* a ceasefire", "called *on* Iran".
VERB_PREPOSITIONS: dict[tuple[str, str], Entry] = {
    ("call", "for"): ("REQUEST", "020", ""),
    ("call", "on"): ("REQUEST", "020", ""),
    ("call", "upon"): ("REQUEST", "020", ""),
    ("appeal", "to"): ("REQUEST", "020", ""),
    ("talk", "with"): ("CONSULT", "040", ""),
    ("side", "with"): ("SUPPORT", "051", ""),
    ("protest", "against"): ("PROTEST", "140", "demo"),
    ("crack", "down"): ("COERCE", "175", "repress"),
    ("push", "for"): ("REQUEST", "100", ""),
    ("press", "for"): ("REQUEST", "100", ""),
    ("force", "out"): ("SANCTION", "1663", "expel"),
    ("speak", "with"): ("CONSULT", "040", ""),
}
