"""What a saying reports: the clause that was said, never the reporter's circumstances around
it, and no remark at all where the saying is only asked about or supposed."""

from __future__ import annotations

from storyline.analyze import Analyzer
from storyline.model import Quote
from tests.analyze.conftest import article


def _quotes(analyzer: Analyzer, text: str) -> list[Quote]:
    (analysis,) = analyzer([article(text)])
    return list(analysis.quotes)


def test_a_clause_of_time_before_the_cue_is_not_what_was_said(analyzer: Analyzer) -> None:
    # The parse makes "after the Times reported ..." a complement of "announced".
    text = (
        "Late on Wednesday, two days after The Kestrel Times first reported that she had "
        "used a private phone for council business, Mrs. Ortiz announced that she had asked "
        "the council to publish her messages."
    )
    quotes = _quotes(analyzer, text)
    ortiz = [q for q in quotes if q.speaker_name == "Ortiz"]
    assert [q.content for q in ortiz] == [
        "that she had asked the council to publish her messages"
    ]
    # The Times' report is still its own.
    times = [q for q in quotes if "private phone" in q.content]
    assert times and times[0].speaker_text == "The Kestrel Times"


def test_a_clause_of_concession_after_the_cue_is_what_was_said(analyzer: Analyzer) -> None:
    text = (
        "Ortiz appeared to seek a middle ground, saying while some support the toll and "
        "others oppose it, she would wait."
    )
    quotes = [q for q in _quotes(analyzer, text) if q.speaker_text == "Ortiz"]
    assert quotes and quotes[0].content.startswith("while some support the toll")


def test_a_saying_asked_about_or_supposed_is_no_remark(analyzer: Analyzer) -> None:
    asked = "Vance would not say whether the harbour board believes Ortiz broke the law."
    assert not [q for q in _quotes(analyzer, asked) if "broke the law" in q.content]
    supposed = (
        "If the harbour board says the bridge is unsafe, the council will close it, "
        "Mayor Lena Ortiz said on Monday."
    )
    quotes = _quotes(analyzer, supposed)
    assert not [q for q in quotes if q.speaker_text == "the harbour board"]
    # The mayor's own saying, condition and all, stays hers.
    assert [q.speaker_name for q in quotes if "council will close" in q.content] == ["Lena Ortiz"]


def test_a_saying_after_which_something_happened_is_still_a_remark(analyzer: Analyzer) -> None:
    text = "The farmers marched on the square after Mayor Lena Ortiz said the tolls would rise."
    quotes = [q for q in _quotes(analyzer, text) if "tolls would rise" in q.content]
    assert [q.speaker_name for q in quotes] == ["Lena Ortiz"]


def test_a_second_participle_of_saying_is_the_same_speakers_remark(analyzer: Analyzer) -> None:
    # The parse hangs "noting" on "represents", inside what "saying" reports.
    text = (
        "Harbour inspectors questioned by the Gazette criticised the board's practice, saying "
        "it breaks the safety code and noting that the old cranes are far less safe than the "
        "new ones."
    )
    quotes = _quotes(analyzer, text)
    by_content = {q.content: q.speaker_text for q in quotes}
    assert by_content == {
        "it breaks the safety code": "Harbour inspectors",
        "that the old cranes are far less safe than the new ones": "Harbour inspectors",
    }


def test_a_statement_saying_something_is_whoever_put_it_out(analyzer: Analyzer) -> None:
    text = "Mayor Lena Ortiz issued a statement saying the toll plan had failed."
    quotes = [q for q in _quotes(analyzer, text) if "toll plan had failed" in q.content]
    assert [(q.speaker_text, q.speaker_name) for q in quotes] == [
        ("Mayor Lena Ortiz", "Lena Ortiz")
    ]
    # Put out by two together, it is neither's alone.
    joint = "Lena Ortiz and Tom Vance issued a statement saying the toll plan had failed."
    quotes = [q for q in _quotes(analyzer, joint) if "toll plan had failed" in q.content]
    assert quotes and all(q.speaker_name is None for q in quotes)
    # As "the monologue indicated": what he said in it.
    monologue = (
        "Democrats say they will accept the findings, but as Mr. Vance's monologue indicated "
        "they are determined not to let go of the case."
    )
    quotes = [q for q in _quotes(analyzer, monologue) if "let go of the case" in q.content]
    assert [q.speaker_name for q in quotes] == ["Vance"]
