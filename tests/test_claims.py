"""Claims: hand-written stories for each behaviour, then the seeds.

Every article below is fiction written for these tests. The language models are the real ones
(spaCy en_core_web_sm for sentences and entities, all-MiniLM-L6-v2 for similarity), loaded once.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.analyze import Analyzer, make_analyzer, resolve_entities
from storyline.claims import ClaimSet, Embed, build_claims, update_claims
from storyline.claims import stage as claims_stage
from storyline.claims.facts import POLARITY, Facts, unit_facts
from storyline.claims.grouping import anchor_matrix, anchors, opposed
from storyline.claims.units import statements
from storyline.cli import cli
from storyline.config import AnalyzeConfig, ClaimConfig, Config, EventConfig
from storyline.embed import MODEL_NAME, shared_embedder
from storyline.events import update_events
from storyline.model import (
    AlignedQuote,
    Analysis,
    Article,
    Claim,
    Conflict,
    Quote,
    Sentence,
    SentenceVector,
    SourceFamily,
    Story,
    StorySummary,
)
from storyline.pipeline import run
from storyline.store import SQLiteStore, open_store
from tests.conftest import REPO, SEEDS

CFG = ClaimConfig()


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return make_analyzer(AnalyzeConfig())


@pytest.fixture(scope="module")
def embed() -> Embed:
    return shared_embedder()


# Every hand-written report is published on one Wednesday, so "on Tuesday" is a day.
PUBLISHED = datetime(2026, 3, 4, 9, 0)


def article(article_id: str, outlet: str, text: str) -> Article:
    return Article(
        article_id=article_id,
        report_id=article_id,
        origin=f"{article_id}.txt",
        kind="text",
        text=text,
        outlet=outlet,
        published=PUBLISHED,
    )


def run_story(
    analyzer: Analyzer,
    embed: Embed,
    articles: Sequence[Article],
    families: Sequence[SourceFamily] = (),
    background: Sequence[Article] = (),
    quotes: Mapping[str, Sequence[Quote]] | None = None,
) -> ClaimSet:
    analyses = analyzer([*articles, *background])
    if quotes:
        analyses = [
            dataclasses.replace(a, quotes=tuple(quotes.get(a.article_id, ()))) for a in analyses
        ]
    story = Story(
        story_id="story_t", title="test", article_ids=tuple(a.article_id for a in articles)
    )
    return build_claims(story, articles, analyses, families, CFG, embed, background=background)


def claim_with(result: ClaimSet, words: str) -> Claim:
    found = [c for c in result.claims if any(words in s.text for s in c.supports)]
    assert len(found) == 1, f"{len(found)} claims state {words!r}: {[c.text for c in found]}"
    return found[0]


def articles_of(claim: Claim) -> set[str]:
    return {s.article_id for s in claim.supports}


# --- grouping --------------------------------------------------------------------------------

LEDGER = article(
    "a1",
    "Daily Ledger",
    "The harbour authority of Porto closed the northern quay after a crane collapsed on Monday "
    "morning. Two dock workers were taken to hospital with minor injuries, the authority said. "
    "Shipping companies were told to divert cargo to the southern terminal.",
)
HERALD = article(
    "a2",
    "Coast Herald",
    "Cargo ships will dock elsewhere for now. The harbour authority of Porto closed the northern "
    "quay after a crane collapsed on Monday morning. Two dock workers were taken to hospital with "
    "minor injuries, the authority said in a statement.",
)
TRIBUNE = article(
    "a3",
    "Porto Tribune",
    "A crane collapse on Monday morning led Porto's harbour authority to shut the northern quay. "
    "Insurers expect the repairs to take at least a month. The quay handles most of the city's "
    "fruit imports.",
)
WIRE = SourceFamily(family_id="fam_wire", article_ids=("a1", "a2"))


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


# One fact told in other words: the same Tuesday, the same $4.2 million, little wording shared.
LIBRARY_POST = article(
    "m1",
    "Valley Post",
    "The Brennick town council approved $4.2 million for a new public library on Tuesday. The "
    "vote followed two hours of debate. Residents had asked for longer opening hours at the old "
    "building.",
)
LIBRARY_COURIER = article(
    "m2",
    "Hill Courier",
    "On Tuesday Brennick's elected officials voted to pay $4.2 million for a building where "
    "readers can borrow books. Critics said the money should repair roads instead. The mayor "
    "thanked volunteers.",
)


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
        f"animals there." for n in range(3, 13)
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


# --- conflicts -------------------------------------------------------------------------------

SUMMIT = article(
    "c1",
    "Daily Ledger",
    "Foreign Minister Ana Duarte and her Moroccan counterpart Karim Bennani signed the fisheries "
    "accord on the sidelines of the Atlantic Ocean Summit in Lisbon. The accord sets new quotas "
    "for sardine fleets.",
)
FORUM = article(
    "c2",
    "Coast Herald",
    "Foreign Minister Ana Duarte and her Moroccan counterpart Karim Bennani signed the fisheries "
    "accord on the sidelines of the Mediterranean Trade Forum in Lisbon. Fishing crews in Peniche "
    "had waited two years for it.",
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


# --- quotes ----------------------------------------------------------------------------------


def quote(art: Article, content: str, kind: str, speaker: str, entity: str) -> Quote:
    start = art.text.index(content)
    return Quote(
        quote_id=f"q_{art.article_id}_{start}",
        sentence=0,
        kind=kind,  # type: ignore[arg-type]
        content_start=start,
        content_end=start + len(content),
        content=content,
        speaker_text=speaker,
        speaker_name=speaker,
        speaker_entity_id=entity,
    )


def test_direct_and_paraphrased_quote_align(analyzer: Analyzer, embed: Embed) -> None:
    direct = article(
        "q1",
        "Daily Ledger",
        "“Portugal has always been our closest partner in Europe, and it will remain so,” "
        "Karim Bennani said after the talks in Lisbon.",
    )
    indirect = article(
        "q2",
        "Coast Herald",
        "Karim Bennani described Portugal as Morocco's closest partner in Europe after the talks "
        "in Lisbon.",
    )
    other = article(
        "q3",
        "Porto Tribune",
        "“The quotas will hurt small boats,” said Rui Costa, who leads the fishermen's union in "
        "Peniche.",
    )
    quotes = {
        "q1": [
            quote(
                direct,
                "Portugal has always been our closest partner in Europe, and it will remain so",
                "direct",
                "Karim Bennani",
                "ent_bennani",
            )
        ],
        "q2": [
            quote(
                indirect,
                "Portugal as Morocco's closest partner in Europe",
                "indirect",
                "Karim Bennani",
                "ent_bennani",
            )
        ],
        "q3": [
            quote(other, "The quotas will hurt small boats", "direct", "Rui Costa", "ent_costa")
        ],
    }
    result = run_story(analyzer, embed, [direct, indirect, other], quotes=quotes)
    by_speaker = {q.speaker_name: q for q in result.quotes}
    assert set(by_speaker) == {"Karim Bennani", "Rui Costa"}
    bennani = by_speaker["Karim Bennani"]
    assert [(r.article_id, r.kind) for r in bennani.renderings] == [
        ("q1", "direct"),
        ("q2", "indirect"),
    ]
    assert len(by_speaker["Rui Costa"].renderings) == 1


def test_a_document_relaying_a_statement_is_the_same_claim_not_a_conflict(tmp_path: Path) -> None:
    # The bundled sample: the minister says the allocation will be reviewed every five years,
    # and another report has the same "according to a copy of the text seen by Meridian Wire".
    # The document agrees with her; attributing it to the copy (or its reader) is no conflict.
    with open_store(tmp_path / "sample.db") as store:
        run(store, [str(REPO / "examples" / "corpus")], Config())
        relayed = [
            q for a in store.all(Analysis) for q in a.quotes
            if q.cue == "according to" and "every five years" in q.content
        ]
        assert relayed
        conflicts = list(store.all(Conflict))
        # The sample's real conflicts: the share of the flow and where the pact was signed
        # (the Coastal Gazette's 45 percent in Port Aurel against the wire's 40 in Kestrel City,
        # which the Daily Lantern reprints: one claim, one conflict of each kind).
        assert sorted(c.kind for c in conflicts) == ["number", "place"]
        (share,) = [c for c in conflicts if c.kind == "number"]
        assert "'40 percent' against '45 percent'" in share.reason or (
            "'45 percent' against '40 percent'" in share.reason
        )
        # Whom a sentence cites is its source, not a participant of the fact: the minister's
        # statement and the copy of the text are one claim from three independent sources.
        review = [c for c in store.all(Claim) if "every five years" in c.text]
        assert len(review) == 1 and review[0].family_count == 3


def test_one_deed_told_with_another_number_and_place_is_two_conflicts(
    analyzer: Analyzer, embed: Embed
) -> None:
    one = article(
        "d1",
        "Daily Ledger",
        "Mayor Ines Calvo signed the harbour lease in Porto on Friday, giving the fishing "
        "cooperative 30 percent of the berths.",
    )
    two = article(
        "d2",
        "Coast Herald",
        "Mayor Ines Calvo signed the harbour lease in Lisbon on Friday, giving the fishing "
        "cooperative 35 percent of the berths.",
    )
    kinds = sorted(c.kind for c in run_story(analyzer, embed, [one, two]).conflicts)
    assert kinds == ["number", "place"]
    # Another day as well as another place: two occurrences, no conflict at all.
    three = article(
        "d3",
        "Porto Tribune",
        "Mayor Ines Calvo signed the harbour lease in Lisbon on Tuesday, giving the fishing "
        "cooperative 35 percent of the berths.",
    )
    assert run_story(analyzer, embed, [one, three]).conflicts == ()


def test_same_words_different_speaker_is_a_conflict(analyzer: Analyzer, embed: Embed) -> None:
    one = article(
        "s1",
        "Daily Ledger",
        "Ana Duarte said: “This accord protects every sardine boat on our coast.”",
    )
    two = article(
        "s2",
        "Coast Herald",
        "Karim Bennani said: “This accord protects every sardine boat on our coast.”",
    )
    content = "This accord protects every sardine boat on our coast."
    quotes = {
        "s1": [quote(one, content, "direct", "Ana Duarte", "ent_duarte")],
        "s2": [quote(two, content, "direct", "Karim Bennani", "ent_bennani")],
    }
    result = run_story(analyzer, embed, [one, two], quotes=quotes)
    assert len(result.quotes) == 2  # not aligned: different speakers
    assert [c.kind for c in result.conflicts] == ["speaker"]


# --- summary, coverage, ids, store -----------------------------------------------------------


def test_summary_is_extractive_cited_and_ordered(analyzer: Analyzer, embed: Embed) -> None:
    result = run_story(analyzer, embed, [LEDGER, HERALD, TRIBUNE], [WIRE])
    sentences = result.summary.sentences
    assert 0 < len(sentences) <= CFG.summary_sentences
    claims = {c.claim_id: c for c in result.claims}
    for s in sentences:
        assert s.citations and s.family_count == claims[s.claim_id].family_count
        # nothing appears that no source states: each sentence is a supporting sentence's text
        assert s.text in {c.text for c in s.citations}
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


# --- the seeds -------------------------------------------------------------------------------


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
        c for c in seeds_result.claims
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


# --- the stage in the pipeline, `show` and `export` ------------------------------------------


def invoke(db: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)
    return result.exit_code, result.stdout


def test_pipeline_show_and_export(tmp_path: Path, analyzer: Analyzer) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for art in (LEDGER, HERALD, TRIBUNE, SUMMIT, FORUM):
        (folder / f"{art.article_id}.txt").write_text(art.text + "\n", encoding="utf-8")
    db = tmp_path / "s.db"
    assert invoke(db, "-q", "ingest", str(folder))[0] == 0
    with open_store(db) as store:
        stored = {a.origin.rsplit("/", 1)[-1][:2]: a for a in store.all(Article)}
        store.put(analyzer(list(stored.values())))
        ids = {k: a.article_id for k, a in stored.items()}
        store.put([SourceFamily(family_id="fam_wire", article_ids=(ids["a1"], ids["a2"]))])
        store.put(
            [
                Story(
                    story_id="story_quay",
                    title="Crane collapse shuts Porto quay",
                    article_ids=(ids["a1"], ids["a2"], ids["a3"]),
                ),
                Story(
                    story_id="story_accord",
                    title="Fisheries accord signed",
                    article_ids=(ids["c1"], ids["c2"]),
                ),
            ]
        )
        # The claims stage alone: pipeline.run would also (re)assign these hand-made stories.
        told: list[tuple[int, int]] = []
        first = update_claims(store, Config().claims, progress=lambda *c: told.append(c)).line()
        assert first.startswith("2 stories updated")
        assert told == [(0, 2), (1, 2), (2, 2)]  # counted story by story, for an estimate
        # Every statement is encoded once, however many stories read it.
        assert " sentences encoded (0 stored) for " in first
        again = update_claims(store, Config().claims).line()  # nothing changed: no recompute
        assert again.startswith("0 stories updated") and "2 unchanged" in again
        assert again.endswith("0 sentences encoded (0 stored) for 0 read")
        texts = {a.article_id: a.text for a in store.all(Article)}

    code, out = invoke(db, "show", "story_quay")
    assert code == 0
    for heading in (
        "Summary",
        "Claims",
        "Conflicts",
        "Quotes by speaker",
        "Articles by source family",
    ):
        assert heading in out
    assert "Crane collapse shuts Porto quay" in out and "fam_wire" in out

    code, out = invoke(db, "show", "story_quay", "--json")
    data = json.loads(out)
    assert data["story"]["story_id"] == "story_quay"
    assert data["summary"]["sentences"] and data["claims"] and data["coverage"]["outlets"]
    assert {f["family_id"] for f in data["families"]} >= {"fam_wire"}

    code, out = invoke(db, "export", "claims", "--format", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert {r["story_id"] for r in rows} == {"story_quay", "story_accord"}
    for r in rows:
        assert r["text"] and r["source_ids"] and r["families"]
        for s in r["supports"]:
            assert texts[s["article_id"]][s["start"] : s["end"]] == s["text"]
    accord = [r for r in rows if r["story_id"] == "story_accord" and r["conflict_partners"]]
    assert len(accord) == 2  # the two occasions name each other

    code, out = invoke(db, "export", "conflicts", "--format", "jsonl")
    conflicts = [json.loads(line) for line in out.splitlines()]
    assert [(c["story_id"], c["kind"]) for c in conflicts] == [("story_accord", "occasion")]
    assert conflicts[0]["claim_a"]["supports"] and conflicts[0]["claim_b"]["source_ids"]

    code, _ = invoke(db, "show", "story_missing")
    assert code == 2  # a clear error, no traceback


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


def test_update_claims_recomputes_changed_stories_and_drops_gone_ones(
    store: SQLiteStore, analyzer: Analyzer, embed: Embed
) -> None:
    store.put([LEDGER, HERALD, TRIBUNE, SUMMIT, FORUM])
    store.put(analyzer([LEDGER, HERALD, TRIBUNE, SUMMIT, FORUM]))
    quay = Story(story_id="story_quay", title="quay", article_ids=("a1", "a2"))
    accord = Story(story_id="story_accord", title="accord", article_ids=("c1", "c2"))
    store.put([quay, accord])
    assert update_claims(store, CFG, embed).updated == 2
    before = {c.claim_id for c in store.all(Claim, story_id="story_quay")}
    # a new article joins one story: only that story is recomputed, its old claims replaced
    store.put([dataclasses.replace(quay, article_ids=("a1", "a2", "a3"))])
    again = update_claims(store, CFG, embed)
    assert (again.updated, again.unchanged) == (1, 1)
    after = {c.claim_id for c in store.all(Claim, story_id="story_quay")}
    assert after != before
    assert all(
        s.article_id in {"a1", "a2", "a3"}
        for c in store.all(Claim, story_id="story_quay")
        for s in c.supports
    )
    assert any(c.article_count == 3 for c in store.all(Claim, story_id="story_quay"))
    # a story that no longer exists (merged away) loses its claims, conflicts and summary
    store.delete(Story, ["story_accord"])
    gone = update_claims(store, CFG, embed)
    assert gone.removed == 1
    assert store.count(Claim, story_id="story_accord") == 0
    assert store.count(Conflict, story_id="story_accord") == 0
    assert store.get(StorySummary, "story_accord") is None


def test_stories_claimed_by_older_rules_are_claimed_again(
    store: SQLiteStore, analyzer: Analyzer, embed: Embed, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A store claimed before a change of the rules is recomputed, not mixed with new results."""
    store.put([LEDGER, HERALD])
    store.put(analyzer([LEDGER, HERALD]))
    store.put([Story(story_id="story_quay", title="quay", article_ids=("a1", "a2"))])
    assert update_claims(store, CFG, embed).updated == 1
    assert update_claims(store, CFG, embed).unchanged == 1
    monkeypatch.setattr(claims_stage, "RULES_REVISION", claims_stage.RULES_REVISION + 1)
    again = update_claims(store, CFG, embed)
    assert (again.updated, again.unchanged) == (1, 0)
    # Claimed again, from the vectors the first run stored: nothing is encoded twice.
    assert again.encoded == 0 and again.loaded > 0
    # Another sentence encoder (its own name) claims the story again, from its own vectors.
    other = _Counting()
    other.name = "another-encoder"
    switched = update_claims(store, CFG, other)
    assert (switched.updated, switched.loaded) == (1, 0) and switched.encoded == len(other.texts)


