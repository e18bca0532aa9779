"""Export rows of the story-level results: one row per story, summary sentence, aligned quote and
source family (`storyline export story-list|summaries|aligned-quotes|families`).

Every row names its articles three ways: the article id, the source's own id (a record's ``id``,
a URL, a file's name) and the outlet (:func:`storyline.query.outlet_name`). Nested values are
lists and objects, written as nested columns in Parquet and as JSON text in CSV.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from storyline.export import Row
from storyline.model import (
    AlignedQuote,
    Article,
    Claim,
    Conflict,
    SourceFamily,
    Story,
    StoryAssignment,
    StorySummary,
    Support,
)
from storyline.query import outlet_name
from storyline.store import Store


class Names:
    """The source id and outlet of articles, read from the store's columns (no article text is
    decoded): all of them for an export, or just those a page shows."""

    def __init__(self, store: Store, article_ids: Iterable[str] | None = None) -> None:
        self.source_id: dict[str, str | None] = {}
        self.outlet: dict[str, str] = {}
        if article_ids is None:
            rows: Iterable[tuple[str, str | None, str | None]] = store.columns(
                Article, ["article_id", "source_id", "outlet"]
            )
        else:
            rows = store.columns(
                Article, ["article_id", "source_id", "outlet"], article_id=list(article_ids)
            )
        for article_id, source_id, outlet in rows:
            self.source_id[article_id] = source_id
            # The same order as query.outlet_name: outlet, else the source's id, else the id.
            self.outlet[article_id] = outlet or source_id or article_id

    def outlets(self, article_ids: Sequence[str]) -> list[str]:
        return sorted({self.outlet.get(a, a) for a in article_ids})

    def source_ids(self, article_ids: Sequence[str]) -> list[str]:
        return [self.source_id.get(a) or a for a in article_ids]

    def support(self, s: Support) -> Row:
        return {
            "article_id": s.article_id,
            "source_id": self.source_id.get(s.article_id),
            "outlet": self.outlet.get(s.article_id, s.article_id),
            "sentence": s.sentence,
            "start": s.start,
            "end": s.end,
            "text": s.text,
            "family_id": s.family_id,
            "background": s.background,
        }


def _family_of(store: Store) -> dict[str, str]:
    return {a: f.family_id for f in store.all(SourceFamily) for a in f.article_ids}


def story_list_row(
    story: Story, names: Names, family_of: dict[str, str], claims: int, conflicts: int
) -> Row:
    """One story: its description, counts, outlets and articles, related stories."""
    ids = list(story.article_ids)
    return {
        "story_id": story.story_id,
        "title": story.title,
        "start": story.start.isoformat() if story.start else None,
        "end": story.end.isoformat() if story.end else None,
        "place": story.place,
        "participants": list(story.participants),
        "article_count": len(ids),
        "family_count": len({family_of.get(a, a) for a in ids}),
        "claim_count": claims,
        "conflict_count": conflicts,
        "outlets": names.outlets(ids),
        "article_ids": ids,
        "source_ids": names.source_ids(ids),
        "related": [{"story_id": r.story_id, "reason": r.reason} for r in story.related],
    }


def story_list_rows(store: Store) -> Iterator[Row]:
    """One row per story: its description, counts, outlets and articles, related stories."""
    names = Names(store)
    family_of = _family_of(store)
    conflicts = store.count_by(Conflict, "story_id")
    claims = store.count_by(Claim, "story_id")
    for story in store.all(Story):
        yield story_list_row(
            story,
            names,
            family_of,
            claims.get(story.story_id, 0),
            conflicts.get(story.story_id, 0),
        )


def summary_sentence_rows(summary: StorySummary, names: Names) -> list[Row]:
    """The sentences of one story's cited summary, in summary order."""
    return [
        {
            "story_id": summary.story_id,
            "rank": rank,
            "claim_id": sentence.claim_id,
            "text": sentence.text,
            "family_count": sentence.family_count,
            "outlets": names.outlets([c.article_id for c in sentence.citations]),
            "citations": [names.support(c) for c in sentence.citations],
        }
        for rank, sentence in enumerate(summary.sentences, 1)
    ]


def summary_rows(store: Store) -> Iterator[Row]:
    """One row per sentence of each story's cited summary, in summary order."""
    names = Names(store)
    for summary in store.all(StorySummary):
        yield from summary_sentence_rows(summary, names)


def aligned_quote_row(quote: AlignedQuote, names: Names) -> Row:
    """One remark aligned across outlets: the speaker and every rendering of it."""
    return {
        "story_id": quote.story_id,
        "aligned_id": quote.aligned_id,
        "speaker_name": quote.speaker_name,
        "speaker_entity_id": quote.speaker_entity_id,
        "co_speakers": list(quote.co_speakers),
        "outlets": names.outlets([r.article_id for r in quote.renderings]),
        "renderings": [
            {
                "article_id": r.article_id,
                "source_id": names.source_id.get(r.article_id),
                "outlet": names.outlet.get(r.article_id, r.article_id),
                "quote_id": r.quote_id,
                "kind": r.kind,
                "start": r.start,
                "end": r.end,
                "text": r.text,
            }
            for r in quote.renderings
        ],
    }


