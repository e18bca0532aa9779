"""Related stories' statements: only those near one of the story's own are scored pair by pair,
and leaving the far ones out changes none of the story's own scores."""

from __future__ import annotations

import dataclasses

import numpy as np

from storyline.analyze import Analyzer
from storyline.claims import Embed
from storyline.claims.anchors import anchor_matrix, population
from storyline.claims.build import _one_per_statements, near_story
from storyline.claims.grouping import cross_scores, pair_scores
from storyline.claims.units import Unit, statements
from tests.claims.helpers import (
    CFG,
    HERALD,
    LEDGER,
    SUMMIT,
    TRIBUNE,
    article,
    claim_with,
    run_story,
)

RELATED = article(
    "b1",
    "Island Post",
    "The Azores regional government opened a new ferry terminal in Ponta Delgada on Friday. "
    "Foreign Minister Ana Duarte and Karim Bennani had signed the fisheries accord on the "
    "sidelines of the Mediterranean Trade Forum in Lisbon. The accord sets new quotas for "
    "sardine fleets. Bakers in Horta sold out of sweet bread before noon, the guild said.",
)


def _units(analyzer: Analyzer, embed: Embed) -> tuple[list[Unit], np.ndarray]:
    articles = [SUMMIT, RELATED]
    analyses = {a.article_id: a for a in analyzer(articles)}
    units = statements(articles, analyses, {"c1": "f1", "b1": "f2"}, {"b1"}, CFG)
    return units, embed([u.text for u in units])


def test_scores_of_some_rows_are_the_rows_of_every_pairs_scores(
    analyzer: Analyzer, embed: Embed
) -> None:
    units, vectors = _units(analyzer, embed)
    own = [i for i, u in enumerate(units) if not u.background]
    _, every = pair_scores(units, vectors, CFG)
    assert np.allclose(cross_scores(units, vectors, own, CFG), every[own], atol=1e-12)


def test_far_related_statements_are_left_out_near_ones_kept(
    analyzer: Analyzer, embed: Embed
) -> None:
    units, vectors = _units(analyzer, embed)
    kept, kept_vectors = near_story(units, vectors, CFG)
    texts = [u.text for u in kept if u.background]
    # the restatement (quotas) and the contradiction (another venue) stay; the ferry terminal
    # and the bakers are about nothing the story says
    assert any("new quotas" in t for t in texts)
    assert any("Mediterranean" in t for t in texts)
    assert not any("ferry" in t or "Bakers" in t for t in texts)
    assert [u for u in kept if not u.background] == [u for u in units if not u.background]
    assert kept_vectors.shape == (len(kept), vectors.shape[1])


def test_leaving_far_statements_out_keeps_the_story_pairs_scores(
    analyzer: Analyzer, embed: Embed
) -> None:
    units, vectors = _units(analyzer, embed)
    counted = population(units)
    kept, kept_vectors = near_story(units, vectors, CFG)
    assert len(kept) < len(units)
    where = [units.index(u) for u in kept]
    _, every = pair_scores(units, vectors, CFG)
    _, some = pair_scores(kept, kept_vectors, CFG, counted)
    assert np.array_equal(some, every[np.ix_(where, where)])
    assert np.array_equal(
        anchor_matrix(kept, counted), anchor_matrix(units)[np.ix_(where, where)]
    )
    # counted over the kept statements alone, the words' rarity moves
    _, alone = pair_scores(kept, kept_vectors, CFG)
    assert not np.array_equal(alone, every[np.ix_(where, where)])


def test_a_story_without_related_statements_is_left_whole(
    analyzer: Analyzer, embed: Embed
) -> None:
    units, vectors = _units(analyzer, embed)
    own = [u for u in units if not u.background]
    kept, _ = near_story(own, vectors[: len(own)], CFG)
    assert kept == own


def test_a_related_story_supports_a_claim_only_as_a_close_paraphrase(
    analyzer: Analyzer, embed: Embed
) -> None:
    """A related story tells another event: its sentence supports this story's claim when it
    restates the fact closely, not when it only shares words with one of the claim's sentences
    and reaches the others through a later join of claims."""
    own = [
        article(
            "h1",
            "Daily Ledger",
            "The harbour authority of Porto closed the northern quay on Monday after a crane "
            "collapsed during the morning shift. Two dock workers were taken to hospital with "
            "minor injuries.",
        ),
        article(
            "h2",
            "Coast Herald",
            "Porto's harbour authority shut the northern quay on Monday when a crane fell over "
            "during the morning shift. Two dockers were hurt and taken to hospital.",
        ),
    ]
    other_event = article(
        "r1",
        "Island Post",
        "Two dock workers were injured at Leixoes when a forklift overturned in the morning.",
    )
    retold = article(
        "r2",
        "Port Gazette",
        "On Monday the Porto harbour authority closed the northern quay after a crane collapsed "
        "in the morning shift.",
    )
    result = run_story(analyzer, embed, own, background=[other_event, retold])
    hurt = [c for c in result.claims if {"h1", "h2"} <= {s.article_id for s in c.supports}
            and "hospital" in c.text]
    assert len(hurt) == 1
    assert all(not s.background for s in hurt[0].supports)  # the forklift is another event
    closed = claim_with(result, "crane fell over")
    assert {s.article_id for s in closed.supports} == {"h1", "h2", "r2"}


def test_claims_made_of_the_same_statements_are_one_claim_at_the_highest_importance(
    analyzer: Analyzer, embed: Embed
) -> None:
    """Groups that differ only by related stories' sentences the floor took out hold the same
    statements, so they have one ``claim_id``: each of them maps to one record, the one of
    highest importance, whatever order the groups come in (two records under one id were
    stored as one by the local engine and kept twice by the Ray engine)."""
    claims = run_story(analyzer, embed, [SUMMIT]).claims
    assert len(claims) >= 2
    first, other = claims[0], claims[1]
    higher = dataclasses.replace(first, importance=first.importance + 1.0)
    for order in ({0: first, 1: higher, 2: other}, {0: higher, 1: first, 2: other}):
        kept = _one_per_statements(order)
        assert kept[0] is kept[1]
        assert kept[0].importance == higher.importance
        assert kept[2] is other


def test_a_claim_of_statements_a_larger_claim_holds_is_the_larger_claim(
    analyzer: Analyzer, embed: Embed
) -> None:
    """A group left with one statement that a larger claim also extends over was a second row
    of that sentence ("single source" beside the same sentence with more sources): it maps to
    the larger claim, which keeps the higher importance of the two."""
    claims = run_story(analyzer, embed, [LEDGER, HERALD, TRIBUNE]).claims
    larger = next(c for c in claims if len(c.supports) >= 2)
    other = next(c for c in claims if c is not larger)
    part = dataclasses.replace(
        larger,
        claim_id="claim_part",
        supports=larger.supports[:1],
        importance=larger.importance + 1.0,
    )
    kept = _one_per_statements({0: larger, 1: part, 2: other})
    assert kept[0] is kept[1]
    assert kept[0].claim_id == larger.claim_id
    assert kept[0].supports == larger.supports
    assert kept[0].importance == part.importance
    assert kept[2] is other
