"""The in-process engine: composes the stages over a store.

Per-article stages (ingest, clean) are maps; each article is committed as soon as it is clean, so
an interrupted run keeps everything before the interruption. Corpus stages (reuse, analyze,
stories, claims) run after ingest over what the store holds.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import islice

from storyline.analyze.stage import analyze_store
from storyline.claims import update_claims
from storyline.clean import clean_report
from storyline.config import Config
from storyline.errors import MissingCapability
from storyline.ingest import read_inputs
from storyline.model import Article, Rejection, Report, Story
from storyline.reuse import update_reuse
from storyline.store import Store
from storyline.stories import check_algorithm, update_stories

# Called after each input document with (documents so far, latest origin).
Progress = Callable[[int, str], None]


@dataclass(slots=True, kw_only=True)
class IngestSummary:
    read: int = 0  # documents read (articles + rejections)
    new: int = 0
    known: int = 0  # already stored: re-ingest is a no-op
    rejected: Counter[str] = field(default_factory=Counter)  # by reason code
    new_article_ids: list[str] = field(default_factory=list)

    @property
    def rejected_total(self) -> int:
        return sum(self.rejected.values())

    def line(self) -> str:
        rejected = ", ".join(f"{n} {reason}" for reason, n in sorted(self.rejected.items()))
        return (
            f"read {self.read}: {self.new} new, {self.known} already known, "
            f"{self.rejected_total} rejected" + (f" ({rejected})" if rejected else "")
        )


def _record_rejection(store: Store, rejection: Rejection, summary: IngestSummary) -> None:
    store.put([rejection])
    summary.rejected[rejection.reason] += 1


# Inputs cleaned and stored per commit. One commit per article was about a fifth of ingest time
# (benchmarks/ingest_speed.py); a batch commits whole or not at all, so a killed run still leaves
# only complete articles, and re-ingesting finishes the rest.
INGEST_BATCH = 64


def ingest(
    store: Store, inputs: Sequence[str], cfg: Config, progress: Progress | None = None
) -> IngestSummary:
    """Read, clean and store every input; bad inputs become stored Rejections."""
    summary = IngestSummary()
    items = iter(read_inputs(inputs, cfg.ingest, skip=_own_files(store)))
    # Inputs are read (files, URLs) before the write transaction opens, then cleaned and stored.
    while batch := list(islice(items, INGEST_BATCH)):
        with store.transaction():
            for item in batch:
                summary.read += 1
                if isinstance(item, Rejection):
                    _record_rejection(store, item, summary)
                else:
                    _store_report(store, item, cfg, summary)
                if progress is not None:
                    origin = item.origin if isinstance(item, Report) else item.record_id
                    progress(summary.read, origin)
    return summary


def _own_files(store: Store) -> list[str]:
    """The database file and its SQLite companions: inputs to pass over, not reject, when the
    database sits inside a folder being ingested (`storyline --db news.db run .`)."""
    path = getattr(store, "path", None)
    if path is None:
        return []
    base = os.path.abspath(path)
    return [base + suffix for suffix in ("", "-wal", "-shm", "-journal")]


def _store_report(store: Store, report: Report, cfg: Config, summary: IngestSummary) -> None:
    cleaned = clean_report(report, cfg.clean)
    if isinstance(cleaned, Rejection):
        _record_rejection(store, cleaned, summary)
        return
    article: Article = cleaned
    # The report and its article commit together: never an article without its source text.
    with store.transaction():
        is_new = store.insert_new(article)
        if is_new:
            store.put([report])
    if is_new:
        summary.new += 1
        summary.new_article_ids.append(article.article_id)
    else:
        summary.known += 1


@dataclass(slots=True, kw_only=True)
class RunSummary:
    ingest: IngestSummary
    stages: dict[str, str] = field(default_factory=dict)  # stage name -> one-line result

    def lines(self) -> list[str]:
        return [f"ingest: {self.ingest.line()}"] + [f"{k}: {v}" for k, v in self.stages.items()]


def run(
    store: Store, inputs: Sequence[str], cfg: Config, progress: Progress | None = None
) -> RunSummary:
    """Ingest the inputs, then run every corpus stage over the store."""
    check_algorithm(cfg.stories)  # a misconfigured stage fails before any work, not after it
    summary = RunSummary(ingest=ingest(store, inputs, cfg, progress))
    summary.stages["reuse"] = update_reuse(store, cfg.reuse).line()
    # spaCy and MiniLM load inside their stages, only when a run reaches them.
    summary.stages["analyze"] = analyze_store(store, cfg.analyze)
    try:
        summary.stages["stories"] = update_stories(store, cfg.stories).line()
    except MissingCapability as exc:  # stories need MiniLM (the nlp extra): say so, go on
        summary.stages["stories"] = f"skipped: {exc}"
    # Claims are recomputed for every story whose articles (or related stories') changed.
    if store.count(Story):
        summary.stages["claims"] = update_claims(store, cfg.claims).line()
    return summary
