"""The stories engine's state between runs: open stories' running sums, the index, the IDF,
and the recent articles of the revision window as they were added.

A run over a store that already has stories loads only what its new articles need: the document
counts of their terms, the postings of their index keys, the states of the stories those postings
name, and at the end the lead vectors of the stories it changed (to pick their headlines). It
never reads the earlier articles or their analyses, so adding a few articles to a large store
costs about the same as adding them to a small one (``benchmarks/stories_rerun.py``).

Sums are kept as they were built: an earlier member's TF-IDF weights keep the IDF of the run
that added it, as in any online clusterer; a run from scratch over the same articles computes
every weight with the final IDF and can differ slightly.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

import numpy as np
import numpy.typing as npt

from storyline.embed import lead_encoder
from storyline.model import IndexPosting, LeadVector, StoryState, TermCount, WindowMember
from storyline.store import Store
from storyline.store.codec import decode_array, encode_array

Vector = npt.NDArray[np.float32]


def median_date(dates: Sequence[date]) -> date:
    ordered = sorted(dates)
    return ordered[(len(ordered) - 1) // 2]


@dataclass(slots=True)
class OpenStory:
    """One story as the engine holds it while articles arrive: the sums its scores read."""

    story_id: str
    founded_seq: int
    article_ids: list[str] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)
    lex: dict[str, float] = field(default_factory=dict)  # sum of member unit TF-IDF vectors
    lex_norm: float = 0.0
    ent: dict[str, float] = field(default_factory=dict)
    ent_norm: float = 0.0
    vector_sum: Vector | None = None
    vectors: dict[str, Vector] = field(default_factory=dict)  # members' (loaded on demand)
    dates: list[date] = field(default_factory=list)
    years: Counter[int] = field(default_factory=Counter)  # year -> members naming it
    published: list[datetime] = field(default_factory=list)
    places: Counter[str] = field(default_factory=Counter)
    people: Counter[str] = field(default_factory=Counter)
    names: dict[str, str] = field(default_factory=dict)
    keys: set[str] = field(default_factory=set)  # index keys it is posted under
    day: date | None = None  # median event date, kept current as members join

    def event_day(self) -> date | None:
        return self.day

    def dates_changed(self) -> None:
        self.day = median_date(self.dates) if self.dates else None

    def main_place(self) -> str | None:
        return max(sorted(self.places), key=lambda k: self.places[k]) if self.places else None


def state_record(story: OpenStory) -> StoryState:
    lex_keys = sorted(story.lex)
    ent_keys = sorted(story.ent)
    return StoryState(
        story_id=story.story_id,
        founded_seq=story.founded_seq,
        article_ids=tuple(story.article_ids),
        titles=tuple(story.titles[a] for a in story.article_ids),
        lex_keys=tuple(lex_keys),
        lex_weights=encode_array(np.array([story.lex[k] for k in lex_keys]), "<f8"),
        ent_keys=tuple(ent_keys),
        ent_weights=encode_array(np.array([story.ent[k] for k in ent_keys]), "<f8"),
        vector_sum=(
            "" if story.vector_sum is None else encode_array(story.vector_sum, "<f4")
        ),
        event_dates=tuple(d.isoformat() for d in story.dates),
        years={str(y): n for y, n in sorted(story.years.items())},
        published=tuple(story.published),
        places=dict(sorted(story.places.items())),
        people=dict(sorted(story.people.items())),
        names=dict(sorted(story.names.items())),
        index_keys=tuple(sorted(story.keys)),
    )


def open_story(record: StoryState) -> OpenStory:
    lex = dict(zip(record.lex_keys, decode_array(record.lex_weights, "<f8").tolist(), strict=True))
    ent = dict(zip(record.ent_keys, decode_array(record.ent_weights, "<f8").tolist(), strict=True))
    story = OpenStory(
        story_id=record.story_id,
        founded_seq=record.founded_seq,
        article_ids=list(record.article_ids),
        titles=dict(zip(record.article_ids, record.titles, strict=True)),
        lex=lex,
        lex_norm=float(np.sqrt(sum(v * v for v in lex.values()))),
        ent=ent,
        ent_norm=float(np.sqrt(sum(v * v for v in ent.values()))),
        vector_sum=decode_array(record.vector_sum, "<f4") if record.vector_sum else None,
        dates=[date.fromisoformat(d) for d in record.event_dates],
        years=Counter({int(y): n for y, n in record.years.items()}),
        published=list(record.published),
        places=Counter(record.places),
        people=Counter(record.people),
        names=dict(record.names),
        keys=set(record.index_keys),
    )
    story.dates_changed()
    return story


@dataclass(frozen=True, slots=True, kw_only=True)
class Member:
    """One article as the engine added it to a story: what its story's sums hold of it.

    Kept for the last ``revise_window`` arrivals, so a revision can take an article out of one
    story and put it into another exactly as it was added (its TF-IDF with the IDF of then)."""

    article_id: str
    seq: int
    title: str
    published: datetime | None
    event_date: date | None
    years: frozenset[int]
    lex: dict[str, float]  # unit TF-IDF vector
    ent: dict[str, float]  # unit entity vector
    keys: tuple[str, ...]  # index keys
    names: dict[str, str]
    people: frozenset[str]
    place: str | None
    lead_copies: frozenset[str]
    vector: Vector
    lead_people: frozenset[str] = frozenset()
    lead_venues: frozenset[tuple[str, ...]] = frozenset()


def member_record(m: Member) -> WindowMember:
    lex_keys, ent_keys = sorted(m.lex), sorted(m.ent)
    return WindowMember(
        article_id=m.article_id,
        seq=m.seq,
        title=m.title,
        published=m.published,
        event_date=m.event_date.isoformat() if m.event_date else None,
        years=tuple(sorted(m.years)),
        lex_keys=tuple(lex_keys),
        lex_weights=encode_array(np.array([m.lex[k] for k in lex_keys]), "<f8"),
        ent_keys=tuple(ent_keys),
        ent_weights=encode_array(np.array([m.ent[k] for k in ent_keys]), "<f8"),
        index_keys=m.keys,
        names=dict(sorted(m.names.items())),
        people=tuple(sorted(m.people)),
        place=m.place,
        lead_copies=tuple(sorted(m.lead_copies)),
        lead_people=tuple(sorted(m.lead_people)),
        lead_venues=tuple(" ".join(v) for v in sorted(m.lead_venues)),
        vector=encode_array(m.vector, "<f4"),
    )


def open_member(record: WindowMember) -> Member:
    def weights(keys: tuple[str, ...], encoded: str) -> dict[str, float]:
        if not keys:
            return {}
        return dict(zip(keys, decode_array(encoded, "<f8").tolist(), strict=True))

    return Member(
        article_id=record.article_id,
        seq=record.seq,
        title=record.title,
        published=record.published,
        event_date=date.fromisoformat(record.event_date) if record.event_date else None,
        years=frozenset(record.years),
        lex=weights(record.lex_keys, record.lex_weights),
        ent=weights(record.ent_keys, record.ent_weights),
        keys=record.index_keys,
        names=dict(record.names),
        people=frozenset(record.people),
        place=record.place,
        lead_copies=frozenset(record.lead_copies),
        vector=decode_array(record.vector, "<f4"),
        lead_people=frozenset(record.lead_people),
        lead_venues=frozenset(tuple(v.split()) for v in record.lead_venues),
    )


class StoredState:
    """An engine's :class:`~storyline.stories.StateSource` reading from a store."""

    def __init__(self, store: Store, model: str | None = None) -> None:
        self.store = store
        self.model = model or lead_encoder()  # the encoder whose lead vectors are read

    def stories(self, story_ids: Sequence[str]) -> dict[str, OpenStory]:
        return {r.story_id: open_story(r) for r in self.store.get_many(StoryState, story_ids)}

    def postings(self, keys: Sequence[str]) -> dict[str, list[str]]:
        return {p.term: list(p.story_ids) for p in self.store.get_many(IndexPosting, keys)}

    def document_counts(self, keys: Sequence[str]) -> dict[str, int]:
        return {c.term: c.documents for c in self.store.get_many(TermCount, keys)}

    def vectors(self, article_ids: Sequence[str]) -> dict[str, Vector]:
        return {
            v.article_id: decode_array(v.vector, "<f4")
            for v in self.store.get_many(LeadVector, article_ids)
            if v.model == self.model
        }

    def members(self, article_ids: Sequence[str]) -> dict[str, Member]:
        """The window members among ``article_ids``."""
        records = self.store.get_many(WindowMember, article_ids)
        return {r.article_id: open_member(r) for r in records}


