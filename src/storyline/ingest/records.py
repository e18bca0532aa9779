"""JSONL and CSV files -> one Report per line or row.

Known fields: ``id``, ``url``, ``source`` (the outlet), ``title``, ``text``, ``date`` or
``published`` (ISO 8601), ``author``, ``language``. Every other field is kept in ``metadata``. The
record's own ``id`` becomes the report's ``source_id`` (else its URL). A bad line is a Rejection
for that line alone (``path#L12``) and the file goes on.
"""

from __future__ import annotations

import codecs
import csv
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from storyline.config import IngestConfig
from storyline.ingest.common import (
    Rejected,
    clean_str,
    decode,
    make_report,
    missing,
    parse_date,
    reject,
)
from storyline.model import Rejection, Report, SourceKind

KNOWN_FIELDS = frozenset(
    {"id", "url", "source", "title", "text", "date", "published", "author", "language"}
)
# Where a CSV row with more cells than header columns keeps the surplus.
EXTRA_CELLS_KEY = "extra_cells"


def record_report(
    record: Mapping[str, Any], *, origin: str, kind: SourceKind, cfg: IngestConfig
) -> Report | Rejection:
    """One JSON object or CSV row -> Report, or the Rejection that explains why not."""
    text = record.get("text")
    if text is not None and not isinstance(text, str):
        return reject(origin, "bad-record", f"'text' is a {type(text).__name__}, not a string")
    if not text or not text.strip():
        return reject(origin, "empty-text", "record has no text")
    url = clean_str(record.get("url"))
    published_key = "published" if not missing(record.get("published")) else "date"
    raw_date = record.get(published_key)
    published = parse_date(raw_date)
    metadata = {key: value for key, value in record.items() if key not in KNOWN_FIELDS}
    if published is None and not missing(raw_date):
        metadata[published_key] = raw_date  # unreadable, but kept for whoever can read it
    return make_report(
        origin=origin,
        kind=kind,
        text=text,
        max_text_bytes=cfg.max_text_bytes,
        source_id=clean_str(record.get("id")) or url,
        url=url,
        outlet=clean_str(record.get("source")),
        title=clean_str(record.get("title")),
        author=clean_str(record.get("author")),
        published=published,
        language=clean_str(record.get("language")),
        metadata=metadata,
    )


def jsonl_reports(path: Path, origin: str, cfg: IngestConfig) -> Iterator[Report | Rejection]:
    with path.open("rb") as stream:
        for number, line in _bounded_lines(stream, cfg.max_raw_bytes):
            line_origin = f"{origin}#L{number}"
            if line is None:
                yield reject(line_origin, "oversized", f"line > max_raw_bytes {cfg.max_raw_bytes}")
                continue
            if not line.strip():
                continue  # blank lines separate nothing in JSONL; they are not records
            try:
                record = json.loads(decode(line))
            except Rejected as exc:
                yield reject(line_origin, exc.reason, exc.detail)
                continue
            except ValueError as exc:
                yield reject(line_origin, "bad-record", f"invalid JSON: {exc}")
                continue
            except RecursionError:
                # json recurses once per level: a line nested thousands deep cannot be read.
                yield reject(line_origin, "bad-record", "JSON nested too deeply to read")
                continue
            if not isinstance(record, dict):
                kind = type(record).__name__
                yield reject(line_origin, "bad-record", f"a JSON {kind}, not an object")
                continue
            yield record_report(record, origin=line_origin, kind="jsonl", cfg=cfg)


def _bounded_lines(stream: IO[bytes], cap: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) per line, never holding more than ``cap`` bytes of one line.

    A longer line is skipped to its end and given as None, so one huge line cannot exhaust memory.
    """
    number = 0
    while True:
        line = stream.readline(cap + 1)
        if not line:
            return
        number += 1
        if len(line) > cap and not line.endswith(b"\n"):
            while True:
                rest = stream.readline(1 << 20)
                if not rest or rest.endswith(b"\n"):
                    break
            yield number, None
        else:
            yield number, line


def csv_reports(path: Path, origin: str, cfg: IngestConfig) -> Iterator[Report | Rejection]:
    # The csv module's field limit is process-wide; raise it (never lower it) so the per-document
    # size cap, not the csv default of 128 KiB, decides what is too big.
    csv.field_size_limit(max(csv.field_size_limit(), cfg.max_raw_bytes))
    with path.open("rb") as raw:
        reader = csv.DictReader(_decoded_lines(raw, cfg.max_raw_bytes), restkey=EXTRA_CELLS_KEY)
        try:
            header = reader.fieldnames
        except Rejected as exc:
            yield reject(origin, exc.reason, f"unreadable CSV header: {exc.detail}")
            return
        except csv.Error as exc:
            yield reject(origin, "bad-record", f"unreadable CSV header: {exc}")
            return
        if not header:
            yield reject(origin, "empty-text", "CSV file has no header row")
            return
        if "text" not in header:
            yield reject(origin, "bad-record", f"CSV has no 'text' column (columns: {header})")
            return
        next_line = reader.line_num + 1
        rows = 0
        while True:
            row_origin = f"{origin}#L{next_line}"
            try:
                row = next(reader)
            except StopIteration:
                if rows == 0:
                    yield reject(origin, "empty-text", "CSV file has a header but no rows")
                return
            except Rejected as exc:
                # Undecodable or overlong line: the line source is spent; rows before it stand.
                yield reject(row_origin, exc.reason, exc.detail)
                return
            except csv.Error as exc:
                too_big = "field limit" in str(exc)
                detail = f"CSV row unreadable: {exc}"
                yield reject(row_origin, "oversized" if too_big else "bad-record", detail)
                next_line = reader.line_num + 1
                continue
            next_line = reader.line_num + 1
            rows += 1
            yield record_report(row, origin=row_origin, kind="csv", cfg=cfg)


def _decoded_lines(stream: IO[bytes], cap: int) -> Iterator[str]:
    """UTF-8 lines for the csv reader, each decoded strictly; raises Rejected on a bad line."""
    for number, line in _bounded_lines(stream, cap):
        if line is None:
            raise Rejected("oversized", f"line {number} > max_raw_bytes {cap}")
        if number == 1 and line.startswith(codecs.BOM_UTF8):
            line = line[len(codecs.BOM_UTF8) :]
        try:
            yield line.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise Rejected("undecodable", f"line {number} is not valid UTF-8") from exc
