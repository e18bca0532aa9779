"""Who holds an office (claims.offices): two outlets naming different people as the holder of
one office contradict each other; past holders, shared roles and statements naming both people
do not. Every text here is written for these tests."""

from __future__ import annotations

import pytest

from storyline.analyze import Analyzer
from storyline.claims import ClaimSet, Embed
from storyline.claims.offices import Office, _before, _initials_keys, _office_key, _one_office
from tests.claims.helpers import article, run_story


def _holders(result: ClaimSet) -> list[str]:
    """The office-holder conflicts' summaries (the clause rules may flag other things)."""
    return [
        c.summary
        for c in result.conflicts
        if c.kind == "participant" and "holder of the office" in c.summary
    ]


def _story(analyzer: Analyzer, embed: Embed, first: str, second: str) -> ClaimSet:
    one, two = article("o1", "Valley Post", first), article("o2", "Hill Courier", second)
    return run_story(analyzer, embed, [one, two])


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Secretary of the Interior", "Interior Secretary"),
        ("U.S. Deputy Attorney General", "Deputy Attorney General"),
        ("Colorado's attorney general", "Colorado Attorney General"),
        ("the committee chairman", "Committee Chairman"),
        ("BuzzFeed's editor in chief", "BuzzFeed Editor-in-Chief"),
    ],
)
def test_one_office_written_two_ways_has_one_key(one: str, other: str) -> None:
    assert _office_key(one) is not None
    assert _office_key(one) == _office_key(other)


@pytest.mark.parametrize(
    "phrase",
    [
        "President",  # one word: a title many hold somewhere
        "Sen.",
        "a Republican senator",  # a role many hold at once
        "Hunter's lawyer",
        "former Interior Secretary",  # a past holder
        "a senior White House official",
        "the president-elect",
    ],
)
def test_phrases_that_name_no_single_office(phrase: str) -> None:
    assert _office_key(phrase) is None


# One fact told by two outlets, each naming a holder of the office: every test below changes
# only what its guard is about, so that without the guard the pair would be flagged.
QUILLON = (
    "Colorado Attorney General Mara Quillon said the lawsuit brought by the two neighbouring "
    "states was without merit."
)
ARDENT = (
    "Colorado's attorney general, Tomas Ardent, called the neighbouring states' lawsuit "
    "baseless in a statement on Monday."
)


def test_two_holders_of_one_office_are_a_conflict(analyzer: Analyzer, embed: Embed) -> None:
    result = _story(analyzer, embed, QUILLON, ARDENT)
    holders = _holders(result)
    assert len(holders) == 1, [c.summary for c in result.conflicts]
    assert "Mara Quillon" in holders[0] and "Tomas Ardent" in holders[0]


def test_a_former_holder_is_no_conflict(analyzer: Analyzer, embed: Embed) -> None:
    result = _story(analyzer, embed, "Former " + QUILLON, ARDENT)
    assert _holders(result) == []


def test_people_sharing_a_role_are_no_conflict(analyzer: Analyzer, embed: Embed) -> None:
    # Colorado has many assistant attorneys general: "assistant" names a shared role.
    one = QUILLON.replace("Attorney General", "Assistant Attorney General")
    other = ARDENT.replace("attorney general", "assistant attorney general")
    assert _holders(_story(analyzer, embed, one, other)) == []


def test_a_statement_naming_both_people_is_no_conflict(analyzer: Analyzer, embed: Embed) -> None:
    # The second outlet names the first one's holder too: the two are told apart, not confused
    # (a successor, a deputy standing in).
    both = ARDENT.replace(", called", ", who took over from Mara Quillon in May, called")
    assert _holders(_story(analyzer, embed, QUILLON, both)) == []


@pytest.mark.parametrize(
    ("text", "name", "phrase"),
    [
        # An appositive title starts at its article: the verb and preposition before it belong
        # to the sentence.
        (
            "The report was delivered to the Senate majority leader, Ellen Marsh, on Monday.",
            "Ellen Marsh",
            "the Senate majority leader",
        ),
        # "of the" stays inside the title.
        (
            "The permit was signed by the secretary of the Interior, Dana Cole, last week.",
            "Dana Cole",
            "the secretary of the Interior",
        ),
        # Without an article the appositive is kept whole.
        (
            "Colorado's attorney general, Tomas Ardent, disagreed.",
            "Tomas Ardent",
            "Colorado's attorney general",
        ),
        # A comma ends a title read back from the name: the opening phrase is no part of it.
        (
            "On Wednesday, Senate Majority Leader Ellen Marsh received the report.",
            "Ellen Marsh",
            "Senate Majority Leader",
        ),
        # A legislator's title before the name is a courtesy: the appositive before it is read.
        (
            "“It was unusual,” the board's chairman, Representative Tom Reyes, said.",
            "Tom Reyes",
            "the board's chairman",
        ),
        ("Board Chairman Rep. Tom Reyes made the request.", "Tom Reyes", "Board Chairman"),
    ],
)
def test_the_title_phrase_before_a_name(text: str, name: str, phrase: str) -> None:
    assert _before(text, text.index(name)) == phrase


# The report reached one office holder, as two outlets tell it: the second writes the office
# in apposition after a preposition, so the office is read from "the" on.
DELIVERED_APPOSED = (
    "On Monday the harbor board sent its report to the Senate majority leader, {name} of "
    "Vermont, and asked for a vote before the recess."
)
DELIVERED_TITLED = (
    "On Monday, Senate Majority Leader {name} received the harbor board's report with a "
    "request for a vote before the recess."
)


def test_an_appositive_office_after_a_preposition_is_compared(
    analyzer: Analyzer, embed: Embed
) -> None:
    result = _story(
        analyzer,
        embed,
        DELIVERED_APPOSED.format(name="Ellen Marsh"),
        DELIVERED_TITLED.format(name="Dana Cole"),
    )
    holders = _holders(result)
    assert len(holders) == 1, [c.summary for c in result.conflicts]
    assert "Ellen Marsh" in holders[0] and "Dana Cole" in holders[0]


def test_one_holder_written_both_ways_is_no_conflict(analyzer: Analyzer, embed: Embed) -> None:
    result = _story(
        analyzer,
        embed,
        DELIVERED_APPOSED.format(name="Ellen Marsh"),
        DELIVERED_TITLED.format(name="Ellen Marsh"),
    )
    assert _holders(result) == []


def _office(phrase: str) -> Office:
    key = _office_key(phrase)
    assert key is not None
    return Office(key, _initials_keys(phrase), phrase, "holder", "A Holder")


def test_an_organisation_spelled_out_is_its_initials() -> None:
    assert _one_office(_office("Harbor Alliance Council Chairman"), _office("HAC Chairman"))


def test_offices_sharing_initials_are_not_one() -> None:
    # Initials are matched only against initials someone wrote: both shorten to "HM Leader".
    assert not _one_office(_office("House Minority Leader"), _office("House Majority Leader"))


def test_a_holder_named_by_initials_is_compared(analyzer: Analyzer, embed: Embed) -> None:
    result = _story(
        analyzer,
        embed,
        "Harbor Alliance Council Chairman Ellen Marsh will meet the board's members on Monday "
        "evening to discuss the dredging plan.",
        "HAC Chairman Dana Cole is expected to meet the board's members on Monday evening to "
        "discuss the dredging plan.",
    )
    holders = _holders(result)
    assert len(holders) == 1, [c.summary for c in result.conflicts]
    assert "Ellen Marsh" in holders[0] and "Dana Cole" in holders[0]
