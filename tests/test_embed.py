"""Sentence vectors: the model's, and the run's cache that computes each text's once."""

from __future__ import annotations

import numpy as np

from storyline.embed import VectorCache, shared_embedder

# Written for this test.
TEXTS = [
    "The council approved the new budget on Tuesday.",
    "Flooding closed two roads north of the city.",
    "The council approved the new budget on Tuesday.",
]


def test_cache_gives_the_models_vectors_and_computes_each_text_once() -> None:
    model = shared_embedder()
    cache = VectorCache(model)
    first = cache(TEXTS)
    assert first.shape == (3, 384)
    assert cache.computed == 2  # the repeated sentence is encoded once
    direct = model(TEXTS)
    assert np.allclose(first, direct, atol=1e-5)
    assert np.array_equal(first[0], first[2])
    again = cache([TEXTS[1], "A third sentence about the harbour."])
    assert cache.computed == 3 and cache.asked == 5
    assert np.array_equal(again[0], first[1])  # kept, not recomputed
    assert cache([]).shape == (0, 384)
