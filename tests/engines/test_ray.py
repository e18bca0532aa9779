"""``storyline run --engine ray`` (clean and analyze as Ray Data maps, reuse as groupbys by
fingerprint bucket, by pair and by component, stories on the driver, claims and events as a
groupby by story) gives the local engine's records. Ray runs in a
loopback-only network namespace (``unshare -n`` with only ``lo`` up), so it can reach nothing but
127.0.0.1."""

from __future__ import annotations

import dataclasses
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline import stages
from storyline.cli import cli
from storyline.config import Config
from storyline.dataset import read_records
from storyline.engines import ray as ray_engine
from storyline.errors import StorylineError
from storyline.model import (
    STORED_RECORDS,
    AlignedQuote,
    Analysis,
    Article,
    Claim,
    Conflict,
    Entity,
    Event,
    EventInputs,
    IndexPosting,
    LeadVector,
    Rejection,
    Report,
    ReuseLink,
    ReuseSketch,
    RunRecord,
    SentenceVector,
    SourceFamily,
    Story,
    StoryAssignment,
    StoryState,
    StorySummary,
    TermCount,
    WindowMember,
)
from storyline.pipeline import run
from storyline.store import open_store
from storyline.store.codec import to_json
from tests.conftest import EVALSETS

CORPUS = Path(__file__).resolve().parents[2] / "examples" / "corpus"


def _loopback_namespace() -> str | None:
    """Why Ray cannot run isolated here, or None when it can."""
    if importlib.util.find_spec("ray") is None:
        return "needs the ray extra (pip install 'storyline[ray]')"
    if shutil.which("unshare") is None or shutil.which("ip") is None:
        return "needs unshare and ip to run Ray in a loopback-only network namespace"
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        return f"unshare -n is not permitted here ({probe.stderr.strip()[:80]})"
    return None


def _in_loopback_namespace(
    *command: str, timeout: int = 900
) -> subprocess.CompletedProcess[str]:
    script = 'ip link set lo up && exec "$@"'
    return subprocess.run(
        ["unshare", "-n", "sh", "-c", script, "sh", *command],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "RAY_USAGE_STATS_ENABLED": "0"},
    )


def test_the_namespace_has_only_the_loopback_interface() -> None:
    reason = _loopback_namespace()
    if reason is not None:
        pytest.skip(reason)
    links = _in_loopback_namespace("ip", "-o", "link")
    assert links.returncode == 0, links.stderr
    assert [line.split(":")[1].strip() for line in links.stdout.splitlines()] == ["lo"]
    routes = _in_loopback_namespace("ip", "-4", "route", "get", "8.8.8.8")
    assert routes.returncode != 0  # no route out of the namespace


# What a local run stores that the Ray engine does not write: the run record (when, with which
# configuration) and the claims and events stages' sentence-vector cache.
NOT_WRITTEN = (RunRecord, SentenceVector)
# Record types the bundled sample must have some of, so that equal is not "both empty".
MADE = (
    Report, Article, Analysis, Entity, ReuseSketch, ReuseLink, SourceFamily, LeadVector,
    StoryAssignment, Story, StoryState, IndexPosting, TermCount, WindowMember,
    Claim, Conflict, AlignedQuote, StorySummary, Event, EventInputs,
)


@pytest.mark.slow
def test_ray_run_gives_the_local_engines_records(tmp_path: Path) -> None:
    """``run --engine ray`` then ``load``: a store holding every record a local ``run`` stores,
    equal record for record (each type's records as JSON, sorted), and the articles in ingest
    order."""
    reason = _loopback_namespace()
    if reason is not None:
        pytest.skip(reason)
    out = tmp_path / "ray"
    ran = _in_loopback_namespace(
        sys.executable, "-m", "storyline", "-q", "run", "--engine", "ray", "--output", str(out),
        "--workers", "2", str(CORPUS),
    )
    assert ran.returncode == 0, ran.stderr[-3000:]
    assert "6 article," in ran.stdout and " claim," in ran.stdout and " event," in ran.stdout
    # -q: Ray Data's plans and timings are not printed (they were a dozen lines a run).
    assert "INFO" not in ran.stderr and "Execution plan" not in ran.stderr, ran.stderr
    loaded_db = tmp_path / "loaded.db"
    loaded = CliRunner().invoke(cli, ["--db", str(loaded_db), "load", str(out)])
    assert loaded.exit_code == 0, loaded.output

    with open_store(tmp_path / "local.db") as local, open_store(loaded_db) as theirs:
        run(local, [str(CORPUS)], Config())
        assert local.count(Story) >= 2  # more than one group to shuffle
        for cls in STORED_RECORDS:
            if cls in NOT_WRITTEN:
                continue
            mine = sorted(to_json(r) for r in local.all(cls))
            assert sorted(to_json(r) for r in theirs.all(cls)) == mine, cls.__name__
            assert mine or cls not in MADE, cls.__name__
        # Articles come out in the local engine's (ingest) order.
        assert [a.article_id for a in theirs.all(Article)] == [
            a.article_id for a in local.all(Article)
        ]
        assert theirs.search("pact")


