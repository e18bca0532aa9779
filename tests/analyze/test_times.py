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
