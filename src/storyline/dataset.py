"""Every record type of a store as a Parquet dataset, and back: the records' portable form.

A dataset is a folder with one sub-folder per record type, named like its table
(``DIR/article/``, ``DIR/reuse_link/``), holding Parquet files (``part-00000.parquet``, ...), and
a manifest ``DIR/storyline-dataset.json`` naming the format, the schema version and the row count
of each type. The columns are typed from the record's type hints, not guessed from the values:
nested records are ``struct`` columns, tuples ``list`` columns (``list<struct>`` for a tuple of
records), ``dict[str, int]`` and ``dict[str, str]`` are ``map`` columns; a datetime is its ISO
text (naive and zone-aware dates stay as they were) and open-ended JSON (``metadata``, the
configuration of a run) is JSON text. So a dataset reads back into the very same records:
:func:`load_dataset` puts them into a store, where every command works on them.

This is what a distributed engine writes (one file per part, so writers need not coordinate) and
how a store moves between machines (``storyline dump`` / ``storyline load``).
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from storyline import model
from storyline.errors import StorylineError
from storyline.model import Article, Rejection, content_id
from storyline.store import Store
from storyline.store.codec import from_data, to_data
from storyline.store.schema import SCHEMA_VERSION, table_name

FORMAT = "storyline-records"
FORMAT_VERSION = 1
MANIFEST = "storyline-dataset.json"
# Rows per Parquet row group and per write transaction on load: large enough that Parquet's
# per-group overhead is small, small enough that a batch of analyses stays a few MB in memory.
BATCH_ROWS = 2_000


class DatasetError(StorylineError):
    """A folder that is not a records dataset (or not one this version can read)."""


# --------------------------------------------------------------------------------------------
# Arrow types from the type hints
# --------------------------------------------------------------------------------------------

_JSON = "json"  # marker: the value is stored as JSON text


def _optional_arg(tp: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin is typing.Union or origin is types.UnionType:
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        return options[0] if len(options) == 1 else None
    return tp


def arrow_type(tp: Any, within: tuple[type[Any], ...] = ()) -> Any:
    """The Arrow type a field of type ``tp`` is stored as, or ``"json"`` for JSON text."""
    import pyarrow as pa

    tp = _optional_arg(tp)
    origin = typing.get_origin(tp)
    if tp is None or tp is Any:
        return _JSON
    if tp is str or origin is typing.Literal or tp is datetime:
        return pa.string()
    if tp is bool:
        return pa.bool_()
    if tp is int:
        return pa.int64()
    if tp is float:
        return pa.float64()
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            item = arrow_type(args[0], within)
            return _JSON if item == _JSON else pa.list_(item)
        return _JSON
    if origin is dict:
        key, value = typing.get_args(tp)
        if key is str and value in (str, int, float, bool):
            return pa.map_(pa.string(), arrow_type(value, within))
        return _JSON
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        if tp in within:  # a record inside itself: Arrow has no recursive types
            return _JSON
        hints = typing.get_type_hints(tp)
        fields = []
        for f in dataclasses.fields(tp):
            inner = arrow_type(hints[f.name], (*within, tp))
            fields.append(pa.field(f.name, pa.string() if inner == _JSON else inner))
        return pa.struct(fields) if fields else _JSON
    return _JSON


def _json_fields(cls: type[Any]) -> Any:
    """Which values of a record are stored as JSON text: per field, True (this one), a nested
    plan (for a record, or a tuple of records), or None (stored as it is)."""
    return _plan(cls, ())


def _plan(tp: Any, within: tuple[type[Any], ...]) -> Any:
    tp = _optional_arg(tp)
    if arrow_type(tp, within) == _JSON:
        return True
    origin = typing.get_origin(tp)
    if origin is tuple:
        return _plan(typing.get_args(tp)[0], within)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        plan = {f.name: _plan(hints[f.name], (*within, tp)) for f in dataclasses.fields(tp)}
        return {k: v for k, v in plan.items() if v is not None} or None
    return None


def _encode(data: Any, plan: Any) -> Any:
    """Plain record data (``codec.to_data``) as Arrow takes it under ``plan``."""
    if data is None or plan is None:
        return data
    if plan is True:
        return json.dumps(data, ensure_ascii=False)
    if isinstance(data, list):
        return [_encode(v, plan) for v in data]
    if isinstance(data, dict) and isinstance(plan, dict):
        return {k: _encode(v, plan.get(k)) for k, v in data.items()}
    return data


def _decode(data: Any, plan: Any) -> Any:
    if data is None or plan is None:
        return data
    if plan is True:
        return json.loads(data) if isinstance(data, str) else data
    if isinstance(data, list):
        return [_decode(v, plan) for v in data]
    if isinstance(data, dict) and isinstance(plan, dict):
        return {k: _decode(v, plan.get(k)) for k, v in data.items()}
    return data


def schema(cls: type[Any]) -> Any:
    """The Arrow schema of a record type's rows."""
    import pyarrow as pa

    struct = arrow_type(cls)
    return pa.schema([struct.field(i) for i in range(struct.num_fields)])


