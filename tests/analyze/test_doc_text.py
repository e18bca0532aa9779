"""A parsed doc's text is read once and is the text that was parsed, every space kept."""

from __future__ import annotations

from storyline.analyze import Analyzer
from storyline.analyze.doc_text import text_of


def test_the_text_is_the_parsed_text_and_is_joined_once(analyzer: Analyzer) -> None:
    text = "Minister  Ilse Varga spoke.\n\nThe harbour   reopened on Monday.  "
    doc = analyzer.nlp(text)
    first = text_of(doc)
    assert first == text == doc.text
    # The second read is the kept string, not a new join of the tokens.
    assert text_of(doc) is first
    # Another doc of other text has its own.
    assert text_of(analyzer.nlp("Rain fell.")) == "Rain fell."
