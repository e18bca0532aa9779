"""A story's record as the engine's state makes it: its most central headline, its span, place
and participants, and the related stories it links to (folded onto the stories that survived
merges, reading the same from both ends)."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from datetime import datetime

import numpy as np

from storyline.config import StoryConfig
from storyline.model import RelatedStory, Story
from storyline.stories.features import MAX_HEADLINE_CHARS, naive
from storyline.stories.state import OpenStory, Vector


def related_links(
    related: dict[tuple[str, str], Counter[str]], live: Callable[[str], str]
) -> dict[str, dict[str, Counter[str]]]:
    """Related pairs folded onto the stories that survived merges, both directions."""
    links: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    for (a, b), reasons in sorted(related.items()):
        a, b = live(a), live(b)
        if a != b:
            links[a][b].update(reasons)
            links[b][a].update(reasons)
    return links


def related_stories(
    story: OpenStory, links: dict[str, Counter[str]], state: Callable[[str], OpenStory]
) -> tuple[RelatedStory, ...]:
    """The stories ``story`` links to, in founding order, each with why."""
    out: list[RelatedStory] = []
    names = story.names
    for other in sorted(links, key=lambda o: state(o).founded_seq):
        people = [k for k in sorted(links[other]) if k != "<background>"]
        other_names = state(other).names
        if people:
            # The fuller of the two stories' names for a person, so the link reads the
            # same from both ends ("Shehbaz Sharif" against "Muhammad Shehbaz Sharif").
            shown = [
                max(names.get(k, ""), other_names.get(k, ""), key=len) or k for k in people[:4]
            ]
            reason = "shared participants: " + ", ".join(shown)
        else:
            reason = "shared background"
        out.append(RelatedStory(story_id=other, reason=reason))
    return tuple(out)


def story_record(
    s: OpenStory,
    related: tuple[RelatedStory, ...],
    cfg: StoryConfig,
    stored_vectors: Callable[[Sequence[str]], dict[str, Vector]] | None = None,
) -> Story:
    """The record of one open story; ``stored_vectors`` loads members' lead vectors the
    engine has not read yet (a run over stored state)."""
    # The most central headline: the member whose vector is closest to the story's mean.
    assert s.vector_sum is not None
    missing = [aid for aid in s.article_ids if aid not in s.vectors]
    if missing and stored_vectors is not None:
        s.vectors.update(stored_vectors(missing))
    # A member whose stored vector is gone (or of another model) cannot be central, and a
    # "title" that is a whole first paragraph (a text file with no headline line) is no
    # headline when a member has one.
    with_vectors = [aid for aid in s.article_ids if aid in s.vectors] or s.article_ids[:1]
    with_vectors = [
        aid for aid in with_vectors if len(s.titles[aid]) <= MAX_HEADLINE_CHARS
    ] or with_vectors
    central = max(
        with_vectors,
        key=lambda aid: (
            float(np.dot(s.vectors[aid], s.vector_sum)) if aid in s.vectors else 0.0,  # type: ignore[arg-type]
            aid,
        ),
    )
    start = end = None
    if s.published:
        start, end = min(s.published, key=naive), max(s.published, key=naive)
    elif s.dates:
        start = datetime.combine(min(s.dates), datetime.min.time())
        end = datetime.combine(max(s.dates), datetime.min.time())
    place = s.main_place()
    need = max(1, math.ceil(len(s.article_ids) * cfg.participant_share))
    # Ties broken by name, not by insertion order, so every run lists them alike.
    ranked = sorted(s.people.items(), key=lambda kv: (-kv[1], s.names.get(kv[0], kv[0])))
    people = [k for k, n in ranked if n >= need][: cfg.max_participants]
    return Story(
        story_id=s.story_id,
        title=s.titles[central],
        article_ids=tuple(s.article_ids),
        start=start,
        end=end,
        place=_as_named(s.names.get(place, place)) if place else None,
        participants=tuple(s.names.get(k, k) for k in people),
        related=related,
    )


def _as_named(name: str) -> str:
    """A place as a reader writes it: a dateline's capitals ("WASHINGTON", "KANSAS CITY") in
    title case; short all-capital names are abbreviations and stay ("U.S.", "UAE")."""
    letters = [c for c in name if c.isalpha()]
    if len(letters) > 4 and name.isupper():
        return name.title()
    return name
