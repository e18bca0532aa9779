"""Articles -> reuse links (duplicates, copied passages, paraphrases) and source families.

Three steps, each cheaper than the next is expensive:

1. **Sketch** (per article, vectorized with numpy): hash every word, combine ``shingle_tokens``
   consecutive word hashes into shingle hashes, and keep the minimum of every window of ``window``
   shingles (winnowing: a local MinHash). Any run of ``window + shingle_tokens - 1`` words shared
   by two articles yields a shared fingerprint, however long the rest of either article is, which
   is what whole-document MinHash misses for a wire passage spliced into a longer article. A second,
   smaller sketch does the same over the sequence of key terms (numbers and content words) to find
   paraphrases of one source.
2. **Candidates** (a reduce over fingerprint buckets): all fingerprints sorted together; two
   articles sharing ``min_shared_fingerprints`` buckets are a candidate pair. Sub-quadratic: work
   grows with the bucket sizes, and buckets larger than ``max_fingerprint_articles`` (boilerplate)
   are skipped. Only pairs with at least one new article are produced, so a run over a stored
   index compares new articles only.
3. **Verify** each candidate: align the two word sequences on shared word 4-grams, chain matches
   along diagonals across small edits, and report every shared passage with its character spans in
   both texts; failing that, align sentences by their key terms to test for a paraphrase.

Families are the connected components of the duplicate/copy links that share a reporter's prose:
quoted words (a statement, a speech, a press release in quotation marks, in either article) do not
count, since outlets quoting the same statement are independent reports of it; what remains must
reach ``family_containment`` of either article's own prose. Families do not depend on the order
articles arrive in.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import numpy.typing as npt
from rapidfuzz.fuzz import ratio

from storyline.config import ReuseConfig
from storyline.errors import ConfigError
from storyline.language import ENGLISH
from storyline.model import (
    Article,
    Direction,
    ReuseKind,
    ReuseLink,
    ReuseSketch,
    SharedPassage,
    SourceFamily,
    content_id,
)
from storyline.quotation import scan_quote_marks
from storyline.stages import algorithm_names, check_algorithm
from storyline.store.codec import decode_array, encode_array

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]

# Versioned algorithm names, read from the one registry of the stages (storyline.stages).
ALGORITHMS = algorithm_names("reuse")

_WORD = re.compile(r"[^\W_]+")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)]*\s+|\n+")

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


# --------------------------------------------------------------------------------------------
# candidates: a reduce over fingerprint buckets
# --------------------------------------------------------------------------------------------


def _pairs_sharing(
    fps: U64, counts: I64, first_new: int, max_df: int, min_shared: int
) -> I64:
    """Pairs (lo, hi) of doc numbers sharing >= min_shared fingerprints, hi >= first_new.

    ``fps`` are the documents' fingerprints end to end, ``counts`` how many each document has.
    Every bucket (the documents holding one fingerprint) is expanded into its pairs, written as
    one int64 code per pair into a single preallocated array; one in-place sort then brings the
    copies of a pair together, and a pair is chosen when its code repeats ``min_shared`` times.
    Memory is 9 bytes per bucket pair (the codes and one mask), with no per-pair temporaries.
    """
    empty = np.empty((0, 2), dtype=np.int64)
    if fps.size < 2:
        return empty
    # One plain sort of (fingerprint, doc) packed into a uint64 (the fingerprint's top bits above
    # the doc number) is several times faster than an argsort and two gathers. Dropping the
    # fingerprint's low bits (17 at 100,000 articles) merges two distinct fingerprints less than
    # once per run at that size: at worst one extra shared fingerprint, never a lost one.
    n = np.int64(counts.size)
    bits = np.uint64(max(1, int(n - 1).bit_length()))
    packed = fps >> bits
    packed <<= bits
    packed |= np.repeat(np.arange(counts.size, dtype=np.uint64), counts)
    packed.sort()
    f = packed >> bits
    # Most fingerprints are in one article only: drop them before any per-bucket work.
    same = f[1:] == f[:-1]
    shared = np.zeros(f.size, dtype=bool)
    shared[1:] = same
    shared[:-1] |= same
    del same
    f = f[shared]
    d = (packed[shared] & ((np.uint64(1) << bits) - np.uint64(1))).astype(np.int64)
    del packed, shared
    if f.size < 2:
        return empty
    starts = np.flatnonzero(np.concatenate(([True], f[1:] != f[:-1])))
    sizes = np.diff(np.append(starts, f.size))
    del f
    keep = (sizes <= max_df) & (np.maximum.reduceat(d, starts) >= first_new)
    starts, sizes = starts[keep], sizes[keep]
    if starts.size == 0:
        return empty
    codes = np.empty(int((sizes * (sizes - 1) // 2).sum()), dtype=np.int64)
    filled = 0
    # Buckets of one size s form an (m, s) matrix of documents; its pairs are two gathers along
    # the upper triangle's column indices, a few rows at a time to bound the temporaries.
    for size in np.unique(sizes).tolist():
        rows = starts[sizes == size]
        left, right = np.triu_indices(size, 1)
        per_row = left.size
        step = max(1, _PAIR_CHUNK // per_row)
        for r0 in range(0, rows.size, step):
            block = d[rows[r0 : r0 + step, None] + np.arange(size)]
            # Docs are ascending within a bucket (the packed sort): left is lo, right is hi.
            hi = block[:, right]
            pair = (block * n)[:, left]
            pair += hi
            found = pair[hi >= first_new] if first_new else pair.ravel()
            codes[filled : filled + found.size] = found
            filled += found.size
    codes = codes[:filled]
    codes.sort()
    # A code repeated min_shared times: equal to the code min_shared - 1 places further on.
    repeated = codes[min_shared - 1 :] == codes[: codes.size - min_shared + 1]
    chosen = codes[: codes.size - min_shared + 1][repeated]
    first = np.ones(chosen.size, dtype=bool)
    first[1:] = chosen[1:] != chosen[:-1]
    chosen = chosen[first]
    lo, hi = chosen // n, chosen % n
    distinct = lo != hi  # a document paired with itself (two of its fingerprints merged)
    return np.stack((lo[distinct], hi[distinct]), axis=1)


_PAIR_CHUNK = 250_000  # bucket pairs gathered at once (a few MB of temporaries, fastest)


class ReuseIndex:
    """The persistent side of the stage: every indexed article's sketch and the family partition.

    Sketches live in flat numpy arrays (every article's fingerprints end to end, and how many
    each has) so 100,000 articles cost about 1.2 KB each; families are a union-find over IDs.
    """

    def __init__(self, cfg: ReuseConfig) -> None:
        self.cfg = cfg
        self.version = sketch_version(cfg)
        self.ids: list[str] = []
        self._number: dict[str, int] = {}
        # Fingerprints of every article laid end to end (pieces, joined before candidates), and
        # how many each article has: the article numbers of the entries are rebuilt from the
        # counts when needed, instead of keeping a doc-number array per article.
        self._fps: list[U64] = []
        self._fp_counts: list[int] = []
        self._keys: list[U64] = []
        self._key_counts: list[int] = []
        self._parent: dict[str, str] = {}
        # Stored links measured again on load (stored before prose was measured), to write back.
        self.remeasured: list[ReuseLink] = []

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._number

    def __len__(self) -> int:
        return len(self.ids)

    def add(self, article_id: str, sketch: Sketch) -> None:
        if article_id in self._number:
            return
        self._number[article_id] = len(self.ids)
        self.ids.append(article_id)
        self._parent[article_id] = article_id
        self._fps.append(sketch.fingerprints)
        self._fp_counts.append(sketch.fingerprints.size)
        self._keys.append(sketch.key_fingerprints)
        self._key_counts.append(sketch.key_fingerprints.size)

    def nbytes(self) -> int:
        """Memory held by the sketches: 8 bytes per fingerprint."""
        return 8 * (sum(self._fp_counts) + sum(self._key_counts))

    @staticmethod
    def _joined(values: list[U64]) -> U64:
        # Keep one array per kind so repeated runs do not re-concatenate thousands of pieces.
        if len(values) != 1:
            values[:] = [np.concatenate(values) if values else np.empty(0, np.uint64)]
        return values[0]

    def candidates(self, first_new: int) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        """Candidate pairs involving an article numbered >= first_new: (copy, paraphrase-only)."""
        cfg = self.cfg

        def pairs(values: list[U64], counts: list[int], min_shared: int) -> set[tuple[str, str]]:
            found = _pairs_sharing(
                self._joined(values),
                np.asarray(counts, dtype=np.int64),
                first_new,
                cfg.max_fingerprint_articles,
                min_shared,
            )
            out: set[tuple[str, str]] = set()
            for lo, hi in found.tolist():
                a, b = self.ids[lo], self.ids[hi]
                out.add((a, b) if a < b else (b, a))
            return out

        copy = pairs(self._fps, self._fp_counts, cfg.min_shared_fingerprints)
        para: set[tuple[str, str]] = set()
        if cfg.paraphrase:
            para = pairs(self._keys, self._key_counts, cfg.paraphrase_min_shared_fingerprints)
            para -= copy
        return sorted(copy), sorted(para)

    # -- families -----------------------------------------------------------------------------

    def _find(self, article_id: str) -> str:
        root = article_id
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[article_id] != root:
            self._parent[article_id], article_id = root, self._parent[article_id]
        return root

    def join(self, a: str, b: str) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra != rb:
            # The smaller ID is the root, so the partition never depends on arrival order.
            self._parent[max(ra, rb)] = min(ra, rb)

    def families(self) -> list[SourceFamily]:
        groups: dict[str, list[str]] = {}
        for article_id in self.ids:
            groups.setdefault(self._find(article_id), []).append(article_id)
        families = [
            SourceFamily(family_id=content_id("family", *sorted(m)), article_ids=tuple(sorted(m)))
            for m in groups.values()
        ]
        return sorted(families, key=lambda f: f.article_ids[0])

    @classmethod
    def from_records(
        cls,
        sketches: Iterable[ReuseSketch],
        links: Iterable[ReuseLink],
        cfg: ReuseConfig,
        lookup: Callable[[str], Article | None],
    ) -> ReuseIndex:
        """Rebuild the index from earlier runs' sketches (those of this sketch version) and
        links; ``lookup`` gives the articles of a link stored before prose was measured."""
        index = cls(cfg)
        for sketch in sketches:
            if sketch.algorithm == index.version:
                index.add(
                    sketch.article_id,
                    Sketch(
                        decode_array(sketch.fingerprints, "<u8"),
                        decode_array(sketch.key_fingerprints, "<u8"),
                    ),
                )
        for link in links:
            if link.article_a not in index or link.article_b not in index:
                continue
            if link.prose_a is None and link.kind in ("duplicate", "copy"):
                link = with_prose(link, lookup(link.article_a), lookup(link.article_b))
                index.remeasured.append(link)
            if joins_family(link, cfg):
                index.join(link.article_a, link.article_b)
        return index


def joins_family(link: ReuseLink, cfg: ReuseConfig) -> bool:
    """Two articles are one source when they share enough of a reporter's own prose."""
    if link.kind not in ("duplicate", "copy"):
        return False
    prose = max(link.prose_a or 0.0, link.prose_b or 0.0)
    return prose >= cfg.family_containment


