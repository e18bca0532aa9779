"""Writing rows out as JSONL, CSV or Parquet: one writer shared by every `storyline export`.

Each stage turns its records into rows (``dict[str, object]``) with the source's own ``id`` kept;
this module only knows formats. Nested values (lists, objects) become JSON text in CSV and real
nested Parquet columns: a list of objects is ``list<struct>``, an object with the same keys in
every row a ``struct``, and an open-ended object (``metadata``, keys differing by row) a
``map<string, string>`` whose values are JSON text. Only a column whose values mix types that no
Arrow type holds (a number in one row, text in another) falls back to JSON text.
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
        yield article_row(article)


def article_row(article: Article) -> Row:
    """One article as `export articles` writes it (the JSONL reader's field names)."""
    return {
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

    names = list(dict.fromkeys(k for row in rows for k in row))
    columns = {name: _arrow_column([row.get(name) for row in rows]) for name in names}
    pq.write_table(pa.table(columns) if columns else pa.table({}), output)
    return len(rows)


def _arrow_column(values: list[Any]) -> Any:
    """One Parquet column: nested where the values allow it (see the module docstring)."""
    import pyarrow as pa

    dicts = [v for v in values if v is not None]
    if (
        dicts
        and all(isinstance(v, dict) for v in dicts)
        and (len({tuple(sorted(map(str, v))) for v in dicts}) > 1 or not any(dicts))
    ):
        return pa.array(
            [None if v is None else [(str(k), _text(x)) for k, x in v.items()] for v in values],
            type=pa.map_(pa.string(), pa.string()),
        )
    try:
        column = pa.array(values)
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
        return pa.array([None if v is None else _text(v) for v in values], type=pa.string())
    if _has_empty_struct(column.type):  # Parquet cannot store a struct without fields
        return pa.array([None if v is None else _text(v) for v in values], type=pa.string())
    return column


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _has_empty_struct(arrow_type: Any) -> bool:
    import pyarrow as pa

    if pa.types.is_struct(arrow_type):
        fields = [arrow_type.field(i) for i in range(arrow_type.num_fields)]
        return not fields or any(_has_empty_struct(f.type) for f in fields)
    if pa.types.is_list(arrow_type) or pa.types.is_large_list(arrow_type):
        return bool(_has_empty_struct(arrow_type.value_type))
    return False
