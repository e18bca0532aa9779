"""Claims on the five seed articles (read from ../shared, never copied)."""

from __future__ import annotations

import pytest

from storyline.analyze import Analyzer, resolve_entities
from storyline.claims import ClaimSet, Embed, build_claims
from storyline.model import (
    Article,
    SourceFamily,
    Story,
)
from tests.claims.helpers import (
    CFG,
    article,
    articles_of,
    claim_with,
)
from tests.conftest import SEEDS


def seed(prefix: str) -> Article:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    return article(prefix, f"outlet-{prefix}", path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seeds_result(analyzer: Analyzer, embed: Embed) -> ClaimSet:
    arts = {p: seed(p) for p in ("000", "001", "002", "003", "004")}
    # The real analyze stage: sentences, mentions, quotes with speakers, entities resolved
    # across the articles (as the pipeline does over the store).
    analyses, _ = resolve_entities(analyzer(list(arts.values())))
    # 003 reports a different event (a credentials ceremony) and recounts the Beijing meeting as
    # background: it is a related story's article, not one of this story's.
    story = Story(story_id="story_seeds", title="seeds", article_ids=("000", "001", "002", "004"))
    return build_claims(
        story,
        [arts[p] for p in story.article_ids],
        analyses,
        [SourceFamily(family_id="fam_000_001", article_ids=("000", "001"))],
        CFG,
        embed,
        background=[arts["003"]],
    )


def test_seeds_wire_fact_has_two_articles_one_family(seeds_result: ClaimSet) -> None:
    corridor = claim_with(seeds_result, "trade corridor")
    assert articles_of(corridor) == {"000", "001"}
    assert (corridor.article_count, corridor.family_count, corridor.single_source) == (2, 1, True)


def test_seeds_india_ties_three_articles_two_families(seeds_result: ClaimSet) -> None:
    # 002's sentence tells Sharif's remark and more: it may support another claim too.
    (india,) = [
        c
        for c in seeds_result.claims
        if any("ties with India" in s.text and s.article_id == "000" for s in c.supports)
    ]
    assert articles_of(india) == {"000", "001", "002"}
    assert (india.article_count, india.family_count, india.single_source) == (3, 2, False)


def test_seeds_steel_mill_is_single_source(seeds_result: ClaimSet) -> None:
    steel = claim_with(seeds_result, "Pakistan Steel Mill")
    assert articles_of(steel) == {"004"}
    assert steel.single_source


def test_seeds_003_beijing_occasion_is_flagged(seeds_result: ClaimSet) -> None:
    claims = {c.claim_id: c for c in seeds_result.claims}
    belt = claim_with(seeds_result, "Belt and Road Forum")
    flagged = [c for c in seeds_result.conflicts if belt.claim_id in (c.claim_a, c.claim_b)]
    assert flagged and {c.kind for c in flagged} == {"occasion"}
    others = {
        s.article_id
        for c in flagged
        for s in claims[c.claim_b if c.claim_a == belt.claim_id else c.claim_a].supports
    }
    assert others & {"000", "002"}  # against the reports that say the SCO summit
    # the related story's account of the earlier Astana meeting is not flagged as this meeting
    astana = [
        c
        for c in seeds_result.claims
        if any("Astana" in s.text and s.article_id == "003" for s in c.supports)
    ]
    assert not any(
        c.claim_id in (x.claim_a, x.claim_b) for c in astana for x in seeds_result.conflicts
    )


def test_seeds_traditional_partner_is_one_aligned_quote(seeds_result: ClaimSet) -> None:
    partner = [
        q for q in seeds_result.quotes if any("traditional partner" in r.text for r in q.renderings)
    ]
    assert len(partner) == 1
    assert {r.article_id for r in partner[0].renderings} == {"000", "001", "003"}
    assert {r.kind for r in partner[0].renderings} == {"direct", "mixed"}


def test_seeds_summary_cites_independent_sources(seeds_result: ClaimSet) -> None:
    sentences = seeds_result.summary.sentences
    assert sentences and all(s.family_count >= 1 and s.citations for s in sentences)
    # The summary leads with a corroborated claim, in the claims' order of importance.
    assert sentences[0].family_count >= 2
    rank = {c.claim_id: n for n, c in enumerate(seeds_result.claims)}
    assert [rank[x.claim_id] for x in sentences] == sorted(rank[x.claim_id] for x in sentences)
