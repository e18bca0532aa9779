"""One deed told in two outlets' own words with another day (conflicts._redated): the verbs
differ ("appointed", "picked"), so no clause matches another, but the statements would be one
claim and their dated clauses name the same party. Only days of the news are compared. A
saying is only one saying when both quote the same words: people say the same thing again on
other days."""

from __future__ import annotations

from storyline.analyze import Analyzer
from storyline.claims import ClaimSet, Embed
from storyline.claims.units import quote_the_same_words
from tests.claims.helpers import article, run_story

# Fiction written for this test; every report is published on Wednesday, March 4.
APPOINTED = (
    "Governor Ellen Marsh on {day} appointed Tom Reyes, her former chief of staff, to the "
    "vacant Senate seat until a special election in June."
)
PICKED = (
    "Governor Ellen Marsh picked her former chief of staff, Tom Reyes, on {day} to fill the open "
    "Senate seat until the special election in June."
)


def _run(analyzer: Analyzer, embed: Embed, first: str, second: str) -> ClaimSet:
    return run_story(
        analyzer,
        embed,
        [article("r1", "Valley Courier", first), article("r2", "Harbor Times", second)],
    )


def test_one_deed_in_other_words_on_the_same_day_is_one_claim(
    analyzer: Analyzer, embed: Embed
) -> None:
    result = _run(
        analyzer, embed, APPOINTED.format(day="Monday"), PICKED.format(day="Monday")
    )
    assert result.conflicts == ()
    assert len(result.claims) == 1 and result.claims[0].family_count == 2


def test_one_deed_in_other_words_on_another_day_is_a_date_conflict(
    analyzer: Analyzer, embed: Embed
) -> None:
    result = _run(
        analyzer, embed, APPOINTED.format(day="Monday"), PICKED.format(day="Saturday")
    )
    assert [c.kind for c in result.conflicts] == ["date"]
    (conflict,) = result.conflicts
    assert "2026-03-02" in conflict.summary and "2026-02-28" in conflict.summary
    assert conflict.confidence >= 0.5


def test_a_date_only_one_gives_that_is_no_day_of_the_news_leaves_the_day_compared(
    analyzer: Analyzer, embed: Embed
) -> None:
    # Only the first says when the special election is; the days of the appointment differ.
    appointed = (
        "Governor Ellen Marsh on Monday appointed Tom Reyes, her former chief of staff, to the "
        "vacant Senate seat."
    )
    result = _run(analyzer, embed, PICKED.format(day="Saturday"), appointed)
    assert [c.kind for c in result.conflicts] == ["date"]
    (conflict,) = result.conflicts
    assert "2026-02-28" in conflict.summary and "2026-03-02" in conflict.summary


def test_dates_of_deeds_by_other_parties_are_no_conflict(
    analyzer: Analyzer, embed: Embed
) -> None:
    # The second dates what the legislature did, not what the governor did.
    other = (
        "Governor Ellen Marsh chose her former chief of staff, Tom Reyes, for the open Senate "
        "seat the legislature had declared vacant on Saturday, until the special election in "
        "June."
    )
    result = _run(analyzer, embed, APPOINTED.format(day="Monday"), other)
    assert [c for c in result.conflicts if c.kind == "date"] == []


SAID = (
    "Mayor Lena Ortiz said on {day} that the harbor bridge would reopen to traffic before "
    "winter."
)
TOLD = (
    "Mayor Lena Ortiz told reporters on {day} the harbor bridge will reopen to traffic before "
    "the winter."
)


def test_one_thing_said_on_two_days_is_no_conflict(analyzer: Analyzer, embed: Embed) -> None:
    # A mayor repeats her promise: two sayings, each on its day.
    result = _run(analyzer, embed, SAID.format(day="Monday"), TOLD.format(day="Saturday"))
    assert result.conflicts == ()


QUOTED_SAID = (
    'Mayor Lena Ortiz said on {day} the harbor bridge was "safe for every car and truck."'
)
QUOTED_TOLD = (
    'The harbor bridge is "safe for every car and truck," Mayor Lena Ortiz told reporters '
    "at the harbor on {day}."
)


def test_the_same_words_quoted_on_two_days_is_a_date_conflict(
    analyzer: Analyzer, embed: Embed
) -> None:
    result = _run(
        analyzer, embed, QUOTED_SAID.format(day="Monday"), QUOTED_TOLD.format(day="Saturday")
    )
    assert [c.kind for c in result.conflicts] == ["date"]


def test_quoting_the_same_words() -> None:
    assert quote_the_same_words(
        'She said the plan was "very close" to done.', 'He called it “very close” on Friday.'
    )
    # One word in common is not one phrase, nor are words outside the marks.
    assert not quote_the_same_words('She called it "close".', 'He said "close" on Friday.')
    assert not quote_the_same_words(
        'She said the plan was very close to done.', 'He called it "very close" on Friday.'
    )
