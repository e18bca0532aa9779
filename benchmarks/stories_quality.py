"""Story clustering quality: B-cubed F1 over articles against the gold events of ECB+ and BASIL.

ONE configuration (``StoryConfig()`` defaults) for both sets. The evalset files go through the
pipeline as ``storyline run`` takes them: ingest and clean (which reads date stamps at the top
of a text as its publication date), analyze, then stories, in ingest order; the export's
``source_id`` is matched to the gold ``cluster``. ECB+ (dev) has no metadata dates, and about
half of its ECB+ reports carry a date stamp in their text; each of its topics holds two
different events of one kind (the hard negatives). BASIL has 100 events x 3 outlets, with
publication dates. ECB+ is also run in five shuffled orders, to show how much online arrival
order moves the result, and in file order without the revision pass (the online engine
alone). For scale, the run scores a baseline measured here: TF-IDF with average-link
clustering and its threshold tuned on each set itself (an upper bound for that method).
``benchmarks/stories_cv.py`` gives the cross-validated figure (tuned on some ECB+ topics,
scored on the others).

    python -m benchmarks.stories_quality [--cache DIR]

``--cache DIR`` keeps the cleaned articles, spaCy analyses and MiniLM vectors between runs (for a
tuning loop).
"""

from __future__ import annotations

import argparse
import dataclasses
import pickle
import random
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from benchmarks.common import EVALSETS, read_jsonl, require_data, write_result
from storyline.config import AnalyzeConfig, StoryConfig
from storyline.model import Analysis, Article, ReuseLink, content_id
from storyline.stories import assign_stories, extract_features, lead_copies, lead_text

# Pinned floors (B-cubed F1). Raising one is a one-line diff; lowering one needs a reason.
# Until 2026-12 the benchmark handed the evalset records straight to the stage (no cleaning, so
# no dates read from the text) and pinned ECB+ at 0.88 for 0.889; through the pipeline that
# configuration scored 0.862.
# 2026-12-04 (online-v3, the revision pass): ECB+ 0.950 in ingest order, five shuffled orders
# 0.945-0.948 (mean 0.947), BASIL 0.991; online-v2 gave 0.924 / 0.865-0.887 / 0.987.
FLOOR_ECBPLUS = 0.945
FLOOR_ECBPLUS_SHUFFLED = 0.94  # the mean over the shuffled orders
FLOOR_BASIL = 0.985
TARGET = 0.95  # the target on each set, reported, not gated
TARGET_SHUFFLED = 0.93  # the target for the mean over five shuffled ECB+ orders
ORDERS = (1, 2, 3, 4, 5)  # seeds of the shuffled orders

SETS = {"ecbplus": "ecbplus.dev.jsonl", "basil": "basil.jsonl"}


