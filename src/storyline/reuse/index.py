"""Step 2 of reuse, the candidates: a reduce over fingerprint buckets, and the persistent index
of sketches with the families (union-find) that verified links join (see ``storyline.reuse``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import reverse_cuthill_mckee

from storyline.config import ReuseConfig
from storyline.model import Article, ReuseLink, ReuseSketch, SourceFamily, content_id
from storyline.reuse.sketch import I64, U64, Sketch, sketch_version
from storyline.reuse.verify import with_prose
from storyline.store.codec import decode_array


def _pairs_sharing(
    fps: U64, counts: I64, first_new: int, max_df: int, min_shared: int, anchors: int = 0
) -> I64:
    """Pairs (lo, hi) of doc numbers sharing >= min_shared fingerprints, hi >= first_new."""
    return _pairs_sharing_counted(fps, counts, first_new, max_df, min_shared, anchors)[0]


def _pairs_sharing_counted(
    fps: U64, counts: I64, first_new: int, max_df: int, min_shared: int, anchors: int = 0
) -> tuple[I64, I64]:
    """Pairs (lo, hi) of doc numbers sharing >= min_shared fingerprints, hi >= first_new, and
    how many fingerprints each pair shares (those of buckets it was paired in).

    ``fps`` are the documents' fingerprints end to end, ``counts`` how many each document has.
    Every bucket (the documents holding one fingerprint) is expanded into its pairs, written as
    one int64 code per pair into a single preallocated array; one in-place sort then brings the
    copies of a pair together, and a pair is chosen when its code repeats ``min_shared`` times.
    Memory is 9 bytes per bucket pair (the codes and one mask), with no per-pair temporaries.
    The two halves, :func:`bucket_pair_codes` (per bucket) and :func:`pairs_of_codes` (per
    pair), are also the Ray engine's two reduces (``engines/ray_reuse.py``).
    """
    if fps.size < 2:
        return _NO_PAIRS, _NO_COUNTS
    # One plain sort of (fingerprint, doc) packed into a uint64 (the fingerprint's top bits above
    # the doc number) is several times faster than an argsort and two gathers. Dropping the
    # fingerprint's low bits (17 at 100,000 articles) merges two distinct fingerprints less than
    # once per run at that size: at worst one extra shared fingerprint, never a lost one.
    # The packed entries are passed on unnamed: the callee frees them before making the codes.
    codes = bucket_pair_codes(_packed_sorted(fps, counts), counts.size, first_new, max_df, anchors)
    codes.sort()
    return pairs_of_codes(codes, counts.size, min_shared)


def _packed_sorted(fps: U64, counts: I64) -> U64:
    bits = bucket_bits(counts.size)
    packed = fps >> bits
    packed <<= bits
    packed |= np.repeat(np.arange(counts.size, dtype=np.uint64), counts)
    packed.sort()
    return packed


_NO_PAIRS: I64 = np.empty((0, 2), dtype=np.int64)
_NO_COUNTS: I64 = np.empty(0, dtype=np.int64)


def bucket_bits(docs: int) -> np.uint64:
    """Low bits of a fingerprint dropped to hold a doc number of ``docs`` documents: a bucket is
    ``fingerprint >> bits``, and ``bucket << bits | doc`` packs a (bucket, doc) entry."""
    return np.uint64(max(1, int(docs - 1).bit_length()))


def bucket_pair_codes(
    packed: U64, docs: int, first_new: int, max_df: int, anchors: int = 0
) -> I64:
    """The pairs of every bucket as codes ``lo * docs + hi`` (unsorted; a pair once per bucket
    pairing it), from the sorted packed (bucket, doc) entries of whole buckets.

    Each bucket is handled on its own: any set of whole buckets, sorted, gives its share of the
    codes, which is how the Ray engine runs this as a reduce by bucket."""
    n = np.int64(docs)
    bits = bucket_bits(docs)
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
        return _NO_COUNTS
    starts = np.flatnonzero(np.concatenate(([True], f[1:] != f[:-1])))
    sizes = np.diff(np.append(starts, f.size))
    del f
    keep = ((sizes <= max_df) | (anchors > 0)) & (np.maximum.reduceat(d, starts) >= first_new)
    starts, sizes = starts[keep], sizes[keep]
    if starts.size == 0:
        return _NO_COUNTS
    # With ``anchors``, a bucket of more than max_df documents is not dropped but each of its
    # documents is paired with the bucket's first ``anchors`` documents (the earliest indexed)
    # only: work stays linear in the bucket's size (see _ANCHORS).
    rows_used = np.where(sizes > max_df, np.minimum(anchors, sizes), sizes)
    per_bucket = rows_used * sizes - rows_used * (rows_used + 1) // 2
    codes = np.empty(int(per_bucket.sum()), dtype=np.int64)
    filled = 0
    # Buckets of one size s form an (m, s) matrix of documents; its pairs are two gathers along
    # the upper triangle's column indices, a few rows at a time to bound the temporaries.
    for size in np.unique(sizes).tolist():
        rows = starts[sizes == size]
        left, right = np.triu_indices(size, 1)
        if size > max_df:
            left, right = left[left < anchors], right[left < anchors]
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
    return codes[:filled]


def pairs_of_codes(
    codes: I64, docs: int, min_shared: int, weights: I64 | None = None
) -> tuple[I64, I64]:
    """From sorted pair codes (:func:`bucket_pair_codes`), the pairs (lo, hi) paired by at least
    ``min_shared`` buckets and how many paired each. ``weights`` counts each code that many
    times (codes already counted per part of the buckets, as the Ray engine sums them)."""
    if codes.size == 0:
        return _NO_PAIRS, _NO_COUNTS
    n = np.int64(docs)
    # Runs of one code: a pair and how many buckets (shared fingerprints) paired it.
    run_starts = np.flatnonzero(np.concatenate(([True], codes[1:] != codes[:-1])))
    if weights is None:
        run_sizes = np.diff(np.append(run_starts, codes.size))
    else:
        run_sizes = np.add.reduceat(weights, run_starts)
    chosen_runs = run_sizes >= min_shared
    chosen, shared_counts = codes[run_starts[chosen_runs]], run_sizes[chosen_runs]
    lo, hi = chosen // n, chosen % n
    distinct = lo != hi  # a document paired with itself (two of its fingerprints merged)
    return np.stack((lo[distinct], hi[distinct]), axis=1), shared_counts[distinct]


_PAIR_CHUNK = 250_000  # bucket pairs gathered at once (a few MB of temporaries, fastest)
# Copy fingerprints held by more than max_fingerprint_articles articles: each article is paired
# with the first _ANCHORS articles holding it instead of the fingerprint being skipped. A wire
# story reprinted by more outlets than the cap is still found (skipping those fingerprints left
# 270 reprints of one story in 229 families, benchmarks/pipeline_speed.py --corpus syndicated
# at 1,000 articles); boilerplate held by many unrelated articles costs a few verified pairs per
# article. Key-term fingerprints over the cap are still skipped: common term pairs are the
# normal case there, and paraphrase checks are the costly ones (docs/reuse.md).
_ANCHORS = 3
# Copy candidates sharing this share of the smaller sketch's fingerprints are verified first.
# Near-duplicates (duplicate links) share 0.38-1.0 of them, 99% over 0.7, in the 5,000-article
# `distinct` corpus of benchmarks/pipeline_speed.py; other copies 0.12 at the median.
_ALIKE = 0.4


def _locality_ranks(pairs: list[tuple[str, str]]) -> dict[str, int]:
    """A rank for each article of the pairs, such that the two articles of a pair are mostly
    close in rank: reverse Cuthill-McKee over the graph of the pairs (a bandwidth-reducing
    order, a breadth-first walk from the least connected article), the articles numbered by ID
    first so the order depends on the pairs only. In ID order (content hashes: random) the second
    article of a pair was any article of the corpus, and the verification caches held fewer of
    them the larger the corpus."""
    ids = sorted({x for pair in pairs for x in pair})
    if not ids:
        return {}
    number = {x: k for k, x in enumerate(ids)}
    lo = np.array([number[a] for a, _ in pairs], dtype=np.int32)
    hi = np.array([number[b] for _, b in pairs], dtype=np.int32)
    graph = csr_matrix(
        (np.ones(2 * lo.size, dtype=np.int8), (np.append(lo, hi), np.append(hi, lo))),
        shape=(len(ids), len(ids)),
    )
    walk = reverse_cuthill_mckee(graph, symmetric_mode=True)
    return {ids[k]: rank for rank, k in enumerate(walk.tolist())}


# Anchors per bucket of each sketch (copy fingerprints, key-term fingerprints): see _ANCHORS.
BUCKET_ANCHORS = {"copy": _ANCHORS, "key": 0}


def candidate_shares(
    found: I64, shared: I64, sizes: I64, ids: list[str]
) -> dict[tuple[str, str], float]:
    """Candidate pairs (:func:`pairs_of_codes`, doc numbers) as ID pairs, each with the share of
    the smaller sketch's fingerprints it shares, in the order of ``found``."""
    alike = shared / np.maximum(np.minimum(sizes[found[:, 0]], sizes[found[:, 1]]), 1)
    out: dict[tuple[str, str], float] = {}
    for (lo, hi), share in zip(found.tolist(), alike.tolist(), strict=True):
        a, b = ids[lo], ids[hi]
        out[(a, b) if a < b else (b, a)] = share
    return out


