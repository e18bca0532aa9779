"""Sources -> Report | Rejection: files, directories, globs, JSONL/CSV, HTML, feeds, WARC, URLs."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from storyline.config import IngestConfig
from storyline.model import Rejection, Report


def read_inputs(inputs: Sequence[str], cfg: IngestConfig) -> Iterator[Report | Rejection]:
    """One Report per readable document (a Rejection per unreadable one), in input order."""
    raise NotImplementedError  # built in issue 2 (ingest helper)