def bcubed(pred: Sequence[str], gold: Sequence[str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 over items."""
    by_pred: dict[str, set[int]] = defaultdict(set)
    by_gold: dict[str, set[int]] = defaultdict(set)
    for i, (p, g) in enumerate(zip(pred, gold, strict=True)):
        by_pred[p].add(i)
        by_gold[g].add(i)
    precision = recall = 0.0
    for p, g in zip(pred, gold, strict=True):
        shared = len(by_pred[p] & by_gold[g])
        precision += shared / len(by_pred[p])
        recall += shared / len(by_gold[g])
    precision, recall = precision / len(pred), recall / len(pred)
    return precision, recall, 2 * precision * recall / (precision + recall)


def load(name: str) -> tuple[list[Article], list[str]]:
    articles: list[Article] = []
    gold: list[str] = []
    for r in read_jsonl(EVALSETS / SETS[name]):
        day = r.get("date")
        articles.append(
            Article(
                article_id=content_id("art", name, r["id"]),
                report_id=r["id"],
                origin=SETS[name],
                kind="jsonl",
                text=r["text"],
                source_id=r["id"],
                title=r.get("title") or None,
                published=datetime.fromisoformat(day) if day and day != "None" else None,
            )
        )
        gold.append(str(r["cluster"]))
    return articles, gold


def analyses_and_vectors(
    name: str, articles: list[Article], cache: Path | None
) -> tuple[list[Analysis], Any]:
    path = cache / f"stories_{name}.pkl" if cache else None
    if path is not None and path.exists():
        with path.open("rb") as fh:
            cached: tuple[list[Analysis], Any] = pickle.load(fh)
        return cached
    from storyline.analyze import make_analyzer, resolve_entities
    from storyline.embed import lead_embedder

    # As the pipeline does: analyse each article, then resolve entities over the corpus.
    analyses, _ = resolve_entities(make_analyzer(AnalyzeConfig())(articles))
    vectors = lead_embedder()([lead_text(a) for a in articles])
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as fh:
            pickle.dump((analyses, vectors), fh)
    return analyses, vectors


Corpus = tuple[list[Article], list[Analysis | None], Any, list[str], list[ReuseLink]]


def pipeline_corpus(name: str, cache: Path | None) -> Corpus:
    """The set as ``storyline run`` sees it: ingested, cleaned, compared for reuse and analysed
    in a fresh store.

    Returns the stored articles in ingest order, their analyses, their lead vectors, the gold
    event of each (by ``source_id``) and the reuse links."""
    path = cache / f"stories_pipeline_{name}.pkl" if cache else None
    if path is not None and path.exists():
        with path.open("rb") as fh:
            cached: Corpus = pickle.load(fh)
        return cached
    import tempfile

    from storyline.config import Config
    from storyline.engines.local import update_analyses, update_reuse
    from storyline.engines.local_stories import stored_lead_vectors
    from storyline.pipeline import ingest
    from storyline.store import open_store

    gold_of = {r["id"]: str(r["cluster"]) for r in read_jsonl(EVALSETS / SETS[name])}
    config = Config()
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "bench.db")
        ingest(store, [str(EVALSETS / SETS[name])], config)
        update_reuse(store, config.reuse)
        update_analyses(store, config.analyze)
        articles = list(store.all(Article))  # ingest order
        found = {a.article_id: a for a in store.all(Analysis)}
        analyses = [found.get(a.article_id) for a in articles]
        vectors = stored_lead_vectors(store, articles)
        links = list(store.all(ReuseLink))
        store.close()
    gold = [gold_of[a.source_id or ""] for a in articles]
    result = (articles, analyses, vectors, gold, links)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as fh:
            pickle.dump(result, fh)
    return result


def tfidf_average_link(articles: list[Article], gold: list[str]) -> tuple[float, float]:
    """Best B-cubed F1 of TF-IDF + average-link over thresholds tuned on the set itself."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(
        [a.text for a in articles]
    )
    best = (0.0, 0.0)
    for step in range(50, 100, 2):
        threshold = step / 100
        labels = AgglomerativeClustering(
            n_clusters=None, metric="cosine", linkage="average", distance_threshold=threshold
        ).fit_predict(matrix.toarray())
        f1 = bcubed([str(x) for x in labels], gold)[2]
        best = max(best, (f1, threshold))
    return best


def main(argv: Sequence[str] | None = None) -> int:
    require_data("evalsets")
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cache", type=Path, default=None, help="keep analyses/vectors here")
    args = parser.parse_args(argv)
    cfg = StoryConfig()
    result: dict[str, Any] = {"config": cfg.__repr__(), "sets": {}}
    failed = False
    for name, floor in (("ecbplus", FLOOR_ECBPLUS), ("basil", FLOOR_BASIL)):
        articles, analyses, vectors, gold, links = pipeline_corpus(name, args.cache)
        copies = lead_copies(links, cfg.lead_reuse_chars)
        feats = [
            extract_features(a, an, vectors[i], cfg, copies.get(a.article_id, frozenset()))
            for i, (a, an) in enumerate(zip(articles, analyses, strict=True))
        ]
        started = time.perf_counter()
        stories = assign_stories(feats, cfg)
        elapsed = time.perf_counter() - started
        story_of = {x.article_id: x.story_id for x in stories.assignments}
        p, r, f1 = bcubed([story_of[a.article_id] for a in articles], gold)
        shuffled = []
        for seed in ORDERS:
            order = list(feats)
            random.Random(seed).shuffle(order)
            again = {x.article_id: x.story_id for x in assign_stories(order, cfg).assignments}
            shuffled.append(bcubed([again[a.article_id] for a in articles], gold)[2])
        online_cfg = dataclasses.replace(cfg, revise_window=0)
        alone = {x.article_id: x.story_id for x in assign_stories(feats, online_cfg).assignments}
        online_f1 = bcubed([alone[a.article_id] for a in articles], gold)[2]
        base_f1, base_threshold = tfidf_average_link(articles, gold)
        entry = {
            "articles": len(articles),
            "gold_events": len(set(gold)),
            "stories": len(stories.stories),
            "merges": len(stories.changes),
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f1, 4),
            "f1_shuffled_orders": [round(x, 4) for x in shuffled],
            "f1_shuffled_mean": round(sum(shuffled) / len(shuffled), 4),
            "f1_online_alone": round(online_f1, 4),
            "baseline_tfidf_average_link_f1": round(base_f1, 4),
            "baseline_threshold_tuned_on_set": base_threshold,
            "assign_seconds": round(elapsed, 2),
            "floor": floor,
            "target": TARGET,
            "target_shuffled_mean": TARGET_SHUFFLED,
        }
        result["sets"][name] = entry
        print(
            f"{name}: B3 P={p:.4f} R={r:.4f} F1={f1:.4f} (floor {floor}, target {TARGET}); "
            f"shuffled F1 {', '.join(f'{x:.4f}' for x in shuffled)} "
            f"(mean {sum(shuffled) / len(shuffled):.4f}, target {TARGET_SHUFFLED}); "
            f"online alone {online_f1:.4f}; "
            f"{len(stories.stories)} stories for {len(set(gold))} events, "
            f"{len(stories.changes)} merges; baseline TF-IDF average-link F1={base_f1:.4f} "
            f"(threshold {base_threshold} tuned on the set)"
        )
        if f1 < floor:
            failed = True
            print(f"FAIL {name}: F1 {f1:.4f} below floor {floor}", file=sys.stderr)
        mean = sum(shuffled) / len(shuffled)
        if name == "ecbplus" and mean < FLOOR_ECBPLUS_SHUFFLED:
            failed = True
            print(
                f"FAIL {name}: shuffled mean F1 {mean:.4f} below {FLOOR_ECBPLUS_SHUFFLED}",
                file=sys.stderr,
            )
    path = write_result("stories_quality", result)
    print(f"wrote {path}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
