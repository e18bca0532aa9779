"""Record <-> JSON conversion driven by the dataclass type hints in ``model.py``.

One generic codec instead of a hand-written one per record: the model stays the single source of
truth, and a new field is stored and read back without touching the store.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from datetime import datetime
from typing import Any, TypeVar

R = TypeVar("R")


def to_data(value: Any) -> Any:
    """Turn a record (or any value inside one) into plain JSON-compatible data."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [to_data(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_data(v) for k, v in value.items()}
    return value


def to_json(record: Any) -> str:
    return json.dumps(to_data(record), ensure_ascii=False, separators=(",", ":"))


_HINTS: dict[type[Any], dict[str, Any]] = {}


def _hints(cls: type[Any]) -> dict[str, Any]:
    hints = _HINTS.get(cls)
    if hints is None:
        hints = _HINTS[cls] = typing.get_type_hints(cls)
    return hints


def from_data(tp: Any, data: Any) -> Any:
    """Rebuild a value of type ``tp`` from plain data produced by :func:`to_data`."""
    if data is None:
        return None
    origin = typing.get_origin(tp)
    if origin is typing.Union or origin is types.UnionType:
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(options) == 1:
            return from_data(options[0], data)
        return data  # unions of several concrete types are not used in the model
    if origin is typing.Literal or tp is Any:
        return data
    if origin is tuple:
        args = typing.get_args(tp)
        item = args[0] if args else Any
        return tuple(from_data(item, v) for v in data)
    if origin is dict:
        return dict(data)
    if tp is datetime:
        return datetime.fromisoformat(data)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = _hints(tp)
        known = {f.name for f in dataclasses.fields(tp)}
        return tp(**{k: from_data(hints[k], v) for k, v in data.items() if k in known})
    if tp is float and isinstance(data, int):
        return float(data)
    return data


def from_json(cls: type[R], text: str) -> R:
    result: R = from_data(cls, json.loads(text))
    return result


def scalar_fields(cls: type[Any]) -> dict[str, str]:
    """Top-level fields stored as their own SQL columns, with their SQL type.

    Only scalars get a column (for filtering and indexes); everything is also in the JSON record.
    """
    columns: dict[str, str] = {}
    for f in dataclasses.fields(cls):
        tp = _hints(cls)[f.name]
        origin = typing.get_origin(tp)
        if origin is typing.Union or origin is types.UnionType:
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            tp = args[0] if len(args) == 1 else None
            origin = typing.get_origin(tp)
        if tp is str or origin is typing.Literal:
            columns[f.name] = "TEXT"
        elif tp is bool or tp is int:
            columns[f.name] = "INTEGER"
        elif tp is float:
            columns[f.name] = "REAL"
        elif tp is datetime:
            columns[f.name] = "TEXT"
    return columns


def column_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    return value
