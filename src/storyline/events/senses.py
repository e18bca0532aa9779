"""Verbs whose sense their object, their preposition or their doer decides: the one home of the
word classes that choose it (rules revision 10). The lexicon (events/lexicon.py) gives each
verb its usual deed; a sense here overrides it for one reading.

"The club *fired* its coach" is a dismissal and "troops *fired* on protesters" an assault;
"*struck* a deal" is an agreement and "*struck* a depot" an attack; "*shot* a film", "*beat*
a rival in the final", "*captured* the title", "*cut* interest rates" are no events of the 16
PLOVER types at all. Written for this project from the PLOVER type definitions and the CAMEO
1.1b3 verb classes, not from evaluation records.

A dismissal (firing, sacking, axing, dismissing a coach, a minister, staff) is no event of the
16 types: PLOVER codes what one political actor does to another, and none of its types is a
personnel decision. COERCE is repression by force or law (arrest, seizure, restriction,
censorship, CAMEO 17); REJECT the refusal of a demand, a proposal or an offer (CAMEO 12):
the dismissed person asked for nothing, and nobody is forced or restrained. CAMEO has no code
for it either (its 083 is yielding to a demand for a change of leader, which the one who
resigns does: "resign" is CONCEDE 083 in the lexicon). So the lexicon codes no event, and
the learned decision is not asked about the clause.
"""

from __future__ import annotations

from dataclasses import dataclass

from storyline.events.lexicon import ABSTRACT_OBJECTS, MEETING_VERBS, Entry


@dataclass(frozen=True, slots=True)
class Sense:
    """One reading of a verb, chosen when its clause has one of these: a direct object whose
    head is in ``objects``, an oblique whose head is in ``obliques`` or whose preposition is in
    ``prepositions``, a person as the direct object (``person``: a name or a word of
    PERSONNEL), a doer whose head is in ``doers``; a sense naming none of them always holds.
    ``entry`` None: no event of the 16 PLOVER types."""

    entry: Entry | None
    objects: frozenset[str] = frozenset()
    obliques: frozenset[str] = frozenset()
    prepositions: frozenset[str] = frozenset()
    person: bool = False
    doers: frozenset[str] = frozenset()


