"""The read side shared by the CLI and the API: every view of the store an edge renders."""

from __future__ import annotations

from dataclasses import dataclass

from storyline import model
from storyline.model import Article, Rejection
from storyline.store import SearchHit, Store
from storyline.store.schema import table_name


def list_articles(store: Store, limit: int | None = None) -> list[Article]:
    articles: list[Article] = []
    for article in store.all(Article):
        if limit is not None and len(articles) >= limit:
            break
        articles.append(article)
    return articles


def list_rejections(store: Store) -> list[Rejection]:
    return list(store.all(Rejection))


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchResult:
    hit: SearchHit
    article: Article


def search_articles(store: Store, query: str, limit: int = 20) -> list[SearchResult]:
    results: list[SearchResult] = []
    for hit in store.search(query, limit):
        article = store.get(Article, hit.article_id)
        if article is not None:
            results.append(SearchResult(hit=hit, article=article))
    return results


@dataclass(frozen=True, slots=True, kw_only=True)
class Stats:
    records: dict[str, int]  # table name -> row count
    rejections_by_reason: dict[str, int]
    outlets: int
    schema_version: int


def corpus_stats(store: Store, schema_version: int) -> Stats:
    return Stats(
        records={table_name(cls): store.count(cls) for cls in model.STORED_RECORDS},
        rejections_by_reason={
            str(reason): n for reason, n in store.count_by(Rejection, "reason").items()
        },
        outlets=sum(1 for outlet in store.count_by(Article, "outlet") if outlet is not None),
        schema_version=schema_version,
    )


# --- reuse views (issue 3) ---


# --- analyze views (issue 4) ---


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleView:
    """An article with its analysis and the entities its mentions resolve to."""

    article: Article
    analysis: model.Analysis | None
    entities: dict[str, model.Entity]  # entity_id -> entity, for the mentions and speakers


def article_view(store: Store, article_id: str) -> ArticleView | None:
    article = store.get(Article, article_id)
    if article is None:
        return None
    analysis = store.get(model.Analysis, article_id)
    ids: set[str] = set()
    if analysis is not None:
        ids = {m.entity_id for m in analysis.mentions if m.entity_id}
        ids |= {q.speaker_entity_id for q in analysis.quotes if q.speaker_entity_id}
    entities = {i: e for i in sorted(ids) if (e := store.get(model.Entity, i)) is not None}
    return ArticleView(article=article, analysis=analysis, entities=entities)


# --- story views (issue 5) ---


# --- claim views (issue 6) ---

from collections.abc import Iterator, Sequence  # noqa: E402  (kept inside this section)

