"""The type decisions a clause can get before the learned one: the lexicon's and the prototypes'.

The lexicon (events/lexicon.py) codes the clear cases from the clause's predicate, or its
predicate and object ("hold talks", "impose sanctions"); the prototypes are each type's example
sentences (events/examples.py) as MiniLM vectors, whose nearest scores gate a sentence the
lexicon leaves (does it report an event at all) and, without the learned weights, type it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from storyline.events.examples import PROTOTYPES
from storyline.events.lexicon import (
    EVENT_NOUNS,
    FOUNDING_VERBS,
    JOINT_WORDS,
    LEMMA_FIXES,
    LIGHT_EVENT_VERBS,
    NOMINAL_ENDINGS,
    NOT_DEEDS,
    OCCURRENCE_VERBS,
    PARTICLES,
    REPORTING,
    TRAVEL_VERBS,
    UNDERTAKING_NOUNS,
    VERBS,
    Entry,
)
from storyline.events.ontology import PLOVER_TYPES, PloverType
from storyline.events.senses import (
    ACTED_TYPES,
    AIMED_AT,
    HEAVY_WEAPONS,
    NATURAL_FORCES,
    NOT_NAMES,
    PERSON_PRONOUNS,
    PERSONNEL,
    SENSES,
    TIME_WORDS,
    Sense,
)
from storyline.events.verb_objects import VERB_OBJECTS, VERB_PREPOSITIONS
from storyline.model import Argument, Clause

Embed = Callable[[Sequence[str]], npt.NDArray[np.float32]]

_MODIFIER_RELATIONS = frozenset({"amod", "compound"})


@dataclass(frozen=True, slots=True)
class Decision:
    plover: PloverType
    cameo: str
    mode: str
    method: str  # "lexicon", "pattern", "intent", "learned", "nearest"
    confidence: float


def _particle(predicate: str, end: int, text: str) -> str:
    """The particle written right after a predicate (ending at ``end``) that the parse did not
    join to it ("pulled *out* of the town" read as a preposition), when verb and particle are
    an entry of the lexicon."""
    if not text or " " in predicate:
        return ""
    following = text[end : end + 12].split()
    word = following[0].lower().strip(",.;:") if following else ""
    if word in PARTICLES and f"{predicate} {word}" in VERBS:
        return word
    return ""


def event_noun(noun: str) -> Entry | None:
    """The entry of a noun naming a deed: EVENT_NOUNS, else the verb it is or is made from when
    that verb is in the lexicon (rules revision 9: "completed the *deployment*" is the verb
    "deploy", "began a round of *discussions*" the verb "discuss")."""
    entry = EVENT_NOUNS.get(noun) or VERBS.get(noun)  # "carried out arrests"
    if entry is not None or noun in NOT_DEEDS:
        return entry
    for ending, stems in NOMINAL_ENDINGS:
        if noun.endswith(ending) and len(noun) > len(ending) + 2:
            for stem in stems:
                entry = VERBS.get(noun[: -len(ending)] + stem)
                if entry is not None:
                    return entry
            return None
    return None


def _mended(clause: Clause, text: str) -> Clause:
    """The clause with its lemma mended and a particle the parse left out read with its verb."""
    predicate = LEMMA_FIXES.get(clause.predicate, clause.predicate)
    written = _particle(predicate, clause.end, text)
    if written:
        predicate = f"{predicate} {written}"
    return clause if predicate == clause.predicate else replace(clause, predicate=predicate)


def _names_person(argument: Argument, text: str) -> bool:
    """Whether a direct object names a person: a post or a job ("its head coach", "three
    ministers"), a pronoun ("he was fired") or a name ("Jim O'Brien": its head word written
    with a capital, which "Most were dismissed" is only for opening the sentence)."""
    if argument.head in PERSONNEL or argument.head in PERSON_PRONOUNS:
        return True
    if not text or argument.head in HEAVY_WEAPONS or argument.head in NOT_NAMES:
        return False
    words = (w.strip(".,;:'\"") for w in text[argument.start : argument.end].split())
    return any(w.lower() == argument.head and w[:1].isupper() for w in words)


def _aimed(clause: Clause, text: str) -> bool:
    """A verb of aiming: its preposition joined to it, or left behind by a passive ("an officer
    was fired *on*"): the subject is who was aimed at, not who was dismissed."""
    if any(word in AIMED_AT for word in clause.predicate.split()[1:]):
        return True  # the parse joined it to the verb: "fire on"
    following = text[clause.end : clause.end + 8].split() if clause.passive else []
    word = following[0].lower().strip(",.;:") if following else ""
    # Left behind, it has no object of its own ("fired *at* the end of the season" has one).
    return word in AIMED_AT and not any(
        a.preposition == word for a in clause.arguments if a.role == "oblique"
    )


def _holds(sense: Sense, clause: Clause, text: str) -> bool:
    patients = [a for a in clause.arguments if a.role == "patient"]
    if _aimed(clause, text):
        return sense.entry is not None and bool(sense.prepositions & AIMED_AT)
    obliques = [a for a in clause.arguments if a.role == "oblique" and a.head not in TIME_WORDS]
    agents = [a.head for a in clause.arguments if a.role == "agent"]
    conditional = sense.objects or sense.obliques or sense.prepositions or sense.doers
    if not conditional and not sense.person:
        return True
    return (
        any(a.head in sense.objects for a in patients)
        or any(a.head in sense.obliques for a in obliques)
        or any(a.preposition in sense.prepositions for a in obliques)
        or any(head in sense.doers for head in agents)
        or (sense.person and any(_names_person(a, text) for a in patients))
    )


def sense_of(clause: Clause, text: str = "") -> Sense | None:
    """The reading of a verb whose object, preposition or doer decides its deed
    (events/senses.py, rules revision 10): the first of its senses that holds, else None (the
    verb's entry in VERBS decides). "Fired its coach" is a dismissal (no event), "fired
    rockets" heavy weapons, "struck a deal" AGREE."""
    clause = _mended(clause, text)
    verb = clause.predicate.split()[0]
    senses = SENSES.get(clause.predicate) or (
        SENSES.get(verb, ()) if clause.predicate not in VERBS else ()
    )
    return next((s for s in senses if _holds(s, clause, text)), None)


def no_event(clause: Clause, text: str = "") -> bool:
    """Whether the lexicon says a clause reports no event of the 16 types (a dismissal, a film
    shot, a rival beaten, a goal met, a natural force's deed), so that no learned decision is
    asked about it either."""
    sense = sense_of(clause, text)
    if sense is not None:
        return sense.entry is None
    entry = VERBS.get(_mended(clause, text).predicate) or VERBS.get(clause.predicate.split()[0])
    return entry is not None and _natural(clause, entry)


def _natural(clause: Clause, entry: Entry) -> bool:
    """A deed of force whose doer is a natural force ("the storm *destroyed* 300 homes", "the
    quake *struck* the town, *killing* 40"): ASSAULT and COERCE need someone who acts."""
    return entry[0] in ACTED_TYPES and any(
        a.head in NATURAL_FORCES for a in clause.arguments if a.role == "agent"
    )


def lexicon_decision(clause: Clause, text: str = "") -> Decision | None:
    """The lexicon's type for a clause: a verb-object pattern first, then the verb in the sense
    its object decides (events/senses.py), then the verb alone. ``text`` (the article's) lets a
    particle the parse left out be read with its verb, and a name be told by its capital."""
    clause = _mended(clause, text)
    if clause.relation in _MODIFIER_RELATIONS:
        return None  # "pressing issues", "a wounded man": a verb form used as an adjective
    heads = [a.head for a in clause.arguments if a.role == "patient"]
    heads += [a.head for a in clause.arguments if a.role == "oblique"]
    if clause.relation == "acl" and clause.link:
        heads.append(clause.link)  # "a meeting held in Beijing": the noun it modifies
    verb = clause.predicate.split()[0]
    entry: Entry | None
    for head in heads:
        entry = VERB_OBJECTS.get((verb, head))
        if entry is not None:
            # Also for a verb that otherwise only reports: "*declared* a ceasefire" (rules
            # revision 11; until then the reporting verb hid its pattern).
            return Decision(entry[0], entry[1], entry[2], "pattern", 1.0)
    if clause.predicate in REPORTING:
        return None
    light = verb in LIGHT_EVENT_VERBS or clause.predicate in LIGHT_EVENT_VERBS
    if light:
        for argument in clause.arguments:
            entry = _undertaking(argument, text) if argument.role != "agent" else None
            if entry is not None:
                return Decision(entry[0], entry[1], entry[2], "pattern", 1.0)
        for head in heads:
            entry = event_noun(head)
            if entry is not None:
                return Decision(entry[0], entry[1], entry[2], "pattern", 1.0)
    found = _occasion(clause, verb, text, light)
    if found is not None:
        return found
    for argument in clause.arguments:
        entry = VERB_PREPOSITIONS.get((verb, argument.preposition))
        if argument.role == "oblique" and entry is not None:
            return Decision(entry[0], entry[1], entry[2], "pattern", 1.0)
    particle = clause.predicate.split()[1:]
    if particle:
        entry = VERB_PREPOSITIONS.get((verb, particle[0]))
        if entry is not None:
            return Decision(entry[0], entry[1], entry[2], "pattern", 1.0)
    # The sense the object decides ("fired its coach": no event; "struck a deal": AGREE), else
    # the verb's own entry.
    sense = sense_of(clause, text)
    entry = sense.entry if sense is not None else VERBS.get(clause.predicate) or VERBS.get(verb)
    if entry is None or _natural(clause, entry):
        return None
    return Decision(entry[0], entry[1], entry[2], "lexicon", 1.0)


def _undertaking(argument: Argument, text: str) -> Entry | None:
    """The deed an undertaking's noun is about, written just before it: "a *mediation*
    effort", "a *bombing* campaign", "a *rescue* operation" (UNDERTAKING_NOUNS)."""
    if argument.head not in UNDERTAKING_NOUNS or not text:
        return None
    words = [w.strip(".,;:'\"()").lower() for w in text[argument.start : argument.end].split()]
    at = next((i for i, w in enumerate(words) if w.startswith(argument.head)), -1)
    for word in reversed(words[max(0, at - 3) : max(0, at)]):
        entry = event_noun(word) or event_noun(word.removesuffix("s"))
        if entry is not None:
            return entry
    return None


def _occasion(clause: Clause, verb: str, text: str, light: bool) -> Decision | None:
    """A deed named by a noun around a verb that only carries it (rules revision 11, from the
    CAMEO verb classes): a journey for talks or on a visit ("flew to Beijing *for talks*") is
    the consultation, a noun of a deed as the subject of a verb of happening ("*talks* opened",
    "*protests* erupted") is the deed, and a joint undertaking ("launched a *joint* fund",
    "formed a *joint* venture") whose noun names no deed is cooperation (CAMEO 06)."""
    obliques = [a for a in clause.arguments if a.role == "oblique"]
    if verb in TRAVEL_VERBS or clause.predicate in TRAVEL_VERBS:
        for argument in obliques:
            entry = event_noun(argument.head)
            if entry is not None and entry[0] == "CONSULT":
                return Decision(entry[0], entry[1], entry[2], "pattern", 1.0)
    patients = [a for a in clause.arguments if a.role == "patient"]
    if clause.predicate in OCCURRENCE_VERBS or verb in OCCURRENCE_VERBS:
        # The passive's subject is read as its patient ("talks were resumed").
        subjects = [a for a in clause.arguments if a.role == "agent"]
        if clause.passive or patients:
            subjects = patients if clause.passive else []
        for argument in subjects:
            entry = event_noun(argument.head)
            if entry is not None:
                return Decision(entry[0], entry[1], entry[2], "pattern", 1.0)
    if text and (light or verb in FOUNDING_VERBS or clause.predicate in FOUNDING_VERBS):
        for argument in patients:
            written = text[argument.start : argument.end].lower().split()
            joint = JOINT_WORDS.intersection(w.strip(".,;:'\"") for w in written)
            if joint and event_noun(argument.head) is None:
                return Decision("COOPERATE", "060", "", "pattern", 1.0)
    return None


class Prototypes:
    """The nearest-example decision: each type's prototype sentences as MiniLM vectors."""

    def __init__(self, embed: Embed) -> None:
        self.embed = embed
        self.kinds: list[PloverType] = []
        texts: list[str] = []
        for kind in PLOVER_TYPES:
            for sentence in PROTOTYPES[kind]:
                self.kinds.append(kind)
                texts.append(sentence)
        self.vectors = embed(texts)

    def scores(self, vectors: npt.NDArray[np.float32]) -> npt.NDArray[np.float64]:
        """Per sentence (rows) and type (columns, PLOVER_TYPES order): the mean cosine of the
        type's two nearest prototypes."""
        sims = vectors @ self.vectors.T
        out = np.zeros((len(vectors), len(PLOVER_TYPES)))
        kinds = np.array([PLOVER_TYPES.index(k) for k in self.kinds])
        for j in range(len(PLOVER_TYPES)):
            block = np.sort(sims[:, kinds == j], axis=1)[:, -2:]
            out[:, j] = block.mean(axis=1)
        return out
