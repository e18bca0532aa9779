"""What counts as a contradiction, and what does not: one altered slot, light edits, counts of
different things, approximations, updates, one person named two ways."""

from __future__ import annotations

import dataclasses
from datetime import datetime

import pytest

from storyline.analyze import Analyzer
from storyline.claims import ClaimSet, Embed, build_claims
from storyline.claims.altered import altered_copy
from storyline.claims.findings import Places
from storyline.claims.units import statements
from storyline.model import (
    Analysis,
    Article,
    Story,
)
from tests.claims.helpers import (
    CFG,
    article,
    articles_of,
    run_story,
)


def conflict_kinds(result: ClaimSet) -> list[str]:
    return sorted(c.kind for c in result.conflicts)


COPY = (
    "Customs officers at the port of Setubal seized {n} kilos of cocaine hidden in a shipment "
    "of bananas on {day}, the interior ministry said in a statement from {place}."
)


@pytest.mark.parametrize(
    ("changed", "kind"),
    [
        ({"n": "310"}, "number"),
        ({"day": "Thursday"}, "date"),
        ({"place": "Porto"}, "place"),
    ],
)
def test_one_copy_altered_in_one_slot_is_a_sure_conflict(
    analyzer: Analyzer, embed: Embed, changed: dict[str, str], kind: str
) -> None:
    values = {"n": "240", "day": "Monday", "place": "Lisbon"}
    one = article("w1", "Daily Ledger", COPY.format(**values))
    two = article("w2", "Coast Herald", COPY.format(**{**values, **changed}))
    result = run_story(analyzer, embed, [one, two])
    assert conflict_kinds(result) == [kind]
    (conflict,) = result.conflicts
    assert conflict.confidence >= 0.9 and "Daily Ledger" in conflict.summary
    assert changed[next(iter(changed))] in conflict.summary  # what differs, as written


def test_the_same_copy_with_light_edits_is_one_claim_and_no_conflict(
    analyzer: Analyzer, embed: Embed
) -> None:
    values = {"n": "240", "day": "Monday", "place": "Lisbon"}
    one = article("w1", "Daily Ledger", COPY.format(**values))
    edited = COPY.format(**values).replace("said in a statement", "said")
    two = article("w2", "Coast Herald", edited)
    result = run_story(analyzer, embed, [one, two])
    assert result.conflicts == ()
    assert len(result.claims) == 1 and result.claims[0].family_count == 2


def test_another_actor_in_a_copy_is_a_participant_conflict(
    analyzer: Analyzer, embed: Embed
) -> None:
    text = (
        "Interior Minister {who} announced the seizure at a news conference in Lisbon on "
        "Monday, calling it the largest of the year."
    )
    one = article("w1", "Daily Ledger", text.format(who="Rita Almeida"))
    two = article("w2", "Coast Herald", text.format(who="Jorge Pinto"))
    assert conflict_kinds(run_story(analyzer, embed, [one, two])) == ["participant"]


JOINT = (
    "“The ferry contract was signed behind closed doors and the public deserves to see every "
    "page of it,” {makers} said in a joint statement on Tuesday."
)


@pytest.mark.parametrize(
    ("makers", "kinds"),
    [
        # A joint statement's co-maker replaced: the same words made by other people.
        ("Mayor Ines Carvalho and Councillor Marta Reis", ["speaker"]),
        # One copy names fewer of the makers: no other maker.
        ("Mayor Ines Carvalho", []),
        # The same two makers, named in another order.
        ("Senator Bruno Faria and Mayor Ines Carvalho", []),
    ],
)
def test_a_copied_remark_made_by_other_people_is_a_speaker_conflict(
    analyzer: Analyzer, embed: Embed, makers: str, kinds: list[str]
) -> None:
    original = JOINT.format(makers="Mayor Ines Carvalho and Senator Bruno Faria")
    one = article("j1", "Daily Ledger", original)
    two = article("j2", "Coast Herald", JOINT.format(makers=makers))
    assert conflict_kinds(run_story(analyzer, embed, [one, two])) == kinds


