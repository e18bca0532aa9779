"""The Ray engine against the local engine, every stage, in one run.

    python -m benchmarks.engine_scale [--workers 1 2] [--size N] [--keep DIR]

Articles: ECB+ dev + BASIL (1,072), read from their JSONL files as `storyline run` reads them;
with `--size N`, N articles of the `distinct` scale corpus of `benchmarks/pipeline_speed.py`
(every article of ECB+ dev, BASIL, PolNeAR dev and TimeBank dev, 2,183, then copies of them
with their sentences and paragraphs in another order under other outlets' names), written to
one JSONL file both engines read.
Baseline: the local engine's whole `run` (ingest, clean, reuse, analyze with `[analyze]
n_process` 2, stories, claims, events) into a fresh SQLite store. Measured: the Ray engine
(`storyline run --engine ray`: clean, analyze, claims and events on Ray, reuse and stories on
the driver) with each worker count, each started fresh inside a loopback-only network namespace
(`unshare -n`), wall time from start to its records dataset written (Ray start and each actor's
model loads included). Checked: every record type a local run stores but the run record and
the sentence-vector cache is the same in the Ray engine's dataset (each record as stored JSON,
as sets). Reported: articles/s of each, the ratio to the local engine's time, and the records
that differ by type.

The results file is written after each engine, so a run stopped part way keeps what it measured.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import EVALSETS, require_data, write_jsonl, write_result
from benchmarks.pipeline_speed import scale_records
from storyline.config import Config
from storyline.dataset import read_records
from storyline.model import STORED_RECORDS, Article, RunRecord, SentenceVector
from storyline.pipeline import run
from storyline.store import open_store
from storyline.store.codec import to_json

INPUTS = ("ecbplus.dev.jsonl", "basil.jsonl")
# Every stored record type but the run record and the sentence-vector cache, which the Ray
# engine does not write.
COMPARED = tuple(c for c in STORED_RECORDS if c not in (RunRecord, SentenceVector))


def local(inputs: list[str], db: Path) -> float:
    started = time.perf_counter()
    with open_store(db) as store:
        run(store, inputs, Config())
    return time.perf_counter() - started


def ray(inputs: list[str], out: Path, workers: int) -> float:
    command = [sys.executable, "-m", "storyline", "-q", "run", "--engine", "ray",
               "--output", str(out), "--workers", str(workers), *inputs]
    started = time.perf_counter()
    done = subprocess.run(
        ["unshare", "-n", "sh", "-c", 'ip link set lo up && exec "$@"', "sh", *command],
        capture_output=True, text=True, env={**os.environ, "RAY_USAGE_STATS_ENABLED": "0"},
    )
    took = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"the Ray engine failed:\n{done.stderr[-3000:]}")
    return took


def differences(db: Path, out: Path) -> dict[str, int]:
    """Records of each type in one output and not the other (0 everywhere: the same)."""
    found: dict[str, int] = {}
    with open_store(db, create=False) as store:
        for cls in COMPARED:
            mine = {to_json(r) for r in store.all(cls)}
            theirs = {to_json(r) for r in read_records(out, cls)}
            found[cls.__name__] = len(mine ^ theirs)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument(
        "--keep", type=Path, default=None,
        help="work in this folder and keep the local store and the Ray datasets there",
    )
    parser.add_argument(
        "--size", type=int, default=None,
        help="run N articles of the distinct scale corpus instead of ECB+ dev + BASIL",
    )
    args = parser.parse_args()
    require_data(*(f"evalsets/{name}" for name in INPUTS))
    with tempfile.TemporaryDirectory() as scratch:
        tmp = args.keep or Path(scratch)
        tmp.mkdir(parents=True, exist_ok=True)
        inputs = [str(EVALSETS / name) for name in INPUTS]
        if args.size:
            corpus = tmp / f"distinct{args.size}.jsonl"
            inputs = [write_jsonl(corpus, scale_records(args.size, "distinct"))]
        db = tmp / "local.db"
        db.unlink(missing_ok=True)
        base = local(inputs, db)
        with open_store(db, create=False) as store:
            articles = store.count(Article)
        result: dict[str, object] = {
            "corpus": f"distinct {args.size}" if args.size else "ECB+ dev + BASIL",
            "articles": articles,
            "local_s": round(base, 1),
            "local_articles_per_s": round(articles / base, 2),
        }
        print(f"local engine: {articles} articles in {base:.1f} s ({articles / base:.2f}/s)")
        write_result("engine_scale", result)
        for workers in args.workers:
            out = tmp / f"ray{workers}"
            shutil.rmtree(out, ignore_errors=True)
            took = ray(inputs, out, workers)
            diff = differences(db, out)
            result[f"ray_{workers}"] = {
                "s": round(took, 1),
                "articles_per_s": round(articles / took, 2),
                "ratio_to_local": round(took / base, 2),
                "records_differing": diff,
            }
            print(
                f"ray, {workers} worker(s): {took:.1f} s ({articles / took:.2f}/s, "
                f"x{took / base:.2f} the local time); records differing: {diff}"
            )
            write_result("engine_scale", result)
    same = all(
        not any(v["records_differing"].values())  # type: ignore[index, union-attr]
        for k, v in result.items()
        if k.startswith("ray_")
    )
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
