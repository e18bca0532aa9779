"""Mentions cleaned of the model's slips; entities resolved within and across articles."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.analyze import Analyzer, resolve_entities
from storyline.analyze.entities import clean_span
from storyline.analyze.resolve import LocalEntity, _cluster, _mention_entity, title_before
from storyline.model import Analysis, Mention
from tests.analyze.conftest import article


def _clean(text: str, piece: str, label: str) -> tuple[str, str] | None:
    start = text.index(piece)
    result = clean_span(text, start, start + len(piece), label)
    return None if result is None else (text[result[0] : result[1]], result[2])


def test_possessives_are_cut_straight_and_curly() -> None:
    assert _clean("the Harbour Board's plan", "Harbour Board's", "ORG") == ("Harbour Board", "ORG")
    assert _clean("Ms Okafor’s plan", "Okafor’s", "PERSON") == ("Okafor", "PERSON")


def test_unbalanced_brackets_are_closed_or_cut() -> None:
    text = "the Northern Rivers Compact (NRC) met"
    assert _clean(text, "Northern Rivers Compact (NRC", "ORG") == (
        "Northern Rivers Compact (NRC)",
        "ORG",
    )
    assert _clean("the Compact (NRC met", "Compact (NRC", "ORG") == ("Compact", "ORG")


def test_leading_the_goes_and_titles_are_not_organizations() -> None:
    assert _clean("the Port Authority said", "the Port Authority", "ORG") == (
        "Port Authority",
        "ORG",
    )
    assert _clean("the PM met", "PM", "ORG") is None
    assert _clean("PM Okafor met", "PM Okafor", "ORG") == ("Okafor", "PERSON")
    assert _clean("the PM Office said", "PM Office", "ORG") == ("PM Office", "ORG")


def test_a_river_or_lake_named_like_a_person_is_a_place(analyzer: Analyzer) -> None:
    assert _clean("the Silverrun river rose", "Silverrun", "PERSON") == ("Silverrun", "LOC")
    assert _clean("on Marrow Lake today", "Marrow", "PERSON") == ("Marrow", "LOC")
    assert _clean("Ada Brenner rose", "Ada Brenner", "PERSON") == ("Ada Brenner", "PERSON")
    # A name that opens the name of an agreement is no person; a person's plan stays hers.
    assert _clean("the Silverrun Water Agreement", "Silverrun", "PERSON") is None
    assert _clean("Ada Brenner Accord talks", "Ada Brenner", "PERSON") is None
    assert _clean("the Silverrun agreement", "Silverrun", "PERSON") is None
    assert _clean("a Silverrun water-sharing pact", "Silverrun", "PERSON") is None
    assert _clean("Ada Brenner unveiled a plan", "Ada Brenner", "PERSON") == (
        "Ada Brenner",
        "PERSON",
    )
    # Through the real model, which tags the unfamiliar river name as a person.
    (analysis,) = analyzer(
        [
            article(
                "Farmers along the Silverrun river cheered the Silverrun Water Agreement, "
                "Minister Ada Brenner said."
            )
        ]
    )
    labels = {(m.text, m.label) for m in analysis.mentions}
    assert ("Silverrun", "LOC") in labels and ("Ada Brenner", "PERSON") in labels
    assert ("Silverrun", "PERSON") not in labels


def test_titles_give_role_and_nationality() -> None:
    assert title_before("Talks with Russian President ") == (
        "President",
        "President",
        "head of state",
        "Russia",
    )
    assert title_before("met President of the Russian Federation ")[3] == "Russia"  # type: ignore[index]
    assert title_before("Prime Minster ")[1:3] == ("Prime Minister", "head of government")  # type: ignore[index]
    assert title_before("Special Assistant to the Prime Minister ") is None


def test_a_missed_titled_name_becomes_a_person(analyzer: Analyzer) -> None:
    text = "PM Okonkwo arrived in Lagos on Monday. Okonkwo later met reporters."
    (analysis,) = analyzer([article(text)])
    assert any(m.text == "Okonkwo" and m.label == "PERSON" for m in analysis.mentions)


def _person(entities: list, name_part: str):  # type: ignore[no-untyped-def]
    found = [e for e in entities if e.kind == "PERSON" and name_part in e.name]
    assert len(found) == 1, [e.name for e in entities if e.kind == "PERSON"]
    return found[0]


def test_sharif_is_one_person_across_the_five_seeds(seed_analyses: list[Analysis]) -> None:
    resolved, entities = resolve_entities(seed_analyses)
    sharif = _person(entities, "Sharif")
    aliases = set(sharif.aliases) | {sharif.name}
    for alias in (
        "Shehbaz Sharif",
        "PM Shehbaz",
        "Prime Minister Muhammad Shehbaz Sharif",
        "Prime Minster Muhammad Shehbaz Sharif",
        "Sharif",
    ):
        assert alias in aliases, alias
    assert sharif.role == "head of government" and sharif.nationality == "Pakistan"
    # every seed that names him links its mentions to the one entity
    articles_with_him = {
        a.article_id for a in resolved for m in a.mentions if m.entity_id == sharif.entity_id
    }
    assert len(articles_with_him) == 5


def test_putin_is_one_person_with_his_title(seed_analyses: list[Analysis]) -> None:
    _, entities = resolve_entities(seed_analyses)
    putin = _person(entities, "Putin")
    assert {"Putin", "President Putin"} <= set(putin.aliases) | {putin.name}
    assert putin.name == "Vladimir Putin"
    assert putin.nationality == "Russia" and putin.role == "head of state"
    assert "President" in putin.titles
    names = {e.name for e in entities if e.kind == "PERSON"}
    # without: no separate entity for a title or a surname alone
    assert not names & {"Putin", "Sharif", "Shehbaz", "PM", "President Putin"}


@settings(max_examples=12, deadline=None)
@given(seed=st.integers(min_value=0, max_value=10_000))
def test_resolution_does_not_depend_on_article_order(
    seed_analyses: list[Analysis], seed: int
) -> None:
    shuffled = list(seed_analyses)
    random.Random(seed).shuffle(shuffled)
    base_resolved, base_entities = resolve_entities(seed_analyses)
    resolved, entities = resolve_entities(shuffled)
    assert entities == base_entities
    by_id = {a.article_id: a for a in resolved}
    assert all(by_id[a.article_id] == a for a in base_resolved)


def _entity(text: str, label: str) -> LocalEntity:
    """An article's entity for one mention of ``text``, nothing written before it."""
    return _mention_entity(Mention(start=0, end=len(text), text=text, label=label, sentence=0), "")


