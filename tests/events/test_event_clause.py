"""Events rules revision 9: which clause of a sentence is its event and what a light verb's
object means. Every sentence here is fiction written for these tests."""

from __future__ import annotations

from datetime import datetime

from storyline.analyze import make_analyzer, resolve_entities
from storyline.config import AnalyzeConfig, EventConfig
from storyline.events.coder import Coder
from storyline.events.decision import event_noun, lexicon_decision
from storyline.events.geo import shared_gazetteer
from storyline.model import Argument, Article, Clause, EventMention


def _code(text: str) -> list[EventMention]:
    article = Article(article_id="art_c", report_id="rep_c", origin="test", kind="text",
                      text=text, published=datetime(2024, 5, 14))
    analyses, entities = resolve_entities(make_analyzer(AnalyzeConfig())([article]))
    return Coder(EventConfig(), shared_gazetteer(), None).code(
        article, analyses[0], {e.entity_id: e for e in entities}
    )


def _first(text: str) -> str | None:
    found = _code(text)
    return found[0].plover if found else None


def _clause(predicate: str, head: str, role: str = "patient", relation: str = "ROOT") -> Clause:
    return Clause(sentence=0, start=10, end=10 + len(predicate), predicate=predicate,
                  relation=relation,
                  arguments=(Argument(role=role, start=30, end=40, head=head),))  # type: ignore[arg-type]


def test_a_noun_made_from_a_verb_of_the_lexicon_is_that_verb_s_deed() -> None:
    assert event_noun("deployment") is not None and event_noun("deployment")[0] == "MOBILIZE"
    assert event_noun("discussion") is not None and event_noun("discussion")[0] == "CONSULT"
    assert event_noun("invasion") is not None and event_noun("invasion")[0] == "ASSAULT"
    assert event_noun("shelling") is not None and event_noun("shelling")[0] == "ASSAULT"
    assert event_noun("settlement") is None  # also a village
    assert event_noun("weather") is None
    decided = lexicon_decision(_clause("complete", "deployment"))
    assert decided is not None and decided.plover == "MOBILIZE"
    decided = lexicon_decision(_clause("step up", "shelling"))
    assert decided is not None and decided.plover == "ASSAULT"


def test_expelling_a_person_is_coercion_and_expelling_an_envoy_a_sanction() -> None:
    person = lexicon_decision(_clause("expel", "journalist"))
    envoy = lexicon_decision(_clause("expel", "diplomat"))
    assert person is not None and person.plover == "COERCE"
    assert envoy is not None and envoy.plover == "SANCTION"


def test_a_particle_the_parse_left_out_is_read_from_the_text() -> None:
    text = "Yesterday the Norland brigade pulled out of Vardo."
    start = text.index("pulled")
    clause = Clause(sentence=0, start=start, end=start + len("pulled"), predicate="pull",
                    relation="ROOT")
    assert lexicon_decision(clause) is None
    decided = lexicon_decision(clause, text)
    assert decided is not None and decided.plover == "RETREAT"


def test_a_participle_describing_a_noun_is_not_the_sentence_s_event() -> None:
    # The participle "wounded" is what the villagers underwent, not what the Norland
    # government did; the sentence's own clause has no lexicon type.
    found = _code(
        "The Norland government flew forty doctors to Vardo on Monday to treat hundreds of "
        "villagers wounded in the avalanche."
    )
    assert not [m for m in found if m.trigger == "wound"], [(m.trigger, m.plover) for m in found]


def test_a_proposal_to_station_monitors_accepted_is_no_threat() -> None:
    assert _first(
        "The Norland government accepted a proposal by Vestria to station monitors along "
        "the river, the ministry said."
    ) == "AGREE"
    assert _first("The rebels in Norland vowed to step up attacks on the capital.") == "THREATEN"


def test_the_public_s_demand_hung_on_its_deed_is_a_protest() -> None:
    assert _first(
        "Students in Vardo staged a sit-in outside the ministry for a third day, demanding "
        "the release of their teachers."
    ) == "PROTEST"
