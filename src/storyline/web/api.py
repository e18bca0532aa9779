"""The REST API (``/api/...``): the read side as JSON, with the exports' field names, and the
editor's corrections. Each route parses, calls one function of ``storyline.query_desk`` (or
``web.actions`` for a write) and returns its rows."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Header, Query, Request, UploadFile

from storyline import query_desk, query_desk_records
from storyline.query import corpus_stats
from storyline.web import actions, schemas
from storyline.web.app import check_write, csrf_token, reading, settings

router = APIRouter(prefix="/api", tags=["api"])
Limit = Annotated[int, Query(ge=1, le=query_desk.MAX_LIMIT)]
Offset = Annotated[int, Query(ge=0)]
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": schemas.Problem, "description": "no such record"}
}
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": schemas.Problem, "description": "the correction cannot be made"},
    403: {"model": schemas.Problem, "description": "no session token, or writes are off"},
    409: {"model": schemas.Problem, "description": "a storyline run is writing to the store"},
}


def story_query(
    since: datetime | None = None,
    until: datetime | None = None,
    place: str | None = None,
    participant: str | None = None,
    outlet: str | None = None,
    q: str | None = None,
    min_articles: int = 0,
    order: query_desk.StoryOrder = "newest",
    offset: int = 0,
    limit: int = query_desk.DEFAULT_LIMIT,
) -> query_desk.StoryQuery:
    """The filters of the story listing, shared by the API and the front page."""
    return query_desk.StoryQuery(
        since=since,
        until=until,
        place=place or None,
        participant=participant or None,
        outlet=outlet or None,
        text=q or None,
        min_articles=max(0, min_articles),
        order=order,
        offset=max(0, offset),
        limit=max(1, min(limit, query_desk.MAX_LIMIT)),
    )


@router.get("/stories", response_model=schemas.StoryList)
def list_stories(
    request: Request,
    since: Annotated[datetime | None, Query(description="running at or after")] = None,
    until: Annotated[datetime | None, Query(description="begun at or before")] = None,
    place: Annotated[str | None, Query(description="place contains")] = None,
    participant: Annotated[str | None, Query(description="a participant's name contains")] = None,
    outlet: Annotated[str | None, Query(description="an article's outlet contains")] = None,
    q: Annotated[str | None, Query(description="title, place or a participant contains")] = None,
    min_articles: Annotated[int, Query(ge=0)] = 0,
    order: query_desk.StoryOrder = "newest",
    offset: Offset = 0,
    limit: Limit = query_desk.DEFAULT_LIMIT,
) -> Any:
    """Stories matching the filters, one page of them, with their counts and flags."""
    wanted = story_query(
        since, until, place, participant, outlet, q, min_articles, order, offset, limit
    )
    with reading(request) as store:
        return query_desk.story_page(store, wanted)


@router.get("/stories/{story_id}", response_model=schemas.StoryDetail, responses=NOT_FOUND)
def get_story(
    request: Request,
    story_id: str,
    min_confidence: Annotated[
        float, Query(ge=0.0, le=1.0, description="only conflicts at least this sure")
    ] = 0.0,
) -> Any:
    """One story: articles (and why each joined), families, claims, conflicts, quotes, cited
    summary, coverage matrix, related stories, changes and corrections. A story merged into
    another or split away is answered with the story it is now part of."""
    with reading(request) as store:
        found = query_desk.story_detail(
            store, story_id, settings(request).config.stories, min_confidence
        )
    return found


@router.get("/articles", response_model=schemas.ArticleList)
def list_articles(request: Request, offset: Offset = 0, limit: Limit = 50) -> Any:
    """Articles in ingest order."""
    with reading(request) as store:
        return query_desk_records.article_list(store, offset, limit)


@router.get("/articles/{article_id}", response_model=schemas.ArticleDetail, responses=NOT_FOUND)
def get_article(request: Request, article_id: str) -> Any:
    """An article's clean text with the spans of every claim support, quote, entity mention
    and copied passage, and for each copied passage the article it came from."""
    with reading(request) as store:
        found = query_desk_records.article_detail(store, article_id)
    return found


@router.get("/entities", response_model=schemas.EntityList)
def list_entities(
    request: Request,
    q: Annotated[str | None, Query(description="name or an alias contains")] = None,
    kind: Annotated[str | None, Query(description="PERSON, ORG, GPE, ...")] = None,
    offset: Offset = 0,
    limit: Limit = 50,
) -> Any:
    """People, organisations and places, by name."""
    with reading(request) as store:
        return query_desk_records.entity_list(store, q or None, kind or None, offset, limit)


@router.get("/entities/{entity_id}", response_model=schemas.EntityDetail, responses=NOT_FOUND)
def get_entity(request: Request, entity_id: str) -> Any:
    """An entity with its aliases, the articles naming it, their stories and its quotes."""
    with reading(request) as store:
        found = query_desk_records.entity_detail(store, entity_id)
    return found


@router.get("/search", response_model=schemas.SearchResult)
def search(
    request: Request,
    q: Annotated[str, Query(description="SQLite FTS5 syntax; other text is a phrase")],
    limit: Limit = 20,
) -> Any:
    """Full-text search over article titles and texts, best match first."""
    with reading(request) as store:
        return query_desk_records.search(store, q, limit)


@router.get("/stats", response_model=schemas.Stats)
def stats(request: Request) -> Any:
    """Counts of every stored record type and of rejections by reason."""
    with reading(request) as store:
        found = corpus_stats(store, store.schema_version())
    return {
        "records": found.records,
        "rejections_by_reason": found.rejections_by_reason,
        "outlets": found.outlets,
        "schema_version": found.schema_version,
    }


@router.get("/session", response_model=schemas.Session)
def session(request: Request) -> Any:
    """The session's write token (the session cookie is set with this answer)."""
    return {"csrf_token": csrf_token(request)}


