"""Sources -> Report | Rejection (files, directories, globs, JSONL/CSV, HTML, RSS/Atom, WARC, URLs)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from storyline.config import IngestConfig
from storyline.model import Report, Rejection


def read_inputs(inputs: Sequence[str], cfg: IngestConfig) -> Iterator[Report | Rejection]:
    """Yield one Report per readable document (or a Rejection per unreadable one), in input order."""
    raise NotImplementedError  # built in issue 2 (ingest helper)
