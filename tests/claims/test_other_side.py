"""Values that look like another value of one thing and are not (claims rules revision 13): the
same odds seen from the other side, a season against a year inside it, counts of different
things. A real contradiction of each kind is still flagged. The reports are written for these
tests."""

from __future__ import annotations

from datetime import date

from storyline.analyze import Analyzer
from storyline.claims import ClaimSet, Embed
from storyline.claims.facts import date_interval, stem
from storyline.claims.findings import (
    complementary,
    counted_after,
    counts_other_things,
    outcome_side,
)
from storyline.claims.units import Unit
from storyline.numbers import Amount, figures, season_at
from tests.claims.helpers import article, facts_of, run_story


def kinds(analyzer: Analyzer, embed: Embed, first: str, second: str) -> list[str]:
    a, b = article("x1", "Daily Ledger", first), article("x2", "Coast Herald", second)
    result: ClaimSet = run_story(analyzer, embed, [a, b])
    return sorted(c.kind for c in result.conflicts)


# -- odds and shares ---------------------------------------------------------------------------


def test_a_share_written_as_two_counts_is_one_figure() -> None:
    text = "The mayor gave her party a two-in-three chance of holding the council."
    [share] = figures(text)
    assert text[share.start : share.end] == "two-in-three"
    assert share.share and share.amount == Amount(low=200 / 3, high=200 / 3, unit="%")
    [spaced] = figures("One in five voters stayed home.")
    assert spaced.amount == Amount(low=20.0, high=20.0, unit="%")
    # A count in a span of time, a count in a year: no share.
    assert not any(f.share for f in figures("The crew rescued 3 in 12 hours."))
    assert not any(f.share for f in figures("The club won 3 in 2010."))


def test_the_outcome_a_share_is_of() -> None:
    text = 'It gave the party a "two-in-three chance" of holding on to the council.'
    start = text.index("two")
    assert outcome_side(text, start, start + 3) == 1
    other = "The board says the chance that the dam will fail is one in four."
    start = other.index("one in")
    assert outcome_side(other, start, start + 3) == -1
    assert outcome_side("Turnout was one in three.", 12, 15) == 0


def test_complementary_shares_add_up_to_the_whole() -> None:
    hold, lose = "two-in-three chance of holding", "one-in-three chance of losing"
    two, one = Amount(200 / 3, 200 / 3, "%"), Amount(100 / 3, 100 / 3, "%")
    assert complementary(two, hold, (0, 3), one, lose, (0, 3))
    # The same side: compared as they are. Other sides that do not add up: not excused here.
    assert not complementary(two, hold, (0, 3), one, hold.replace("two", "one"), (0, 3))
    assert not complementary(two, hold, (0, 3), two, lose.replace("one", "two"), (0, 3))


def test_the_same_odds_from_the_other_side_are_no_conflict(
    analyzer: Analyzer, embed: Embed
) -> None:
    holding = (
        "Governor Alma Ruiz gave her party a two-in-three chance of holding on to the "
        "state senate in the autumn vote."
    )
    losing = (
        "Governor Alma Ruiz said her party had a one-in-three chance of losing the state "
        "senate in the autumn vote."
    )
    assert kinds(analyzer, embed, holding, losing) == []
    percent = "Analysts gave the bridge levy a {n} percent chance of {outcome} at the March ballot."
    assert (
        kinds(
            analyzer,
            embed,
            percent.format(n="70", outcome="passing"),
            percent.format(n="30", outcome="failing"),
        )
        == []
    )


def test_other_odds_of_one_outcome_are_a_conflict(analyzer: Analyzer, embed: Embed) -> None:
    text = (
        "Governor Alma Ruiz gave her party a {odds} chance of holding on to the state senate "
        "in the autumn vote."
    )
    two, one = text.format(odds="two-in-three"), text.format(odds="one-in-three")
    assert kinds(analyzer, embed, two, one) == ["number"]


# -- seasons -----------------------------------------------------------------------------------


def test_a_season_is_its_two_years() -> None:
    assert season_at("in 1982-83 they won", 3) == (1982, 1983)
    assert season_at("1999-2000", 0) == (1999, 2000)
    assert season_at("1999-00", 0) == (1999, 2000)
    assert season_at("1982-84", 0) is None  # no season: two years apart
    assert [f.reason for f in figures("They won the title in 2006-07.")] == ["season", "season"]
    assert date_interval("1982/1983") == (date(1982, 1, 1), date(1983, 12, 31))


