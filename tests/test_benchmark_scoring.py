"""The scoring rules of benchmarks/analyze_quality.py (pure functions, no evalset needed)."""

from __future__ import annotations

from benchmarks.analyze_quality import date_half, same_value


def test_a_week_is_one_value_in_either_spelling() -> None:
    assert same_value("2000-W06", "2000-W6")  # ISO 8601's two digits vs one
    assert same_value("2000-W6", "2000-W06")
    assert same_value("2000-W06-WE", "2000-W6-WE")
    assert same_value("2000-W15", "2000-W15")


def test_only_the_spelling_of_a_week_is_forgiven() -> None:
    assert not same_value("2000-W05", "2000-W6")  # another week
    assert not same_value("1948", "1948-XX")  # another granularity
    assert not same_value("2000-02", "2000-W6")
    assert not same_value(None, "2000-W6")


def test_parts_split_by_document_id_alone() -> None:
    parts = [date_half(f"doc{i}") for i in range(200)]
    assert set(parts) == {"A", "B1", "B2"}
    assert parts == [date_half(f"doc{i}") for i in range(200)]  # stable across calls
