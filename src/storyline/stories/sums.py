"""An open story's running sums (TF-IDF term and entity vectors, lead vectors, dates, places,
people): what adding, removing or splitting off members does to them, in time proportional to
the members moved, never to the story's size. The engine (``stories.engine``) and the revision
(``stories.revision``) both change stories through these.
"""

from __future__ import annotations

import math
from collections import Counter

from storyline.stories.state import Member, OpenStory


def add_member(story: OpenStory, m: Member) -> None:
    """Add a member's article to the story's sums (its index keys are the engine's business)."""
    story.article_ids.append(m.article_id)
    story.titles[m.article_id] = m.title
    story.lex_norm = add_sparse(story.lex, m.lex, story.lex_norm)
    story.ent_norm = add_sparse(story.ent, m.ent, story.ent_norm)
    vec = m.vector
    story.vector_sum = vec.copy() if story.vector_sum is None else story.vector_sum + vec
    story.vectors[m.article_id] = vec
    if m.event_date is not None:
        story.dates.append(m.event_date)
        story.dates_changed()
    story.years.update(m.years)
    if m.published is not None:
        story.published.append(m.published)
    if m.place is not None:
        story.places[m.place] += 1
    story.people.update(m.people)
    for k, name in m.names.items():
        if len(name) > len(story.names.get(k, "")):
            story.names[k] = name


def add_part(a: OpenStory, b: OpenStory) -> None:
    """Add the sums of ``b`` (another story, or a piece split off one) into ``a``."""
    a.article_ids.extend(b.article_ids)
    a.titles.update(b.titles)
    a.lex_norm = add_sparse(a.lex, {k: v for k, v in b.lex.items()}, a.lex_norm)
    a.ent_norm = add_sparse(a.ent, {k: v for k, v in b.ent.items()}, a.ent_norm)
    if b.vector_sum is not None:
        a.vector_sum = b.vector_sum if a.vector_sum is None else a.vector_sum + b.vector_sum
    a.vectors.update(b.vectors)
    a.dates.extend(b.dates)
    a.dates_changed()
    a.years.update(b.years)
    a.published.extend(b.published)
    a.places.update(b.places)
    a.people.update(b.people)
    for k, name in b.names.items():
        if len(name) > len(a.names.get(k, "")):
            a.names[k] = name


def add_sparse(total: dict[str, float], vec: dict[str, float], norm: float) -> float:
    """Add ``vec`` into ``total`` in place and return the new norm, in O(len(vec))."""
    sq = norm * norm
    for k, v in vec.items():
        old = total.get(k, 0.0)
        new = old + v
        total[k] = new
        sq += new * new - old * old
    return math.sqrt(max(sq, 0.0))


def remove_member(story: OpenStory, m: Member) -> None:
    """Take a member out of a story's sums, exactly as ``add_member`` put it in.

    Its index keys stay posted under the story: a lookup then scores the story and finds it
    less alike, which costs a little and never loses a candidate."""
    story.article_ids.remove(m.article_id)
    del story.titles[m.article_id]
    story.lex_norm = subtract_sparse(story.lex, m.lex)
    story.ent_norm = subtract_sparse(story.ent, m.ent)
    if story.vector_sum is not None:
        story.vector_sum = story.vector_sum - m.vector if story.article_ids else None
    story.vectors.pop(m.article_id, None)
    if m.event_date is not None and m.event_date in story.dates:
        story.dates.remove(m.event_date)
        story.dates_changed()
    story.years.subtract(m.years)
    if m.published is not None and m.published in story.published:
        story.published.remove(m.published)
    if m.place is not None:
        story.places[m.place] -= 1
    story.people.subtract(m.people)
    for counter in (story.years, story.places, story.people):
        for k in [k for k, n in counter.items() if n <= 0]:
            del counter[k]


def remove_part(story: OpenStory, part: OpenStory) -> None:
    """Take a piece of a story (its older members, as ``copy_story`` and ``remove_member``
    leave them) out of the story's sums."""
    for aid in part.article_ids:
        story.article_ids.remove(aid)
        story.titles.pop(aid, None)
        story.vectors.pop(aid, None)
    story.lex_norm = subtract_sparse(story.lex, part.lex)
    story.ent_norm = subtract_sparse(story.ent, part.ent)
    if story.vector_sum is not None and part.vector_sum is not None:
        story.vector_sum = story.vector_sum - part.vector_sum if story.article_ids else None
    for day in part.dates:
        if day in story.dates:
            story.dates.remove(day)
    story.dates_changed()
    for moment in part.published:
        if moment in story.published:
            story.published.remove(moment)
    story.years.subtract(part.years)
    story.places.subtract(part.places)
    story.people.subtract(part.people)
    for counter in (story.years, story.places, story.people):
        for k in [k for k, n in counter.items() if n <= 0]:
            del counter[k]


def copy_story(story: OpenStory) -> OpenStory:
    """A copy whose sums can change without changing ``story``."""
    return OpenStory(
        story_id=story.story_id,
        founded_seq=story.founded_seq,
        article_ids=list(story.article_ids),
        titles=dict(story.titles),
        lex=dict(story.lex),
        lex_norm=story.lex_norm,
        ent=dict(story.ent),
        ent_norm=story.ent_norm,
        vector_sum=None if story.vector_sum is None else story.vector_sum.copy(),
        vectors=dict(story.vectors),
        dates=list(story.dates),
        years=Counter(story.years),
        published=list(story.published),
        places=Counter(story.places),
        people=Counter(story.people),
        names=dict(story.names),
        keys=set(story.keys),
        day=story.day,
    )


def subtract_sparse(total: dict[str, float], vec: dict[str, float]) -> float:
    """Take ``vec`` out of ``total`` in place (dropping what falls to rounding noise) and return
    the new norm."""
    for k, v in vec.items():
        new = total.get(k, 0.0) - v
        if abs(new) < 1e-9:
            total.pop(k, None)
        else:
            total[k] = new
    return math.sqrt(sum(v * v for v in total.values()))
