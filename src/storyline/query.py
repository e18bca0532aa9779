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


# --- story views (issue 5) ---


# --- claim views (issue 6) ---
