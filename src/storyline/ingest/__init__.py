"""Sources -> Report | Rejection (files, directories, globs, JSONL/CSV, HTML, RSS/Atom, WARC, URLs).

``read_inputs`` is the whole public surface: the pipeline cleans and stores what it yields. The
readers live in one module per source kind (``files``, ``records``, ``html``, ``feeds``, ``warc``,
``fetch``); see docs/ingest.md for the kinds, the origins they give and the rejection codes.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterator, Sequence
from pathlib import Path

from storyline.config import IngestConfig
from storyline.ingest.common import reject
from storyline.ingest.fetch import url_reports
from storyline.ingest.files import expand_inputs, read_file
from storyline.model import Rejection, Report

__all__ = ["read_inputs"]


def read_inputs(
    inputs: Sequence[str], cfg: IngestConfig, skip: Collection[str] = ()
) -> Iterator[Report | Rejection]:
    """Yield one Report per readable document (or a Rejection per unreadable one), in input order.

    Bad input never raises: it is a Rejection with a stable reason code, and reading goes on.
    Files whose absolute path is in ``skip`` (the database's own files, when it sits in an input
    folder) are passed over.
    """
    seen: set[str] = set(skip)
    for target in expand_inputs(inputs):
        if isinstance(target, Rejection):
            yield target
            continue
        key = target if isinstance(target, str) else os.path.abspath(target)
        if key in seen:
            continue
        seen.add(key)
        yield from _guarded(target, key, cfg)


def _guarded(target: Path | str, origin: str, cfg: IngestConfig) -> Iterator[Report | Rejection]:
    """One input's documents; a parser failing in a way no reader foresaw rejects that input
    (keeping what it yielded before) instead of ending the run."""
    documents = url_reports(target, cfg) if isinstance(target, str) else read_file(target, cfg)
    try:
        yield from documents
    except Exception as exc:  # third-party parsers raise a wide variety of errors
        yield reject(origin, "bad-record", f"could not be parsed: {type(exc).__name__}: {exc}")
