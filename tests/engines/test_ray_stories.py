"""The Ray engine's per-story stages (claims and events as a groupby by story, with the local
engine's pure functions) give the local engine's records on the bundled sample. Ray runs in a
loopback-only network namespace, as in ``test_ray.py``."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from storyline.config import Config
from storyline.dataset import read_records, write_dataset
from storyline.model import AlignedQuote, Claim, Conflict, Event, EventInputs, Story, StorySummary
from storyline.pipeline import run
from storyline.store import open_store
from storyline.store.codec import to_json
from tests.engines.test_ray import CORPUS, _in_loopback_namespace, _loopback_namespace

STORY_RESULTS = (Claim, Conflict, AlignedQuote, StorySummary, Event, EventInputs)


@pytest.mark.slow
def test_ray_claims_and_events_per_story_give_the_local_engines_records(tmp_path: Path) -> None:
    reason = _loopback_namespace()
    if reason is not None:
        pytest.skip(reason)
    with open_store(tmp_path / "local.db") as local:
        run(local, [str(CORPUS)], Config())
        assert local.count(Story) >= 2  # more than one group to shuffle
        write_dataset(local, tmp_path / "records")
        mine = {cls: sorted(to_json(r) for r in local.all(cls)) for cls in STORY_RESULTS}
    out = tmp_path / "ray"
    code = (
        "from storyline.config import Config\n"
        "from storyline.engines.ray_stories import run_story_stages_ray\n"
        f"print(run_story_stages_ray({str(tmp_path / 'records')!r}, {str(out)!r}, Config(),"
        " workers=2))\n"
    )
    ran = _in_loopback_namespace(sys.executable, "-c", code)
    assert ran.returncode == 0, ran.stderr[-3000:]
    for cls in STORY_RESULTS:
        theirs = sorted(to_json(r) for r in read_records(out, cls))
        assert mine[cls] and theirs == mine[cls], cls.__name__



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
