"""Speed of the analyze stage against plain spaCy, measured in the same run.

    python -m benchmarks.analyze_speed [--articles 1000] [--processes 1 2]

Articles: the first N texts of the evalsets (PolNeAR, then TimeBank, then ECB+). Baseline:
``list(nlp.pipe(texts))`` with the analyzer's own loaded pipeline, batch size and process count.
Stage: the analyzer (sentences, mentions, quotes, times) plus corpus entity resolution. Reported:
articles/s of both and the ratio stage time / baseline time (target <= 1.3), and peak memory.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import dataclasses
import json
import resource
import time
from pathlib import Path

from benchmarks.common import EVALSETS, require_data
from storyline.analyze import make_analyzer, resolve_entities
from storyline.config import AnalyzeConfig
from storyline.model import Article

RESULTS = Path(__file__).resolve().parent / "results"
TARGET_RATIO = 1.3


def load_texts(n: int) -> list[str]:
    texts: list[str] = []
    for name in ("polnear.dev.jsonl", "timebank.dev.jsonl", "ecbplus.dev.jsonl"):
        with (EVALSETS / name).open(encoding="utf-8") as f:
            for line in f:
                text = json.loads(line)["text"]
                if name == "timebank.dev.jsonl":  # fields are Python-repr strings there
                    with contextlib.suppress(ValueError, SyntaxError):  # a few are plain text
                        text = ast.literal_eval(text)
                texts.append(str(text))
                if len(texts) >= n:
                    return texts
    return texts


def measure(texts: list[str], processes: int) -> dict[str, float]:
    cfg = dataclasses.replace(AnalyzeConfig(), n_process=processes)
    analyzer = make_analyzer(cfg)
    articles = [
        Article(
            article_id=f"bench_{i:05d}",
            report_id=f"bench_{i:05d}",
            origin="bench",
            kind="text",
            text=t,
        )
        for i, t in enumerate(texts)
    ]
    analyzer(articles[:20])  # warm up both paths once
    started = time.perf_counter()
    for _ in analyzer.nlp.pipe(texts, batch_size=cfg.batch_size, n_process=processes):
        pass
    baseline = time.perf_counter() - started
    started = time.perf_counter()
    resolve_entities(analyzer(articles))
    stage = time.perf_counter() - started
    return {
        "processes": processes,
        "baseline_s": round(baseline, 2),
        "stage_s": round(stage, 2),
        "baseline_articles_per_s": round(len(texts) / baseline, 1),
        "stage_articles_per_s": round(len(texts) / stage, 1),
        "ratio": round(stage / baseline, 3),
    }


def main(argv: list[str] | None = None) -> int:
    require_data("evalsets")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args(argv)
    texts = load_texts(args.articles)
    runs = [measure(texts, p) for p in args.processes]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for run in runs:
        print(
            f"{run['processes']} process(es): nlp.pipe {run['baseline_articles_per_s']} art/s, "
            f"analyze stage {run['stage_articles_per_s']} art/s, ratio {run['ratio']:.2f} "
            f"(target <= {TARGET_RATIO})"
        )
    print(f"articles {len(texts)}, peak RSS of the main process {peak_mb:.0f} MB")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "analyze_speed.json").write_text(
        json.dumps({"articles": len(texts), "runs": runs, "peak_rss_mb": round(peak_mb)}, indent=2),
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
