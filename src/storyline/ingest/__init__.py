"""Sources -> Report | Rejection (files, directories, globs, JSONL/CSV, HTML, RSS/Atom, WARC, URLs).

``read_inputs`` is the whole public surface (``plan_inputs`` and ``read_planned`` are its two
halves, for a caller that wants to know how much there is to read first): the pipeline cleans and
stores what it yields. The
readers live in one module per source kind (``files``, ``records``, ``html``, ``feeds``, ``warc``,
``fetch``); see docs/ingest.md for the kinds, the origins they give and the rejection codes.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from storyline.config import IngestConfig
from storyline.ingest.common import path_origin, reject
from storyline.ingest.fetch import url_reports
from storyline.ingest.files import expand_inputs, kind_from_name, read_file
from storyline.model import Rejection, Report

__all__ = ["InputPlan", "plan_inputs", "read_inputs", "read_planned"]

# Bytes read at a time when counting the lines of a JSONL or CSV file for a progress estimate.
_COUNT_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class InputPlan:
    """The inputs expanded: each file (Path), URL (str) or the Rejection of an input naming
    nothing, in reading order and each once, with the number of documents they are expected to
    hold (a line per JSONL/CSV line, one per other file): the "to do" of a progress display."""

    targets: tuple[Path | str | Rejection, ...]
    expected_documents: int


def plan_inputs(inputs: Sequence[str], skip: Collection[str] = ()) -> InputPlan:
    """Expand files, folders and globs; files whose absolute path is in ``skip`` (the
    database's own files, when it sits in an input folder) are passed over."""
    seen: set[str] = set(skip)
    targets: list[Path | str | Rejection] = []
    expected = 0
    for target in expand_inputs(inputs):
        if not isinstance(target, Rejection):
            key = target if isinstance(target, str) else os.path.abspath(target)
            if key in seen:
                continue
            seen.add(key)
        targets.append(target)
        expected += _expected_documents(target)
    return InputPlan(tuple(targets), expected)


def _expected_documents(target: Path | str | Rejection) -> int:
    if isinstance(target, Path) and kind_from_name(target) in ("jsonl", "csv"):
        lines = 0
        try:
            if not stat.S_ISREG(target.stat().st_mode):
                return 1  # a FIFO or device is never opened here (reading it could block)
            with target.open("rb") as stream:
                while chunk := stream.read(_COUNT_CHUNK):
                    lines += chunk.count(b"\n")
        except OSError:
            return 1
        return max(1, lines)
    return 1


def read_planned(plan: InputPlan, cfg: IngestConfig) -> Iterator[Report | Rejection]:
    """Yield one Report per readable document (or a Rejection per unreadable one), in order.

    Bad input never raises: it is a Rejection with a stable reason code, and reading goes on.
    """
    for target in plan.targets:
        if isinstance(target, Rejection):
            yield target
        else:
            origin = target if isinstance(target, str) else path_origin(target)
            yield from _guarded(target, origin, cfg)


def read_inputs(
    inputs: Sequence[str], cfg: IngestConfig, skip: Collection[str] = ()
) -> Iterator[Report | Rejection]:
    """Every document of the inputs, as :func:`read_planned` reads them (see :func:`plan_inputs`
    for ``skip``)."""
    return read_planned(plan_inputs(inputs, skip), cfg)


def _guarded(target: Path | str, origin: str, cfg: IngestConfig) -> Iterator[Report | Rejection]:
    """One input's documents; a parser failing in a way no reader foresaw rejects that input
    (keeping what it yielded before) instead of ending the run."""
    documents = url_reports(target, cfg) if isinstance(target, str) else read_file(target, cfg)
    try:
        yield from documents
    except Exception as exc:  # third-party parsers raise a wide variety of errors
        yield reject(origin, "bad-record", f"could not be parsed: {type(exc).__name__}: {exc}")
