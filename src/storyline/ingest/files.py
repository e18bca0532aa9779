"""Local inputs: expanding files, directories and globs; detecting each file's kind; text files.

Directories are walked recursively in name order (so a run is deterministic), skipping hidden
entries (names starting with "."). Each file's kind comes from its extension, and files without
a telling extension are sniffed by their first bytes. A path named twice is read once.
"""

from __future__ import annotations

import dataclasses
import glob
import os
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path

from storyline.config import IngestConfig
from storyline.ingest.common import (
    Rejected,
    decode,
    first_line,
    has_nul,
    make_report,
    path_origin,
    reject,
)
from storyline.ingest.feeds import feed_reports, looks_like_feed
from storyline.ingest.fetch import is_url
from storyline.ingest.html import decode_html, html_report, looks_like_html
from storyline.ingest.records import csv_reports, jsonl_reports
from storyline.ingest.warc import is_warc, warc_reports
from storyline.model import Rejection, Report, SourceKind

EXTENSION_KINDS: dict[str, SourceKind] = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".rss": "rss",
    ".atom": "rss",
    ".warc": "warc",
    ".arc": "warc",
}
# Extensions whose content decides: XML may be a feed, JSON may be JSON Lines.
SNIFFED_EXTENSIONS = frozenset({"", ".xml", ".json"})
_SNIFF_BYTES = 8192
_GZIP_MAGIC = b"\x1f\x8b"


def kind_from_name(path: Path) -> SourceKind | None:
    name = path.name.lower()
    if name.endswith((".warc.gz", ".arc.gz")):
        return "warc"
    return EXTENSION_KINDS.get(path.suffix.lower())


def sniff_kind(head: bytes, suffix: str) -> SourceKind | None:
    """The kind of a file whose extension does not say, from its first bytes.

    Raises Rejected("binary") for binary content; None means no kind storyline reads.
    """
    if is_warc(head):
        return "warc"
    if head.startswith(_GZIP_MAGIC):
        raise Rejected("unsupported-kind", "a compressed file that is not a WARC archive")
    if has_nul(head):
        raise Rejected("binary", "contains NUL bytes")
    text = head.decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
    if looks_like_feed(text):
        return "rss"
    if looks_like_html(text):
        return "html"
    if text.startswith("{"):
        return "jsonl"
    return "text" if suffix == "" else None


def expand_inputs(inputs: Sequence[str]) -> Iterator[Path | str | Rejection]:
    """Each input as files (Path), URLs (str) or the Rejection of an input that names nothing."""
    for item in inputs:
        if is_url(item):
            yield item
        elif "://" in item:
            scheme = item.split("://", 1)[0]
            yield reject(item, "unsupported-kind", f"{scheme}:// URLs are not read; use http(s)")
        elif _is_dir(item):
            found = False
            for entry in _walk(Path(item), set()):
                found = True
                yield entry
            if not found:
                detail = "the folder holds no files (names starting with '.' are skipped)"
                yield reject(path_origin(item), "empty-text", detail)
        elif os.path.lexists(item):
            yield Path(item)
        elif glob.has_magic(item):
            matches = sorted(glob.glob(item, recursive=True))
            if not matches:
                yield reject(item, "not-found", "the pattern matches no file")
            for match in matches:
                if _is_dir(match):
                    yield from _walk(Path(match), set())
                else:
                    yield Path(match)
        else:
            yield reject(item, "not-found", "no such file or directory")


def _is_dir(path: str) -> bool:
    try:
        return os.path.isdir(path)
    except OSError:
        return False


def _walk(directory: Path, seen: set[str]) -> Iterator[Path | Rejection]:
    real = os.path.realpath(directory)
    if real in seen:  # a symlink loop
        return
    seen.add(real)
    try:
        entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
    except OSError as exc:
        yield reject(path_origin(directory), "unreadable", f"cannot list directory: {exc}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            yield from _walk(path, seen)
        else:
            yield path


def read_file(path: Path, cfg: IngestConfig) -> Iterator[Report | Rejection]:
    """Every Report (or Rejection) one local file holds."""
    origin = path_origin(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        yield reject(origin, "not-found", "no such file (or a broken link)")
        return
    except OSError as exc:
        yield reject(origin, "unreadable", f"cannot stat: {exc.strerror or exc}")
        return
    if not stat.S_ISREG(info.st_mode):
        yield reject(origin, "unsupported-kind", "not a regular file")
        return
    try:
        with path.open("rb") as stream:
            head = stream.read(_SNIFF_BYTES)
    except OSError as exc:
        yield reject(origin, "unreadable", f"cannot read: {exc.strerror or exc}")
        return
    if not head.strip() and info.st_size <= len(head):
        yield reject(origin, "empty-text", "empty file" if not head else "only whitespace")
        return
    kind = kind_from_name(path)
    suffix = path.suffix.lower()
    try:
        if kind is None and suffix in SNIFFED_EXTENSIONS:
            kind = sniff_kind(head, suffix)
        if kind is None:
            label = f"{suffix} files" if suffix else "this content"
            raise Rejected("unsupported-kind", f"{label}: not a kind storyline reads")
        if kind == "text":
            yield _text_report(path, origin, info.st_size, cfg)
        elif kind == "html":
            html = decode_html(_read_capped(path, info.st_size, cfg.max_raw_bytes, "max_raw_bytes"))
            page = html_report(html, origin=origin, kind="html", max_text_bytes=cfg.max_text_bytes)
            if isinstance(page, Report) and page.source_id is None:
                # A saved page without a canonical URL is known by its file name.
                page = dataclasses.replace(page, source_id=os.path.basename(origin))
            yield page
        elif kind == "rss":
            data = _read_capped(path, info.st_size, cfg.max_raw_bytes, "max_raw_bytes")
            yield from feed_reports(data, origin=origin, max_text_bytes=cfg.max_text_bytes)
        elif kind == "jsonl":
            yield from jsonl_reports(path, origin, cfg)
        elif kind == "csv":
            yield from csv_reports(path, origin, cfg)
        else:
            yield from warc_reports(path, origin, cfg)
    except Rejected as exc:
        yield reject(origin, exc.reason, exc.detail)
    except OSError as exc:
        yield reject(origin, "unreadable", f"read failed: {exc.strerror or exc}")


def _read_capped(path: Path, size: int, cap: int, setting: str) -> bytes:
    """The whole file, refusing by its size before reading it (and after, if it grew)."""
    if size > cap:
        raise Rejected("oversized", f"{size} bytes > {setting} {cap}")
    with path.open("rb") as stream:
        data = stream.read(cap + 1)
    if len(data) > cap:
        raise Rejected("oversized", f"more than {setting} {cap} bytes")
    return data


def _text_report(path: Path, origin: str, size: int, cfg: IngestConfig) -> Report | Rejection:
    """A plain-text file: the whole file is the text, its first non-empty line the title, its
    name the source's own identifier (what listings and coverage tables call it when the text
    names no outlet)."""
    text = decode(_read_capped(path, size, cfg.max_text_bytes, "max_text_bytes"))
    return make_report(
        origin=origin,
        kind="text",
        text=text,
        max_text_bytes=cfg.max_text_bytes,
        source_id=os.path.basename(origin),  # a file's own identifier is its name
        title=first_line(text),
    )
