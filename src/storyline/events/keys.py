"""What event merging compares of a mention (MentionKey) and how it is read from a coded
EventMention: its main actors, participants, place, sentence words and tense."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from storyline.language import ENGLISH
from storyline.model import Actor, EventMention, Place

# "had" up to two words before the predicate ("had agreed", "had also signed").
_PLUPERFECT = re.compile(r"\bhad(?!\s+to\b)(?:\s+[A-Za-z]+){0,2}\s*$", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*[A-Za-z]|\d+")


@dataclass(frozen=True, slots=True)
class MentionKey:
    """What merging compares of a mention."""

    group: str  # only mentions of one group (a story, an ECB+ subtopic) merge
    lemma: str
    kind: str | None = None  # PLOVER type; None when uncoded (ECB+ gold mentions)
    status: str = "happened"
    countries: frozenset[str] = frozenset()
    date: str | None = None
    place_country: str | None = None
    city: str | None = None  # the gazetteer's name of the city it happened in
    document: str = ""  # the article it comes from
    sentence: int = -1  # its sentence in that article
    lead: bool = False  # in the article's opening sentences
    # The arguments the coder found (events/coder.py Coder.arguments): who takes part (entity
    # IDs, else names, lowercased), the place (the gazetteer's name, else the text); and the
    # words of its sentence, content words and names (capitalised words, numbers).
    participants: frozenset[str] = frozenset()
    place: str | None = None
    words: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()
    recalled: bool = False  # told in the pluperfect ("they had agreed"): an earlier occasion
    # The name words of the main source and target where each is a resolved person named in
    # full (``person_words``), else empty: two mentions with one person in common and
    # different people opposite are two events (``_other_people``).
    source_person: frozenset[str] = frozenset()
    target_person: frozenset[str] = frozenset()


def sentence_words(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The content words of a sentence (lowercased, no stop words) and its names and numbers
    (capitalised words, digits): what the pairwise model compares of two sentences."""
    tokens = _WORD.findall(text)
    words = frozenset(
        t.lower() for t in tokens if len(t) > 2 and t.lower() not in ENGLISH.story_stop_words
    )
    names = frozenset(t for t in tokens if t[0].isupper() or t[0].isdigit())
    return words, names


def recalled(before: str) -> bool:
    """Whether the words before a predicate put it in the pluperfect ("after their meeting
    they *had agreed*"): an occasion earlier than the one the article reports."""
    return _PLUPERFECT.search(before[-40:]) is not None



# Sentences (title and dateline lines included) that make an article's lead.
LEAD_SENTENCES = 5


def main_actors(mention: EventMention) -> tuple[Actor | None, Actor | None]:
    """The main doer and the main target of a mention. A name further down the phrase
    ("talks with Putin on the sidelines of the SCO") says where, not who, and so does a
    target that is only the place it happened ("talks in Beijing")."""
    source = mention.sources[0] if mention.sources else None
    place = mention.place
    names = {place.text, place.name} if place is not None else set()

    def only_where(a: Actor) -> bool:
        if place is None or a.country != place.country:
            return False
        # "in Beijing, China": a country or city named as the place, not as someone.
        return a.name in names or (a.sector is None and a.label in ("GPE", "LOC", "FAC"))

    target = next((a for a in mention.targets if not only_where(a)), None)
    return source, target


def mention_key(group: str, mention: EventMention) -> MentionKey:
    words, names = sentence_words(mention.text)
    source, target = main_actors(mention)
    countries = frozenset(
        a.country for a in (source, target) if a is not None and a.country is not None
    )
    return MentionKey(
        group=group,
        lemma=mention.trigger,
        kind=mention.plover,
        status=mention.status,
        countries=countries,
        date=mention.date,
        place_country=mention.place.country if mention.place is not None else None,
        city=(
            mention.place.name
            if mention.place is not None and mention.place.feature == "city"
            else None
        ),
        document=mention.article_id,
        sentence=mention.sentence,
        lead=mention.sentence < LEAD_SENTENCES,
        participants=participant_keys([*mention.sources, *mention.targets]),
        place=place_key(mention.place),
        words=words,
        names=names,
        recalled=recalled(mention.text[: max(0, mention.trigger_start - mention.start)]),
        source_person=person_words(source),
        target_person=person_words(target),
    )


def person_words(actor: Actor | None) -> frozenset[str]:
    """The lowercased words of a resolved person's name given in full ("Vladimir Putin");
    empty for anyone else: a country, an organisation, a phrase, or a name of one word
    ("Obama", or a title the tagger took for a name), too little to tell two people apart."""
    if actor is None or actor.entity_id is None or actor.label != "PERSON":
        return frozenset()
    words = _WORD.findall(actor.name)
    return frozenset(w.lower() for w in words) if len(words) > 1 else frozenset()


def participant_keys(actors: Sequence[Actor]) -> frozenset[str]:
    """Who takes part, comparable across articles: the resolved entity, else the name."""
    return frozenset(a.entity_id or a.name.lower() for a in actors if a.name or a.entity_id)


def place_key(place: Place | None) -> str | None:
    """Where, comparable across articles: the gazetteer's entry, else the text as written."""
    if place is None:
        return None
    return place.name if place.feature != "unresolved" else place.text.lower()

