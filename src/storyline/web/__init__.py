"""The desk: a web UI and REST API over the store (``storyline serve``).

FastAPI, uvicorn and Jinja2 come with the ``web`` extra; without it, :func:`serve` says which
install command brings them. Everything the pages load is served from this package: the desk
works offline.
"""

from __future__ import annotations

from pathlib import Path

from storyline.config import Config
from storyline.errors import MissingCapability

DEFAULT_PORT = 8765


def serve(
    db: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int = DEFAULT_PORT,
    read_only: bool = False,
    allow_ingest: bool = False,
    config: Config | None = None,
) -> None:
    """Serve the desk over the store at ``db`` until interrupted."""
    try:
        import uvicorn

        from storyline.web.app import DeskSettings, create_app
    except ImportError as exc:
        raise MissingCapability("the desk (storyline serve)", "web") from exc
    from storyline.store import open_store

    path = Path(db)
    open_store(path, create=False).close()  # a missing store is an error now, migrated once
    app = create_app(
        DeskSettings(
            db=path,
            host=host,
            read_only=read_only,
            allow_ingest=allow_ingest,
            config=config or Config(),
        )
    )
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