class _Counting:
    """The real model under its own name, recording what it is asked to encode."""

    name = MODEL_NAME

    def __init__(self) -> None:
        self.texts: list[str] = []

    def __call__(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        self.texts.extend(texts)
        return shared_embedder()(texts)


def test_the_events_stage_reads_the_vectors_the_claims_stage_stored(
    tmp_path: Path, analyzer: Analyzer
) -> None:
    def fill(store: SQLiteStore) -> None:
        store.put([LEDGER, HERALD])
        store.put(analyzer([LEDGER, HERALD]))
        store.put([Story(story_id="story_quay", title="quay", article_ids=("a1", "a2"))])

    with open_store(tmp_path / "alone.db") as alone:
        fill(alone)
        events_alone = _Counting()
        update_events(alone, EventConfig(), events_alone)
    with open_store(tmp_path / "both.db") as both:
        fill(both)
        claims_model, events_model = _Counting(), _Counting()
        update_claims(both, CFG, claims_model)
        update_events(both, EventConfig(), events_model)
        everything = claims_model.texts + events_model.texts
        assert len(everything) == len(set(everything))  # no text encoded twice
        assert both.count(SentenceVector) == len(everything)
    # The sentences the claims stage had encoded are read back, not encoded again.
    assert len(events_model.texts) < len(events_alone.texts)
    assert set(events_alone.texts) - set(events_model.texts) <= set(claims_model.texts)


def test_update_claims_waits_for_analyses_and_follows_family_changes(
    store: SQLiteStore, analyzer: Analyzer, embed: Embed
) -> None:
    store.put([LEDGER, HERALD])
    store.put([Story(story_id="story_quay", title="quay", article_ids=("a1", "a2"))])
    update_claims(store, CFG, embed)
    assert store.count(Claim) == 0  # nothing analysed yet
    store.put(analyzer([LEDGER, HERALD]))
    assert update_claims(store, CFG, embed).updated == 1  # analyses arrived: recomputed
    wire = claim_with_stored(store, "Two dock workers")
    assert wire.family_count == 2
    store.put([WIRE])  # the reuse stage finds the copy: one family now
    assert update_claims(store, CFG, embed).updated == 1
    assert claim_with_stored(store, "Two dock workers").family_count == 1


def claim_with_stored(store: SQLiteStore, words: str) -> Claim:
    found = [c for c in store.all(Claim) if any(words in s.text for s in c.supports)]
    assert len(found) == 1
    return found[0]


# --- properties of the agreement checks ------------------------------------------------------


def facts_of(text: str) -> Facts:
    analysis = Analysis(
        article_id="p",
        model="none",
        sentences=(Sentence(index=0, start=0, end=len(text), text=text),),
    )
    return unit_facts(text, 0, analysis, 0)


def _exact(n: int) -> bool:
    return n % 10 != 0  # "297", not a round "300" that stands for 285-315


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    x=st.integers(min_value=11, max_value=10**6).filter(_exact),
    y=st.integers(min_value=11, max_value=10**6).filter(_exact),
)
def test_one_count_told_with_two_figures_is_a_number_conflict(
    analyzer: Analyzer, embed: Embed, x: int, y: int
) -> None:
    """The same sentence in two outlets with another count of the same thing: a conflict
    exactly when the figures differ, and never one claim."""
    template = "The port of Setubal handled {:,} containers in March, the harbour authority said."
    one = article("x1", "Daily Ledger", template.format(x))
    two = article("x2", "Coast Herald", template.format(y))
    result = run_story(analyzer, embed, [one, two])
    kinds = {c.kind for c in result.conflicts}
    assert kinds == ({"number"} if x != y else set())
    assert len(result.claims) == (2 if x != y else 1)


