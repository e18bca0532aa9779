"""Quotations that stand as paragraphs of their own: whose words they are when no cue is in
them (texts written for these tests)."""

from __future__ import annotations

import pytest

from storyline.analyze import Analyzer
from tests.analyze.conftest import quote_saying

_REPORT = "Mayor Lena Ortiz said the library would reopen after the repairs."
_QUOTE = "\u201cOnce the roof is fixed, the doors open again.\u201d"


@pytest.mark.parametrize(
    "text",
    [
        f"{_REPORT}\n\n{_QUOTE}\n\nThe council meets on Thursday.",
        f"{_REPORT}\n\n{_QUOTE}",
        # Straight marks, as many feeds write them.
        f'{_REPORT}\n\n"Once the roof is fixed, the doors open again."\n\nShe spoke at noon.',
    ],
)
def test_a_quotation_paragraph_backs_the_remark_that_ends_the_paragraph_before(
    analyzer: Analyzer, text: str
) -> None:
    quote = quote_saying(analyzer, text, "Once the roof is fixed")
    assert (quote.kind, quote.speaker_name) == ("direct", "Lena Ortiz")


@pytest.mark.parametrize(
    "text",
    [
        # Another sentence ends the paragraph before: the remark is not what the words back.
        f"{_REPORT} The council will vote on the budget next week.\n\n{_QUOTE}",
        # The quotation is not the whole paragraph.
        f"{_REPORT}\n\n{_QUOTE} That was in May.",
        # No one named made the remark.
        f"Officials said the library would reopen after the repairs.\n\n{_QUOTE}",
    ],
)
def test_a_quotation_paragraph_is_nobody_s_otherwise(analyzer: Analyzer, text: str) -> None:
    quote = quote_saying(analyzer, text, "Once the roof is fixed")
    assert (quote.speaker_text, quote.speaker_name) == (None, None)
