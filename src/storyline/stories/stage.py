"""The stories stage as records in, records out: an engine resumed from earlier runs' state (or
rebuilt from their articles), and what a run writes back once its articles are assigned.

The local engine (``engines/local_stories.py``) reads the store (assignments, merges, the
engine's state through a ``StateSource``, analyses, lead vectors, reuse links), runs
``add_batch`` or ``revise`` on the engine this builds, and writes the :class:`StoryWrites` it
gets back in one transaction; nothing here touches the store.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from storyline.config import StoryConfig
from storyline.model import RelatedStory, Story, StoryAssignment, StoryChange
from storyline.stories.engine import StateSource, StoryEngine, StoryResult
from storyline.stories.features import ArticleFeatures
from storyline.stories.state import StateChanges, state_changes


@dataclass(slots=True, kw_only=True)
class StoriesSummary:
    new_articles: int = 0
    stories: int = 0
    new_stories: int = 0
    merges: int = 0  # merges and splits (StoryChange records) of this run
    moved: int = 0  # articles a revision put into another story

    def line(self) -> str:
        return (
            f"{self.new_articles} articles assigned, {self.new_stories} new stories, "
            f"{self.merges} merges or splits ({self.moved} articles moved by revision), "
            f"{self.stories} stories in all"
        )


def resumed_engine(
    cfg: StoryConfig,
    source: StateSource,
    stored: Mapping[str, StoryAssignment],
    changes: Iterable[StoryChange],
) -> StoryEngine:
    """An engine that goes on from the state earlier runs left, loading it from ``source`` as
    articles need it. ``stored`` are the stored assignments, ``changes`` the stored merges and
    splits (a story merged away is followed to the story it went into)."""
    engine = StoryEngine(cfg, source=source)
    engine.assignment.update(stored)
    engine.seq = max((a.seq for a in stored.values()), default=-1) + 1
    engine.docs = len(stored)
    engine.start_seq = engine.seq
    for change in changes:
        for sid in change.story_ids:
            if sid not in change.result_ids and change.result_ids:
                engine.merged_into[sid] = change.result_ids[0]
    return engine


def rebuilt_engine(
    cfg: StoryConfig,
    features: Sequence[ArticleFeatures],
    stored: Mapping[str, StoryAssignment],
    changes: Iterable[StoryChange],
) -> StoryEngine:
    """An engine holding every stored story, rebuilt from the stored articles' ``features``
    (once, for a store made before the engine's state was kept): every story and key is then
    written back."""
    engine = StoryEngine(cfg)
    engine.observe(features)
    by_id = {f.article_id: f for f in features}
    for old in sorted(stored.values(), key=lambda a: a.seq):
        if old.article_id in by_id:
            engine.restore(by_id[old.article_id], old.story_id, old.seq, old.score)
    for change in changes:
        for sid in change.story_ids:
            if sid not in change.result_ids and change.result_ids:
                engine.merged_into.setdefault(sid, change.result_ids[0])
    return engine


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryWrites:
    """What a run of the stage writes back, in one transaction: assignments (new, and moved by
    a merge or a revision), touched stories, merges and splits, stories merged away, the
    engine's state."""

    assignments: list[StoryAssignment]
    stories: list[Story]
    changes: list[StoryChange]
    gone: list[str]
    state: StateChanges
    new_stories: int


def story_writes(
    engine: StoryEngine,
    result: StoryResult,
    stored: Mapping[str, StoryAssignment],
    stored_stories: Mapping[str, Story],
    known_changes: int,
    first_seq: int,
) -> StoryWrites:
    """The writes of a run: ``result`` is ``engine.result(touched_only=True)``, ``stored`` the
    assignments before the run, ``stored_stories`` the stored versions of ``result``'s stories
    (their relations found in earlier runs stay), ``known_changes`` how many of the engine's
    changes were stored before, ``first_seq`` the run's first arrival."""
    changes = result.changes[known_changes:]
    gone = sorted(
        {sid for c in changes for sid in c.story_ids if sid not in c.result_ids}
        - engine.stories.keys()
    )
    return StoryWrites(
        assignments=[a for a in result.assignments if stored.get(a.article_id) != a],
        stories=_keep_stored_relations(result.stories, stored_stories, engine),
        changes=list(changes),
        gone=gone,
        state=state_changes(engine, engine.cfg.postings_per_key, gone),
        new_stories=sum(1 for s in engine.stories.values() if s.founded_seq >= first_seq),
    )


def _keep_stored_relations(
    stories: Sequence[Story], stored: Mapping[str, Story], engine: StoryEngine
) -> list[Story]:
    """Relations found in earlier runs stay (followed through merges), next to the new ones."""
    out: list[Story] = []
    for story in stories:
        before = stored.get(story.story_id)
        related = list(story.related)
        seen = {r.story_id for r in related} | {story.story_id}
        for r in before.related if before is not None else ():
            target = engine.live(r.story_id)
            if target not in seen and engine.exists(target):
                related.append(RelatedStory(story_id=target, reason=r.reason))
                seen.add(target)
        out.append(dataclasses.replace(story, related=tuple(related)))
    return out
