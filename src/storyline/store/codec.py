"""Record <-> JSON conversion driven by the dataclass type hints in ``storyline.model``.

One generic codec instead of a hand-written one per record: the model stays the single source of
truth, and a new field is stored and read back without touching the store.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import types
import typing
from datetime import datetime
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

R = TypeVar("R")


# The field names of each record type, in declaration order (None for a type that is no
# record): ``dataclasses.fields`` builds its tuple anew on every call, and an analysis holds
# thousands of small records.
_FIELD_NAMES: dict[type[Any], tuple[str, ...] | None] = {}
_PLAIN = (str, int, float, bool, type(None))


def _field_names(cls: type[Any]) -> tuple[str, ...] | None:
    if cls not in _FIELD_NAMES:
        _FIELD_NAMES[cls] = (
            tuple(f.name for f in dataclasses.fields(cls))
            if dataclasses.is_dataclass(cls)
            else None
        )
    return _FIELD_NAMES[cls]


def to_data(value: Any) -> Any:
    """Turn a record (or any value inside one) into plain JSON-compatible data."""
    if isinstance(value, _PLAIN):
        return value  # most values: checked first, they need nothing
    names = _field_names(type(value))
    if names is not None:
        return {name: to_data(getattr(value, name)) for name in names}
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


Decoder = typing.Callable[[Any], Any]
_DECODERS: dict[Any, Decoder] = {}


def from_data(tp: Any, data: Any) -> Any:
    """Rebuild a value of type ``tp`` from plain data produced by :func:`to_data`."""
    return _decoder(tp)(data)


def _decoder(tp: Any) -> Decoder:
    """The decoding function for ``tp``, built once per type from its hints: reading a record
    back is then a walk over precomputed steps, not a look at the type of every value (which was
    most of the time the stories stage took to read stored analyses)."""
    decoder = _DECODERS.get(tp)
    if decoder is None:
        decoder = _DECODERS[tp] = _build_decoder(tp)
    return decoder


def _keep(data: Any) -> Any:
    return data


def _build_decoder(tp: Any) -> Decoder:
    origin = typing.get_origin(tp)
    if origin is typing.Union or origin is types.UnionType:
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(options) != 1:
            return _keep  # unions of several concrete types are not used in the model
        return _optional(_decoder(options[0]))
    if origin is typing.Literal or tp is Any:
        return _keep
    if origin is tuple:
        args = typing.get_args(tp)
        item = _decoder(args[0] if args else Any)
        if item is _keep:
            return _optional(tuple)
        return _optional(lambda data: tuple(item(v) for v in data))
    if origin is dict:
        return _optional(dict)
    if tp is datetime:
        return _optional(datetime.fromisoformat)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _optional(_record_decoder(tp))
    if tp is float:
        return _optional(lambda data: float(data) if isinstance(data, int) else data)
    return _keep


def _optional(decode: Decoder) -> Decoder:
    return lambda data: None if data is None else decode(data)


def _record_decoder(cls: type[Any]) -> Decoder:
    hints = _hints(cls)
    # The field decoders are built on first use, so a record type that contains itself (directly
    # or through another record) does not recurse forever while its decoder is being built.
    fields = [f.name for f in dataclasses.fields(cls)]
    steps: dict[str, Decoder] = {}

    def decode(data: dict[str, Any]) -> Any:
        if not steps:
            steps.update({name: _decoder(hints[name]) for name in fields})
        # Unknown keys (from a newer or older schema) are ignored, missing ones take defaults.
        return cls(**{k: steps[k](v) for k, v in data.items() if k in steps})

    return decode


def from_json(cls: type[R], text: str) -> R:
    result: R = from_data(cls, json.loads(text))
    return result


def encode_array(values: npt.NDArray[Any], dtype: str) -> str:
    """A numeric array as base64 of its bytes in ``dtype`` (little-endian, such as "<u8" or
    "<f4"): how records keep sketches and vectors in a text field, the same on every machine."""
    return base64.b64encode(np.asarray(values).astype(dtype).tobytes()).decode("ascii")


def decode_array(text: str, dtype: str) -> npt.NDArray[Any]:
    """The array :func:`encode_array` wrote, as a writable array in the machine's byte order."""
    stored = np.dtype(dtype)
    return np.frombuffer(base64.b64decode(text), dtype=stored).astype(stored.newbyteorder("="))


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
