"""Cost of a later stories run that adds one article to a store that already has the rest.

Stores of two sizes are built from the ECB+ and BASIL articles with their analyses and lead
vectors: the 1,072 articles themselves, and ten copies of them (each copy of an article under a
new ID, published 60 days later per copy so dated copies are events of their own). A first
``update_stories`` run assigns all but one article. Then the last article arrives and a second
run is timed on copies of that store:

- storyline: the engine's stored state is read only where the new article needs it (the
  postings of its index keys, the stories they name, the counts of its terms);
- baseline: the same run with the engine's state removed, so every stored article and analysis
  is read back and put into its story again (what the stage did before the state was kept).

The ratio is baseline time / storyline time (higher is better); how each grows from the small
store to the large one is the point: the target is a run whose cost does not grow with the store.

    python -m benchmarks.stories_rerun [--cache DIR] [--copies N]
"""

from __future__ import annotations

import argparse
import dataclasses
import shutil
import tempfile
import time
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

from benchmarks.common import require_data, write_result
from benchmarks.stories_quality import analyses_and_vectors, load
from storyline.config import StoryConfig
from storyline.embed import lead_embedder, lead_encoder
from storyline.engines.local_stories import update_stories
from storyline.model import (
    Analysis,
    Article,
    IndexPosting,
    LeadVector,
    StoryAssignment,
    StoryState,
    TermCount,
)
from storyline.store import open_store
from storyline.store.codec import encode_array


def _copies(
    articles: list[Article], analyses: list[Analysis], vectors: Any, copies: int
) -> tuple[list[Article], list[Analysis], list[LeadVector]]:
    """``copies`` versions of every article, analysis and lead vector, under new IDs."""
    out_articles: list[Article] = []
    out_analyses: list[Analysis] = []
    out_vectors: list[LeadVector] = []
    for copy in range(copies):
        for article, analysis, vector in zip(articles, analyses, vectors, strict=True):
            aid = article.article_id if copy == 0 else f"{article.article_id}_c{copy}"
            published = article.published
            if published is not None:
                published += timedelta(days=60 * copy)
            out_articles.append(dataclasses.replace(article, article_id=aid, published=published))
            out_analyses.append(dataclasses.replace(analysis, article_id=aid))
            out_vectors.append(
                LeadVector(article_id=aid, model=lead_encoder(), vector=encode_array(vector, "<f4"))
            )
    return out_articles, out_analyses, out_vectors


def _second_run(db: Path, drop_state: bool) -> tuple[float, int]:
    store = open_store(db)
    try:
        if drop_state:
            for cls in (StoryState, IndexPosting, TermCount):
                store.delete(cls, sorted(store.keys(cls)))
        started = time.perf_counter()
        summary = update_stories(store, StoryConfig(), embedder=lead_embedder())
        return time.perf_counter() - started, summary.new_articles
    finally:
        store.close()


def _measure(
    tmp: Path, articles: list[Article], analyses: list[Analysis], vectors: list[LeadVector]
) -> dict[str, float]:
    first_db = tmp / f"first_{len(articles)}.db"
    store = open_store(first_db)
    store.put(articles[:-1])
    store.put(analyses)
    store.put(vectors[:-1])  # the new article's lead is embedded by the timed run
    started = time.perf_counter()
    update_stories(store, StoryConfig(), embedder=lead_embedder())
    first_seconds = time.perf_counter() - started
    store.put(articles[-1:])
    assert store.count(StoryAssignment) == len(articles) - 1
    store.close()
    timings = {"first_run_seconds": first_seconds}
    for label, drop in (("storyline_seconds", False), ("baseline_rebuild_seconds", True)):
        db = tmp / f"{label}_{len(articles)}.db"
        shutil.copy(first_db, db)
        seconds, added = _second_run(db, drop)
        assert added == 1
        timings[label] = seconds
    return timings


def main(argv: Sequence[str] | None = None) -> int:
    require_data("evalsets")
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cache", type=Path, default=None, help="keep analyses/vectors here")
    parser.add_argument("--copies", type=int, default=10, help="copies in the large store")
    args = parser.parse_args(argv)
    articles: list[Article] = []
    analyses: list[Analysis] = []
    vectors: list[Any] = []
    for name in ("ecbplus", "basil"):
        arts, _ = load(name)
        ans, vecs = analyses_and_vectors(name, arts, args.cache)
        articles += arts
        analyses += ans
        vectors += list(vecs)
    lead_embedder()  # the model load is not part of any run
    result: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for copies in (1, args.copies):
            built = _copies(articles, analyses, vectors, copies)
            t = _measure(Path(tmp), *built)
            ratio = t["baseline_rebuild_seconds"] / t["storyline_seconds"]
            size = len(built[0])
            result[str(size)] = {k: round(v, 3) for k, v in t.items()} | {"ratio": round(ratio, 1)}
            print(
                f"store of {size} articles: first run {t['first_run_seconds']:.1f} s; adding one "
                f"article takes {t['storyline_seconds']:.2f} s with the engine's stored state vs "
                f"{t['baseline_rebuild_seconds']:.2f} s rebuilding every story (baseline): "
                f"x{ratio:.1f}",
                flush=True,
            )
    print(f"wrote {write_result('stories_rerun', result)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
