"""The end-to-end benchmark's memory figure: the most a measured process and its workers held
at one time, read from ``/proc`` while it runs (``benchmarks.pipeline_speed._measure``)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from benchmarks.pipeline_speed import _measure, _tree_rss_mb


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="needs Linux /proc")
def test_parse_with_two_processes_reports_its_tree_at_its_peak(tmp_path: Path) -> None:
    # Sentences written for this test; two spaCy processes parse them, each loading the model.
    texts = [f"The ferry from Port Aurel left at {h} o'clock with {h * 3} passengers." for h in
             range(1, 400)]
    path = tmp_path / "texts.json"
    path.write_text(json.dumps(texts))
    result = _measure("spacy", str(path), "2")
    assert result["texts"] == len(texts)
    together = result["together_peak_mb"]
    # Read every second while the run went (a reading may fall between two peaks, so it is not
    # bounded below by any one process's peak): some reading was taken, of a process holding a
    # loaded pipeline, and no reading holds more than every process of the tree at its peak
    # (the measured process, two parsing workers, multiprocessing's resource tracker).
    assert together is not None
    assert together > 100
    assert together <= result["peak_mb"] + 3 * result["worker_peak_mb"]


def test_a_tree_is_its_root_and_everything_under_it() -> None:
    mine = _tree_rss_mb(os.getpid())
    assert mine is not None and mine > 10
    assert _tree_rss_mb(2**22 + 17) == 0.0  # no such process: nothing under it
