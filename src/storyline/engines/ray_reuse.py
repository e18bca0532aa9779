"""The Ray engine's reuse stage: sketches as a map, candidate pairs as two reduces (by
fingerprint bucket, then by pair), verification as a reduce by connected component of the
candidate pairs, with the local engine's pure functions (``storyline.reuse``). The records are
those of ``engines.driver.reuse_records`` (the local stage over an empty store), record for
record.

The steps, and where each runs:

1. **Sketch** (Ray: ``map_batches`` tasks over the articles, numbered in ID order as the local
   index numbers them): each article's fingerprints and key-term fingerprints. Sketching a text
   does not depend on the other texts of its batch.
2. **Explode** (Ray: ``map_batches``): one row per fingerprint, the packed ``bucket << bits |
   doc`` entry the local index sorts (``reuse.index.bucket_bits``: the fingerprint's low bits
   are dropped for the doc number, as locally, so two fingerprints that share a bucket there
   share one here), keyed by the bucket's part.
3. **Pairs per bucket** (Ray: ``groupby`` by bucket part, each part a set of whole buckets):
   ``reuse.index.bucket_pair_codes`` over the part's sorted entries, the buckets over
   ``max_fingerprint_articles`` with their anchors as locally (both depend on one bucket
   only), and each pair counted once per bucket pairing it.
4. **Shared counts per pair** (Ray: ``groupby`` by pair part): the counts summed and the pairs
   sharing ``min_shared_fingerprints`` kept (``reuse.index.pairs_of_codes``).
5. **Order** (driver): the order the local stage verifies pairs in depends on all of them at
   once (the locality ranks are one walk over the whole graph of pairs, and near-duplicate pairs
   go first), and the candidate pairs are few (2,943 for 1,072 articles): the driver orders
   them with the local code (``reuse.index.ordered_candidates``) and finds the connected
   components of the graph of pairs (a union-find).
6. **Verify** (Ray: a join of the pairs with their articles' texts by component part, a
   ``groupby`` of the union of both): each part verifies its pairs in the driver's order with
   the local loop (``reuse.find.verify_in_order``). That loop is sequential by design: whether
   a pair is verified at all depends on the links found before it (pairs inside a group of
   reprints or between two settled groups of near-duplicates are skipped), so it cannot be a
   map over pairs: that would verify pairs the local stage skips, and link some of them (a
   skipped pair has no link), so the links would differ. But every such decision reads only
   the groups of the pair's two articles, which only links between candidate pairs join:
   pairs in different components never affect each other, so each component's pairs, in the
   global order, give exactly the local links. A component is whole in one part (a component
   of many reprints is one task).
7. **Families** (driver): the union-find of the family-joining links over every article ID, a
   partition that does not depend on the order of the joins.

A run from nothing only: no stored sketches, links or near-duplicate groups (as
``reuse_records``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from typing import Any

import numpy as np

from storyline.config import ReuseConfig
from storyline.dataset import arrow_type, from_rows, to_batch
from storyline.model import Article, ReuseLink, ReuseSketch
from storyline.reuse import ReuseResult, sketch_texts, sketch_version
from storyline.reuse.find import verify_in_order
from storyline.reuse.index import (
    BUCKET_ANCHORS,
    ArticleGroups,
    bucket_bits,
    bucket_pair_codes,
    candidate_shares,
    families_of,
    joins_family,
    ordered_candidates,
    pairs_of_codes,
)
from storyline.reuse.sketch import I64, U64
from storyline.store.codec import encode_array, from_json, to_json

_log = logging.getLogger(__name__)

# Articles a sketch task takes at once (as the local stage's vectorized passes).
SKETCH_BATCH = 256
# The two sketches, by their number in the bucket rows.
KINDS = ("copy", "key")


def _u64(data: bytes) -> U64:
    return np.frombuffer(data, dtype="<u8").astype(np.uint64)


def sketch_batch(batch: Any, cfg: ReuseConfig) -> Any:
    """The sketch map over a batch of ``{doc, article_id, text}``: each article's fingerprints
    and key-term fingerprints as little-endian uint64 bytes."""
    import pyarrow as pa

    texts = batch.column("text").to_pylist()
    sketches = sketch_texts(texts, cfg)
    return pa.table(
        {
            "doc": batch.column("doc"),
            "article_id": batch.column("article_id"),
            "fingerprints": pa.array(
                [s.fingerprints.astype("<u8").tobytes() for s in sketches], type=pa.binary()
            ),
            "key_fingerprints": pa.array(
                [s.key_fingerprints.astype("<u8").tobytes() for s in sketches], type=pa.binary()
            ),
        }
    )


def bucket_rows(batch: Any, docs: int, parts: int) -> Any:
    """The explode: one row ``{kind, part, packed}`` per fingerprint of each article of a batch
    of sketches, ``packed`` the (bucket, doc) entry of ``reuse.index`` and ``part`` the
    bucket's part of the reduce (every entry of one bucket in one part)."""
    import pyarrow as pa

    bits = bucket_bits(docs)
    doc = np.asarray(batch.column("doc").to_numpy(), dtype=np.uint64)
    kinds: list[Any] = []
    part_cols: list[Any] = []
    packed_cols: list[Any] = []
    for kind, column in enumerate(("fingerprints", "key_fingerprints")):
        values = [_u64(b) for b in batch.column(column).to_pylist()]
        counts = np.array([v.size for v in values], dtype=np.int64)
        fps = np.concatenate(values) if values else np.empty(0, np.uint64)
        bucket = fps >> bits
        packed = bucket << bits
        packed |= np.repeat(doc, counts)
        kinds.append(np.full(fps.size, kind, dtype=np.int8))
        part_cols.append((bucket % np.uint64(parts)).astype(np.int64))
        packed_cols.append(packed)
    return pa.table(
        {
            "kind": np.concatenate(kinds),
            "part": np.concatenate(part_cols),
            "packed": np.concatenate(packed_cols),
        }
    )


