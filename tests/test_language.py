"""The one home of the shared word lists and stemmers (language.py) and the one reader of full
dates (calendar_words.full_dates) that the stories stage now uses."""

from __future__ import annotations

from datetime import date

from storyline.calendar_words import full_dates
from storyline.language import ENGLISH, for_language


def test_a_language_code_picks_its_lists_and_an_unwritten_one_falls_back_to_english() -> None:
    assert for_language("en") is ENGLISH
    assert for_language("en-GB") is ENGLISH and for_language("EN_us") is ENGLISH
    # Only English is written: another language or none reads with the English lists.
    assert for_language("de") is ENGLISH and for_language(None) is ENGLISH


def test_each_list_leaves_out_what_it_says() -> None:
    # Function and reporting words are in every stage's stop list ...
    for stops in (ENGLISH.story_stop_words, ENGLISH.claim_stop_words):
        assert {"the", "which", "said", "according"} <= stops
        assert "ferry" not in stops and "quay" not in stops
    # ... news vocabulary only in the stories' one (every story shares it, a claim may not).
    assert "report" in ENGLISH.story_stop_words and "report" not in ENGLISH.claim_stop_words
    # Key terms of a passage are words of 4+ letters: their stop list holds no short word.
    assert all(len(w) >= 4 for w in ENGLISH.key_term_stop_words)


def test_the_two_stemmers() -> None:
    norm = ENGLISH.normalize_word
    assert norm("flooded") == norm("floods") == norm("flooding") == "flood"
    assert norm("Harbour's") == "harbour" and norm("ferries") == "ferry"
    assert norm("press") == "press"  # a double s is not a plural
    assert ENGLISH.stem("invitation") == ENGLISH.stem("invite") == "invit"


def test_full_dates_reads_every_form_in_text_order_once() -> None:
    text = (
        "The quay reopened on 2024-03-05 after the storm of 12 February 2024; the harbour "
        "master first warned on Jan. 30, 2024, and again on 31 February 2024, a day that "
        "does not exist."
    )
    assert full_dates(text) == [date(2024, 3, 5), date(2024, 2, 12), date(2024, 1, 30)]
    assert full_dates("no date here, only May and 2024") == []
