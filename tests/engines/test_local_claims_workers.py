"""The local engine's claims stage made by worker processes gives the records one process
gives: the same claims, conflicts, aligned quotes, summaries and kept sentence vectors, in a
real SQLite file, with the real sentence encoder in two spawned workers."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from storyline.config import Config
from storyline.engines.local import run
from storyline.engines.local_claims import update_claims
from storyline.model import AlignedQuote, Claim, Conflict, SentenceVector, StorySummary
from storyline.store import SQLiteStore
from storyline.store.codec import to_json

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "corpus"
MADE = (Claim, Conflict, AlignedQuote, StorySummary)


def _records(store: SQLiteStore) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for cls in (*MADE, SentenceVector):
        rows: list[Any] = list(store.all(cls))
        out[cls.__name__] = sorted(to_json(r) for r in rows)
    return out


@pytest.mark.slow
def test_claims_in_two_worker_processes_match_one_process(tmp_path: Path) -> None:
    one = SQLiteStore(tmp_path / "one.db")
    cfg = Config()
    run(one, [str(SAMPLE)], cfg)  # claims in this process: too few stories for workers
    expected = _records(one)
    assert expected["Claim"] and expected["SentenceVector"]
    one.close()

    shutil.copy(tmp_path / "one.db", tmp_path / "two.db")
    two = SQLiteStore(tmp_path / "two.db")
    # Nothing kept: every story recomputed, every sentence encoded again, by the workers.
    for cls in (*MADE, SentenceVector):
        two.delete(cls, sorted(two.keys(cls)))
    result = update_claims(two, cfg.claims, processes=2, min_stories_per_process=1)
    assert result.updated == len(expected["StorySummary"]) >= 2
    assert result.claims == len(expected["Claim"])
    made = _records(two)
    # The workers' vectors are kept by this process: the claims stage's own (the events
    # stage, not run here, kept more in the first store), each as one process made it.
    vectors = made.pop("SentenceVector")
    assert 0 < len(vectors) <= result.encoded
    assert set(vectors) <= set(expected.pop("SentenceVector"))
    assert made == expected