_AXES: dict[str, dict[int, list[str]]] = {}
for _word, (_axis, _sign) in POLARITY.items():
    _AXES.setdefault(_axis, {}).setdefault(_sign, []).append(_word)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_opposite_direction_words_always_oppose(data: st.DataObject) -> None:
    axis = data.draw(st.sampled_from(sorted(_AXES)))
    plus = data.draw(st.sampled_from(_AXES[axis][1]))
    minus = data.draw(st.sampled_from(_AXES[axis][-1]))
    template = "Officials say the harbour fees {} after the council vote in Porto."
    a, b = facts_of(template.format(plus)), facts_of(template.format(minus))
    assert opposed(a, b) is not None
    assert opposed(a, facts_of(template.format(plus))) is None


# --- what counts as a contradiction, and what does not ----------------------------------------


def conflict_kinds(result: ClaimSet) -> list[str]:
    return sorted(c.kind for c in result.conflicts)


COPY = (
    "Customs officers at the port of Setubal seized {n} kilos of cocaine hidden in a shipment "
    "of bananas on {day}, the interior ministry said in a statement from {place}."
)


@pytest.mark.parametrize(
    ("changed", "kind"),
    [
        ({"n": "310"}, "number"),
        ({"day": "Thursday"}, "date"),
        ({"place": "Porto"}, "place"),
    ],
)
def test_one_copy_altered_in_one_slot_is_a_sure_conflict(
    analyzer: Analyzer, embed: Embed, changed: dict[str, str], kind: str
) -> None:
    values = {"n": "240", "day": "Monday", "place": "Lisbon"}
    one = article("w1", "Daily Ledger", COPY.format(**values))
    two = article("w2", "Coast Herald", COPY.format(**{**values, **changed}))
    result = run_story(analyzer, embed, [one, two])
    assert conflict_kinds(result) == [kind]
    (conflict,) = result.conflicts
    assert conflict.confidence >= 0.9 and "Daily Ledger" in conflict.summary
    assert changed[next(iter(changed))] in conflict.summary  # what differs, as written


