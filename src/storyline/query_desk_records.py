"""The desk's record pages: articles (the text with every span to highlight and where each
copied passage came from), entities (aliases, articles, stories, quotes) and full-text search.
Rows for the web pages and the REST API alike (``storyline.query_desk`` has the stories)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from storyline.errors import NotFound
from storyline.export import Row, article_row
from storyline.model import (
    Analysis,
    Article,
    Claim,
    Conflict,
    Entity,
    Story,
    StoryAssignment,
    speakers_shown,
)
from storyline.query import outlet_name, search_articles
from storyline.query_desk import DEFAULT_LIMIT, MAX_LIMIT, contains
from storyline.query_desk_why import links_of
from storyline.query_rows import Names
from storyline.store import Store
from storyline.store.codec import to_data

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


def article_detail(store: Store, article_id: str) -> Row:
    """An article's record (the fields of ``export articles``), its story, its sentences and
    the spans of every claim support, quote, entity mention and copied passage in its text."""
    article = store.get(Article, article_id)
    if article is None:
        raise NotFound("article", article_id)
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
            who = speakers_shown(q.speaker_name, q.co_speakers) or q.speaker_text or "unattributed"
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
        "article": {**article_row(article), "outlet": outlet},
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
    links = links_of(store, [aid])
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
        if text is None or any(contains(n, text) for n in (e.name, *e.aliases))
    ]
    wanted.sort(key=lambda e: (e.name.casefold(), e.entity_id))
    offset, limit = max(0, offset), max(0, min(limit, MAX_LIMIT))
    return {
        "total": len(wanted),
        "offset": offset,
        "limit": limit,
        "entities": [entity_row(e) for e in wanted[offset : offset + limit]],
    }


def entity_detail(store: Store, entity_id: str) -> Row:
    """An entity with its aliases, the articles naming it, their stories and its quotes."""
    entity = store.get(Entity, entity_id)
    if entity is None:
        raise NotFound("entity", entity_id)
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
