"""The scoring rules of the quality benchmarks (benchmarks/analyze_quality.py, the injection of
benchmarks/claims_quality.py): pure functions, no evalset needed."""

from __future__ import annotations

from benchmarks.analyze_quality import date_half, same_value
from benchmarks.claims_quality import _alterations


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


def _place_moves(sentence: str, places: list[str]) -> list[tuple[str, str]]:
    return [(old, new) for kind, old, new in _alterations(sentence, sentence, [], places)
            if kind == "place"]


def test_the_injection_moves_the_place_a_deed_happens_at() -> None:
    """The altered slot is the "in X" phrase itself, so a name mentioned earlier in the
    sentence is left alone, and a place that only opens a longer name is no slot."""
    sentence = "In the wake of the Lisbon strike, the union said the talks in Lisbon failed."
    ((old, new),) = _place_moves(sentence, ["Lisbon"])
    assert old == "in Lisbon" and new.startswith("in ") and new != old
    altered = sentence.replace(old, new, 1)
    assert "the Lisbon strike" in altered and "talks in Lisbon" not in altered
    assert _place_moves("Fans queued at Chick-fil-A restaurants on Friday.", ["Chick"]) == []
    assert _place_moves("It was reported in New York Times columns.", ["New York"]) == []
