"""Claims grouping: wire copies count once, paraphrases join on shared anchors, different numbers,
directions and negations never join."""

from __future__ import annotations

import dataclasses

from storyline.analyze import Analyzer
from storyline.claims import Embed, build_claims
from storyline.claims.anchors import anchor_matrix, anchors
from storyline.claims.facts import unit_facts
from storyline.claims.units import statements
from storyline.model import (
    Story,
)
from tests.claims.helpers import (
    CFG,
    HERALD,
    LEDGER,
    LIBRARY_COURIER,
    LIBRARY_POST,
    TRIBUNE,
    WIRE,
    article,
    articles_of,
    claim_with,
    run_story,
)


def test_wire_copies_count_as_one_family(analyzer: Analyzer, embed: Embed) -> None:
    result = run_story(analyzer, embed, [LEDGER, HERALD, TRIBUNE], [WIRE])
    injured = claim_with(result, "Two dock workers")
    assert articles_of(injured) == {"a1", "a2"}
    assert injured.article_count == 2
    assert injured.family_count == 1
    assert injured.single_source
    assert injured.outlets == ("Coast Herald", "Daily Ledger")
    # a light edit ("... said in a statement.") is still the same claim
    assert {s.text.endswith("in a statement.") for s in injured.supports} == {True, False}


def test_paraphrase_from_another_family_merges(analyzer: Analyzer, embed: Embed) -> None:
    result = run_story(analyzer, embed, [LEDGER, HERALD, TRIBUNE], [WIRE])
    closed = claim_with(result, "closed the northern quay")
    assert articles_of(closed) == {"a1", "a2", "a3"}
    assert closed.family_count == 2
    assert not closed.single_source
    # the independent-only fact is single-source
    insurers = claim_with(result, "Insurers expect")
    assert insurers.single_source and insurers.article_count == 1


def test_anchors_are_dates_figures_and_content_predicates(analyzer: Analyzer) -> None:
    (analysis,) = analyzer([LIBRARY_POST])
    first = next(s for s in analysis.sentences if s.index == 0)
    facts = unit_facts(LIBRARY_POST.text[first.start : first.end], first.start, analysis, 0)
    kinds = {kind for kind, *_ in anchors(facts)}
    assert kinds == {"date", "number", "predicate"}
    assert ("predicate", "approve", 0.0, 0.0) in anchors(facts)
    assert any(kind == "date" and value.startswith("2026-03") for kind, value, *_ in anchors(facts))


def test_shared_anchors_join_a_paraphrase_the_words_alone_do_not(
    analyzer: Analyzer, embed: Embed
) -> None:
    articles = [LIBRARY_POST, LIBRARY_COURIER]
    analyses = analyzer(articles)
    story = Story(story_id="story_lib", title="library", article_ids=("m1", "m2"))
    joined = build_claims(story, articles, analyses, [], CFG, embed)
    money = claim_with(joined, "$4.2 million")
    assert articles_of(money) == {"m1", "m2"}
    assert money.family_count == 2
    assert joined.conflicts == ()
    # Without the anchors the two wordings stay apart: the bonus is what joins them.
    apart = build_claims(
        story, articles, analyses, [], dataclasses.replace(CFG, anchor_bonus=0.0), embed
    )
    assert all(len(articles_of(c)) == 1 for c in apart.claims)
    # The other sentences share no anchor and stay single-source.
    assert claim_with(joined, "Critics said").single_source


def test_an_anchor_most_of_the_story_shares_counts_for_nothing(
    analyzer: Analyzer, embed: Embed
) -> None:
    text = " ".join(
        f"Inspectors visited farm number {n} in the Tarrow valley on Tuesday and found no sick "
        f"animals there."
        for n in range(3, 13)
    )
    farm = article("v1", "Valley Post", text)
    analyses = analyzer([farm])
    units = statements([farm], {a.article_id: a for a in analyses}, {"v1": "f1"}, set(), CFG)
    assert len(units) == 10
    shared = anchor_matrix(units)
    # "Tuesday" and "visit" are in every statement: the story's own date and verb, no anchor.
    assert float(shared.max()) == 0.0