def bucket_pairs(group: Any, docs: int, max_df: int, parts: int) -> Any:
    """The reduce by bucket: over one part's entries (whole buckets), every pair code with how
    many of the part's buckets pair it, and the pair's part of the next reduce."""
    import pyarrow as pa

    kind_col = group.column("kind").to_numpy()
    packed_all = np.asarray(group.column("packed").to_numpy(), dtype=np.uint64)
    out_kind: list[Any] = []
    out_code: list[Any] = []
    out_count: list[Any] = []
    for kind, name in enumerate(KINDS):
        packed = np.sort(packed_all[kind_col == kind])
        codes = bucket_pair_codes(packed, docs, 0, max_df, BUCKET_ANCHORS[name])
        codes.sort()
        if codes.size == 0:
            continue
        starts = np.flatnonzero(np.concatenate(([True], codes[1:] != codes[:-1])))
        out_kind.append(np.full(starts.size, kind, dtype=np.int8))
        out_code.append(codes[starts])
        out_count.append(np.diff(np.append(starts, codes.size)).astype(np.int64))
    code = np.concatenate(out_code) if out_code else np.empty(0, np.int64)
    return pa.table(
        {
            "kind": np.concatenate(out_kind) if out_kind else np.empty(0, np.int8),
            "part": code % parts,
            "code": code,
            "count": np.concatenate(out_count) if out_count else np.empty(0, np.int64),
        }
    )


def pair_counts(group: Any, docs: int, min_shared: tuple[int, int]) -> Any:
    """The reduce by pair: one part's pair codes summed over every bucket part, the pairs sharing
    ``min_shared`` (per kind) fingerprints as ``{kind, lo, hi, shared}``."""
    import pyarrow as pa

    kind_col = group.column("kind").to_numpy()
    code_all = np.asarray(group.column("code").to_numpy(), dtype=np.int64)
    count_all = np.asarray(group.column("count").to_numpy(), dtype=np.int64)
    cols: dict[str, list[Any]] = {"kind": [], "lo": [], "hi": [], "shared": []}
    for kind in range(len(KINDS)):
        mine = kind_col == kind
        order = np.argsort(code_all[mine], kind="stable")
        found, shared = pairs_of_codes(
            code_all[mine][order], docs, min_shared[kind], count_all[mine][order]
        )
        cols["kind"].append(np.full(shared.size, kind, dtype=np.int8))
        cols["lo"].append(found[:, 0])
        cols["hi"].append(found[:, 1])
        cols["shared"].append(shared)
    return pa.table({k: np.concatenate(v) for k, v in cols.items()})


def components(pairs: Sequence[tuple[str, str]]) -> dict[str, str]:
    """Each article of ``pairs`` and its connected component (named by its smallest ID)."""
    groups = ArticleGroups()
    for a, b in pairs:
        groups.join(a, b)
    return {x: groups.find(x) for pair in pairs for x in pair}


