"""Story merges built by hand: an article matching two stories merges them, and a merge in a
later run leaves its keys leading to the survivor."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from storyline.config import StoryConfig
from storyline.engines.local_stories import (
    add_and_store,
    resume_engine,
)
from storyline.model import (
    Story,
    StoryAssignment,
    StoryChange,
    StoryState,
    content_id,
)
from storyline.store import open_store
from storyline.stories import (
    StoryEngine,
)
from tests.stories.hand import hand_features

CFG = StoryConfig()



def test_an_article_matching_two_stories_merges_them_and_the_merge_is_recorded() -> None:
    cfg = dataclasses.replace(CFG, join_threshold=0.3, merge_threshold=0.3)
    a = hand_features("a", "flood river town rescue", [1.0, 0.0, 0.0])
    b = hand_features("b", "flood dam town evacuation", [0.6, 0.8, 0.0])
    bridge = hand_features("c", "flood river dam town rescue evacuation", [0.9, 0.45, 0.0])
    engine = StoryEngine(dataclasses.replace(cfg, join_threshold=0.9))
    engine.add(a)
    engine.add(b)
    assert len(engine.stories) == 2  # too far apart at a high threshold
    engine.cfg = cfg
    engine.add(bridge)
    result = engine.result()
    assert len(result.stories) == 1
    [change] = result.changes
    assert isinstance(change, StoryChange) and change.kind == "merge"
    assert change.result_ids == (content_id("story", "a"),)  # the older story's ID survives
    assert {x.story_id for x in result.assignments} == {content_id("story", "a")}


def test_a_merge_in_a_later_run_drops_the_merged_story_and_its_keys_lead_to_the_survivor(
    tmp_path: Path,
) -> None:
    store = open_store(tmp_path / "merge.db")
    a = hand_features("a", "flood river town rescue", [1.0, 0.0, 0.0])
    b = hand_features("b", "flood dam town evacuation", [0.6, 0.8, 0.0])
    strict = dataclasses.replace(CFG, join_threshold=0.9)
    add_and_store(store, resume_engine(store, strict), [a, b], {})
    assert store.count(StoryState) == store.count(Story) == 2
    keep, gone = content_id("story", "a"), content_id("story", "b")

    loose = dataclasses.replace(CFG, join_threshold=0.3, merge_threshold=0.3)
    bridge = hand_features("c", "flood river dam town rescue evacuation", [0.9, 0.45, 0.0])
    stored = {x.article_id: x for x in store.all(StoryAssignment)}
    summary = add_and_store(store, resume_engine(store, loose, stored), [bridge], stored)
    assert summary.merges == 1
    assert store.keys(StoryState) == store.keys(Story) == {keep}  # the merged story is gone
    assert {x.story_id for x in store.all(StoryAssignment)} == {keep}  # b moved with it
    state = store.get(StoryState, keep)
    assert state is not None and sorted(state.article_ids) == ["a", "b", "c"]
    [change] = store.all(StoryChange)
    assert change.story_ids == (keep, gone)

    # An article found only through the merged-away story's index keys joins the survivor.
    late = hand_features("d", "dam evacuation", [0.6, 0.8, 0.0])
    stored = {x.article_id: x for x in store.all(StoryAssignment)}
    add_and_store(store, resume_engine(store, loose, stored), [late], stored)
    joined = store.get(StoryAssignment, "d")
    assert joined is not None and joined.story_id == keep
    store.close()
