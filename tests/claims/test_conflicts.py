"""Conflicts between claims: another occasion, day or place for the same event; an earlier
occurrence is none; background from related stories."""

from __future__ import annotations

from storyline.analyze import Analyzer, resolve_entities
from storyline.claims import Embed, build_claims
from storyline.model import (
    Story,
)
from tests.claims.helpers import (
    CFG,
    FORUM,
    SUMMIT,
    article,
    articles_of,
    claim_with,
    run_story,
)


def test_different_occasion_is_a_conflict(analyzer: Analyzer, embed: Embed) -> None:
    result = run_story(analyzer, embed, [SUMMIT, FORUM])
    summit, forum = claim_with(result, "Atlantic Ocean"), claim_with(result, "Mediterranean")
    conflicts = [
        c for c in result.conflicts if {c.claim_a, c.claim_b} == {summit.claim_id, forum.claim_id}
    ]
    assert [c.kind for c in conflicts] == ["occasion"]
    reason = conflicts[0].reason
    assert "Daily Ledger" in reason and "Coast Herald" in reason  # both sides, with sources


def test_different_day_is_a_conflict(analyzer: Analyzer, embed: Embed) -> None:
    tuesday = article(
        "t1",
        "Daily Ledger",
        "Mayor Rui Costa opened the new tram line in Porto on Tuesday, with hundreds of "
        "residents watching.",
    )
    thursday = article(
        "t2",
        "Coast Herald",
        "Mayor Rui Costa opened the new tram line in Porto on Thursday, with hundreds of "
        "residents watching.",
    )
    result = run_story(analyzer, embed, [tuesday, thursday])
    assert [c.kind for c in result.conflicts] == ["date"]


def test_different_place_is_a_conflict_named_as_the_text_writes_it(
    analyzer: Analyzer, embed: Embed
) -> None:
    lyon = article(
        "p1",
        "Daily Ledger",
        "Mayor Rui Costa opened the new tram line in Lyon on Tuesday, with hundreds of "
        "residents watching.",
    )
    marseille = article(
        "p2",
        "Coast Herald",
        "Mayor Rui Costa opened the new tram line in Marseille on Tuesday, with hundreds of "
        "residents watching.",
    )
    # Resolved as the pipeline does, so the places are entity IDs inside the claims stage.
    analyses, _ = resolve_entities(analyzer([lyon, marseille]))
    story = Story(story_id="story_p", title="tram", article_ids=("p1", "p2"))
    result = build_claims(story, [lyon, marseille], analyses, [], CFG, embed)
    assert [c.kind for c in result.conflicts] == ["place"]
    reason = result.conflicts[0].reason
    assert "Lyon against Marseille" in reason and "entity_" not in reason


def test_an_earlier_occurrence_is_not_a_conflict(analyzer: Analyzer, embed: Embed) -> None:
    now = article(
        "e1",
        "Daily Ledger",
        "Foreign Minister Ana Duarte met Karim Bennani in Lisbon to sign the fisheries accord.",
    )
    before = article(
        "e2",
        "Coast Herald",
        "Foreign Minister Ana Duarte met Karim Bennani in Rabat a year ago to discuss the "
        "fisheries accord.",
    )
    result = run_story(analyzer, embed, [now, before])
    assert result.conflicts == ()


def test_related_story_background_corroborates_and_contradicts(
    analyzer: Analyzer, embed: Embed
) -> None:
    background = article(
        "b1",
        "Island Post",
        "The Azores regional government opened a new ferry terminal in Ponta Delgada on Friday. "
        "Foreign Minister Ana Duarte and Karim Bennani had signed the fisheries "
        "accord on the sidelines of the Mediterranean Trade Forum in Lisbon. The accord sets new "
        "quotas for sardine fleets.",
    )
    result = run_story(analyzer, embed, [SUMMIT], background=[background])
    quotas = claim_with(result, "new quotas")
    assert articles_of(quotas) == {"c1", "b1"}
    assert [s.background for s in quotas.supports] == [False, True]
    # the contradicting account is kept, as a background-only claim, with the conflict
    forum = claim_with(result, "Mediterranean")
    assert all(s.background for s in forum.supports)
    assert any(
        c.kind == "occasion" and forum.claim_id in (c.claim_a, c.claim_b) for c in result.conflicts
    )
    # what only the related story reports stays in its own story
    assert not any("ferry" in s.text for c in result.claims for s in c.supports)
    # and nothing background-only reaches the summary
    assert all(not all(s.background for s in x.citations) for x in result.summary.sentences)
