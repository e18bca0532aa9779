"""RSS/Atom feeds (files or fetched) -> one Report per entry, via feedparser.

Each entry gives its link (the report's URL), title, author, date and content; HTML content is
stripped to text, one block per paragraph. An entry's origin is the feed's origin plus the entry's
own ID (its guid, else its link), so it stays the same when the feed gains newer entries.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import feedparser

from storyline.ingest.common import clean_str, make_report, outlet_from_url, reject
from storyline.ingest.html import fragment_text
from storyline.model import Rejection, Report

# The root elements that make an XML document a feed (RSS 2.0, Atom, RSS 1.0/RDF).
FEED_MARKERS = ("<rss", "<feed", "<rdf:rdf")


def looks_like_feed(head: str) -> bool:
    lowered = head[:4096].lower()
    return any(marker in lowered for marker in FEED_MARKERS) and "<html" not in lowered[:512]


def feed_reports(
    data: bytes, *, origin: str, max_text_bytes: int, feed_url: str | None = None
) -> Iterator[Report | Rejection]:
    # Bytes, never a str: feedparser would treat a str that looks like a URL as one to fetch.
    headers = {"content-location": feed_url} if feed_url else None
    parsed = feedparser.parse(data, response_headers=headers)
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        yield reject(origin, "bad-record", f"not an RSS/Atom feed: {problem or 'no feed found'}")
        return
    if not parsed.entries:
        yield reject(origin, "empty-text", "the feed has no entries")
        return
    feed_info: dict[str, Any] = parsed.get("feed", {})
    feed_link = clean_str(feed_info.get("link")) or feed_url
    feed_language = clean_str(feed_info.get("language"))
    feed_title = clean_str(feed_info.get("title"))
    for number, entry in enumerate(parsed.entries, start=1):
        link = clean_str(entry.get("link"))
        guid = clean_str(entry.get("id")) or link
        entry_origin = f"{origin}#{guid or f'entry-{number}'}"
        text = _entry_text(entry)
        if not text:
            yield reject(entry_origin, "empty-text", "feed entry has no content or summary")
            continue
        metadata: dict[str, Any] = {"feed": feed_url or origin}
        if feed_title:
            metadata["feed_title"] = feed_title
        tags = [t.get("term") for t in entry.get("tags", []) if t.get("term")]
        if tags:
            metadata["tags"] = tags
        yield make_report(
            origin=entry_origin,
            kind="rss",
            text=text,
            max_text_bytes=max_text_bytes,
            source_id=guid,
            url=link,
            outlet=outlet_from_url(link) or outlet_from_url(feed_link),
            title=clean_str(entry.get("title")),
            author=clean_str(entry.get("author")),
            published=_entry_date(entry),
            language=feed_language,
            metadata=metadata,
        )


def _entry_text(entry: Any) -> str:
    """The fullest body the entry carries: its longest content, else its summary."""
    candidates: list[tuple[str, str]] = [
        (c.get("type", "text/html"), c.get("value", "")) for c in entry.get("content", [])
    ]
    if not any(value.strip() for _, value in candidates):
        detail = entry.get("summary_detail") or {}
        candidates = [(detail.get("type", "text/html"), entry.get("summary", ""))]
    texts = [
        value.strip() if kind == "text/plain" else fragment_text(value)
        for kind, value in candidates
        if value and value.strip()
    ]
    return max(texts, key=len, default="")


def _entry_date(entry: Any) -> datetime | None:
    """feedparser gives dates as UTC struct_time; ingest's dates are naive UTC."""
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            return datetime(*value[:6])
    return None
