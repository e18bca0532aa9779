"""Predicates alike in meaning: two outlets telling one deed with other verbs ("snatched" /
"grabbed") are one claim; two deeds at one place stay two."""

from __future__ import annotations

from storyline.analyze import Analyzer
from storyline.claims import Embed, build_claims
from storyline.claims.anchors import anchor_matrix, meaning_matrix, population
from storyline.claims.grouping import pair_scores
from storyline.claims.units import statements
from storyline.embed import span_vectors
from storyline.model import Article, Story
from tests.claims.helpers import CFG, article, articles_of, claim_with

SNATCHED = article(
    "k1",
    "Kilbride Echo",
    "A thief snatched a handbag from a tourist outside Kilbride Cathedral on Sunday afternoon, "
    "police said. The tourist later thanked the officers who found her passport in a bin.",
)
GRABBED = article(
    "k2",
    "Northern Wire",
    "Officers say a young man grabbed a visitor's purse near Kilbride Cathedral and fled on a "
    "bicycle. The mayor of Kilbride praised the officers for their quick response.",
)
QUESTIONED = article(
    "k3",
    "Valley Times",
    "Detectives questioned a cathedral guide about the theft of a handbag at Kilbride Cathedral "
    "on Sunday.",
)


def _meaning(analyzer: Analyzer, embed: Embed, articles: list[Article]) -> float:
    analyses = analyzer(articles)
    units = statements(
        articles,
        {a.article_id: a for a in analyses},
        {a.article_id: a.article_id for a in articles},
        set(),
        CFG,
    )
    vectors = embed([u.text for u in units])
    cos, score = pair_scores(units, vectors, CFG, population(units))
    score = score + CFG.anchor_bonus * anchor_matrix(units)
    first = next(i for i, u in enumerate(units) if u.article.article_id == articles[0].article_id)
    other = [i for i, u in enumerate(units) if u.article.article_id == articles[1].article_id]
    found = meaning_matrix(units, score, cos, CFG, span_vectors)
    return max(float(found[first, j]) for j in other)


def test_one_deed_told_with_other_verbs_is_one_claim(analyzer: Analyzer, embed: Embed) -> None:
    articles = [SNATCHED, GRABBED]
    assert _meaning(analyzer, embed, articles) == 1.0
    analyses = analyzer(articles)
    story = Story(story_id="story_k", title="theft", article_ids=("k1", "k2"))
    joined = build_claims(story, articles, analyses, [], CFG, embed)
    theft = claim_with(joined, "snatched a handbag")
    assert articles_of(theft) == {"k1", "k2"}
    assert theft.family_count == 2
    assert joined.conflicts == ()
    # Without the predicates' meaning the two wordings stay apart: it is what joins them.
    apart = build_claims(story, articles, analyses, [], CFG, embed, spans=None)
    assert articles_of(claim_with(apart, "snatched a handbag")) == {"k1"}
    # The thanks and the praise share the officers but are two deeds of two people.
    assert claim_with(joined, "thanked the officers").single_source


def test_two_deeds_at_one_place_stay_apart(analyzer: Analyzer, embed: Embed) -> None:
    articles = [GRABBED, QUESTIONED]
    # They share the cathedral and the handbag's theft, but grabbing is no questioning.
    assert _meaning(analyzer, embed, articles) == 0.0
    analyses = analyzer(articles)
    story = Story(story_id="story_q", title="theft", article_ids=("k2", "k3"))
    result = build_claims(story, articles, analyses, [], CFG, embed)
    assert claim_with(result, "grabbed a visitor's purse").single_source
    assert claim_with(result, "questioned a cathedral guide").single_source
