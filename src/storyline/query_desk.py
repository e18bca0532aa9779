"""The read side of the desk (``storyline serve``): what the web pages and the REST API show.

Everything here is data for both edges: rows with the field names of the exports (a story's
row is the row of ``storyline export stories --per story``, a claim's the row of ``export
claims``...), plus what only the desk shows: why each article is in its story, what related
stories share, the spans to highlight in an article, an entity's stories, the editor's
corrections. Reads are narrow (a page of stories, one story's records) so that a page costs what
it shows, not what the store holds (``benchmarks/desk_speed.py``).

This module has the stories (the listing, one story, its conflicts and corrections);
``query_desk_why`` says why each article is in its story and what related stories share;
``query_desk_records`` has the article, entity and search pages.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from storyline.config import StoryConfig
from storyline.corrections import decision_on
from storyline.engines.local_corrections import conflict_decisions, resolve_story
from storyline.export import Row
from storyline.model import (
    Analysis,
    Article,
    Claim,
    Conflict,
    Correction,
    Story,
    StoryAssignment,
    StorySummary,
    Support,
)
from storyline.query import (
    StoryView,
    families_of,
    list_stories,
    story_view,
)
from storyline.query_desk_why import article_reasons, related_rows
from storyline.query_rows import (
    Names,
    aligned_quote_row,
    claim_row,
    conflict_partners,
    conflict_row,
    family_row,
    story_list_row,
    summary_sentence_rows,
)
from storyline.store import Store
from storyline.store.codec import to_data

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
StoryOrder = Literal["newest", "oldest", "largest"]


# ---------------------------------------------------------------------------------------------
# the front page: stories, filtered and paged
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryQuery:
    """Which stories a listing shows; the defaults keep every story, newest first."""

    since: datetime | None = None  # still running at or after this moment
    until: datetime | None = None  # begun at or before this moment
    place: str | None = None  # place contains this (case does not matter)
    participant: str | None = None  # a participant's name contains this
    outlet: str | None = None  # an article's outlet contains this
    text: str | None = None  # title, place or a participant contains this
    min_articles: int = 0
    order: StoryOrder = "newest"
    offset: int = 0
    limit: int = DEFAULT_LIMIT


def _naive(moment: datetime) -> datetime:
    return moment.replace(tzinfo=None) if moment.tzinfo is not None else moment


def contains(value: str | None, wanted: str | None) -> bool:
    """Whether ``value`` contains ``wanted``, case aside (no filter when ``wanted`` is None)."""
    return wanted is None or (value is not None and wanted.casefold() in value.casefold())


def _order(stories: list[Story], order: StoryOrder) -> list[Story]:
    if order == "oldest":
        return stories  # founding order, as `storyline stories` lists them
    if order == "largest":
        return sorted(stories, key=lambda s: -len(s.article_ids))
    dated = [s for s in stories if (s.end or s.start) is not None]
    undated = [s for s in stories if (s.end or s.start) is None]
    dated.sort(key=lambda s: _naive(s.end or s.start), reverse=True)  # type: ignore[arg-type]
    return dated + undated


def _moment(text: object) -> datetime | None:
    return _naive(datetime.fromisoformat(text)) if isinstance(text, str) and text else None


def _matching_ids(store: Store, q: StoryQuery) -> list[str]:
    """The stories matching ``q`` in its order, for the filters the story table's columns
    answer (dates, place, size): no story is decoded, so a listing of a large store reads one
    page of stories, not all of them."""
    counts: dict[str | None, int] = (
        store.count_by(StoryAssignment, "story_id")
        if q.min_articles > 0 or q.order == "largest" else {}
    )
    since = _naive(q.since) if q.since is not None else None
    until = _naive(q.until) if q.until is not None else None
    kept: list[tuple[str, datetime | None]] = []
    for sid, start_text, end_text, place in store.columns(
        Story, ["story_id", "start", "end", "place"]
    ):
        start, end = _moment(start_text), _moment(end_text)
        # As list_stories: still running at or after ``since``; an undated story always is.
        if since is not None and end is not None and end < since:
            continue
        if until is not None and start is not None and start > until:
            continue
        if not contains(place, q.place) or counts.get(sid, 0) < q.min_articles:
            continue
        kept.append((str(sid), end or start))
    if q.order == "largest":
        return [sid for sid, _ in sorted(kept, key=lambda k: -counts.get(k[0], 0))]
    if q.order == "oldest":
        return [sid for sid, _ in kept]  # founding order, as `storyline stories` lists them
    dated = sorted(
        ((sid, when) for sid, when in kept if when is not None),
        key=lambda k: k[1],
        reverse=True,
    )
    return [sid for sid, _ in dated] + [sid for sid, when in kept if when is None]


def _matching_stories(store: Store, q: StoryQuery) -> list[Story]:
    """Every story matching ``q`` in its order, decoded: for the filters on what only the
    records hold (participants, titles, outlets)."""
    stories = [
        s
        for s in list_stories(store, q.since)
        if len(s.article_ids) >= q.min_articles
        and (q.until is None or s.start is None or _naive(s.start) <= _naive(q.until))
        and contains(s.place, q.place)
        and (q.participant is None or any(contains(p, q.participant) for p in s.participants))
        and (
            q.text is None
            or any(contains(f, q.text) for f in (s.title, s.place, *s.participants))
        )
    ]
    if q.outlet:
        every = Names(store)
        stories = [
            s
            for s in stories
            if any(contains(every.outlet.get(a, a), q.outlet) for a in s.article_ids)
        ]
    return _order(stories, q.order)


def story_page(store: Store, q: StoryQuery) -> Row:
    """``total`` stories match ``q``; ``stories`` are the rows of those from ``offset``."""
    offset, limit = max(0, q.offset), max(0, min(q.limit, MAX_LIMIT))
    if q.participant or q.text or q.outlet:
        stories = _matching_stories(store, q)
        total, shown = len(stories), stories[offset : offset + limit]
    else:
        ids = _matching_ids(store, q)
        total, page_ids = len(ids), ids[offset : offset + limit]
        found = {s.story_id: s for s in store.get_many(Story, page_ids)}
        shown = [found[i] for i in page_ids if i in found]
    ids = [a for s in shown for a in s.article_ids]
    names = Names(store, ids)
    family_of = {a: f.family_id for f in families_of(store, ids) for a in f.article_ids}
    rows = []
    for s in shown:
        claims = sum(1 for _ in store.columns(Claim, ["claim_id"], story_id=s.story_id))
        conflicts = sum(1 for _ in store.columns(Conflict, ["conflict_id"], story_id=s.story_id))
        rows.append(_with_flag(story_list_row(s, names, family_of, claims, conflicts)))
    return {"total": total, "offset": offset, "limit": limit, "stories": rows}


def _with_flag(row: Row) -> Row:
    # One independent source family behind every article: nothing corroborates it.
    return {**row, "single_source": row["family_count"] <= 1}


# ---------------------------------------------------------------------------------------------
# one story
# ---------------------------------------------------------------------------------------------


def story_detail(
    store: Store, story_id: str, cfg: StoryConfig | None = None, min_confidence: float = 0.0
) -> Row:
    """Everything the story page shows (NotFound when there is no such story). A story merged
    into another or split away (by the engine or an editor) is shown as the story it is now
    part of. Conflicts less than ``min_confidence`` sure are left out (as `show
    --min-confidence` does)."""
    cfg = cfg or StoryConfig()
    live = resolve_story(store, story_id)
    view = story_view(store, live or story_id, min_confidence)
    story = view.story
    sid = story.story_id
    family_of = {a.article_id: g.family_id for g in view.families for a in g.articles}
    cited = {s.article_id for c in view.claims for s in c.supports}
    names = Names(store, sorted(set(story.article_ids) | cited | set(view.outlets)))
    conflicts = [v.conflict for v in view.conflicts]
    partners = conflict_partners(conflicts)
    claims_by_id = {c.claim_id: c for c in view.claims}
    corrections = story_corrections_of(store, sid)
    # Articles an editor put here: split off into it, moved to it, or merged in with their story.
    placed = {
        a: c
        for c in corrections
        for a in c.article_ids
        if (c.new_story_id if c.kind == "split" else c.story_id) == sid
        and a in story.article_ids
    }
    families = families_of(store, story.article_ids)
    members = {a for f in families for a in f.article_ids}
    story_of = {a.article_id: a.story_id for a in store.get_many(StoryAssignment, members)}
    family_names = Names(store, sorted(members))
    decisions = conflict_decisions(store)
    summary = view.summary
    analyses = {a.article_id: a for a in store.get_many(Analysis, story.article_ids)}
    return {
        "story": _with_flag(
            story_list_row(
                story, names, family_of, len(view.claims), len(view.conflicts)
            )
        ),
        "articles": article_reasons(store, view, family_of, placed, analyses, cfg),
        "families": [family_row(f, family_names, story_of) for f in families],
        "summary": summary_sentence_rows(summary, names) if summary is not None else [],
        "claims": [claim_row(c, view.source_ids, view.outlets, partners) for c in view.claims],
        "conflicts": [
            _conflict(v.conflict, claims_by_id, view, decisions) for v in view.conflicts
        ],
        "quotes": [aligned_quote_row(q, names) for q in view.quotes],
        "coverage": to_data(view.coverage),
        "related": related_rows(store, view, analyses),
        "changes": [to_data(c) for c in view.changes],
        "corrections": [correction_row(c) for c in corrections],
        "claims_current": _claims_current(summary, story),
    }


def _claims_current(summary: StorySummary | None, story: Story) -> bool:
    """Whether the claims were computed from the story's articles as they are now (an editor's
    correction changes them until the next run recomputes the claims)."""
    if summary is None:
        return False
    if not summary.inputs:
        return True  # computed before inputs were recorded: nothing says otherwise
    own = summary.inputs[1 : summary.inputs.index("|")] if "|" in summary.inputs else ()
    return {i.split(":", 1)[0] for i in own} == set(story.article_ids)


def story_corrections_of(store: Store, story_id: str) -> list[Correction]:
    """The corrections that name the story (as the story acted on, left or made)."""
    found = {c.correction_id: c for c in store.containing(Correction, [story_id])}
    return sorted(
        (
            c
            for c in found.values()
            if story_id in (c.story_id, c.from_story_id, c.new_story_id)
        ),
        key=lambda c: c.seq,
    )


def correction_row(c: Correction) -> Row:
    row: Row = to_data(c)
    row["conflict_summary"] = c.conflict.summary if c.conflict is not None else None
    del row["conflict"]
    return row


# Where a conflict's reason cites each side: "Outlet (art_..., sentence 3)" or "art_... (sentence
# 3)" (claims.build._cite), in the order of the two sides.
_CITED = re.compile(r"(art_[0-9a-f]{16})(?:, | \()sentence (\d+)\)")


def _conflict(
    conflict: Conflict,
    claims: dict[str, Claim],
    view: StoryView,
    decisions: Sequence[Correction],
) -> Row:
    """The export's conflict row, with the two sentences that disagree (the ones its reason
    quotes, else each claim's first sentence) and the editor's word on it."""
    row = conflict_row(conflict, claims, view.source_ids, view.outlets)
    cited = _CITED.findall(conflict.reason)
    sentences = []
    for n, claim_id in enumerate((conflict.claim_a, conflict.claim_b)):
        claim = claims.get(claim_id)
        if claim is None or not claim.supports:
            continue
        want = cited[n] if n < len(cited) else None
        chosen = next(
            (
                s
                for s in claim.supports
                if want is not None and (s.article_id, str(s.sentence)) == want
            ),
            claim.supports[0],
        )
        sentences.append(_support_view(chosen, view))
    values = _values(conflict.summary)
    for sentence in sentences:
        folded = sentence["text"].casefold()
        sentence["differs"] = [
            sentence["text"][at : at + len(v)]
            for v in values
            if (at := folded.find(v.casefold())) >= 0
        ]
    decision = decision_on(decisions, conflict, claims)
    row["sentences"] = sentences
    row["decision"] = correction_row(decision) if decision is not None else None
    return row


# A conflict's summary names the two values (claims.conflicts): "where: Kestrel City against Port
# Aurel (A against B)", "how many (flow, give): '40 percent' against '45 percent' (A against B)";
# a quoted value may hold brackets of its own ("'Shanghai Cooperation Organisation (SCO) summit'").
_QUOTED_VALUES = re.compile(r"^[^:]*:\s*'(?P<a>[^']+)' against '(?P<b>[^']+)'")
_VALUES = re.compile(r"^[^:]*:\s*(?P<a>.+?) against (?P<b>.+?)(?: \(|$)")


def _values(summary: str) -> list[str]:
    """The two values a conflict's summary says differ, to mark in its sentences."""
    found = _QUOTED_VALUES.match(summary) or _VALUES.match(summary)
    if found is None:
        return []
    return [v.strip().strip("'\"‘’“”") for v in (found["a"], found["b"]) if v.strip()]


