"""Remarks made together: "Mayor Lena Ortiz and Senator Tom Vance said in a joint statement ..."
is both people's. The speaker is the first named (its span, entity and name as ever); the others
are ``Quote.co_speakers``, by the name the text resolves for each."""

from __future__ import annotations

from storyline.analyze import Analyzer
from storyline.model import speakers_shown
from tests.analyze.conftest import quote_saying


def test_people_named_together_at_the_cue_each_made_the_remark(analyzer: Analyzer) -> None:
    quote = quote_saying(
        analyzer,
        "Mayor Lena Ortiz and Senator Tom Vance said in a joint statement that the bridge would "
        "reopen in May.",
        "reopen",
    )
    assert quote.speaker_name == "Lena Ortiz"
    assert quote.co_speakers == ("Tom Vance",)


def test_three_named_in_a_list_each_made_the_remark(analyzer: Analyzer) -> None:
    # "A, B and C": the parse hangs the "and" on the second, not on the speaker.
    quote = quote_saying(
        analyzer,
        "Mayor Lena Ortiz, Senator Tom Vance and Governor Ana Ruiz said that the bridge would "
        "reopen in May.",
        "reopen",
    )
    assert quote.speaker_name == "Lena Ortiz"
    assert quote.co_speakers == ("Tom Vance", "Ana Ruiz")


def test_a_pronoun_and_a_name_together_are_the_person_meant_and_the_named(
    analyzer: Analyzer,
) -> None:
    quote = quote_saying(
        analyzer,
        "Lena Ortiz spoke first. She and Tom Vance said that the dam was safe.",
        "dam was safe",
    )
    assert (quote.speaker_name, quote.co_speakers) == ("Lena Ortiz", ("Tom Vance",))


def test_an_organisation_and_a_person_together_both_made_the_remark(analyzer: Analyzer) -> None:
    quote = quote_saying(
        analyzer,
        "The Kestrel Farmers Union and Mayor Lena Ortiz told reporters that prices were too low.",
        "prices",
    )
    assert quote.speaker_name == "Kestrel Farmers Union"
    assert quote.co_speakers == ("Lena Ortiz",)


def test_one_speaker_alone_has_no_one_with_them(analyzer: Analyzer) -> None:
    # "and" inside what was said, or joining the cue to another verb, joins no speaker.
    said = quote_saying(
        analyzer,
        "Senator Tom Vance said that Lena Ortiz and the union would meet on Friday.",
        "meet",
    )
    assert (said.speaker_name, said.co_speakers) == ("Tom Vance", ())
    # A speaker read from a role: the "and" joins a second title of one person, not a second
    # speaker.
    titled = quote_saying(
        analyzer,
        "President Tom Reyes opened the harbour session on Monday. Kestrel Port president and "
        "chief executive Rui Costa said that the cranes would be replaced.",
        "cranes",
    )
    assert titled.co_speakers == ()


def test_a_joint_remark_is_shown_under_every_speaker() -> None:
    assert speakers_shown("Lena Ortiz", ()) == "Lena Ortiz"
    assert speakers_shown("Lena Ortiz", ("Tom Vance",)) == "Lena Ortiz and Tom Vance"
    assert (
        speakers_shown("Lena Ortiz", ("Tom Vance", "Ada Brandt"))
        == "Lena Ortiz, Tom Vance and Ada Brandt"
    )
    assert speakers_shown(None, ("Tom Vance",)) is None


def test_they_after_people_named_together_are_those_people(analyzer: Analyzer) -> None:
    text = (
        "Senator Ada Brandt and Senator Tom Vance held a press conference on Monday. "
        "They said they would rewrite the harbour law."
    )
    quote = quote_saying(analyzer, text, "rewrite the harbour law")
    assert (quote.speaker_text, quote.speaker_name, quote.co_speakers) == (
        "They",
        "Ada Brandt",
        ("Tom Vance",),
    )


def test_they_names_no_one_past_another_subject_or_a_group_without_names(
    analyzer: Analyzer,
) -> None:
    # Another subject since ("The talks"): "they" may be anyone of the sentences before.
    text = (
        "Senator Ada Brandt and Senator Tom Vance met on Monday. The talks were long. "
        "They said the bill would pass."
    )
    quote = quote_saying(analyzer, text, "the bill would pass")
    assert (quote.speaker_name, quote.co_speakers) == (None, ())
    # A group no name is given for.
    text = "Harbour pilots and ferry crews met on Monday. They said the bill would pass."
    quote = quote_saying(analyzer, text, "the bill would pass")
    assert (quote.speaker_name, quote.co_speakers) == (None, ())
