"""Speakers named by a description: "the congressman", "the Vermont Democrat", "the mayor of
Kestrel, Dawn Okafor". A report refers back to someone it has just named under another
description; whom it means is read from who was speaking, and left unknown whenever another
person could be meant."""

from __future__ import annotations

from storyline.analyze import Analyzer
from tests.analyze.conftest import quote_saying


def test_a_description_refers_back_to_the_person_who_was_speaking(analyzer: Analyzer) -> None:
    text = (
        "Sen. Ada Brandt said on Monday that the dairy bill was dead. "
        "The Vermont Democrat said she would vote against any version of it."
    )
    quote = quote_saying(analyzer, text, "vote against")
    assert quote.speaker_text == "The Vermont Democrat"
    assert quote.speaker_name == "Ada Brandt"


def test_a_role_noun_of_congress_is_whoever_holds_a_seat(analyzer: Analyzer) -> None:
    # "Rep." gives Vance a seat; "the congressman" is the legislator, not the mayor who spoke
    # last.
    text = (
        "Rep. Tom Vance toured the flooded farms with Mayor Lena Ortiz. "
        "Ortiz said the county had no money left for repairs. "
        "The congressman said federal aid would come within a month."
    )
    quote = quote_saying(analyzer, text, "federal aid")
    assert quote.speaker_name == "Tom Vance"


def test_a_description_is_left_unknown_when_another_person_could_be_meant(
    analyzer: Analyzer,
) -> None:
    # Another person named since the speaker: "the president" may be either.
    named_since = (
        "Mr. Reyes said that Mr. Halvorsen would leave at the end of the month. "
        "The president said he would name a replacement soon."
    )
    assert quote_saying(analyzer, named_since, "replacement").speaker_name is None
    # The last subject was no person.
    organisation = (
        "Lena Ortiz spoke first. The Kestrel Farmers Union said the prices were too low. "
        "The Democrat said she would raise the matter in the council."
    )
    assert quote_saying(analyzer, organisation, "raise the matter").speaker_name is None
    # The text gives the speaker another role, or the noun another gender.
    other_role = (
        "Mayor Lena Ortiz said the bridge would stay open. "
        "The judge said the tolls were unfair."
    )
    assert quote_saying(analyzer, other_role, "tolls were unfair").speaker_name is None
    other_gender = (
        "Ms. Ortiz said the bridge would stay open. "
        "The congressman said the tolls were unfair."
    )
    assert quote_saying(analyzer, other_gender, "tolls were unfair").speaker_name is None
    # Words that mostly stand for someone never named ("the official") refer back to no one.
    unnamed = (
        "Lena Ortiz said the bridge would stay open. "
        "The official said the tolls were unfair."
    )
    assert quote_saying(analyzer, unnamed, "tolls were unfair").speaker_name is None


def test_the_name_set_off_after_a_roles_own_phrase_is_the_speaker(analyzer: Analyzer) -> None:
    text = "On Saturday, the mayor of Kestrel, Dawn Okafor, said the council had misled her."
    quote = quote_saying(analyzer, text, "misled her")
    assert quote.speaker_name == "Dawn Okafor"
    chair = (
        "The chairman of the Harbor Committee, Representative Tom Vance, said the port "
        "would close for a week."
    )
    assert quote_saying(analyzer, chair, "port would close").speaker_name == "Tom Vance"
    # A party word the parse takes for a name ("Democrat" as a proper noun), the name joined
    # to it as a second subject.
    party = (
        "WASHINGTON — The House panel will issue subpoenas to Michael T. Ruiz, the former port "
        "director, after he declined to turn over papers, the committee's top Democrat said "
        "Wednesday.\n\nThe Democrat, Representative Paul B. Hanley of California, said Mr. Ruiz "
        "had declined the panel's request for documents and an interview as part of its "
        "investigation into meddling in last year's election."
    )
    quote = quote_saying(analyzer, party, "request for documents")
    assert (quote.speaker_text, quote.speaker_name) == ("The Democrat", "Paul B. Hanley")


