"""A restatement changed in one slot (restated.restated_slot): two outlets telling one fact in
their own words, sharing the phrase a value sits in, with another value in it."""

from __future__ import annotations

import dataclasses
from datetime import datetime

from storyline.analyze import Analyzer
from storyline.claims import build_claims
from storyline.claims.build import ClaimSet, Embed
from storyline.claims.facts import key_of, same_party
from storyline.config import ClaimConfig
from storyline.model import Article, Story
from tests.claims import helpers


def article(article_id: str, text: str, published: datetime = helpers.PUBLISHED) -> Article:
    """A report by an outlet named after its ID."""
    made = helpers.article(article_id, f"Outlet {article_id}", text)
    return dataclasses.replace(made, published=published)


def run(analyzer: Analyzer, embed: Embed, *articles: Article) -> ClaimSet:
    story = Story(story_id="s", title="t", article_ids=tuple(a.article_id for a in articles))
    return build_claims(story, list(articles), analyzer(list(articles)), [], ClaimConfig(), embed)


# Two outlets' own words for one rescue; they share the phrase "of the 40 miners trapped
# underground" and nothing like a copy (most of the words differ, the verb is "were" in one).
FIRST = (
    "Rescuers said on Tuesday that nine of the 40 miners trapped underground near Tarvos were "
    "brought out alive."
)
SECOND = (
    "By late Tuesday, nine of the 40 miners trapped underground had reached the surface, the "
    "operator told reporters in Tarvos."
)


def test_restatements_agreeing_are_one_claim(analyzer: Analyzer, embed: Embed) -> None:
    result = run(analyzer, embed, article("a", FIRST), article("b", SECOND))
    assert len(result.claims) == 1
    assert result.conflicts == ()


def test_another_figure_in_the_shared_phrase_is_a_conflict(
    analyzer: Analyzer, embed: Embed
) -> None:
    altered = SECOND.replace("40", "52")
    result = run(analyzer, embed, article("a", FIRST), article("b", altered))
    assert [(c.kind, c.confidence) for c in result.conflicts] == [("number", 0.7)]
    assert "40 against 52" in result.conflicts[0].summary


def test_another_person_both_outlets_name_is_no_conflict(
    analyzer: Analyzer, embed: Embed
) -> None:
    # "Senator X called for the report to be released" in the slot of another senator: both
    # outlets name both senators, so each tells what one of them did, not who did it.
    one = article(
        "a",
        "Senator Halvorsen called for the full report to be released to Congress without delay, "
        "and Senator Reyes agreed.",
    )
    two = article(
        "b",
        "Senator Reyes called for the full report to be released, as did Senator Halvorsen on "
        "Monday.",
    )
    result = run(analyzer, embed, one, two)
    assert [c for c in result.conflicts if c.kind in ("participant", "speaker")] == []


def test_a_day_after_the_other_report_is_another_occurrence(
    analyzer: Analyzer, embed: Embed
) -> None:
    # Each paper dates the vote on its own day: two votes, not one dated twice.
    monday = datetime(2026, 3, 2, 20, 0)
    thursday = datetime(2026, 3, 5, 20, 0)
    one = article(
        "a",
        "Aldermen voted on Monday to close the old bridge over the Liss river for repairs, "
        "officials said.",
        monday,
    )
    two = article(
        "b",
        "In a second session, aldermen voted on Thursday to close the old bridge over the Liss "
        "river until summer.",
        thursday,
    )
    result = run(analyzer, embed, one, two)
    assert [c for c in result.conflicts if c.kind == "date"] == []


def test_a_figure_of_other_parties_is_no_conflict(analyzer: Analyzer, embed: Embed) -> None:
    # The couple's earnings and the husband's alone: the figure hangs on deeds of other parties.
    one = article(
        "a",
        "Anna and Piet Halvorsen earned roughly $141 million from speeches and books over eight "
        "years, according to tax returns released Friday.",
    )
    two = article(
        "b",
        "Besides his books, Mr. Halvorsen earned nearly $20 million from speeches and books over "
        "eight years for advising companies.",
    )
    result = run(analyzer, embed, one, two)
    assert [c for c in result.conflicts if c.kind == "number"] == []


def test_one_name_with_and_without_accents_is_one_party(
    analyzer: Analyzer, embed: Embed
) -> None:
    assert same_party("peña", "pena")
    assert same_party("calderón", "calderon")
    assert not same_party("pena", "perez")
    assert key_of("Enrique Peña Nieto", "PERSON") == key_of("Enrique Pena Nieto", "PERSON")
    # One outlet writes the accent, the other does not: one president, no conflict.
    one = article(
        "a",
        "Former president Vicente Arroyo on Wednesday criticized current President Enrique Peña "
        "for inviting the candidate to Mexico City.",
    )
    two = article(
        "b",
        "Arroyo said on television that he disagreed with current President Enrique Pena over "
        "the decision to invite the candidate.",
    )
    assert run(analyzer, embed, one, two).conflicts == ()


def test_a_shared_phrase_in_another_order_is_one_slot(analyzer: Analyzer, embed: Embed) -> None:
    # "Rep. <name> (R-Ohio)" sits early in one sentence and late in the other: the person in
    # that phrase is the slot, whatever the order of the rest.
    one = article(
        "a",
        "Committee chairman Rep. Walter Brennan (R-Ohio) made the request in a letter sent "
        "Tuesday to the lawyer of the foundation.",
    )
    agreeing = article(
        "b",
        "In a letter to the foundation's lawyer on Tuesday, Rep. Walter Brennan (R-Ohio), the "
        "committee chairman, asked for the records.",
    )
    assert run(analyzer, embed, one, agreeing).conflicts == ()
    other = article("b", agreeing.text.replace("Walter Brennan", "Oscar Lindqvist"))
    result = run(analyzer, embed, one, other)
    assert [(c.kind, c.confidence) for c in result.conflicts] == [("participant", 0.7)]
    assert "Walter Brennan against Oscar Lindqvist" in result.conflicts[0].summary


def test_two_deeds_dated_in_one_phrase_are_no_conflict(analyzer: Analyzer, embed: Embed) -> None:
    # "... in Estoria in <year>." is all the two share: a presidency and a founding, two deeds.
    one = article(
        "a",
        "Dr. Ines Calvo, 52, became the first woman and the first Estorian president of the "
        "Medical Association of the State of Estoria in 2002.",
    )
    two = article(
        "b",
        "Dr. Ines Calvo, the first Estorian woman to be admitted to the National Medical "
        "Association, founded the Harbour Rural Health Clinic in Estoria in 1990.",
    )
    assert [c for c in run(analyzer, embed, one, two).conflicts if c.kind == "date"] == []


def test_two_announcements_dated_apart_are_no_conflict(analyzer: Analyzer, embed: Embed) -> None:
    # Announcing is done again on other days: each date is its own announcement.
    one = article(
        "a",
        "Cable operator Seacrest announced today (4 November 2025) that repairs have been "
        "completed on the broken cable off the coast of Estoria.",
    )
    two = article(
        "b",
        "Cable operator Seacrest announced on its website today (20 October 2025) that it has "
        "restored service to all customers on the broken cable off the coast of Estoria.",
    )
    assert [c for c in run(analyzer, embed, one, two).conflicts if c.kind == "date"] == []
