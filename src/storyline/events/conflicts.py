"""Where the mentions of one event still disagree (conflicts_of), and the majority value an
event takes of its mentions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from storyline.events.keys import main_actors
from storyline.model import EventConflict, EventMention


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