# --------------------------------------------------------------------------------------------
# verification: the reporter's prose, not quotations
# --------------------------------------------------------------------------------------------

# A passage at least this much inside quotation marks, in either article, is a quotation:
# one outlet may quote a statement (a post, a release) that another sets off without marks.
_QUOTATION_SHARE = 0.5


def _word_starts(tokens: _Tokens) -> I64:
    return np.array([s for s, _ in tokens.spans], dtype=np.int64)


def _quoted_mask(text: str, starts: I64) -> npt.NDArray[np.bool_]:
    """Which words (by their start offsets) of ``text`` sit inside quotation marks."""
    mask = np.zeros(len(starts), dtype=bool)
    for span in scan_quote_marks(text):
        mask[np.searchsorted(starts, span.start) : np.searchsorted(starts, span.end)] = True
    return mask


def _word_range(starts: I64, lo: int, hi: int) -> slice:
    return slice(int(np.searchsorted(starts, lo)), int(np.searchsorted(starts, hi)))


def prose_containment(
    a_text: str, b_text: str, passages: Sequence[SharedPassage]
) -> tuple[float, float]:
    """Share of each article's prose (words outside quotation marks) inside shared passages that
    are no quotation in either article."""
    sa, sb = _word_starts(_tokens(a_text)), _word_starts(_tokens(b_text))
    qa, qb = _quoted_mask(a_text, sa), _quoted_mask(b_text, sb)
    copied_a = np.zeros(len(sa), dtype=bool)
    copied_b = np.zeros(len(sb), dtype=bool)
    for p in passages:
        ra, rb = _word_range(sa, p.a_start, p.a_end), _word_range(sb, p.b_start, p.b_end)
        quoted = max(
            float(qa[ra].mean()) if qa[ra].size else 0.0,
            float(qb[rb].mean()) if qb[rb].size else 0.0,
        )
        if quoted < _QUOTATION_SHARE:
            copied_a[ra] = True
            copied_b[rb] = True

    def share(copied: npt.NDArray[np.bool_], quoted: npt.NDArray[np.bool_]) -> float:
        prose = ~quoted
        return round(float((copied & prose).sum()) / max(int(prose.sum()), 1), 4)

    return share(copied_a, qa), share(copied_b, qb)