def _support_view(s: Support, view: StoryView) -> Row:
    return {
        "article_id": s.article_id,
        "outlet": view.outlets.get(s.article_id, s.article_id),
        "sentence": s.sentence,
        "start": s.start,
        "end": s.end,
        "text": s.text,
        "background": s.background,
    }


def correction_list(store: Store) -> list[Row]:
    """Every correction, newest first."""
    return [
        correction_row(c)
        for c in sorted(store.all(Correction), key=lambda c: -c.seq)
    ]


def story_choices(store: Store, exclude: str | None = None, limit: int = 200) -> list[Row]:
    """Stories an editor can merge into or move to, newest first (a select box's options):
    read from columns and counts, no story decoded, since every story page of a writable desk
    lists them."""
    counts = store.count_by(StoryAssignment, "story_id")
    rows = [
        (str(sid), str(title), str(end or start or "")[:19])
        for sid, title, start, end in store.columns(Story, ["story_id", "title", "start", "end"])
        if sid != exclude
    ]
    dated = sorted((r for r in rows if r[2]), key=lambda r: r[2], reverse=True)
    undated = [r for r in rows if not r[2]]
    return [
        {"story_id": sid, "title": title, "article_count": counts.get(sid, 0)}
        for sid, title, _ in (dated + undated)[:limit]
    ]


def is_empty(store: Store) -> bool:
    return store.count(Article) == 0


__all__ = [
    "DEFAULT_LIMIT",
    "MAX_LIMIT",
    "StoryQuery",
    "correction_list",
    "is_empty",
    "story_choices",
    "story_detail",
    "story_page",
]
