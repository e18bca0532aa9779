"""Speed of the desk on a 10,000-article store: p95 latency of the story page and of the story
listing, against the same reads run directly on SQLite.

How the store is built (cheaply, without running the NLP pipeline over 10,000 articles): the
bundled sample (and the seeds, when ../shared has them) is run once through every stage; then
every record the desk reads (articles with their full-text index, analyses, lead vectors, reuse
links, source families, stories and assignments, claims, conflicts, aligned quotes, summaries) is
copied again and again with its IDs rewritten (each copy's IDs are content IDs of the original ID
and the copy number; entity IDs are kept, so copies name the same people) and its dates moved
one day per copy, until the store holds ``--articles`` articles. Each copy is a faithful set of
records (real analyses, real claims), so a page does the work it does on a real store of that
size.

What is timed, over HTTP against a real ``storyline serve`` (sequential requests, one client):
``GET /stories/{id}`` (the story page, HTML) and ``GET /api/stories/{id}`` (its JSON) for
``--requests`` stories drawn at random; ``GET /`` (the front page) and ``GET /api/stories`` (the
listing, first page, newest first) and a filtered listing. The baseline, in the same run, is the
same records read by plain SQL on one connection (keys and indexed columns; rows fetched, no
JSON decoded, nothing rendered): what any page must at least read. The ratio is desk p95 /
SQLite p95.

    python -m benchmarks.desk_speed [--articles 10000] [--requests 200] [--store PATH]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx

from benchmarks.common import REPO, SEEDS, write_result
from storyline.config import Config
from storyline.model import (
    AlignedQuote,
    Analysis,
    Article,
    Claim,
    Conflict,
    Entity,
    LeadVector,
    ReuseLink,
    SourceFamily,
    Story,
    StoryAssignment,
    StorySummary,
    content_id,
)
from storyline.pipeline import run
from storyline.store import open_store
from storyline.store.codec import from_json, to_json

COPIED = (
    Article, Analysis, LeadVector, ReuseLink, SourceFamily, StoryAssignment, Story, Claim,
    Conflict, AlignedQuote, StorySummary,
)
# Every stored ID but the entities' (copies name the same people and places).
_ID = re.compile(r"\b(?!entity_)([a-z]+)_([0-9a-f]{16})\b")


def template_store(folder: Path) -> Path:
    """The sample (and the seeds) through every stage: the records each copy repeats."""
    db = folder / "template.db"
    if not db.exists():
        inputs = [str(REPO / "examples" / "corpus")]
        if SEEDS.exists():
            inputs.append(str(SEEDS))
        with open_store(db) as store:
            run(store, inputs, Config())
    return db


def _copy(record: Any, n: int) -> Any:
    """``record`` with its IDs rewritten for copy ``n`` and its dates moved ``n`` days."""
    text = _ID.sub(lambda m: content_id(m[1], m[0], str(n)), to_json(record))
    copy = from_json(type(record), text)
    shift = timedelta(days=n)
    if isinstance(copy, Article) and copy.published is not None:
        copy = dataclasses.replace(copy, published=copy.published + shift)
    if isinstance(copy, Story):
        copy = dataclasses.replace(
            copy,
            start=copy.start + shift if copy.start else None,
            end=copy.end + shift if copy.end else None,
        )
    return copy


def build_store(target: Path, articles: int, folder: Path) -> Path:
    """A store of ``articles`` articles made of copies of the template's records."""
    if target.exists():
        with open_store(target) as store:
            if store.count(Article) >= articles:
                return target
        target.unlink()
    with open_store(template_store(folder)) as template:
        records = {cls: list(template.all(cls)) for cls in COPIED}
        entities = list(template.all(Entity))  # once: every copy names the same people
    per_copy = len(records[Article])
    copies = -(-articles // per_copy)
    started = time.perf_counter()
    with open_store(target) as store, store.transaction():
        store.put(entities)
        for n in range(copies):
            for cls, items in records.items():
                for record in items:
                    copy = _copy(record, n)
                    if cls is Article:
                        store.insert_new(copy)
                    else:
                        store.put([copy])
    print(f"built {copies * per_copy} articles ({copies} copies of {per_copy}) in "
          f"{time.perf_counter() - started:.0f} s")
    return target


# -- the same reads, directly on SQLite ---------------------------------------------------------


def sql_story(conn: sqlite3.Connection, story_id: str) -> int:
    """The records a story page shows, read by key and indexed column."""
    rows = conn.execute("SELECT record FROM story WHERE story_id = ?", (story_id,)).fetchall()
    ids = json.loads(rows[0][0])["article_ids"]
    marks = ",".join("?" * len(ids))
    rows += conn.execute(
        f"SELECT record FROM article WHERE article_id IN ({marks})", ids
    ).fetchall()
    rows += conn.execute(
        f"SELECT record FROM analysis WHERE article_id IN ({marks})", ids
    ).fetchall()
    for table in ("story_assignment", "claim", "conflict", "aligned_quote", "story_summary"):
        rows += conn.execute(
            f'SELECT record FROM "{table}" WHERE story_id = ?', (story_id,)
        ).fetchall()
    return len(rows)


def sql_listing(conn: sqlite3.Connection, where: str = "", args: Sequence[str] = ()) -> int:
    """The first page of stories, newest first, with the counts and outlets the listing shows:
    the stories' records, how many match, each shown story's claims and conflicts counted by
    its indexed column, and its articles' outlets."""
    rows = conn.execute(
        f'SELECT story_id, record FROM story {where} '
        f'ORDER BY coalesce("end", start) DESC LIMIT 50', args
    ).fetchall()
    total = conn.execute(f"SELECT count(*) FROM story {where}", args).fetchone()
    found = len(rows) + total[0]
    for story_id, record in rows:
        for table in ("claim", "conflict"):
            found += conn.execute(
                f'SELECT count(*) FROM "{table}" WHERE story_id = ?', (story_id,)
            ).fetchone()[0]
        ids = json.loads(record)["article_ids"]
        marks = ",".join("?" * len(ids))
        found += len(conn.execute(
            f"SELECT outlet FROM article WHERE article_id IN ({marks})", ids
        ).fetchall())
    return found


# -- timing ---------------------------------------------------------------------------------------


def timed(call: Callable[[], Any], times: int) -> list[float]:
    out = []
    for _ in range(times):
        started = time.perf_counter()
        call()
        out.append((time.perf_counter() - started) * 1000)
    return out


def summary(ms: list[float]) -> dict[str, float]:
    ordered = sorted(ms)
    return {
        "p50_ms": round(statistics.median(ordered), 3),
        "p95_ms": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 3),
        "max_ms": round(ordered[-1], 3),
        "n": len(ordered),
    }


