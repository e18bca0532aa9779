"""Actors of an event mention: the phrases a clause's arguments span, read as who they are
(the resolved entity), which country (ISO-3) and which sector (GOV, MIL, REB, ...).

"Russian President Vladimir Putin" is one actor (Putin: RUS, GOV); "Rwandan rebels" one actor
(RWA, REB) with no name; "the United States and Jordan" two (USA, JOR); "Moscow" as a doer is
the Russian government (a capital named as an actor stands for its state).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence

from storyline.events.actor_words import SECTORS
from storyline.events.geo import IGO_NAMES, Gazetteer
from storyline.events.lexicon import EVENT_NOUNS
from storyline.model import Actor, Argument, Entity, Mention

_ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
_WORD = re.compile(r"[A-Za-z][A-Za-z.'’-]*")


def _sector(words: Sequence[str]) -> str | None:
    lowered = [w.lower().rstrip(".") for w in words]
    for first, second in itertools.pairwise(lowered):
        if f"{first} {second}" in SECTORS:
            return SECTORS[f"{first} {second}"]
    for word in reversed(lowered):  # the head noun comes last: "army officer" is an officer
        if word in SECTORS:
            return SECTORS[word]
        if word.endswith("s") and word[:-1] in SECTORS:
            return SECTORS[word[:-1]]
    return None


def _country_of_words(words: Sequence[str], gazetteer: Gazetteer) -> str | None:
    for n in (3, 2, 1):
        for i in range(len(words) - n + 1):
            phrase = " ".join(words[i : i + n])
            if phrase.lower() in IGO_NAMES:
                return "IGO"
            code = gazetteer.demonym(phrase)
            if code is not None:
                return code
    return None


def _mention_country(
    mention: Mention, entities: Mapping[str, Entity], gazetteer: Gazetteer
) -> str | None:
    text = mention.text
    if text.lower().removeprefix("the ").strip() in IGO_NAMES:
        return "IGO"
    if mention.label in ("GPE", "LOC"):
        code = gazetteer.country_code(text)
        if code is not None:
            return code
        place = gazetteer.resolve(text)
        return place.country
    if mention.label == "NORP":
        return gazetteer.demonym(text)
    entity = entities.get(mention.entity_id or "")
    if entity is not None and entity.nationality:
        return gazetteer.country_code(entity.nationality) or gazetteer.demonym(
            entity.nationality
        )
    if mention.label == "ORG":
        return _country_of_words(_WORD.findall(text), gazetteer)
    return None


_LOCATIVE = frozenset({"in", "at", "near", "outside", "inside"})
# Heads of a phrase that names a deed, not a doer: "undertake *an official visit to Russia*" is
# about Russia, but the phrase is no actor (the names inside it still are).
_DEED_HEADS = frozenset(EVENT_NOUNS) | {"visit", "trip", "tour", "invitation", "call", "agreement",
                                       "deal", "accord", "treaty", "relation", "tie", "cooperation"}
# Personal pronouns that stand for one person, read back to a person named just before
# (``pronoun_antecedent``); "they", "it" and "we" are left alone (too often a group or a thing).
PERSON_PRONOUNS = frozenset({"he", "she"})


def _located(text: str, start: int, mention: Mention) -> bool:
    """A name in the phrase that says where, not who: "talks *in Beijing*", "credentials *at
    the Kremlin*"."""
    before = text[max(start, mention.start - 30) : mention.start].split()
    return bool(before) and (
        before[-1].lower() in _LOCATIVE or (len(before) > 1 and before[-2].lower() in _LOCATIVE
                                            and before[-1].lower() == "the")
    )


def _apposed_person(
    argument: Argument, text: str, mentions: Sequence[Mention]
) -> list[Mention]:
    """The person a role phrase names in apposition right after it ("the ambassador,
    *Faisal Niaz Tirmizi*,"), set off by a comma; none when something else follows."""
    for m in mentions:
        if m.label == "PERSON" and argument.end <= m.start <= argument.end + 3:
            between = text[argument.end : m.start]
            after = text[m.end : m.end + 1]
            if between.strip() == "," and after in (",", ")", ""):
                return [m]
    return []


