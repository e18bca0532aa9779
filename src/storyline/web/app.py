"""The desk's application: FastAPI over the read side, pages from Jinja2 templates, and the
guards every request passes.

- One store connection per request (SQLite WAL): pages keep serving while ``storyline run``
  writes, and a request never sees another's half-read state.
- Every value in a page is escaped (Jinja2 autoescape; URLs from articles are links only when
  they are http(s)), and the Content-Security-Policy lets a page run only the scripts and styles
  served by the desk itself: no inline script, no other origin.
- Every write needs the per-session token (``csrf_token``): a cookie names the session, the
  token is derived from it with a key made when the server started, and a write sends the token
  in its form or in the ``X-CSRF-Token`` header, which another site cannot read or forge. A
  write whose ``Origin`` is another site is refused as well.
- On the loopback address (the default) only loopback host names are served, so a web page
  cannot reach the desk through a DNS name that points at 127.0.0.1.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import sqlite3
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from starlette.exceptions import HTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from storyline.config import Config
from storyline.errors import NotFound, StorylineError
from storyline.store import SQLiteStore, open_store
from storyline.web import render
from storyline.web.actions import Busy

log = logging.getLogger("storyline.desk")

SESSION_COOKIE = "storyline_desk"
CSRF_HEADER = "x-csrf-token"
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
LOOPBACK = ("127.0.0.1", "localhost", "::1")
_HERE = files("storyline.web")


@dataclass(frozen=True, slots=True, kw_only=True)
class DeskSettings:
    db: Path
    host: str = "127.0.0.1"
    read_only: bool = False  # no corrections
    allow_ingest: bool = False  # POST /ingest and the ingest page
    config: Config = field(default_factory=Config)


class Forbidden(StorylineError):
    """A write without its session token, from another site, or that the server does not
    allow (``--read-only``, no ``--allow-ingest``)."""


def settings(request: Request) -> DeskSettings:
    desk: DeskSettings = request.app.state.desk
    return desk


@contextmanager
def reading(request: Request) -> Iterator[SQLiteStore]:
    """The request's own connection to the store, closed when the request is done."""
    store = open_store(settings(request).db, create=False)
    try:
        yield store
    finally:
        store.close()


def csrf_token(request: Request) -> str:
    session: str = request.state.session
    key: bytes = request.app.state.secret
    return hmac.new(key, session.encode(), hashlib.sha256).hexdigest()[:40]


def check_write(request: Request, token: str | None, *, ingest: bool = False) -> None:
    """Refuse a write the server does not allow, or that another site could have sent."""
    desk = settings(request)
    if ingest and not desk.allow_ingest:
        raise Forbidden("ingest is off: start the desk with `storyline serve --allow-ingest`")
    if not ingest and desk.read_only:
        raise Forbidden("the desk was started with --read-only: corrections are off")
    origin = request.headers.get("origin")
    if origin and origin != "null":
        host = request.headers.get("host", "")
        if urlsplit(origin).netloc != host:
            raise Forbidden("a write from another site is refused")
    if request.headers.get("sec-fetch-site") == "cross-site":
        raise Forbidden("a write from another site is refused")
    if not token or not hmac.compare_digest(token, csrf_token(request)):
        raise Forbidden(
            "this form has expired or did not come from the desk (missing or wrong session "
            "token): reload the page and try again"
        )


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def _templates() -> Jinja2Templates:
    env = Environment(
        loader=FileSystemLoader(str(_HERE.joinpath("templates"))),
        autoescape=True,  # every value in every template, whatever the file's name
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        short=render.short, day=render.day, span=render.span, safe_url=render.safe_url,
        mark=render.mark,
    )
    return Jinja2Templates(env=env)


def page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    """A page from its template, with what every page shows (the store, the session token)."""
    desk = settings(request)
    templates: Jinja2Templates = request.app.state.templates
    base = {
        "db_name": desk.db.name,
        "read_only": desk.read_only,
        "allow_ingest": desk.allow_ingest,
        "csrf_token": csrf_token(request),
    }
    return templates.TemplateResponse(request, name, {**base, **context}, status_code=status)


def problem(request: Request, status: int, message: str) -> Response:
    if wants_json(request):
        return JSONResponse({"detail": message}, status_code=status)
    titles = {400: "Cannot do that", 403: "Not allowed", 404: "Not found", 409: "Busy",
              413: "Too large", 503: "Busy"}
    return page(
        request, "error.html",
        {"title": titles.get(status, "Something went wrong"), "message": message},
        status,
    )


def create_app(desk: DeskSettings) -> FastAPI:
    """The desk over the store at ``desk.db`` (which must exist)."""
    from storyline import __version__
    from storyline.web import api, pages

    app = FastAPI(
        title="storyline desk",
        version=__version__,
        description=(
            "The read side of a storyline store (stories, claims, conflicts, quotes, articles "
            "with their spans, entities, search) and an editor's corrections. Field names are "
            "those of `storyline export`. Writes need the session token of GET /api/session "
            "in the X-CSRF-Token header."
        ),
        docs_url=None,  # the interactive docs load scripts from a CDN; the desk works offline
        redoc_url=None,
    )
    app.state.desk = desk
    app.state.secret = secrets.token_bytes(32)
    app.state.templates = _templates()
    app.mount("/static", StaticFiles(directory=str(_HERE.joinpath("static"))), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)

    @app.middleware("http")
    async def guard(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        session = request.cookies.get(SESSION_COOKIE, "")
        fresh = len(session) < 32 or not session.replace("-", "").replace("_", "").isalnum()
        request.state.session = secrets.token_urlsafe(32) if fresh else session
        response = await call_next(request)
        headers = response.headers
        headers["Content-Security-Policy"] = CSP
        headers["X-Content-Type-Options"] = "nosniff"
        headers["Referrer-Policy"] = "no-referrer"
        headers["X-Frame-Options"] = "DENY"
        headers.setdefault("Cache-Control", "no-store")
        if fresh:
            response.set_cookie(
                SESSION_COOKIE, request.state.session, httponly=True, samesite="strict"
            )
        return response

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return problem(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        if wants_json(request):
            return JSONResponse({"detail": jsonable(exc.errors())}, status_code=422)
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        return problem(request, 400, f"{where}: {first.get('msg', 'invalid value')}")

    @app.exception_handler(StorylineError)
    async def misuse(request: Request, exc: StorylineError) -> Response:
        status = (
            404 if isinstance(exc, NotFound) else 409 if isinstance(exc, Busy)
            else 403 if isinstance(exc, Forbidden) else 400
        )
        return problem(request, status, str(exc))

    @app.exception_handler(sqlite3.OperationalError)
    async def locked(request: Request, exc: sqlite3.OperationalError) -> Response:
        log.warning("store error on %s: %s", request.url.path, exc)
        return problem(request, 503, "the store is busy or unreadable just now; try again")

    @app.exception_handler(Exception)
    async def failure(request: Request, exc: Exception) -> Response:
        log.exception("error on %s", request.url.path)
        return problem(request, 500, "the desk met an error it did not expect (see its log)")

    if desk.host in LOOPBACK:
        return _only_loopback(app)
    return app


def jsonable(value: Any) -> Any:
    """Validation errors as plain JSON (their ``ctx`` may hold exceptions)."""
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _only_loopback(app: FastAPI) -> FastAPI:
    # TrustedHostMiddleware answers other Host names with 400 before any route runs.
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=["127.0.0.1", "localhost", "[::1]"])
    return app


__all__ = ["CSP", "DeskSettings", "create_app"]
