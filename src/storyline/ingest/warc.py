"""WARC files (``.warc``, ``.warc.gz``) -> one Report per HTML response, via warcio.

Only successful (2xx) ``response`` records and ``resource`` records whose payload is HTML are
documents; requests, metadata, redirects, images and stylesheets in a crawl are not articles and
are passed over. The report's URL is the record's ``WARC-Target-URI``; its origin is the file
plus the record's byte offset, so it is stable for a given archive.
"""

from __future__ import annotations

import contextlib
import io
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from warcio.archiveiterator import ArchiveIterator

from storyline.config import IngestConfig
from storyline.ingest.common import Rejected, reject
from storyline.ingest.html import decode_html, html_report, looks_like_html
from storyline.model import Rejection, Report

T = TypeVar("T")
_GZIP_MAGIC = b"\x1f\x8b"
_HEAD_BYTES = 4096


def warc_reports(path: Path, origin: str, cfg: IngestConfig) -> Iterator[Report | Rejection]:
    found = 0
    with path.open("rb") as stream:
        if not is_warc(stream.read(_HEAD_BYTES)):
            yield reject(origin, "bad-record", "not a WARC or ARC archive (no WARC/ header)")
            return
        stream.seek(0)
        records = ArchiveIterator(stream)
        while True:
            try:
                record = _quietly(lambda: next(records))
            except StopIteration:
                break
            except Exception as exc:  # warcio fails in many ways on damaged archives
                # What was read before the damage stands; the rest of the file is rejected.
                detail = f"damaged WARC archive after {found} pages: {type(exc).__name__}: {exc}"
                yield reject(origin, "bad-record", detail)
                return
            if record.rec_type not in ("response", "resource"):
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            content_type = _content_type(record)
            if record.rec_type == "response" and record.http_headers is not None:
                status = record.http_headers.get_statuscode() or ""
                if not status.startswith("2"):
                    continue
            payload = record.content_stream().read(cfg.max_raw_bytes + 1)
            # Only after the payload is read: warcio finds the offset by reading to the end.
            record_origin = f"{origin}#{_quietly(records.get_record_offset)}"
            if "html" not in content_type and not (
                content_type in ("", "application/octet-stream")
                and looks_like_html(payload[:2048].decode("utf-8", "replace"))
            ):
                continue
            found += 1
            if len(payload) > cfg.max_raw_bytes:
                yield reject(
                    record_origin, "oversized", f"record > max_raw_bytes {cfg.max_raw_bytes}"
                )
                continue
            try:
                html = decode_html(payload, _charset(record))
            except Rejected as exc:
                yield reject(record_origin, exc.reason, exc.detail)
                continue
            yield html_report(
                html,
                origin=record_origin,
                kind="warc",
                max_text_bytes=cfg.max_text_bytes,
                url=url,
                url_is_authoritative=True,
                metadata={"warc_record_id": record.rec_headers.get_header("WARC-Record-ID")},
            )
    if not found:
        yield reject(origin, "empty-text", "the WARC file holds no HTML response records")


def _quietly(step: Callable[[], T]) -> T:
    """Run one step of warcio without its warnings: it writes those about damaged records
    ("Content-Length is invalid") straight to stderr, where they would break the CLI's output;
    each record is judged on its own here instead."""
    with contextlib.redirect_stderr(io.StringIO()):
        return step()


def is_warc(head: bytes) -> bool:
    """WARC (or the older ARC) by its first bytes, gzip-compressed or not."""
    if head.startswith(_GZIP_MAGIC):
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
        except zlib.error:
            return False
    return head.startswith((b"WARC/", b"filedesc://"))


def _content_type(record: object) -> str:
    headers = getattr(record, "http_headers", None) or getattr(record, "rec_headers", None)
    value = headers.get_header("Content-Type") if headers is not None else None
    return (value or "").split(";")[0].strip().lower()


def _charset(record: object) -> str | None:
    headers = getattr(record, "http_headers", None) or getattr(record, "rec_headers", None)
    value = (headers.get_header("Content-Type") if headers is not None else None) or ""
    for part in value.split(";")[1:]:
        key, _, charset = part.partition("=")
        if key.strip().lower() == "charset" and charset.strip():
            return charset.strip().strip("\"'")
    return None