def with_prose(link: ReuseLink, a: Article | None, b: Article | None) -> ReuseLink:
    """The link with its prose containment measured (a link stored before it was)."""
    if a is None or b is None:
        return link
    prose_a, prose_b = prose_containment(a.text, b.text, link.passages)
    return replace(link, prose_a=prose_a, prose_b=prose_b)


# --------------------------------------------------------------------------------------------
# verification: copied passages
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Tokens:
    words: list[str]
    spans: list[tuple[int, int]]


def _tokens(text: str) -> _Tokens:
    words: list[str] = []
    spans: list[tuple[int, int]] = []
    for m in _WORD.finditer(text):
        words.append(m.group().lower())
        spans.append(m.span())
    return _Tokens(words, spans)


@dataclass(slots=True)
class _Chain:
    a0: int
    a1: int  # end, exclusive (tokens)
    b0: int
    b1: int
    matched: int


_SEED = 4  # words per alignment seed: long enough to be rare, short enough to survive typos
_MAX_SEED_REPEATS = 8  # a 4-gram repeated more often in one article is not evidence of copying


def _word_chains(ta: list[str], tb: list[str], max_gap: int) -> list[_Chain]:
    """Runs of shared 4-grams along diagonals, chained across gaps of up to ``max_gap`` words."""
    if len(ta) < _SEED or len(tb) < _SEED:
        return []
    where: dict[tuple[str, ...], list[int]] = {}
    for i, gram in enumerate(zip(*(ta[s:] for s in range(_SEED)), strict=False)):
        where.setdefault(gram, []).append(i)
    matches: list[tuple[int, int]] = []  # (diagonal, i)
    for j, gram in enumerate(zip(*(tb[s:] for s in range(_SEED)), strict=False)):
        positions = where.get(gram)
        if positions is not None and len(positions) <= _MAX_SEED_REPEATS:
            matches.extend((j - i, i) for i in positions)
    if not matches:
        return []
    matches.sort()
    runs: list[_Chain] = []
    last_diag, last_i = matches[0][0] - 1, -2
    for diag, i in matches:
        if diag == last_diag and i == last_i + 1:
            run = runs[-1]
            run.a1, run.b1 = i + _SEED, i + diag + _SEED
            run.matched += 1
        else:
            runs.append(_Chain(i, i + _SEED, i + diag, i + diag + _SEED, _SEED))
        last_diag, last_i = diag, i
    runs.sort(key=lambda r: (r.a0, r.b0))
    chains: list[_Chain] = []
    for run in runs:
        best: _Chain | None = None
        best_gap = max_gap + 1
        for chain in reversed(chains[-16:]):
            gap_a, gap_b = run.a0 - chain.a1, run.b0 - chain.b1
            if -_SEED <= gap_a <= max_gap and -_SEED <= gap_b <= max_gap and run.b0 > chain.b0:
                gap = max(gap_a, gap_b)
                if gap < best_gap:
                    best, best_gap = chain, gap
        if best is None:
            chains.append(_Chain(run.a0, run.a1, run.b0, run.b1, run.matched))
        else:
            best.matched += max(0, run.a1 - max(run.a0, best.a1))
            best.a1, best.b1 = max(best.a1, run.a1), max(best.b1, run.b1)
    return chains


