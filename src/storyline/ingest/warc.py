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
from typing import BinaryIO, TypeVar

from warcio.archiveiterator import ArchiveIterator

from storyline.config import IngestConfig
from storyline.ingest.common import Rejected, reject
from storyline.ingest.html import decode_html, html_report, looks_like_html
from storyline.model import Rejection, Report

T = TypeVar("T")
_GZIP_MAGIC = b"\x1f\x8b"
_HEAD_BYTES = 4096
_CHECK_CHUNK = 1 << 16


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
                # warcio ends quietly at a record cut short (a download stopped halfway): the
                # file is checked to its end on its own, so a cut archive is never taken whole.
                stream.seek(0)
                cut = _cut_short(stream)
                if cut is not None:
                    detail = f"damaged WARC archive after {found} pages: {cut}"
                    yield reject(origin, "bad-record", detail)
                    return
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


def _cut_short(stream: BinaryIO) -> str | None:
    """Why the archive ends inside a record, or None when every record is whole: each gzip
    member must reach its end, and each record of a plain WARC its declared Content-Length."""
    head = stream.read(2)
    stream.seek(0)
    if head == _GZIP_MAGIC:
        return _gzip_cut_short(stream)
    return _warc_cut_short(stream)


def _gzip_cut_short(stream: BinaryIO) -> str | None:
    inflate, started = zlib.decompressobj(16 + zlib.MAX_WBITS), False
    try:
        while chunk := stream.read(_CHECK_CHUNK):
            data = chunk
            while data:
                started = True
                inflate.decompress(data, _CHECK_CHUNK)  # only how far it gets matters
                if inflate.eof:  # one member whole; the next starts in what is left
                    data, started = inflate.unused_data, False
                    inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
                else:
                    data = inflate.unconsumed_tail
    except zlib.error as exc:
        return f"a compressed record is damaged ({exc})"
    return "the file ends inside a compressed record" if started else None


def _warc_cut_short(stream: BinaryIO) -> str | None:
    if not stream.read(5).startswith(b"WARC/"):
        return None  # an ARC file: warcio's own reading is all there is
    stream.seek(0)
    offset = 0
    while True:
        header = b""
        while b"\r\n\r\n" not in header:
            piece = stream.read(1024)
            if not piece:
                return None if not header.strip() else "the file ends inside a record's header"
            header += piece
        head, _, _ = header.partition(b"\r\n\r\n")
        length = _content_length(head)
        if length is None:
            return "a record has no Content-Length"
        offset += len(head) + 4 + length + 4  # the block, then the record's closing CRLF CRLF
        stream.seek(0, io.SEEK_END)
        if stream.tell() < offset:
            return "the file ends inside a record"
        stream.seek(offset)


def _content_length(head: bytes) -> int | None:
    for line in head.split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length" and value.strip().isdigit():
            return int(value)
    return None


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
