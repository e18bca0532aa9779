"""The in-process engine: ingest of real seeds, idempotence, order, and surviving a kill."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.config import Config
from storyline.model import Article, Rejection, Report
from storyline.pipeline import INGEST_BATCH, ingest
from storyline.store import SQLiteStore, open_store
from tests.conftest import EVALSETS, SEEDS


def seed_files() -> list[str]:
    return sorted(str(p) for p in SEEDS.glob("*.txt"))


def test_the_five_seeds_are_stored_with_their_reports(store: SQLiteStore) -> None:
    summary = ingest(store, [str(SEEDS)], Config())
    assert (summary.read, summary.new, summary.rejected_total) == (5, 5, 0)
    articles = list(store.all(Article))
    assert len(articles) == 5
    for article in articles:
        report = store.get(Report, article.report_id)
        assert report is not None and report.origin == article.origin


def test_ingesting_twice_changes_nothing(store: SQLiteStore) -> None:
    ingest(store, [str(SEEDS)], Config())
    before = list(store.all(Article))
    again = ingest(store, [str(SEEDS)], Config())
    assert (again.new, again.known) == (0, 5)
    assert list(store.all(Article)) == before


@settings(max_examples=8, deadline=None)
@given(st.permutations(range(5)))  # the five seeds, by their index in name order
def test_ingest_order_does_not_change_ids(permutation: list[int]) -> None:
    import tempfile

    files = seed_files()
    order = [files[i] for i in permutation]
    with tempfile.TemporaryDirectory() as tmp:
        with open_store(Path(tmp) / "a.db") as first:
            ingest(first, files, Config())
            expected = first.keys(Article)
        with open_store(Path(tmp) / "b.db") as second:
            ingest(second, order, Config())
            assert second.keys(Article) == expected


def test_a_killed_ingest_keeps_every_committed_article(tmp_path: Path) -> None:
    """Kill a real `storyline ingest` process mid-run; the database stays whole and readable."""
    source = tmp_path / "many.jsonl"
    with source.open("w", encoding="utf-8") as out:
        for i in range(4000):
            words = f"word{i} " + " ".join(f"word{(i * 7 + j) % 997}" for j in range(120))
            out.write(json.dumps({"id": f"doc-{i}", "title": f"Doc {i}", "text": words}) + "\n")
    db = tmp_path / "killed.db"
    proc = subprocess.Popen(
        [sys.executable, "-m", "storyline", "--db", str(db), "-q", "ingest", str(source)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    committed = 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
        if db.exists():
            try:
                conn = sqlite3.connect(db, timeout=1)
                committed = conn.execute("SELECT count(*) FROM article").fetchone()[0]
                conn.close()
            except sqlite3.OperationalError:
                continue
            if committed >= 200:
                break
    assert proc.poll() is None, "ingest finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()

    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    with open_store(db) as store:
        survived = list(store.all(Article))
        assert len(survived) >= committed
        # Inputs commit in whole batches (every record here is a new article).
        assert len(survived) % INGEST_BATCH == 0
        for article in survived:  # every article is whole, with its report
            assert article.text.startswith("word") and store.get(Report, article.report_id)
        resumed = ingest(store, [str(source)], Config())
        assert resumed.known == len(survived)
        assert resumed.new == 4000 - len(survived)
        assert store.count(Article) == 4000


def test_every_ecbplus_and_basil_record_is_ingested_with_its_source_id(store: SQLiteStore) -> None:
    files = [EVALSETS / "ecbplus.dev.jsonl", EVALSETS / "basil.jsonl"]
    expected = {
        json.loads(line)["id"] for f in files for line in f.open(encoding="utf-8") if line.strip()
    }
    summary = ingest(store, [str(f) for f in files], Config())
    assert summary.rejected_total == 0, summary.rejected
    assert {a.source_id for a in store.all(Article)} == expected
    assert summary.new == len(expected)


def _bad_inputs(folder: Path) -> dict[str, tuple[str, str]]:
    """Each bad input this project knows, as (path, the reason it must get)."""
    (folder / "empty.txt").write_text("")
    (folder / "blank.txt").write_text("   \n\n  \n")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 2)
    (folder / "latin1.txt").write_bytes("Caf\xe9 cr\xe8me \xe0 la gare.".encode("latin-1"))
    (folder / "huge.txt").write_text("An enormous report. " * 400)  # over the 2,000 byte cap below
    (folder / "notes.jsonl").write_text('{"id": "x1", "text": \n')
    (folder / "no_text.jsonl").write_text('{"id": "x2", "title": "only a title"}\n')
    return {
        "empty": (str(folder / "empty.txt"), "empty-text"),
        "blank": (str(folder / "blank.txt"), "empty-text"),
        "binary": (str(folder / "binary.txt"), "binary"),
        "undecodable": (str(folder / "latin1.txt"), "undecodable"),
        "oversized": (str(folder / "huge.txt"), "oversized"),
        "missing": (str(folder / "absent.txt"), "not-found"),
        "glob-matching-nothing": (str(folder / "*.nothing"), "not-found"),
        "bad-json-line": (str(folder / "notes.jsonl"), "bad-record"),
        "record-without-text": (str(folder / "no_text.jsonl"), "empty-text"),
        "unsupported-scheme": ("ftp://example.org/file.txt", "unsupported-kind"),
        "loopback-url": ("http://127.0.0.1:9/news", "blocked-address"),
    }


def test_each_bad_input_gets_its_reason_and_earlier_articles_stay_intact(tmp_path: Path) -> None:
    import dataclasses

    bad = _bad_inputs(tmp_path)
    cfg = Config()
    cfg = dataclasses.replace(cfg, ingest=dataclasses.replace(cfg.ingest, max_text_bytes=2000))
    with open_store(tmp_path / "s.db") as store:
        ingest(store, seed_files(), Config())
        before = list(store.all(Article))
        assert len(before) == 5
        for name, (path, reason) in bad.items():
            summary = ingest(store, [path], cfg)
            assert dict(summary.rejected) == {reason: 1}, f"{name}: {summary.rejected}"
            assert summary.new == 0
            assert list(store.all(Article)) == before, f"{name} changed stored articles"
        assert store.count(Rejection) == len(bad)


def test_the_database_inside_an_ingested_folder_is_passed_over(tmp_path: Path) -> None:
    (tmp_path / "note.txt").write_text(
        "Ferry line opens\n\nThe council of Port Ellis opened a ferry line to the northern "
        "islands on Monday, the mayor said.",
        encoding="utf-8",
    )
    (tmp_path / "other.db").write_bytes(b"not ours")  # a database that is not the store: read
    with open_store(tmp_path / "news.db") as store:
        for _ in range(2):  # the second time its -wal and -shm files are there too
            ingest(store, [str(tmp_path)], Config())
        origins = {r.record_id for r in store.all(Rejection)}
        assert origins == {str(tmp_path / "other.db")}  # unsupported-kind, as any .db file
        assert store.count(Article) == 1