def aligned_quote_rows(store: Store) -> Iterator[Row]:
    """One row per remark aligned across outlets: the speaker and every rendering of it."""
    names = Names(store)
    for quote in store.all(AlignedQuote):
        yield aligned_quote_row(quote, names)


def family_row(family: SourceFamily, names: Names, story_of: dict[str, str]) -> Row:
    """One source family (articles sharing copied text: one independent source)."""
    ids = list(family.article_ids)
    return {
        "family_id": family.family_id,
        "article_count": len(ids),
        "outlets": names.outlets(ids),
        "article_ids": ids,
        "source_ids": names.source_ids(ids),
        "story_ids": sorted({story_of[a] for a in ids if a in story_of}),
    }


def family_rows(store: Store) -> Iterator[Row]:
    """One row per source family (articles sharing copied text: one independent source)."""
    names = Names(store)
    story_of = {a.article_id: a.story_id for a in store.all(StoryAssignment)}
    for family in store.all(SourceFamily):
        yield family_row(family, names, story_of)


# --- claims and conflicts ---


def _support_rows(
    supports: Sequence[Support], source_ids: dict[str, str], outlets: dict[str, str] | None = None
) -> list[Row]:
    return [
        {
            "source_id": source_ids.get(s.article_id, s.article_id),
            "outlet": (outlets or {}).get(s.article_id, s.article_id),
            "article_id": s.article_id,
            "sentence": s.sentence,
            "start": s.start,
            "end": s.end,
            "text": s.text,
            "raw_start": s.raw_start,
            "raw_end": s.raw_end,
            "family_id": s.family_id,
            "background": s.background,
        }
        for s in supports
    ]


def _cited_sources(claim: Claim, source_ids: dict[str, str]) -> list[str]:
    return sorted({source_ids.get(s.article_id, s.article_id) for s in claim.supports})


def _source_index(store: Store) -> dict[str, str]:
    return {a.article_id: a.source_id or a.article_id for a in store.all(Article)}


def outlet_index(store: Store) -> dict[str, str]:
    """article_id -> :func:`outlet_name`, for every stored article."""
    return {a.article_id: outlet_name(a, a.article_id) for a in store.all(Article)}


def _outlets(supports: Sequence[Support], outlets: dict[str, str]) -> list[str]:
    return sorted({outlets.get(s.article_id, s.article_id) for s in supports})


def claim_row(
    claim: Claim,
    source_ids: dict[str, str],
    outlets: dict[str, str],
    partners: dict[str, list[str]],
) -> Row:
    """One claim: its text, supporting sources and spans, families, conflict partners."""
    return {
        "story_id": claim.story_id,
        "claim_id": claim.claim_id,
        "text": claim.text,
        "article_count": claim.article_count,
        "family_count": claim.family_count,
        "single_source": claim.single_source,
        "importance": claim.importance,
        "outlets": _outlets(claim.supports, outlets),
        "source_ids": _cited_sources(claim, source_ids),
        "families": sorted({s.family_id for s in claim.supports}),
        "supports": _support_rows(claim.supports, source_ids, outlets),
        "conflict_partners": partners.get(claim.claim_id, []),
    }


def conflict_partners(conflicts: Iterable[Conflict]) -> dict[str, list[str]]:
    """claim_id -> the claims it is in conflict with."""
    partners: dict[str, list[str]] = {}
    for c in conflicts:
        partners.setdefault(c.claim_a, []).append(c.claim_b)
        partners.setdefault(c.claim_b, []).append(c.claim_a)
    return partners


def claim_rows(store: Store) -> Iterator[Row]:
    """One row per claim: its text, supporting sources and spans, families, conflict partners."""
    source_ids = _source_index(store)
    outlets = outlet_index(store)
    partners = conflict_partners(store.all(Conflict))
    for claim in store.all(Claim):
        yield claim_row(claim, source_ids, outlets, partners)


def conflict_row(
    conflict: Conflict,
    claims: dict[str, Claim],
    source_ids: dict[str, str],
    outlets: dict[str, str],
) -> Row:
    """One conflict: its kind, one-line summary, confidence and reason, and both sides with
    their sources."""

    def side(claim_id: str) -> Row:
        claim = claims.get(claim_id)
        if claim is None:
            return {"claim_id": claim_id}
        return {
            "claim_id": claim_id,
            "text": claim.text,
            "source_ids": _cited_sources(claim, source_ids),
            "outlets": _outlets(claim.supports, outlets),
            "families": sorted({s.family_id for s in claim.supports}),
            "supports": _support_rows(claim.supports, source_ids, outlets),
        }

    return {
        "story_id": conflict.story_id,
        "conflict_id": conflict.conflict_id,
        "kind": conflict.kind,
        "summary": conflict.summary,
        "confidence": conflict.confidence,
        "reason": conflict.reason,
        "claim_a": side(conflict.claim_a),
        "claim_b": side(conflict.claim_b),
    }


def conflict_rows(store: Store, min_confidence: float = 0.0) -> Iterator[Row]:
    """One row per conflict at least ``min_confidence`` sure: its kind, one-line summary,
    confidence and reason, and both sides with their sources."""
    source_ids = _source_index(store)
    outlets = outlet_index(store)
    claims = {c.claim_id: c for c in store.all(Claim)}
    for conflict in store.all(Conflict):
        if conflict.confidence < min_confidence:
            continue
        yield conflict_row(conflict, claims, source_ids, outlets)
