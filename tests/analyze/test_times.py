"""Time expressions resolved against the publication date (TIMEX3 values)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from storyline.analyze import Analyzer
from storyline.analyze.times import resolve
from tests.analyze.conftest import article

PUBLISHED = date(2025, 9, 3)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Tuesday", "2025-09-02"),
        ("on Wednesday", "2025-09-03"),
        ("Friday", "2025-08-29"),
        ("last year", "2024"),
        ("a day earlier", "2025-09-02"),
        ("in November", "2025-11"),
        ("2nd Sep, 2025", "2025-09-02"),
        ("September 2, 2025", "2025-09-02"),
        ("yesterday", "2025-09-02"),
        ("last month", "2025-08"),
        ("next week", "2025-W37"),
        ("the third quarter", "2025-Q3"),
        ("the 1990s", "199"),
        ("two years ago", "2023"),
        ("now", "PRESENT_REF"),
        ("recently", "PAST_REF"),
        ("this summer", "2025-SU"),
        ("nineteen ninety-six", "1996"),
    ],
)
def test_relative_expressions_resolve_against_publication(text: str, value: str) -> None:
    assert resolve(text, PUBLISHED)[1] == value


def test_future_tense_moves_a_weekday_forward() -> None:
    assert resolve("Friday", PUBLISHED, "future")[1] == "2025-09-05"


def test_without_publication_date_relative_stays_unresolved() -> None:
    for text in ("Tuesday", "last year", "a day earlier", "in November", "Sept. 29"):
        assert resolve(text, None)[1] is None, text
    assert resolve("2nd Sep, 2025", None)[1] == "2025-09-02"
    assert resolve("1998", None)[1] == "1998"


def test_durations_and_sets() -> None:
    assert resolve("three years", PUBLISHED) == ("DURATION", "P3Y")
    assert resolve("every week", PUBLISHED) == ("SET", "P1W")


def test_times_in_a_doc_carry_spans_and_values(analyzer: Analyzer) -> None:
    text = (
        "The council met on Tuesday. A day earlier, the mayor said the vote was set for November."
    )
    (dated,) = analyzer([article(text, published=datetime(2025, 9, 3))])
    values = {t.text: t.value for t in dated.times}
    assert values.get("Tuesday") == "2025-09-02"
    assert values.get("A day earlier") == "2025-09-02"
    assert any(v == "2025-11" for k, v in values.items() if "November" in k)
    for t in dated.times:
        assert text[t.start : t.end] == t.text
    (undated,) = analyzer([article(text, published=None)])
    assert all(t.value is None for t in undated.times if "Tuesday" in t.text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("the current fiscal year", "2025"),
        ("the full year", "2025"),
        ("the latest fiscal year", "2024"),
        ("the week", "2025-WXX"),
        ("the last few months", "PAST_REF"),
        ("several years ago", "PAST_REF"),
        ("the short term", "FUTURE_REF"),
        ("the year-ago third quarter", "2024-Q3"),
        ("next year's first quarter", "2026-Q1"),
        ("March eighth", "2025-03-08"),
        ("the twenty-first of March", "2025-03-21"),
        ("the first week of March", "2025-03"),
    ],
)
def test_newswire_conventions(text: str, value: str) -> None:
    assert resolve(text, PUBLISHED)[1] == value


def test_a_decade_written_with_an_apostrophe_is_a_decade_not_its_first_year(
    analyzer: Analyzer,
) -> None:
    # The tokenizer splits "1930's" into "1930" and a possessive "'s": read alone, "the 1930"
    # was the year 1930, and two outlets' "1931" and "the 1930's" looked like a contradiction.
    text = (
        "The rowing club was founded in the 1930's by two ferrymen. Its boathouse burned in "
        "the late 1960\u2019s. The company said 2010's results were its best."
    )
    (dated,) = analyzer([article(text, published=datetime(2012, 5, 1))])
    values = {t.text: t.value for t in dated.times}
    assert values["the 1930's"] == "193"
    assert values["the late 1960\u2019s"] == "196"
    assert values["2010"] == "2010"  # without "the", "'s" is a possessive: a year's results


def test_the_weekend_is_the_one_just_gone_unless_the_verb_looks_ahead() -> None:
    assert resolve("the weekend", PUBLISHED, "past")[1] == "2025-W35-WE"  # 30-31 August
    assert resolve("the weekend", PUBLISHED, "future")[1] == "2025-W36-WE"  # 6-7 September
    # "This weekend" told in the past on a weekday is the one just gone; looking ahead, or as
    # a plain name ("this weekend's final"), the coming one.
    assert resolve("this weekend", PUBLISHED, "past")[1] == "2025-W35-WE"
    assert resolve("this weekend", PUBLISHED, "future")[1] == "2025-W36-WE"
    assert resolve("this weekend", PUBLISHED, "present")[1] == "2025-W36-WE"


def test_earnings_language_resolves_against_the_reported_quarter() -> None:
    assert resolve("a year earlier", PUBLISHED, "past", "2025-Q2")[1] == "2024-Q2"
    assert resolve("the year-ago period", PUBLISHED, "past", "2025-Q2")[1] == "2024-Q2"
    assert resolve("the quarter a year ago", PUBLISHED, "past", "2025-Q2")[1] == "2024-Q2"
    assert resolve("the latest period", PUBLISHED, "past", "2025-Q2")[1] == "2025-Q2"
    assert resolve("the 2024 period", PUBLISHED, "past", "2025-Q2")[1] == "2024-Q2"
    assert resolve("a year earlier", PUBLISHED)[1] == "2024"  # no quarter reported


def test_a_doc_carries_its_reported_quarter(analyzer: Analyzer) -> None:
    text = (
        "Harbor Mills said second-quarter profit rose 12% to $40 million. "
        "A year earlier, the miller earned $35 million.\n\n"
        "Sales in the latest period reached $300 million.\n\n"
        "For the first six months, revenue climbed 8% from a year earlier."
    )
    (analysis,) = analyzer([article(text, published=datetime(2025, 8, 5))])
    values = [(t.text, t.value) for t in analysis.times]
    assert ("A year earlier", "2024-Q2") in values
    assert ("the latest period", "2025-Q2") in values
    assert ("a year earlier", "2024") in values  # a half-year compares whole years


def test_scheduled_events_lean_forward_and_reports_lean_back(analyzer: Analyzer) -> None:
    text = (
        "The talks are set to resume Monday in Geneva. "
        "Negotiators from both sides meet again Friday. "
        "Shares of the shipping firm fell Thursday. "
        "The walkout follows Tuesday's vote by the dockers."
    )
    (analysis,) = analyzer([article(text, published=datetime(2025, 9, 3))])
    values = {t.text: t.value for t in analysis.times}
    assert values["Monday"] == "2025-09-08"
    assert values["Friday"] == "2025-09-05"
    assert values["Thursday"] == "2025-08-28"
    assert values["Tuesday"] == "2025-09-02"


# --- rules for news the first rules were not tuned on ---------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("the last half of 2025", "2025-H2"),
        ("the first half of the year", "2025-H1"),
        ("the last half of the '80s", "198"),
        ("year-end", "2025"),
        ("by year's end", "2025"),
        ("Thanksgiving", "2025-11-27"),  # placed as its month is: November is just ahead
        ("Christmas", "2024-12-25"),  # December is not: the last one
        ("next Christmas", "2025-12-25"),
        ("Election Day", "2025-11-04"),  # the Tuesday after the first Monday of November
        ("Easter 2026", "2026-04-05"),
        ("the Fourth of July", "2025-07-04"),
    ],
)
def test_halves_year_end_and_holidays(text: str, value: str) -> None:
    assert resolve(text, PUBLISHED)[1] == value


def test_a_month_just_ahead_is_last_year_when_a_past_verb_governs_it() -> None:
    published = date(2025, 10, 27)
    assert resolve("December", published)[1] == "2025-12"  # a month just ahead: the coming one
    assert resolve("December", published, "past", past_verb=True)[1] == "2024-12"


def test_ranges_lists_anaphora_and_deadlines_in_a_doc(analyzer: Analyzer) -> None:
    text = (
        "The bakery sold loaves between 2019 and 2021. "
        "Its owner moved to Westford in June 2022 and opened a second shop later that year. "
        "The following month, the council approved a market. "
        "The lender gave the owner until February to repay the loan, and the shares would be "
        "redeemed in five years. "
        "Prices rose from Aug. 26 to Oct. 20, the owner said."
    )
    (analysis,) = analyzer([article(text, published=datetime(2025, 10, 27))])
    values = {t.text: t.value for t in analysis.times}
    assert values["2019"] == "2019" and values["2021"] == "2021"  # each end on its own
    assert values["later that year"] == "2022"  # the year the text mentioned last
    assert values["The following month"] == "2022-07"
    assert values["February"] == "2026-02"  # a deadline is still to come
    assert values["five years"] == "2030"  # "would be redeemed in five years": a point ahead
    assert values["Aug. 26"] == "2025-08-26" and values["Oct. 20"] == "2025-10-20"
    for t in analysis.times:
        assert text[t.start : t.end] == t.text


# --- general date mechanisms (each with text written for the test) ------------------------


def test_a_day_and_its_part_are_the_day_and_that_days_part(analyzer: Analyzer) -> None:
    text = (
        "The ferry left the harbour Wednesday night with forty passengers. "
        "Inspectors boarded it yesterday afternoon and again early Monday morning."
    )
    (analysis,) = analyzer([article(text, published=datetime(2025, 9, 3))])
    values = {t.text: (t.kind, t.value) for t in analysis.times}
    # TIMEX3 writes a part of the day on its day: MO, AF, EV, NI.
    assert values["night"] == ("TIME", "2025-09-03TNI")
    assert values["afternoon"] == ("TIME", "2025-09-02TAF")
    assert values["morning"] == ("TIME", "2025-09-01TMO")
    # The day itself stays a day: the part does not replace it.
    assert values["Wednesday"][1] == "2025-09-03"
    assert values["yesterday"][1] == "2025-09-02"
    for t in analysis.times:
        assert text[t.start : t.end] == t.text


def test_a_part_of_the_day_without_a_day_before_it_stays_unresolved(analyzer: Analyzer) -> None:
    text = "The wardens walk the dunes every evening. The gates open in the morning."
    (analysis,) = analyzer([article(text, published=datetime(2025, 9, 3))])
    assert not any(t.value and "T" in t.value[10:] for t in analysis.times)


def test_a_clock_time_on_a_day_takes_that_day(analyzer: Analyzer) -> None:
    text = (
        "The polls closed at 8 p.m. Tuesday in the capital. "
        "Counting resumes Thursday at 9:30 a.m., the commission said."
    )
    (analysis,) = analyzer([article(text, published=datetime(2025, 9, 3))])
    clocks = {t.value for t in analysis.times if t.value and "T" in t.value}
    assert "2025-09-02T20:00" in clocks  # the day after the time
    assert "2025-09-04T09:30" in clocks  # the day before it ("resumes": scheduled, ahead)


def test_a_modal_reaches_a_month_through_the_nouns_it_qualifies(analyzer: Analyzer) -> None:
    text = (
        "The special dividend would be paid on a date in January, the board said. "
        "The mayors can take part in planning for the regional summit in April. "
        "The regional summit in April drew a large crowd."
    )
    (analysis,) = analyzer([article(text, published=datetime(2025, 10, 27))])
    months = [(t.start, t.value) for t in analysis.times if t.text in {"January", "April"}]
    assert [v for _, v in sorted(months)] == ["2026-01", "2026-04", "2025-04"]


def test_anaphora_reaches_weekdays_and_prior() -> None:
    from storyline.analyze.times import _anaphoric

    assert _anaphoric("the previous friday", "2025-08-27") == "2025-08-22"  # a Wednesday
    assert _anaphoric("the prior friday", "2025-08-29") == "2025-08-22"  # strictly before
    assert _anaphoric("the following monday", "2025-08-27") == "2025-09-01"
    assert _anaphoric("the prior month", "2022-06") == "2022-05"
    assert _anaphoric("the previous friday", "2025") is None  # a year names no day
    assert resolve("the prior year", PUBLISHED)[1] == "2024"


def test_a_day_told_of_a_month_keeps_day_granularity_with_the_day_unknown(
    analyzer: Analyzer,
) -> None:
    text = (
        "The mill flooded last March, when the river broke its banks. "
        "Its owner closed the gates that same day."
    )
    (analysis,) = analyzer([article(text, published=datetime(2025, 9, 3))])
    values = {t.text: t.value for t in analysis.times}
    assert values["last March"] == "2025-03"
    # A day of March the text does not give: TIMEX3 writes the unknown digits as X.
    assert values["that same day"] == "2025-03-XX"


def test_anaphora_pads_only_a_day_of_a_known_month() -> None:
    from storyline.analyze.times import _anaphoric

    assert _anaphoric("that same day", "2025-03") == "2025-03-XX"
    assert _anaphoric("that same day", "2025-03-14") == "2025-03-14"
    assert _anaphoric("the next day", "2025-03") is None  # it may fall in the next month
    assert _anaphoric("that day", "2025") is None  # a year says too little


def test_the_day_set_off_after_a_day_is_that_day(analyzer: Analyzer) -> None:
    text = (
        "Shares fell 4% in the week after Aug. 14, the day before the harvest report. "
        "For the day, the index rose 2%."
    )
    (analysis,) = analyzer([article(text, published=datetime(2025, 9, 3))])
    values = [(t.text, t.value) for t in analysis.times if t.text.lower() == "the day"]
    # In apposition it names Aug. 14; alone it is the day of publication, as in market copy.
    assert values == [("the day", "2025-08-14"), ("the day", "2025-09-03")]


def test_a_plan_told_in_the_past_looks_ahead(analyzer: Analyzer) -> None:
    text = (
        "Officials said they did not plan to close the bridge on Friday morning. "
        "The crew had planned to leave Tuesday, but the storm kept it in port."
    )
    (analysis,) = analyzer([article(text, published=datetime(2025, 9, 3))])  # a Wednesday
    values = {t.text: t.value for t in analysis.times}
    assert values["Friday"] == "2025-09-05"  # the plan's Friday is still to come
    assert values["Tuesday"] == "2025-09-02"  # a plan that had been overtaken


def test_the_previous_weekday_in_a_doc_follows_the_day_last_spoken_of(analyzer: Analyzer) -> None:
    text = (
        "The index closed at 410 on Thursday, Aug. 21. "
        "It had gained 3% from the previous Friday, traders said."
    )
    (analysis,) = analyzer([article(text, published=datetime(2025, 9, 3))])
    values = {t.text: t.value for t in analysis.times}
    assert values["the previous Friday"] == "2025-08-15"  # not the Friday before publication


def test_the_reported_quarter_is_named_or_given_figures(analyzer: Analyzer) -> None:
    text = (
        "Harbor Mills reported a sharp fall in net income for its second quarter.\n\n"
        "Net income fell to $9 million, or 20 cents a share, from $14 million, or 31 cents a "
        "share, a year earlier.\n\n"
        "The figures compare with a loss in the corresponding period last year."
    )
    (analysis,) = analyzer([article(text, published=datetime(2025, 8, 5))])
    values = {t.text: t.value for t in analysis.times}
    # No sentence but the first names a quarter: the first made it the one reported.
    assert values["a year earlier"] == "2024-Q2"
    assert values["the corresponding period last year"] == "2024-Q2"


def test_results_named_for_a_quarter_still_running_do_not_make_it_reported(
    analyzer: Analyzer,
) -> None:
    text = (
        "Harbor Mills said third-quarter profit rose 12% to $40 million.\n\n"
        "It gave no estimate of the storm's effect on fourth-quarter results.\n\n"
        "In the latest quarter, the miller sold more flour."
    )
    (analysis,) = analyzer([article(text, published=datetime(2025, 10, 30))])
    values = {t.text: t.value for t in analysis.times}
    assert values["the latest quarter"] == "2025-Q3"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("then current", "PAST_REF"),  # "the then current price": the present of a past time
        ("then-current", "PAST_REF"),
        ("the second half", "2025-H2"),
        ("the first half", "2025-H1"),
        ("Q3 2024", "2024-Q3"),
        ("H1 2024", "2024-H1"),
        ("Q2 '24", "2024-Q2"),
        ("Q3", "2025-Q3"),
    ],
)
def test_past_of_a_past_time_halves_and_abbreviated_quarters(text: str, value: str) -> None:
    assert resolve(text, PUBLISHED)[1] == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("last August", "2024-08"),  # the month just gone is "last month" to a writer
        ("last September", "2024-09"),  # the current month's name: a year back
        ("last July", "2025-07"),  # two months back: this year's
        ("this crucial moment", "PRESENT_REF"),
        ("at the time", "PAST_REF"),
        ("the week following", "2025-WXX"),  # a week an event pins, not the text
    ],
)
def test_last_month_names_moments_and_event_weeks(text: str, value: str) -> None:
    assert resolve(text, PUBLISHED)[1] == value


def test_a_commitment_told_in_the_past_looks_ahead_an_attempt_does_not(
    analyzer: Analyzer,
) -> None:
    text = (
        "The company agreed to buy the rival's lab for $22 million in February. "
        "The mayor tried to reach the minister Monday, her office said."
    )
    (analysis,) = analyzer([article(text, published=datetime(2025, 10, 29))])  # a Wednesday
    values = {t.text: t.value for t in analysis.times}
    assert values["February"] == "2026-02"  # agreed to buy: a purchase still to come
    assert values["Monday"] == "2025-10-27"  # an attempt happened when it was made


def test_since_year_end_is_the_last_year_end_gone(analyzer: Analyzer) -> None:
    text = (
        "The index has risen 12% since year-end. "
        "The company expects to complete the sale by year-end."
    )
    (analysis,) = analyzer([article(text, published=datetime(2025, 10, 29))])
    values = [(t.text, t.value) for t in analysis.times]
    assert ("year-end", "2024-12-31") in values  # since: a point in the past
    assert ("year-end", "2025") in values  # by: this year's, as TimeBank mostly writes it
