"""What "according to X" sources: the whole clause it sits in, never X's own name again."""

from __future__ import annotations

import pytest

from storyline.analyze import Analyzer
from storyline.analyze.quotes import doc_quotes
from tests.analyze.conftest import parsed_as, quote_saying


@pytest.mark.parametrize(
    ("text", "words", "said", "source"),
    [
        # Set inside the clause: its subject before the phrase is part of what was said.
        (
            "The ferry crews, according to the harbour master, were ordered to stay in port.",
            "stay in port",
            "The ferry crews were ordered to stay in port",
            "the harbour master",
        ),
        # The reporter's words opening the sentence are not.
        (
            "But according to the harbour master, the ferries will sail again on Friday.",
            "ferries will sail",
            "the ferries will sail again on Friday",
            "the harbour master",
        ),
        # The source named again after the phrase is not what it said.
        (
            "The ferries will sail again on Friday, according to the port's director, "
            "Ms. Helga Brandt.",
            "ferries will sail",
            "The ferries will sail again on Friday",
            "the port's director",
        ),
        (
            "Most northern ports charge a landing fee, according to a survey by the Coastal "
            "Trust, a group that campaigns for lower fees.",
            "landing fee",
            "Most northern ports charge a landing fee",
            "a survey",
        ),
    ],
)
def test_what_according_to_sources(
    analyzer: Analyzer, text: str, words: str, said: str, source: str
) -> None:
    quote = quote_saying(analyzer, text, words)
    assert quote.cue is not None and quote.cue.lower() == "according to"
    assert quote.content == said
    assert (quote.speaker_text or "").startswith(source)


def test_a_source_whose_name_ends_the_sentence_is_the_speaker(analyzer: Analyzer) -> None:
    # The parse reads "Inc." closing the sentence as the clause's punctuation, so "to" has no
    # object: the name after it is still the source, not the clause's subject.
    text = (
        "Through Oct. 19, high-yield funds had an average 0.85% total return (the price "
        "change plus dividends on fund shares), according to Lipper Analytical Services Inc. "
        "That is even less than the 4.35% total return."
    )
    quote = quote_saying(analyzer, text, "high-yield funds had")
    assert quote.speaker_text == "Lipper Analytical Services Inc."
    assert quote.content.endswith("(the price change plus dividends on fund shares)")


# (word, lemma, pos, dep, head): the model hangs a closing "according to" on the relative clause
# of the last noun (it read a real report's sentence this way).
_HUNG_ON_THE_LAST_NOUN = [
    ("Ortiz", "Ortiz", "PROPN", "nsubj", 1),
    ("met", "meet", "VERB", "ROOT", 1),
    ("ShoreTrust", "ShoreTrust", "PROPN", "dobj", 1),
    (",", ",", "PUNCT", "punct", 2),
    ("the", "the", "DET", "det", 5),
    ("group", "group", "NOUN", "appos", 2),
    ("that", "that", "PRON", "nsubj", 7),
    ("sold", "sell", "VERB", "relcl", 5),
    ("the", "the", "DET", "det", 9),
    ("pier", "pier", "NOUN", "dobj", 7),
    (",", ",", "PUNCT", "punct", 7),
    ("according", "accord", "VERB", "prep", 7),
    ("to", "to", "ADP", "prep", 11),
    ("two", "two", "NUM", "nummod", 14),
    ("officials", "official", "NOUN", "pobj", 12),
    (".", ".", "PUNCT", "punct", 1),
]


def test_a_closing_according_to_sources_the_sentence_not_the_last_nouns_clause() -> None:
    doc = parsed_as(_HUNG_ON_THE_LAST_NOUN)
    (quote,), _ = doc_quotes(doc, "art_test", [], [], [])
    assert quote.speaker_text == "two officials"
    assert quote.content == "Ortiz met ShoreTrust , the group that sold the pier"
