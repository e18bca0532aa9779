"""Revision: re-decide the recent articles' stories with the whole window's evidence.

The online engine decides each article once, against the stories that exist when it arrives:
the first report of a second event of one kind (a second earthquake, a second heist) arrives
before its own story exists and joins the first one's. A revision looks again at the articles
of the stories the latest arrivals came near, all at once:

1. every pair of them gets the online score, article to article (content, time or years,
   shared leads); members of those stories older than the window stay put and count as one
   item, scored like a story (the engine's ``match``);
2. each article's *neighbours* are its ``revise_neighbours`` best-scoring items scoring at least
   ``revise_neighbour_score``; two articles whose neighbourhoods overlap are told by everything
   around them, not only by each other, which is what separates two events of one kind: each
   event's reports are each other's closest, while the first report of the second event scores
   a little lower against each of the first's (benchmarks/stories_quality.py: average link
   over the pair score alone 0.889 on ECB+ dev, with shared neighbours 0.954);
3. average link groups the items until no two groups average ``revise_threshold``;
4. the groups are mapped onto the stories: a story's ID goes to the group holding most of its
   articles (so a story keeps its ID whenever most of its articles stay together), the oldest
   story's where a group holds most of several; a group that is no story's heir gets a new
   ID from its earliest article; every story that lost articles gets a ``StoryChange`` (a
   story gone names its successor).

The cost is that of the window's part around the latest arrivals, never the corpus. The
scores, the shared neighbours and the average link are ``stories.pair_scores``; this module is
the pass over an engine: which items, anchors for older members, and what the groups change.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np
import numpy.typing as npt

from storyline.model import StoryChange, content_id
from storyline.stories.engine import revises
from storyline.stories.pair_scores import (
    APART,
    Matrix,
    average_link,
    content_scores,
    frame_conflicts,
    pair_scores,
    shared_neighbours,
)
from storyline.stories.state import Member, OpenStory
from storyline.stories.sums import copy_story, remove_member

if TYPE_CHECKING:
    from storyline.stories.engine import StoryEngine
    from storyline.stories.features import ArticleFeatures


@dataclass(frozen=True, slots=True, kw_only=True)
class Revision:
    """What one revision looked at and what it changed."""

    articles: int  # window articles re-decided
    anchors: int  # stories with older members, each one item
    moved: int  # articles now in another story
    changes: int  # StoryChange records written


NO_REVISION = Revision(articles=0, anchors=0, moved=0, changes=0)


def revise(engine: StoryEngine, everything: bool = False) -> Revision:
    """Re-decide the stories of the articles that arrived since the last revision (and of the
    stories they came near); with ``everything``, of every article in the window."""
    cfg = engine.cfg
    near = {engine.live(s) for s in engine.near}
    engine.pending.clear()
    engine.near.clear()
    if not revises(cfg):
        return NO_REVISION
    low = engine.window_low()
    if everything:
        near = {engine.live(a.story_id) for a in engine.assignment.values() if a.seq >= low}
    stories = sorted(
        (engine.state(s) for s in near if engine.exists(s)),
        key=lambda s: (s.founded_seq, s.story_id),
    )
    if not stories:
        return NO_REVISION
    engine.trim_window()
    found = engine.members([a for s in stories for a in s.article_ids])
    members = sorted(found.values(), key=lambda m: m.seq)
    if not members:
        return NO_REVISION
    anchors: list[OpenStory] = []
    for story in stories:
        older = [found[a] for a in story.article_ids if a in found]
        if len(older) < len(story.article_ids):
            anchors.append(_without(story, older))
    content, conflicts, score = _item_scores(engine, members, anchors)
    shared = shared_neighbours(
        score, cfg.revise_neighbours, cfg.revise_neighbour_score, conflicts
    )
    similarity = cfg.revise_shared_weight * shared + (1 - cfg.revise_shared_weight) * score
    n = len(members)
    similarity[n:, n:] = APART  # two stories' older members stay in two stories
    groups = average_link(similarity, cfg.revise_threshold, score, cfg.revise_floor)
    return _apply(engine, stories, members, anchors, groups, content, score)


def _without(story: OpenStory, members: Sequence[Member]) -> OpenStory:
    """The story as its members older than the window make it."""
    older = copy_story(story)
    for m in members:
        remove_member(older, m)
    return older


def _item_scores(
    engine: StoryEngine, members: Sequence[Member], anchors: Sequence[OpenStory]
) -> tuple[Matrix, npt.NDArray[np.bool_], Matrix]:
    """Content scores, frame conflicts and full pair scores over the items: members first, then
    anchors, each anchor scored as a story is (its sums, its median date, its years)."""
    cfg = engine.cfg
    n = len(members)
    items = list(members) + [_as_item(a, members) for a in anchors]
    content = content_scores(items, cfg)
    conflicts = frame_conflicts(items) if cfg.weight_frame else np.zeros((len(items),) * 2, bool)
    score = pair_scores(items, content, cfg, conflicts)
    score[n:, n:] = APART
    return content, conflicts, score


def _as_item(anchor: OpenStory, members: Sequence[Member]) -> Member:
    """An anchor as one item: its sums stand for its articles (cosines normalise them)."""
    assert anchor.vector_sum is not None
    frozen = set(anchor.article_ids)
    return Member(
        article_id=f"anchor:{anchor.story_id}",
        seq=anchor.founded_seq,
        title="",
        published=None,
        event_date=anchor.event_day(),
        years=frozenset(anchor.years),
        lex=anchor.lex,
        ent=anchor.ent,
        keys=(),
        names={},
        people=frozenset(anchor.people),
        place=anchor.main_place(),
        # The window members sharing their lead with one of its articles.
        lead_copies=frozenset(m.article_id for m in members if m.lead_copies & frozen),
        vector=anchor.vector_sum,
    )


def _apply(
    engine: StoryEngine,
    stories: Sequence[OpenStory],
    members: Sequence[Member],
    anchors: Sequence[OpenStory],
    groups: Sequence[Sequence[int]],
    content: Matrix,
    score: Matrix,
) -> Revision:
    n = len(members)
    before = {s.story_id: s for s in stories}
    size = {s.story_id: len(s.article_ids) for s in stories}
    story_of = {a: s.story_id for s in stories for a in s.article_ids}
    owner = [story_of[m.article_id] for m in members] + [a.story_id for a in anchors]
    weight = [1] * n + [len(a.article_ids) for a in anchors]

    # The group holding most of a story's articles keeps its ID (a tie goes to the group with
    # its first article); a group that is the heir of several stories keeps the oldest's ID.
    group_of = {item: g for g, group in enumerate(groups) for item in group}
    item_of = {m.article_id: i for i, m in enumerate(members)}
    item_of.update((a.article_ids[0], j) for j, a in enumerate(anchors, start=n))
    held: list[Counter[str]] = []
    for group in groups:
        counts: Counter[str] = Counter()
        for item in group:
            counts[owner[item]] += weight[item]
        held.append(counts)
    heirs: dict[int, list[str]] = defaultdict(list)
    for sid, story in before.items():
        first = group_of.get(item_of.get(story.article_ids[0], -1), -1)
        best = max(range(len(groups)), key=lambda g: (held[g][sid], g == first, -g))
        heirs[best].append(sid)
    ids: list[str] = []
    for g, group in enumerate(groups):
        claims = sorted(heirs.get(g, []), key=lambda s: (before[s].founded_seq, s))
        ids.append(claims[0] if claims else _new_id(engine, group, members, anchors, set(ids)))
    target = {item: ids[g] for g, group in enumerate(groups) for item in group}

    # New stories, then every moving member out of its story and into its group's.
    for g, group in enumerate(groups):
        if ids[g] not in before:
            first = min(_first_seq(engine, item, members, anchors) for item in group)
            engine.stories[ids[g]] = OpenStory(story_id=ids[g], founded_seq=first)
    moving = [i for i in range(n) if target[i] != owner[i]]
    for i in moving:
        engine.unjoin(engine.stories[owner[i]], members[i])
    for group in groups:
        mates = list(group)
        for i in (i for i in group if i < n and target[i] != owner[i]):
            engine.join(engine.stories[target[i]], members[i])
            fit = [score[i, j] for j in mates if j != i]
            engine.move(members[i].article_id, target[i], float(np.mean(fit)) if fit else 0.0)
    # Older members follow their anchor when its group took another story's ID.
    for j, anchor in enumerate(anchors, start=n):
        if target[j] != anchor.story_id:
            engine.transfer(anchor, engine.stories[anchor.story_id], engine.stories[target[j]])

    went: dict[str, Counter[str]] = defaultdict(Counter)
    for item, dest in target.items():
        went[owner[item]][dest] += weight[item]
    changes = _record(engine, before, size, went, n)
    changed = {target[i] for i in moving} | {owner[i] for i in moving}
    changed |= {target[j] for j in range(n, len(owner)) if target[j] != owner[j]}
    _relate(engine, groups, ids, members, anchors, content, changed)
    return Revision(articles=n, anchors=len(anchors), moved=len(moving), changes=changes)


def _group_of(groups: Sequence[Sequence[int]], item: int) -> Sequence[int]:
    return next(g for g in groups if item in g)


def _first_seq(
    engine: StoryEngine, item: int, members: Sequence[Member], anchors: Sequence[OpenStory]
) -> int:
    if item < len(members):
        return members[item].seq
    return anchors[item - len(members)].founded_seq


def _new_id(
    engine: StoryEngine,
    group: Sequence[int],
    members: Sequence[Member],
    anchors: Sequence[OpenStory],
    taken: set[str],
) -> str:
    """A story ID for a group that holds most of no story: from its earliest article, as for
    a story an article founds, unless that ID is or was in use (then from every member)."""
    n = len(members)
    articles = [members[i] for i in group if i < n]
    older = [anchors[i - n] for i in group if i >= n]
    earliest = min(
        [(m.seq, m.article_id) for m in articles]
        + [(engine.assignment[a.article_ids[0]].seq, a.article_ids[0]) for a in older]
    )[1]
    sid = content_id("story", earliest)
    if sid in taken or sid in engine.merged_into or engine.exists(sid):
        every = sorted([m.article_id for m in articles] + [a for s in older for a in s.article_ids])
        sid = content_id("story", earliest, *every)
    return sid


def _record(
    engine: StoryEngine,
    before: dict[str, OpenStory],
    size: dict[str, int],
    went: dict[str, Counter[str]],
    n: int,
) -> int:
    """One StoryChange per story that lost articles; a story left empty is dropped and leads
    to the story most of its articles went to."""
    recorded = 0
    for sid in sorted(before, key=lambda s: (before[s].founded_seq, s)):
        dests = went.get(sid, Counter())
        if set(dests) <= {sid}:
            continue
        ranked = sorted(dests, key=lambda d: (-dests[d], d))
        gone = sid not in dests
        if gone:
            engine.drop(sid, ranked[0])
        moved = sum(c for d, c in dests.items() if d != sid)
        where = ", ".join(f"{dests[d]} to {d}" for d in ranked if d != sid)
        reason = (
            f"revision of the {n} most recent articles near it: {moved} of its {size[sid]} "
            f"articles fit another story better ({where})"
        )
        if gone and len(ranked) == 1:
            dest = ranked[0]
            kind: Literal["merge", "split"] = "merge"
            story_ids: tuple[str, ...] = (dest, sid) if dest in before else (sid,)
            result_ids: tuple[str, ...] = (dest,)
        else:
            kind = "split"
            story_ids, result_ids = (sid,), tuple(ranked)
        engine.changes.append(
            StoryChange(
                change_id=content_id("change", kind, *story_ids, *result_ids, str(engine.seq)),
                kind=kind,
                story_ids=story_ids,
                result_ids=result_ids,
                reason=reason,
            )
        )
        recorded += 1
    return recorded


def _relate(
    engine: StoryEngine,
    groups: Sequence[Sequence[int]],
    ids: Sequence[str],
    members: Sequence[Member],
    anchors: Sequence[OpenStory],
    content: Matrix,
    changed: set[str],
) -> None:
    """Groups whose articles are alike in content on average (``related_threshold``) but are
    two stories are related, by the people they share. Only pairs with a story the revision
    changed: the others were related when they took their shape, and rewriting their records
    (headlines read from every member's vector) is most of what a revision would cost."""
    if len(groups) < 2 or not changed:
        return
    total = content.shape[0]
    indicator = np.zeros((total, len(groups)))
    for g, group in enumerate(groups):
        indicator[group, g] = 1.0
    sums = indicator.T @ content @ indicator
    counts = indicator.sum(axis=0)
    mean = sums / np.outer(counts, counts)
    n = len(members)
    people: list[set[str]] = []
    for group in groups:
        found: set[str] = set()
        for item in group:
            found |= set(members[item].people) if item < n else set(anchors[item - n].people)
        people.append(found)
    for a in range(len(groups)):
        for b in range(a + 1, len(groups)):
            if ids[a] == ids[b] or mean[a, b] < engine.cfg.related_threshold:
                continue
            if ids[a] not in changed and ids[b] not in changed:
                continue
            pair = (min(ids[a], ids[b]), max(ids[a], ids[b]))
            shared = sorted(people[a] & people[b])
            for person in shared:
                engine.related[pair][person] += 1
            if not shared:
                engine.related[pair]["<background>"] += 1
            engine.touched.update(pair)


def add_batch(
    engine: StoryEngine,
    features: Sequence[ArticleFeatures],
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Add a batch in arrival order with a revision every ``revise_every`` arrivals and one
    after the last (none with ``revise_every`` 0: then only ``revise_stories`` revises);
    returns how many articles the revisions moved. ``progress`` is told ``(added, total)``."""
    from storyline.stories.features import arrival_order

    engine.observe(features)
    moved = 0
    every = engine.cfg.revise_every
    for added, f in enumerate(arrival_order(features)):
        if progress is not None and added % 50 == 0:
            progress(added, len(features))
        engine.add(f)
        if every > 0 and len(engine.pending) >= every:
            moved += revise(engine).moved
    if every > 0 and engine.pending:
        moved += revise(engine).moved
    engine.pending.clear()  # with revise_every 0, revisions run only when asked
    engine.near.clear()
    return moved
