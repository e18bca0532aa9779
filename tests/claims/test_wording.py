"""How a claim is worded: as a statement that stands on its own, even when its sentence was cut
out of a longer quotation or its speaker is "he" or "she" (the support keeps the source's words
as they stand)."""

from __future__ import annotations

from dataclasses import replace

from storyline.analyze import Analyzer
from storyline.claims import Embed
from storyline.claims.speaker_names import pronoun_speakers_named
from storyline.model import Quote, Referent
from storyline.quotation import balanced
from tests.claims.helpers import article, claim_with, run_story


def test_a_sentence_cut_out_of_a_quotation_gets_the_mark_it_lacks() -> None:
    assert balanced("You are the mayor,” Ortiz said.") == "“You are the mayor,” Ortiz said."
    assert balanced("He added, “I will always work for the quay.") == (
        "He added, “I will always work for the quay.”"
    )
    assert balanced('You are the mayor," Ortiz said.') == '"You are the mayor," Ortiz said.'
    assert balanced('He added, "I will always work for the quay.') == (
        'He added, "I will always work for the quay."'
    )
    # Balanced sentences, apostrophes and marks of both kinds are left as they are.
    for sentence in (
        "“We won,” she said.",
        "The mayor's plan won't pass.",
        "No quote here.",
        'Ortiz promised that the council “will not cave" on the tolls.',
    ):
        assert balanced(sentence) == sentence


def test_a_claim_worded_by_a_cut_sentence_reads_as_a_statement(
    analyzer: Analyzer, embed: Embed
) -> None:
    text = (
        "Mayor Lena Ortiz spoke at the quay on Tuesday. “Congratulations to every crew. You have "
        "kept the ferries running through the storm,” Ortiz told the harbour workers."
    )
    result = run_story(
        analyzer,
        embed,
        [article("c1", "ledger.example", text), article("c2", "herald.example", text + " ")],
    )
    claim = claim_with(result, "kept the ferries running")
    assert claim.text.startswith("“You have kept the ferries running")
    # The support still quotes the source as it stands.
    assert all(s.text.startswith("You have kept") for s in claim.supports)


def _spoken_by(sentence: str, pronoun_at: int, name: str | None) -> Quote:
    return Quote(
        quote_id="q", sentence=0, kind="indirect", content_start=0, content_end=4, content="-",
        speaker_text=sentence[pronoun_at:].split()[0], speaker_start=100 + pronoun_at,
        speaker_end=100 + pronoun_at + 3, speaker_name=name,
    )


def test_a_pronoun_speaker_is_shown_with_the_person_it_stands_for() -> None:
    said = "“The toll is fair,” she said."
    quote = _spoken_by(said, said.index("she"), "Lena Ortiz")
    assert pronoun_speakers_named(said, said, 100, [quote]) == (
        "“The toll is fair,” she [Lena Ortiz] said."
    )
    # The speaker's own occurrence of the word, in a wording whose characters differ (the
    # source's own text against the cleaned one analysed).
    told = "She told the council she would resign."
    quote = _spoken_by(told, 0, "Lena Ortiz")
    source = told.replace("the council", "the  council")
    assert pronoun_speakers_named(source, told, 100, [quote]) == (
        "She [Lena Ortiz] told the  council she would resign."
    )
    cut = "The ferries will run,” he said."
    quote = _spoken_by(cut, cut.index("he said"), "Tom Vance")
    assert pronoun_speakers_named(balanced(cut), cut, 100, [quote]) == (
        "“The ferries will run,” he [Tom Vance] said."
    )
    # After one opening phrase set off by a comma, the pronoun still opens the sentence.
    opened = "In a statement, she said the ferries would run."
    quote = _spoken_by(opened, opened.index("she"), "Lena Ortiz")
    assert pronoun_speakers_named(opened, opened, 100, [quote]) == (
        "In a statement, she [Lena Ortiz] said the ferries would run."
    )
    # Named once, at the first pronoun standing for the person; not when named before it.
    twice = "He said the ferries were late, and he blamed the storm."
    quotes = [_spoken_by(twice, 0, "Tom Vance"), _spoken_by(twice, twice.index("he blamed"),
                                                            "Tom Vance")]
    assert pronoun_speakers_named(twice, twice, 100, quotes) == (
        "He [Tom Vance] said the ferries were late, and he blamed the storm."
    )
    before = "“Vance is right about the ferries,” he said."
    quote = _spoken_by(before, before.index("he said"), "Tom Vance")
    assert pronoun_speakers_named(before, before, 100, [quote]) == before
    # Only the sentence's own speaker, opening it or right after a quotation: a pronoun inside
    # a clause is left as written.
    inside = "Ortiz recalled a meeting at which he said the ferries were late."
    quote = _spoken_by(inside, inside.index("he said"), "Tom Vance")
    assert pronoun_speakers_named(inside, inside, 100, [quote]) == inside
    # Between the two pieces of its quotation, the pronoun is the quotation's speaker.
    split = "“And if I did” raise the toll, he said, “it was a mistake.”"
    quote = replace(
        _spoken_by(split, split.index("he said"), "Tom Vance"),
        kind="direct",
        content_start=101,
        content_end=100 + len(split) - 1,
    )
    assert pronoun_speakers_named(split, split, 100, [quote]) == (
        "“And if I did” raise the toll, he [Tom Vance] said, “it was a mistake.”"
    )
    opening = "But she said the ferries were late."
    quote = _spoken_by(opening, opening.index("she"), "Lena Ortiz")
    assert pronoun_speakers_named(opening, opening, 100, [quote]) == (
        "But she [Lena Ortiz] said the ferries were late."
    )
    # An organisation's "it" and a joint remark's "they", as the analysis resolved them.
    it_said = "It said the ferries would run."
    quote = _spoken_by(it_said, 0, "Norvik Ferries")
    assert pronoun_speakers_named(it_said, it_said, 100, [quote]) == (
        "It [Norvik Ferries] said the ferries would run."
    )
    they_said = "“The toll is fair,” they said."
    quote = replace(
        _spoken_by(they_said, they_said.index("they"), "Lena Ortiz"), co_speakers=("Tom Vance",)
    )
    assert pronoun_speakers_named(they_said, they_said, 100, [quote]) == (
        "“The toll is fair,” they [Lena Ortiz and Tom Vance] said."
    )
    # No one resolved, a name, or a quote of another sentence: the wording as it stands.
    assert pronoun_speakers_named(said, said, 100, [_spoken_by(said, 20, None)]) == said
    named = "Ortiz said the toll is fair."
    assert pronoun_speakers_named(named, named, 100, [_spoken_by(named, 0, "Lena Ortiz")]) == named
    assert pronoun_speakers_named(said, said, 500, [quote]) == said


