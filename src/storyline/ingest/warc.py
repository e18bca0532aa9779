"""WARC files (``.warc``, ``.warc.gz``) -> one Report per HTML response, via warcio.

Only successful (2xx) ``response`` records and ``resource`` records whose payload is HTML are
documents; requests, metadata, redirects, images and stylesheets in a crawl are not articles and
are passed over. The report's URL is the record's ``WARC-Target-URI``; its origin is the file
plus the record's byte offset, so it is stable for a given archive.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from storyline.config import IngestConfig
from storyline.ingest.common import Rejected, reject
from storyline.ingest.html import decode_html, html_report, looks_like_html
from storyline.model import Rejection, Report


def warc_reports(path: Path, origin: str, cfg: IngestConfig) -> Iterator[Report | Rejection]:
    found = 0
    with path.open("rb") as stream:
        records = ArchiveIterator(stream)
        while True:
            try:
                record = next(records)
            except StopIteration:
                break
            except (ArchiveLoadFailed, ValueError, OSError, EOFError) as exc:
                # A corrupt archive: what was read before the damage stands.
                where = f"{origin}#{records.offset}" if found else origin
                yield reject(where, "bad-record", f"not a readable WARC file: {exc}")
                return
            if record.rec_type not in ("response", "resource"):
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            record_origin = f"{origin}#{records.get_record_offset()}"
            content_type = _content_type(record)
            if record.rec_type == "response" and record.http_headers is not None:
                status = record.http_headers.get_statuscode() or ""
                if not status.startswith("2"):
                    continue
            payload = record.content_stream().read(cfg.max_raw_bytes + 1)
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
