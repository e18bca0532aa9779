"""What the stories stage makes and keeps: assignments, stories and their changes, and the engine's
state between runs (lead and sentence vectors, open-story sums, postings, term counts, the
revision window).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar, Literal


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryAssignment:
    """Which story an article joined, in arrival order, and how well it matched."""

    KEY: ClassVar[str] = "article_id"

    article_id: str
    story_id: str
    seq: int  # arrival position (publication order, ingest order where no date is known)
    score: float  # similarity to the story it joined; 0.0 when it started the story


@dataclass(frozen=True, slots=True, kw_only=True)
class RelatedStory:
    story_id: str
    reason: str  # "shared participants: Vladimir Putin, Shehbaz Sharif"


@dataclass(frozen=True, slots=True, kw_only=True)
class Story:
    KEY: ClassVar[str] = "story_id"

    story_id: str
    title: str
    article_ids: tuple[str, ...]
    start: datetime | None = None
    end: datetime | None = None
    place: str | None = None
    participants: tuple[str, ...] = ()
    related: tuple[RelatedStory, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class LeadVector:
    """An article's sentence vector of title + lead, kept so a later run embeds only new articles.

    ``vector`` is base64 of little-endian float32 values; ``model`` names the embedding model
    that produced it (a vector of another model is computed again, never mixed in).
    """

    KEY: ClassVar[str] = "article_id"

    article_id: str
    model: str
    vector: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SentenceVector:
    """One text's vector under one encoder, computed once and read back by every stage after.

    ``vector_id`` is ``content_id("sv", encoder, text)``: the same text under the same encoder
    is never encoded twice, and a vector of another encoder (another model, or the same model
    through another runtime) has another key, so the two never mix. ``vector`` is base64 of
    little-endian float32 values. The text itself is not kept (the analyses hold it).
    """

    KEY: ClassVar[str] = "vector_id"

    vector_id: str
    encoder: str
    vector: str


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryState:
    """The stories engine's running sums for one open story, kept between runs.

    A later run loads the states of the stories an arriving article can join (found through
    ``IndexPosting``), not every stored article: adding one article never reads the whole store.
    Weights are base64 little-endian float64 (float32 for the vector sum), parallel to their keys.
    """

    KEY: ClassVar[str] = "story_id"

    story_id: str
    founded_seq: int
    article_ids: tuple[str, ...] = ()  # in arrival order
    titles: tuple[str, ...] = ()  # the members' headlines, parallel to article_ids
    lex_keys: tuple[str, ...] = ()  # sum of the members' unit TF-IDF vectors
    lex_weights: str = ""
    ent_keys: tuple[str, ...] = ()  # sum of the members' unit entity vectors
    ent_weights: str = ""
    vector_sum: str = ""  # sum of the members' lead vectors
    event_dates: tuple[str, ...] = ()  # ISO dates of the members' events
    years: dict[str, int] = field(default_factory=dict)
    published: tuple[datetime, ...] = ()
    places: dict[str, int] = field(default_factory=dict)
    people: dict[str, int] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    index_keys: tuple[str, ...] = ()  # the keys it is posted under


@dataclass(frozen=True, slots=True, kw_only=True)
class IndexPosting:
    """The most recent stories posted under one index key (a distinctive term or an entity)."""

    KEY: ClassVar[str] = "term"

    term: str
    story_ids: tuple[str, ...]  # oldest first; at most the engine's postings_per_key


@dataclass(frozen=True, slots=True, kw_only=True)
class TermCount:
    """How many assigned articles carry a term or entity key: the stories engine's IDF."""

    KEY: ClassVar[str] = "term"

    term: str
    documents: int


@dataclass(frozen=True, slots=True, kw_only=True)
class WindowMember:
    """A recent article as the stories engine added it, kept while it is inside the revision
    window (the last ``revise_window`` arrivals), so a revision re-decides its story without
    reading its analysis again. Weights are base64 little-endian float64, parallel to the keys;
    ``vector`` is its lead vector (base64 little-endian float32) as it was scored."""

    KEY: ClassVar[str] = "article_id"

    article_id: str
    seq: int
    title: str
    published: datetime | None = None
    event_date: str | None = None  # ISO date
    years: tuple[int, ...] = ()
    lex_keys: tuple[str, ...] = ()  # its unit TF-IDF vector as it was added
    lex_weights: str = ""
    ent_keys: tuple[str, ...] = ()
    ent_weights: str = ""
    index_keys: tuple[str, ...] = ()
    names: dict[str, str] = field(default_factory=dict)
    people: tuple[str, ...] = ()
    place: str | None = None
    lead_copies: tuple[str, ...] = ()
    lead_people: tuple[str, ...] = ()  # surnames named in the lead, as word forms
    lead_venues: tuple[str, ...] = ()  # where the lead puts the event, word forms by spaces
    vector: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryChange:
    """A merge or split of stories, recorded so that no change is silent.

    A story ID in ``story_ids`` but not in ``result_ids`` is gone; ``result_ids[0]`` is its
    successor (the story most of its articles went to)."""

    KEY: ClassVar[str] = "change_id"

    change_id: str
    kind: Literal["merge", "split"]
    story_ids: tuple[str, ...]  # stories before the change
    result_ids: tuple[str, ...]  # stories after it, the one taking most articles first
    reason: str = ""
