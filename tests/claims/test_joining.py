"""Joining claims that tell one fact (grouping.join_claims), negation told both ways, and what
a claim's family count counts."""

from __future__ import annotations

import numpy as np
import pytest

from storyline.analyze import Analyzer, make_analyzer
from storyline.claims import build_claims
from storyline.claims.facts import Facts, unit_facts
from storyline.claims.grouping import join_claims, opposed
from storyline.config import AnalyzeConfig, ClaimConfig
from storyline.embed import shared_embedder
from storyline.model import Article, Claim, Story
from tests.claims.helpers import article as fixture_article
from tests.claims.helpers import set_scores, statement


def article(article_id: str, text: str) -> Article:
    return fixture_article(article_id, f"Outlet {article_id}", text)


# Three outlets' statements of one endorsement, and a fourth statement of another fact.
UNITS = [
    statement("fox", "The sheriff endorsed the governor for the nomination on Tuesday."),
    statement("nyt", "On Tuesday the governor won the endorsement of the sheriff."),
    statement("huff", "The sheriff announced he will endorse the governor for the nomination."),
    statement("huff", "The governor also met voters at a diner in the afternoon."),
]


def scores(pairs: dict[tuple[int, int], float]) -> np.ndarray:
    return set_scores(len(UNITS), pairs)


def always(i: int, j: int) -> bool:
    return True


CFG = ClaimConfig()


def test_claims_sharing_a_statement_and_linked_directly_are_one_claim() -> None:
    # Fox + NYT and Fox + HuffPost: the NYT and HuffPost wordings are further apart than
    # complete link allows, but close enough that the three read as one fact.
    score = scores({(0, 1): 0.6, (0, 2): 0.55, (1, 2): 0.5})
    assert join_claims([[0, 1], [0, 2]], UNITS, score, CFG, always) == [[0, 1, 2]]


def test_a_sentence_stating_two_facts_does_not_join_its_claims() -> None:
    # The shared statement tells both facts; nothing else links the two claims.
    score = scores({(0, 1): 0.6, (0, 3): 0.5, (1, 3): 0.3})
    joined = join_claims([[0, 1], [0, 3]], UNITS, score, CFG, always)
    assert sorted(joined) == [[0, 1], [0, 3]]


def test_a_join_keeps_two_speakers_words_apart() -> None:
    score = scores({(0, 1): 0.6, (0, 2): 0.55, (1, 2): 0.5})

    def not_nyt_with_huff(i: int, j: int) -> bool:
        return {i, j} != {1, 2}

    joined = join_claims([[0, 1], [0, 2]], UNITS, score, CFG, not_nyt_with_huff)
    assert sorted(joined) == [[0, 1], [0, 2]]


def test_a_join_needs_every_pair_above_the_floor_and_the_article_limit() -> None:
    score = scores({(0, 1): 0.9, (0, 2): 0.9, (1, 2): 0.45, (0, 3): 0.5, (1, 3): 0.1})
    # NYT's statement and HuffPost's other fact are too far apart to be one claim.
    joined = join_claims([[0, 1, 2], [0, 3]], UNITS, score, CFG, always)
    assert sorted(joined) == [[0, 1, 2], [0, 3]]
    one_each = ClaimConfig(max_per_article=1)
    score = scores({(0, 1): 0.9, (0, 2): 0.9, (1, 2): 0.9, (0, 3): 0.9, (1, 3): 0.9, (2, 3): 0.9})
    joined = join_claims([[0, 1, 2], [1, 3]], UNITS, score, one_each, always)
    assert sorted(joined) == [[0, 1, 2], [1, 3]]


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return make_analyzer(AnalyzeConfig())


def parsed(analyzer: Analyzer, text: str) -> Facts:
    (analysis,) = analyzer([article("p", text)])
    return unit_facts(text, 0, analysis, 0)


def test_a_predicate_told_both_ways_in_one_statement_is_not_opposed(analyzer: Analyzer) -> None:
    both = parsed(
        analyzer,
        "The president said he will not meet the prime minister, saying it would be "
        "inappropriate to meet the leader before the election.",
    )
    negated = parsed(analyzer, "Officials said the president would not meet the prime minister.")
    asserted = parsed(analyzer, "Officials said the president would meet the prime minister.")
    assert opposed(negated, asserted) is not None
    assert opposed(both, negated) is None


@pytest.fixture(scope="module")
def related_result(analyzer: Analyzer) -> list[Claim]:
    own = article(
        "c1",
        "Foreign Minister Ana Duarte and her Moroccan counterpart Karim Bennani signed the "
        "fisheries accord in Lisbon on Tuesday. The accord sets new quotas for sardine fleets.",
    )
    related = article(
        "b1",
        "The Azores regional government opened a new ferry terminal in Ponta Delgada on Friday. "
        "The accord Ana Duarte signed on Tuesday sets new quotas for sardine fleets.",
    )
    analyses = analyzer([own, related])
    story = Story(story_id="story_t", title="test", article_ids=("c1",))
    result = build_claims(story, [own], analyses, [], CFG, shared_embedder(), background=[related])
    return list(result.claims)


def test_a_related_story_restating_a_fact_is_a_support_not_a_source(
    related_result: list[Claim],
) -> None:
    quotas = [c for c in related_result if any("new quotas" in s.text for s in c.supports)]
    assert len(quotas) == 1
    claim = quotas[0]
    assert {s.article_id for s in claim.supports} == {"c1", "b1"}
    assert claim.family_count == 1 and claim.article_count == 1 and claim.single_source
