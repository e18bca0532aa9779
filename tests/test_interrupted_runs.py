"""Runs killed inside every stage, and two runs on one store at once (real processes).

The full check (four kills per stage, a larger corpus) is `python -m benchmarks.kill_runs`; this
runs the same machinery with one kill per stage on a small generated corpus.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from benchmarks import kill_runs

from storyline.model import Article
from storyline.pipeline import STAGES
from storyline.store import open_store


@pytest.fixture(scope="module")
def corpus_and_reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, dict]:  # type: ignore[type-arg]
    work = tmp_path_factory.mktemp("kills")
    corpus = work / "corpus"
    kill_runs.build_corpus(corpus, events=6, seed=5)
    durations, reference = kill_runs.reference_run(work / "reference.db", corpus)
    return corpus, durations, reference


@pytest.mark.slow
def test_a_run_killed_in_any_stage_ends_like_an_uninterrupted_one(
    tmp_path: Path, corpus_and_reference: tuple[Path, dict, dict]  # type: ignore[type-arg]
) -> None:
    corpus, durations, reference = corpus_and_reference
    assert set(durations) == set(STAGES)
    assert all(reference[name] for name in ("articles", "claims", "stories --per story"))
    # Kills in the first half of each stage, so that on a busy machine they still land in it.
    early = {stage: seconds / 2 for stage, seconds in durations.items()}
    result = kill_runs.kill_test(tmp_path, corpus, early, reference, 1, seed=3)
    assert result["problems"] == []  # whole after each kill, same exports after each resume
    kills = result["kills"]
    assert isinstance(kills, list) and len(kills) == len(STAGES)
    # A run that ended before its kill ended well (a failure would be a problem above); most
    # kills came while a run was going.
    assert sum(k.killed_in is not None for k in kills) >= 3


@pytest.mark.slow
def test_two_runs_at_once_wait_for_each_other_and_store_each_record_once(
    tmp_path: Path, corpus_and_reference: tuple[Path, dict, dict]  # type: ignore[type-arg]
) -> None:
    corpus, _, reference = corpus_and_reference
    result = kill_runs.concurrent_test(tmp_path, corpus)
    assert result["problems"] == [] and result["exit_codes"] == (0, 0)
    assert kill_runs.compare(reference, tmp_path / "concurrent.db", "concurrent") == []


def test_a_second_ingest_waits_for_the_first_and_nothing_is_lost(tmp_path: Path) -> None:
    """Two `storyline ingest` processes on one store: the second says it waits, no "database
    is locked", every record once."""
    source = tmp_path / "many.jsonl"
    source.write_text(
        "".join(
            f'{{"id": "doc-{i}", "text": "Report {i} on the harbour works, word{i} '
            + " ".join(f"w{(i * 7 + j) % 997}" for j in range(60)) + '."}\n'
            for i in range(1500)
        )
    )
    db = tmp_path / "s.db"
    command = [sys.executable, "-m", "storyline", "--db", str(db), "ingest", str(source)]
    first = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(0.8)  # the first holds the store by now
    second = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out1, err1 = first.communicate(timeout=300)
    out2, err2 = second.communicate(timeout=300)
    assert (first.returncode, second.returncode) == (0, 0), (err1, err2)
    for err in (err1, err2):
        assert "Traceback" not in err and "database is locked" not in err
    assert "waiting for it to finish" in err2
    summaries = sorted([out1.strip(), out2.strip()])
    assert summaries == [
        "read 1500: 0 new, 1500 already known, 0 rejected",
        "read 1500: 1500 new, 0 already known, 0 rejected",
    ]
    with open_store(db) as store:
        assert store.count(Article) == 1500
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(DISTINCT source_id) FROM article").fetchone()[0] == 1500
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