@router.get("/corrections", response_model=list[schemas.CorrectionRow])
def list_corrections(request: Request) -> Any:
    """Every correction an editor made, newest first."""
    with reading(request) as store:
        return query_desk.correction_list(store)


@router.post(
    "/corrections", response_model=schemas.CorrectionRow, status_code=201, responses=WRITE_ERRORS
)
def make_correction(
    request: Request,
    body: schemas.CorrectionRequest,
    x_csrf_token: Annotated[str | None, Header()] = None,
) -> Any:
    """Split or merge stories, move articles, dismiss or confirm a conflict. Stored as a
    correction record and respected by every later run."""
    check_write(request, x_csrf_token)
    made = actions.correct(
        settings(request).db,
        body.kind,
        story_id=body.story_id,
        other_story_id=body.other_story_id,
        article_ids=body.article_ids,
        conflict_id=body.conflict_id,
        note=body.note,
    )
    return query_desk.correction_row(made)


@router.post("/ingest", response_model=schemas.IngestResult, responses=WRITE_ERRORS)
def ingest(
    request: Request,
    files: Annotated[list[UploadFile], File(description="documents to ingest")] = [],  # noqa: B006
    urls: Annotated[str, Form(description="http(s) URLs, one per line")] = "",
    run: Annotated[bool, Form(description="run every stage after ingest")] = False,
    x_csrf_token: Annotated[str | None, Header()] = None,
) -> Any:
    """Ingest uploaded files and URLs with the guards of `storyline ingest` (only when the desk
    was started with --allow-ingest); with `run`, every stage runs after."""
    check_write(request, x_csrf_token, ingest=True)
    desk = settings(request)
    done = actions.ingest_uploads(
        desk.db,
        desk.config,
        [actions.Upload(name=f.filename or "upload", stream=f.file) for f in files],
        urls.splitlines(),
        run,
    )
    return {"lines": done.lines, "read": done.read, "new": done.new, "known": done.known,
            "rejected": done.rejected}