# People holding a post or a job (heads of the object phrase): firing, sacking or dismissing
# them is a dismissal.
PERSONNEL: frozenset[str] = frozenset(
    {"coach", "manager", "minister", "secretary", "chief", "director", "executive", "ceo",
     "chairman", "chairwoman", "chair", "president", "official", "aide", "adviser", "advisor",
     "staff", "staffer", "employee", "worker", "officer", "commander", "general", "head",
     "spokesman", "spokeswoman", "spokesperson", "editor", "prosecutor", "judge", "governor",
     "ambassador", "envoy", "deputy", "assistant", "player", "teacher", "nurse", "doctor",
     "administrator", "superintendent", "principal", "treasurer", "inspector", "commissioner",
     "lieutenant", "captain", "colonel", "premier", "cabinet", "team", "crew", "workforce",
     "employees", "workers", "people", "man", "woman", "boss", "lawyer", "attorney",
     "consultant", "analyst", "producer", "host", "presenter", "anchor", "columnist",
     "reporter", "journalist", "guard", "pilot", "driver", "cfo", "coo", "cto"}
)
# Pronouns that stand for people ("he was fired last week"; the parse gives "him" as "he").
PERSON_PRONOUNS: frozenset[str] = frozenset(
    {"he", "she", "they", "i", "we", "you", "him", "her", "them", "me", "us", "who", "whom"}
)
# Words that open a sentence with a capital without naming anyone ("Most were dismissed").
NOT_NAMES: frozenset[str] = frozenset(
    {"most", "many", "some", "all", "both", "several", "few", "others", "those", "these",
     "one", "each", "none", "any", "half", "rest", "dozens", "hundreds", "thousands", "it",
     "this", "that", "which", "what", "there"}
)
# Projectiles and weapons fired: rockets, mortars and shells are heavy weapons (CAMEO 194).
# Not "round": a round is a bullet as often as a shell ("fired one round at the clerk").
HEAVY_WEAPONS: frozenset[str] = frozenset(
    {"rocket", "missile", "mortar", "shell", "artillery", "salvo", "barrage", "katyusha",
     "grad", "projectile", "howitzer"}
)
# What is fired to break up a crowd: violent repression (CAMEO 175), not an armed attack.
CROWD_CONTROL: frozenset[str] = frozenset({"gas", "teargas", "tear-gas", "spray", "canister"})
# Prepositions of what is fired at: "fired *on* protesters", "*at* the crowd", "*into* the city".
AIMED_AT: frozenset[str] = frozenset({"on", "at", "into", "upon", "toward", "towards"})
# What is filmed or photographed: "shot a film".
RECORDINGS: frozenset[str] = frozenset(
    {"film", "movie", "video", "footage", "scene", "documentary", "commercial", "episode",
     "photo", "photograph", "picture", "advert", "advertisement", "clip", "series", "pilot",
     "sequence", "portrait", "image", "scenes", "videos"}
)
# What is struck or reached as an agreement: "struck a deal".
AGREEMENTS: frozenset[str] = frozenset(
    {"deal", "agreement", "accord", "pact", "compromise", "bargain", "settlement",
     "arrangement", "understanding", "treaty", "alliance", "partnership", "contract"}
)
# What is struck without striking anyone: "struck a balance", "a conciliatory tone".
FIGURES: frozenset[str] = frozenset({"balance", "tone", "note", "chord", "pose", "match"})
# What is attacked in words: a plan, a policy, a remark (CAMEO 111, criticize or denounce).
# Not "position" nor "leadership": troops attack positions and a group's leaders.
STANCES: frozenset[str] = frozenset(
    {"plan", "policy", "proposal", "decision", "remark", "comment", "statement", "speech",
     "bill", "law", "budget", "reform", "record", "stance", "handling", "idea", "report",
     "ruling", "strategy", "approach", "claim", "view", "move", "measure", "program",
     "programme", "agenda", "legislation", "rhetoric", "performance", "response",
     "initiative", "verdict", "argument", "book", "article", "editorial", "decree"}
)
# What is won or beaten in a contest, and the contests: "beat a rival in the final".
CONTESTS: frozenset[str] = frozenset(
    {"final", "match", "game", "election", "race", "contest", "vote", "championship",
     "tournament", "semifinal", "semi-final", "quarterfinal", "quarter-final", "playoff",
     "series", "cup", "poll", "primary", "runoff", "round", "league", "derby", "ballot",
     "competition", "olympics", "bout", "shootout", "overtime", "penalty", "goal", "point",
     "margin", "seed"}
)
COMPETITORS: frozenset[str] = frozenset(
    {"opponent", "rival", "team", "side", "champion", "challenger", "incumbent", "favourite",
     "favorite", "record", "odds", "expectation", "forecast", "estimate", "club", "squad",
     "contender", "competitor", "field", "time", "deadline", "clock", "traffic", "heat",
     "rush", "drum"}
)
# Prizes and abstractions that are captured without fighting: "captured the title".
PRIZES: frozenset[str] = frozenset(
    {"title", "championship", "crown", "medal", "trophy", "cup", "imagination", "attention",
     "heart", "market", "share", "seat", "vote", "moment", "image", "essence", "spirit",
     "mood", "headline", "award", "prize", "victory", "lead", "gold", "silver", "bronze",
     "pole", "majority", "nomination", "interest", "footage", "data", "carbon", "emission"}
)
# Measures that are cut, hit or frozen as economic or management decisions, not as sanctions.
MEASURES: frozenset[str] = frozenset(
    {"rate", "tax", "price", "cost", "job", "spending", "budget", "salary", "wage", "emission",
     "workforce", "output", "production", "forecast", "estimate", "deficit", "fee", "fare",
     "payroll", "staff", "hour", "position", "post", "growth", "dividend", "pay", "benefit",
     "pension", "expense", "debt", "loss", "profit", "revenue", "sale", "stock", "share",
     "interest", "inflation", "unemployment", "subsidy", "tariff", "capacity", "headcount",
     "bonus", "branch", "store", "plant", "hiring", "recruitment", "ribbon"}
)
# Levels reached: "hit a record", "a new low", "the milestone".
LEVELS: frozenset[str] = frozenset(
    {"record", "high", "low", "peak", "level", "mark", "milestone", "bottom", "figure",
     "ceiling", "floor", "threshold", "wall", "jackpot", "headline", "note", "market", "shelf",
     "store", "screen", "road", "button", "brake", "snag", "hurdle", "stride"}
)
# Plans, orders and deals carried out: "executed the plan" (no execution of anyone).
UNDERTAKINGS: frozenset[str] = frozenset(
    {"plan", "order", "strategy", "warrant", "contract", "trade", "deal", "agreement",
     "program", "programme", "project", "manoeuvre", "maneuver", "search", "transaction",
     "policy", "will", "task", "mission", "move", "transfer", "command", "turn", "play",
     "pass", "kick", "shot", "swap", "merger", "sale", "purchase", "operation", "instruction",
     "decision", "directive", "option", "right", "duty", "budget", "reform"}
)
# Bills and proposals killed in a vote or a negotiation: a refusal (CAMEO 12).
PROPOSALS: frozenset[str] = frozenset(
    {"bill", "proposal", "plan", "measure", "amendment", "legislation", "motion", "deal",
     "project", "idea", "initiative", "reform", "law", "resolution", "nomination", "treaty",
     "agreement", "pact", "talk", "negotiation"}
)
# Ills fought without arms (a campaign, not a battle), and rulings fought in court (refused).
ILLS: frozenset[str] = frozenset(
    {"corruption", "poverty", "crime", "disease", "virus", "epidemic", "pandemic", "climate",
     "inflation", "unemployment", "hunger", "fire", "blaze", "wildfire", "drug", "cancer",
     "addiction", "illness", "infection", "flood", "pollution", "malaria", "aids", "ebola",
     "covid", "obesity", "discrimination", "racism", "fraud", "smuggling", "trafficking",
     "inequality", "tuberculosis", "polio", "cholera", "outbreak", "spread", "flame",
     "injury", "tear", "urge", "odds", "emotion", "sleep", "fatigue", "temptation"}
)
RULINGS: frozenset[str] = frozenset(
    {"charge", "ruling", "extradition", "deportation", "case", "lawsuit", "order", "decision",
     "ban", "verdict", "conviction", "sentence", "eviction", "allegation", "indictment",
     "subpoena", "fine", "penalty", "claim", "suit", "removal", "dismissal", "sacking",
     "result", "law", "bill", "measure", "plan", "proposal", "tax"}
)
# Posts and places held without force: "occupied the post".
POSTS: frozenset[str] = frozenset(
    {"position", "post", "role", "spot", "rank", "top", "chair", "throne", "portfolio",
     "presidency", "slot", "berth", "lead"}
)
# What a natural force does to people and places is no deed of an actor ("the earthquake
# *struck* the town, *killing* 40": no ASSAULT): the heads of such a doer's phrase.
NATURAL_FORCES: frozenset[str] = frozenset(
    {"earthquake", "quake", "tremor", "aftershock", "storm", "hurricane", "typhoon", "cyclone",
     "tornado", "flood", "flooding", "tsunami", "landslide", "mudslide", "avalanche",
     "eruption", "volcano", "lightning", "wildfire", "blaze", "fire", "drought", "heatwave",
     "heat", "cold", "snow", "snowstorm", "blizzard", "rain", "downpour", "wind", "gale",
     "disease", "virus", "outbreak", "epidemic", "pandemic", "illness", "cancer", "infection",
     "accident", "crash", "collision", "derailment"}
)
# ASSAULT and COERCE need someone who acts: a natural force's deed of these types is none.
ACTED_TYPES: frozenset[str] = frozenset({"ASSAULT", "COERCE"})