def assign_parts(component_of: dict[str, str], pairs_of: dict[str, int], parts: int) -> dict[
    str, int
]:
    """A part for each component: largest first onto the part with the fewest pairs so far
    (ties: the lower part), so that the verify tasks get about as many pairs each."""
    load = [0] * parts
    part_of: dict[str, int] = {}
    for root in sorted(pairs_of, key=lambda r: (-pairs_of[r], r)):
        part = min(range(parts), key=lambda p: (load[p], p))
        part_of[root] = part
        load[part] += pairs_of[root]
    return {a: part_of[root] for a, root in component_of.items()}


def verify_plan(
    copy_pairs: Sequence[tuple[str, str]],
    para_pairs: Sequence[tuple[str, str]],
    cfg: ReuseConfig,
    parts: int,
) -> tuple[list[tuple[int, int, str, str, bool]], dict[str, int]]:
    """Every candidate pair as ``(part, position, a, b, copy_only)`` in the local stage's order
    (copy pairs, then paraphrase-only pairs), and each article's part: its component's."""
    ordered = [
        *((a, b, not cfg.paraphrase) for a, b in copy_pairs),
        *((a, b, False) for a, b in para_pairs),
    ]
    component_of = components([(a, b) for a, b, _ in ordered])
    pairs_of: dict[str, int] = {}
    for a, _, _ in ordered:
        pairs_of[component_of[a]] = pairs_of.get(component_of[a], 0) + 1
    part_of = assign_parts(component_of, pairs_of, parts)
    rows = [(part_of[a], pos, a, b, copy_only) for pos, (a, b, copy_only) in enumerate(ordered)]
    return rows, part_of


def _verify_schema() -> Any:
    import pyarrow as pa

    return pa.schema(
        [
            ("part", pa.int64()),
            ("pos", pa.int64()),
            ("a", pa.string()),
            ("b", pa.string()),
            ("copy_only", pa.bool_()),
            ("article", arrow_type(Article)),
        ]
    )


def pair_table(rows: Sequence[tuple[int, int, str, str, bool]]) -> Any:
    """The pairs' side of the verify join (no article)."""
    import pyarrow as pa

    return pa.table(
        {
            "part": [r[0] for r in rows],
            "pos": [r[1] for r in rows],
            "a": [r[2] for r in rows],
            "b": [r[3] for r in rows],
            "copy_only": [r[4] for r in rows],
            "article": [None] * len(rows),
        },
        schema=_verify_schema(),
    )


def article_rows(batch: Any, part_of: dict[str, int]) -> Any:
    """The articles' side of the verify join: each article of a candidate pair once, keyed by
    its component's part (an article in no pair is left out)."""
    import pyarrow as pa

    fields = [name for name in batch.column_names if name != "doc"]
    articles = [
        a for a in from_rows(Article, batch.select(fields).to_pylist()) if a.article_id in part_of
    ]
    rows = to_batch(Article, articles).to_pylist()
    return pa.table(
        {
            "part": [part_of[a.article_id] for a in articles],
            "pos": [-1] * len(articles),
            "a": [a.article_id for a in articles],
            "b": [""] * len(articles),
            "copy_only": [False] * len(articles),
            "article": pa.array(rows, type=arrow_type(Article)),
        },
        schema=_verify_schema(),
    )


def verify_part(group: Any, cfg: ReuseConfig) -> Any:
    """The reduce by component part: the part's pairs verified in the global order with the
    local loop, from nothing (no earlier groups of near-duplicates). Rows ``{kind, json}``:
    each link, and how many pairs were skipped."""
    import pyarrow as pa

    articles: dict[str, Article] = {}
    pairs: list[tuple[int, str, str, bool]] = []
    for row in group.to_pylist():
        if row["pos"] < 0:
            (article,) = from_rows(Article, [row["article"]])
            articles[article.article_id] = article
        else:
            pairs.append((row["pos"], row["a"], row["b"], row["copy_only"]))
    pairs.sort()
    links, implied = verify_in_order(
        [(a, b, copy_only) for _, a, b, copy_only in pairs],
        articles.__getitem__,
        cfg,
        ArticleGroups(),
    )
    return pa.table(
        {
            "kind": ["link"] * len(links) + ["implied"],
            "json": [to_json(link) for link in links] + [str(implied)],
        }
    )


