"""What ingest and clean make: the raw report as read, the cleaned article with its offsets back to
the raw text, and the rejection of what could not be read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar, Literal

from storyline.model.base import JsonValue, content_id

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


def failure_rejection_id(record_id: str, stage: str) -> str:
    """The ID of the rejection a ``stage`` records when it failed on ``record_id``: one per
    record and stage, replaced when the stage fails on it again, removed when it succeeds."""
    return content_id("rej", record_id, stage, "bad-record")


def failure_rejection(record_id: str, stage: str, failure: BaseException | str) -> Rejection:
    """The Rejection of a record a stage failed on in a way no rule foresaw (an exception, or
    its description "Type: message"). The detail starts "failed:" and names the error, so such
    rejections can be counted and fixed (benchmarks/hostile_inputs.py requires none)."""
    described = failure if isinstance(failure, str) else f"{type(failure).__name__}: {failure}"
    return Rejection(
        rejection_id=failure_rejection_id(record_id, stage),
        record_id=record_id,
        stage=stage,
        reason="bad-record",
        detail=" ".join(f"failed: {described}".split())[:300],
    )