def test_the_same_copy_with_light_edits_is_one_claim_and_no_conflict(
    analyzer: Analyzer, embed: Embed
) -> None:
    values = {"n": "240", "day": "Monday", "place": "Lisbon"}
    one = article("w1", "Daily Ledger", COPY.format(**values))
    edited = COPY.format(**values).replace("said in a statement", "said")
    two = article("w2", "Coast Herald", edited)
    result = run_story(analyzer, embed, [one, two])
    assert result.conflicts == ()
    assert len(result.claims) == 1 and result.claims[0].family_count == 2


def test_another_actor_in_a_copy_is_a_participant_conflict(
    analyzer: Analyzer, embed: Embed
) -> None:
    text = (
        "Interior Minister {who} announced the seizure at a news conference in Lisbon on "
        "Monday, calling it the largest of the year."
    )
    one = article("w1", "Daily Ledger", text.format(who="Rita Almeida"))
    two = article("w2", "Coast Herald", text.format(who="Jorge Pinto"))
    assert conflict_kinds(run_story(analyzer, embed, [one, two])) == ["participant"]


def test_counts_of_two_different_things_are_no_conflict(analyzer: Analyzer, embed: Embed) -> None:
    struck = article(
        "k1",
        "Daily Ledger",
        "A gunman opened fire at the Alvor marina on Sunday, striking four people before "
        "police arrested him.",
    )
    injured = article(
        "k2",
        "Coast Herald",
        "Six people were injured in the attack at the Alvor marina on Sunday, police said.",
    )
    assert run_story(analyzer, embed, [struck, injured]).conflicts == ()