def _maps_as_pairs(value: Any, arrow: Any) -> Any:
    import pyarrow as pa

    if value is None:
        return None
    if pa.types.is_map(arrow):
        return list(value.items())
    if pa.types.is_struct(arrow):
        return {
            arrow.field(i).name: _maps_as_pairs(value.get(arrow.field(i).name), arrow.field(i).type)
            for i in range(arrow.num_fields)
        }
    if pa.types.is_list(arrow):
        return [_maps_as_pairs(v, arrow.value_type) for v in value]
    return value


def _pairs_as_maps(value: Any, arrow: Any) -> Any:
    import pyarrow as pa

    if value is None:
        return None
    if pa.types.is_map(arrow):
        return dict(value)
    if pa.types.is_struct(arrow):
        return {
            arrow.field(i).name: _pairs_as_maps(value.get(arrow.field(i).name), arrow.field(i).type)
            for i in range(arrow.num_fields)
        }
    if pa.types.is_list(arrow):
        return [_pairs_as_maps(v, arrow.value_type) for v in value]
    return value


def to_batch(cls: type[Any], records: Iterable[Any]) -> Any:
    """Records of one type as an Arrow record batch (the columns of :func:`schema`)."""
    import pyarrow as pa

    struct = arrow_type(cls)
    plan = _json_fields(cls)
    # Arrow's maps take (key, value) pairs where to_data gives dicts.
    rows = [_maps_as_pairs(_encode(to_data(r), plan), struct) for r in records]
    return pa.RecordBatch.from_pylist(rows, schema=schema(cls))


def from_rows(cls: type[Any], rows: Iterable[dict[str, Any]]) -> Iterator[Any]:
    """Records of ``cls`` from rows read back from Parquet (``to_pylist``)."""
    struct = arrow_type(cls)
    plan = _json_fields(cls)
    for row in rows:
        yield from_data(cls, _decode(_pairs_as_maps(row, struct), plan))


# --------------------------------------------------------------------------------------------
# writing and loading a dataset
# --------------------------------------------------------------------------------------------


def write_dataset(store: Store, directory: str | Path) -> dict[str, int]:
    """Write every record type the store holds as a Parquet dataset under ``directory``
    (created; an existing dataset's parts are replaced). Returns rows per record type."""
    return write_records(directory, {cls: store.all(cls) for cls in model.STORED_RECORDS})


