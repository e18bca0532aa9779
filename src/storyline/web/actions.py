"""The desk's writes: an editor's correction and an ingest, shared by the pages and the API.

Both take the store's writer lock without waiting (a running ``storyline run`` holds it): the
editor is told the store is busy and nothing is half done, rather than a request that hangs for
the length of a run. An ingest goes through the same functions (and so the same guards: private
addresses refused, sizes capped, bad input recorded as rejections) as ``storyline ingest``.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from storyline.config import Config
from storyline.corrections import CorrectionError
from storyline.engines import local_corrections as corrections
from storyline.errors import StoreError, StorylineError
from storyline.model import Correction
from storyline.pipeline import ingest, run
from storyline.store import SQLiteStore, open_store


class Busy(StorylineError):
    """Another process (a ``storyline run``) is writing to the store."""


BUSY = (
    "the store is busy: a storyline run is writing to it. Nothing was changed; try again when "
    "it has finished."
)

# An upload larger than this in all is refused before anything is written (a single document
# larger than the ingest limits is stored as an `oversized` rejection, as on the command line).
MAX_UPLOAD_BYTES = 200_000_000


def _busy() -> None:
    raise Busy(BUSY)


def _open(db: Path) -> SQLiteStore:
    return open_store(db, create=False)


def correct(
    db: Path,
    kind: str,
    *,
    story_id: str | None = None,
    other_story_id: str | None = None,
    article_ids: Sequence[str] = (),
    conflict_id: str | None = None,
    note: str = "",
) -> Correction:
    """Make one correction (see :mod:`storyline.corrections`) under the writer lock."""
    with _open(db) as store:
        try:
            with store.exclusive(wait=False):
                return _correct(
                    store, kind, story_id, other_story_id, list(article_ids), conflict_id, note
                )
        except StoreError as exc:
            if "busy" in str(exc):
                raise Busy(BUSY) from None
            raise


def _need(value: str | None, what: str) -> str:
    if not value:
        raise CorrectionError(f"this correction needs {what}")
    return value


def _correct(
    store: SQLiteStore,
    kind: str,
    story_id: str | None,
    other_story_id: str | None,
    article_ids: list[str],
    conflict_id: str | None,
    note: str,
) -> Correction:
    if kind == "split":
        return corrections.split_story(store, _need(story_id, "a story"), article_ids, note)
    if kind == "merge":
        return corrections.merge_stories(
            store, _need(story_id, "the story kept"), _need(other_story_id, "the other story"),
            note,
        )
    if kind == "move":
        return corrections.move_articles(
            store, article_ids, _need(story_id, "the story to move to"), note
        )
    if kind in ("dismiss-conflict", "confirm-conflict"):
        return corrections.decide_conflict(
            store, _need(conflict_id, "a conflict"), dismiss=kind == "dismiss-conflict", note=note
        )
    raise CorrectionError(f"unknown correction {kind!r}")


@dataclass(frozen=True, slots=True, kw_only=True)
class Upload:
    name: str
    stream: BinaryIO


@dataclass(frozen=True, slots=True, kw_only=True)
class IngestDone:
    lines: list[str]
    read: int
    new: int
    known: int
    rejected: int


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _safe_name(name: str, n: int) -> str:
    """The uploaded file's own name (its extension says its kind), reduced to harmless
    characters; never a path."""
    base = _UNSAFE.sub("_", Path(name.replace("\\", "/")).name).strip("._") or f"upload-{n}"
    return base[-120:]


def ingest_uploads(
    db: Path, cfg: Config, uploads: Sequence[Upload], urls: Sequence[str], run_stages: bool
) -> IngestDone:
    """Store the uploads in a folder of their own, then ingest them and the URLs (and, with
    ``run_stages``, run every stage) exactly as ``storyline ingest`` / ``storyline run``."""
    inputs = [u.strip() for u in urls if u.strip()]
    for url in inputs:
        if not url.lower().startswith(("http://", "https://")):
            raise StorylineError(f"not an http(s) URL: {url[:200]!r}")
    folder = Path(tempfile.mkdtemp(prefix="storyline-desk-"))
    try:
        total = 0
        for n, upload in enumerate(uploads):
            target = folder / f"{n:03d}-{_safe_name(upload.name, n)}"
            with target.open("wb") as out:
                while chunk := upload.stream.read(1 << 20):
                    total += len(chunk)
                    if total > MAX_UPLOAD_BYTES:
                        raise StorylineError(
                            f"the upload is larger than {MAX_UPLOAD_BYTES // 1_000_000} MB"
                        )
                    out.write(chunk)
            inputs.append(str(target))
        if not inputs:
            raise StorylineError("nothing to ingest: choose files or give URLs")
        with _open(db) as store:
            if run_stages:
                summary = run(store, inputs, cfg, None, _busy)
                done = summary.ingest
                lines = summary.lines()
            else:
                done = ingest(store, inputs, cfg, None, _busy)
                lines = [f"ingest: {done.line()}"]
        return IngestDone(
            lines=lines, read=done.read, new=done.new, known=done.known,
            rejected=done.rejected_total,
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
