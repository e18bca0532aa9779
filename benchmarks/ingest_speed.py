"""Speed of ingest + clean + store, as a ratio to reading and hashing the same files.

10,000 text files are built in a temporary directory from the evalsets' article texts (each
text reused with a distinct edition line so every file is a distinct article). Both sides run in
this process, over the same files, after a warm-up read so the page cache treats them alike.

    python -m benchmarks.ingest_speed [--articles 10000]
"""

from __future__ import annotations

import argparse
import hashlib
import tempfile
import time
from pathlib import Path

from benchmarks.common import evalset_texts, require_data, write_result
from storyline.config import Config
from storyline.pipeline import ingest
from storyline.store import open_store


def build_files(folder: Path, count: int) -> list[Path]:
    texts = evalset_texts()
    paths: list[Path] = []
    for i in range(count):
        path = folder / f"{i:06d}.txt"
        path.write_text(f"{texts[i % len(texts)]}\n\nEdition {i}.\n", encoding="utf-8")
        paths.append(path)
    return paths


def read_and_hash(paths: list[Path]) -> float:
    started = time.perf_counter()
    for path in paths:
        hashlib.sha256(path.read_bytes()).hexdigest()
    return time.perf_counter() - started


def main() -> int:
    require_data("evalsets")
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        paths = build_files(folder, args.articles)
        read_and_hash(paths)  # warm the page cache for both sides
        baseline = read_and_hash(paths)
        with open_store(Path(tmp) / "bench.db") as store:
            started = time.perf_counter()
            summary = ingest(store, [str(folder)], Config())
            elapsed = time.perf_counter() - started
    result = {
        "articles": args.articles,
        "stored": summary.new,
        "rejected": dict(summary.rejected),
        "ingest_clean_store_s": round(elapsed, 3),
        "ingest_articles_per_s": round(args.articles / elapsed, 1),
        "baseline": "read + sha256 of the same files",
        "baseline_s": round(baseline, 3),
        "baseline_articles_per_s": round(args.articles / baseline, 1),
        "ratio_to_baseline": round(elapsed / baseline, 1),
    }
    for key, value in result.items():
        print(f"{key}: {value}")
    write_result("ingest_speed", result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