def actors_of(
    argument: Argument,
    text: str,
    mentions: Sequence[Mention],
    entities: Mapping[str, Entity],
    gazetteer: Gazetteer,
) -> list[Actor]:
    """The actors an argument's phrase names, in text order."""
    phrase = text[argument.start : argument.end]
    if len(phrase) > 300:  # a run-on phrase of a broken parse: only its opening is read
        phrase = phrase[:300]
    words = _WORD.findall(phrase)
    inside = [
        m
        for m in mentions
        if m.label in _ACTOR_LABELS
        and argument.start <= m.start
        and m.end <= argument.end
        and not _located(text, argument.start, m)
    ]
    sector = _sector(words)
    named = [m for m in inside if m.label in ("PERSON", "ORG")]
    places = [m for m in inside if m.label in ("GPE", "LOC", "FAC")]
    phrase_country = _country_of_words(words, gazetteer)
    if not named and sector is not None:
        # "Pakistan's Ambassador to Russia, Faisal Niaz Tirmizi, handed over ...": the parse
        # ends the doer's phrase at its role; the person named in apposition is who it is.
        named = _apposed_person(argument, text, mentions)
        if named and places:
            phrase_country = _mention_country(places[0], entities, gazetteer) or phrase_country
    if named:
        actors = []
        for m in named:
            entity = entities.get(m.entity_id or "")
            country = _mention_country(m, entities, gazetteer) or phrase_country
            own_sector = sector
            if entity is not None and entity.titles:
                own_sector = _sector(entity.titles[0].split()) or sector
            if m.label == "ORG" and own_sector is None:
                own_sector = _sector(_WORD.findall(m.text))
            actors.append(
                Actor(
                    text=m.text,
                    start=m.start,
                    end=m.end,
                    name=entity.name if entity is not None else m.text,
                    entity_id=m.entity_id,
                    country=country,
                    sector=own_sector,
                    label=m.label,
                )
            )
        return actors
    if places and (sector is None or len(places) > 1):
        # Countries or capitals as actors: "Jordan and Britain agreed", "Moscow expelled".
        # A thing is no actor: a building (FAC) or a river, a sea, a mountain (a LOC the
        # gazetteer puts in no country) is what is acted on or where, not who.
        located = [(m, _mention_country(m, entities, gazetteer)) for m in places]
        standing = [(m, c) for m, c in located if m.label == "GPE" or (m.label == "LOC" and c)]
        if standing or sector is None:
            return [
                Actor(
                    text=m.text,
                    start=m.start,
                    end=m.end,
                    name=m.text,
                    entity_id=m.entity_id,
                    country=country,
                    sector=sector,
                    label=m.label,
                )
                for m, country in standing
            ]
    country = phrase_country
    if places:
        country = _mention_country(places[0], entities, gazetteer) or country
    if country is None and sector is None:
        return []  # "it", "the move": no actor the text names
    if argument.head.lower() in _DEED_HEADS:
        # "an official visit to Russia", "a meeting of Palestinian factions": a deed is not
        # who; the places and nationalities it names are.
        named_in = [(m, _mention_country(m, entities, gazetteer)) for m in inside
                    if m.label in ("GPE", "NORP")]
        return [
            Actor(text=m.text, start=m.start, end=m.end, name=m.text, entity_id=m.entity_id,
                  country=code, sector=None, label=m.label)
            for m, code in named_in
            if code
        ]
    return [
        Actor(
            text=phrase,
            start=argument.start,
            end=argument.start + len(phrase),
            name=phrase,
            country=country,
            sector=sector,
        )
    ]


def pronoun_antecedent(
    argument: Argument, text: str, mentions: Sequence[Mention], sentence: int
) -> Argument | None:
    """For an agent that is "he" or "she", the person it most likely stands for: the first
    person named in the same sentence before it, else in the nearest of the two sentences before
    that names one (a news sentence's first person is mostly its subject), as an argument
    spanning that name; None when there is none."""
    if text[argument.start : argument.end].strip().lower() not in PERSON_PRONOUNS:
        return None
    people = [m for m in mentions if m.label == "PERSON" and m.start < argument.start]
    for back in (0, 1, 2):
        here = [m for m in people if m.sentence == sentence - back]
        if here:
            first = min(here, key=lambda m: m.start)
            return Argument(role="agent", start=first.start, end=first.end,
                            head=first.text.split()[-1].lower())
    return None


def role_person(
    actor: Actor,
    text: str,
    mentions: Sequence[Mention],
    entities: Mapping[str, Entity],
    gazetteer: Gazetteer,
) -> Actor | None:
    """The person a bare role phrase stands for ("Pakistan's new ambassador presented ..."):
    the one person the article (``mentions``: all of its mentions) names in apposition to the
    phrase's head noun ("Pakistan's Ambassador to Russia, Faisal Niaz Tirmizi,"); None when
    the phrase names someone already, has no role noun, or several people hold that role."""
    if actor.entity_id is not None or actor.label or actor.sector is None:
        return None
    words = _WORD.findall(actor.text)
    head = words[-1].lower() if words else ""
    if head not in SECTORS or not head.isalpha():
        return None
    # The role noun heads the apposed phrase ("the ambassador, X," "Ambassador to Russia,
    # X,"): "police" is not the "police officer, X," of another sentence.
    role = re.compile(rf"\b{head}s?(?:\s+(?:to|of|for|in|at)\s[^.,;:]{{0,30}})?,\s*$",
                      re.IGNORECASE)
    found: dict[str, Mention] = {}
    for m in mentions:
        if m.label != "PERSON" or not m.entity_id:
            continue
        start = max(0, m.start - 60)
        match = role.search(text[start : m.start])
        if match is None:
            continue
        # Another country's holder of the role ("Russia's ambassador, X,") is not this one.
        at = start + match.start()
        named = [p for p in mentions if p.label in ("GPE", "NORP") and at - 25 <= p.start
                 and p.end <= at]
        country = _mention_country(named[-1], entities, gazetteer) if named else None
        if country is None or actor.country is None or country == actor.country:
            found.setdefault(m.entity_id, m)
    if len(found) != 1:
        return None
    person = next(iter(found.values()))
    entity = entities.get(person.entity_id or "")
    return Actor(text=actor.text, start=actor.start, end=actor.end,
                 name=entity.name if entity is not None else person.text,
                 entity_id=person.entity_id, country=actor.country, sector=actor.sector,
                 label="PERSON")
