"""Statements that differ in a slot without contradicting each other: figures that count
nothing, two tallies, a title for a name, a given name for a full one, one more doer, another
party's figure, a figure of a part, a place the other report names too. Each is a false alarm
an editor would read as wrong. The reports are written for these tests."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import pytest

import storyline.claims.conflicts as conflicts
import storyline.claims.restated as restated
from storyline.analyze import Analyzer
from storyline.claims import ClaimSet, Embed
from storyline.claims.facts import Facts
from storyline.model import Analysis, Article
from tests.claims.helpers import article, run_story, statement


def kinds(analyzer: Analyzer, embed: Embed, first: str, second: str) -> list[str]:
    a, b = article("x1", "Daily Ledger", first), article("x2", "Coast Herald", second)
    result: ClaimSet = run_story(analyzer, embed, [a, b])
    return sorted(c.kind for c in result.conflicts)


def test_a_copy_whose_bound_changed_is_flagged(analyzer: Analyzer, embed: Embed) -> None:
    # Two lower bounds can both hold, but in one copied sentence only the figure changed: one
    # copy was altered, and the editor is told (numbers.figures reads them as bounds).
    text = "The storm forced more than {n} residents of Marren to leave their homes, police said."
    assert kinds(analyzer, embed, text.format(n="4,100"), text.format(n="5,300")) == ["number"]
    exact = "The storm forced {n} residents of Marren to leave their homes, officials said."
    assert kinds(analyzer, embed, exact.format(n="4,100"), exact.format(n="5,300")) == ["number"]


def test_a_sum_in_two_currencies_agrees(analyzer: Analyzer, embed: Embed) -> None:
    text = "Thieves took jewels worth 85 million euros ({sum}) from the Kestrel City store."
    dollars, pounds = text.format(sum="$108 million"), text.format(sum="74 million pounds")
    assert kinds(analyzer, embed, dollars, pounds) == []


def test_phone_numbers_and_times_of_day_are_no_counts(analyzer: Analyzer, embed: Embed) -> None:
    phone = "Anyone who saw the blaze is asked to call the harbour police on 0161 496 {n}."
    assert kinds(analyzer, embed, phone.format(n="0733"), phone.format(n="733")) == []
    clock = "The alarm was raised at {t} a.m. when a guard saw smoke above the timber yard."
    assert kinds(analyzer, embed, clock.format(t="4:15"), clock.format(t="4:18")) == []


def test_a_title_is_no_other_person(analyzer: Analyzer, embed: Embed) -> None:
    text = "{who} Lind led the search on the ridge that night, the rescue team said."
    assert kinds(analyzer, embed, text.format(who="Mara"), text.format(who="Sgt.")) == []
    assert kinds(analyzer, embed, text.format(who="Mara"), text.format(who="Ms.")) == []


def test_a_given_name_is_the_full_name(analyzer: Analyzer, embed: Embed) -> None:
    text = "The victims were named as Okafor's sister, {who}, 34, and a neighbour, Lars Brun, 70."
    given, full = text.format(who="Katherine"), text.format(who="Catherine Okafor")
    assert "participant" not in kinds(analyzer, embed, given, full)


def test_one_more_doer_is_no_other_doer(analyzer: Analyzer, embed: Embed) -> None:
    # Each report adds its player to others who set a record: neither says who did instead.
    text = "{who} set a club record for goals in one season."
    instead = text.format(who="Tomas Halvorsen"), text.format(who="Daniel Reyes")
    assert kinds(analyzer, embed, *instead) == ["participant"]
    also = text.format(who="Tomas Halvorsen also"), text.format(who="Daniel Reyes also")
    assert kinds(analyzer, embed, *also) == []


def test_two_tallies_are_no_contradiction(
    analyzer: Analyzer, embed: Embed, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every figure differs: another raid, or a running total, not one figure told wrongly.
    raid = "During the raid the coast guard seized six boats, 12 engines and 300 litres of fuel."
    total = "So far the coast guard has seized 14 boats, 31 engines and 900 litres of fuel."
    assert kinds(analyzer, embed, raid, total) == []
    monkeypatch.setattr(conflicts, "other_tallies", lambda a, b: False)
    assert kinds(analyzer, embed, raid, total) == ["number"]


def facts_naming(*parties: str) -> Facts:
    return Facts(
        clauses=(),
        people=frozenset(),
        places=frozenset(),
        occasions=(),
        other_time=False,
        polarity=frozenset(),
        frames=frozenset(),
        parties=frozenset(parties),
    )


def test_another_partys_figure_is_theirs() -> None:
    # "Hansen finished with 20 points" and "Vaughn finished with 16 points": a restated slot's
    # values are one referent only between statements about some of the same parties (the
    # small model tags one player a person, the other an organisation: both are parties).
    assert not restated._parties_meet(facts_naming("hansen"), facts_naming("vaughn"))
    assert restated._parties_meet(facts_naming("hansen", "marren"), facts_naming("marren"))
    assert restated._parties_meet(facts_naming("hansen"), facts_naming())


def test_a_figure_the_other_gives_too_is_no_other_value(
    analyzer: Analyzer, embed: Embed, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The second report gives 12 too, for another count. Read without a parse (the clauses
    # would tell "hurt" from "held"), the slot's two figures are not two values of one count.
    def unparsed(articles: Sequence[Article]) -> list[Analysis]:
        return [dataclasses.replace(a, clauses=()) for a in analyzer(articles)]

    first = "Officers said 12 people were hurt in the dock clashes."
    second = (
        "Officers said 18 people had been hurt in the unrest and 12 detained for throwing "
        "stones at the harbour gates."
    )
    assert kinds(unparsed, embed, first, second) == []
    monkeypatch.setattr(restated, "figure_elsewhere", lambda u, span, other: False)
    assert kinds(unparsed, embed, first, second) == ["number"]


def test_a_year_inside_a_decade_agrees_with_it(analyzer: Analyzer, embed: Embed) -> None:
    # "the 1930's" is ten years (analysis a6 reads it as the decade "193"); 1931 is one of them.
    text = "The Marren rowing club was founded in {when} by two ferrymen, its secretary said."
    assert kinds(analyzer, embed, text.format(when="1931"), text.format(when="the 1930's")) == []
    assert kinds(analyzer, embed, text.format(when="1931"), text.format(when="1946")) == ["date"]


def test_a_figure_of_a_part_is_no_other_value(
    analyzer: Analyzer, embed: Embed, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The season line gives the two touchdowns on the ground too: its three count another
    # part of the season (punt returns).
    line = (
        "Tomas Varga rushed for 404 yards and two touchdowns, caught 31 passes and scored three "
        "touchdowns on punt returns this season."
    )
    ground = (
        "Tomas Varga finished the season with 404 yards on 106 carries, scoring two touchdowns "
        "on the ground."
    )
    assert kinds(analyzer, embed, line, ground) == []
    monkeypatch.setattr(conflicts, "figure_elsewhere", lambda u, span, other: False)
    assert kinds(analyzer, embed, line, ground) == ["number"]


def test_another_doers_figure_is_theirs(
    analyzer: Analyzer, embed: Embed, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Who scored is the doer of the clause the scoring hangs on ("by scoring"), or the name a
    # relative clause is told of ("Halvorsen, who scored"): another player's points.
    by = "Reyes helped the Gulls by scoring 14 points against the Harbor City Hawks on Sunday."
    who = (
        "Halvorsen, who scored 14 points for the Gulls on Sunday, was named the player of the "
        "game by the league."
    )
    other = "Halvorsen scored 22 points against the Harbor City Hawks on Sunday."
    reyes = "Reyes scored 22 points for the Gulls in their win over the Hawks on Sunday."
    assert kinds(analyzer, embed, by, other) == []
    assert kinds(analyzer, embed, who, reyes) == []
    # The same player's other figure is still a conflict.
    same = "Halvorsen scored 14 points against the Harbor City Hawks on Sunday."
    assert kinds(analyzer, embed, same, other) == ["number"]
    monkeypatch.setattr(conflicts, "_doers", lambda clause, u, depth=0: clause.agents)
    assert kinds(analyzer, embed, by, other) == ["number"]
    assert kinds(analyzer, embed, who, reyes) == ["number"]


def test_a_place_the_other_names_too_is_no_other_place(
    analyzer: Analyzer, embed: Embed, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The first report knows of the clinic in Dunmore (she left it): its own place for the
    # check-in is no contradiction of the second's.
    left = (
        "After she abruptly left a clinic in Dunmore on Thursday, the singer Ada Varga has "
        "checked into the Linden Center in Kestrel City."
    )
    dunmore = (
        "The singer Ada Varga has checked into the Linden Center in Dunmore, her agent said on "
        "Thursday."
    )
    assert kinds(analyzer, embed, left, dunmore) == []
    # A report that names only its own place still contradicts the other's.
    kestrel = (
        "The singer Ada Varga has checked into the Linden Center in Kestrel City, her agent said."
    )
    assert kinds(analyzer, embed, kestrel, dunmore) == ["place"]
    monkeypatch.setattr(conflicts, "_names_a_place", lambda u, where, places: False)
    assert kinds(analyzer, embed, left, dunmore) == ["place"]


def test_another_actor_with_another_score_did_another_deed() -> None:
    # "to give the Gulls a 31-24 lead" and "to give the Hawks a 24-14 lead" are two plays: the
    # actor of one is no other actor of the other. Any other figure does not tell this:
    # outlets add figures of their own to one deed.
    late = statement(
        "s1", "Halvorsen ran an interception back for a touchdown to give the Gulls a 31-24 lead."
    )
    early = statement(
        "s2", "A two-yard run by Reyes gave the Hawks a 24-14 lead in the third quarter."
    )
    same = statement("s3", "Reyes ran an interception back to give the Gulls a 31-24 lead.")
    assert conflicts._other_scores(late, early)
    assert not conflicts._other_scores(late, same)
    spent = statement(
        "s4", "Lind pleaded guilty on Wednesday to spending $750,000 of campaign funds."
    )
    court = statement("s5", "Reyes pleaded guilty in a federal court on Wednesday, at 10 a.m.")
    assert not conflicts._other_scores(spent, court)


def test_a_name_written_in_the_other_is_a_word_of_it() -> None:
    # An actor the parse found in one report only is still named in the other when its name
    # stands there as a word of its own.
    assert conflicts._writes("in helping the Gulls (10-5) join the Hawks", "Gulls")
    assert not conflicts._writes("the fans in Leeds cheered", "Lee")