@pytest.mark.parametrize(
    ("told", "kinds"),
    [
        # Said to another person.
        ("Judge Okafor said to Daniel Brooks, the prosecutor", ["participant"]),
        # Said to the same person, in other words.
        ("Judge Okafor said to Lena Marsh, the prosecutor", []),
    ],
)
def test_a_copied_remark_said_to_another_person_is_a_participant_conflict(
    analyzer: Analyzer, embed: Embed, told: str, kinds: list[str]
) -> None:
    remark = (
        "“You told this court the shipping records were complete, and now we learn that "
        "two ledgers are missing,” {told}."
    )
    original = remark.format(told="Judge Okafor told prosecutor Lena Marsh")
    one = article("t1", "Daily Ledger", original)
    two = article("t2", "Coast Herald", remark.format(told=told))
    assert conflict_kinds(run_story(analyzer, embed, [one, two])) == kinds


def test_words_one_copy_adds_are_no_rewording(analyzer: Analyzer) -> None:
    # One copy tells a word as a short phrase ("running" / "carrying out": one word reworded)
    # and ends in other words ("going on" against "happening across the whole region": two
    # words replaced, the rest running on): still one text, with its place changed. Counted as
    # seven words of rewording, they were two texts and no copy was altered.
    text = (
        "The minister accused the council of {deed} a confusing policy on the flooding in "
        "{place}, saying nobody knows what is {tail}."
    )
    one = article(
        "f1", "Daily Ledger", text.format(deed="running", place="Lisbon", tail="going on")
    )
    two = article(
        "f2",
        "Coast Herald",
        text.format(
            deed="carrying out", place="Porto", tail="happening across the whole region"
        ),
    )
    a, b = statements(
        [one, two],
        {x.article_id: y for x, y in zip([one, two], analyzer([one, two]), strict=True)},
        {"f1": "family_f1", "f2": "family_f2"},
        set(),
        CFG,
    )
    findings = altered_copy(a, b, Places(frozenset()))
    assert findings is not None and [f.kind for f in findings] == ["place"]
    assert findings[0].detail == "Lisbon against Porto"


def test_counts_of_two_different_things_are_no_conflict(analyzer: Analyzer, embed: Embed) -> None:
    struck = article(
        "k1",
        "Daily Ledger",
        "A gunman opened fire at the Alvor marina on Sunday, striking four people before "
        "police arrested him.",
    )
    injured = article(
        "k2",
        "Coast Herald",
        "Six people were injured in the attack at the Alvor marina on Sunday, police said.",
    )
    assert run_story(analyzer, embed, [struck, injured]).conflicts == ()


def test_an_approximate_figure_agrees_with_the_exact_one(analyzer: Analyzer, embed: Embed) -> None:
    nearly = article(
        "r1",
        "Daily Ledger",
        "Nearly 300 families were evacuated from the Tagus valley on Monday as the river rose.",
    )
    exact = article(
        "r2",
        "Coast Herald",
        "Some 297 families were evacuated from the Tagus valley on Monday as the river rose.",
    )
    assert run_story(analyzer, embed, [nearly, exact]).conflicts == ()


def test_two_statements_giving_the_same_two_figures_agree(analyzer: Analyzer, embed: Embed) -> None:
    """Each sentence gives both shares. In a longer article the parse can hang the second
    share on the leader's verb too ("leads ... with 34 percent ... followed by ... at 22
    percent each"), so one "leads" carries 22 and the other 34; nobody contradicts anybody."""
    one = article(
        "f1",
        "Daily Ledger",
        "In the survey, Marta Reis leads the mayoral field with 34 percent of voters, followed "
        "by Tomas Leal and Joana Paiva at 22 percent each.",
    )
    two = article(
        "f2",
        "Coast Herald",
        "A city survey released Monday shows Tomas Leal tied for second with Joana Paiva in the "
        "mayoral field at 22 percent (Marta Reis leads with 34 percent).",
    )
    analyses = analyzer([one, two])

    def hung_on_lead(analysis: Analysis) -> Analysis:
        if analysis.article_id != "f1":
            return analysis
        lead = next(c for c in analysis.clauses if c.predicate == "lead")
        follow = next(c for c in analysis.clauses if c.predicate == "follow")
        moved = [dataclasses.replace(q, counted="") for q in follow.quantities]
        clauses = tuple(
            dataclasses.replace(c, quantities=(*c.quantities, *moved))
            if c is lead
            else dataclasses.replace(c, quantities=())
            if c is follow
            else c
            for c in analysis.clauses
        )
        return dataclasses.replace(analysis, clauses=clauses)

    analyses = [hung_on_lead(a) for a in analyses]
    story = Story(story_id="story_t", title="test", article_ids=("f1", "f2"))
    result = build_claims(story, [one, two], analyses, [], CFG, embed)
    assert result.conflicts == ()


