"""The read side of the desk (``storyline serve``): what the web pages and the REST API show.

Everything here is data for both edges: rows with the field names of the exports (a story's
row is the row of ``storyline export stories --per story``, a claim's the row of ``export
claims``...), plus what only the desk shows: why each article is in its story, what related
stories share, the spans to highlight in an article, an entity's stories, the editor's
corrections. Reads are narrow (a page of stories, one story's records) so that a page costs what
it shows, not what the store holds (``benchmarks/desk_speed.py``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

import numpy as np

from storyline.config import StoryConfig
from storyline.corrections import conflict_decisions, decision_on, resolve_story
from storyline.export import Row
from storyline.model import (
    Analysis,
    Article,
    Claim,
    Conflict,
    Correction,
    Entity,
    LeadVector,
    ReuseLink,
    Story,
    StoryAssignment,
    StorySummary,
    Support,
)
from storyline.query import (
    StoryView,
    claim_row,
    conflict_partners,
    conflict_row,
    families_of,
    list_stories,
    outlet_name,
    search_articles,
    story_view,
)
from storyline.query_rows import (
    Names,
    aligned_quote_row,
    family_row,
    story_list_row,
    summary_sentence_rows,
)
from storyline.store import Store
from storyline.store.codec import decode_array, to_data

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
# Entity labels that name who and where (dates and numbers are not signals of their own here).
NAME_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC", "EVENT"})
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


def _has(value: str | None, wanted: str | None) -> bool:
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


def story_page(store: Store, q: StoryQuery) -> Row:
    """``total`` stories match ``q``; ``stories`` are the rows of those from ``offset``."""
    stories = [
        s
        for s in list_stories(store, q.since)
        if len(s.article_ids) >= q.min_articles
        and (q.until is None or s.start is None or _naive(s.start) <= _naive(q.until))
        and _has(s.place, q.place)
        and (q.participant is None or any(_has(p, q.participant) for p in s.participants))
        and (q.text is None or any(_has(f, q.text) for f in (s.title, s.place, *s.participants)))
    ]
    if q.outlet:
        every = Names(store)
        stories = [
            s for s in stories if any(_has(every.outlet.get(a, a), q.outlet) for a in s.article_ids)
        ]
    stories = _order(stories, q.order)
    offset, limit = max(0, q.offset), max(0, min(q.limit, MAX_LIMIT))
    shown = stories[offset : offset + limit]
    ids = [a for s in shown for a in s.article_ids]
    names = Names(store, ids)
    family_of = {a: f.family_id for f in families_of(store, ids) for a in f.article_ids}
    claims = store.count_by(Claim, "story_id") if shown else {}
    conflicts = store.count_by(Conflict, "story_id") if shown else {}
    rows = []
    for s in shown:
        row = story_list_row(
            s, names, family_of, claims.get(s.story_id, 0), conflicts.get(s.story_id, 0)
        )
        rows.append(_with_flag(row))
    return {"total": len(stories), "offset": offset, "limit": limit, "stories": rows}


def _with_flag(row: Row) -> Row:
    # One independent source family behind every article: nothing corroborates it.
    return {**row, "single_source": row["family_count"] <= 1}


# ---------------------------------------------------------------------------------------------
# one story
# ---------------------------------------------------------------------------------------------


def story_detail(
    store: Store, story_id: str, cfg: StoryConfig | None = None, min_confidence: float = 0.0
) -> Row | None:
    """Everything the story page shows, or None when there is no such story. A story merged
    into another or split away (by the engine or an editor) is shown as the story it is now
    part of. Conflicts less than ``min_confidence`` sure are left out (as `show
    --min-confidence` does)."""
    cfg = cfg or StoryConfig()
    live = resolve_story(store, story_id)
    view = story_view(store, live or story_id, min_confidence)
    if view is None:
        return None
    story = view.story
    sid = story.story_id
    family_of = {a.article_id: g.family_id for g in view.families for a in g.articles}
    cited = {s.article_id for c in view.claims for s in c.supports}
    names = Names(store, sorted(set(story.article_ids) | cited | set(view.outlets)))
    conflicts = [v.conflict for v in view.conflicts]
    partners = conflict_partners(conflicts)
    claims_by_id = {c.claim_id: c for c in view.claims}
    corrections = story_corrections_of(store, sid)
    placed = {
        a: c
        for c in corrections
        if c.kind in ("split", "move")
        for a in c.article_ids
        if (c.new_story_id if c.kind == "split" else c.story_id) == sid
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
        "articles": _articles(store, view, family_of, placed, analyses, cfg),
        "families": [family_row(f, family_names, story_of) for f in families],
        "summary": summary_sentence_rows(summary, names) if summary is not None else [],
        "claims": [claim_row(c, view.source_ids, view.outlets, partners) for c in view.claims],
        "conflicts": [
            _conflict(v.conflict, claims_by_id, view, decisions) for v in view.conflicts
        ],
        "quotes": [aligned_quote_row(q, names) for q in view.quotes],
        "coverage": to_data(view.coverage),
        "related": _related(store, view, analyses),
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


def _entities_of(analysis: Analysis | None) -> set[str]:
    if analysis is None:
        return set()
    return {m.entity_id for m in analysis.mentions if m.entity_id and m.label in NAME_LABELS}


def _articles(
    store: Store,
    view: StoryView,
    family_of: dict[str, str],
    placed: dict[str, Correction],
    analyses: dict[str, Analysis],
    cfg: StoryConfig,
) -> list[Row]:
    """The story's articles in arrival order, each with why it is in the story: the engine's
    joining score against its threshold, the configured weight of each signal, and what the
    stored records show of each signal (the engine keeps only the combined score)."""
    ids = [a.article_id for a in view.articles]
    vectors = {
        v.article_id: decode_array(v.vector, "<f4") for v in store.get_many(LeadVector, ids)
    }
    entities = {a: _entities_of(analyses.get(a)) for a in ids}
    entity_names = {
        e.entity_id: e.name
        for e in store.get_many(Entity, sorted(set().union(*entities.values())))
    }
    lead_links = _lead_links(store, ids, cfg.lead_reuse_chars)
    articles = {a.article_id: a for g in view.families for a in g.articles}
    rows = []
    for item in view.articles:
        aid = item.article_id
        others = [o for o in ids if o != aid]
        signals: list[Row] = []
        if lead_links.get(aid):
            shared = ", ".join(view.outlets.get(o, o) for o in sorted(lead_links[aid]))
            signals.append(_signal("lead", cfg.weight_lead_reuse, 1.0,
                                   f"opens with a passage the report of {shared} opens with"))
        cosine = _meaning(vectors, aid, others)
        if cosine is not None:
            signals.append(_signal("meaning", cfg.weight_semantic, cosine,
                                   "similarity of its title and lead to the other articles' "
                                   "(sentence vectors)"))
        common = entities[aid] & set().union(*(entities[o] for o in others)) if others else set()
        if common:
            shown = sorted(entity_names.get(e, e) for e in common)
            signals.append(_signal("names", cfg.weight_entities, float(len(common)),
                                   "people, places and organisations the other articles name "
                                   "too: " + ", ".join(shown[:8])))
        days = _days_to_others(articles, aid, others)
        if days is not None:
            signals.append(_signal("dates", cfg.weight_time, float(days),
                                   f"published {days} day{'s' if days != 1 else ''} from the "
                                   "nearest other article (the penalty grows with the days "
                                   f"up to {cfg.time_window_days})"))
        family = family_of.get(aid)
        copies = [o for o in others if family is not None and family_of.get(o) == family]
        if copies:
            signals.append(_signal("copied text", 0.0, float(len(copies)),
                                   "shares copied text with "
                                   + ", ".join(view.outlets.get(o, o) for o in copies)
                                   + " (one source family)"))
        correction = placed.get(aid)
        how = (
            "placed by an editor" if correction is not None
            else "founded the story" if item.score == 0.0 and item.seq == view.articles[0].seq
            else "joined"
        )
        article = articles.get(aid)
        rows.append(
            {
                "article_id": aid,
                "source_id": item.source_id,
                "outlet": view.outlets.get(aid, aid),
                "title": item.title,
                "url": article.url if article is not None else None,
                "published": item.published.isoformat() if item.published else None,
                "seq": item.seq,
                "score": item.score,
                "family_id": family,
                "why": {
                    "how": how,
                    "score": item.score,
                    "threshold": cfg.join_threshold,
                    "weights": {
                        "words": cfg.weight_lexical,
                        "meaning": cfg.weight_semantic,
                        "names": cfg.weight_entities,
                        "dates": cfg.weight_time,
                        "lead": cfg.weight_lead_reuse,
                        "place": cfg.weight_place,
                    },
                    "signals": signals,
                    "correction_id": correction.correction_id if correction else None,
                },
            }
        )
    return rows


def _signal(name: str, weight: float, value: float, detail: str) -> Row:
    return {"signal": name, "weight": weight, "value": round(value, 4), "detail": detail}


def _meaning(vectors: dict[str, Any], aid: str, others: Sequence[str]) -> float | None:
    if aid not in vectors:
        return None
    rest = [vectors[o] for o in others if o in vectors and len(vectors[o]) == len(vectors[aid])]
    if not rest:
        return None
    mean = np.mean(np.stack(rest), axis=0)
    norm = float(np.linalg.norm(mean) * np.linalg.norm(vectors[aid]))
    return float(np.dot(mean, vectors[aid]) / norm) if norm > 0 else None


def _days_to_others(articles: dict[str, Article], aid: str, others: Sequence[str]) -> int | None:
    own = articles.get(aid)
    if own is None or own.published is None:
        return None
    gaps = [
        abs((_naive(own.published) - _naive(o.published)).days)
        for o in (articles.get(x) for x in others)
        if o is not None and o.published is not None
    ]
    return min(gaps) if gaps else None


def _links_of(store: Store, article_ids: Iterable[str]) -> list[ReuseLink]:
    found: dict[str, ReuseLink] = {}
    for aid in article_ids:
        for column in ("article_a", "article_b"):
            found.update((link.link_id, link) for link in store.all(ReuseLink, **{column: aid}))
    return list(found.values())


def _lead_links(store: Store, ids: Sequence[str], chars: int) -> dict[str, set[str]]:
    """Per article, the other articles of the story whose opening passage it shares (what the
    stories stage counts as one report passed on)."""
    members = set(ids)
    found: dict[str, set[str]] = {}
    for link in _links_of(store, ids):
        if link.article_a in members and link.article_b in members and any(
            p.a_start < chars and p.b_start < chars for p in link.passages
        ):
            found.setdefault(link.article_a, set()).add(link.article_b)
            found.setdefault(link.article_b, set()).add(link.article_a)
    return found


def _related(store: Store, view: StoryView, analyses: dict[str, Analysis]) -> list[Row]:
    """Related stories with what they share beyond the participants' names: claims of this
    story that their articles recount, copied passages, and the other people, places and
    organisations both name."""
    if not view.related:
        return []
    own = set(view.story.article_ids)
    own_entities = set().union(*(_entities_of(a) for a in analyses.values()))
    links = _links_of(store, sorted(own))
    rows = []
    for rel in view.related:
        other = store.get(Story, rel.story_id)
        if other is None:
            continue
        theirs = set(other.article_ids)
        recounted = [
            c.text for c in view.claims if any(s.article_id in theirs for s in c.supports)
        ]
        copied = sum(
            1
            for link in links
            if (link.article_a in own and link.article_b in theirs)
            or (link.article_b in own and link.article_a in theirs)
        )
        their_entities = set().union(
            *(_entities_of(a) for a in store.get_many(Analysis, sorted(theirs)[:50]))
        )
        famous = {p.casefold() for p in (*view.story.participants, *other.participants)}
        shared = sorted(
            e.name
            for e in store.get_many(Entity, sorted(own_entities & their_entities))
            if e.name.casefold() not in famous
        )
        rows.append(
            {
                "story_id": rel.story_id,
                "title": other.title,
                "reason": rel.reason,
                "recounted_claims": recounted[:5],
                "recounted_count": len(recounted),
                "copied_passages": copied,
                "shared_names": shared[:10],
            }
        )
    return rows


# ---------------------------------------------------------------------------------------------
# articles
# ---------------------------------------------------------------------------------------------


def article_list(store: Store, offset: int = 0, limit: int = DEFAULT_LIMIT) -> Row:
    """Articles in ingest order, from their columns (no text decoded)."""
    rows = list(
        store.columns(Article, ["article_id", "source_id", "outlet", "title", "published"])
    )
    offset, limit = max(0, offset), max(0, min(limit, MAX_LIMIT))
    shown = rows[offset : offset + limit]
    story_of = {
        a.article_id: a.story_id for a in store.get_many(StoryAssignment, [r[0] for r in shown])
    }
    return {
        "total": len(rows),
        "offset": offset,
        "limit": limit,
        "articles": [
            {
                "article_id": aid,
                "source_id": source_id,
                "outlet": outlet or source_id or aid,
                "title": title,
                "published": published,
                "story_id": story_of.get(aid),
            }
            for aid, source_id, outlet, title, published in shown
        ],
    }


def article_detail(store: Store, article_id: str) -> Row | None:
    """An article's record (the fields of ``export articles``), its story, its sentences and
    the spans of every claim support, quote, entity mention and copied passage in its text."""
    article = store.get(Article, article_id)
    if article is None:
        return None
    analysis = store.get(Analysis, article_id)
    assignment = store.get(StoryAssignment, article_id)
    story = store.get(Story, assignment.story_id) if assignment is not None else None
    spans: list[Row] = []
    story_ids = [story.story_id] if story is not None else []
    story_ids += [r.story_id for r in story.related] if story is not None else []
    conflicted = {
        side
        for sid in story_ids
        for c in store.all(Conflict, story_id=sid)
        for side in (c.claim_a, c.claim_b)
    }
    for sid in story_ids:
        for claim in store.all(Claim, story_id=sid):
            for s in claim.supports:
                if s.article_id == article_id:
                    spans.append(
                        {
                            "kind": "claim",
                            "start": s.start,
                            "end": s.end,
                            "ref": claim.claim_id,
                            "label": claim.text,
                            "story_id": sid,
                            "family_count": claim.family_count,
                            "background": s.background,
                            "in_conflict": claim.claim_id in conflicted,
                        }
                    )
    entity_ids = set()
    if analysis is not None:
        for q in analysis.quotes:
            who = q.speaker_name or q.speaker_text or "unattributed"
            spans.append({"kind": "quote", "start": q.content_start, "end": q.content_end,
                          "ref": q.quote_id, "label": f"{who} ({q.kind})",
                          "speaker_entity_id": q.speaker_entity_id})
        entity_ids = {m.entity_id for m in analysis.mentions if m.entity_id}
    entities = {e.entity_id: e for e in store.get_many(Entity, sorted(entity_ids))}
    if analysis is not None:
        for m in analysis.mentions:
            entity = entities.get(m.entity_id or "")
            spans.append({"kind": "mention", "start": m.start, "end": m.end,
                          "ref": m.entity_id, "label": entity.name if entity else m.text,
                          "entity_kind": m.label})
    passages = _passages(store, article)
    spans += [
        {"kind": "passage", "start": p["start"], "end": p["end"], "ref": p["link_id"],
         "label": f"{p['relation']} {p['other_outlet']}", "other_article_id": p["other_article_id"]}
        for p in passages
    ]
    spans.sort(key=lambda s: (s["start"], -s["end"], s["kind"]))
    outlet = outlet_name(article, article_id)
    return {
        "article": {
            "id": article.source_id,
            "article_id": article.article_id,
            "url": article.url,
            "source": article.outlet,
            "outlet": outlet,
            "title": article.title,
            "author": article.author,
            "published": article.published.isoformat() if article.published else None,
            "date_origin": article.date_origin,
            "place": article.place,
            "language": article.language,
            "origin": article.origin,
            "text": article.text,
            "metadata": article.metadata,
        },
        "story_id": story.story_id if story is not None else None,
        "story_title": story.title if story is not None else None,
        "analysed": analysis is not None,
        "sentences": [
            {"sentence": s.index, "start": s.start, "end": s.end}
            for s in (analysis.sentences if analysis is not None else ())
        ],
        "spans": spans,
        "passages": passages,
        "entities": [
            {"entity_id": e.entity_id, "name": e.name, "kind": e.kind}
            for e in sorted(entities.values(), key=lambda e: (e.kind, e.name))
        ],
    }


def _passages(store: Store, article: Article) -> list[Row]:
    """Each passage the article shares with another, with the other article and which one it
    came from (the earlier, when the reuse stage could tell)."""
    aid = article.article_id
    links = _links_of(store, [aid])
    others = {
        a.article_id: a
        for a in store.get_many(
            Article, [x.article_b if x.article_a == aid else x.article_a for x in links]
        )
    }
    rows = []
    for link in links:
        mine_is_a = link.article_a == aid
        other_id = link.article_b if mine_is_a else link.article_a
        other = others.get(other_id)
        if link.direction == "unknown":
            relation = "shared with"
        elif (link.direction == "a->b") == mine_is_a:
            relation = "copied by"
        else:
            relation = "came from"
        for p in link.passages:
            start, end = (p.a_start, p.a_end) if mine_is_a else (p.b_start, p.b_end)
            o_start, o_end = (p.b_start, p.b_end) if mine_is_a else (p.a_start, p.a_end)
            rows.append(
                {
                    "link_id": link.link_id,
                    "kind": link.kind,
                    "relation": relation,
                    "start": start,
                    "end": end,
                    "similarity": p.similarity,
                    "other_article_id": other_id,
                    "other_outlet": outlet_name(other, other_id),
                    "other_title": other.title if other is not None else None,
                    "other_start": o_start,
                    "other_end": o_end,
                    "text": article.text[start:end],
                }
            )
    rows.sort(key=lambda r: (r["start"], r["other_article_id"]))
    return rows


# ---------------------------------------------------------------------------------------------
# entities, search, corrections
# ---------------------------------------------------------------------------------------------


def entity_row(e: Entity) -> Row:
    row: Row = to_data(e)
    return row


def entity_list(
    store: Store, text: str | None = None, kind: str | None = None,
    offset: int = 0, limit: int = DEFAULT_LIMIT,
) -> Row:
    """Entities whose name or an alias contains ``text``, of one ``kind``, by name."""
    wanted = [
        e
        for e in (store.all(Entity, kind=kind) if kind else store.all(Entity))
        if text is None or any(_has(n, text) for n in (e.name, *e.aliases))
    ]
    wanted.sort(key=lambda e: (e.name.casefold(), e.entity_id))
    offset, limit = max(0, offset), max(0, min(limit, MAX_LIMIT))
    return {
        "total": len(wanted),
        "offset": offset,
        "limit": limit,
        "entities": [entity_row(e) for e in wanted[offset : offset + limit]],
    }


def entity_detail(store: Store, entity_id: str) -> Row | None:
    """An entity with its aliases, the articles naming it, their stories and its quotes."""
    entity = store.get(Entity, entity_id)
    if entity is None:
        return None
    mentions: Counter[str] = Counter()
    quotes: list[Row] = []
    for analysis in store.containing(Analysis, [entity_id]):
        n = sum(1 for m in analysis.mentions if m.entity_id == entity_id)
        said = [q for q in analysis.quotes if q.speaker_entity_id == entity_id]
        if n or said:
            mentions[analysis.article_id] = n
        quotes += [
            {"article_id": analysis.article_id, "quote_id": q.quote_id, "kind": q.kind,
             "text": q.content, "start": q.content_start, "end": q.content_end}
            for q in said
        ]
    ids = sorted(mentions)
    story_of = {a.article_id: a.story_id for a in store.get_many(StoryAssignment, ids)}
    stories = {s.story_id: s for s in store.get_many(Story, sorted(set(story_of.values())))}
    names = Names(store, ids)
    titles = {aid: t for aid, t in _titles(store, ids)}
    return {
        "entity": entity_row(entity),
        "articles": [
            {"article_id": a, "outlet": names.outlet.get(a, a), "title": titles.get(a),
             "mentions": mentions[a], "story_id": story_of.get(a)}
            for a in ids
        ],
        "stories": [
            {"story_id": s.story_id, "title": s.title,
             "start": s.start.isoformat() if s.start else None,
             "article_count": len(s.article_ids),
             "mentioning": sum(1 for a in ids if story_of.get(a) == s.story_id)}
            for s in stories.values()
        ],
        "quotes": quotes,
    }


def _titles(store: Store, ids: Sequence[str]) -> list[tuple[str, str | None]]:
    out: list[tuple[str, str | None]] = []
    for aid in ids:
        out.extend(store.columns(Article, ["article_id", "title"], article_id=aid))
    return out


def search(store: Store, text: str, limit: int = 20) -> Row:
    """Full-text search (FTS5 syntax; invalid syntax is searched as a phrase), best first."""
    if not text.strip():
        return {"query": text, "hits": []}
    results = search_articles(store, text, max(1, min(limit, MAX_LIMIT)))
    story_of = {
        a.article_id: a.story_id
        for a in store.get_many(StoryAssignment, [r.article.article_id for r in results])
    }
    return {
        "query": text,
        "hits": [
            {
                "article_id": r.article.article_id,
                "source_id": r.article.source_id,
                "title": r.article.title,
                "snippet": r.hit.snippet,
                "score": r.hit.score,
                "outlet": outlet_name(r.article, r.article.article_id),
                "story_id": story_of.get(r.article.article_id),
            }
            for r in results
        ],
    }


def correction_list(store: Store) -> list[Row]:
    """Every correction, newest first."""
    return [
        correction_row(c)
        for c in sorted(store.all(Correction), key=lambda c: -c.seq)
    ]


def story_choices(store: Store, exclude: str | None = None, limit: int = 200) -> list[Row]:
    """Stories an editor can merge into or move to, newest first (a select box's options)."""
    stories = _order([s for s in list_stories(store) if s.story_id != exclude], "newest")
    return [
        {"story_id": s.story_id, "title": s.title, "article_count": len(s.article_ids)}
        for s in stories[:limit]
    ]


def is_empty(store: Store) -> bool:
    return store.count(Article) == 0


__all__ = [
    "DEFAULT_LIMIT",
    "MAX_LIMIT",
    "StoryQuery",
    "article_detail",
    "article_list",
    "correction_list",
    "entity_detail",
    "entity_list",
    "is_empty",
    "search",
    "story_choices",
    "story_detail",
    "story_page",
]