def reuse_records_ray(
    ray: Any, articles: Sequence[Article], cfg: ReuseConfig, *, workers: int = 2
) -> ReuseResult:
    """The reuse stage over ``articles`` (none indexed before) on the running Ray: the records
    of ``engines.driver.reuse_records``, with the work as maps and reduces (module docstring)."""
    by_id = {a.article_id: a for a in articles}
    ids = sorted(by_id)
    docs = len(ids)
    version = sketch_version(cfg)
    if not ids:
        return ReuseResult(links=[], families=[], sketches=[])
    parts = max(1, 2 * workers)
    clock = time.perf_counter()

    def step(what: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        _log.debug("reuse on Ray: %s in %.2f s", what, now - clock)
        clock = now

    ordered = [by_id[i] for i in ids]
    source = ray.data.from_arrow(
        [
            _article_table(ordered[i : i + SKETCH_BATCH]).append_column(
                "doc", [list(range(i, min(i + SKETCH_BATCH, docs)))]
            )
            for i in range(0, docs, SKETCH_BATCH)
        ]
    )
    sketched = source.map_batches(
        sketch_batch, fn_kwargs={"cfg": cfg}, batch_format="pyarrow", batch_size=SKETCH_BATCH
    ).materialize()
    sketch_rows = sorted(sketched.take_all(), key=lambda r: r["doc"])
    sketches = [
        ReuseSketch(
            article_id=r["article_id"],
            algorithm=version,
            fingerprints=encode_array(_u64(r["fingerprints"]), "<u8"),
            key_fingerprints=encode_array(_u64(r["key_fingerprints"]), "<u8"),
        )
        for r in sketch_rows
    ]
    step(f"{docs} articles sketched")
    sizes = {
        "copy": np.array([len(r["fingerprints"]) // 8 for r in sketch_rows], dtype=np.int64),
        "key": np.array([len(r["key_fingerprints"]) // 8 for r in sketch_rows], dtype=np.int64),
    }
    counted = (
        sketched.map_batches(
            bucket_rows, fn_kwargs={"docs": docs, "parts": parts}, batch_format="pyarrow"
        )
        .groupby("part", num_partitions=parts)
        .map_groups(
            bucket_pairs,
            fn_kwargs={"docs": docs, "max_df": cfg.max_fingerprint_articles, "parts": parts},
            batch_format="pyarrow",
        )
        .groupby("part", num_partitions=parts)
        .map_groups(
            pair_counts,
            fn_kwargs={
                "docs": docs,
                "min_shared": (
                    cfg.min_shared_fingerprints,
                    cfg.paraphrase_min_shared_fingerprints,
                ),
            },
            batch_format="pyarrow",
        )
        .take_all()
    )
    step(f"{len(counted)} pairs counted by bucket and by pair")
    found: dict[str, dict[tuple[str, str], float]] = {}
    for kind, name in enumerate(KINDS):
        mine = sorted(
            (r["lo"], r["hi"], r["shared"]) for r in counted if r["kind"] == kind
        )
        pairs: I64 = np.array([(lo, hi) for lo, hi, _ in mine], dtype=np.int64).reshape(-1, 2)
        shared: I64 = np.array([s for _, _, s in mine], dtype=np.int64)
        found[name] = candidate_shares(pairs, shared, sizes[name], ids)
    copy_pairs, para_pairs = ordered_candidates(
        found["copy"], found["key"] if cfg.paraphrase else {}
    )
    links: list[ReuseLink] = []
    implied = 0
    if copy_pairs or para_pairs:
        rows, part_of = verify_plan(copy_pairs, para_pairs, cfg, parts)
        step(f"{len(rows)} candidate pairs ordered, in {len(set(part_of.values()))} parts")
        verified = (
            source.map_batches(
                article_rows, fn_kwargs={"part_of": part_of}, batch_format="pyarrow"
            )
            .union(ray.data.from_arrow(pair_table(rows)))
            .groupby("part", num_partitions=parts)
            .map_groups(verify_part, fn_kwargs={"cfg": cfg}, batch_format="pyarrow")
            .take_all()
        )
        for row in verified:
            if row["kind"] == "link":
                links.append(from_json(ReuseLink, row["json"]))
            else:
                implied += int(row["json"])
        step(f"{len(links)} links verified")
    links.sort(key=lambda link: link.link_id)
    groups = ArticleGroups()
    for link in links:
        if joins_family(link, cfg):
            groups.join(link.article_a, link.article_b)
    return ReuseResult(
        links=links,
        families=families_of(ids, groups),
        sketches=sketches,
        candidates=len(copy_pairs) + len(para_pairs),
        implied=implied,
    )


def _article_table(articles: Sequence[Article]) -> Any:
    import pyarrow as pa

    return pa.Table.from_batches([to_batch(Article, articles)])
