"""The local engine's side of the editor's corrections (``storyline.corrections``): making
them (``storyline correct``, the desk: check the request, store the record, apply it, in one
transaction) and respecting them (the stories stage applies every split, merge and move again
after it assigns new articles; the claims stage leaves out dismissed conflicts), over a store.
What takes records and returns records is ``storyline.corrections``'."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from storyline.corrections import (
    CONFLICT_KINDS,
    STORY_KINDS,
    CorrectionError,
    Redirects,
    describe,
    kept_conflicts,
    named,
    related_stories,
    support_keys,
)
from storyline.model import (
    Article,
    Claim,
    Conflict,
    Correction,
    CorrectionKind,
    Story,
    StoryAssignment,
    StoryChange,
    content_id,
)
from storyline.store import Store

# ---------------------------------------------------------------------------------------------
# making corrections (the edges)
# ---------------------------------------------------------------------------------------------


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def _record(store: Store, kind: CorrectionKind, note: str, **fields: object) -> Correction:
    seq = 1 + max((s for (s,) in store.columns(Correction, ["seq"])), default=0)
    made_at = _now()
    key = [kind, str(seq), made_at.isoformat()]
    key += [str(fields.get(f) or "") for f in ("story_id", "from_story_id", "conflict_id")]
    key += list(fields.get("article_ids", ()))  # type: ignore[call-overload]
    return Correction(
        correction_id=content_id("correction", *key),
        kind=kind,
        seq=seq,
        made_at=made_at,
        note=note.strip()[:2000],
        **fields,  # type: ignore[arg-type]
    )


def _story(store: Store, story_id: str) -> Story:
    story = store.get(Story, story_id)
    if story is None:
        raise CorrectionError(f"no story {story_id!r}")
    return story


def split_story(
    store: Store, story_id: str, article_ids: Sequence[str], note: str = ""
) -> Correction:
    """Take ``article_ids`` out of ``story_id`` into a story of their own."""
    story = _story(store, story_id)
    chosen = list(dict.fromkeys(article_ids))
    if not chosen:
        raise CorrectionError("a split needs the articles that leave the story")
    strangers = [a for a in chosen if a not in story.article_ids]
    if strangers:
        raise CorrectionError(f"not articles of {story_id}: {', '.join(strangers)}")
    if len(chosen) == len(story.article_ids):
        raise CorrectionError("a split must leave at least one article in the story")
    new_id = content_id("story", "split", story_id, *sorted(chosen))
    correction = _record(
        store, "split", note, story_id=story_id, new_story_id=new_id, article_ids=tuple(chosen)
    )
    return _store_and_apply(store, correction)


def merge_stories(store: Store, keep_id: str, other_id: str, note: str = "") -> Correction:
    """Fold ``other_id`` into ``keep_id``: its articles, and any a later run assigns to it."""
    if keep_id == other_id:
        raise CorrectionError("a story cannot be merged into itself")
    _story(store, keep_id)
    other = _story(store, other_id)
    # The articles it brings are kept with the record: the story page says who placed them.
    correction = _record(
        store, "merge", note, story_id=keep_id, from_story_id=other_id,
        article_ids=other.article_ids,
    )
    return _store_and_apply(store, correction)


def move_articles(
    store: Store, article_ids: Sequence[str], to_story_id: str, note: str = ""
) -> Correction:
    """Move articles (all of one story) to another story."""
    _story(store, to_story_id)
    chosen = list(dict.fromkeys(article_ids))
    if not chosen:
        raise CorrectionError("a move needs the articles to move")
    found = {a.article_id: a for a in store.get_many(StoryAssignment, chosen)}
    missing = [a for a in chosen if a not in found]
    if missing:
        raise CorrectionError(f"no article with a story: {', '.join(missing)}")
    sources = {found[a].story_id for a in chosen}
    if len(sources) != 1:
        raise CorrectionError("the articles of one move must come from one story")
    (from_id,) = sources
    if from_id == to_story_id:
        raise CorrectionError(f"the articles are already in {to_story_id}")
    correction = _record(
        store, "move", note, story_id=to_story_id, from_story_id=from_id, article_ids=tuple(chosen)
    )
    return _store_and_apply(store, correction)


def decide_conflict(
    store: Store, conflict_id: str, *, dismiss: bool, note: str = ""
) -> Correction:
    """Dismiss a conflict (it is no contradiction: it disappears now and is never raised
    again) or confirm it (an editor checked it). Confirming a dismissed conflict brings it
    back while its claims still exist."""
    conflict = store.get(Conflict, conflict_id)
    if conflict is None:
        earlier = [c for c in conflict_decisions(store) if c.conflict_id == conflict_id]
        if dismiss or not earlier or earlier[-1].conflict is None:
            raise CorrectionError(f"no conflict {conflict_id!r}")
        conflict = earlier[-1].conflict
    sides = {
        c.claim_id: tuple(support_keys(c))
        for c in store.get_many(Claim, [conflict.claim_a, conflict.claim_b])
    }
    correction = _record(
        store,
        "dismiss-conflict" if dismiss else "confirm-conflict",
        note,
        story_id=conflict.story_id,
        conflict_id=conflict.conflict_id,
        conflict=conflict,
        a_supports=sides.get(conflict.claim_a, ()),
        b_supports=sides.get(conflict.claim_b, ()),
    )
    with store.transaction():
        store.put([correction])
        if dismiss:
            store.delete(Conflict, [conflict.conflict_id])
        elif store.get(Conflict, conflict.conflict_id) is None and len(sides) == 2:
            store.put([conflict])
    return correction


def _store_and_apply(store: Store, correction: Correction) -> Correction:
    with store.transaction():
        store.put([correction])
        apply_story_corrections(store)
    return correction


# ---------------------------------------------------------------------------------------------
# respecting them (the stages' hooks), over a store
# ---------------------------------------------------------------------------------------------


def story_corrections(store: Store) -> list[Correction]:
    return sorted(
        (c for kind in STORY_KINDS for c in store.all(Correction, kind=kind)),
        key=lambda c: c.seq,
    )


def conflict_decisions(store: Store) -> list[Correction]:
    return sorted(
        (c for kind in CONFLICT_KINDS for c in store.all(Correction, kind=kind)),
        key=lambda c: c.seq,
    )


def _redirects(store: Store, corrections: Sequence[Correction]) -> Redirects:
    return Redirects(corrections, store.all(StoryChange))


def resolve_story(store: Store, story_id: str) -> str | None:
    """The story ``story_id`` is now (itself, or the one it was merged into); None when none
    exists."""
    if store.get(Story, story_id) is not None:
        return story_id
    live = _redirects(store, story_corrections(store)).live(story_id)
    return live if store.get(Story, live) is not None else None


def apply_story_corrections(store: Store) -> int:
    """Apply every split, merge and move, in the order they were made, on top of the stored
    assignments; rewrite the stories whose membership that changes. Returns how many articles
    it placed somewhere other than where they were. Idempotent: a second call changes nothing.
    """
    corrections = story_corrections(store)
    if not corrections:
        return 0
    redirects = _redirects(store, corrections)
    target: dict[str, str] = {}  # article -> the story an editor put it in
    for c in corrections:
        if c.kind == "split" and c.new_story_id:
            target.update(dict.fromkeys(c.article_ids, c.new_story_id))
        elif c.kind == "move" and c.story_id:
            target.update(dict.fromkeys(c.article_ids, c.story_id))
    involved = {a.article_id: a for a in store.get_many(StoryAssignment, target)}
    for gone in redirects.editor:
        involved.update((a.article_id, a) for a in store.all(StoryAssignment, story_id=gone))
    affected = {sid for c in corrections for sid in named(c)}
    moved = []
    for article_id, assignment in involved.items():
        now = redirects.live(target.get(article_id, assignment.story_id))
        affected.update((assignment.story_id, now))
        if now != assignment.story_id:
            moved.append(
                StoryAssignment(
                    article_id=article_id, story_id=now, seq=assignment.seq, score=assignment.score
                )
            )
    split_from = {
        c.new_story_id: redirects.live(c.story_id)
        for c in corrections
        if c.kind == "split" and c.new_story_id and c.story_id
    }
    with store.transaction():
        store.put(moved)
        for story_id in sorted(affected):
            _rewrite_story(store, story_id, split_from, redirects)
    return len(moved)


def _rewrite_story(
    store: Store, story_id: str, split_from: dict[str, str], redirects: Redirects
) -> None:
    """Make the story record list exactly the articles assigned to it (deleted when none)."""
    members = sorted(store.all(StoryAssignment, story_id=story_id), key=lambda a: a.seq)
    old = store.get(Story, story_id)
    if not members:
        if old is not None:
            store.delete(Story, [story_id])
        return
    ids = tuple(a.article_id for a in members)
    articles = {a.article_id: a for a in store.get_many(Article, ids)}
    parent = store.get(Story, split_from.get(story_id, ""))
    described = describe(story_id, ids, articles, old, parent)
    related = related_stories(described, split_from, redirects)
    story = Story(
        story_id=story_id,
        title=described.title,
        article_ids=ids,
        start=described.start,
        end=described.end,
        place=described.place,
        participants=described.participants,
        related=related,
    )
    if story != old:
        store.put([story])


def without_dismissed(
    store: Store, conflicts: Sequence[Conflict], claims: Sequence[Claim]
) -> list[Conflict]:
    """``conflicts`` less those an editor dismissed (and did not confirm since)."""
    return kept_conflicts(conflict_decisions(store), conflicts, claims)