def test_attorney_general_is_an_office_not_a_military_rank(analyzer: Analyzer) -> None:
    text = (
        "Attorney General Martin Hale met the families in Kestrel on Tuesday. "
        "Ortiz, a farmer, said the water had been poisoned for years. "
        "The attorney general said his office would open an inquiry."
    )
    quote = quote_saying(analyzer, text, "open an inquiry")
    assert quote.speaker_name == "Martin Hale"


def test_someone_new_or_near_a_role_is_not_its_holder(analyzer: Analyzer) -> None:
    # "a congressman who said": someone the report had not named, not Rep. Vance.
    indefinite = (
        "Rep. Tom Vance was re-elected as party leader on Wednesday over a Kestrel "
        "congressman who said the party had lost touch with farmers."
    )
    assert quote_saying(analyzer, indefinite, "lost touch").speaker_name is None
    # "some close to the chairman" are people near him, not the chairman.
    near = (
        "Party Chairman Tom Vance has not said whether he will run again. "
        "Some close to the chairman say he wants another term."
    )
    assert quote_saying(analyzer, near, "another term").speaker_name != "Tom Vance"


def test_a_description_of_the_other_gender_than_her_pronoun_names_no_one(
    analyzer: Analyzer,
) -> None:
    # No title says Lena Ortiz's gender, but "she said" read her as a woman.
    text = (
        "Lena Ortiz toured the harbour on Monday. The port must stay open, she said. "
        "The Kestrel businessman said the tolls would ruin him."
    )
    assert quote_saying(analyzer, text, "tolls would ruin").speaker_name is None


def test_a_title_in_brackets_or_a_given_name_gives_a_person_their_gender(
    analyzer: Analyzer,
) -> None:
    # "she" is someone the text never names, not the man named just before.
    for rival in ("a better-funded one (Mr. Ruiz)", "Marco Ruiz"):
        text = (
            f"The council heard from several rivals, including {rival}. The first speaker had "
            "no microphone, causing a delay; later on, she was booed when she disclosed that "
            "she was a Democrat."
        )
        quote = quote_saying(analyzer, text, "was a Democrat")
        assert (quote.speaker_text, quote.speaker_name) == ("she", None), rival
    # A woman's given name leaves her open to "she".
    named = "Nancy Ruiz spoke first. Later on, she disclosed that she was a Democrat."
    assert quote_saying(analyzer, named, "was a Democrat").speaker_name == "Nancy Ruiz"


def test_an_aside_set_off_by_dashes_is_no_part_of_the_speaker(analyzer: Analyzer) -> None:
    text = (
        "One of the longest-serving members of the harbour council – where the toll plan will "
        "pass or fail this spring – said she would vote for it."
    )
    quote = quote_saying(analyzer, text, "vote for it")
    assert quote.speaker_text == "One of the longest-serving members of the harbour council"


def test_a_speaker_named_before_a_long_aside_is_the_speaker(analyzer: Analyzer) -> None:
    # The aside runs the cue far from the quotation (over 120 characters), but the speaker is
    # named right after its closing mark.
    text = (
        "“The harbour belongs to the fishermen,” Tomas Reyes, a Republican trying to unseat "
        "Representative Ana Ruiz, a Democrat, in the Fourth District of the northern coast, said "
        "in a typical statement."
    )
    quote = quote_saying(analyzer, text, "harbour belongs")
    assert quote.speaker_name == "Tomas Reyes"


def test_a_speaker_the_parse_gave_to_a_participle_in_the_aside(analyzer: Analyzer) -> None:
    # The model makes "Mayor Lena Ortiz" the subject of "facing" and leaves "said" none.
    text = (
        "The plan drew crowds. Mayor Lena Ortiz of Kestrel, the council's longest-serving member "
        "and a Democrat facing a difficult re-election fight, said through a spokesman that "
        "those who plan the toll road should look elsewhere."
    )
    quote = quote_saying(analyzer, text, "look elsewhere")
    assert quote.speaker_name == "Lena Ortiz"
