"""The Ray engine's per-story stages over a records dataset (``run_story_stages_ray``). That they
give the local engine's claims and events is checked by the whole Ray run in ``test_ray.py``
(``run --engine ray`` makes them with the same ``story_stage_records``); one Ray run of the
sample is what the test budget affords. Ray runs in a loopback-only network namespace, as
there."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from storyline.dataset import read_records, write_dataset
from storyline.model import AlignedQuote, Claim, Conflict, Event, EventInputs, StorySummary
from storyline.store import open_store
from tests.engines.test_ray import _in_loopback_namespace, _loopback_namespace

STORY_RESULTS = (Claim, Conflict, AlignedQuote, StorySummary, Event, EventInputs)


def test_a_dataset_without_stories_gives_no_records(tmp_path: Path) -> None:
    reason = _loopback_namespace()
    if reason is not None:
        pytest.skip(reason)
    with open_store(tmp_path / "empty.db") as empty:
        write_dataset(empty, tmp_path / "records")
    out = tmp_path / "out"
    code = (
        "from storyline.config import Config\n"
        "from storyline.engines.ray_stories import run_story_stages_ray\n"
        f"print(run_story_stages_ray({str(tmp_path / 'records')!r}, {str(out)!r}, Config()))\n"
    )
    ran = _in_loopback_namespace(sys.executable, "-c", code)
    assert ran.returncode == 0, ran.stderr[-3000:]
    assert "'claim': 0" in ran.stdout and "'event': 0" in ran.stdout
    assert all(not list(read_records(out, cls)) for cls in STORY_RESULTS)