def _joined(texts: list[str], label: str) -> set[tuple[str, ...]]:
    """The mentions ``texts`` as the clustering joins them: each entity's written forms."""
    clusters, assignment = _cluster([_entity(t, label) for t in texts])
    return {tuple(sorted(clusters[c].surfaces)) for c in {a for a in assignment if a is not None}}


def test_full_names_join_on_their_initials_only_when_spelled_alike() -> None:
    """Initials join an acronym to its name and two spellings of one name, never two names
    that merely start with the same letters (a person the parse took for an organization,
    "Brad Woodhouse", is not the toy-shop chain "Build-A-Bear Workshop", nor two universities)."""
    assert _joined([
        "Build-A-Bear Workshop",
        "Brad Woodhouse",
        "Basically what",
        "Harbour Pilots Association",
        "Harbor Pilots Association",
        "HPA",
        "Kestrel University",
        "Kingsmoor University",
    ], "ORG") == {
        ("Build-A-Bear Workshop",),
        ("Brad Woodhouse",),
        ("Basically what",),
        ("HPA", "Harbor Pilots Association", "Harbour Pilots Association"),
        ("Kestrel University",),
        ("Kingsmoor University",),
    }


def test_an_acronym_that_fits_two_names_joins_neither() -> None:
    """"HPA" with the Harbor Pilots Association and the Harbor Police Academy about may be
    either: it joined the first one seen, and through it the other one too."""
    for texts in (
        ["Harbor Pilots Association", "Harbor Police Academy", "HPA"],
        ["HPA", "Harbor Police Academy", "Harbor Pilots Association"],
    ):
        assert _joined(texts, "ORG") == {
            ("Harbor Pilots Association",),
            ("Harbor Police Academy",),
            ("HPA",),
        }
    # With one of them about, it is that one.
    assert _joined(["Harbor Pilots Association", "HPA"], "ORG") == {
        ("HPA", "Harbor Pilots Association")
    }