def test_a_claim_whose_speaker_is_a_pronoun_names_the_speaker(
    analyzer: Analyzer, embed: Embed
) -> None:
    text = (
        "Mayor Lena Ortiz opened the new ferry terminal on Tuesday. She said the crossings "
        "would double by the summer."
    )
    result = run_story(
        analyzer,
        embed,
        [article("p1", "ledger.example", text), article("p2", "herald.example", text + " ")],
    )
    claim = claim_with(result, "crossings would double")
    assert claim.text == "She [Lena Ortiz] said the crossings would double by the summer."
    assert all(s.text.startswith("She said") for s in claim.supports)


def _subject(sentence: str, pronoun: str, name: str) -> Referent:
    at = sentence.index(pronoun)
    end = 100 + at + len(pronoun)
    return Referent(sentence=0, start=100 + at, end=end, text=pronoun, name=name)


def test_a_pronoun_subject_opening_the_sentence_is_shown_with_whom_it_stands_for() -> None:
    booth = "He settled into a corner booth as fishermen explained the tolls."
    referent = _subject(booth, "He", "Tom Vance")
    assert pronoun_speakers_named(booth, booth, 100, [], [referent]) == (
        "He [Tom Vance] settled into a corner booth as fishermen explained the tolls."
    )
    after_but = "But she will pay half of the repairs."
    referent = _subject(after_but, "she", "Ana Ruiz")
    assert pronoun_speakers_named(after_but, after_but, 100, [], [referent]) == (
        "But she [Ana Ruiz] will pay half of the repairs."
    )
    # After one opening phrase set off by a comma, it still opens the sentence.
    after_phrase = "On Thursday, she will pay half of the repairs."
    referent = _subject(after_phrase, "she", "Ana Ruiz")
    assert pronoun_speakers_named(after_phrase, after_phrase, 100, [], [referent]) == (
        "On Thursday, she [Ana Ruiz] will pay half of the repairs."
    )
    # Further in, a subject pronoun is left as written ("..., and he left"; two phrases
    # before it; a quotation before it).
    for inside in (
        "The toll rose, and he left the quay.",
        "In 1970, after the storm, he left the quay.",
        "After “the toll,” he left the quay.",
    ):
        referent = _subject(inside, "he", "Tom Vance")
        assert pronoun_speakers_named(inside, inside, 100, [], [referent]) == inside


def test_a_speaker_written_as_the_holder_of_a_role_is_named() -> None:
    replied = "“I'm not that cool,” the governor replied."
    quote = _spoken_by(replied, replied.index("the governor"), "Lena Ortiz")
    quote = replace(quote, speaker_text="the governor", speaker_end=quote.speaker_start + 12)
    assert pronoun_speakers_named(replied, replied, 100, [quote]) == (
        "“I'm not that cool,” the governor [Lena Ortiz] replied."
    )
    # A name in apposition after the description says who it is already.
    named_after = "On Saturday, the mayor of Tullow, Lena Ortiz, said the ferries would run."
    quote = replace(
        _spoken_by(named_after, named_after.index("the mayor"), "Lena Ortiz"),
        speaker_text="the mayor",
    )
    assert pronoun_speakers_named(named_after, named_after, 100, [quote]) == named_after
    # A description of no office ("the official") is no one named: left as written.
    official = "“The ferries will run,” the official said."
    quote = replace(
        _spoken_by(official, official.index("the official"), "Lena Ortiz"),
        speaker_text="the official",
    )
    assert pronoun_speakers_named(official, official, 100, [quote]) == official


def test_a_pronoun_both_speaker_and_subject_is_named_once() -> None:
    said = "She said the toll is fair."
    quote = _spoken_by(said, 0, "Lena Ortiz")
    referent = _subject(said, "She", "Lena Ortiz")
    assert pronoun_speakers_named(said, said, 100, [quote], [referent]) == (
        "She [Lena Ortiz] said the toll is fair."
    )


def test_a_claim_opening_with_he_names_the_person_the_article_was_about(
    analyzer: Analyzer, embed: Embed
) -> None:
    text = (
        "Senator Tom Vance arrived at the harbour diner on Monday morning. He settled into a "
        "corner booth as the fishermen explained the new tolls."
    )
    result = run_story(
        analyzer,
        embed,
        [article("r1", "ledger.example", text), article("r2", "herald.example", text + " ")],
    )
    claim = claim_with(result, "corner booth")
    assert claim.text.startswith("He [Tom Vance] settled into a corner booth")
    # The support still quotes the source as it stands.
    assert all(s.text.startswith("He settled") for s in claim.supports)
