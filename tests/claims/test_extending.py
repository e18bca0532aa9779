"""Extending a claim with the statements of the articles it lacks (grouping.extend_claim), and
what marks a statement as recounting another occurrence (Facts.other_time)."""

from __future__ import annotations

import dataclasses

import numpy as np

from storyline.analyze import Analyzer
from storyline.claims import Embed
from storyline.claims.grouping import extend_claim
from storyline.config import ClaimConfig
from tests.claims.helpers import (
    article,
    articles_of,
    claim_with,
    facts_of,
    run_story,
    set_scores,
    statement,
)

# Four outlets' sentences about one vote in a harbour council (the scores below are set by hand:
# these tests are about the rule, not the sentence model).
UNITS = [
    statement("ledger", "The harbour council voted on Monday to close the north pier for repairs."),
    statement("herald", "Councillors decided on Monday that the north pier will shut for repairs."),
    statement("gazette", "The north pier is to close after a council vote, its chair said."),
    statement("courier", "The council voted to keep the north pier open through the summer."),
    statement("courier", "Fishing crews asked the council for a second landing at the south quay."),
]
CFG = ClaimConfig()


def scores(pairs: dict[tuple[int, int], float]) -> np.ndarray:
    return set_scores(len(UNITS), pairs)


def always(i: int, j: int) -> bool:
    return True


def test_a_claim_of_one_takes_in_a_statement_only_above_the_higher_floor() -> None:
    # 0.5 is enough for a claim of two, not for one: nothing else vouches for the pairing.
    score = scores({(0, 2): 0.5})
    assert extend_claim([0], UNITS, score, CFG, always) == [0]


def test_once_a_second_statement_vouches_the_ordinary_floor_applies() -> None:
    # The herald's sentence joins the ledger's at 0.6 (above the single claim's 0.55); the
    # gazette's, 0.5 with both, joins the claim of two, as it would have joined had the two
    # been grouped before the extension.
    score = scores({(0, 1): 0.6, (0, 2): 0.5, (1, 2): 0.5})
    assert extend_claim([0], UNITS, score, CFG, always) == [0, 1, 2]
    # Below the ordinary floor with one of the two, it stays out.
    score = scores({(0, 1): 0.6, (0, 2): 0.5, (1, 2): 0.4})
    assert extend_claim([0], UNITS, score, CFG, always) == [0, 1]


def test_statements_taken_in_are_compatible_with_each_other() -> None:
    # The gazette's and the courier's sentences are each close to the claim of two, but they
    # contradict each other (close against open): the closer one is taken in, not both.
    score = scores({(0, 1): 0.7, (0, 2): 0.5, (1, 2): 0.5, (0, 3): 0.6, (1, 3): 0.6})

    def apart(i: int, j: int) -> bool:
        return {i, j} != {2, 3}

    assert extend_claim([0, 1], UNITS, score, CFG, apart) == [0, 1, 3]
    assert extend_claim([0, 1], UNITS, score, CFG, always) == [0, 1, 2, 3]


def test_each_article_gives_its_best_statement_once() -> None:
    score = scores({(0, 1): 0.7, (0, 3): 0.5, (1, 3): 0.5, (0, 4): 0.6, (1, 4): 0.6})
    # The courier's two sentences both reach the floor; only its closer one is taken in.
    assert extend_claim([0, 1], UNITS, score, CFG, always) == [0, 1, 4]


def test_a_possessive_last_year_dates_nothing() -> None:
    assert facts_of("The council met last year in the old town hall.").other_time
    assert facts_of("The council met a year ago to discuss the pier.").other_time
    assert not facts_of("The council reviewed last year's harbour accounts on Monday.").other_time
    assert not facts_of("The council reviewed last year’s harbour accounts on Monday.").other_time
    assert not facts_of("The council reviewed next week's schedule on Monday.").other_time


def test_a_statement_naming_last_years_election_joins_todays_fact(
    analyzer: Analyzer, embed: Embed
) -> None:
    # One fact told by two outlets; the second also names what the inquiry is about, "last
    # year's election", which once marked it as recounting another occurrence and kept it
    # out of the claim (neither gives a date, which would have told one occurrence).
    one = article(
        "p1",
        "Daily Ledger",
        "Councillor Ruth Abara refused to hand the harbour inquiry her emails about the pier "
        "contract.",
    )
    two = article(
        "p2",
        "Coast Herald",
        "Councillor Ruth Abara refused to give the harbour inquiry her emails about the pier "
        "contract, part of its review of last year's election.",
    )
    result = run_story(analyzer, embed, [one, two])
    claim = claim_with(result, "refused to hand")
    assert articles_of(claim) == {"p1", "p2"}


def test_an_article_the_claim_holds_gives_its_restatement_too() -> None:
    # The courier's lead is in the claim with the ledger's sentence; its later sentence states
    # the fact again (0.5 with both): a second support of the same article, which counts no
    # second family.
    score = scores({(0, 3): 0.6, (0, 4): 0.5, (3, 4): 0.5})
    assert extend_claim([0, 3], UNITS, score, CFG, always) == [0, 3, 4]
    # A claim of one article takes in no second statement of it: nothing else vouches.
    assert extend_claim([3], UNITS, scores({(3, 4): 0.7}), CFG, always) == [3]
    # At most max_per_article statements of one article.
    tight = dataclasses.replace(CFG, max_per_article=1)
    assert extend_claim([0, 3], UNITS, score, tight, always) == [0, 3]