class ChangedState(Protocol):
    """What an engine (``stories.StoryEngine``) changed in a run, to be written back."""

    stories: dict[str, OpenStory]
    touched: set[str]
    postings: dict[str, list[str]]
    dirty_postings: set[str]
    df: Counter[str]
    dirty_terms: set[str]
    members_added: dict[str, Member]  # window members added in this run

    @property
    def members_left(self) -> set[str]: ...  # articles that left the window in this run


def save_state(
    store: Store, engine: ChangedState, postings_per_key: int, gone: Sequence[str]
) -> None:
    """Write back what the run changed: touched stories, dirty postings and counts; drop the
    states of stories merged away. Call inside the run's transaction."""
    open_ids = [s for s in sorted(engine.touched) if s in engine.stories]
    store.put(state_record(engine.stories[s]) for s in open_ids)
    store.delete(StoryState, list(gone))
    # Lookups read only the most recent postings_per_key stories under a key: keep just those.
    store.put(
        IndexPosting(term=k, story_ids=tuple(engine.postings[k][-postings_per_key:]))
        for k in sorted(engine.dirty_postings)
    )
    store.put(TermCount(term=k, documents=engine.df[k]) for k in sorted(engine.dirty_terms))
    left = engine.members_left
    store.put(member_record(m) for a, m in engine.members_added.items() if a not in left)
    store.delete(WindowMember, sorted(left))