from storyline.claims import coverage, family_index  # noqa: E402
from storyline.errors import StorylineError  # noqa: E402
from storyline.export import Row  # noqa: E402
from storyline.model import (  # noqa: E402
    AlignedQuote,
    Claim,
    Conflict,
    Coverage,
    SourceFamily,
    Story,
    StorySummary,
    Support,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class FamilyGroup:
    """Articles that share copied text: one independent source."""

    family_id: str
    articles: tuple[Article, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ConflictView:
    conflict: Conflict
    claim_a: Claim
    claim_b: Claim


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryView:
    """A story as an editor reads it: what is claimed, by whom, and where sources disagree."""

    story: Story
    summary: StorySummary | None
    claims: tuple[Claim, ...]  # by importance
    conflicts: tuple[ConflictView, ...]
    quotes: tuple[AlignedQuote, ...]  # by speaker, then first appearance
    families: tuple[FamilyGroup, ...]
    coverage: Coverage
    source_ids: dict[str, str]  # article_id -> the source's own id (or the article id)


def _source_id(article: Article | None, article_id: str) -> str:
    return (article.source_id if article is not None else None) or article_id


def story_view(store: Store, story_id: str) -> StoryView:
    """Everything `storyline show STORY_ID` prints, read from the store."""
    story = store.get(Story, story_id)
    if story is None:
        raise StorylineError(f"no story {story_id!r} (see `storyline stories`)")
    articles = [a for i in story.article_ids if (a := store.get(Article, i)) is not None]
    claims = sorted(
        store.all(Claim, story_id=story_id), key=lambda c: (-c.importance, c.claim_id)
    )
    by_id = {c.claim_id: c for c in claims}
    conflicts = tuple(
        ConflictView(conflict=c, claim_a=by_id[c.claim_a], claim_b=by_id[c.claim_b])
        for c in store.all(Conflict, story_id=story_id)
        if c.claim_a in by_id and c.claim_b in by_id
    )
    quotes = tuple(
        sorted(
            store.all(AlignedQuote, story_id=story_id),
            key=lambda q: ((q.speaker_name or "~").lower(), q.renderings[0].article_id),
        )
    )
    family_of = family_index(articles, list(store.all(SourceFamily)))
    grouped: dict[str, list[Article]] = {}
    for article in articles:
        grouped.setdefault(family_of[article.article_id], []).append(article)
    cited = {s.article_id for c in claims for s in c.supports}
    source_ids = {
        i: _source_id(store.get(Article, i), i) for i in cited | set(story.article_ids)
    }
    return StoryView(
        story=story,
        summary=store.get(StorySummary, story_id),
        claims=tuple(claims),
        conflicts=conflicts,
        quotes=quotes,
        families=tuple(
            FamilyGroup(family_id=f, articles=tuple(a)) for f, a in grouped.items()
        ),
        coverage=coverage(story_id, claims, articles),
        source_ids=source_ids,
    )


def _support_rows(supports: Sequence[Support], source_ids: dict[str, str]) -> list[Row]:
    return [
        {
            "source_id": source_ids.get(s.article_id, s.article_id),
            "article_id": s.article_id,
            "sentence": s.sentence,
            "start": s.start,
            "end": s.end,
            "text": s.text,
            "family_id": s.family_id,
            "background": s.background,
        }
        for s in supports
    ]


def _cited_sources(claim: Claim, source_ids: dict[str, str]) -> list[str]:
    return sorted({source_ids.get(s.article_id, s.article_id) for s in claim.supports})


def _source_index(store: Store) -> dict[str, str]:
    return {a.article_id: a.source_id or a.article_id for a in store.all(Article)}


def claim_rows(store: Store) -> Iterator[Row]:
    """One row per claim: its text, supporting sources and spans, families, conflict partners."""
    source_ids = _source_index(store)
    partners: dict[str, list[str]] = {}
    for c in store.all(Conflict):
        partners.setdefault(c.claim_a, []).append(c.claim_b)
        partners.setdefault(c.claim_b, []).append(c.claim_a)
    for claim in store.all(Claim):
        yield {
            "story_id": claim.story_id,
            "claim_id": claim.claim_id,
            "text": claim.text,
            "article_count": claim.article_count,
            "family_count": claim.family_count,
            "single_source": claim.single_source,
            "importance": claim.importance,
            "outlets": list(claim.outlets),
            "source_ids": _cited_sources(claim, source_ids),
            "families": sorted({s.family_id for s in claim.supports}),
            "supports": _support_rows(claim.supports, source_ids),
            "conflict_partners": partners.get(claim.claim_id, []),
        }


def conflict_rows(store: Store) -> Iterator[Row]:
    """One row per conflict: its kind and reason, and both sides with their sources."""
    source_ids = _source_index(store)
    claims = {c.claim_id: c for c in store.all(Claim)}

    def side(claim_id: str) -> Row:
        claim = claims.get(claim_id)
        if claim is None:
            return {"claim_id": claim_id}
        return {
            "claim_id": claim_id,
            "text": claim.text,
            "source_ids": _cited_sources(claim, source_ids),
            "families": sorted({s.family_id for s in claim.supports}),
            "supports": _support_rows(claim.supports, source_ids),
        }

    for conflict in store.all(Conflict):
        yield {
            "story_id": conflict.story_id,
            "conflict_id": conflict.conflict_id,
            "kind": conflict.kind,
            "reason": conflict.reason,
            "claim_a": side(conflict.claim_a),
            "claim_b": side(conflict.claim_b),
        }
