"""Whom "he" or "she" as a sentence's subject stands for (``Analysis.referents``): read as the
speaker reader reads a pronoun, and kept only where it plainly carries on the latest subject, so
a sentence shown apart from its article can name them."""

from __future__ import annotations

from storyline.analyze import Analyzer
from storyline.model import Referent
from tests.analyze.conftest import article


def _referents(analyzer: Analyzer, text: str) -> list[Referent]:
    (analysis,) = analyzer([article(text)])
    return list(analysis.referents)


def test_he_and_she_opening_a_sentence_stand_for_the_person_before(analyzer: Analyzer) -> None:
    text = (
        "Governor Ana Ruiz visited the harbour on Monday. She toured the damaged north pier "
        "with Senator Tom Vance. Vance stayed for the afternoon. He spoke to the fishermen."
    )
    found = [(r.text, r.name, text[r.start : r.end]) for r in _referents(analyzer, text)]
    assert found == [("She", "Ana Ruiz", "She"), ("He", "Tom Vance", "He")]


def test_it_is_no_referent(analyzer: Analyzer) -> None:
    # "It" after an organisation's remark is as often the thing it put forward: left as written.
    text = (
        "The Harbour Trust said its plan would cost $2 million. It would rebuild the pier. "
        "Governor Ana Ruiz thanked the fishermen. It was her third visit this year."
    )
    assert _referents(analyzer, text) == []


def test_a_pronoun_no_one_named_stands_for_is_no_referent(analyzer: Analyzer) -> None:
    text = "He settled into a corner booth. They explained the new tolls to him."
    assert _referents(analyzer, text) == []


def test_a_pronoun_inside_a_quotation_is_no_referent(analyzer: Analyzer) -> None:
    text = (
        "Governor Ana Ruiz visited the harbour on Monday. “She is a friend of this quay,” "
        "Senator Tom Vance said."
    )
    assert [r for r in _referents(analyzer, text) if r.text == "She"] == []


def test_a_person_who_is_not_the_latest_subject_is_not_named(analyzer: Analyzer) -> None:
    # The resolver still reads "She" as the governor, but a thing was the subject between:
    # the pronoun does not plainly carry on, and a sentence shown apart is left as written.
    text = (
        "Governor Ana Ruiz thanked the crews on Monday. The storm had closed the north pier "
        "for a week. She promised new funds for the harbour."
    )
    assert [r for r in _referents(analyzer, text) if r.text == "She"] == []
    carried = (
        "Governor Ana Ruiz thanked the crews on Monday. She promised new funds for the harbour."
    )
    assert [(r.text, r.name) for r in _referents(analyzer, carried)] == [("She", "Ana Ruiz")]