def serve(db: Path, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "storyline", "--db", str(db), "-q", "serve", "--port", str(port)],
        stdout=log.open("wb"), stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if httpx.get(url + "/api/stats", timeout=5).status_code == 200:
                return process, url
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit(f"storyline serve did not start: {log.read_text()}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--store", type=Path, default=None,
                        help="build the store here (kept for the next run)")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="desk-speed-"))
    db = build_store(args.store or folder / "desk.db", args.articles, args.store.parent
                     if args.store else folder)
    with open_store(db) as store:
        counts = {cls.__name__: store.count(cls) for cls in COPIED}
        stories = [s for (s,) in store.columns(Story, ["story_id"])]
        big = max(store.all(Story), key=lambda s: len(s.article_ids))
    rng = random.Random(7)
    picks = [rng.choice(stories) for _ in range(args.requests)]
    conn = sqlite3.connect(db)
    process, url = serve(db, folder / "serve.log")
    results: dict[str, Any] = {"store": counts, "requests": args.requests}
    try:
        client = httpx.Client(base_url=url, timeout=60)
        for path in ("/", "/api/stories", f"/stories/{picks[0]}", f"/api/stories/{picks[0]}"):
            assert client.get(path).status_code == 200, path  # warm up, and check
        queue = iter(picks * 3)

        def page(prefix: str) -> Callable[[], Any]:
            return lambda: client.get(f"{prefix}{next(queue)}").raise_for_status()

        sql_queue = iter(picks * 3)
        measured = {
            "story page (GET /stories/{id})": timed(page("/stories/"), args.requests),
            "story JSON (GET /api/stories/{id})": timed(page("/api/stories/"), args.requests),
            "front page (GET /)": timed(lambda: client.get("/").raise_for_status(),
                                        args.requests // 2),
            "listing JSON (GET /api/stories)": timed(
                lambda: client.get("/api/stories").raise_for_status(), args.requests // 2),
            "filtered listing (GET /api/stories?place=Beijing)": timed(
                lambda: client.get("/api/stories", params={"place": "Beijing"})
                .raise_for_status(), args.requests // 2),
            "largest story page": timed(
                lambda: client.get(f"/stories/{big.story_id}").raise_for_status(), 20),
        }
        baselines = {
            "story": timed(lambda: sql_story(conn, next(sql_queue)), args.requests),
            "listing": timed(lambda: sql_listing(conn), args.requests // 2),
            "filtered": timed(lambda: sql_listing(conn, "WHERE place LIKE ?", ["%Beijing%"]),
                              args.requests // 2),
            "largest": timed(lambda: sql_story(conn, big.story_id), 20),
        }
        base_of = {
            "story page (GET /stories/{id})": "story",
            "story JSON (GET /api/stories/{id})": "story",
            "front page (GET /)": "listing",
            "listing JSON (GET /api/stories)": "listing",
            "filtered listing (GET /api/stories?place=Beijing)": "filtered",
            "largest story page": "largest",
        }
        print(f"store: {counts['Article']} articles, {counts['Story']} stories, "
              f"{counts['Claim']} claims; largest story {len(big.article_ids)} articles")
        print(f"{'request':52} {'p50 ms':>8} {'p95 ms':>8} {'SQLite p95':>11} {'ratio':>7}")
        for name, ms in measured.items():
            mine, base = summary(ms), summary(baselines[base_of[name]])
            ratio = mine["p95_ms"] / base["p95_ms"] if base["p95_ms"] else float("inf")
            results[name] = {**mine, "sqlite": base, "ratio_p95": round(ratio, 1)}
            print(f"{name:52} {mine['p50_ms']:8.1f} {mine['p95_ms']:8.1f} "
                  f"{base['p95_ms']:11.2f} {ratio:7.1f}")
        client.close()
    finally:
        process.terminate()
        process.wait(timeout=30)
        conn.close()
    write_result("desk_speed", results)
    if args.store is None:
        shutil.rmtree(folder, ignore_errors=True)  # the store is kept only where asked
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
