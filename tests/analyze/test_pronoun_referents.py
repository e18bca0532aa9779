"""Whom "he" or "she" at a cue stands for when the sentence before is about a thing, and which
organisation "it" stands for."""

from __future__ import annotations

from storyline.analyze import Analyzer
from tests.analyze.conftest import quote_saying


def test_a_pronoun_after_a_thing_subject_is_the_person_that_sentence_names(
    analyzer: Analyzer,
) -> None:
    # The subject of the sentence before is "That": the one person it names is whom the text
    # goes on about, not the lawyer who was the subject a sentence earlier.
    text = (
        "Mr. Arvid Lund, the growers' lawyer, said the rules were clear. "
        "That did not satisfy Justice Imre Halas. "
        "“If somebody writes your rules, you have no rules of your own,” he said."
    )
    quote = quote_saying(analyzer, text, "no rules of your own")
    assert quote.speaker_name == "Imre Halas"


def test_a_person_subject_still_wins_over_an_object(analyzer: Analyzer) -> None:
    text = (
        "Mayor Ingrid Solberg thanked Governor Petra Lind for the grant. "
        "“The bridge will open in spring,” she said."
    )
    quote = quote_saying(analyzer, text, "bridge will open")
    assert quote.speaker_name == "Ingrid Solberg"


def test_a_person_who_only_owns_the_thing_is_not_the_referent(analyzer: Analyzer) -> None:
    # "it condemned Mr. Halvorsen's plan": the sentence is about the plan, so "he" goes on
    # being the last person subject, the letter's writer.
    text = (
        "Minister Tomas Reyes wrote to the council on Monday. "
        "The letter condemned Mr. Erik Halvorsen's plan for the harbour. "
        "“We cannot dredge the bay twice,” he said."
    )
    quote = quote_saying(analyzer, text, "dredge the bay")
    assert quote.speaker_name == "Tomas Reyes"


def test_it_is_the_organisation_that_was_the_latest_subject(analyzer: Analyzer) -> None:
    text = (
        "Norvik Telecom estimated on Monday that one customer in fifty had lost service. "
        "Additionally, it said the repairs would take two weeks."
    )
    quote = quote_saying(analyzer, text, "repairs would take")
    assert (quote.speaker_text, quote.speaker_name) == ("it", "Norvik Telecom")


def test_it_names_no_one_when_the_latest_subject_is_no_organisation(analyzer: Analyzer) -> None:
    # The latest subject is a thing: "it" is the plan, not the company named before it.
    text = (
        "Norvik Telecom presented its plan on Monday. The plan was approved by the board. "
        "It said the repairs would take two weeks."
    )
    quote = quote_saying(analyzer, text, "repairs would take")
    assert quote.speaker_name is None
    # Another source named since ("according to ..."): no one is sure.
    text = (
        "Norvik Telecom has lost service before, according to the Harbour Gazette. "
        "It said the repairs would take two weeks."
    )
    quote = quote_saying(analyzer, text, "repairs would take")
    assert quote.speaker_name is None


def test_a_pronoun_after_a_person_s_thing_as_subject_is_that_person(analyzer: Analyzer) -> None:
    # The latest subject is the mayor's plan: the text goes on about its owner, not about the
    # senator who was the subject before.
    text = (
        "Senator Tom Vance spoke first. Mayor Erik Dahl's plan was approved on Monday. "
        "He said the city would add 40 buses."
    )
    quote = quote_saying(analyzer, text, "add 40 buses")
    assert quote.speaker_name == "Erik Dahl"
    # Someone named since is the one the pronoun may stand for: the owner is not taken.
    text = (
        "Mayor Erik Dahl's plan was approved on Monday, but Senator Tom Vance said he "
        "believed it would fail."
    )
    quote = quote_saying(analyzer, text, "it would fail")
    assert quote.speaker_name == "Tom Vance"
