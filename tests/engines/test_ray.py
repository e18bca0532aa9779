"""The Ray engine's first stages (clean and analyze as Ray Data maps, spaCy held once per actor)
give the local engine's records. Ray runs in a loopback-only network namespace (``unshare -n``
with only ``lo`` up), so it can reach nothing but 127.0.0.1."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from storyline.config import Config
from storyline.dataset import load_dataset, read_records
from storyline.engines.local import update_analyses
from storyline.model import Analysis, Article, Entity, Rejection, Report
from storyline.pipeline import ingest
from storyline.store import open_store
from storyline.store.codec import to_json

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


def _in_loopback_namespace(*command: str) -> subprocess.CompletedProcess[str]:
    script = 'ip link set lo up && exec "$@"'
    return subprocess.run(
        ["unshare", "-n", "sh", "-c", script, "sh", *command],
        capture_output=True,
        text=True,
        timeout=900,
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


@pytest.mark.slow
def test_ray_clean_and_analyze_give_the_local_engines_records(tmp_path: Path) -> None:
    reason = _loopback_namespace()
    if reason is not None:
        pytest.skip(reason)
    out = tmp_path / "ray"
    ran = _in_loopback_namespace(
        sys.executable, "-m", "storyline", "-q", "run", "--engine", "ray", "--output", str(out),
        "--workers", "2", str(CORPUS),
    )
    assert ran.returncode == 0, ran.stderr[-3000:]
    assert "6 article," in ran.stdout

    with open_store(tmp_path / "local.db") as local:
        ingest(local, [str(CORPUS)], Config())
        update_analyses(local, Config().analyze)
        for cls in (Report, Article, Rejection, Analysis, Entity):
            mine = sorted(to_json(r) for r in local.all(cls))
            theirs = sorted(to_json(r) for r in read_records(out, cls))
            assert mine and theirs == mine, cls.__name__
        # Articles come out in the local engine's (ingest) order.
        assert [a.article_id for a in read_records(out, Article)] == [
            a.article_id for a in local.all(Article)
        ]
    # The Ray engine's output loads into a store like any dataset.
    with open_store(tmp_path / "loaded.db") as loaded:
        counts = load_dataset(out, loaded)
        assert counts["article"] == 6 and counts["analysis"] == 6
        assert loaded.search("pact")
