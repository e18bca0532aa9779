"""Figures read where they stand (numbers.figures): what each figure of a sentence allows as a
count, and which digits count nothing. The sentences are written for these tests."""

from __future__ import annotations

import math

from storyline.numbers import Amount, figure_at, figures


def read(text: str) -> list[tuple[str, Amount | None, str]]:
    return [(text[f.start : f.end], f.amount, f.reason) for f in figures(text)]


def test_a_bound_is_read_with_its_words() -> None:
    # "more than" is a lower bound, wherever the slot a copy changed begins.
    [(written, found, _)] = read("The flood drove more than 4,100 residents from Marren.")
    assert written == "4,100"
    assert found is not None and found.low == 4100 and math.isinf(found.high)
    text = "Nearly 300 boats were damaged."
    start = text.index("300")
    assert figure_at(text, start, start + 3) == Amount(low=270.0, high=300.0)


def test_a_range_allows_both_ends() -> None:
    text = "Bidders offered between $40 million and $55 million for the harbour."
    assert [f.amount for f in figures(text)] == [Amount(low=40e6, high=55e6, unit="USD")] * 2
    assert figures("Some 8-10 boats sank.")[0].amount == Amount(low=8, high=10)


def test_a_currency_named_after_the_figure_is_its_unit() -> None:
    amounts = [a for _, a, _ in read("Jewels worth 85 million euros ($108 million) were taken.")]
    assert [a.unit for a in amounts if a is not None] == ["EUR", "USD"]
    assert figures("or 74 million pounds")[0].amount == Amount(low=73.5e6, high=74.5e6, unit="GBP")


def test_a_split_is_two_counts() -> None:
    assert [a for _, a, _ in read("The council split 31-12 on the pier.")] == [
        Amount(low=31, high=31),
        Amount(low=12, high=12),
    ]


def test_digits_that_count_nothing() -> None:
    cases = {
        "Call the harbour office on 0161 496 0733 with any news.": "phone number",
        "Call the desk at 555-0192.": "phone number",
        "The alarm sounded at 4:15 a.m. on the quay.": "time of day",
        "The alarm sounded at 4: 15 on the quay.": "time of day",
        "The ferry left at 6 p.m. sharp.": "time of day",
        "The boxer, 31-4-1, lost.": "record",
        "The 12th-ranked crew won.": "ordinal",
        "An F-16 flew over the G20 venue.": "name",
        "The crane was built in the 1960s.": "decade",
        "He served 3\ufffd years.": "unreadable",
    }
    for text, reason in cases.items():
        found = read(text)
        assert found and all(a is None and r == reason for _, a, r in found), (text, found)


def test_number_words_count_but_one_is_left_out() -> None:
    assert [w for w, _, _ in read("One of the crews saved nine swimmers and twenty-six dogs.")] == [
        "nine",
        "twenty-six",
    ]
