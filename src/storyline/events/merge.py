"""One record per real-world event: mentions of one story that report the same event are
merged (cross-document event coreference), and where they disagree is recorded.

Two mentions are linked when nothing they say rules it out and their sentences are close:

* what rules it out: one sentence (two events it tells are two), another PLOVER type,
  another status (a plan is not the deed), actors of
  countries the other does not name ("Sharif met Xi" is not "Sharif met Putin"), dates more than
  a week apart, places in different countries;
* closeness: the MiniLM cosine of their sentences, with a lower bar for the same predicate
  lemma ("met" and "meets") than for different ones ("met" and "held talks").

Linked mentions form events, closest pairs first, two groups joining only when no pair
across them is ruled out. A date, place or actor that still differs
inside an event (a day apart, another city of the same country) is a conflict, explained.
The same function scores ECB+ event coreference in benchmarks/events_quality.py.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date as Date

import numpy as np
import numpy.typing as npt

from storyline.config import EventConfig
from storyline.model import Actor, EventConflict, EventMention

# Dates further apart than this are two occasions, not a disagreement about one (a "Tuesday"
# read from the wrong week is a week off at most).
MAX_DATE_GAP_DAYS = 7


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


def _day(value: str | None) -> Date | None:
    if value is None or len(value) < 4 or not value[:4].isdigit():
        return None
    parts = value[:10].split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
        day = int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else 0
        return Date(year, month or 1, day or 1) if month else Date(year, 1, 1)
    except ValueError:
        return None


def _dates_apart(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return False
    if a[:4] != b[:4]:
        return True
    da, db = _day(a), _day(b)
    full = len(a) >= 10 and len(b) >= 10
    return full and da is not None and db is not None and abs((da - db).days) > MAX_DATE_GAP_DAYS


def compatible(a: MentionKey, b: MentionKey) -> bool:
    if a.group != b.group or a.status != b.status:
        return False
    if a.document and a.document == b.document and a.sentence == b.sentence >= 0:
        return False  # two events of one sentence ("fired ... killing two") are two events
    if a.kind is not None and b.kind is not None and a.kind != b.kind:
        return False
    if a.countries and b.countries and not (
        a.countries <= b.countries or b.countries <= a.countries
    ):
        return False
    if a.place_country and b.place_country and a.place_country != b.place_country:
        return False
    return not _dates_apart(a.date, b.date)


def cluster(
    keys: Sequence[MentionKey],
    vectors: npt.NDArray[np.float32],
    cfg: EventConfig,
    lemma_vectors: Mapping[str, npt.NDArray[np.float32]] | None = None,
) -> list[int]:
    """A cluster number per mention (mentions with one number are one event). With
    ``lemma_vectors`` (MiniLM vectors of the predicate lemmas), two different predicates score
    the mean of their sentences' cosine and their lemmas' ("attacked" and "assault" are close,
    "attacked" and "said" are not)."""
    parent = list(range(len(keys)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    sims = vectors @ vectors.T if len(keys) else np.zeros((0, 0))
    by_group: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        by_group.setdefault(key.group, []).append(i)
    pairs: list[tuple[float, int, int]] = []
    for members in by_group.values():
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                a, b = keys[i], keys[j]
                if a.lemma == b.lemma:
                    bar = cfg.merge_same_lemma_similarity
                elif a.kind is not None and a.kind == b.kind:
                    bar = cfg.merge_min_similarity  # one PLOVER type is evidence already
                else:
                    bar = cfg.merge_untyped_similarity
                score = float(sims[i, j])
                if lemma_vectors is not None and a.lemma != b.lemma:
                    va, vb = lemma_vectors.get(a.lemma), lemma_vectors.get(b.lemma)
                    if va is not None and vb is not None:
                        score = (score + float(va @ vb)) / 2
                if a.lead and b.lead and a.document != b.document:
                    # Two articles' leads in one story most likely report its one event.
                    score += cfg.merge_lead_bonus
                if a.city is not None and a.city == b.city and a.kind is not None:
                    # One type of event in one city of one story: one occasion told in two
                    # ways ("presented his credentials" and "handed over the letter").
                    score += cfg.merge_same_city_bonus
                if score >= bar and compatible(a, b):
                    pairs.append((score, i, j))
    # Closest pairs first; two groups join only when every mention of one is compatible with
    # every mention of the other, so mentions that name no actor cannot chain "Sharif met
    # Xi" to "Sharif met Putin".
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    members_of: dict[int, list[int]] = {i: [i] for i in range(len(keys))}
    for _, i, j in pairs:
        ri, rj = find(i), find(j)
        if ri == rj:
            continue
        if all(compatible(keys[x], keys[y]) for x in members_of[ri] for y in members_of[rj]):
            parent[ri] = rj
            members_of[rj].extend(members_of.pop(ri))
    roots: dict[int, int] = {}
    return [roots.setdefault(find(i), len(roots)) for i in range(len(keys))]


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
    countries = frozenset(
        a.country for a in main_actors(mention) if a is not None and a.country is not None
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
    )


def _outlet_of(article_id: str, outlets: dict[str, str]) -> str:
    return outlets.get(article_id, article_id)


def conflicts_of(
    mentions: Sequence[EventMention], outlets: dict[str, str]
) -> list[EventConflict]:
    """Where the mentions of one event disagree: another date, another place, another actor.
    One conflict per pair of differing values, with the first mention giving each."""
    found: list[EventConflict] = []

    def values(kind: str, get: object) -> None:
        first: dict[str, EventMention] = {}
        for m in mentions:
            value = get(m)  # type: ignore[operator]
            if value and value not in first:
                first[value] = m
        items = sorted(first.items())
        for x, (va, ma) in enumerate(items):
            for vb, mb in items[x + 1 :]:
                if kind == "date" and (va.startswith(vb) or vb.startswith(va)):
                    continue  # "2025-09" and "2025-09-02" agree
                found.append(
                    EventConflict(
                        kind=kind,
                        mention_a=ma.mention_id,
                        mention_b=mb.mention_id,
                        reason=(
                            f"{kind}: {va!r} in {_outlet_of(ma.article_id, outlets)} "
                            f"(\"{ma.text[:120]}\") vs {vb!r} in "
                            f"{_outlet_of(mb.article_id, outlets)} (\"{mb.text[:120]}\")"
                        ),
                    )
                )

    values("date", lambda m: m.date)
    values(
        "place",
        lambda m: m.place.name if m.place is not None and m.place.feature == "city" else None,
    )
    # Actors: two mentions naming another person on one side and the same person on the
    # other ("Putin met Sharif" and "Lavrov met Sharif"); who is named first does not matter
    # ("A met B" is "B met A"). Only people are compared with people: "Halvorsen and Estoria"
    # against "Norland and Estoria" names a minister and her country, not two doers.
    named: dict[frozenset[str], EventMention] = {}
    for m in mentions:
        people = frozenset(
            a.name for a in main_actors(m) if a is not None and a.entity_id and a.label == "PERSON"
        )
        if len(people) == 2 and people not in named:
            named[people] = m
    pairs = sorted(named.items(), key=lambda item: sorted(item[0]))
    for x, (pa, ma) in enumerate(pairs):
        for pb, mb in pairs[x + 1 :]:
            if len(pa & pb) != 1:
                continue  # nobody in common: two accounts too far apart to be one event's sides
            found.append(
                EventConflict(
                    kind="actor",
                    mention_a=ma.mention_id,
                    mention_b=mb.mention_id,
                    reason=(
                        f"actor: {' and '.join(sorted(pa))} in "
                        f"{_outlet_of(ma.article_id, outlets)} vs {' and '.join(sorted(pb))} in "
                        f"{_outlet_of(mb.article_id, outlets)}"
                    ),
                )
            )
    return found


def majority(values: Sequence[str | None]) -> str | None:
    """The most common known value (the earliest among equals), None when none is known."""
    known = [v for v in values if v]
    if not known:
        return None
    counts = Counter(known)
    return max(known, key=lambda v: (counts[v], -known.index(v)))