def _overlap(lo: int, hi: int, other_lo: int, other_hi: int) -> int:
    return max(0, min(hi, other_hi) - max(lo, other_lo))


def shared_passages(a_text: str, b_text: str, cfg: ReuseConfig) -> list[SharedPassage]:
    """Every passage of ``a_text`` found in ``b_text``, with spans in both, in A's order."""
    ta, tb = _tokens(a_text), _tokens(b_text)
    return _passages(a_text, b_text, ta, tb, cfg)


def _passages(
    a_text: str, b_text: str, ta: _Tokens, tb: _Tokens, cfg: ReuseConfig
) -> list[SharedPassage]:
    chains = [
        c
        for c in _word_chains(ta.words, tb.words, cfg.max_gap_tokens)
        if min(c.a1 - c.a0, c.b1 - c.b0) >= cfg.min_passage_tokens
        and c.matched >= 0.5 * (c.a1 - c.a0)
    ]
    # One-to-one: a stretch of either text belongs to its longest passage.
    chains.sort(key=lambda c: (-(c.a1 - c.a0), c.a0, c.b0))
    # Two passages may touch by a seed's worth of words (a paragraph of A ends with the words a
    # local paragraph of B also ends with): that sliver is trimmed off the shorter one.
    kept: list[_Chain] = []
    for c in chains:
        fits = True
        for k in kept:
            cut = max(_overlap(c.a0, c.a1, k.a0, k.a1), _overlap(c.b0, c.b1, k.b0, k.b1))
            if cut > _SEED:
                fits = False
                break
            if cut and c.a0 >= k.a0:
                c.a0, c.b0 = c.a0 + cut, c.b0 + cut
            elif cut:
                c.a1, c.b1 = c.a1 - cut, c.b1 - cut
        if fits and min(c.a1 - c.a0, c.b1 - c.b0) >= cfg.min_passage_tokens:
            kept.append(c)
    kept.sort(key=lambda c: (c.a0, c.b0))
    passages = []
    for c in kept:
        a0, a1 = ta.spans[c.a0][0], ta.spans[c.a1 - 1][1]
        b0, b1 = tb.spans[c.b0][0], tb.spans[c.b1 - 1][1]
        a_part, b_part = a_text[a0:a1], b_text[b0:b1]
        similarity = 1.0 if a_part == b_part else round(ratio(a_part, b_part) / 100.0, 4)
        passages.append(
            SharedPassage(a_start=a0, a_end=a1, b_start=b0, b_end=b1, similarity=similarity)
        )
    return passages


