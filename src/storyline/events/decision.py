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
    ABSTRACT_OBJECTS,
    EVENT_NOUNS,
    LEMMA_FIXES,
    LIGHT_EVENT_VERBS,
    MEETING_VERBS,
    NOMINAL_ENDINGS,
    NOT_DEEDS,
    PARTICLES,
    REPORTING,
    VERB_OBJECTS,
    VERB_PREPOSITIONS,
    VERBS,
    Entry,
)
from storyline.events.ontology import PLOVER_TYPES, PloverType
from storyline.model import Clause

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


def lexicon_decision(clause: Clause, text: str = "") -> Decision | None:
    """The lexicon's type for a clause: a verb-object pattern first, then the verb alone.
    ``text`` (the article's) lets a particle the parse left out be read with its verb."""
    predicate = LEMMA_FIXES.get(clause.predicate, clause.predicate)
    written = _particle(predicate, clause.end, text)
    if written:
        predicate = f"{predicate} {written}"
    if predicate != clause.predicate:
        clause = replace(clause, predicate=predicate)
    if clause.predicate in REPORTING:
        return None
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
            return Decision(entry[0], entry[1], entry[2], "pattern", 1.0)
    if verb in LIGHT_EVENT_VERBS or clause.predicate in LIGHT_EVENT_VERBS:
        for head in heads:
            entry = event_noun(head)
            if entry is not None:
                return Decision(entry[0], entry[1], entry[2], "pattern", 1.0)
    for argument in clause.arguments:
        entry = VERB_PREPOSITIONS.get((verb, argument.preposition))
        if argument.role == "oblique" and entry is not None:
            return Decision(entry[0], entry[1], entry[2], "pattern", 1.0)
    particle = clause.predicate.split()[1:]
    if particle:
        entry = VERB_PREPOSITIONS.get((verb, particle[0]))
        if entry is not None:
            return Decision(entry[0], entry[1], entry[2], "pattern", 1.0)
    if (clause.predicate in MEETING_VERBS or verb in MEETING_VERBS) and any(
        a.head in ABSTRACT_OBJECTS for a in clause.arguments if a.role == "patient"
    ):
        return None  # "meeting its challenges": a goal met, nobody met
    entry = VERBS.get(clause.predicate) or VERBS.get(verb)
    if entry is None:
        return None
    return Decision(entry[0], entry[1], entry[2], "lexicon", 1.0)



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
