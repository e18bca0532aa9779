"""The local engine's events stage coded by worker processes gives the records one process
gives: the same events, event inputs and kept sentence vectors, in a real SQLite file, with the
real sentence encoder and gazetteer in two spawned workers."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from storyline.config import Config
from storyline.engines import local_events
from storyline.engines.local import run
from storyline.engines.local_events import update_events
from storyline.model import Event, EventInputs, SentenceVector
from storyline.store import SQLiteStore
from storyline.store.codec import to_json

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "corpus"
MADE = (Event, EventInputs, SentenceVector)


def _records(store: SQLiteStore) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for cls in MADE:
        rows: list[Any] = list(store.all(cls))
        out[cls.__name__] = sorted(to_json(r) for r in rows)
    return out


@pytest.mark.slow
def test_events_in_two_worker_processes_match_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[int] = []
    in_workers = local_events._in_workers

    def spy(*args: Any) -> Any:
        started.append(args[4])
        return in_workers(*args)

    monkeypatch.setattr(local_events, "_in_workers", spy)
    base = SQLiteStore(tmp_path / "base.db")
    cfg = Config()
    run(base, [str(SAMPLE)], cfg)
    assert base.count(Event)
    base.close()

    results = {}
    for processes in (1, 2):
        path = tmp_path / f"{processes}.db"
        shutil.copy(tmp_path / "base.db", path)
        store = SQLiteStore(path)
        # Nothing kept: every story coded again, every sentence encoded again (by the workers).
        for cls in MADE:
            store.delete(cls, sorted(store.keys(cls)))
        result = update_events(
            store, cfg.events, processes=processes, min_stories_per_process=1
        )
        results[processes] = (result, _records(store))
        store.close()
    assert started == [2]  # workers made the second store's events, not the first's
    (one, expected), (two, made) = results[1], results[2]
    assert one.updated == two.updated == len(expected["EventInputs"]) >= 2
    assert (one.events, one.mentions) == (two.events, two.mentions)
    assert one.events == len(expected["Event"]) > 0
    assert expected["SentenceVector"]
    # Every Event and EventInputs record as one process makes it, and every sentence vector
    # the stage encoded, bit for bit (two workers may each encode a sentence both read).
    assert made == expected
    assert two.encoded >= one.encoded
