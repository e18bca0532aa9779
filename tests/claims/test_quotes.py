"""Quotes in claims: direct and paraphrased quotes align, a relayed statement is one claim, the
same words from another speaker conflict."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from storyline.analyze import Analyzer
from storyline.claims import Embed
from storyline.claims.quotes import shown_speaker
from storyline.config import Config
from storyline.model import (
    Analysis,
    Article,
    Claim,
    Conflict,
    Quote,
)
from storyline.pipeline import run
from storyline.store import open_store
from tests.claims.helpers import (
    article,
    quote,
    run_story,
)
from tests.conftest import REPO


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
            q
            for a in store.all(Analysis)
            for q in a.quotes
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


def test_a_joint_remark_quoted_under_one_of_its_makers_is_one_remark(
    analyzer: Analyzer, embed: Embed
) -> None:
    # "Ortiz and Vance said in a joint statement" in one outlet, "Vance said" in another: the
    # same words from one of the two who made them, no speaker contradiction.
    content = "This accord protects every sardine boat on our coast."
    one = article(
        "j1", "Daily Ledger", f"Mayor Lena Ortiz and Senator Tom Vance said: “{content}”"
    )
    two = article("j2", "Coast Herald", f"Senator Tom Vance said: “{content}”")
    joint = dataclasses.replace(
        quote(one, content, "direct", "Lena Ortiz", "ent_ortiz"), co_speakers=("Tom Vance",)
    )
    quotes = {"j1": [joint], "j2": [quote(two, content, "direct", "Tom Vance", "ent_vance")]}
    result = run_story(analyzer, embed, [one, two], quotes=quotes)
    assert result.conflicts == ()
    (remark,) = result.quotes
    assert len(remark.renderings) == 2
    assert {remark.speaker_name, *remark.co_speakers} == {"Lena Ortiz", "Tom Vance"}
    assert len(remark.co_speakers) == 1
    # Without the joint statement the same words are two speakers' (the conflict above).
    alone = {"j1": [dataclasses.replace(joint, co_speakers=())], "j2": quotes["j2"]}
    assert [c.kind for c in run_story(analyzer, embed, [one, two], quotes=alone).conflicts] == [
        "speaker"
    ]


def test_a_surname_written_in_one_word_or_two_is_one_speaker(
    analyzer: Analyzer, embed: Embed
) -> None:
    # Two entities (each article resolved its own), one person: "DelVecchio" and "Del Vecchio".
    content = "This accord protects every sardine boat on our coast."
    one = article("s1", "Daily Ledger", f"Mayor Rosa DelVecchio said: “{content}”")
    two = article("s2", "Coast Herald", f"Mayor Rosa Del Vecchio said: “{content}”")
    quotes = {
        "s1": [quote(one, content, "direct", "Rosa DelVecchio", "ent_delvecchio")],
        "s2": [quote(two, content, "direct", "Rosa Del Vecchio", "ent_del_vecchio")],
    }
    result = run_story(analyzer, embed, [one, two], quotes=quotes)
    assert result.conflicts == ()
    assert len({q.aligned_id for q in result.quotes}) == 1  # one remark of one speaker


def test_one_span_read_as_two_quotes_is_one_aligned_quote(
    analyzer: Analyzer, embed: Embed
) -> None:
    """The analysis may read one quotation twice, with two speakers (the governor, "his son"):
    its renderings are the same, so it is one remark under one ID, the first reading kept (two
    records under one ID were one row in a store, and two rows of a Ray engine's dataset)."""
    text = (
        "“We will not raise the toll on the bridge this year,” Governor Ilse Marten said, "
        "standing beside his son."
    )
    one = article("d1", "Daily Ledger", text)
    content = "We will not raise the toll on the bridge this year"
    first = quote(one, content, "direct", "Ilse Marten", "ent_marten")
    second = dataclasses.replace(
        first, speaker_text="his son", speaker_name="his son", speaker_entity_id=None
    )
    result = run_story(analyzer, embed, [one], quotes={"d1": [first, second]})
    assert [q.speaker_name for q in result.quotes] == ["Ilse Marten"]
    assert len({q.aligned_id for q in result.quotes}) == len(result.quotes)


def test_an_unresolved_pronoun_is_never_shown_as_the_speaker(
    analyzer: Analyzer, embed: Embed
) -> None:
    """A remark whose speaker the analysis left unresolved is shown under the speaker as
    written when that describes someone ("the harbour officials"), and under no name when it
    is a bare pronoun ("they", "who"): a pronoun tells the reader nothing of who spoke."""
    one = article(
        "u1", "Daily Ledger", "The harbour officials said the dredging would start in April."
    )
    two = article("u2", "Coast Herald", "They said the ferry fares would double by the summer.")
    three = article("u3", "Port Gazette", "Some residents, who said the pier was unsafe, left.")

    def unresolved(art: Article, content: str, written: str) -> Quote:
        found = quote(art, content, "indirect", written, "")
        return dataclasses.replace(found, speaker_name=None, speaker_entity_id=None)

    quotes = {
        "u1": [unresolved(one, "the dredging would start in April", "The harbour officials")],
        "u2": [unresolved(two, "the ferry fares would double by the summer", "They")],
        "u3": [unresolved(three, "the pier was unsafe", "who")],
    }
    result = run_story(analyzer, embed, [one, two, three], quotes=quotes)
    shown = {q.renderings[0].article_id: q.speaker_name for q in result.quotes}
    assert shown == {"u1": "the harbour officials", "u2": None, "u3": None}


def test_the_possessor_pronoun_of_a_remark_is_never_shown() -> None:
    """The analysis gives "their statement said" to "their" when it cannot tell whose: a
    possessive pronoun names no one, as "they" does not."""
    assert [shown_speaker(w) for w in ("their", "His", "its", "the harbour officials")] == [
        None,
        None,
        None,
        "the harbour officials",
    ]


def test_a_speaker_opening_a_sentence_is_shown_as_in_mid_sentence() -> None:
    """"A senior port official said" and "said a senior port official" are one heading."""
    assert [
        shown_speaker(w)
        for w in ("A senior port official", "a senior port official", "The Tarvos Herald")
    ] == ["a senior port official", "a senior port official", "The Tarvos Herald"]


def test_a_speaker_cut_inside_an_aside_is_shown_up_to_it() -> None:
    """The analysis may end a speaker's phrase inside a bracketed aside it opens: the words
    before the aside say who spoke, the broken bracket says nothing."""
    assert [
        shown_speaker(w)
        for w in (
            "the port authority's spokesman (of all people",
            "the mayor [D-Tarvos",
            "the mayor (D-Tarvos)",
            "(unnamed",
        )
    ] == [
        "the port authority's spokesman",
        "the mayor",
        "the mayor (D-Tarvos)",
        None,
    ]


def test_a_dateline_or_bullet_before_a_speaker_is_not_shown() -> None:
    """A speaker opening a lead was read with the dateline or bullet before it."""
    assert [
        shown_speaker(w)
        for w in (
            "WASHINGTON — The port authority",
            "PORT AUREL -- the ferry union",
            "-His opponent's campaign",
            "NATO",
            "The U.S. Coast Guard",
        )
    ] == [
        "the port authority",
        "the ferry union",
        "His opponent's campaign",
        "NATO",
        "The U.S. Coast Guard",
    ]


def test_a_surname_alone_is_shown_under_the_storys_one_full_name(
    analyzer: Analyzer, embed: Embed
) -> None:
    # The corpus keeps a lone "Merriweather" apart from "Tobias Merriweather" when someone else
    # bears the surname; within a story that names only him in full, the remark is his.
    said = "The decisions are made locally, school by school."
    first = article(
        "m1",
        "Daily Ledger",
        "Former Ohio Rep. Tobias Merriweather, who led the review, said: "
        "“Every school should have at least one guard.”",
    )
    second = article("m2", "Coast Herald", f"Merriweather told reporters: “{said}”")
    hired = "We will hire the guards before the autumn term."
    third = article("m3", "Lake Courier", f"“{hired}” Merriweather added.")
    quotes = {
        "m1": [
            quote(first, "Every school should have at least one guard.", "direct",
                  "Tobias Merriweather", "ent_tobias")
        ],
        "m2": [quote(second, said, "direct", "Merriweather", "ent_surname")],
        # Resolved to no one (only as written): shown under his full name all the same.
        "m3": [
            dataclasses.replace(
                quote(third, hired, "direct", "Merriweather", "unused"),
                speaker_name=None,
                speaker_entity_id=None,
            )
        ],
    }
    result = run_story(analyzer, embed, [first, second, third], quotes=quotes)
    shown = {(q.speaker_name, q.speaker_entity_id) for q in result.quotes}
    assert shown == {("Tobias Merriweather", "ent_tobias")}
    # A story that also names his wife in full leaves the surname alone: it may be either.
    wife = article(
        "m4", "Valley Post", "Clara Merriweather, his wife, runs the school board in Dayton."
    )
    result = run_story(analyzer, embed, [first, second, third, wife], quotes=quotes)
    shown = {(q.speaker_name, q.speaker_entity_id) for q in result.quotes}
    assert shown == {
        ("Tobias Merriweather", "ent_tobias"),
        ("Merriweather", "ent_surname"),
        ("Merriweather", None),
    }