def test_a_person_called_by_a_short_given_name_is_one_person() -> None:
    """"Bill Okafor", "William Okafor" and "Gov Bill Okafor" are one person; "Bill" is no
    William when the surname differs, a lone "Bill" with two Williams about joins neither, and a
    surname that is a nickname stays a surname ("Tomas Rob")."""
    named = _joined([
        "William Okafor",
        "Bill Okafor",
        "Gov Bill Okafor",
        "Bill",
        "William Brandt",
        "Tomas Rob",
        "Tomas Robert",
    ], "PERSON")
    assert ("Bill Okafor", "Gov Bill Okafor", "William Okafor") in named
    assert ("William Brandt",) in named and ("Bill",) in named
    assert ("Tomas Rob",) in named and ("Tomas Robert",) in named
    # A lone "Joe" with one Joseph about is him.
    assert _joined(["Joe", "Joseph Brevik"], "PERSON") == {("Joe", "Joseph Brevik")}
    # A title written without its full stop is a title still, not a first name.
    assert _joined(["Sen Dick Fisk", "Richard J. Fisk", "Dick Fisk"], "PERSON") == {
        ("Dick Fisk", "Richard J. Fisk", "Sen Dick Fisk")
    }


def test_a_titled_surname_joins_the_one_person_of_its_gender() -> None:
    """"Mrs. Okafor" with Mary Okafor and Bill Okafor about is Mary; "Mr. Okafor" with Bill
    and Tarek Okafor (a given name that says no gender) may be either, so joins neither."""

    def titled(title: str, surname: str) -> LocalEntity:
        mention = Mention(start=0, end=len(surname), text=surname, label="PERSON", sentence=0)
        return _mention_entity(mention, f"{title} ")

    people = [_entity("Mary Okafor", "PERSON"), _entity("Bill Okafor", "PERSON")]
    clusters, assignment = _cluster([*people, titled("Mrs.", "Okafor")])
    assert assignment[2] == assignment[0] != assignment[1]
    assert clusters[assignment[0]].canonical() == "Mary Okafor"
    others = [_entity("Tarek Okafor", "PERSON"), _entity("Bill Okafor", "PERSON")]
    clusters, assignment = _cluster([*others, titled("Mr.", "Okafor")])
    assert assignment[2] not in {assignment[0], assignment[1]}


def test_a_surname_written_before_a_sons_full_name_is_not_the_son(analyzer: Analyzer) -> None:
    """The mayor is "Mayor Halloran" and "Mr. Halloran" well before the article names his son
    "Peter Halloran Jr.": every bare "Halloran" is the father, and the remark his. Where the son
    is named first, a bare "Mr. Halloran" after it may be the son, and stays his."""
    father_first = (
        "PORT AUREL — Mayor Halloran on Friday halted the sale of the old ferry pier. "
        "“Put the pier sale on hold until I have read every offer,” Mr. Halloran wrote on "
        "Friday evening. Photos of the mayor's family at the pier circulated all week, one "
        "of them showing Peter Halloran Jr. on a rented yacht beside it."
    )
    (analysis,) = analyzer([article(father_first)])
    (remark,) = [q for q in analysis.quotes if "pier sale" in q.content]
    assert remark.speaker_name is not None and "Jr" not in remark.speaker_name
    son_first = (
        "PORT AUREL — Peter Halloran Jr. bought the old ferry pier on Friday. “I will turn it "
        "into a market,” Mr. Halloran said after the sale."
    )
    (analysis,) = analyzer([article(son_first)])
    (remark,) = [q for q in analysis.quotes if "market" in q.content]
    assert remark.speaker_name is not None and "Halloran Jr" in remark.speaker_name


def test_a_man_named_in_full_before_his_suffixed_name_is_one_man(analyzer: Analyzer) -> None:
    """"Mayor Tomas Brevik" first and "Tomas Brevik Jr." in a later quotation are one man,
    written with and without his suffix: every "Brevik" is his."""
    text = (
        "KESTREL CITY — Mayor Tomas Brevik was charged on Tuesday with misusing campaign "
        "funds. Brevik, who denies the charges, said he would stay on the ballot. “This shows "
        "how far a man like Tomas Brevik Jr. will go,” a rival said. “I have done nothing "
        "wrong,” Brevik told reporters."
    )
    (analysis,) = analyzer([article(text)])
    (remark,) = [q for q in analysis.quotes if "nothing wrong" in q.content]
    # His fullest name: the bare surname joined the suffixed one (one man).
    assert remark.speaker_name is not None and "Brevik Jr" in remark.speaker_name
    (resolved,), _ = resolve_entities([analysis])
    linked = {m.entity_id for m in resolved.mentions if "Brevik" in m.text}
    assert len(linked) == 1 and None not in linked