def _covered(passages: Iterable[tuple[int, int]], spans: list[tuple[int, int]]) -> float:
    """Share of a text's words inside the given character ranges."""
    if not spans:
        return 0.0
    starts = np.array([s for s, _ in spans])
    inside = np.zeros(len(spans), dtype=bool)
    for lo, hi in passages:
        inside[np.searchsorted(starts, lo) : np.searchsorted(starts, hi)] = True
    return round(float(inside.mean()), 4)


def _span_covered(span: tuple[int, int], covers: list[tuple[int, int]]) -> float:
    """Share of a character span inside the given (non-overlapping) ranges."""
    lo, hi = span
    inside = sum(max(0, min(hi, b) - max(lo, a)) for a, b in covers)
    return inside / (hi - lo) if hi > lo else 1.0


# --------------------------------------------------------------------------------------------
# verification: paraphrase (same facts, same order, different words)
# --------------------------------------------------------------------------------------------


def _sentences(text: str) -> list[tuple[int, int, frozenset[str]]]:
    """Sentences as (start, end, key terms)."""
    out: list[tuple[int, int, frozenset[str]]] = []
    start = 0
    for m in [*_SENTENCE_END.finditer(text), None]:
        end = len(text) if m is None else m.start()
        terms = frozenset(
            w
            for w in (t.lower() for t in _WORD.findall(text[start:end]))
            if any(ch.isdigit() for ch in w) or (len(w) >= 4 and w not in _STOPWORDS)
        )
        if terms:
            out.append((start, end, terms))
        if m is not None:
            start = m.end()
    return out


_MIN_SHARED_TERMS = 3  # key terms two sentences share before they count as stating the same facts
_MIN_SENTENCE_SIM = 0.5  # weighted share of key terms; seeds 002/004 align at 0.54-0.65


