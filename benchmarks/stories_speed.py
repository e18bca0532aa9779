"""Speed of online story assignment as the store grows: 10,000 and 100,000 articles.

What is timed: ``StoryEngine.add`` for one article whose features (spaCy analysis, MiniLM vector)
are already computed, i.e. candidate lookup in the index, scoring and joining. Feature extraction
is a per-article map that does not grow with the store and is left out (it is timed once and
reported separately, per article).

The store is synthetic, built from the ECB+ and BASIL texts: ``--base`` real articles are analysed
and embedded once, then copied with distinct dates (each copy 30 days after the previous one, so
copies of one text are distinct events), a distinct edition word, and a slightly perturbed
vector. After filling to each size, ``--probes`` fresh articles are added one at a time and their
latencies give p50/p95. The baseline, measured in the same run, scores a probe against every
open story (what the index avoids); the ratio is baseline p95 / indexed p95.

The revision pass is timed apart from the adds: while the probes arrive, the revision that
follows every ``revise_every`` arrivals (the stories near them, within the last
``revise_window`` arrivals), and once a revision of every story in the window (``storyline
stories --revise``). Its baseline is a full re-clustering of the store: assigning every
article again from scratch (the fill, timed), which still decides each article once; a
revision over the whole store at once would grow with the square of its size, as the
revisions of windows of 1,000, 2,000 and 4,000 articles at the first size show.

    python -m benchmarks.stories_speed [--base 600] [--probes 500] [--sizes 10000,100000]
"""

from __future__ import annotations

import argparse
import dataclasses
import time
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.common import require_data, write_result
from benchmarks.stories_quality import analyses_and_vectors, load
from storyline.config import StoryConfig
from storyline.stories import ArticleFeatures, StoryEngine, extract_features, revise

TARGET_P95_MS = 50.0
START = datetime(2000, 1, 1)


