"""Which lines of an article are statements of fact, read with the real spaCy parse.

The report is fiction written for these tests. Each line says why it is or is not a statement:
a line that talks to the reader about the text (a hortative, an imperative, a line hanging on
the one before, a signpost to what follows) and the tail of a sentence the splitter cut after a
quotation are not; statements that open with a verb of their own ("Asked about ...", "Said one
councillor: ...") or a name the parser may take for a verb still are."""

from __future__ import annotations

from storyline.analyze import Analyzer
from storyline.claims.units import article_statements, is_statement

from .helpers import CFG, article

KEPT = [
    "The harbour council met on Tuesday to weigh the new quay plan.",
    "Asked about the cost, the mayor said the plan was sound and fully funded.",
    "Said one councillor: the vote on the quay was closer than expected.",
    "Consider the numbers: the quay plan costs 40 million crowns over five years.",
    "Build Better Harbours Fund paid for the survey and published it on Monday.",
    "Halvorsen over the weekend denied that she had asked the council to delay the vote.",
]
DROPPED = [
    "Which brings us back to the mayor's answer on the quay.",
    "Let's recap what the council tape showed about the vote.",
    "See the full letter below, and tell us what you think of the plan.",
    "Here are the councillors' replies to the harbour plan.",
    "the veteran councillor demanded at the end of the meeting.",
]


def test_lines_that_talk_to_the_reader_are_no_statements(analyzer: Analyzer) -> None:
    text = (
        "Mayor Ingrid Halvorsen defended the quay plan on Tuesday.\n"
        + "\n".join(KEPT + DROPPED)
        + "\nHalvorsen has led the council since 2019."
    )
    report = article("q1", "Harbour Post", text)
    (analysis,) = analyzer([report])
    lines = {line.text for line in article_statements(report, analysis, CFG)}
    assert {line for line in KEPT if line not in lines} == set()
    assert lines & set(DROPPED) == set()


def test_lower_case_tails_and_openers_need_no_parse() -> None:
    # The text-only rules, one line at a time.
    assert not is_statement("he said at the end of a lengthy post on the council's site.", CFG)
    assert not is_statement("Here's how the quay plan would change the harbour front.", CFG)
    assert not is_statement("Below are some of the photos the council shared on Tuesday.", CFG)
    assert is_statement("Here, the council voted seven to four for the quay plan.", CFG)
    assert is_statement("Whichever way the vote goes, the quay will be rebuilt by 2028.", CFG)
