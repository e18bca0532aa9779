"""Actors read from the parse: a phrase naming a deed is no actor ("an official visit to
Russia"), and a doer told as "he" or "she" is the person named just before."""

from __future__ import annotations

from datetime import datetime

from storyline.analyze import make_analyzer, resolve_entities
from storyline.config import AnalyzeConfig, EventConfig
from storyline.events.actors import pronoun_antecedent
from storyline.events.coder import Coder
from storyline.events.geo import shared_gazetteer
from storyline.model import Argument, Article, EventMention, Mention


def _code(text: str) -> list[EventMention]:
    article = Article(article_id="art_a", report_id="rep_a", origin="test", kind="text",
                      text=text, published=datetime(2024, 3, 6))
    analyses, entities = resolve_entities(make_analyzer(AnalyzeConfig())([article]))
    return Coder(EventConfig(), shared_gazetteer(), None).code(
        article, analyses[0], {e.entity_id: e for e in entities}
    )


def test_a_visit_to_a_country_is_not_a_target_actor_but_the_country_is() -> None:
    found = _code("Norland's president agreed to pay an official visit to Germany in May.")
    names = {a.name for m in found for a in m.targets}
    assert not any("visit" in n for n in names), names
    assert any(a.country == "DEU" for m in found for a in m.targets)


def test_he_is_the_person_named_in_the_sentence_before() -> None:
    text = ("Prime Minister Anna Berg arrived in Paris on Monday. "
            "He was not mentioned. She condemned the attack on the embassy.")
    found = [m for m in _code(text) if m.trigger == "condemn"]
    assert found and [a.name for a in found[0].sources] == ["Anna Berg"]


def test_a_pronoun_with_no_person_before_stays_without_a_doer() -> None:
    text = "The ministry issued a statement. He condemned the attack on the embassy."
    found = [m for m in _code(text) if m.trigger == "condemn"]
    assert found and found[0].sources == ()


def test_pronoun_antecedent_reads_he_and_she_only() -> None:
    person = Mention(start=0, end=9, text="Anna Berg", label="PERSON", sentence=0)
    for pronoun, expected in (("It", None), ("They", None), ("She", (0, 9))):
        text = f"Anna Berg spoke. {pronoun} condemned the attack."
        start = text.index(pronoun)
        agent = Argument(role="agent", start=start, end=start + len(pronoun), head="x")
        found = pronoun_antecedent(agent, text, [person], 1)
        assert (found and (found.start, found.end)) == expected if expected else found is None
