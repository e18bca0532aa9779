"""One deed told in two outlets' own words with another day (conflicts._redated): the verbs
differ ("appointed", "picked"), so no clause matches another, but the statements would be one
claim and their dated clauses name the same party. Only days of the news are compared. A
saying is only one saying when both quote the same words: people say the same thing again on
other days."""

from __future__ import annotations

from storyline.analyze import Analyzer
from storyline.claims import ClaimSet, Embed
from storyline.claims.conflicts import _dates_another_deed as _dates_another_deed_of
from storyline.claims.facts import date_intervals
from storyline.claims.units import quote_the_same_words, statements
from tests.claims.helpers import CFG, article, run_story

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


# A deed and the apology for it, told by two reports (the second gives the shove no day).
SHOVED = (
    "Governor Ellen Marsh lost her temper over the weekend, when she shoved a student who asked "
    "her about the harbour budget outside the statehouse."
)
APOLOGY = (
    "Governor Ellen Marsh issued an apology on Tuesday for shoving a student who asked her "
    "about the harbour budget outside the statehouse."
)


def test_a_report_dating_the_response_to_a_deed_it_tells_undated_is_no_redating(
    analyzer: Analyzer, embed: Embed
) -> None:
    # The second report tells the shove without a day and dates the apology for it: two deeds,
    # two days, no conflict. (Both published Wednesday, March 4; the weekend just gone is
    # February 28 - March 1.)
    assert _run(analyzer, embed, SHOVED, APOLOGY).conflicts == ()


def _dates_another_deed(analyzer: Analyzer, first: str, other: str) -> bool:
    """Whether ``other`` dates another deed than ``first`` tells (conflicts._dates_another_deed),
    on the two statements as the claims read them."""
    one, two = article("r1", "Valley Courier", first), article("r2", "Harbor Times", other)
    a, b = statements(
        [one, two],
        dict(zip(["r1", "r2"], analyzer([one, two]), strict=True)),
        {"r1": "family_r1", "r2": "family_r2"},
        set(),
        CFG,
    )
    day = max(span for c in b.facts.clauses for span in date_intervals(c))  # the news's day
    dated = [c for c in b.facts.clauses if day in date_intervals(c)]
    return _dates_another_deed_of(a, dated, b)


def test_a_deed_called_for_is_the_content_of_the_dated_call(analyzer: Analyzer) -> None:
    # The cancelling is what the calls are about ("to consider cancelling" is no deed done):
    # the call and the pressing may be one deed told on two days.
    pressed = (
        "Top Liberals on Monday swiftly pressed Prime Minister Ana Vidal to consider cancelling "
        "her upcoming summit with President Tomas Reyes."
    )
    called = (
        "Leading Liberals called Friday for Prime Minister Ana Vidal to cancel her upcoming "
        "meeting with President Tomas Reyes of Estoria."
    )
    assert not _dates_another_deed(analyzer, pressed, called)
    # A shove done, told undated beside a dated apology for it, is another deed.
    assert _dates_another_deed(analyzer, SHOVED, APOLOGY)
    # A deed both tell as background, one of them with its own year, is no deed of the day.
    pressed_after = (
        "Top Liberals on Monday pressed Prime Minister Ana Vidal to consider cancelling her "
        "summit, after two of her aides were charged with leaking the budget files."
    )
    called_after = (
        "Leading Liberals called on Prime Minister Ana Vidal to cancel her summit, the party "
        "announced Friday, after two aides were charged with leaking the budget files in 2019."
    )
    assert not _dates_another_deed(analyzer, pressed_after, called_after)