def test_since_which_year_is_a_conflict(analyzer: Analyzer, embed: Embed) -> None:
    one = article("y1", "Daily Ledger", "Ines Calvo has led the fishermen's union since 2002.")
    two = article("y2", "Coast Herald", "Ines Calvo has led the fishermen's union since 2003.")
    assert conflict_kinds(run_story(analyzer, embed, [one, two])) == ["date"]


def _on_days(first: str, second: str) -> list[Article]:
    """The same report in two outlets a day apart."""
    monday = dataclasses.replace(
        article("u1", "Daily Ledger", first), published=datetime(2026, 3, 2, 18, 0)
    )
    tuesday = dataclasses.replace(
        article("u2", "Coast Herald", second), published=datetime(2026, 3, 3, 18, 0)
    )
    return [monday, tuesday]


@pytest.mark.parametrize(
    "report",
    [
        "The storm that hit the Algarve coast killed {n} people, the civil protection agency "
        "said.",
        "At least {n} people were injured when the storm hit the Algarve coast, the civil "
        "protection agency said.",
        "Police arrested {n} protesters outside the fish market in Faro, the city council said.",
        "The death toll from the storm on the Algarve coast rose to {n}, the civil protection "
        "agency said.",
    ],
)
def test_a_later_report_with_a_higher_tally_is_an_update(
    analyzer: Analyzer, embed: Embed, report: str
) -> None:
    """The dead, the injured, arrests, a toll: counted on after the event, so a larger figure
    a day later is the count grown, nobody contradicted."""
    later = _on_days(report.format(n=12), report.format(n=15))
    assert conflict_kinds(run_story(analyzer, embed, later)) == []


@pytest.mark.parametrize(
    "report",
    [
        "The harbour board approved {n} new mooring berths for the fishing fleet, its "
        "chairman said.",
        "The fishermen's union, which has {n} members on the council, voted against the plan.",
    ],
)
def test_a_later_report_with_a_higher_closed_figure_is_a_conflict(
    analyzer: Analyzer, embed: Embed, report: str
) -> None:
    """Berths approved, seats held: a figure closed when told does not grow overnight, so the
    later report's larger one contradicts the earlier."""
    later = _on_days(report.format(n=40), report.format(n=67))
    assert conflict_kinds(run_story(analyzer, embed, later)) == ["number"]


def test_one_person_named_two_ways_is_no_conflict(analyzer: Analyzer, embed: Embed) -> None:
    one = article(
        "v1", "Daily Ledger", "Donald Trump signed the fisheries accord in Lisbon on Monday."
    )
    two = article("v2", "Coast Herald", "Trump signed the fisheries accord in Lisbon on Monday.")
    result = run_story(analyzer, embed, [one, two])
    assert result.conflicts == () and len(result.claims) == 1


def test_the_same_words_from_two_people_are_two_claims(analyzer: Analyzer, embed: Embed) -> None:
    """A short phrase two people both used is no contradiction, and no one claim."""
    one = article(
        "h1",
        "Daily Ledger",
        "Senator Maria Lopes said the council was on the wrong side of history.",
    )
    two = article(
        "h2",
        "Coast Herald",
        "Mayor Tomas Reis said the council was on the wrong side of history.",
    )
    result = run_story(analyzer, embed, [one, two])
    assert len(result.claims) == 2
    assert "speaker" not in conflict_kinds(result)


def test_headlines_bullets_questions_and_bare_quotes_are_no_claims(
    analyzer: Analyzer, embed: Embed
) -> None:
    text = (
        "Harbour Reopens After Crane Collapse\n\n"
        "• Northern quay shut for repairs until spring\n\n"
        "Will the fishing fleet return before the summer season?\n\n"
        "The harbour authority of Porto reopened the southern terminal on Monday, the port "
        "director said.\n\n"
        "“We will not let a single ship wait longer than a day.”\n\n"
        "Director Ana Ferraz added that repairs would cost about 2 million euros."
    )
    result = run_story(analyzer, embed, [article("q1", "Daily Ledger", text)])
    texts = [s.text for c in result.claims for s in c.supports]
    assert any(t.startswith("The harbour authority") for t in texts)
    assert any(t.startswith("Director Ana Ferraz") for t in texts)
    for not_claim in ("Harbour Reopens", "Northern quay", "Will the fishing", "We will not"):
        assert not any(not_claim in t for t in texts), not_claim