def test_one_date_in_both_tells_one_occurrence_despite_last_year(
    analyzer: Analyzer, embed: Embed
) -> None:
    senate = article(
        "s1",
        "Daily Ledger",
        "The Senate committee sent two subpoenas to the Harwell shipping firms on Tuesday.",
    )
    leaders = article(
        "s2",
        "Coast Herald",
        "The Senate committee said on Tuesday it had sent subpoenas to two Harwell shipping "
        "firms that were founded last year.",
    )
    result = run_story(analyzer, embed, [senate, leaders])
    claim = claim_with(result, "subpoenas to the Harwell")
    assert articles_of(claim) == {"s1", "s2"}


def test_different_numbers_never_merge_and_conflict(analyzer: Analyzer, embed: Embed) -> None:
    one = article(
        "n1",
        "Daily Ledger",
        "Exports of cork from Portugal rose 5 percent in March, the trade ministry said. "
        "The ministry credited new orders from wine makers.",
    )
    two = article(
        "n2",
        "Coast Herald",
        "Exports of cork from Portugal rose 7 percent in March, the trade ministry said. "
        "Producers in the Alentejo welcomed the figures.",
    )
    result = run_story(analyzer, embed, [one, two])
    five, seven = claim_with(result, "5 percent"), claim_with(result, "7 percent")
    assert five.claim_id != seven.claim_id
    kinds = {
        c.kind
        for c in result.conflicts
        if {c.claim_a, c.claim_b} == {five.claim_id, seven.claim_id}
    }
    assert kinds == {"number"}


def test_opposite_directions_never_merge(analyzer: Analyzer, embed: Embed) -> None:
    up = article(
        "d1",
        "Daily Ledger",
        "Trade between Portugal and Morocco rose sharply over the winter, customs officials said.",
    )
    down = article(
        "d2",
        "Coast Herald",
        "Trade between Portugal and Morocco fell sharply over the winter, customs officials said.",
    )
    result = run_story(analyzer, embed, [up, down])
    assert (
        claim_with(result, "rose sharply").claim_id != claim_with(result, "fell sharply").claim_id
    )


def test_negation_never_merges(analyzer: Analyzer, embed: Embed) -> None:
    yes = article(
        "g1",
        "Daily Ledger",
        "The transport minister said the northern quay will reopen to container ships next week.",
    )
    no = article(
        "g2",
        "Coast Herald",
        "The transport minister said the northern quay will not reopen to container ships next "
        "week.",
    )
    result = run_story(analyzer, embed, [yes, no])
    assert claim_with(result, "will reopen").claim_id != claim_with(result, "will not").claim_id


def test_a_sentence_telling_two_facts_words_only_the_more_important_claim(
    analyzer: Analyzer, embed: Embed
) -> None:
    # One outlet tells the budget and the veto in one sentence, the other in two: the long
    # sentence supports both claims, and both showed it as their wording (two rows alike).
    one = article(
        "c1",
        "Valley Courier",
        "The Tarvos city council approved a budget of 41 million crowns for the harbor on "
        "Monday. Mayor Ines Halvorsen vetoed the council's plan to close the old ferry pier "
        "on Monday.",
    )
    two = article(
        "c2",
        "Harbor Times",
        "On Monday the Tarvos city council approved a harbor budget of 41 million crowns, and "
        "Mayor Ines Halvorsen vetoed the council's plan to close the old ferry pier.",
    )
    result = run_story(analyzer, embed, [one, two])
    assert len(result.claims) == 2
    assert all(c.family_count == 2 for c in result.claims)  # the shared sentence counts in both
    assert len({c.text for c in result.claims}) == 2
    assert any(c.text.startswith("Mayor Ines Halvorsen vetoed") for c in result.claims)