def base_features(count: int, cfg: StoryConfig, cache: Path | None) -> tuple[list[Any], float]:
    feats: list[ArticleFeatures] = []
    seconds = 0.0
    for name in ("ecbplus", "basil"):
        articles, _ = load(name)
        started = time.perf_counter()
        analyses, vectors = analyses_and_vectors(name, articles, cache)
        seconds += time.perf_counter() - started
        feats += [
            extract_features(a, an, vectors[i], cfg)
            for i, (a, an) in enumerate(zip(articles, analyses, strict=True))
        ]
    per_article = seconds / len(feats) if cache is None else float("nan")
    return feats[:: max(1, len(feats) // count)][:count], per_article


def synthetic(base: Sequence[ArticleFeatures], index: int, rng: np.random.Generator) -> Any:
    """The ``index``-th article of the synthetic stream: a dated, edited copy of a base article."""
    copy, b = divmod(index, len(base))
    f = base[b]
    day = START + timedelta(days=30 * copy + b % 7)
    vector = f.vector + rng.normal(0.0, 0.02, f.vector.shape).astype(np.float32)
    vector /= np.linalg.norm(vector)
    terms = dict(f.terms)
    terms[f"edition{copy}"] = 1.0
    return dataclasses.replace(
        f,
        article_id=f"syn{copy}_{b}",
        published=day,
        event_date=date(day.year, day.month, day.day),
        years=frozenset({day.year}),
        terms=terms,
        vector=vector,
    )


def brute_force_p95(engine: StoryEngine, probes: Sequence[ArticleFeatures]) -> float:
    """Score each probe against every open story: the cost the index avoids."""
    times = []
    for f in probes:
        started = time.perf_counter()
        lex = engine._weighted(f.terms)
        ent = engine._weighted(f.entities)
        best = max(
            (engine.match(f, lex, ent, story).score for story in engine.stories.values()),
            default=0.0,
        )
        times.append(time.perf_counter() - started)
        assert best >= -10
    return float(np.percentile(times, 95)) * 1000


def window_growth(base: Sequence[ArticleFeatures], cfg: StoryConfig) -> dict[str, float]:
    """Seconds for a revision of every story in windows of 4,000, 2,000 and 1,000 articles of
    a fresh synthetic stream (largest first: a revision drops what fell out of its window)."""
    wide = dataclasses.replace(cfg, revise_window=4000)
    engine = StoryEngine(wide)
    rng = np.random.default_rng(1)
    stream = [synthetic(base, i, rng) for i in range(4000)]
    engine.observe(stream)
    for f in stream:
        engine.add(f)
    growth = {}
    for window in (4000, 2000, 1000):
        engine.cfg = dataclasses.replace(cfg, revise_window=window)
        started = time.perf_counter()
        revise(engine, everything=True)
        growth[str(window)] = round(time.perf_counter() - started, 3)
    return growth


def main(argv: Sequence[str] | None = None) -> int:
    require_data("evalsets")
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", type=int, default=600)
    parser.add_argument("--probes", type=int, default=500)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--cache", type=Path, default=None)
    args = parser.parse_args(argv)
    sizes = [int(x) for x in args.sizes.split(",")]
    cfg = StoryConfig()
    base, feature_seconds = base_features(args.base, cfg, args.cache)
    rng = np.random.default_rng(0)
    engine = StoryEngine(cfg)
    added = 0
    result: dict[str, Any] = {"base_articles": len(base), "sizes": {}}
    if feature_seconds == feature_seconds:  # not NaN: measured here
        result["feature_seconds_per_article"] = round(feature_seconds, 4)
        print(f"features (spaCy + MiniLM), not timed below: {feature_seconds:.3f} s/article")
    for size in sizes:
        started = time.perf_counter()
        batch = [synthetic(base, i, rng) for i in range(added, size)]
        engine.observe(batch)
        for f in batch:
            engine.add(f)
        fill = time.perf_counter() - started
        filled = size - added
        rate = filled / fill
        added = size
        probes = [synthetic(base, added + i, rng) for i in range(args.probes)]
        engine.observe(probes)
        engine.pending.clear()  # the fill's arrivals are not revised: time the probes' only
        engine.near.clear()
        latencies, revisions = [], []
        for f in probes:
            t = time.perf_counter()
            engine.add(f)
            latencies.append(time.perf_counter() - t)
            if len(engine.pending) >= cfg.revise_every:
                t = time.perf_counter()
                revise(engine)
                revisions.append(time.perf_counter() - t)
        added += len(probes)
        p50, p95 = (float(np.percentile(latencies, q)) * 1000 for q in (50, 95))
        r50, r95 = (float(np.percentile(revisions, q)) for q in (50, 95))
        t = time.perf_counter()
        window = revise(engine, everything=True)
        full_window = time.perf_counter() - t
        brute = brute_force_p95(engine, [synthetic(base, added + i, rng) for i in range(20)])
        entry = {
            "articles": size,
            "stories": len(engine.stories),
            "fill_articles_per_s": round(rate, 1),
            "add_p50_ms": round(p50, 3),
            "add_p95_ms": round(p95, 3),
            "brute_force_scan_p95_ms": round(brute, 3),
            "ratio_scan_to_index_p95": round(brute / p95, 1),
            "target_p95_ms": TARGET_P95_MS,
            "revision_every": cfg.revise_every,
            "revision_p50_s": round(r50, 4),
            "revision_p95_s": round(r95, 4),
            "revision_window_articles": window.articles,
            "revision_whole_window_s": round(full_window, 3),
            "baseline_reassign_store_s": round(size / rate, 1),
            "ratio_reassign_to_window_revision": round(size / rate / full_window, 1),
        }
        if size == sizes[0]:
            growth = window_growth(base, cfg)
            entry["whole_window_revision_s_by_window"] = growth
            print(f"  a revision of every story in a window of n articles, n: seconds {growth}")
        print(
            f"  revision after every {cfg.revise_every} arrivals: p50 {r50:.3f} s, p95 "
            f"{r95:.3f} s; of the whole window ({window.articles} articles) {full_window:.2f} s; "
            f"baseline re-assigning all {size:,} articles {size / rate:.1f} s "
            f"({size / rate / full_window:.0f}x the window's revision)"
        )
        result["sizes"][str(size)] = entry
        print(
            f"store {size:>7,} articles ({len(engine.stories):,} stories): "
            f"{rate:,.0f} articles/s while filling; add one: p50 {p50:.2f} ms, p95 {p95:.2f} ms "
            f"(target < {TARGET_P95_MS:.0f} ms); baseline full scan p95 {brute:.1f} ms "
            f"= {brute / p95:.0f}x the indexed add"
        )
    path = write_result("stories_speed", result)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
