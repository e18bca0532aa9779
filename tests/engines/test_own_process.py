"""A corpus stage of the local engine run in a spawned process of its own (a run that takes in many
articles does so): the same records as in the run's process, its progress told back, its own
worker processes started from it, and a stage that fails or whose process is killed reported as
the stage's failure, with everything stored before it kept. Real SQLite files, the real spaCy
pipeline and the real lead encoder."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
from pathlib import Path
from typing import Any

import pytest

from storyline.config import AnalyzeConfig, Config
from storyline.engines.local import ingest, run_stage
from storyline.engines.own_process import run_in_own_process
from storyline.errors import StorylineError
from storyline.model import (
    Analysis,
    Article,
    IndexPosting,
    LeadVector,
    ReuseSketch,
    Story,
    StoryAssignment,
    StoryState,
    TermCount,
    WindowMember,
)
from storyline.store import SQLiteStore
from storyline.store.codec import to_json

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "corpus"
STORIES_MADE = (Story, StoryAssignment, StoryState, IndexPosting, TermCount, WindowMember,
                LeadVector)
Told = list[tuple[str, int, int | None, str]]


def _records(store: SQLiteStore, kinds: tuple[type[Any], ...]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for cls in kinds:
        rows: list[Any] = list(store.all(cls))
        out[cls.__name__] = sorted(to_json(r) for r in rows)
    return out


def _recorder(told: Told) -> Any:
    def progress(stage: str, done: int, total: int | None, note: str = "") -> None:
        told.append((stage, done, total, note))

    return progress


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample corpus ingested, its reuse found and analysed: what the stories stage takes
    in."""
    path = tmp_path_factory.mktemp("own-process") / "analysed.db"
    store = SQLiteStore(path)
    ingest(store, [str(SAMPLE)], Config())
    run_stage("reuse", store, Config(), None)
    run_stage("analyze", store, Config(), None)
    store.close()
    return path


def test_the_stories_stage_in_its_own_process_stores_what_it_stores_in_the_run_process(
    analysed: Path, tmp_path: Path
) -> None:
    shutil.copy(analysed, tmp_path / "here.db")
    shutil.copy(analysed, tmp_path / "there.db")
    here = SQLiteStore(tmp_path / "here.db")
    told_here: Told = []
    expected_result = run_stage("stories", here, Config(), _recorder(told_here))
    expected = _records(here, STORIES_MADE)
    here.close()
    assert expected["StoryAssignment"] and expected["Story"]

    told: Told = []
    result = run_in_own_process("stories", tmp_path / "there.db", Config(), _recorder(told))
    there = SQLiteStore(tmp_path / "there.db")
    assert result == expected_result
    assert _records(there, STORIES_MADE) == expected
    there.close()
    # Its progress is told here, as the stage tells it in the run's process.
    assert told == told_here
    assert ("stories", 0, len(expected["StoryAssignment"]), "articles assigned") in told


@pytest.mark.slow
def test_a_stage_in_its_own_process_starts_its_own_workers(tmp_path: Path) -> None:
    # Eight short articles of our own, a batch each: the analyze stage parses them in two
    # worker processes (four batches a process), started from the stage's process.
    folder = tmp_path / "notes"
    folder.mkdir()
    for n in range(8):
        (folder / f"note{n}.txt").write_text(
            f"Harbour note {n}\n\nThe harbour board of Port Aurel met on Tuesday and approved "
            f"berth number {n} for the new ferry. Its chair, Ilse Moreno, said the work starts "
            "in May.\n"
        )
    cfg = Config(analyze=AnalyzeConfig(batch_size=1, n_process=2))
    here, there = SQLiteStore(tmp_path / "here.db"), SQLiteStore(tmp_path / "there.db")
    for store in (here, there):
        ingest(store, [str(folder)], cfg)
    assert here.count(Article) == there.count(Article) == 8
    there.close()
    expected_result = run_stage("analyze", here, cfg, None)
    result = run_in_own_process("analyze", tmp_path / "there.db", cfg, None)
    there = SQLiteStore(tmp_path / "there.db")
    assert result == expected_result
    assert _records(there, (Analysis,)) == _records(here, (Analysis,))
    assert there.count(Analysis) == 8
    here.close()
    there.close()


def test_a_stage_that_fails_in_its_process_is_the_stages_failure(tmp_path: Path) -> None:
    # No database there: the stage's process cannot open it.
    with pytest.raises(StorylineError, match=r"stories stage failed: StoreError: no database"):
        run_in_own_process("stories", tmp_path / "missing.db", Config())


def test_a_killed_stage_process_is_reported_and_loses_nothing_stored(
    analysed: Path, tmp_path: Path
) -> None:
    path = tmp_path / "killed.db"
    shutil.copy(analysed, path)

    def kill_it(stage: str, done: int, total: int | None, note: str = "") -> None:
        # Killed as the out-of-memory killer kills: at once, on its first word.
        for child in multiprocessing.active_children():
            if child.name == "storyline-stories":
                os.kill(child.pid or 0, signal.SIGKILL)

    with pytest.raises(StorylineError, match=r"ended with code -9 before it finished"):
        run_in_own_process("stories", path, Config(), kill_it)
    store = SQLiteStore(path)
    # The earlier stages' records are all there; the stage stored nothing, and runs again.
    assert store.count(Article) == store.count(Analysis) == store.count(ReuseSketch) > 0
    assert store.count(StoryAssignment) == 0
    run_stage("stories", store, Config(), None)
    assert store.count(StoryAssignment) == store.count(Article)
    store.close()
