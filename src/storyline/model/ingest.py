"""What ingest and clean make: the raw report as read, the cleaned article with its offsets back to
the raw text, and the rejection of what could not be read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar, Literal

from storyline.model.base import JsonValue

SourceKind = Literal["text", "html", "jsonl", "csv", "rss", "warc", "url"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    """One input document as read by ingest, before cleaning.

    ``text`` is the raw main text (for HTML: what trafilatura extracted); the clean stage maps
    every kept character of the cleaned text back to an offset in it.
    """

    KEY: ClassVar[str] = "report_id"

    report_id: str
    origin: str  # where it was read from: a path, "path#L12" for a JSONL line, or a URL
    kind: SourceKind
    text: str
    source_id: str | None = None  # the source's own identifier: JSONL/CSV `id`, else the URL
    url: str | None = None
    outlet: str | None = None  # publisher, from the record or the URL's domain
    title: str | None = None
    author: str | None = None
    published: datetime | None = None
    language: str | None = None
    metadata: dict[str, JsonValue] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class OffsetRun:
    """``length`` characters copied unchanged from raw offset ``raw`` to clean offset ``clean``."""

    clean: int
    raw: int
    length: int


DateOrigin = Literal["metadata", "html", "dateline", "text", "none"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """One cleaned report: the unit every later stage works on.

    ``article_id`` derives from the outlet (or URL) and the normalized text, so re-ingesting the
    same article is a no-op while the same text published by two outlets is two articles.
    """

    KEY: ClassVar[str] = "article_id"

    article_id: str
    report_id: str
    origin: str
    kind: SourceKind
    text: str  # cleaned text; every offset in later stages points into it
    source_id: str | None = None
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    author: str | None = None
    published: datetime | None = None
    date_origin: DateOrigin = "none"  # where `published` came from
    place: str | None = None  # dateline place ("ISLAMABAD"), when the text gives one
    language: str | None = None
    offsets: tuple[OffsetRun, ...] = ()  # clean -> raw mapping into Report.text
    metadata: dict[str, JsonValue] = field(default_factory=dict)


RejectionReason = Literal[
    "empty-text",
    "binary",
    "undecodable",
    "oversized",
    "unreadable",
    "unsupported-kind",
    "bad-record",
    "fetch-failed",
    "blocked-address",
    "not-found",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class Rejection:
    """An input that could not become an article, or an article a stage could not take in
    whole (its analysis failed in part), kept so it is counted and explainable."""

    KEY: ClassVar[str] = "rejection_id"

    rejection_id: str
    record_id: str  # what was rejected: a path, "path#L12", a URL, an article ID
    stage: str  # "ingest", "clean", "analyze", ...
    reason: RejectionReason
    detail: str = ""