def test_an_approximate_figure_agrees_with_the_exact_one(analyzer: Analyzer, embed: Embed) -> None:
    nearly = article(
        "r1",
        "Daily Ledger",
        "Nearly 300 families were evacuated from the Tagus valley on Monday as the river rose.",
    )
    exact = article(
        "r2",
        "Coast Herald",
        "Some 297 families were evacuated from the Tagus valley on Monday as the river rose.",
    )
    assert run_story(analyzer, embed, [nearly, exact]).conflicts == ()


def test_two_statements_giving_the_same_two_figures_agree(
    analyzer: Analyzer, embed: Embed
) -> None:
    """Each sentence gives both shares. In a longer article the parse can hang the second
    share on the leader's verb too ("leads ... with 34 percent ... followed by ... at 22
    percent each"), so one "leads" carries 22 and the other 34; nobody contradicts anybody."""
    one = article(
        "f1",
        "Daily Ledger",
        "In the survey, Marta Reis leads the mayoral field with 34 percent of voters, followed "
        "by Tomas Leal and Joana Paiva at 22 percent each.",
    )
    two = article(
        "f2",
        "Coast Herald",
        "A city survey released Monday shows Tomas Leal tied for second with Joana Paiva in the "
        "mayoral field at 22 percent (Marta Reis leads with 34 percent).",
    )
    analyses = analyzer([one, two])

    def hung_on_lead(analysis: Analysis) -> Analysis:
        if analysis.article_id != "f1":
            return analysis
        lead = next(c for c in analysis.clauses if c.predicate == "lead")
        follow = next(c for c in analysis.clauses if c.predicate == "follow")
        moved = [dataclasses.replace(q, counted="") for q in follow.quantities]
        clauses = tuple(
            dataclasses.replace(c, quantities=(*c.quantities, *moved))
            if c is lead
            else dataclasses.replace(c, quantities=())
            if c is follow
            else c
            for c in analysis.clauses
        )
        return dataclasses.replace(analysis, clauses=clauses)

    analyses = [hung_on_lead(a) for a in analyses]
    story = Story(story_id="story_t", title="test", article_ids=("f1", "f2"))
    result = build_claims(story, [one, two], analyses, [], CFG, embed)
    assert result.conflicts == ()


