"""Writing rows out as JSONL, CSV or Parquet: one writer shared by every `storyline export`.

Each stage turns its records into flat rows (``dict[str, object]``) with the source's own ``id``
kept; this module only knows formats. Nested values become JSON text in CSV, and Parquet columns
are inferred by pyarrow from the rows.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal

from storyline.errors import StorylineError
from storyline.model import Article
from storyline.store import Store

ExportFormat = Literal["jsonl", "csv", "parquet"]
Row = dict[str, Any]


def article_rows(store: Store) -> Iterable[Row]:
    """Articles with the field names the JSONL reader takes, so an export can be re-ingested."""
    for article in store.all(Article):
        yield {
            "id": article.source_id,
            "article_id": article.article_id,
            "url": article.url,
            "source": article.outlet,
            "title": article.title,
            "author": article.author,
            "published": article.published.isoformat() if article.published else None,
            "date_origin": article.date_origin,
            "place": article.place,
            "language": article.language,
            "origin": article.origin,
            "text": article.text,
            "metadata": article.metadata,
        }


def _cell(value: Any) -> Any:
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value, ensure_ascii=False)
    return value


def write_rows(
    rows: Iterable[Row], fmt: ExportFormat, output: str | Path | None, columns: Sequence[str] = ()
) -> int:
    """Write rows to ``output`` (stdout when None, except Parquet). Returns the row count.

    A file that cannot be written (missing folder, no permission, full disk) is a
    :class:`StorylineError` naming the file and the reason, not a traceback.
    """
    try:
        return _write_rows(rows, fmt, output, columns)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise StorylineError(f"cannot write {output}: {reason}") from exc


def _write_rows(
    rows: Iterable[Row], fmt: ExportFormat, output: str | Path | None, columns: Sequence[str]
) -> int:
    if fmt == "parquet":
        if output is None:
            raise StorylineError("parquet export needs --output FILE (it is a binary format)")
        return _write_parquet(list(rows), Path(output))
    stream = sys.stdout if output is None else open(output, "w", encoding="utf-8", newline="")  # noqa: SIM115
    try:
        if fmt == "jsonl":
            count = 0
            for row in rows:
                stream.write(json.dumps(row, ensure_ascii=False) + "\n")
                count += 1
            return count
        materialized = list(rows)
        names = list(columns) or list(dict.fromkeys(k for row in materialized for k in row))
        writer = csv.DictWriter(stream, fieldnames=names, extrasaction="ignore")
        writer.writeheader()
        for row in materialized:
            writer.writerow({k: _cell(v) for k, v in row.items()})
        return len(materialized)
    finally:
        if output is not None:
            stream.close()


def _write_parquet(rows: list[Row], output: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    # Nested values (metadata, passages) go in as JSON text: one stable column type per field.
    flat = [{k: _cell(v) for k, v in row.items()} for row in rows]
    pq.write_table(pa.Table.from_pylist(flat), output)
    return len(rows)