def test_a_sentence_stating_two_facts_supports_both_claims(
    analyzer: Analyzer, embed: Embed
) -> None:
    both = article(
        "m1",
        "Daily Ledger",
        "Mayor Rui Costa remained in hospital on Tuesday after a crane collapsed on the "
        "northern quay of Porto harbour.",
    )
    crane = article(
        "m2",
        "Coast Herald",
        "A crane collapsed on the northern quay of Porto harbour on Monday. Mayor Rui Costa "
        "remained in hospital on Tuesday, his office said.",
    )
    result = run_story(analyzer, embed, [both, crane])
    holders = [c for c in result.claims if "m1" in articles_of(c)]
    assert len(holders) == 2 and all(articles_of(c) == {"m1", "m2"} for c in holders)


def test_a_later_report_with_another_figure_for_a_past_vote_is_a_conflict(
    analyzer: Analyzer, embed: Embed
) -> None:
    # A tally of a deed dated to the past cannot grow: the later, larger figure is no update.
    text = (
        "The harbour council vote in 2019 produced a {n}-12 split that kept the old pier "
        "open, the clerk's records show."
    )
    later = _on_days(text.format(n=31), text.format(n=53))
    assert conflict_kinds(run_story(analyzer, embed, later)) == ["number"]


def test_the_days_news_against_a_deed_years_before_is_two_deeds(
    analyzer: Analyzer, embed: Embed
) -> None:
    # Two endorsements by one sheriff, told apart by their dates, not one dated wrongly.
    one = article(
        "e1",
        "Daily Ledger",
        "Sheriff Dale Morrow, known for his hard line on smuggling, endorsed three term "
        "Governor Rick Halvorsen for the presidential nomination on Tuesday morning.",
    )
    two = article(
        "e2",
        "Coast Herald",
        "Sheriff Dale Morrow endorsed Peter Lund for the presidential nomination in 2008, "
        "choosing him over Carl Brandt.",
    )
    result = run_story(analyzer, embed, [one, two])
    assert conflict_kinds(result) == []
    assert len(result.claims) == 2


@pytest.mark.parametrize(
    ("first", "second", "kinds"),
    [
        ("Tuesday", "yesterday", []),  # yesterday may be Tuesday: nothing to count it from
        ("Tuesday", "Friday", ["date"]),  # two weekdays cannot both hold
        ("nearly four years", "nearly four seasons", []),  # a duration is no date
    ],
)
def test_undated_reports_compare_only_named_days(
    analyzer: Analyzer, embed: Embed, first: str, second: str, kinds: list[str]
) -> None:
    # Reports without a publication date: their relative days cannot be placed on a calendar.
    text = (
        "The ferry captain was found {when} by a deckhand who entered his cabin in Tarvos, "
        "the harbour coroner said."
    )
    one = dataclasses.replace(
        article("n1", "Daily Ledger", text.format(when=first)), published=None
    )
    two = dataclasses.replace(
        article("n2", "Coast Herald", text.format(when=second)), published=None
    )
    assert conflict_kinds(run_story(analyzer, embed, [one, two])) == kinds


@pytest.mark.parametrize(("place", "kinds"), [("France", []), ("Brussels", ["place"])])
def test_a_city_against_its_country_is_no_conflict(
    analyzer: Analyzer, embed: Embed, place: str, kinds: list[str]
) -> None:
    # The gazetteer puts Paris in France, though no text of the story writes "Paris, France".
    text = (
        "Thieves pulled off a two million euro jewellery raid in {where} on Monday morning "
        "after smashing their car through the shop window, the police said."
    )
    one = article("g1", "Daily Ledger", text.format(where="central Paris"))
    two = article("g2", "Coast Herald", text.format(where=place))
    assert conflict_kinds(run_story(analyzer, embed, [one, two])) == kinds



def test_two_men_named_junior_are_two_speakers(analyzer: Analyzer, embed: Embed) -> None:
    # Both speakers were keyed "jr" (the suffix read as the surname): one man's remark was
    # aligned with the other's as his own, and no one was asked who said it.
    remark = '"We will not rest until every dollar is returned to the people of this county,"'
    one = article("w1", "Daily Ledger", f"{remark} Calvin Moss Jr. said on Tuesday.")
    two = article("w2", "Coast Herald", f"{remark} Arthur Lane Jr. told reporters on Tuesday.")
    result = run_story(analyzer, embed, [one, two])
    assert conflict_kinds(result) == ["speaker"]
    assert all(len({r.article_id for r in q.renderings}) == 1 for q in result.quotes)
