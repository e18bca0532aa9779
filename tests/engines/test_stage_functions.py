"""The claims, events and corrections stages' functions over plain records, no store: what the
local engine (``engines/local_claims.py``, ``local_events.py``, ``local_corrections.py``) reads
and writes around, and what another engine would call per story."""

from __future__ import annotations

from datetime import datetime

from storyline.claims import stage as claims_stage
from storyline.claims.build import ClaimSet
from storyline.config import ClaimConfig, EventConfig
from storyline.corrections import Redirects, kept_conflicts, related_stories
from storyline.events import stage as events_stage
from storyline.model import (
    Claim,
    Conflict,
    Correction,
    Coverage,
    RelatedStory,
    Story,
    StoryChange,
    StorySummary,
    Support,
)

A1, A2, A3 = "art_1", "art_2", "art_3"
PACT = Story(
    story_id="story_pact",
    title="pact",
    article_ids=(A1, A2),
    related=(RelatedStory(story_id="story_river", reason="shared participants"),),
)
RIVER = Story(story_id="story_river", title="river", article_ids=(A2, A3))
STORIES = {PACT.story_id: PACT, RIVER.story_id: RIVER}


def test_claims_plan_recomputes_a_story_when_its_own_or_related_articles_change() -> None:
    fingerprint = claims_stage.fingerprint(ClaimConfig(), "minilm")
    families = {A1: "fam_1", A2: "fam_2", A3: "fam_3"}
    models = {A1: "m1", A2: "m1"}
    first, unchanged = claims_stage.plan(STORIES, {}, fingerprint, families, models)
    assert unchanged == 0
    assert [t.story.story_id for t in first] == ["story_pact", "story_river"]
    pact = first[0]
    # The related story's articles not in the story itself are its background.
    assert pact.background_ids == [A3]
    assert pact.inputs == (
        fingerprint, f"{A1}:fam_1:m1", f"{A2}:fam_2:m1", "|", f"{A3}:fam_3:pending"
    )
    stored = {t.story.story_id: t.inputs for t in first}
    again, unchanged = claims_stage.plan(STORIES, stored, fingerprint, families, models)
    assert (again, unchanged) == ([], 2)
    # A3 gets its analysis: both stories read it (the pact story as background).
    later, unchanged = claims_stage.plan(
        STORIES, stored, fingerprint, families, {**models, A3: "m1"}
    )
    assert [t.story.story_id for t in later] == ["story_pact", "story_river"]
    assert unchanged == 0
    # A1 analysed again by another version of the analysis (its speakers may differ): the
    # story holding it is recomputed, the other not.
    stored = {t.story.story_id: t.inputs for t in later}
    upgraded, unchanged = claims_stage.plan(
        STORIES, stored, fingerprint, families, {A1: "m2", A2: "m1", A3: "m1"}
    )
    assert [t.story.story_id for t in upgraded] == ["story_pact"] and unchanged == 1
    # Another encoder is another fingerprint: everything is recomputed.
    other = claims_stage.fingerprint(ClaimConfig(), "other")
    assert other != fingerprint
    moved, _ = claims_stage.plan(STORIES, stored, other, families, models)
    assert len(moved) == 2


def test_events_plan_follows_families_and_analysis_models() -> None:
    fingerprint = events_stage.fingerprint(EventConfig(), None)
    assert fingerprint.endswith(":-")
    models = {A1: "m1", A2: "m1", A3: "m1"}
    first, unchanged = events_stage.plan(STORIES, {}, fingerprint, {}, models)
    assert unchanged == 0 and [s.story_id for s, _ in first] == ["story_pact", "story_river"]
    assert first[0][1] == (fingerprint, f"{A1}:-:m1", f"{A2}:-:m1")
    stored = {s.story_id: inputs for s, inputs in first}
    # Only the story holding the re-analysed article is recomputed (no background here).
    later, unchanged = events_stage.plan(STORIES, stored, fingerprint, {}, {**models, A3: "m2"})
    assert [s.story_id for s, _ in later] == ["story_river"] and unchanged == 1


def _claim(claim_id: str, article_id: str, start: int) -> Claim:
    support = Support(
        article_id=article_id, sentence=0, start=start, end=start + 10, text="x",
        family_id=article_id,
    )
    return Claim(
        claim_id=claim_id, story_id="story_pact", text=claim_id, outlets=(), article_count=1,
        family_count=1, single_source=False, supports=(support,),
    )


def test_story_records_leave_out_what_the_editor_dismissed_and_carry_the_inputs() -> None:
    a, b = _claim("claim_a", A1, 0), _claim("claim_b", A2, 5)
    raised = Conflict(conflict_id="conflict_1", story_id="story_pact", claim_a="claim_a",
                      claim_b="claim_b", kind="number", reason="r")
    other = Conflict(conflict_id="conflict_2", story_id="story_pact", claim_a="claim_a",
                     claim_b="claim_b", kind="place", reason="r")
    result = ClaimSet(
        story_id="story_pact",
        claims=(a, b),
        conflicts=(raised, other),
        quotes=(),
        summary=StorySummary(story_id="story_pact", sentences=()),
        coverage=Coverage(story_id="story_pact", outlets=(), rows=()),
    )
    inputs = ("fp", f"{A1}:-:analysed")
    assert claims_stage.story_records(result, inputs, []) == [
        a, b, raised, other, StorySummary(story_id="story_pact", sentences=(), inputs=inputs)
    ]
    # Dismissed under an earlier run's IDs: recognised by its kind and its sides' sentences.
    dismissed = Correction(
        correction_id="correction_1", kind="dismiss-conflict", seq=1,
        made_at=datetime(2026, 3, 1), story_id="story_pact", conflict_id="conflict_old",
        conflict=Conflict(conflict_id="conflict_old", story_id="story_pact", claim_a="x",
                          claim_b="y", kind="number", reason="r"),
        a_supports=(f"{A1}:0:10",), b_supports=(f"{A2}:5:15",),
    )
    records = claims_stage.story_records(result, inputs, [dismissed])
    assert [r for r in records if isinstance(r, Conflict)] == [other]
    assert kept_conflicts([dismissed], [raised, other], [a, b]) == [other]


def test_redirects_follow_the_editor_then_the_engine_from_records() -> None:
    merge = Correction(
        correction_id="correction_m", kind="merge", seq=1, made_at=datetime(2026, 3, 1),
        story_id="story_keep", from_story_id="story_pact",
    )
    change = StoryChange(
        change_id="change_1", kind="merge", story_ids=("story_keep", "story_x"),
        result_ids=("story_final",),
    )
    redirects = Redirects([merge], [change])
    assert redirects.live("story_pact") == "story_final"
    assert redirects.live("story_river") == "story_river"
    # A story made by a split names the story it left, followed through the redirects.
    child = Story(story_id="story_child", title="c", article_ids=(A3,))
    found = related_stories(child, {"story_child": "story_final"}, redirects)
    assert [r.story_id for r in found] == ["story_final"]
