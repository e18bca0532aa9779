"""Shared helpers for every ingest reader: building records, decoding bytes, dates and outlets.

Every reader turns bad input into a :class:`Rejection` built by :func:`reject`; nothing here raises
on bad input.
"""

from __future__ import annotations

import codecs
import os
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from storyline.model import Rejection, RejectionReason, Report, SourceKind, content_id

STAGE = "ingest"

# Values sources write for "no value" (the evalsets carry the string 'None').
MISSING_STRINGS = frozenset({"", "none", "null", "nan", "n/a"})

# Share of control characters above which decoded text is treated as binary: real text has
# almost none (tabs and newlines are not counted), while binary formats are full of them.
MAX_CONTROL_SHARE = 0.05

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# C0 and C1 control characters, less the whitespace-like ones (\b \t \n \v \f \r) text uses.
_CONTROLS = re.compile(r"[\x00-\x07\x0e-\x1f\x7f-\x9f]")
# Lone UTF-16 surrogates: Python strings may hold them (a JSON "\udc80", an undecodable byte of a
# file name), UTF-8 cannot, so SQLite, hashing and every export would fail on them.
_SURROGATES = re.compile("[\ud800-\udfff]")
# Deepest nesting of a record's metadata that is kept: every reader of records (the store's
# codec, exports) walks them recursively, and news metadata is a few levels deep at most.
MAX_METADATA_DEPTH = 32
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)


class Rejected(Exception):
    """Raised inside a reader to abandon one document; the caller turns it into a Rejection."""

    def __init__(self, reason: RejectionReason, detail: str) -> None:
        super().__init__(detail)
        self.reason: RejectionReason = reason
        self.detail = detail


def safe_text(value: str) -> str:
    """``value`` with any lone surrogate replaced by U+FFFD, so it can be encoded as UTF-8."""
    return _SURROGATES.sub("\ufffd", value) if _SURROGATES.search(value) else value


def path_origin(path: str | Path) -> str:
    """A file's absolute path as text: bytes of a name that are not UTF-8 are written ``\xff``
    (as ``ls -b`` does), so the origin is printable and storable and still names the file."""
    raw = os.fsencode(os.path.abspath(path))
    return raw.decode("utf-8", "backslashreplace")


def metadata_depth(value: Any) -> int:
    """How deeply lists and dicts nest in ``value`` (0 for a scalar), counted without recursion
    so that a record nested thousands of levels deep is measured, not a crash."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list | tuple):
            deepest = max(deepest, depth + 1)
            if deepest > MAX_METADATA_DEPTH:
                return deepest  # enough to refuse it
            stack.extend((child, depth + 1) for child in item)
    return deepest


def _safe_data(value: Any) -> Any:
    """Metadata with lone surrogates replaced in every string (keys too); nesting is bounded."""
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, dict):
        return {safe_text(str(k)): _safe_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_safe_data(v) for v in value]
    return value


def reject(record_id: str, reason: RejectionReason, detail: str) -> Rejection:
    record_id = safe_text(record_id)
    detail = safe_text(" ".join(detail.split()))  # one line, whatever the underlying error said
    return Rejection(
        rejection_id=content_id("rej", record_id, STAGE, reason),
        record_id=record_id,
        stage=STAGE,
        reason=reason,
        detail=detail,
    )


def make_report(
    *,
    origin: str,
    kind: SourceKind,
    text: str,
    max_text_bytes: int,
    source_id: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    title: str | None = None,
    author: str | None = None,
    published: datetime | None = None,
    language: str | None = None,
    metadata: dict[str, Any] | None = None,
) -> Report | Rejection:
    """A Report, or the Rejection its text earns (empty, oversized, binary, metadata nested too
    deeply). Every string is made encodable (lone surrogates become U+FFFD) here, the one door
    every reader's documents pass through."""
    origin = safe_text(origin)
    if not text.strip():
        return reject(origin, "empty-text", "no text")
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_text_bytes:
        detail = f"{size} bytes of text > max_text_bytes {max_text_bytes}"
        return reject(origin, "oversized", detail)
    if is_mostly_control(text):
        return reject(origin, "binary", "mostly control characters, not text")
    depth = metadata_depth(metadata or {})
    if depth > MAX_METADATA_DEPTH:
        return reject(origin, "bad-record", f"fields nested more than {MAX_METADATA_DEPTH} deep")
    text = safe_text(text)
    url = _safe_optional(url)
    return Report(
        report_id=content_id("rep", origin, text),
        origin=origin,
        kind=kind,
        text=text,
        source_id=_safe_optional(source_id),
        url=url,
        outlet=_safe_optional(outlet) if outlet is not None else outlet_from_url(url),
        title=_safe_optional(title),
        author=_safe_optional(author),
        published=published,
        language=_safe_optional(language),
        metadata=_safe_data(metadata or {}),
    )


def _safe_optional(value: str | None) -> str | None:
    return None if value is None else safe_text(value)


def is_mostly_control(text: str) -> bool:
    sample = text[:65536]
    if not sample:
        return False
    return len(_CONTROLS.findall(sample)) / len(sample) > MAX_CONTROL_SHARE


def has_nul(data: bytes) -> bool:
    """NUL bytes mean binary, except in UTF-16/32 text, which announces itself with a BOM."""
    return b"\x00" in data[:8192] and not data.startswith(
        (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    )


def declared_charset(data: bytes, header_charset: str | None = None) -> str | None:
    """The charset a document declares: HTTP header, else HTML <meta>, else the XML declaration."""
    if header_charset:
        return header_charset
    head = data[:4096]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return match.group(1).decode("ascii") if match else None


def decode(data: bytes, declared: str | None = None) -> str:
    """Decode strictly: a BOM, else UTF-8, else the declared charset; never guess latin-1.

    Raises Rejected("binary") for NUL bytes and Rejected("undecodable") when nothing fits.
    Newlines are normalized to "\\n", as Python's text mode does.
    """
    text: str | None = None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise Rejected("undecodable", f"invalid {codec}: {exc.reason}") from exc
            break
    if text is None:
        if has_nul(data):
            raise Rejected("binary", "contains NUL bytes")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            utf8_error = exc
        else:
            return _normalize_newlines(text)
        charset = _known_codec(declared)
        if charset is None or charset in ("utf-8", "utf-8-sig"):
            where = f" at byte {utf8_error.start}"
            raise Rejected("undecodable", f"not valid UTF-8{where} and no other charset declared")
        try:
            text = data.decode(charset)
        except UnicodeDecodeError as exc:
            raise Rejected("undecodable", f"not valid {charset} (declared charset)") from exc
    return _normalize_newlines(text)


def _known_codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None


def _normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def missing(value: object) -> bool:
    return value is None or (isinstance(value, str) and value.strip().lower() in MISSING_STRINGS)


def clean_str(value: object) -> str | None:
    """A field's string value, or None for the many ways sources write "no value"."""
    if missing(value):
        return None
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value).strip()
    return None


def parse_date(value: object) -> datetime | None:
    """An ISO 8601 date or datetime, as a naive UTC datetime; None when absent or unreadable.

    All ``published`` values ingest produces are naive UTC, so later stages can compare and sort
    them without mixing aware and naive datetimes.
    """
    if isinstance(value, datetime):
        parsed = value
    else:
        text = clean_str(value)
        if text is None:
            return None
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed


def outlet_from_url(url: str | None) -> str | None:
    """The publisher's domain, without "www.": the outlet when the source names none."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def first_line(text: str) -> str | None:
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return None