@pytest.mark.slow
def test_ray_run_with_two_workers_gives_the_local_engines_records_on_the_dev_sets(
    tmp_path: Path,
) -> None:
    """ECB+ dev + BASIL (1,072 real articles, 175 stories): the Ray engine's datasets hold
    the same records as a local ``run`` stores, type by type (as JSON, as sets), the articles in
    ingest order. About 7 minutes on 2 cores (``benchmarks/engine_scale.py`` times the same
    comparison)."""
    reason = _loopback_namespace()
    if reason is not None:
        pytest.skip(reason)
    inputs = [str(EVALSETS / "ecbplus.dev.jsonl"), str(EVALSETS / "basil.jsonl")]
    out = tmp_path / "ray"
    ran = _in_loopback_namespace(
        sys.executable, "-m", "storyline", "-q", "run", "--engine", "ray", "--output", str(out),
        "--workers", "2", *inputs, timeout=3600,
    )
    assert ran.returncode == 0, ran.stderr[-3000:]
    with open_store(tmp_path / "local.db") as local:
        run(local, inputs, Config())
        assert local.count(Article) == 1072
        assert local.count(Story) > 100  # 175 on main 2026-12-05: many groups to shuffle
        differing: dict[str, int] = {}
        for cls in STORED_RECORDS:
            if cls in NOT_WRITTEN:
                continue
            mine = {to_json(r) for r in local.all(cls)}
            theirs = {to_json(r) for r in read_records(out, cls)}
            assert mine or cls not in MADE, cls.__name__
            if mine != theirs:
                differing[cls.__name__] = len(mine ^ theirs)
        assert differing == {}
        assert [a.article_id for a in read_records(out, Article)] == [
            a.article_id for a in local.all(Article)
        ]


def test_the_ray_path_says_what_is_wrong_before_any_work(tmp_path: Path) -> None:
    """No --output, an input that cannot be read, an output that cannot be made: one line, no
    traceback, and no Ray started (nor imported)."""
    imported = "ray" in sys.modules
    runner = CliRunner()
    no_output = runner.invoke(cli, ["run", "--engine", "ray", str(CORPUS)])
    assert no_output.exit_code == 2
    assert "give --output DIR" in no_output.output and "Traceback" not in no_output.output
    if importlib.util.find_spec("ray") is None:
        return
    missing = runner.invoke(
        cli, ["run", "--engine", "ray", "--output", str(tmp_path / "o"), str(tmp_path / "no")]
    )
    assert missing.exit_code == 1
    assert "nothing could be read from the inputs" in missing.output
    assert "no such file" in missing.output
    assert list(read_records(tmp_path / "o", Rejection))  # what was rejected is kept
    blocked = tmp_path / "file"
    blocked.write_text("x")
    unwritable = runner.invoke(
        cli, ["run", "--engine", "ray", "--output", str(blocked / "o"), str(CORPUS)]
    )
    assert unwritable.exit_code == 2 and "cannot write the dataset" in unwritable.output
    assert imported or "ray" not in sys.modules


def test_a_stage_the_ray_path_has_no_place_for_stops_it_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    extra = dataclasses.replace(stages.stage("events"), name="translate")
    monkeypatch.setattr(stages, "REGISTRY", (*stages.REGISTRY, extra))
    with pytest.raises(StorylineError, match="cannot run the translate stage"):
        ray_engine.check(Config())
