"""Step 1 of reuse, the sketch: every article's winnowed word-shingle fingerprints, and a smaller
sketch over its key terms for paraphrases (see ``storyline.reuse``). Vectorized with numpy."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from storyline.config import ReuseConfig
from storyline.language import ENGLISH
from storyline.stages import check_algorithm

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]

# Frequent words of 4+ letters that carry no fact: left out of key terms (language.py).
_STOPWORDS = ENGLISH.key_term_stop_words

_P = np.uint64(0x100000001B3)  # odd: invertible modulo 2**64
_Q = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_KEY_SEED = np.uint64(0xD6E8FEB86659FD93)


def _powers(n: int) -> tuple[U64, U64]:
    """P**i and P**-i modulo 2**64 for i < n (wrap-around uint64 arithmetic)."""
    inverse = pow(int(_P), -1, 2**64)
    pw = np.empty(n, dtype=np.uint64)
    inv = np.empty(n, dtype=np.uint64)
    pw[0] = inv[0] = 1
    # Doubling: fill blocks by multiplying the filled prefix by P**len(prefix).
    filled = 1
    while filled < n:
        step = min(filled, n - filled)
        pw[filled : filled + step] = pw[:step] * np.uint64(pow(int(_P), filled, 2**64))
        inv[filled : filled + step] = inv[:step] * np.uint64(pow(inverse, filled, 2**64))
        filled += step
    return pw, inv


_POW, _INVPOW = _powers(1 << 16)


def _ensure_powers(n: int) -> None:
    global _POW, _INVPOW
    if n > len(_POW):
        _POW, _INVPOW = _powers(max(n, 2 * len(_POW)))


def _mix(x: U64) -> U64:
    """splitmix64 finalizer: spreads polynomial hashes over all 64 bits."""
    x = x ^ (x >> np.uint64(30))
    x = x * _MIX1
    x = x ^ (x >> np.uint64(27))
    x = x * _MIX2
    return x ^ (x >> np.uint64(31))


def _word_hashes(raw: bytes) -> tuple[U64, npt.NDArray[np.bool_], I64]:
    """A stable 64-bit hash per word of lowercased UTF-8, which words are key terms, and where
    each word starts.

    Byte-level and vectorized: a word is a run of ASCII letters/digits or non-ASCII bytes; its
    hash is its polynomial hash computed from one prefix sum over the whole text.
    """
    data = np.frombuffer(raw, dtype=np.uint8)
    if data.size == 0:
        return np.empty(0, np.uint64), np.empty(0, np.bool_), np.empty(0, np.int64)
    digit = (data >= 48) & (data <= 57)
    is_word = digit | (data >= 0x80) | ((data >= 97) & (data <= 122))
    # General punctuation (U+2000-U+203F: curly quotes, dashes, ellipsis, bullets) is E2 80 xx and
    # no-break space and guillemets are C2 A0/AB/BB in UTF-8: separators, not parts of words.
    if b"\xe2\x80" in raw:
        lead = np.flatnonzero((data[:-2] == 0xE2) & (data[1:-1] == 0x80))
        is_word[lead] = is_word[lead + 1] = is_word[lead + 2] = False
    if b"\xc2" in raw:
        nxt = data[1:]
        marks = (nxt == 0xA0) | (nxt == 0xAB) | (nxt == 0xBB)
        latin = np.flatnonzero((data[:-1] == 0xC2) & marks)
        is_word[latin] = is_word[latin + 1] = False
    edges = np.diff(is_word.astype(np.int8), prepend=np.int8(0), append=np.int8(0))
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1)
    _ensure_powers(data.size + 1)
    prefix = np.zeros(data.size + 1, dtype=np.uint64)
    np.cumsum(data.astype(np.uint64) * _POW[: data.size], out=prefix[1:])
    words = _mix((prefix[ends] - prefix[starts]) * _INVPOW[starts])
    has_digit = digit[starts]  # numbers start with a digit
    key = has_digit | (ends - starts >= 4)
    if _STOP_HASHES.size:
        # A 64K-entry table of the stopwords' low 16 bits rules out most words with one lookup;
        # only the few that pass it are searched for exactly.
        maybe = np.flatnonzero(key & _STOP_TABLE[words.view(np.uint16)[_LOW16::4]])
        slot = np.minimum(np.searchsorted(_STOP_HASHES, words[maybe]), _STOP_HASHES.size - 1)
        key[maybe[(_STOP_HASHES[slot] == words[maybe]) & ~has_digit[maybe]]] = False
    return words, key, starts


_STOP_HASHES: U64 = np.empty(0, np.uint64)
_STOP_HASHES = np.unique(_word_hashes(" ".join(sorted(_STOPWORDS)).encode())[0])
_LOW16 = 0 if sys.byteorder == "little" else 3  # the uint16 holding a uint64's low bits
_STOP_TABLE = np.zeros(1 << 16, dtype=bool)
_STOP_TABLE[_STOP_HASHES & np.uint64(0xFFFF)] = True


def _window_min(values: U64, window: int) -> U64:
    """Minimum of every ``window`` consecutive values, by doubling (log2(window) passes)."""
    span = 1
    mins = values
    while span * 2 <= window:
        mins = np.minimum(mins[:-span], mins[span:])
        span *= 2
    if span < window:
        mins = np.minimum(mins[: mins.size - (window - span)], mins[window - span :])
    return mins


_NONE = np.uint64(0xFFFFFFFFFFFFFFFF)


def _winnow(
    hashes: U64,
    doc: I64,
    docs: int,
    shingle: int,
    window: int,
    seed: np.uint64,
    informative: npt.NDArray[np.bool_] | None = None,
) -> tuple[U64, I64]:
    """Winnowing over a batch: (fingerprint, doc) pairs sorted by doc then fingerprint, unique.

    ``hashes`` are the word hashes of several documents laid end to end (``doc`` says whose);
    shingles and windows never cross from one document into the next. A document with fewer
    than ``window`` shingles keeps the minimum of them all; one with fewer words than a shingle
    has no fingerprint. With ``informative`` (per word), a shingle without an informative word
    ("as well as the") never becomes a fingerprint: such shingles are in every text, and their
    buckets cost quadratic work while proving nothing.
    """
    count = hashes.size - shingle + 1
    if count <= 0:
        return np.empty(0, np.uint64), np.empty(0, np.int64)
    grams = hashes[:count] ^ seed
    for offset in range(1, shingle):
        grams = grams * _Q + hashes[offset : offset + count]
    grams = _mix(grams)
    gram_doc = doc[:count]
    valid = gram_doc == doc[shingle - 1 :]  # every word of the shingle in one document
    grams[~valid] = _NONE
    if informative is not None:
        seen = np.concatenate(([0], np.cumsum(informative)))
        grams[seen[shingle : shingle + count] == seen[:count]] = _NONE
    per_doc = np.bincount(gram_doc[valid], minlength=docs)
    short = (per_doc > 0) & (per_doc <= window)
    parts_fp: list[U64] = []
    parts_doc: list[I64] = []
    if count > window:
        minima = _window_min(grams, window)
        last = np.arange(window - 1, count)
        inside = valid[last] & valid[: minima.size] & (gram_doc[last] == gram_doc[: minima.size])
        inside &= ~short[gram_doc[: minima.size]]
        parts_fp.append(minima[inside])
        parts_doc.append(gram_doc[: minima.size][inside])
    if short.any():
        lone = np.full(docs, _NONE, dtype=np.uint64)
        chosen = valid & short[gram_doc]
        np.minimum.at(lone, gram_doc[chosen], grams[chosen])
        parts_fp.append(lone[short])
        parts_doc.append(np.flatnonzero(short))
    fps = np.concatenate(parts_fp) if parts_fp else np.empty(0, np.uint64)
    fp_docs = np.concatenate(parts_doc) if parts_doc else np.empty(0, np.int64)
    # Neighbouring windows mostly share their minimum: dropping repeats before the sort leaves
    # about a quarter of the entries to sort.
    keep = fps != _NONE
    keep[1:] &= (fps[1:] != fps[:-1]) | (fp_docs[1:] != fp_docs[:-1])
    fps, fp_docs = fps[keep], fp_docs[keep]
    # Sorted by (doc, fingerprint): one argsort of the doc packed above the fingerprint's top
    # bits is about 5x faster than lexsort. Two fingerprints of one doc with equal top bits
    # (about once in 2**40 documents) would be left unordered: then the exact lexsort decides.
    bits = np.uint64(max(1, (docs - 1).bit_length()))
    packed = (fp_docs.astype(np.uint64) << (np.uint64(64) - bits)) | (fps >> bits)
    order = np.argsort(packed)
    packed, fps, fp_docs = packed[order], fps[order], fp_docs[order]
    if np.any((packed[1:] == packed[:-1]) & (fps[1:] != fps[:-1])):
        order = np.lexsort((fps, fp_docs))
        fps, fp_docs = fps[order], fp_docs[order]
    keep = np.ones(fps.size, dtype=bool)
    keep[1:] = (fps[1:] != fps[:-1]) | (fp_docs[1:] != fp_docs[:-1])
    return fps[keep], fp_docs[keep]


@dataclass(frozen=True, slots=True)
class Sketch:
    fingerprints: U64
    key_fingerprints: U64


def sketch_texts(texts: Sequence[str], cfg: ReuseConfig) -> list[Sketch]:
    """Sketches of many texts at once: vectorized passes over chunks of them (fast for batches).

    A chunk holds about ``_CHUNK_BYTES`` of text, so that its per-byte uint64 arrays stay in the
    CPU cache: one pass over 256 articles is about 1.4x slower per article than eight over 32.
    """
    sketches: list[Sketch] = []
    raws = [t.lower().encode("utf-8") for t in texts]
    begin = size = 0
    for end, raw in enumerate(raws, 1):
        size += len(raw) + 1
        if size >= _CHUNK_BYTES or end == len(raws):
            sketches += _sketch_chunk(raws[begin:end], cfg)
            begin, size = end, 0
    return sketches


_CHUNK_BYTES = 64_000  # 32-64 KB chunks sketch the corpus of benchmarks/reuse_bench.py fastest


def _sketch_chunk(raws: list[bytes], cfg: ReuseConfig) -> list[Sketch]:
    starts = np.zeros(len(raws), dtype=np.int64)
    np.cumsum([len(r) + 1 for r in raws[:-1]], out=starts[1:])
    words, key, word_starts = _word_hashes(b"\n".join(raws))  # "\n" is never part of a word
    doc = np.searchsorted(starts, word_starts, side="right") - 1
    fps, fp_docs = _winnow(
        words, doc, len(raws), cfg.shingle_tokens, cfg.window, np.uint64(0), informative=key
    )
    if cfg.paraphrase:
        keys, key_docs = _winnow(
            words[key], doc[key], len(raws), 2, max(2, cfg.window // 2), _KEY_SEED
        )
    else:
        keys, key_docs = np.empty(0, np.uint64), np.empty(0, np.int64)
    bounds = np.arange(len(raws) + 1)
    fp_cut = np.searchsorted(fp_docs, bounds)
    key_cut = np.searchsorted(key_docs, bounds)
    return [
        Sketch(fps[fp_cut[i] : fp_cut[i + 1]], keys[key_cut[i] : key_cut[i + 1]])
        for i in range(len(raws))
    ]


def sketch_text(text: str, cfg: ReuseConfig) -> Sketch:
    """The fingerprints of one text (copied words) and of its key-term sequence (paraphrase)."""
    return sketch_texts([text], cfg)[0]


def sketch_version(cfg: ReuseConfig) -> str:
    """The algorithm name plus every setting that changes fingerprints."""
    check_algorithm("reuse", cfg)
    return f"{cfg.algorithm}:k{cfg.shingle_tokens}:w{cfg.window}:p{int(cfg.paraphrase)}"