def test_a_year_inside_a_season_is_no_other_date(analyzer: Analyzer, embed: Embed) -> None:
    text = (
        "Tomas Varga won the league title with the Harbor City Gulls in {when} as a rookie guard."
    )
    assert kinds(analyzer, embed, text.format(when="1991"), text.format(when="1990-91")) == []
    # Another year is still another date.
    assert kinds(analyzer, embed, text.format(when="1991"), text.format(when="1994")) == ["date"]


# -- counts of different things ----------------------------------------------------------------


def unit(text: str) -> Unit:
    """A statement with the checkable content a text alone gives (no parse)."""
    return Unit(
        article=article("u1", "Daily Ledger", text),
        sentence=0,
        start=0,
        end=len(text),
        text=text,
        family_id="f1",
        background=False,
        facts=facts_of(text),
    )


def test_what_a_figure_counts_is_read_after_it() -> None:
    text = "Varga, a five-time All-Defensive guard, was hired."
    start = text.index("five")
    assert counted_after(unit(text), start, start + 4) == (
        "time",
        (stem("all-defensive"), stem("guard")),
    )
    spaced = unit("Varga, a five - time NBA All - Defensive Team pick, was hired.")
    assert counted_after(spaced, 9, 13) == ("time", ("nba", stem("all-defensive"), "team"))
    other = unit("Varga, a four-time All-Star guard, was hired.")
    assert counts_other_things(unit(text), (start, start + 4), other, (start, start + 4))
    hurt = unit("12 people were hurt")
    assert not counts_other_things(hurt, (0, 2), unit("18 were hurt"), (0, 2))
    assert not counts_other_things(hurt, (0, 2), unit("18 people were hurt"), (0, 2))
    assert not counts_other_things(unit("12 injured people"), (0, 2), hurt, (0, 2))
    # Another word for one thing counted, after a joined word or not: calibers both.
    assert not counts_other_things(
        unit("He held a 38-caliber revolver."),
        (10, 12),
        unit("He held a 357 caliber gun."),
        (10, 13),
    )
    assert counts_other_things(unit("It fell 200ft."), (8, 11), unit("It fell 60m."), (8, 10))


def test_counts_of_different_things_are_no_conflict(analyzer: Analyzer, embed: Embed) -> None:
    text = (
        "Tomas Varga, a {count} guard, took over the Harbor City Gulls on Tuesday after the "
        "club fired its coach."
    )
    defensive, star = (
        text.format(count="five-time All-Defensive"),
        text.format(count="four-time All-Star"),
    )
    assert kinds(analyzer, embed, defensive, star) == []
    # The same thing counted twice over is still a conflict.
    assert kinds(analyzer, embed, defensive, text.format(count="four-time All-Defensive")) == [
        "number"
    ]


def test_a_real_figure_conflict_is_still_flagged(analyzer: Analyzer, embed: Embed) -> None:
    text = "The storm on Tuesday forced {n} residents of the Marren valley to leave their homes."
    assert kinds(analyzer, embed, text.format(n="4,100"), text.format(n="6,800")) == ["number"]


# -- other deeds -------------------------------------------------------------------------------


def test_one_predicate_said_of_other_deeds_is_no_conflict(analyzer: Analyzer, embed: Embed) -> None:
    lead = (
        "In 1994-95 under coach Brandt, Tomas Varga helped lead the Harbor City Gulls to a "
        "record of 51-31 and a spot in the league final."
    )
    lift = (
        "In 1998-99, Tomas Varga helped lift the Harbor City Gulls from a 4-17 start to a push "
        "for the playoffs with a 30-52 record."
    )
    assert kinds(analyzer, embed, lead, lift) == []
    # The same deed dated twice is still a conflict.
    text = "In {year}, Tomas Varga helped lead the Harbor City Gulls to a spot in the league final."
    assert kinds(analyzer, embed, text.format(year="1994"), text.format(year="1998")) == ["date"]


def test_a_date_of_another_partys_deed_is_no_other_date(analyzer: Analyzer, embed: Embed) -> None:
    named = (
        "Tomas Varga was named the 12th head coach in Harbor City Gulls history on June 3, 2011."
    )
    since = (
        "Tomas Varga, who was fired in March by the Ravens, is the third head coach of the "
        "Harbor City Gulls since Ostrowski took over as club president on June 9, 2008."
    )
    assert kinds(analyzer, embed, named, since) == []
