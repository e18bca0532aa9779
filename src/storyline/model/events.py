"""What the events stage makes: events with their mentions, actors, place and conflicts, and the
inputs each story was coded from.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

EventStatus = Literal["happened", "future", "hypothetical", "denied", "question"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Place:
    """A place name resolved against the gazetteer (GeoNames, offline). ``feature`` is "city",
    "state" or "country"; "unresolved" keeps a name that matched nothing as text only.
    Countries carry no coordinates (GeoNames' country table has none)."""

    text: str  # as written
    name: str  # the gazetteer's name
    country: str | None = None  # ISO-3166 alpha-3
    latitude: float | None = None
    longitude: float | None = None
    geonameid: int | None = None
    feature: str = "unresolved"


@dataclass(frozen=True, slots=True, kw_only=True)
class Actor:
    """Who acts or is acted on, as written, with the resolved entity, country and sector."""

    text: str
    start: int
    end: int
    name: str  # the resolved entity's canonical name, else the text
    entity_id: str | None = None
    country: str | None = None  # ISO-3166 alpha-3, "IGO" for the UN, NATO, the EU, ...
    sector: str | None = None  # GOV, MIL, REB, OPP, BUS, MED, CVL, COP, JUD, LEG, ...
    label: str = ""  # the named entity's label (PERSON, ORG, GPE, ...); "" for a phrase


@dataclass(frozen=True, slots=True, kw_only=True)
class EventMention:
    """One sentence's report of an event, coded in PLOVER and CAMEO, with its provenance."""

    mention_id: str
    article_id: str
    sentence: int
    start: int  # the sentence's span in the article's cleaned text
    end: int
    trigger_start: int  # the predicate's span
    trigger_end: int
    trigger: str  # its lemma ("meet", "call off")
    plover: str  # one of the 16 PLOVER types
    mode: str = ""  # PLOVER mode where the text says it ("visit", "strike", "arrest")
    cameo: str = ""  # CAMEO code (3-4 digits)
    quad_class: int = 0  # CAMEO quad class 1-4
    status: EventStatus = "happened"  # what is not asserted as having happened is kept, marked
    sources: tuple[Actor, ...] = ()
    targets: tuple[Actor, ...] = ()
    place: Place | None = None
    date: str | None = None  # ISO value resolved against the publication date; None: unknown
    method: str = "lexicon"  # "lexicon", "pattern" or "nearest" (the prototype decision)
    confidence: float = 1.0
    text: str = ""  # the sentence


@dataclass(frozen=True, slots=True, kw_only=True)
class EventConflict:
    """Two mentions of one event that disagree about one of its arguments."""

    kind: str  # "date", "place", "source", "target"
    mention_a: str
    mention_b: str
    reason: str  # quoting both values with the articles that give them


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """One real-world event of a story with every mention behind it: the record GDELT and
    POLECAT do not have (they keep one row per sentence, copies counted as sources)."""

    KEY: ClassVar[str] = "event_id"

    event_id: str
    story_id: str
    plover: str
    cameo: str
    quad_class: int
    status: EventStatus
    mode: str = ""
    source_name: str = ""
    source_country: str | None = None
    source_sector: str | None = None
    target_name: str = ""
    target_country: str | None = None
    target_sector: str | None = None
    place: Place | None = None
    date: str | None = None
    mentions: tuple[EventMention, ...] = ()
    article_ids: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    family_count: int = 0  # independent source families among the mentions' articles
    conflicts: tuple[EventConflict, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class EventInputs:
    """What a story's events were computed from, so the stage recomputes only changed stories:
    the events config fingerprint and "article_id:family_id:analysis model" per article."""

    KEY: ClassVar[str] = "story_id"

    story_id: str
    inputs: tuple[str, ...]