_DISMISSAL = Sense(None, person=True)

# Verb lemma (with its particle, as analyze writes it) -> its senses, read in order; the first
# that holds decides, and when none holds the verb's entry in VERBS does.
SENSES: dict[str, tuple[Sense, ...]] = {
    # Firing a person is a dismissal; firing shots, rockets or at someone an assault.
    "fire": (
        _DISMISSAL,
        Sense(("ASSAULT", "194", "heavy-weapons"), objects=HEAVY_WEAPONS),
        Sense(("COERCE", "175", "repress"), objects=CROWD_CONTROL),
        Sense(("ASSAULT", "190", "firearms"), prepositions=AIMED_AT),
    ),
    "sack": (_DISMISSAL,),
    "axe": (_DISMISSAL,),
    "ax": (_DISMISSAL,),
    "dismiss": (_DISMISSAL,),
    "lay off": (Sense(None),),
    "fire off": (Sense(None),),  # a letter, a question
    "shell out": (Sense(None),),  # money
    "shoot": (Sense(None, objects=RECORDINGS),),
    "strike": (
        Sense(("AGREE", "057", ""), objects=AGREEMENTS),
        Sense(None, objects=FIGURES),
    ),
    "attack": (
        Sense(("ACCUSE", "111", ""), objects=STANCES),
        # "attacked the government *for* its handling of ...": a reproach.
        Sense(("ACCUSE", "111", ""), prepositions=frozenset({"for"})),
    ),
    "beat": (
        Sense(("RETREAT", "0874", "withdraw"), objects=frozenset({"retreat"})),
        Sense(None, objects=COMPETITORS),
        Sense(None, obliques=CONTESTS),
    ),
    "kill": (Sense(("REJECT", "120", ""), objects=PROPOSALS),),
    "execute": (Sense(None, objects=UNDERTAKINGS),),
    "capture": (Sense(None, objects=PRIZES),),
    "cut": (Sense(None, objects=MEASURES),),
    "freeze": (Sense(None, objects=MEASURES),),
    "hit": (Sense(None, objects=LEVELS),),

    "fight": (
        Sense(None, objects=ILLS, obliques=ILLS),
        Sense(("REJECT", "120", ""), objects=RULINGS),
    ),
    "occupy": (Sense(None, objects=POSTS),),
    "storm": (Sense(None, obliques=PRIZES),),  # "stormed to victory"
    # Meeting a goal or a demand is living up to it, not meeting anyone (rules revision 6).
    **{verb: (Sense(None, objects=ABSTRACT_OBJECTS),) for verb in MEETING_VERBS},
}

# Obliques naming a span of time say nothing about a verb's sense ("attacked *for* hours").
TIME_WORDS: frozenset[str] = frozenset(
    {"time", "hour", "minute", "day", "week", "month", "year", "night", "while", "decade",
     "period", "morning", "afternoon", "evening", "weekend"}
)
