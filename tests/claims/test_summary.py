"""A story's summary and coverage, claim ids, the store round trip, and what is no claim."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.analyze import Analyzer
from storyline.claims import Embed, build_claims
from storyline.claims.units import is_statement, points_back
from storyline.model import (
    AlignedQuote,
    Analysis,
    Article,
    Claim,
    Conflict,
    Story,
    StorySummary,
)
from storyline.quotation import balanced
from storyline.store import SQLiteStore
from tests.claims.helpers import (
    CFG,
    FORUM,
    HERALD,
    LEDGER,
    SUMMIT,
    TRIBUNE,
    WIRE,
    article,
    claim_with,
    run_story,
)


def test_summary_is_extractive_cited_and_ordered(analyzer: Analyzer, embed: Embed) -> None:
    result = run_story(analyzer, embed, [LEDGER, HERALD, TRIBUNE], [WIRE])
    sentences = result.summary.sentences
    assert 0 < len(sentences) <= CFG.summary_sentences
    claims = {c.claim_id: c for c in result.claims}
    for s in sentences:
        assert s.citations and s.family_count == claims[s.claim_id].family_count
        # nothing appears that no source states: each sentence is a supporting sentence's text
        # (with the quotation mark it lacks, when cut out of a longer quotation)
        assert s.text in {balanced(c.text) for c in s.citations}
    order = [claims[s.claim_id].importance for s in sentences]
    assert order == sorted(order, reverse=True)
    # the fact three articles and two families report leads
    assert "northern quay" in sentences[0].text


def test_coverage_matrix(analyzer: Analyzer, embed: Embed) -> None:
    result = run_story(analyzer, embed, [LEDGER, HERALD, TRIBUNE], [WIRE])
    cov = result.coverage
    assert cov.outlets == ("Coast Herald", "Daily Ledger", "Porto Tribune")
    rows = {r.claim_id: r.reported_by for r in cov.rows}
    assert rows[claim_with(result, "closed the northern quay").claim_id] == (True, True, True)
    assert rows[claim_with(result, "Insurers expect").claim_id] == (False, False, True)
    assert len(rows) == len(result.claims)


@settings(
    max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(order=st.permutations([LEDGER, HERALD, TRIBUNE]))
def test_ids_do_not_depend_on_input_order(
    analyzer: Analyzer, embed: Embed, order: list[Article]
) -> None:
    reference = run_story(analyzer, embed, [LEDGER, HERALD, TRIBUNE], [WIRE])
    shuffled = run_story(analyzer, embed, order, [WIRE])
    assert {c.claim_id for c in shuffled.claims} == {c.claim_id for c in reference.claims}
    assert [s.claim_id for s in shuffled.summary.sentences] == [
        s.claim_id for s in reference.summary.sentences
    ]


def test_results_round_trip_through_the_store(
    analyzer: Analyzer, embed: Embed, store: SQLiteStore
) -> None:
    result = run_story(analyzer, embed, [SUMMIT, FORUM])
    store.put([*result.claims, *result.conflicts, *result.quotes, result.summary])
    assert list(store.all(Claim, story_id="story_t")) == list(result.claims)
    assert list(store.all(Conflict)) == list(result.conflicts)
    assert list(store.all(AlignedQuote)) == list(result.quotes)
    assert store.get(StorySummary, "story_t") == result.summary


def test_a_release_header_with_its_date_stamp_is_no_claim(analyzer: Analyzer, embed: Embed) -> None:
    notice = article(
        "n1",
        "Harbour Authority",
        "Harbour Authority of Porto - notice to shipping date 2026-02-09\n"
        "The harbour authority closed the northern quay after a crane collapsed on Monday. "
        "Pilots were told that the date 2026-02-16 is the earliest the quay can reopen.",
    )
    texts = [c.text for c in run_story(analyzer, embed, [notice]).claims]
    assert not any("notice to shipping" in t for t in texts)  # the header: no statement
    assert any(t.startswith("The harbour authority closed") for t in texts)
    # A sentence that mentions a date stamp and ends in a stop is still a statement.
    assert any("the earliest the quay can reopen" in t for t in texts)


def test_empty_story_has_no_claims(embed: Embed) -> None:
    story = Story(story_id="story_e", title="", article_ids=("x",))
    empty = Analysis(article_id="x", model="none")
    result = build_claims(story, [article("x", "o", "")], [empty], [], CFG, embed)
    assert result.claims == () and result.summary.sentences == () and result.quotes == ()


def test_summary_leaves_out_the_weaker_side_of_a_conflict(analyzer: Analyzer, embed: Embed) -> None:
    third = article(
        "c3",
        "Porto Tribune",
        "Ana Duarte and Karim Bennani signed the fisheries accord on the sidelines of the "
        "Atlantic Ocean Summit in Lisbon, officials said.",
    )
    result = run_story(analyzer, embed, [SUMMIT, FORUM, third])
    summit, forum = claim_with(result, "Atlantic Ocean"), claim_with(result, "Mediterranean")
    assert summit.family_count == 2 and forum.family_count == 1
    in_summary = {s.claim_id for s in result.summary.sentences}
    assert summit.claim_id in in_summary and forum.claim_id not in in_summary
    # a tie (one family each) keeps both sides out
    tied = run_story(analyzer, embed, [SUMMIT, FORUM])
    disputed = {c.claim_a for c in tied.conflicts} | {c.claim_b for c in tied.conflicts}
    assert disputed and not disputed & {s.claim_id for s in tied.summary.sentences}


def test_a_dateline_with_an_ordinal_date_is_no_statement() -> None:
    # Written for this test: a wire dateline the splitter leaves as a sentence of its own. The
    # "th" of "14th" is no running word, so it reads as the header it is.
    assert not is_statement("date 2026-03-14 PORTO AUREL, (Harbour Wire - 14th Mar, 2026)", CFG)
    assert not is_statement("KESTREL CITY, (Coastal Post - 3rd Feb, 2026)", CFG)
    # The statement after it, and a statement naming an ordinal day, still are.
    assert is_statement("The ferry operator cancelled the 3rd and 4th sailings on Monday.", CFG)


def test_a_sentence_whose_subject_points_back_is_a_claim_but_no_summary_line(
    analyzer: Analyzer, embed: Embed
) -> None:
    """"He said the quay would stay shut" names no one once it leaves its article: it stays a
    claim (two families state it) and the summary leaves it out; a sentence naming its subject
    is summed up."""
    ledger = article(
        "p1",
        "Daily Ledger",
        "Harbour master Rui Costa inspected the collapsed crane at the northern quay on "
        "Monday. He said the northern quay would stay shut until Friday while engineers "
        "checked the rails.",
    )
    herald = article(
        "p2",
        "Coast Herald",
        "Harbour master Rui Costa inspected the fallen crane at the northern quay on Monday. "
        "He said the northern quay would stay shut until Friday while engineers checked the "
        "rails.",
    )
    result = run_story(analyzer, embed, [ledger, herald])
    pointing = claim_with(result, "He said the northern quay would stay shut")
    assert pointing.family_count == 2
    lines = [s.text for s in result.summary.sentences]
    assert lines and all(not t.startswith("He ") for t in lines)
    assert any("Rui Costa inspected" in t for t in lines)


def test_what_points_back_to_the_sentence_before() -> None:
    assert points_back("He said he had never been clearer.")
    assert points_back("But they noticed that no email was missing.")
    assert points_back("Their lawyers asked for more time.")
    assert not points_back("Harbour master Rui Costa inspected the crane.")
    assert not points_back("Hebrew schools opened late.")  # a whole word, not a prefix
    # An opener that may point back or not is only a wording's last choice.
    assert not points_back("This week the council meets twice.")
    assert points_back("This week the council meets twice.", or_may=True)
    assert points_back("It would require every candidate to file a return.", or_may=True)