def test_since_which_year_is_a_conflict(analyzer: Analyzer, embed: Embed) -> None:
    one = article("y1", "Daily Ledger", "Ines Calvo has led the fishermen's union since 2002.")
    two = article("y2", "Coast Herald", "Ines Calvo has led the fishermen's union since 2003.")
    assert conflict_kinds(run_story(analyzer, embed, [one, two])) == ["date"]


def test_a_later_report_with_a_higher_toll_is_an_update(analyzer: Analyzer, embed: Embed) -> None:
    monday = dataclasses.replace(
        article(
            "u1",
            "Daily Ledger",
            "The storm that hit the Algarve coast killed 12 people, the civil protection "
            "agency said.",
        ),
        published=datetime(2026, 3, 2, 18, 0),
    )
    tuesday = dataclasses.replace(
        article(
            "u2",
            "Coast Herald",
            "The storm that hit the Algarve coast killed 15 people, the civil protection "
            "agency said.",
        ),
        published=datetime(2026, 3, 3, 18, 0),
    )
    assert conflict_kinds(run_story(analyzer, embed, [monday, tuesday])) == []


def test_one_person_named_two_ways_is_no_conflict(analyzer: Analyzer, embed: Embed) -> None:
    one = article(
        "v1", "Daily Ledger", "Donald Trump signed the fisheries accord in Lisbon on Monday."
    )
    two = article("v2", "Coast Herald", "Trump signed the fisheries accord in Lisbon on Monday.")
    result = run_story(analyzer, embed, [one, two])
    assert result.conflicts == () and len(result.claims) == 1


