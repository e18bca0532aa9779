"""The read side shared by the CLI and the API: every view of the store an edge renders."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from storyline import model
from storyline.claims import coverage, family_index
from storyline.errors import NotFound
from storyline.model import (
    AlignedQuote,
    Article,
    Claim,
    Conflict,
    Coverage,
    Rejection,
    ReuseLink,
    SourceFamily,
    Story,
    StorySummary,
    speakers_shown,
)
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


# --- reuse views ---


@dataclass(frozen=True, slots=True, kw_only=True)
class PassageView:
    """A shared passage with the text it spans in each article."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    similarity: float
    a_text: str
    b_text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ReusePair:
    link: ReuseLink
    a_title: str | None
    b_title: str | None
    a_source_id: str | None
    b_source_id: str | None
    passages: tuple[PassageView, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ReuseReport:
    pairs: list[ReusePair]  # strongest first
    families: list[SourceFamily]  # largest first; a lone article is its own family


def reuse_report(store: Store) -> ReuseReport:
    """Every stored reuse pair with its passages' text, and every source family."""
    articles: dict[str, Article | None] = {}

    def article(article_id: str) -> Article | None:
        if article_id not in articles:
            articles[article_id] = store.get(Article, article_id)
        return articles[article_id]

    pairs: list[ReusePair] = []
    for link in store.all(ReuseLink):
        a, b = article(link.article_a), article(link.article_b)
        a_text, b_text = (a.text if a else ""), (b.text if b else "")
        pairs.append(
            ReusePair(
                link=link,
                a_title=a.title if a else None,
                b_title=b.title if b else None,
                a_source_id=a.source_id if a else None,
                b_source_id=b.source_id if b else None,
                passages=tuple(
                    PassageView(
                        a_start=p.a_start,
                        a_end=p.a_end,
                        b_start=p.b_start,
                        b_end=p.b_end,
                        similarity=p.similarity,
                        a_text=a_text[p.a_start : p.a_end],
                        b_text=b_text[p.b_start : p.b_end],
                    )
                    for p in link.passages
                ),
            )
        )
    kind_order = {"duplicate": 0, "copy": 1, "paraphrase": 2}
    pairs.sort(key=lambda p: (kind_order[p.link.kind], -p.link.score, p.link.link_id))
    families = sorted(store.all(SourceFamily), key=lambda f: (-len(f.article_ids), f.family_id))
    return ReuseReport(pairs=pairs, families=families)


# --- analyze views ---


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleView:
    """An article with its analysis and the entities its mentions resolve to."""

    article: Article
    analysis: model.Analysis | None
    entities: dict[str, model.Entity]  # entity_id -> entity, for the mentions and speakers


def article_view(store: Store, article_id: str) -> ArticleView:
    """An article with its analysis; NotFound when the store holds no such article."""
    article = store.get(Article, article_id)
    if article is None:
        raise NotFound("article", article_id, "see `storyline articles`")
    analysis = store.get(model.Analysis, article_id)
    ids: set[str] = set()
    if analysis is not None:
        ids = {m.entity_id for m in analysis.mentions if m.entity_id}
        ids |= {q.speaker_entity_id for q in analysis.quotes if q.speaker_entity_id}
    entities = {i: e for i in sorted(ids) if (e := store.get(model.Entity, i)) is not None}
    return ArticleView(article=article, analysis=analysis, entities=entities)


# --- story views ---


def list_stories(store: Store, since: datetime | None = None) -> list[model.Story]:
    """Stories in the order they were founded; with ``since``, those still running at or after it.

    A story with no known date is always listed: nothing says it ended before ``since``.
    """
    out = []
    for story in store.all(model.Story):
        end = story.end
        if since is not None and end is not None and _naive(end) < _naive(since):
            continue
        out.append(story)
    return out


def _naive(moment: datetime) -> datetime:
    return moment.replace(tzinfo=None) if moment.tzinfo is not None else moment


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryArticle:
    article_id: str
    source_id: str | None
    outlet: str | None
    title: str | None
    published: datetime | None
    seq: int
    score: float


@dataclass(frozen=True, slots=True, kw_only=True)
class RelatedView:
    story_id: str
    title: str | None
    reason: str


# --- claim views ---


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
    """A story as an editor reads it: its articles and history, what is claimed, by whom, how
    well corroborated, and where sources disagree."""

    story: Story
    articles: tuple[StoryArticle, ...]  # in arrival order
    related: tuple[RelatedView, ...]
    changes: tuple[model.StoryChange, ...]  # merges and splits it took part in
    summary: StorySummary | None
    claims: tuple[Claim, ...]  # by importance
    conflicts: tuple[ConflictView, ...]
    quotes: tuple[AlignedQuote, ...]  # by speaker, then first appearance
    families: tuple[FamilyGroup, ...]
    coverage: Coverage
    source_ids: dict[str, str]  # article_id -> the source's own id (or the article id)
    outlets: dict[str, str]  # article_id -> its outlet_name (what `show` names sources by)


def families_of(store: Store, article_ids: Sequence[str]) -> list[SourceFamily]:
    """The source families of some articles, without reading every family of the store."""
    wanted = set(article_ids)
    return [
        f
        for f in store.holding(SourceFamily, "article_ids", sorted(wanted))
        if wanted.intersection(f.article_ids)
    ]


def _changes_of(store: Store, story_id: str) -> list[model.StoryChange]:
    return store.containing(model.StoryChange, [story_id])


def _source_id(article: Article | None, article_id: str) -> str:
    return (article.source_id if article is not None else None) or article_id


def outlet_name(article: Article | None, article_id: str) -> str:
    """What an edge calls an article: its outlet (from the record, the URL or the dateline),
    else its source's own id (a file's name, a record's id), else the article id. The same
    order as the claims' coverage columns (claims.coverage)."""
    if article is None:
        return article_id
    return article.outlet or article.source_id or article_id


def _story_articles(store: Store, story: Story) -> list[StoryArticle]:
    assignments = {
        a.article_id: a for a in store.all(model.StoryAssignment, story_id=story.story_id)
    }
    articles = []
    for article_id in story.article_ids:
        article = store.get(Article, article_id)
        assignment = assignments.get(article_id)
        articles.append(
            StoryArticle(
                article_id=article_id,
                source_id=article.source_id if article else None,
                outlet=article.outlet if article else None,
                title=article.title if article else None,
                published=article.published if article else None,
                seq=assignment.seq if assignment else -1,
                score=assignment.score if assignment else 0.0,
            )
        )
    return sorted(articles, key=lambda a: a.seq)


def current_story_id(store: Store, story_id: str) -> str | None:
    """The story a story ID stands for now: itself while it exists, else its successor (the
    story most of its articles went to when it was merged or split away), followed through
    later changes; None when there is no such story."""
    if store.get(Story, story_id) is not None:
        return story_id  # the common case reads no story changes (the desk's story pages)
    successor: dict[str, str] = {}
    for change in store.all(model.StoryChange):
        for gone in change.story_ids:
            if gone not in change.result_ids and change.result_ids:
                successor[gone] = change.result_ids[0]
    seen = {story_id}
    while store.get(Story, story_id) is None and story_id in successor:
        story_id = successor[story_id]
        if story_id in seen:
            return None
        seen.add(story_id)
    return story_id if store.get(Story, story_id) is not None else None


def live_story_id(store: Store, story_id: str) -> str:
    """``current_story_id``, or NotFound when the ID names no story, past or present."""
    current = current_story_id(store, story_id)
    if current is None:
        raise NotFound("story", story_id, "list them with `storyline stories`")
    return current


def story_view(store: Store, story_id: str, min_confidence: float = 0.0) -> StoryView:
    """Everything `storyline show STORY_ID` prints, for this story or, for an ID merged or
    split away, its successor (``current_story_id``), with the conflicts at least
    ``min_confidence`` sure; NotFound when there is no such story."""
    story = store.get(Story, live_story_id(store, story_id))
    if story is None:  # removed between the two reads by a run writing the store
        raise NotFound("story", story_id, "list them with `storyline stories`")
    story_id = story.story_id
    articles = [a for i in story.article_ids if (a := store.get(Article, i)) is not None]
    related = tuple(
        RelatedView(
            story_id=r.story_id,
            title=other.title if (other := store.get(Story, r.story_id)) else None,
            reason=r.reason,
        )
        for r in story.related
    )
    claims = sorted(
        store.all(Claim, story_id=story_id), key=lambda c: (-c.importance, c.claim_id)
    )
    by_id = {c.claim_id: c for c in claims}
    conflicts = tuple(
        ConflictView(conflict=c, claim_a=by_id[c.claim_a], claim_b=by_id[c.claim_b])
        for c in store.all(Conflict, story_id=story_id)
        if c.claim_a in by_id and c.claim_b in by_id and c.confidence >= min_confidence
    )
    quotes = tuple(
        sorted(
            store.all(AlignedQuote, story_id=story_id),
            key=lambda q: (
                (speakers_shown(q.speaker_name, q.co_speakers) or "~").lower(),
                q.renderings[0].article_id,
            ),
        )
    )
    family_of = family_index(articles, families_of(store, story.article_ids))
    grouped: dict[str, list[Article]] = {}
    for article in articles:
        grouped.setdefault(family_of[article.article_id], []).append(article)
    cited = {s.article_id for c in claims for s in c.supports}
    cited |= {r.article_id for q in quotes for r in q.renderings}
    known = {a.article_id: a for a in articles}
    cited_articles = {
        i: known[i] if i in known else store.get(Article, i) for i in cited | set(story.article_ids)
    }
    source_ids = {i: _source_id(a, i) for i, a in cited_articles.items()}
    return StoryView(
        story=story,
        articles=tuple(_story_articles(store, story)),
        related=related,
        changes=tuple(c for c in _changes_of(store, story_id) if story_id in c.story_ids),
        summary=store.get(StorySummary, story_id),
        claims=tuple(claims),
        conflicts=conflicts,
        quotes=quotes,
        families=tuple(
            FamilyGroup(family_id=f, articles=tuple(a)) for f, a in grouped.items()
        ),
        coverage=coverage(story_id, claims, articles),
        source_ids=source_ids,
        outlets={i: outlet_name(a, i) for i, a in cited_articles.items()},
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ViewFilter:
    """What `show` narrows a story to; the defaults keep everything."""

    min_families: int = 0  # claims backed by at least this many independent families
    conflicts_only: bool = False  # claims that take part in a conflict
    outlet: str | None = None  # claims, quotes and articles of outlets whose name contains this
    limit: int | None = None  # at most this many claims, most important first


def filter_view(view: StoryView, which: ViewFilter) -> StoryView:
    """``view`` narrowed to the claims ``which`` selects, with the conflicts between them, the
    coverage rows and columns they use, and (with ``outlet``) that outlet's quotes and articles.
    The story, its summary and its history are left whole."""
    wanted = which.outlet.casefold() if which.outlet else None

    def of_outlet(article_id: str) -> bool:
        return wanted is None or wanted in view.outlets.get(article_id, article_id).casefold()

    in_conflict = {c for v in view.conflicts for c in (v.conflict.claim_a, v.conflict.claim_b)}
    claims = [
        c
        for c in view.claims
        if c.family_count >= which.min_families
        and (not which.conflicts_only or c.claim_id in in_conflict)
        and any(of_outlet(s.article_id) for s in c.supports)
    ]
    if which.limit is not None:
        claims = claims[: max(0, which.limit)]
    kept = {c.claim_id for c in claims}
    conflicts = tuple(
        v for v in view.conflicts if v.conflict.claim_a in kept and v.conflict.claim_b in kept
    )
    columns = [
        n for n, name in enumerate(view.coverage.outlets)
        if wanted is None or wanted in name.casefold()
    ]
    coverage = Coverage(
        story_id=view.coverage.story_id,
        outlets=tuple(view.coverage.outlets[n] for n in columns),
        rows=tuple(
            model.CoverageRow(
                claim_id=row.claim_id, reported_by=tuple(row.reported_by[n] for n in columns)
            )
            for row in view.coverage.rows
            if row.claim_id in kept
        ),
    )
    quotes = view.quotes
    families = view.families
    if wanted is not None:
        quotes = tuple(q for q in quotes if any(of_outlet(r.article_id) for r in q.renderings))
        families = tuple(
            FamilyGroup(
                family_id=g.family_id,
                articles=tuple(a for a in g.articles if of_outlet(a.article_id)),
            )
            for g in families
            if any(of_outlet(a.article_id) for a in g.articles)
        )
    return replace(
        view,
        claims=tuple(claims),
        conflicts=conflicts,
        coverage=coverage,
        quotes=quotes,
        families=families,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryListing:
    """A story with the counts `storyline stories` lists it by."""

    story: Story
    article_count: int
    family_count: int  # independent source families among its articles
    conflict_count: int
    claim_count: int


def story_listings(
    store: Store,
    since: datetime | None = None,
    *,
    min_articles: int = 0,
    text: str | None = None,
    limit: int | None = None,
) -> list[StoryListing]:
    """Stories (as :func:`list_stories`) with their counts, those with at least
    ``min_articles`` articles whose title, place or participants contain ``text``; at most
    ``limit`` of them."""
    wanted = text.casefold() if text else None
    stories = [
        s
        for s in list_stories(store, since)
        if len(s.article_ids) >= min_articles
        and (
            wanted is None
            or any(wanted in (f or "").casefold() for f in (s.title, s.place, *s.participants))
        )
    ]
    if limit is not None:
        stories = stories[: max(0, limit)]
    if not stories:
        return []
    family_of = {a: f.family_id for f in store.all(SourceFamily) for a in f.article_ids}
    conflicts = store.count_by(Conflict, "story_id")
    claims = store.count_by(Claim, "story_id")
    return [
        StoryListing(
            story=s,
            article_count=len(s.article_ids),
            family_count=len({family_of.get(a, a) for a in s.article_ids}),
            conflict_count=conflicts.get(s.story_id, 0),
            claim_count=claims.get(s.story_id, 0),
        )
        for s in stories
    ]
