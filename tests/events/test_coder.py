"""Event mentions coded from real spaCy analyses of sentences written for these tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from storyline.analyze import Analyzer, make_analyzer, resolve_entities
from storyline.config import AnalyzeConfig, EventConfig
from storyline.events.coder import MAX_SENTENCE_CHARS, Coder
from storyline.events.geo import Gazetteer, shared_gazetteer
from storyline.model import Article, EventMention


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return make_analyzer(AnalyzeConfig())


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return shared_gazetteer()


def code(analyzer: Analyzer, gazetteer: Gazetteer, text: str) -> list[EventMention]:
    article = Article(article_id="art_t", report_id="rep_t", origin="test", kind="text",
                      text=text, published=datetime(2024, 3, 6))
    analyses, entities = resolve_entities(analyzer([article]))
    coder = Coder(EventConfig(), gazetteer)  # the lexicon alone: no MiniLM needed here
    return coder.code(article, analyses[0], {e.entity_id: e for e in entities})


def test_a_meeting_with_actors_place_and_date(analyzer: Analyzer, gazetteer: Gazetteer) -> None:
    found = code(analyzer, gazetteer,
                 "Egyptian Foreign Minister Omar Saleh met Jordanian officials in Amman on "
                 "Monday.")
    assert [m.plover for m in found] == ["CONSULT"]
    meeting = found[0]
    assert meeting.status == "happened" and meeting.cameo == "040" and meeting.quad_class == 1
    assert meeting.sources[0].country == "EGY" and meeting.sources[0].sector == "GOV"
    assert meeting.targets[0].country == "JOR"
    assert meeting.place is not None and meeting.place.name == "Amman"
    assert meeting.place.country == "JOR" and meeting.place.feature == "city"
    assert meeting.date == "2024-03-04"  # the Monday before publication
    text = "Egyptian Foreign Minister Omar Saleh met Jordanian officials in Amman on Monday."
    assert text[meeting.trigger_start : meeting.trigger_end] == "met"


def test_a_passive_keeps_the_doer_as_source(analyzer: Analyzer, gazetteer: Gazetteer) -> None:
    found = code(analyzer, gazetteer, "Three soldiers were killed by rebels near the border.")
    assault = found[0]
    assert assault.plover == "ASSAULT" and assault.status == "happened"
    assert assault.sources[0].sector == "REB"
    assert assault.targets[0].sector == "MIL"


def test_an_attorney_general_is_no_military_officer(
    analyzer: Analyzer, gazetteer: Gazetteer
) -> None:
    found = code(analyzer, gazetteer,
                 "Attorney General Martin Hale sued the Kestrel Mining Company on Monday.")
    assert found and found[0].sources[0].sector == "JUD"
    general = code(analyzer, gazetteer,
                   "General Martin Hale attacked the rebel camp near the border on Monday.")
    assert general and general[0].sources[0].sector == "MIL"


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("The army did not attack the village.", "denied"),
        ("Will Iran release the detained sailors?", "question"),
        ("If the talks fail, the rebels could attack the capital.", "hypothetical"),
        ("The minister plans to visit Kenya next month.", "future"),
    ],
)
def test_what_did_not_happen_is_kept_and_marked(
    analyzer: Analyzer, gazetteer: Gazetteer, text: str, status: str
) -> None:
    found = code(analyzer, gazetteer, text)
    assert found, text
    assert all(m.status != "happened" for m in found if m.method != "intent")
    assert status in {m.status for m in found}


def test_a_commitment_is_agree_and_a_promise_of_force_a_threat(
    analyzer: Analyzer, gazetteer: Gazetteer
) -> None:
    allowed = code(analyzer, gazetteer, "Turkey will allow the refugees to return home.")
    assert allowed[0].plover == "AGREE" and allowed[0].status == "happened"
    assert any(m.plover == "CONCEDE" and m.status == "future" for m in allowed)
    threat = code(analyzer, gazetteer, "The rebels vowed to attack the capital.")
    assert threat[0].plover == "THREATEN"
    agreed = code(analyzer, gazetteer, "Chile and Peru agreed to hold talks on the border.")
    assert [m.plover for m in agreed] == ["AGREE"]  # the talks fold into the agreement


def test_a_sentence_without_a_verb_gives_no_event(
    analyzer: Analyzer, gazetteer: Gazetteer
) -> None:
    assert code(analyzer, gazetteer, "Storms, floods and chaos across the region.") == []


def test_a_place_that_matches_nothing_is_kept_as_text(
    analyzer: Analyzer, gazetteer: Gazetteer
) -> None:
    found = code(analyzer, gazetteer, "Police arrested two men in Qorvanthal on Friday.")
    assert found[0].plover == "COERCE"
    place = found[0].place
    assert place is not None and place.feature == "unresolved"
    assert place.text == "Qorvanthal" and place.country is None and place.latitude is None


def test_a_ten_thousand_word_sentence_is_coded_from_its_opening(
    analyzer: Analyzer, gazetteer: Gazetteer
) -> None:
    # The analysis of a short sentence, stretched to one sentence of 10,000 more words: the
    # coder reads clauses and text only up to MAX_SENTENCE_CHARS of it. (spaCy's own parse of
    # such a sentence is the analyze stage's cost, measured apart.)
    opening = "Protesters marched in Lagos and shouted slogans."
    article = Article(article_id="art_t", report_id="rep_t", origin="test", kind="text",
                      text=opening, published=datetime(2024, 3, 6))
    analysis = analyzer([article])[0]
    text = opening[:-1] + " " + " ".join(["slogans"] * 10_000) + "."
    long_article = replace(article, text=text)
    sentence = replace(analysis.sentences[0], end=len(text), text=text)
    far = replace(analysis.clauses[0], start=len(text) - 8, end=len(text) - 1)
    stretched = replace(analysis, sentences=(sentence,), clauses=(*analysis.clauses, far))
    found = Coder(EventConfig(), gazetteer).code(long_article, stretched, {})
    assert [m.plover for m in found] == ["PROTEST"]
    assert len(found[0].text) == MAX_SENTENCE_CHARS and found[0].place is not None
    assert found[0].place.name == "Lagos"


def test_a_river_or_a_building_is_no_target_actor(
    analyzer: Analyzer, gazetteer: Gazetteer
) -> None:
    found = code(analyzer, gazetteer,
                 "Rebels attacked the Glimmerbrook river near the Aldwick bridge on Monday.")
    assault = found[0]
    assert assault.plover == "ASSAULT"
    assert all(a.label not in ("LOC", "FAC") for a in assault.targets), assault.targets
    countries = code(analyzer, gazetteer, "Egypt accused Jordan of lying.")
    assert countries[0].targets[0].country == "JOR"  # a country is still an actor
