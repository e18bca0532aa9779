"""The desk's pages: server-rendered from the same read-side rows the API returns, and the
forms an editor corrects stories and conflicts with."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from urllib.parse import quote, urlencode

from fastapi import APIRouter, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from storyline import query_desk, query_desk_records
from storyline.engines.local_corrections import resolve_story
from storyline.query import corpus_stats
from storyline.web import actions, render
from storyline.web.api import story_query
from storyline.web.app import check_write, page, reading, settings

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50


def _moment(value: str | None) -> datetime | None:
    """A date typed in a filter box; an unreadable one is a clear 400, not a traceback."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        raise HTTPException(400, f"not a date: {value[:40]!r} (use YYYY-MM-DD)") from None


@router.get("/")
def front(
    request: Request,
    since: str | None = None,
    until: str | None = None,
    place: str | None = None,
    participant: str | None = None,
    outlet: str | None = None,
    q: str | None = None,
    order: query_desk.StoryOrder = "newest",
    page_number: Annotated[int, Query(alias="page", ge=1)] = 1,
) -> Response:
    """The stories, newest first, with their counts, single-source flag and conflict badge."""
    wanted = story_query(
        _moment(since), _moment(until), place, participant, outlet, q, 0, order,
        (page_number - 1) * PAGE_SIZE, PAGE_SIZE,
    )
    filters = {"since": since, "until": until, "place": place, "participant": participant,
               "outlet": outlet, "q": q, "order": order}
    with reading(request) as store:
        listing = query_desk.story_page(store, wanted)
        empty = query_desk.is_empty(store)
        stats = corpus_stats(store, store.schema_version())

    def link(n: int) -> str:
        kept = {k: v for k, v in filters.items() if v and not (k == "order" and v == "newest")}
        return "/?" + urlencode({**kept, "page": n})

    pages = max(1, -(-listing["total"] // PAGE_SIZE))
    return page(request, "index.html", {
        "listing": listing, "filters": filters, "empty": empty, "stats": stats,
        "page_number": page_number, "pages": pages,
        "previous": link(page_number - 1) if page_number > 1 else None,
        "next": link(page_number + 1) if page_number < pages else None,
        "filtered": any(v for k, v in filters.items() if k != "order"),
    })


@router.get("/stories/{story_id}")
def story(
    request: Request,
    story_id: str,
    done: str | None = None,
    min_confidence: Annotated[float, Query(ge=0.0, le=1.0)] = 0.0,
) -> Response:
    """The story as an editor reads it (see the template for each section); conflicts at least
    ``min_confidence`` sure."""
    desk = settings(request)
    with reading(request) as store:
        detail = query_desk.story_detail(store, story_id, desk.config.stories, min_confidence)
        choices = (
            query_desk.story_choices(store, exclude=detail["story"]["story_id"])
            if not desk.read_only else []
        )
    live = detail["story"]["story_id"]
    if live != story_id:
        kept = f"?{request.url.query}" if request.url.query else ""
        return RedirectResponse(f"/stories/{quote(live)}{kept}", status_code=307)
    outlets = detail["coverage"]["outlets"]
    quote_outlets = render.quote_outlets(detail["quotes"], outlets)
    claim_number = {c["claim_id"]: n for n, c in enumerate(detail["claims"], 1)}
    notice = next((c for c in detail["corrections"] if c["correction_id"] == done), None)
    return page(request, "story.html", {
        "d": detail,
        "s": detail["story"],
        "families": render.family_labels(detail["families"]),
        "timeline": render.timeline(detail["articles"]),
        "quote_outlets": quote_outlets,
        "quote_grid": render.quote_grid(detail["quotes"], quote_outlets),
        "claim_number": claim_number,
        "claim_text": {c["claim_id"]: c["text"] for c in detail["claims"]},
        "choices": choices,
        "notice": notice,
        "min_confidence": min_confidence,
    })


def _after(story_id: str, correction_id: str, anchor: str = "") -> RedirectResponse:
    target = f"/stories/{quote(story_id)}?done={quote(correction_id)}{anchor}"
    return RedirectResponse(target, status_code=303)


@router.post("/stories/{story_id}/split")
def split(
    request: Request,
    story_id: str,
    csrf_token: Annotated[str, Form()] = "",
    article_ids: Annotated[list[str], Form()] = [],  # noqa: B006
    note: Annotated[str, Form()] = "",
) -> Response:
    check_write(request, csrf_token)
    made = actions.correct(
        settings(request).db, "split", story_id=story_id, article_ids=article_ids, note=note
    )
    return _after(story_id, made.correction_id, "#corrections")


@router.post("/stories/{story_id}/merge")
def merge(
    request: Request,
    story_id: str,
    csrf_token: Annotated[str, Form()] = "",
    other_story_id: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> Response:
    check_write(request, csrf_token)
    made = actions.correct(
        settings(request).db, "merge", story_id=story_id, other_story_id=other_story_id,
        note=note,
    )
    return _after(story_id, made.correction_id, "#corrections")


@router.post("/stories/{story_id}/move")
def move(
    request: Request,
    story_id: str,
    csrf_token: Annotated[str, Form()] = "",
    article_id: Annotated[str, Form()] = "",
    to_story_id: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> Response:
    check_write(request, csrf_token)
    made = actions.correct(
        settings(request).db, "move", story_id=to_story_id, article_ids=[article_id], note=note
    )
    # Back to the story the article left (it may be gone if that was its last article).
    with reading(request) as store:
        left = resolve_story(store, story_id)
    return _after(left or to_story_id, made.correction_id, "#corrections")


@router.post("/conflicts/{conflict_id}/{decision}")
def decide(
    request: Request,
    conflict_id: str,
    decision: str,
    csrf_token: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> Response:
    if decision not in ("dismiss", "confirm"):
        raise HTTPException(404, "a conflict is dismissed or confirmed")
    check_write(request, csrf_token)
    made = actions.correct(
        settings(request).db, f"{decision}-conflict", conflict_id=conflict_id, note=note
    )
    return _after(made.story_id or "", made.correction_id, "#conflicts")


@router.get("/articles")
def articles(
    request: Request, page_number: Annotated[int, Query(alias="page", ge=1)] = 1
) -> Response:
    with reading(request) as store:
        listing = query_desk_records.article_list(store, (page_number - 1) * PAGE_SIZE, PAGE_SIZE)
    pages = max(1, -(-listing["total"] // PAGE_SIZE))
    return page(request, "articles.html", {
        "listing": listing, "page_number": page_number, "pages": pages,
    })


@router.get("/articles/{article_id}")
def article(request: Request, article_id: str, cite: str | None = None) -> Response:
    """The text with copied passages, quotes, claims and names highlighted; ``cite`` (a
    citation's span, ``start-end``) is marked and scrolled to."""
    with reading(request) as store:
        detail = query_desk_records.article_detail(store, article_id)
    span = render.parse_cite(cite)
    text = detail["article"]["text"]
    return page(request, "article.html", {
        "d": detail,
        "a": detail["article"],
        "blocks": render.highlight(text, detail["sentences"], detail["spans"], span),
        "cited": text[span[0] : span[1]] if span else None,
        "claims": [s for s in detail["spans"] if s["kind"] == "claim"],
        "quotes": [s for s in detail["spans"] if s["kind"] == "quote"],
    })


@router.get("/entities")
def entities(
    request: Request,
    q: str | None = None,
    kind: str | None = None,
    page_number: Annotated[int, Query(alias="page", ge=1)] = 1,
) -> Response:
    with reading(request) as store:
        listing = query_desk_records.entity_list(
            store, q or None, kind or None, (page_number - 1) * PAGE_SIZE, PAGE_SIZE
        )
    pages = max(1, -(-listing["total"] // PAGE_SIZE))
    return page(request, "entities.html", {
        "listing": listing, "q": q or "", "kind": kind or "", "page_number": page_number,
        "pages": pages,
    })


@router.get("/entities/{entity_id}")
def entity(request: Request, entity_id: str) -> Response:
    with reading(request) as store:
        detail = query_desk_records.entity_detail(store, entity_id)
    return page(request, "entity.html", {"d": detail, "e": detail["entity"]})


@router.get("/search")
def search(request: Request, q: str = "") -> Response:
    with reading(request) as store:
        found = query_desk_records.search(store, q, 50)
    return page(request, "search.html", {"q": q, "hits": found["hits"]})


@router.get("/corrections")
def corrections(request: Request) -> Response:
    with reading(request) as store:
        rows = query_desk.correction_list(store)
    return page(request, "corrections.html", {"rows": rows})


@router.get("/ingest")
def ingest_form(request: Request) -> Response:
    return page(request, "ingest.html", {"result": None})


@router.post("/ingest")
def ingest(
    request: Request,
    csrf_token: Annotated[str, Form()] = "",
    files: Annotated[list[UploadFile], File()] = [],  # noqa: B006
    urls: Annotated[str, Form()] = "",
    run: Annotated[bool, Form()] = False,
) -> Response:
    """Ingest uploads and URLs (only with --allow-ingest), as `storyline ingest` would."""
    check_write(request, csrf_token, ingest=True)
    desk = settings(request)
    uploads = [
        actions.Upload(name=f.filename or "upload", stream=f.file) for f in files if f.filename
    ]
    done = actions.ingest_uploads(desk.db, desk.config, uploads, urls.splitlines(), run)
    return page(request, "ingest.html", {"result": done})
