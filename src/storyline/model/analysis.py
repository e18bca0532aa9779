"""What the analyze stage makes: one analysis per article (sentences, mentions, quotes, time
expressions, quantities, clauses) and the entities resolved across the corpus.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal


@dataclass(frozen=True, slots=True, kw_only=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Mention:
    """A named-entity mention, cleaned of the model's slips, with the entity it resolves to."""

    start: int
    end: int
    text: str
    label: str  # spaCy label: PERSON, ORG, GPE, LOC, NORP, FAC, DATE, ...
    sentence: int
    entity_id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Quote:
    """Who said what. The speaker is kept both as written at the cue and as the resolved entity."""

    quote_id: str
    sentence: int
    kind: Literal["direct", "indirect", "mixed"]
    content_start: int
    content_end: int
    content: str
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    speaker_text: str | None = None  # "he", "the premier", "Putin": the words at the cue
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_entity_id: str | None = None  # None when the speaker cannot be resolved
    speaker_name: str | None = None  # the resolved entity's canonical name
    # Others who made the remark with the speaker, by name, in the order written: "Ms. Pelosi
    # and Mr. Schumer said in a joint statement" is Pelosi's with ("Chuck Schumer",).
    co_speakers: tuple[str, ...] = ()


def speakers_shown(name: str | None, co_speakers: Sequence[str]) -> str | None:
    """A speaker as shown with those who made the remark with them: "Nancy Pelosi and Chuck
    Schumer" (None when no speaker is known)."""
    if name is None or not co_speakers:
        return name
    *others, last = [name, *co_speakers]
    return f"{', '.join(others)} and {last}"


@dataclass(frozen=True, slots=True, kw_only=True)
class TimeExpression:
    start: int
    end: int
    text: str
    kind: Literal["DATE", "TIME", "DURATION", "SET"]
    sentence: int
    value: str | None = None  # ISO value resolved against the publication date; None if unknown


@dataclass(frozen=True, slots=True, kw_only=True)
class Quantity:
    """A number as written, the interval of values it allows, and what it counts."""

    start: int
    end: int
    text: str  # "nearly 300", "$716 billion", "four"
    low: float  # "nearly 300" allows 270-300, a round "300" 285-315, "297" just 297
    high: float  # inf for "more than ..."
    unit: str = ""  # "%", "USD", a measure ("mile"), or "" for a count
    counted: str = ""  # lemma of what it counts ("people", "officer"), "" when the parse says none


@dataclass(frozen=True, slots=True, kw_only=True)
class Argument:
    """One argument of a clause as a phrase of the text: who acts, who undergoes it, and the
    prepositional phrases hung on the verb or its object ("sanctions on Iran", "aid to Gaza").
    The events stage reads actors and places from these spans (names, nationalities, titles)."""

    role: Literal["agent", "patient", "oblique"]
    start: int  # the phrase, without relative clauses and appositions hung on it
    end: int
    head: str  # lemma of the phrase's head word
    preposition: str = ""  # obliques: "to", "against", "with", "on", "from", ...


@dataclass(frozen=True, slots=True, kw_only=True)
class Clause:
    """One predicate of a sentence, who it involves and the values attached to it, read off the
    parse: what tells two statements of one fact from two facts, and a contradiction from two
    different things ("four people struck" and "six people injured" count different things)."""

    sentence: int
    start: int  # the predicate word
    end: int
    predicate: str  # lemma, with its particle ("call off")
    negated: bool = False
    modal: str = ""  # "will", "would", "if", "plan", "?": not asserted as having happened
    agents: tuple[str, ...] = ()  # who does it: name keys (surnames for people) or noun lemmas
    patients: tuple[str, ...] = ()  # whom or what it is done to
    quantities: tuple[Quantity, ...] = ()
    dates: tuple[str, ...] = ()  # resolved ISO values of the time expressions attached to it
    places: tuple[str, ...] = ()  # where it happens ("in Beijing"), as name keys
    # How the clause hangs in its sentence (analysis a3): the dependency label of the predicate
    # ("ROOT", "xcomp" for "agreed to *meet*", "ccomp" for "said it *will withdraw*", "conj",
    # "advcl", ...) and the start of the predicate it hangs on (None at the root), so a
    # commitment, a threat or a demand can be read with what it commits to.
    relation: str = ""
    governor: int | None = None
    link: str = ""  # the head word between them when it is no verb: "ready", "plan", "call"
    passive: bool = False
    arguments: tuple[Argument, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Referent:
    """Whom a pronoun that is a sentence's subject stands for ("He settled into a corner
    booth": Mike Huckabee), as the analysis resolved it, so a sentence read apart from its
    article can name them."""

    sentence: int
    start: int
    end: int
    text: str  # the pronoun as written: "He", "she"
    name: str  # the person or organisation it stands for


@dataclass(frozen=True, slots=True, kw_only=True)
class Analysis:
    """Everything the language analysis found in one article."""

    KEY: ClassVar[str] = "article_id"

    article_id: str
    model: str  # e.g. "en_core_web_sm-3.8.0+a2": the spaCy model and the analysis version
    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[Mention, ...] = ()
    quotes: tuple[Quote, ...] = ()
    times: tuple[TimeExpression, ...] = ()
    clauses: tuple[Clause, ...] = ()
    referents: tuple[Referent, ...] = ()
    # The parts of the analysis that failed on this article and why ("quotes: IndexError: ..."),
    # left empty so the rest is kept: an error of one rule on one strange article must not end
    # the run (the stage records it as a Rejection too). None when every part was made.
    failure: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Entity:
    """One person, organization or place across the corpus, with every alias seen for it."""

    KEY: ClassVar[str] = "entity_id"

    entity_id: str
    kind: str  # PERSON, ORG, GPE, ...
    name: str  # canonical (most complete) name
    aliases: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()  # "President", "Prime Minister"
    nationality: str | None = None  # "Russia" for "Russian President"
    role: str | None = None  # "head of state", "head of government", ...
