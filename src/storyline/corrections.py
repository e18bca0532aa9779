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
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from storyline.errors import StorylineError
from storyline.model import (
    Article,
    Claim,
    Conflict,
    Correction,
    CorrectionKind,
    RelatedStory,
    Story,
    StoryAssignment,
    StoryChange,
    content_id,
)
from storyline.store import Store

STORY_KINDS: tuple[CorrectionKind, ...] = ("split", "merge", "move")
CONFLICT_KINDS: tuple[CorrectionKind, ...] = ("dismiss-conflict", "confirm-conflict")

# What a story made by an editor's split says about the story it came from, and the other way.
SPLIT_FROM = "split from it by an editor"
SPLIT_OFF = "split off by an editor"


class CorrectionError(StorylineError):
    """A correction that cannot be made: an unknown story, article or conflict, or one that
    would change nothing."""


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
        c.claim_id: tuple(_support_keys(c))
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
# respecting them (the stages' hooks)
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


class _Redirects:
    """Where a story's articles now live: through the editor's merges, then the engine's."""

    def __init__(self, store: Store, corrections: Iterable[Correction]) -> None:
        self.editor = {
            c.from_story_id: c.story_id
            for c in corrections
            if c.kind == "merge" and c.from_story_id and c.story_id
        }
        # A story the engine merged or revised away goes to the story most of its articles
        # went to (the first result), as ``query.current_story_id`` follows it.
        self.engine = {
            gone: change.result_ids[0]
            for change in store.all(StoryChange)
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


def resolve_story(store: Store, story_id: str) -> str | None:
    """The story ``story_id`` is now (itself, or the one it was merged into); None when none
    exists."""
    if store.get(Story, story_id) is not None:
        return story_id
    live = _Redirects(store, story_corrections(store)).live(story_id)
    return live if store.get(Story, live) is not None else None


def apply_story_corrections(store: Store) -> int:
    """Apply every split, merge and move, in the order they were made, on top of the stored
    assignments; rewrite the stories whose membership that changes. Returns how many articles
    it placed somewhere other than where they were. Idempotent: a second call changes nothing.
    """
    corrections = story_corrections(store)
    if not corrections:
        return 0
    redirects = _Redirects(store, corrections)
    target: dict[str, str] = {}  # article -> the story an editor put it in
    for c in corrections:
        if c.kind == "split" and c.new_story_id:
            target.update(dict.fromkeys(c.article_ids, c.new_story_id))
        elif c.kind == "move" and c.story_id:
            target.update(dict.fromkeys(c.article_ids, c.story_id))
    involved = {a.article_id: a for a in store.get_many(StoryAssignment, target)}
    for gone in redirects.editor:
        involved.update((a.article_id, a) for a in store.all(StoryAssignment, story_id=gone))
    affected = {sid for c in corrections for sid in _named(c)}
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


def _named(c: Correction) -> list[str]:
    return [s for s in (c.story_id, c.from_story_id, c.new_story_id) if s]


def _rewrite_story(
    store: Store, story_id: str, split_from: dict[str, str], redirects: _Redirects
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
    described = _describe(story_id, ids, articles, old, parent)
    related = _related(store, described, split_from, redirects)
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


def _describe(
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


def _related(
    store: Store, story: Story, split_from: dict[str, str], redirects: _Redirects
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


def _support_keys(claim: Claim) -> list[str]:
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
    keys_a, keys_b = set(_support_keys(a)), set(_support_keys(b))
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


def without_dismissed(
    store: Store, conflicts: Sequence[Conflict], claims: Sequence[Claim]
) -> list[Conflict]:
    """``conflicts`` less those an editor dismissed (and did not confirm since)."""
    return kept_conflicts(conflict_decisions(store), conflicts, claims)


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