def ordered_candidates(
    copy: dict[tuple[str, str], float], keys: dict[tuple[str, str], float]
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The order pairs are verified in (see :meth:`ReuseIndex.candidates`): copy pairs, alike
    ones first, then paraphrase-only pairs (``keys`` less the copy pairs), each by locality.
    It depends on every pair at once (the ranks are a walk over the whole graph of pairs)."""
    para = set(keys) - copy.keys()
    rank = _locality_ranks([*copy, *para])

    def near(pair: tuple[str, str]) -> tuple[int, int]:
        ra, rb = rank[pair[0]], rank[pair[1]]
        return (ra, rb) if ra < rb else (rb, ra)

    def order(pair: tuple[str, str]) -> tuple[float, tuple[int, int]]:
        return (-copy[pair], near(pair)) if copy[pair] >= _ALIKE else (0.0, near(pair))

    return sorted(copy, key=order), sorted(para, key=near)


class ArticleGroups:
    """Union-find over article IDs. The smaller ID is each group's root, so a partition never
    depends on the order of the joins."""

    def __init__(self) -> None:
        self._parent: dict[str, str] = {}

    def add(self, article_id: str) -> None:
        self._parent.setdefault(article_id, article_id)

    def find(self, article_id: str) -> str:
        root = article_id
        while (up := self._parent.get(root, root)) != root:
            root = up
        while article_id != root:  # path compression
            self._parent[article_id], article_id = root, self._parent.get(article_id, article_id)
        return root

    def same(self, a: str, b: str) -> bool:
        """Both were joined to something, and into one group."""
        return a in self._parent and b in self._parent and self.find(a) == self.find(b)

    def join(self, a: str, b: str) -> None:
        self.add(a)
        self.add(b)
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self._parent[max(ra, rb)] = min(ra, rb)


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
        self._groups = ArticleGroups()  # the families
        # Groups of near-duplicates (joined by family-joining duplicate links, of this and
        # earlier runs): pairs between two groups are settled by one (storyline.reuse.find).
        self.duplicates = ArticleGroups()
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
        self._groups.add(article_id)
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
        """Candidate pairs involving an article numbered >= first_new: (copy, paraphrase-only).

        Copy pairs whose two sketches are alike (sharing ``_ALIKE`` of the smaller one's
        fingerprints: near-duplicates) come first, most alike first; then the other copy pairs,
        then the paraphrase pairs, each in an order of the articles that keeps the pairs of
        neighbouring articles together (``_locality_ranks``: the texts a pair needs are still in
        the verification caches). The stage verifies them in this order, so groups of
        near-duplicates are known before the pairs between groups are reached (``find_reuse``).
        """
        cfg = self.cfg
        sizes = {
            "copy": np.asarray(self._fp_counts, dtype=np.int64),
            "key": np.asarray(self._key_counts, dtype=np.int64),
        }

        def pairs(kind: str, values: list[U64], min_shared: int) -> dict[tuple[str, str], float]:
            found, shared = _pairs_sharing_counted(
                self._joined(values),
                sizes[kind],
                first_new,
                cfg.max_fingerprint_articles,
                min_shared,
                BUCKET_ANCHORS[kind],
            )
            return candidate_shares(found, shared, sizes[kind], self.ids)

        copy = pairs("copy", self._fps, cfg.min_shared_fingerprints)
        keys = (
            pairs("key", self._keys, cfg.paraphrase_min_shared_fingerprints)
            if cfg.paraphrase
            else {}
        )
        return ordered_candidates(copy, keys)

    # -- families -----------------------------------------------------------------------------

    def join(self, a: str, b: str) -> None:
        self._groups.join(a, b)

    def families(self) -> list[SourceFamily]:
        return families_of(self.ids, self._groups)

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
                if link.kind == "duplicate":
                    index.duplicates.join(link.article_a, link.article_b)
        return index


def joins_family(link: ReuseLink, cfg: ReuseConfig) -> bool:
    """Two articles are one source when they share enough of a reporter's own prose."""
    if link.kind not in ("duplicate", "copy"):
        return False
    prose = max(link.prose_a or 0.0, link.prose_b or 0.0)
    return prose >= cfg.family_containment


def families_of(ids: Iterable[str], groups: ArticleGroups) -> list[SourceFamily]:
    """Every article's family (lone ones included): the groups of ``groups`` over ``ids``."""
    members: dict[str, list[str]] = {}
    for article_id in ids:
        members.setdefault(groups.find(article_id), []).append(article_id)
    families = [
        SourceFamily(family_id=content_id("family", *sorted(m)), article_ids=tuple(sorted(m)))
        for m in members.values()
    ]
    return sorted(families, key=lambda f: f.article_ids[0])
