"""The local engine's kept sentence vectors: the store's ``SentenceVector`` table behind
:class:`storyline.embed.VectorCache`, so the claims and events stages share vectors across runs
without reading the store themselves."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

from storyline.model import SentenceVector
from storyline.store import Store
from storyline.store.codec import decode_array, encode_array


class StoredVectors:
    """:class:`storyline.embed.KeptVectors` over a store: one ``SentenceVector`` per key, with
    the encoder that made it (a vector of another encoder under the same key is not read)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def load(self, encoder: str, keys: Sequence[str]) -> dict[str, npt.NDArray[np.float32]]:
        return {
            record.vector_id: decode_array(record.vector, "<f4")
            for record in self._store.get_many(SentenceVector, keys)
            if record.encoder == encoder
        }

    def save(self, encoder: str, vectors: Mapping[str, npt.NDArray[np.float32]]) -> None:
        self._store.put(
            SentenceVector(vector_id=key, encoder=encoder, vector=encode_array(vector, "<f4"))
            for key, vector in vectors.items()
        )


class HeldVectors:
    """A worker process's kept vectors: read from the store, and what it encodes held back in
    :attr:`new` for the parent process, the store's one writer, to save."""

    def __init__(self, store: Store) -> None:
        self._stored = StoredVectors(store)
        self.new: dict[str, npt.NDArray[np.float32]] = {}

    def load(self, encoder: str, keys: Sequence[str]) -> dict[str, npt.NDArray[np.float32]]:
        return self._stored.load(encoder, keys)

    def save(self, encoder: str, vectors: Mapping[str, npt.NDArray[np.float32]]) -> None:
        self.new.update(vectors)
