"""What "according to X" sources: the whole clause it sits in, never X's own name again."""

from __future__ import annotations

import pytest

from storyline.analyze import Analyzer
from tests.analyze.conftest import quote_saying


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
