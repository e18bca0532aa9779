"""Events rules revision 6: mentions naming different people on one side are two events, the
person a role phrase names in apposition is its doer, and "meeting" a goal is no meeting.
Every sentence here is fiction written for these tests."""

from __future__ import annotations

from datetime import datetime

import numpy as np

from storyline.analyze import make_analyzer, resolve_entities
from storyline.config import AnalyzeConfig, EventConfig
from storyline.events.coder import Coder
from storyline.events.decision import lexicon_decision
from storyline.events.geo import shared_gazetteer
from storyline.events.lexicon import ABSTRACT_OBJECTS, MEETING_VERBS
from storyline.events.merge import MentionKey, cluster, compatible, mention_key, person_words
from storyline.model import Actor, Argument, Article, Clause, EventMention


def _code(text: str) -> list[EventMention]:
    article = Article(article_id="art_p", report_id="rep_p", origin="test", kind="text",
                      text=text, published=datetime(2024, 5, 14))
    analyses, entities = resolve_entities(make_analyzer(AnalyzeConfig())([article]))
    return Coder(EventConfig(), shared_gazetteer(), None).code(
        article, analyses[0], {e.entity_id: e for e in entities}
    )


def _meet(head: str) -> Clause:
    return Clause(sentence=0, start=10, end=14, predicate="meet", relation="ROOT",
                  arguments=(Argument(role="patient", start=15, end=30, head=head),))


def test_meeting_a_goal_is_no_consult_but_meeting_someone_is() -> None:
    assert "meet" in MEETING_VERBS
    for goal in ("challenge", "need", "deadline", "target", "criterion", "obligation"):
        assert goal in ABSTRACT_OBJECTS
        assert lexicon_decision(_meet(goal)) is None, goal
    someone = lexicon_decision(_meet("minister"))
    assert someone is not None and someone.plover == "CONSULT"


def test_wishing_a_country_success_in_meeting_its_challenges_is_not_a_meeting() -> None:
    found = _code(
        "Chancellor Oren Vasko wished Norland success in meeting its challenges. "
        "The Norland government met the deadline for the grain payments."
    )
    assert not [m for m in found if m.plover == "CONSULT"], [(m.trigger, m.text) for m in found]
    met = _code("Chancellor Oren Vasko met Norland's foreign minister in Vardo on Monday.")
    assert any(m.plover == "CONSULT" and m.trigger == "meet" for m in met), met


def _key(mid: str, source: str, target: str, countries: set[str]) -> MentionKey:
    return MentionKey(group="s", lemma="laud", kind="SUPPORT", countries=frozenset(countries),
                      document="a1", sentence=int(mid),
                      source_person=frozenset(source.lower().split()),
                      target_person=frozenset(target.lower().split()))


def test_one_person_in_common_and_different_people_opposite_are_two_events() -> None:
    ceremony = _key("1", "Halvar Brekke", "Ilse Varga", {"NRL", "EST"})
    praise = _key("2", "Tove Lind", "Ilse Varga", {"NRL", "EST"})
    assert not compatible(ceremony, praise)  # one country each side, two doers
    # The same two people either way round ("A met B" is "B met A").
    assert compatible(ceremony, _key("3", "Ilse Varga", "Halvar Brekke", {"NRL", "EST"}))
    # Either side may be the common one: Varga meeting Lind is not Brekke meeting Varga.
    assert not compatible(ceremony, _key("4", "Ilse Varga", "Tove Lind", {"NRL", "EST"}))
    # A side that is no person named in full is left to the countries.
    unnamed = _key("5", "", "Ilse Varga", {"NRL", "EST"})
    assert compatible(ceremony, unnamed) and compatible(praise, unnamed)
    assert not compatible(unnamed, _key("6", "", "Aino Rask", {"NRL", "VAL"}))
    # Nobody in common: too little to tell, as before.
    assert compatible(ceremony, _key("7", "Tove Lind", "Aino Rask", {"NRL", "EST"}))
    # Two names sharing a word may be one person the resolution did not join.
    assert compatible(ceremony, _key("8", "Envoy Halvar Brekke", "Ilse Varga", {"NRL", "EST"}))


