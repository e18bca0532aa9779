"""Events rules revision 10: verbs whose object, preposition or doer decides their deed
(events/senses.py). Firing a coach is no assault, firing on protesters or firing missiles is;
shooting a film, beating a rival in a final, capturing a title are no events; striking a deal
is an agreement. Every sentence here is fiction written for these tests."""

from __future__ import annotations

from datetime import datetime

import pytest

from storyline.analyze import Analyzer, make_analyzer, resolve_entities
from storyline.config import AnalyzeConfig, EventConfig
from storyline.events.coder import Coder
from storyline.events.decision import lexicon_decision, no_event
from storyline.events.geo import shared_gazetteer
from storyline.events.lexicon import VERBS
from storyline.events.senses import SENSES
from storyline.model import Argument, Article, Clause, EventMention


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return make_analyzer(AnalyzeConfig())


def _code(analyzer: Analyzer, text: str, embed: bool = False) -> list[EventMention]:
    article = Article(article_id="art_s", report_id="rep_s", origin="test", kind="text",
                      text=text, published=datetime(2024, 9, 3))
    analyses, entities = resolve_entities(analyzer([article]))
    encoder = None
    if embed:
        from storyline.embed import shared_embedder

        encoder = shared_embedder()
    # A gate of 0: the learned decision would type every uncoded main clause that names a doer.
    coder = Coder(EventConfig(nearest_min_similarity=0.0), shared_gazetteer(), encoder)
    return coder.code(article, analyses[0], {e.entity_id: e for e in entities})


def _types(analyzer: Analyzer, text: str) -> list[str]:
    return [m.plover for m in _code(analyzer, text) if m.status == "happened"]


@pytest.mark.parametrize("text", [
    "The Harbour City Hawks fired coach Milo Brandt after a ninth straight loss.",
    "Brandt was fired by the Hawks on Monday, two days after the defeat in Eastport.",
    "The coach was fired at the end of the season.",
    "He had been fired last week by the accounting firm, police said.",
    "The club fired its head coach and two assistants on Tuesday.",
    "Premier Vella sacked three ministers in a cabinet reshuffle, her office said.",
    "The board axed the chief executive of the shipping firm.",
    "Governor Ostrova dismissed the police chief of Tarnow over the leaked report.",
])
def test_a_person_dismissed_from_a_post_is_no_assault_and_no_event(
    analyzer: Analyzer, text: str
) -> None:
    assert _types(analyzer, text) == [], text


@pytest.mark.parametrize(("text", "cameo"), [
    ("Soldiers fired on protesters in the main square of Velgrad, killing four.", "190"),
    ("Troops fired at the marchers as they reached the bridge.", "190"),
    ("A police officer was fired on by gunmen near the checkpoint.", "190"),
    ("The rebels fired two missiles at the airport overnight.", "194"),
    ("Militia units fired rockets into the border town of Kessel.", "194"),
    ("The gunman fired one round at the clerk.", "190"),  # a round is a bullet here
])
def test_firing_on_people_or_firing_missiles_is_an_assault(
    analyzer: Analyzer, text: str, cameo: str
) -> None:
    found = _code(analyzer, text)
    assert found and found[0].plover == "ASSAULT", text
    assert found[0].cameo == cameo


def test_firing_tear_gas_at_a_crowd_is_repression() -> None:
    # CAMEO 175 (violent repression), PLOVER COERCE: a clause built by hand, as the parse gives it.
    clause = Clause(sentence=0, start=7, end=12, predicate="fire", relation="ROOT", arguments=(
        Argument(role="agent", start=0, end=6, head="police"),
        Argument(role="patient", start=13, end=21, head="gas"),
        Argument(role="oblique", start=25, end=34, head="crowd", preposition="at"),
    ))
    decision = lexicon_decision(clause)
    assert decision is not None and (decision.plover, decision.cameo) == ("COERCE", "175")


def test_a_dismissal_is_not_handed_to_the_learned_decision(analyzer: Analyzer) -> None:
    # "sack" is in no entry of VERBS: before revision 10 the learned decision typed the clause
    # (CONCEDE, with the gate open).
    text = "Premier Anna Vella sacked Defence Minister Piotr Lind on Monday."
    assert "sack" not in VERBS and "sack" in SENSES
    assert _code(analyzer, text, embed=True) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("The director shot the documentary in the mountains of Kessia last spring.", []),
    ("Gunmen shot two policemen outside the market in Velgrad.", ["ASSAULT"]),
    ("The dock workers' union struck a deal with the port authority.", ["AGREE"]),
    ("Fighter jets struck an ammunition depot near the border.", ["ASSAULT"]),
    ("Senator Holm attacked the finance minister's tax plan as reckless.", ["ACCUSE"]),
    ("The opposition leader attacked the government for its handling of the floods.",
     ["ACCUSE"]),
    ("Insurgents attacked a police post outside Tarnow overnight.", ["ASSAULT"]),
    ("Rebels attacked army positions near the dam at dawn.", ["ASSAULT"]),
    ("Eastport beat Harbour City in the cup final on Sunday.", []),
    ("Riot police beat demonstrators with batons outside the parliament.", ["ASSAULT"]),
    ("The Velgrad Lions captured the league title for the third time.", []),
    ("Rebel fighters captured the town of Kessel after two days of fighting.", ["ASSAULT"]),
    ("The central bank of Norland cut interest rates by half a point.", []),
    ("The senate killed the bill on Thursday.", ["REJECT"]),
    # Dismissing charges is a refusal; a capital opening the sentence names nobody.
    ("Most were dismissed or settled by fines.", ["REJECT"]),
    ("An earthquake struck the coastal province of Arvel, killing at least 40 people.", []),
    ("The premier backed down on the fuel tax after a week of protests.", ["CONCEDE"]),
])
def test_the_object_or_the_doer_decides_the_deed(
    analyzer: Analyzer, text: str, expected: list[str]
) -> None:
    assert _types(analyzer, text) == expected, text


def test_shooting_a_film_is_no_event_but_shooting_a_guard_is() -> None:
    # A hand-built clause: "shot the film" is no event, "shot the guard" the verb's ASSAULT.
    def shoot(head: str) -> Clause:
        return Clause(sentence=0, start=0, end=4, predicate="shoot", relation="ROOT",
                      arguments=(Argument(role="patient", start=5, end=15, head=head),))

    assert no_event(shoot("film"))
    assert not no_event(shoot("guard"))
    decision = lexicon_decision(shoot("guard"))
    assert decision is not None and decision.plover == "ASSAULT"