def write_records(
    directory: str | Path, records: Mapping[type[Any], Iterable[Any]]
) -> dict[str, int]:
    """Write records of each stored type as a Parquet dataset under ``directory``; a stored
    type not given is written empty, so the dataset always has every type. An engine that does
    not go through a store (Ray) writes its output with this."""
    import pyarrow.parquet as pq

    root = Path(directory)
    counts: dict[str, int] = {}
    try:
        root.mkdir(parents=True, exist_ok=True)
        for cls in model.STORED_RECORDS:
            folder = root / table_name(cls)
            folder.mkdir(exist_ok=True)
            for old in folder.glob("part-*.parquet"):
                old.unlink()
            count = 0
            with pq.ParquetWriter(folder / "part-00000.parquet", schema(cls)) as writer:
                batch: list[Any] = []
                for record in records.get(cls, ()):
                    batch.append(record)
                    if len(batch) == BATCH_ROWS:
                        writer.write_batch(to_batch(cls, batch))
                        count, batch = count + len(batch), []
                if batch:
                    writer.write_batch(to_batch(cls, batch))
                    count += len(batch)
            counts[table_name(cls)] = count
        manifest = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "schema_version": SCHEMA_VERSION,
            "records": counts,
        }
        (root / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise StorylineError(f"cannot write the dataset {root}: {exc.strerror or exc}") from exc
    return counts


def _manifest(root: Path) -> dict[str, Any]:
    path = root / MANIFEST
    if not root.is_dir():
        raise DatasetError(f"{root} is not a folder (a records dataset is one)")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise DatasetError(
            f"{root} is not a records dataset: it has no {MANIFEST} "
            "(write one with `storyline dump DIR`)"
        ) from exc
    except (OSError, ValueError) as exc:
        raise DatasetError(f"{path} cannot be read: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise DatasetError(f"{path} does not describe a {FORMAT} dataset")
    if manifest.get("version") != FORMAT_VERSION:
        raise DatasetError(
            f"{path}: dataset format version {manifest.get('version')!r} "
            f"(this storyline reads version {FORMAT_VERSION})"
        )
    return manifest


def read_records(directory: str | Path, cls: type[Any]) -> Iterator[Any]:
    """The records of one type in a dataset, part by part; a type without a folder has none."""
    for batch in _batches(Path(directory), cls):
        yield from from_rows(cls, batch.to_pylist())


def _batches(root: Path, cls: type[Any]) -> Iterator[Any]:
    import pyarrow.parquet as pq

    folder = root / table_name(cls)
    for part in sorted(folder.glob("*.parquet")):
        yield from pq.ParquetFile(part).iter_batches(batch_size=BATCH_ROWS)


def load_dataset(directory: str | Path, store: Store) -> dict[str, int]:
    """Put every record of a dataset into ``store``, one transaction per batch; records already
    there are replaced by the dataset's. A row that is not a valid record becomes a stored
    ``bad-record`` Rejection (stage "load") and the load goes on. Returns rows per type."""
    import pyarrow as pa

    root = Path(directory)
    _manifest(root)
    counts: dict[str, int] = {}
    with store.exclusive():
        for cls in model.STORED_RECORDS:
            count = 0
            try:
                for number, batch in enumerate(_batches(root, cls)):
                    records, rejections = _decoded(cls, batch.to_pylist(), root, number)
                    count += len(records)
                    with store.transaction():
                        if cls is Article:  # new articles join the full-text index too
                            records = [r for r in records if not store.insert_new(r)]
                        store.put(records)
                        store.put(rejections)
            except (OSError, pa.ArrowException) as exc:
                raise DatasetError(f"{root / table_name(cls)} cannot be read: {exc}") from exc
            counts[table_name(cls)] = count
    return counts


def _decoded(
    cls: type[Any], rows: list[dict[str, Any]], root: Path, batch: int
) -> tuple[list[Any], list[Rejection]]:
    records: list[Any] = []
    rejections: list[Rejection] = []
    for i, row in enumerate(rows):
        try:
            record = next(from_rows(cls, [row]))
            if not isinstance(getattr(record, cls.KEY), str) or not getattr(record, cls.KEY):
                raise ValueError(f"no {cls.KEY}")
            records.append(record)
        except (TypeError, ValueError, KeyError, AttributeError) as exc:
            where = f"{root / table_name(cls)}#batch{batch}:row{i}"
            detail = " ".join(f"not a {cls.__name__}: {type(exc).__name__}: {exc}".split())
            rejections.append(
                Rejection(
                    rejection_id=content_id("rej", where, "load", "bad-record"),
                    record_id=where,
                    stage="load",
                    reason="bad-record",
                    detail=detail[:300],
                )
            )
    return records, rejections