def paraphrase_alignment(
    a_text: str, b_text: str
) -> tuple[float, list[SharedPassage]]:
    """Best in-order alignment of sentences stating the same key terms, and its score.

    The score is the summed overlap of the aligned sentences over the shorter article's sentence
    count: 1.0 when every sentence of the shorter article has a counterpart with the same terms.
    """
    sa, sb = _sentences(a_text), _sentences(b_text)
    if not sa or not sb:
        return 0.0, []
    # Terms both articles repeat everywhere (the event's participants) say little; the rare ones
    # they share (the items of a list, a number, a place) are the facts of one source.
    df: dict[str, int] = {}
    for _, _, terms in (*sa, *sb):
        for term in terms:
            df[term] = df.get(term, 0) + 1
    total = len(sa) + len(sb)
    weight = {t: float(np.log(total / n)) for t, n in df.items()}
    mass_a = [sum(weight[t] for t in terms) for _, _, terms in sa]
    mass_b = [sum(weight[t] for t in terms) for _, _, terms in sb]
    sims = np.zeros((len(sa), len(sb)))
    for i, (_, _, ta) in enumerate(sa):
        for j, (_, _, tb) in enumerate(sb):
            shared = ta & tb
            if len(shared) >= _MIN_SHARED_TERMS:
                sim = sum(weight[t] for t in shared) / max(min(mass_a[i], mass_b[j]), 1e-9)
                if sim >= _MIN_SENTENCE_SIM:
                    sims[i, j] = sim
    if not sims.any():
        return 0.0, []
    # Weighted longest common subsequence over sentences.
    best = np.zeros((len(sa) + 1, len(sb) + 1))
    for i in range(1, len(sa) + 1):
        for j in range(1, len(sb) + 1):
            diagonal = best[i - 1, j - 1] + sims[i - 1, j - 1]
            best[i, j] = max(best[i - 1, j], best[i, j - 1], diagonal)
    pairs: list[SharedPassage] = []
    i, j = len(sa), len(sb)
    while i > 0 and j > 0:
        if sims[i - 1, j - 1] > 0 and best[i, j] == best[i - 1, j - 1] + sims[i - 1, j - 1]:
            (a0, a1, _), (b0, b1, _) = sa[i - 1], sb[j - 1]
            pairs.append(
                SharedPassage(
                    a_start=a0, a_end=a1, b_start=b0, b_end=b1,
                    similarity=round(float(sims[i - 1, j - 1]), 4),
                )
            )
            i, j = i - 1, j - 1
        elif best[i, j] == best[i - 1, j]:
            i -= 1
        else:
            j -= 1
    pairs.reverse()
    return round(float(best[-1, -1]) / min(len(sa), len(sb)), 4), pairs


# --------------------------------------------------------------------------------------------
# the stage
# --------------------------------------------------------------------------------------------


def direction(a: Article, b: Article) -> Direction:
    """Earlier -> later when both dates are known, comparable and different; never guessed."""
    if a.published is None or b.published is None:
        return "unknown"
    if (a.published.tzinfo is None) != (b.published.tzinfo is None):
        return "unknown"
    if a.published < b.published:
        return "a->b"
    if b.published < a.published:
        return "b->a"
    return "unknown"


def compare(
    a: Article, b: Article, cfg: ReuseConfig, *, copy_only: bool = False
) -> ReuseLink | None:
    """The reuse link between two articles, or None when they share nothing that counts."""
    if b.article_id < a.article_id:
        a, b = b, a
    ta, tb = _tokens(a.text), _tokens(b.text)
    passages = _passages(a.text, b.text, ta, tb, cfg)
    kind: ReuseKind = "copy"
    cont_a = cont_b = score = 0.0
    if passages:
        cont_a = _covered(((p.a_start, p.a_end) for p in passages), ta.spans)
        cont_b = _covered(((p.b_start, p.b_end) for p in passages), tb.spans)
        if min(cont_a, cont_b) >= cfg.duplicate_containment:
            kind = "duplicate"
        score = max(cont_a, cont_b)
    # A pair that shares little verbatim text but states the same facts in the same order is a
    # paraphrase of one source (two rewrites of a press release share a list of items, say).
    if (not passages or score < cfg.family_containment) and cfg.paraphrase and not copy_only:
        para_score, aligned = paraphrase_alignment(a.text, b.text)
        # Sentences inside copied passages are evidence of copying, not of paraphrase.
        copied = [(p.a_start, p.a_end) for p in passages]
        rewritten = [p for p in aligned if _span_covered((p.a_start, p.a_end), copied) < 0.8]
        if (
            len(rewritten) >= cfg.paraphrase_min_sentences
            and para_score >= cfg.paraphrase_threshold
        ):
            kind, score, passages = "paraphrase", para_score, aligned
    if not passages:
        return None
    prose_a, prose_b = (
        prose_containment(a.text, b.text, passages) if kind != "paraphrase" else (0.0, 0.0)
    )
    return ReuseLink(
        link_id=content_id("reuse", a.article_id, b.article_id),
        article_a=a.article_id,
        article_b=b.article_id,
        kind=kind,
        containment_a=cont_a,
        containment_b=cont_b,
        score=score,
        direction=direction(a, b),
        passages=tuple(passages),
        prose_a=prose_a,
        prose_b=prose_b,
    )


