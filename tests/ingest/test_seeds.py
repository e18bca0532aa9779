"""The five seed articles read as plain-text reports, whole and untouched."""

from __future__ import annotations

import os

from storyline.config import IngestConfig
from storyline.ingest import read_inputs
from storyline.model import Report
from tests.conftest import SEEDS


def test_seeds_are_five_text_reports() -> None:
    seeds = sorted(SEEDS.glob("*.txt"))
    assert len(seeds) == 5
    items = list(read_inputs([str(SEEDS)], IngestConfig()))
    assert all(isinstance(item, Report) for item in items)
    reports = [item for item in items if isinstance(item, Report)]
    assert [r.origin for r in reports] == [os.path.abspath(path) for path in seeds]
    for report, path in zip(reports, seeds, strict=True):
        assert report.kind == "text"
        assert report.text == path.read_text(encoding="utf-8")
        first = next(line.strip() for line in report.text.splitlines() if line.strip())
        assert report.title == first
        assert report.published is None  # dates in the text are the clean stage's to read
    assert len({r.report_id for r in reports}) == 5
