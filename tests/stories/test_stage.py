"""The stories stage as records in, records out: run over state held in plain dicts (what
another engine would hold), it makes the same records as the local engine over SQLite.

The articles are the hand-built quake reports of ``test_revision.py`` (written for these tests).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from pathlib import Path

from storyline.engines.local_stories import add_and_store, resume_engine
from storyline.model import (
    IndexPosting,
    Story,
    StoryAssignment,
    StoryChange,
    StoryState,
    TermCount,
    WindowMember,
)
from storyline.store import open_store
from storyline.store.codec import to_json
from storyline.stories import ArticleFeatures, add_batch, resumed_engine, story_writes
from storyline.stories.stage import StoryWrites
from storyline.stories.state import Member, OpenStory, Vector, open_member, open_story
from tests.stories.test_revision import CFG, _two_quakes


class MemoryState:
    """Every record the stage keeps, in dicts: the engine's ``StateSource`` and the target of
    the writes the pure stage returns."""

    def __init__(self) -> None:
        self.assignments: dict[str, StoryAssignment] = {}
        self.stories_: dict[str, Story] = {}
        self.changes: dict[str, StoryChange] = {}
        self.states: dict[str, StoryState] = {}
        self.postings_: dict[str, IndexPosting] = {}
        self.counts: dict[str, TermCount] = {}
        self.members_: dict[str, WindowMember] = {}

    def stories(self, story_ids: Sequence[str]) -> dict[str, OpenStory]:
        return {s: open_story(self.states[s]) for s in story_ids if s in self.states}

    def postings(self, keys: Sequence[str]) -> dict[str, list[str]]:
        return {k: list(self.postings_[k].story_ids) for k in keys if k in self.postings_}

    def document_counts(self, keys: Sequence[str]) -> dict[str, int]:
        return {k: self.counts[k].documents for k in keys if k in self.counts}

    def vectors(self, article_ids: Sequence[str]) -> dict[str, Vector]:
        return {}  # lead vectors are kept by the stage's reads, not its writes (as in a store)

    def members(self, article_ids: Sequence[str]) -> dict[str, Member]:
        return {a: open_member(self.members_[a]) for a in article_ids if a in self.members_}

    def apply(self, writes: StoryWrites) -> None:
        self.assignments.update((a.article_id, a) for a in writes.assignments)
        self.stories_.update((s.story_id, s) for s in writes.stories)
        self.changes.update((c.change_id, c) for c in writes.changes)
        for sid in writes.gone:
            self.stories_.pop(sid, None)
        self.states.update((s.story_id, s) for s in writes.state.states)
        for sid in writes.state.gone:
            self.states.pop(sid, None)
        self.postings_.update((p.term, p) for p in writes.state.postings)
        self.counts.update((c.term, c) for c in writes.state.counts)
        self.members_.update((m.article_id, m) for m in writes.state.members)
        for aid in writes.state.left:
            self.members_.pop(aid, None)


def _run_in_memory(state: MemoryState, batch: Sequence[ArticleFeatures]) -> None:
    stored = dict(state.assignments)
    # Changes in the order they were made (a store lists them as they were written).
    changes = list(state.changes.values())
    engine = resumed_engine(CFG_SMALL, state, stored, changes)
    known, first = len(engine.changes), engine.seq
    add_batch(engine, batch)
    result = engine.result(touched_only=True)
    before = {
        s.story_id: state.stories_[s.story_id]
        for s in result.stories
        if s.story_id in state.stories_
    }
    state.apply(story_writes(engine, result, stored, before, known, first))


# A window one short of the articles, so the first leaves it (its member is dropped), while a
# revision still splits the second quake off the first story.
CFG_SMALL = dataclasses.replace(CFG, revise_window=11)


def _as_json(records: Iterable[object]) -> set[str]:
    return {to_json(r) for r in records}


def test_the_pure_stage_over_records_in_memory_matches_the_local_engine(tmp_path: Path) -> None:
    feats, _ = _two_quakes(per_event=6)
    # The first quake in one run, then the second one report per run (as test_revision).
    batches = [feats[:6], *([f] for f in feats[6:])]
    memory = MemoryState()
    with open_store(tmp_path / "s.db") as store:
        for batch in batches:
            _run_in_memory(memory, batch)
            stored = {a.article_id: a for a in store.all(StoryAssignment)}
            add_and_store(store, resume_engine(store, CFG_SMALL, stored), batch, stored)
        assert len(memory.assignments) == len(feats)
        assert len(memory.members_) == 11  # the window kept only the last arrivals
        assert memory.changes  # a revision split or merged stories on the way
        for cls, mine in (
            (StoryAssignment, memory.assignments),
            (Story, memory.stories_),
            (StoryChange, memory.changes),
            (StoryState, memory.states),
            (IndexPosting, memory.postings_),
            (TermCount, memory.counts),
            (WindowMember, memory.members_),
        ):
            assert _as_json(mine.values()) == _as_json(store.all(cls)), cls.__name__
