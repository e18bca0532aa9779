"""The local engine's stories stage run in a spawned process of its own (a run that takes in many
articles does): the same records as in the run's process, its progress told back, and a stage
that fails or whose process is killed reported as the stage's failure, with everything earlier
stages stored kept. Real SQLite files, the real spaCy pipeline and the real lead encoder."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
from pathlib import Path
from typing import Any

import pytest

from storyline.config import Config
from storyline.engines.local import ingest, update_analyses, update_reuse
from storyline.engines.local_stories import update_stories
from storyline.engines.local_stories_process import update_stories_in_own_process
from storyline.errors import StorylineError
from storyline.model import (
    Analysis,
    Article,
    IndexPosting,
    LeadVector,
    Story,
    StoryAssignment,
    StoryState,
    TermCount,
    WindowMember,
)
from storyline.store import SQLiteStore
from storyline.store.codec import to_json

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "corpus"
MADE = (Story, StoryAssignment, StoryState, IndexPosting, TermCount, WindowMember, LeadVector)


def _analysed_store(path: Path) -> None:
    """A store of the sample corpus, ingested, its reuse found and analysed: what the stories
    stage takes in."""
    store = SQLiteStore(path)
    cfg = Config()
    ingest(store, [str(SAMPLE)], cfg)
    update_reuse(store, cfg.reuse)
    update_analyses(store, cfg.analyze)
    store.close()


def _records(store: SQLiteStore) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for cls in MADE:
        rows: list[Any] = list(store.all(cls))
        out[cls.__name__] = sorted(to_json(r) for r in rows)
    return out


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("stories-process") / "analysed.db"
    _analysed_store(path)
    return path


def test_the_stage_in_its_own_process_stores_what_it_stores_in_the_run_process(
    analysed: Path, tmp_path: Path
) -> None:
    shutil.copy(analysed, tmp_path / "here.db")
    shutil.copy(analysed, tmp_path / "there.db")
    here = SQLiteStore(tmp_path / "here.db")
    told_here: list[tuple[int, int, str]] = []
    expected_summary = update_stories(
        here, Config().stories, progress=lambda d, t, w: told_here.append((d, t, w))
    )
    expected = _records(here)
    here.close()
    assert expected["StoryAssignment"] and expected["Story"]

    told: list[tuple[int, int, str]] = []
    summary = update_stories_in_own_process(
        tmp_path / "there.db", Config().stories, lambda d, t, w: told.append((d, t, w))
    )
    there = SQLiteStore(tmp_path / "there.db")
    assert summary == expected_summary
    assert _records(there) == expected
    there.close()
    # Its progress is told here, as the stage tells it in the run's process.
    assert told == told_here
    assert (0, len(expected["StoryAssignment"]), "articles assigned") in told


def test_a_stage_that_fails_in_its_process_is_the_stages_failure(tmp_path: Path) -> None:
    # No database there: the stage's process cannot open it.
    with pytest.raises(StorylineError, match=r"stories stage failed: StoreError: no database"):
        update_stories_in_own_process(tmp_path / "missing.db", Config().stories)


def test_a_killed_stage_process_is_reported_and_loses_nothing_stored(
    analysed: Path, tmp_path: Path
) -> None:
    path = tmp_path / "killed.db"
    shutil.copy(analysed, path)

    def kill_it(done: int, total: int, what: str) -> None:
        # Killed as the out-of-memory killer kills: at once, on its first word.
        for child in multiprocessing.active_children():
            if child.name == "storyline-stories":
                os.kill(child.pid or 0, signal.SIGKILL)

    with pytest.raises(StorylineError, match=r"ended with code -9 before it finished"):
        update_stories_in_own_process(path, Config().stories, kill_it)
    store = SQLiteStore(path)
    # The earlier stages' records are all there; the stage stored nothing, and runs again.
    assert store.count(Article) == store.count(Analysis) > 0
    assert store.count(StoryAssignment) == 0
    update_stories(store, Config().stories)
    assert store.count(StoryAssignment) == store.count(Article)
    store.close()