def test_only_a_resolved_person_named_in_full_is_compared() -> None:
    def actor(name: str, label: str, entity: str | None = "ent_x") -> Actor:
        return Actor(text=name, start=0, end=1, name=name, entity_id=entity, label=label)

    assert person_words(actor("Halvar Brekke", "PERSON")) == {"halvar", "brekke"}
    assert not person_words(actor("Brekke", "PERSON"))  # one word: too little to tell
    assert not person_words(actor("Halvar Brekke", "PERSON", None))  # not resolved
    assert not person_words(actor("Norland Grain Board", "ORG"))
    assert not person_words(None)


def _mention(mid: str, sentence: int, source: Actor, trigger: str) -> EventMention:
    president = Actor(text="President Ilse Varga", start=0, end=5, name="Ilse Varga",
                      entity_id="ent_varga", country="EST", sector="GOV", label="PERSON")
    return EventMention(
        mention_id=mid, article_id="a1", sentence=sentence, start=0, end=40, trigger_start=0,
        trigger_end=4, trigger=trigger, plover="SUPPORT", cameo="050", quad_class=1,
        sources=(source,), targets=(president,), text=f"{source.name} {trigger} Ilse Varga.",
    )


def test_an_envoy_and_a_premier_of_one_country_are_not_merged_into_one_event() -> None:
    envoy = Actor(text="Halvar Brekke", start=0, end=5, name="Halvar Brekke",
                  entity_id="ent_brekke", country="NRL", sector="GOV", label="PERSON")
    premier = Actor(text="Tove Lind", start=0, end=5, name="Tove Lind", entity_id="ent_lind",
                    country="NRL", sector="GOV", label="PERSON")
    country = Actor(text="Norland", start=0, end=5, name="Norland", entity_id="ent_norland",
                    country="NRL", label="GPE")
    mentions = [_mention("m1", 1, envoy, "present"), _mention("m2", 4, premier, "praise"),
                _mention("m3", 6, country, "thank")]
    keys = [mention_key("story", m) for m in mentions]
    assert keys[0].source_person == {"halvar", "brekke"} and not keys[2].source_person
    # Identical sentence vectors: only the rule can keep the two doers apart.
    vectors = np.ones((3, 4), dtype=np.float32) / 2.0
    labels = cluster(keys, vectors, EventConfig())
    assert labels[0] != labels[1]
    # The country as doer stays with one of them, decided by the countries as before.
    assert labels[2] in (labels[0], labels[1])


def test_a_role_phrase_is_the_person_the_article_names_in_that_role() -> None:
    text = (
        "Norway's new ambassador presented his credentials to President Ilse Varga on "
        "Tuesday. The ceremony was held in Santiago, where Norway's Ambassador to Chile, "
        "Halvar Brekke, handed over his letters of credence to Varga. "
        "Prime Minister Tove Lind praised Varga for her support."
    )
    found = _code(text)
    doers = {m.trigger: [a.name for a in m.sources] for m in found}
    assert doers.get("hand over") == ["Halvar Brekke"], doers
    assert doers.get("present") == ["Halvar Brekke"], doers
    praised = [m for m in found if m.trigger == "praise"]
    assert praised and praised[0].sources[0].name == "Tove Lind"


def test_a_role_phrase_is_not_another_country_s_holder_nor_a_longer_role() -> None:
    other_country = _code(
        "Norway's new ambassador presented his credentials to President Ilse Varga on "
        "Tuesday. Sweden's ambassador, Halvar Brekke, attended the ceremony in Santiago."
    )
    present = [m for m in other_country if m.trigger == "present"]
    assert present and present[0].sources[0].name == "Norway's new ambassador", present
    # "police" is not the "police officer, X," named later: the role noun must head the
    # apposed phrase.
    police = _code("Police arrested two men in Vardo on Monday. A police officer, Halvar "
                   "Brekke, said the men were held overnight.")
    arrest = [m for m in police if m.trigger == "arrest"]
    assert arrest and arrest[0].sources[0].name == "Police", arrest