def test_the_same_words_from_two_people_are_two_claims(analyzer: Analyzer, embed: Embed) -> None:
    """A short phrase two people both used is no contradiction, and no one claim."""
    one = article(
        "h1",
        "Daily Ledger",
        "Senator Maria Lopes said the council was on the wrong side of history.",
    )
    two = article(
        "h2",
        "Coast Herald",
        "Mayor Tomas Reis said the council was on the wrong side of history.",
    )
    result = run_story(analyzer, embed, [one, two])
    assert len(result.claims) == 2
    assert "speaker" not in conflict_kinds(result)


def test_headlines_bullets_questions_and_bare_quotes_are_no_claims(
    analyzer: Analyzer, embed: Embed
) -> None:
    text = (
        "Harbour Reopens After Crane Collapse\n\n"
        "• Northern quay shut for repairs until spring\n\n"
        "Will the fishing fleet return before the summer season?\n\n"
        "The harbour authority of Porto reopened the southern terminal on Monday, the port "
        "director said.\n\n"
        "“We will not let a single ship wait longer than a day.”\n\n"
        "Director Ana Ferraz added that repairs would cost about 2 million euros."
    )
    result = run_story(analyzer, embed, [article("q1", "Daily Ledger", text)])
    texts = [s.text for c in result.claims for s in c.supports]
    assert any(t.startswith("The harbour authority") for t in texts)
    assert any(t.startswith("Director Ana Ferraz") for t in texts)
    for not_claim in ("Harbour Reopens", "Northern quay", "Will the fishing", "We will not"):
        assert not any(not_claim in t for t in texts), not_claim


