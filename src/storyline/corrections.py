"""The editor's hand: splits, merges and moves of stories, dismissed and confirmed conflicts.

An editor's correction is a :class:`~storyline.model.Correction` record of its own, never an edit
of what a stage computed, so the stages may recompute everything and the editor's word still
stands. Two small hooks make every later run respect it:

- the stories stage calls :func:`apply_story_corrections` after it has assigned new articles:
  each split, merge and move is applied again, in the order the editor made them, on top of what
  the engine decided (the engine's own state is left alone: it keeps scoring arrivals as it
  did, and whatever it assigns to a story the editor merged away is moved to the story it was
  merged into);
- the claims stage passes a story's fresh conflicts through :func:`without_dismissed` before it
  stores them, so a dismissed conflict is never raised again, even when the story's claims were
  recomputed under new IDs: a conflict is recognised by its kind and the sentences of its two
  sides.

The edges (``storyline correct``, the desk) call :func:`split_story`, :func:`merge_stories`,
:func:`move_articles` and :func:`decide_conflict`, which check the request, store the record and
apply it at once, in one transaction. They should hold the store's writer lock
(``store.exclusive()``) around the call, so that a running ``storyline run`` and a correction
never interleave.

This module is the part that takes records and returns records (where a story's articles now
live, a rewritten story's description, which conflict a decision was about); the reads and
writes of the store, the edges' functions and the hooks above among them, are the local
engine's (``engines/local_corrections.py``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from storyline.errors import StorylineError
from storyline.model import (
    Article,
    Claim,
    Conflict,
    Correction,
    CorrectionKind,
    RelatedStory,
    Story,
    StoryChange,
)

STORY_KINDS: tuple[CorrectionKind, ...] = ("split", "merge", "move")
CONFLICT_KINDS: tuple[CorrectionKind, ...] = ("dismiss-conflict", "confirm-conflict")

# What a story made by an editor's split says about the story it came from, and the other way.
SPLIT_FROM = "split from it by an editor"
SPLIT_OFF = "split off by an editor"


class CorrectionError(StorylineError):
    """A correction that cannot be made: an unknown story, article or conflict, or one that
    would change nothing."""


# ---------------------------------------------------------------------------------------------
# respecting them: the parts of the stages' hooks that take records
# ---------------------------------------------------------------------------------------------


class Redirects:
    """Where a story's articles now live: through the editor's merges, then the engine's."""

    def __init__(
        self, corrections: Iterable[Correction], changes: Iterable[StoryChange]
    ) -> None:
        self.editor = {
            c.from_story_id: c.story_id
            for c in corrections
            if c.kind == "merge" and c.from_story_id and c.story_id
        }
        # A story the engine merged or revised away goes to the story most of its articles
        # went to (the first result), as ``query.current_story_id`` follows it.
        self.engine = {
            gone: change.result_ids[0]
            for change in changes
            for gone in change.story_ids
            if change.result_ids and gone not in change.result_ids
        }

    def live(self, story_id: str) -> str:
        seen = {story_id}
        while True:
            nxt = self.editor.get(story_id) or self.engine.get(story_id)
            if nxt is None or nxt in seen:
                return story_id
            seen.add(nxt)
            story_id = nxt


def named(c: Correction) -> list[str]:
    return [s for s in (c.story_id, c.from_story_id, c.new_story_id) if s]


def describe(
    story_id: str,
    ids: Sequence[str],
    articles: dict[str, Article],
    old: Story | None,
    parent: Story | None,
) -> Story:
    """Title, span, place and participants of a story whose membership an editor changed: the
    stored description where it still holds, else read off its own articles (a story made by a
    split takes the participants of the story it left that its articles name)."""
    members = [articles[a] for a in ids if a in articles]
    dates = sorted(
        a.published.replace(tzinfo=None) for a in members if a.published is not None
    )
    titles = [a.title for a in members if a.title]
    title = old.title if old is not None and old.title in titles else (titles or [""])[0]
    if not title and old is not None:
        title = old.title
    places = Counter(a.place for a in members if a.place)
    if old is not None:
        place, participants = old.place, old.participants
    else:
        place = places.most_common(1)[0][0] if places else (parent.place if parent else None)
        text = " ".join(a.text for a in members)
        participants = tuple(
            p for p in (parent.participants if parent else ()) if p.split()[-1] in text
        )
    return Story(
        story_id=story_id,
        title=title or story_id,
        article_ids=tuple(ids),
        start=dates[0] if dates else (old.start if old else None),
        end=dates[-1] if dates else (old.end if old else None),
        place=place,
        participants=participants,
        related=old.related if old is not None else (),
    )


def related_stories(
    story: Story, split_from: dict[str, str], redirects: Redirects
) -> tuple[RelatedStory, ...]:
    """The stored relations followed through merges, plus the link between a story made by a
    split and the story it left."""
    out: dict[str, RelatedStory] = {}
    parent = split_from.get(story.story_id)
    if parent is not None and parent != story.story_id:
        out[parent] = RelatedStory(story_id=parent, reason=SPLIT_FROM)
    for child, source in split_from.items():
        if source == story.story_id and child != story.story_id:
            out.setdefault(child, RelatedStory(story_id=child, reason=SPLIT_OFF))
    for r in story.related:
        live = redirects.live(r.story_id)
        if live != story.story_id and live not in out:
            out[live] = RelatedStory(story_id=live, reason=r.reason)
    return tuple(out.values())


# ---------------------------------------------------------------------------------------------
# conflicts
# ---------------------------------------------------------------------------------------------


def support_keys(claim: Claim) -> list[str]:
    return [f"{s.article_id}:{s.start}:{s.end}" for s in claim.supports]


def same_disagreement(decision: Correction, conflict: Conflict, claims: dict[str, Claim]) -> bool:
    """Whether ``conflict`` is the one ``decision`` was about: the same record, or the same kind
    between claims that share a sentence with each side (the claims of a recomputed story get
    new IDs when a new article supports them; the sentences that disagree stay)."""
    if decision.conflict_id == conflict.conflict_id:
        return True
    if decision.conflict is None or decision.conflict.kind != conflict.kind:
        return False
    a, b = claims.get(conflict.claim_a), claims.get(conflict.claim_b)
    if a is None or b is None:
        return False
    keys_a, keys_b = set(support_keys(a)), set(support_keys(b))
    sides = set(decision.a_supports), set(decision.b_supports)
    return bool(
        (keys_a & sides[0] and keys_b & sides[1]) or (keys_a & sides[1] and keys_b & sides[0])
    )


def decision_on(
    decisions: Sequence[Correction], conflict: Conflict, claims: dict[str, Claim]
) -> Correction | None:
    """The editor's latest word on ``conflict`` (``decisions`` in the order they were made)."""
    for decision in reversed(decisions):
        if same_disagreement(decision, conflict, claims):
            return decision
    return None


def kept_conflicts(
    decisions: Sequence[Correction], conflicts: Sequence[Conflict], claims: Sequence[Claim]
) -> list[Conflict]:
    """``conflicts`` less those the editor's ``decisions`` (in the order they were made)
    dismissed and did not confirm since."""
    if not decisions:
        return list(conflicts)
    by_id = {c.claim_id: c for c in claims}
    kept = []
    for conflict in conflicts:
        decision = decision_on(decisions, conflict, by_id)
        if decision is None or decision.kind != "dismiss-conflict":
            kept.append(conflict)
    return kept
