"""Flat rows of the analysis for `storyline export quotes|entities|times`.

Each row carries the article's own ``source_id`` (the JSONL ``id`` or URL) and character spans
into the article's cleaned text, so a row can be traced back without the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from storyline.export import Row
from storyline.model import Analysis, Article, Entity
from storyline.store import Store


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