def test_a_sentence_stating_two_facts_supports_both_claims(
    analyzer: Analyzer, embed: Embed
) -> None:
    both = article(
        "m1",
        "Daily Ledger",
        "Mayor Rui Costa remained in hospital on Tuesday after a crane collapsed on the "
        "northern quay of Porto harbour.",
    )
    crane = article(
        "m2",
        "Coast Herald",
        "A crane collapsed on the northern quay of Porto harbour on Monday. Mayor Rui Costa "
        "remained in hospital on Tuesday, his office said.",
    )
    result = run_story(analyzer, embed, [both, crane])
    holders = [c for c in result.claims if "m1" in articles_of(c)]
    assert len(holders) == 2 and all(articles_of(c) == {"m1", "m2"} for c in holders)


_FRAGMENT_WORDS = ["the", "tax", "plan", "is", "a", "disaster", "for", "working", "families"]
_FRAGMENT_WORDS += ["traditional", "partner", "we"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from(_FRAGMENT_WORDS), min_size=1, max_size=9).map(" ".join),
        min_size=2,
        max_size=14,
    )
)
def test_short_fragments_matrix_is_the_pairwise_test(contents: list[str]) -> None:
    # The one-pass matrix gives, pair by pair and in both orders, what the pairwise test says.
    from storyline.claims.quotes import _short_fragment_of, _short_fragments

    fragment = _short_fragments(contents)
    for i, a in enumerate(contents):
        for j, b in enumerate(contents):
            assert fragment[i][j] == (i != j and _short_fragment_of(a, b))
