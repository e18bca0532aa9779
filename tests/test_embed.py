"""Sentence vectors: the model's, and the run's cache that computes each text's once."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from storyline import embed as embed_module
from storyline.embed import VectorCache, shared_embedder
from storyline.engines.local_vectors import StoredVectors
from storyline.errors import ConfigError
from storyline.model import SentenceVector
from storyline.store import open_store

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


class _Named:
    """The real model under another encoder name (as another runtime of it would be)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        return shared_embedder()(texts)


def test_vectors_are_stored_once_per_encoder_and_read_back(tmp_path: Path) -> None:
    with open_store(tmp_path / "v.db") as store:
        first = VectorCache(shared_embedder(), StoredVectors(store))
        vectors = first(TEXTS)
        assert (first.computed, first.loaded) == (2, 0)
        assert store.count(SentenceVector) == 2
        # A later cache (a later stage, a later run) reads them back, encodes only the new text.
        later = VectorCache(shared_embedder(), StoredVectors(store))
        again = later([*TEXTS, "A third sentence about the harbour."])
        assert (later.computed, later.loaded) == (1, 2)
        assert np.array_equal(again[:3], vectors)  # the stored float32 values, exactly
        assert store.count(SentenceVector) == 3
        # Another encoder never reads the first one's vectors: its own are encoded and kept apart.
        other = VectorCache(_Named("another-encoder"), StoredVectors(store))
        other(TEXTS)
        assert (other.computed, other.loaded) == (2, 0)
        assert store.count(SentenceVector) == 5
        # An encoder without a name (a plain function) is cached for the run, never stored.
        plain = VectorCache(lambda texts: shared_embedder()(texts), StoredVectors(store))
        plain(TEXTS)
        assert plain.computed == 2 and store.count(SentenceVector) == 5


def test_a_store_backed_cache_keeps_memory_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(embed_module, "MEMORY_LIMIT", 2)
    with open_store(tmp_path / "v.db") as store:
        cache = VectorCache(shared_embedder(), StoredVectors(store))
        a = cache(TEXTS[:2])
        b = cache(["A third sentence about the harbour."])  # over the limit: memory starts over
        assert cache.computed == 3
        assert np.array_equal(cache(TEXTS[:2]), a)  # read back from the store, not encoded
        assert cache.computed == 3 and cache.loaded == 2
        assert b.shape == (1, 384)


def test_the_int8_onnx_encoder_is_the_same_minilm_under_its_own_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from storyline.embed_onnx import ONNX_INT8_NAME, OnnxEmbedder, default_path

    if not default_path().exists():
        pytest.skip("no int8 ONNX file: `make setup` makes it (python -m storyline.embed_onnx)")
    onnx = OnnxEmbedder()
    texts = [*TEXTS, "Ministers met in Beijing to sign a trade accord.", ""]
    monkeypatch.setenv(embed_module.ENCODER_ENV, "minilm")  # the float model
    fast, exact = onnx(texts), shared_embedder()(texts)
    assert fast.shape == exact.shape == (5, 384)
    assert np.allclose(np.linalg.norm(fast, axis=1), 1.0, atol=1e-5)
    # int8 weights: near the float model's vectors, not equal to them
    cosines = (fast * exact).sum(axis=1)
    assert cosines.min() > 0.95 and not np.array_equal(fast, exact)
    assert np.array_equal(fast[0], fast[2])
    # A text's vector is the text's alone, whatever else is encoded with it (the quantized
    # graph's scales came from the whole batch when texts were run together).
    for i, text in enumerate(texts):
        assert np.array_equal(onnx([text])[0], fast[i])
    assert np.array_equal(onnx(list(reversed(texts)))[::-1], fast)
    # The environment variable chooses the shared encoder; its name keeps its vectors apart.
    monkeypatch.setenv(embed_module.ENCODER_ENV, "minilm-onnx-int8")
    assert embed_module.active_encoder() == ONNX_INT8_NAME != embed_module.MODEL_NAME
    assert getattr(shared_embedder(), "name", None) == ONNX_INT8_NAME
    monkeypatch.setenv(embed_module.ENCODER_ENV, "word2vec")
    with pytest.raises(ConfigError, match="choose one of"):
        embed_module.active_encoder()
    # Unset, the sentences and the stories stage's leads both take the int8 model.
    monkeypatch.delenv(embed_module.ENCODER_ENV)
    assert getattr(shared_embedder(), "name", None) == ONNX_INT8_NAME
    assert embed_module.lead_encoder() == ONNX_INT8_NAME
    assert getattr(embed_module.lead_embedder(), "name", None) == ONNX_INT8_NAME
    monkeypatch.setenv(embed_module.ENCODER_ENV, "minilm")
    assert embed_module.active_encoder() == embed_module.MODEL_NAME
    assert getattr(shared_embedder(), "name", None) == embed_module.MODEL_NAME
    assert getattr(embed_module.lead_embedder(), "name", None) == embed_module.MODEL_NAME


