"""What partitioning the ordered stories stage costs in quality, simulated locally on ECB+ and
BASIL (docs/scale.md).

The stories stage is ordered: each article is decided against the stories before it. On a
cluster it can only run in parallel as independent partitions, each an engine of its own over
the articles whose key it holds. This benchmark simulates that: it splits the articles (as
``storyline run`` sees them, the corpus of ``benchmarks/stories_quality.py``) by a partition
key, runs the stage (``assign_stories``, with the revision pass) on each part in arrival order,
and scores the union with B-cubed F1 against the gold events, beside the unpartitioned run of
the same articles in the same run. Keys:

- time block: the article's event date, else its publication date, cut into blocks of N days
  (articles with neither go to one block of their own);
- topic block: b random-hyperplane bits of the article's MiniLM lead vector (2^b blocks; a fixed
  seed), so articles with close leads tend to share a block;
- both.

A story split across two partitions is two stories, so what is lost is recall; the score says
how much. Reported, not gated.

    python -m benchmarks.stories_partition [--cache DIR]
"""

from __future__ import annotations

import argparse
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.common import require_data, write_result
from benchmarks.stories_quality import bcubed, pipeline_corpus
from storyline.config import StoryConfig
from storyline.stories import ArticleFeatures, assign_stories, extract_features, lead_copies

Key = Callable[[ArticleFeatures], Hashable]
_EPOCH = date(1970, 1, 1)


def time_block(days: int) -> Key:
    def key(f: ArticleFeatures) -> Hashable:
        day = f.event_date or (f.published.date() if f.published is not None else None)
        return "undated" if day is None else (day - _EPOCH).days // days

    return key


def topic_block(bits: int, dims: int, seed: int = 0) -> Key:
    planes = np.random.default_rng(seed).standard_normal((bits, dims)).astype(np.float32)

    def key(f: ArticleFeatures) -> Hashable:
        return tuple(bool(x) for x in (planes @ f.vector) > 0)

    return key


def both(*keys: Key) -> Key:
    return lambda f: tuple(k(f) for k in keys)


def partitioned(feats: Sequence[ArticleFeatures], key: Key, cfg: StoryConfig) -> dict[str, str]:
    """Each part through its own engine, in arrival order; the union of their stories."""
    parts: dict[Hashable, list[ArticleFeatures]] = defaultdict(list)
    for f in feats:
        parts[key(f)].append(f)
    story_of: dict[str, str] = {}
    for part in parts.values():
        story_of.update((x.article_id, x.story_id) for x in assign_stories(part, cfg).assignments)
    return story_of


def main(argv: Sequence[str] | None = None) -> int:
    require_data("evalsets")
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cache", type=Path, default=None, help="as stories_quality's --cache")
    args = parser.parse_args(argv)
    cfg = StoryConfig()
    result: dict[str, Any] = {"sets": {}}
    for name in ("ecbplus", "basil"):
        articles, analyses, vectors, gold, links = pipeline_corpus(name, args.cache)
        copies = lead_copies(links, cfg.lead_reuse_chars)
        feats = [
            extract_features(a, an, vectors[i], cfg, copies.get(a.article_id, frozenset()))
            for i, (a, an) in enumerate(zip(articles, analyses, strict=True))
        ]
        dims = int(vectors.shape[1])
        keys: dict[str, Key] = {
            "none": lambda f: 0,
            "time 30 days": time_block(30),
            "time 7 days": time_block(7),
            "topic 1 bit": topic_block(1, dims),
            "topic 2 bits": topic_block(2, dims),
            "topic 3 bits": topic_block(3, dims),
            "topic 4 bits": topic_block(4, dims),
            "time 30 days x topic 2 bits": both(time_block(30), topic_block(2, dims)),
        }
        entry: dict[str, Any] = {"articles": len(articles)}
        for label, key in keys.items():
            started = time.perf_counter()
            story_of = partitioned(feats, key, cfg)
            took = time.perf_counter() - started
            p, r, f1 = bcubed([story_of[a.article_id] for a in articles], gold)
            sizes = Counter(key(f) for f in feats)
            parts, largest = len(sizes), max(sizes.values())
            entry[label] = {
                "partitions": parts,
                "largest_partition": largest,
                "precision": round(p, 4),
                "recall": round(r, 4),
                "f1": round(f1, 4),
                "seconds": round(took, 2),
            }
            print(
                f"{name} {label}: {parts} partitions (largest {largest}), "
                f"B3 P={p:.4f} R={r:.4f} F1={f1:.4f} ({took:.1f} s)"
            )
        result["sets"][name] = entry
    path = write_result("stories_partition", result)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