@dataclass(slots=True, kw_only=True)
class ReuseResult:
    links: list[ReuseLink]  # links found in this call (pairs with at least one new article)
    families: list[SourceFamily]  # every indexed article's family, lone articles included
    sketches: list[ReuseSketch] = field(default_factory=list)  # index entries of new articles
    candidates: int = 0  # candidate pairs verified

    def line(self) -> str:
        kinds = {k: sum(1 for link in self.links if link.kind == k) for k in _KINDS}
        shared = sum(1 for f in self.families if len(f.article_ids) > 1)
        return (
            f"{len(self.sketches)} new articles, {self.candidates} candidate pairs, "
            f"{len(self.links)} links ({', '.join(f'{n} {k}' for k, n in kinds.items())}), "
            f"{len(self.families)} families ({shared} with copied text)"
        )


_KINDS: tuple[ReuseKind, ...] = ("duplicate", "copy", "paraphrase")


_BATCH = 256  # articles sketched per vectorized pass


def _index_one(
    index: ReuseIndex, sketches: list[ReuseSketch], article: Article, sketch: Sketch
) -> None:
    index.add(article.article_id, sketch)
    sketches.append(
        ReuseSketch(
            article_id=article.article_id,
            algorithm=index.version,
            fingerprints=encode_array(sketch.fingerprints, "<u8"),
            key_fingerprints=encode_array(sketch.key_fingerprints, "<u8"),
        )
    )


# What a stage's progress callback is told: (done, total, what is counted).
StepProgress = Callable[[int, int, str], None]
# Candidate pairs compared between two progress reports (a pair costs about a millisecond).
_PROGRESS_EVERY = 200


def find_reuse(
    articles: Sequence[Article],
    cfg: ReuseConfig,
    index: ReuseIndex | None = None,
    *,
    lookup: Callable[[str], Article | None] | None = None,
    progress: StepProgress | None = None,
) -> ReuseResult:
    """Index the articles not yet in ``index`` and find their links to every indexed article.

    ``articles`` may include already indexed ones (they are skipped); ``lookup`` fetches indexed
    articles that candidates need and ``articles`` does not hold (the local engine reads them
    from the store).
    The index is updated in place, so a second call with the same articles finds nothing new.
    ``progress`` is told ``(done, total, what)``: the articles sketched, then the candidate
    pairs compared (most of the cost when many articles reprint each other).
    """
    index = index if index is not None else ReuseIndex(cfg)
    by_id = {a.article_id: a for a in articles}
    new = sorted(
        (a for a in by_id.values() if a.article_id not in index), key=lambda a: a.article_id
    )
    first_new = len(index)
    sketches: list[ReuseSketch] = []
    for start in range(0, len(new), _BATCH):
        if progress is not None:
            progress(start, len(new), "articles sketched")
        batch = new[start : start + _BATCH]
        for article, sketch in zip(batch, sketch_texts([a.text for a in batch], cfg), strict=True):
            _index_one(index, sketches, article, sketch)
    copy_pairs, para_pairs = index.candidates(first_new) if new else ([], [])
    pairs_total = len(copy_pairs) + len(para_pairs)
    compared = 0

    def fetch(article_id: str) -> Article:
        found = by_id.get(article_id) or (lookup(article_id) if lookup is not None else None)
        if found is None:
            raise ConfigError(f"reuse index holds {article_id} but no article text was given")
        by_id[article_id] = found
        return found

    links: list[ReuseLink] = []
    for pairs, copy_only in ((copy_pairs, not cfg.paraphrase), (para_pairs, False)):
        for a_id, b_id in pairs:
            if progress is not None and compared % _PROGRESS_EVERY == 0:
                progress(compared, pairs_total, "candidate pairs compared")
            compared += 1
            link = compare(fetch(a_id), fetch(b_id), cfg, copy_only=copy_only)
            if link is not None:
                links.append(link)
                if joins_family(link, cfg):
                    index.join(link.article_a, link.article_b)
    links.sort(key=lambda link: link.link_id)
    return ReuseResult(
        links=links,
        families=index.families(),
        sketches=sketches,
        candidates=len(copy_pairs) + len(para_pairs),
    )
