"""Export rows of per-article results: reuse pairs, each article's story, and the analysis's
quotes, entities and times (`storyline export reuse|stories|quotes|entities|times`).

Each row carries the article's own ``source_id`` (the JSONL ``id`` or URL) and character spans
into the article's cleaned text, so a row can be traced back without the database. The read
side (beside ``query_rows.py``, the story-level rows): no stage module reads the store for them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import TextIO

from storyline.export import Row
from storyline.model import Analysis, Article, Entity, ReuseLink, Story, StoryAssignment
from storyline.store import Store


def reuse_rows(store: Store) -> Iterable[Row]:
    """One row per stored pair: both source IDs, kind, containment, passages, direction."""
    source: dict[str, str | None] = {}

    def source_id(article_id: str) -> str | None:
        if article_id not in source:
            article = store.get(Article, article_id)
            source[article_id] = article.source_id if article is not None else None
        return source[article_id]

    for link in store.all(ReuseLink):
        yield {
            "link_id": link.link_id,
            "a_source_id": source_id(link.article_a),
            "b_source_id": source_id(link.article_b),
            "article_a": link.article_a,
            "article_b": link.article_b,
            "kind": link.kind,
            "containment_a": link.containment_a,
            "containment_b": link.containment_b,
            "score": link.score,
            "direction": link.direction,
            "passages": [
                {
                    "a_start": p.a_start,
                    "a_end": p.a_end,
                    "b_start": p.b_start,
                    "b_end": p.b_end,
                    "similarity": p.similarity,
                }
                for p in link.passages
            ],
        }


def export_reuse_jsonl(store: Store, out: TextIO) -> int:
    """Write :func:`reuse_rows` as JSON lines; returns the number of pairs."""
    count = 0
    for row in reuse_rows(store):
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count


def story_rows(store: Store) -> Iterator[Row]:
    """One export row per article: its source id, its story and the story's related stories."""
    stories = {s.story_id: s for s in store.all(Story)}
    articles = {a.article_id: a for a in store.all(Article)}
    for assignment in sorted(store.all(StoryAssignment), key=lambda a: a.seq):
        story = stories.get(assignment.story_id)
        article = articles.get(assignment.article_id)
        yield {
            "source_id": article.source_id if article is not None else None,
            "article_id": assignment.article_id,
            "story_id": assignment.story_id,
            "related_story_ids": [r.story_id for r in story.related] if story else [],
        }


def _pairs(store: Store) -> Iterator[tuple[Article, Analysis]]:
    for analysis in store.all(Analysis):
        article = store.get(Article, analysis.article_id)
        if article is not None:
            yield article, analysis


def quote_rows(store: Store) -> Iterable[Row]:
    for article, analysis in _pairs(store):
        for q in analysis.quotes:
            yield {
                "source_id": article.source_id,
                "article_id": article.article_id,
                "quote_id": q.quote_id,
                "kind": q.kind,
                "sentence": q.sentence,
                "content": q.content,
                "content_start": q.content_start,
                "content_end": q.content_end,
                "cue": q.cue,
                "cue_start": q.cue_start,
                "cue_end": q.cue_end,
                "speaker_text": q.speaker_text,
                "speaker_start": q.speaker_start,
                "speaker_end": q.speaker_end,
                "speaker_entity_id": q.speaker_entity_id,
                "speaker_name": q.speaker_name,
                "co_speakers": list(q.co_speakers),
            }


def entity_rows(store: Store) -> Iterable[Row]:
    """One row per entity mention, with the entity's name, titles, role and nationality."""
    entities = {e.entity_id: e for e in store.all(Entity)}
    for article, analysis in _pairs(store):
        for m in analysis.mentions:
            entity = entities.get(m.entity_id) if m.entity_id else None
            yield {
                "source_id": article.source_id,
                "article_id": article.article_id,
                "text": m.text,
                "label": m.label,
                "start": m.start,
                "end": m.end,
                "sentence": m.sentence,
                "entity_id": m.entity_id,
                "entity_name": entity.name if entity else None,
                "entity_kind": entity.kind if entity else None,
                "aliases": list(entity.aliases) if entity else [],
                "titles": list(entity.titles) if entity else [],
                "role": entity.role if entity else None,
                "nationality": entity.nationality if entity else None,
            }


def time_rows(store: Store) -> Iterable[Row]:
    for article, analysis in _pairs(store):
        for t in analysis.times:
            yield {
                "source_id": article.source_id,
                "article_id": article.article_id,
                "text": t.text,
                "kind": t.kind,
                "value": t.value,
                "start": t.start,
                "end": t.end,
                "sentence": t.sentence,
                "published": article.published.isoformat() if article.published else None,
            }