def test_without_the_int8_file_the_float_model_is_used_and_said_once(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A `pip install` without `make setup` has no int8 file: the float model runs instead, with
    one line on stderr; asking for the int8 model by name is a clear error."""
    import storyline.embed_onnx as embed_onnx

    monkeypatch.setattr(embed_onnx, "default_path", lambda: tmp_path / "missing.onnx")
    monkeypatch.setattr(embed_module, "_told_fallback", False)
    monkeypatch.delenv(embed_module.ENCODER_ENV, raising=False)
    assert embed_module.active_encoder() == embed_module.MODEL_NAME
    assert getattr(shared_embedder(), "name", None) == embed_module.MODEL_NAME
    said = capsys.readouterr().err.strip().splitlines()
    assert len(said) == 1 and "python -m storyline.embed_onnx" in said[0]
    monkeypatch.setenv(embed_module.ENCODER_ENV, "minilm-onnx-int8")
    with pytest.raises(ConfigError, match="not built"):
        embed_module.active_encoder()


def test_a_span_is_read_in_its_text() -> None:
    from storyline.embed import span_vectors

    first = "Police said the gunman shot two guards at the bank."
    second = "The photographer shot the wedding in black and white."
    at, other = first.index("shot"), second.index("shot")
    vectors = span_vectors([(first, at, at + 4), (second, other, other + 4), (first, at, at + 4)])
    assert vectors is not None and vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert np.allclose(vectors[0], vectors[2], atol=1e-6)  # a function of text and span
    assert float(vectors[0] @ vectors[1]) < 0.99  # one word, two readings


def test_a_span_read_in_a_text_just_encoded_needs_no_second_run_and_is_the_same() -> None:
    from storyline.embed_onnx import HIDDEN_KEPT_BYTES, OnnxEmbedder, default_path

    if not default_path().exists():
        pytest.skip("no int8 ONNX file: `make setup` makes it (python -m storyline.embed_onnx)")
    texts = [f"The harbour board turned down bid number {n} on Friday." for n in range(12)]
    start = texts[0].index("turned")
    items = [(text, start, start + len("turned down")) for text in texts]
    warm, cold = OnnxEmbedder(), OnnxEmbedder()
    warm(texts)  # the claims stage encodes a story's statements, then reads their predicates
    runs: list[int] = []
    model_run = warm._session.run

    def counted(*args: object) -> object:
        runs.append(1)
        return model_run(*args)

    warm._session.run = counted  # the real session, its calls counted
    read_warm = warm.spans(items)
    assert runs == []  # every text's hidden states were kept from its encoding
    assert np.array_equal(read_warm, cold.spans(items))  # bit for bit what a cold run reads
    warm.spans([("A text never encoded here.", 2, 7)])
    assert runs == [1]
    assert 0 < warm._hidden_bytes <= HIDDEN_KEPT_BYTES


def test_the_int8_encoder_tokenizes_without_torch_and_cuts_where_the_transformer_stops() -> None:
    from storyline.embed_onnx import MAX_TOKENS, default_path

    if not default_path().exists():
        pytest.skip("no int8 ONNX file: `make setup` makes it (python -m storyline.embed_onnx)")
    # A fresh process: this one has imported torch already through the float model's tests.
    probe = (
        "import sys\n"
        "from storyline.embed_onnx import OnnxEmbedder\n"
        "m = OnnxEmbedder()\n"
        "m(['The ferry left the harbour at dawn.'])\n"
        "middle = m._tokenizer.encode(' '.join(['harbour'] * 150))\n"
        "long = m._tokenizer.encode(' '.join(['harbour'] * 400))\n"
        "print('torch' in sys.modules, 'transformers' in sys.modules,"
        " len(middle.ids), len(long.ids))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    torch_loaded, transformers_loaded, middle, long = done.stdout.split()
    # Neither library is loaded (about 145 MB in every process that encodes).
    assert (torch_loaded, transformers_loaded) == ("False", "False")
    # 150 words and the two markers: the tokenizer file's own 128-token cut is not applied;
    # 400 words are cut at the transformer's limit.
    assert (int(middle), int(long)) == (152, MAX_TOKENS)
