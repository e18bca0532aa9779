"""Cost of a later stories run that adds one article to a store that already has the rest.

The store holds the ECB+ and BASIL articles with their analyses; a first ``update_stories`` run
assigns all but one and stores their lead vectors. Then the last article arrives and a second run
is timed twice on copies of that store:

- storyline: stored lead vectors are read back, only the new article is embedded;
- baseline: the same run with the stored vectors removed, so every lead is embedded again (what
  the stage did before vectors were stored).

The ratio is baseline time / storyline time (higher is better).

    python -m benchmarks.stories_rerun [--cache DIR]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.common import write_result
from benchmarks.stories_quality import analyses_and_vectors, load
from storyline.config import StoryConfig
from storyline.embed import shared_embedder
from storyline.model import LeadVector, StoryAssignment
from storyline.store import open_store
from storyline.stories import update_stories


def _second_run(db: Path, drop_vectors: bool) -> tuple[float, int]:
    store = open_store(db)
    try:
        if drop_vectors:
            store.delete(LeadVector, list(store.keys(LeadVector)))
        started = time.perf_counter()
        summary = update_stories(store, StoryConfig(), embedder=shared_embedder())
        return time.perf_counter() - started, summary.new_articles
    finally:
        store.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cache", type=Path, default=None, help="keep analyses/vectors here")
    args = parser.parse_args(argv)
    articles: list[Any] = []
    analyses: list[Any] = []
    for name in ("ecbplus", "basil"):
        arts, _ = load(name)
        ans, _ = analyses_and_vectors(name, arts, args.cache)
        articles += arts
        analyses += ans
    shared_embedder()  # the model load is not part of either run
    with tempfile.TemporaryDirectory() as tmp:
        first_db = Path(tmp) / "first.db"
        store = open_store(first_db)
        store.put(articles[:-1])
        store.put(analyses)
        started = time.perf_counter()
        update_stories(store, StoryConfig(), embedder=shared_embedder())
        first_seconds = time.perf_counter() - started
        store.put(articles[-1:])
        assert store.count(StoryAssignment) == len(articles) - 1
        store.close()
        timings: dict[str, float] = {}
        for label, drop in (("storyline", False), ("baseline_reembed_all", True)):
            db = Path(tmp) / f"{label}.db"
            shutil.copy(first_db, db)
            seconds, added = _second_run(db, drop)
            assert added == 1
            timings[label] = seconds
    ratio = timings["baseline_reembed_all"] / timings["storyline"]
    result = {
        "store_articles": len(articles),
        "first_run_seconds": round(first_seconds, 2),
        "second_run_seconds": round(timings["storyline"], 3),
        "baseline_reembed_all_seconds": round(timings["baseline_reembed_all"], 3),
        "speedup": round(ratio, 2),
    }
    print(
        f"store of {len(articles)} articles: first run {first_seconds:.1f} s; adding one article "
        f"takes {timings['storyline']:.2f} s with stored lead vectors vs "
        f"{timings['baseline_reembed_all']:.2f} s re-embedding every lead (baseline): x{ratio:.1f}"
    )
    print(f"wrote {write_result('stories_rerun', result)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
