"""The local engine: runs the registry of stages (``storyline.stages``) in order over a store,
the only writer of the store besides ingest.

For each stage it reads the records the stage needs, calls the stage's pure functions (records
in, records and state changes out: ``clean.clean_report``, ``reuse.find_reuse``, the analyzer,
``analyze.resolve.EntityResolver`` and ``analyze.stage``, the stories engine and
``stories.stage.story_writes``, ``claims.stage`` with ``claims.build.build_claims``,
``events.stage`` with ``events.build.build_events``) and writes what they return. Per-article
stages (ingest, clean) are maps, committed in batches, so an interrupted run keeps everything
before the interruption. Corpus stages (reuse, analyze, stories, claims, events) run after
ingest over what the store holds. A run holds the store's writer lock from start to end, so a
second run on the same store waits for the first instead of interleaving with it.

The stories, claims and events stages' reads and writes are in ``local_stories.py``,
``local_claims.py`` and ``local_events.py``.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from typing import Protocol

from storyline import stages
from storyline.analyze import current_model, make_analyzer
from storyline.analyze.resolve import EntityResolver
from storyline.analyze.stage import (
    entity_changes,
    failure_rejections,
    relinked,
    stale_models,
    summary_line,
)
from storyline.clean import clean_report
from storyline.config import AnalyzeConfig, Config, ReuseConfig
from storyline.engines.local_claims import update_claims
from storyline.engines.local_events import update_events
from storyline.engines.local_stories import update_stories
from storyline.engines.own_process import OWN_PROCESS_FROM, run_in_own_process
from storyline.errors import MissingCapability
from storyline.freed_memory import release_freed_memory
from storyline.ingest import plan_inputs, read_planned
from storyline.model import (
    Analysis,
    Article,
    Entity,
    Rejection,
    Report,
    ReuseLink,
    ReuseSketch,
    SourceFamily,
    Story,
    StoryAssignment,
    failure_rejection,
    failure_rejection_id,
)
from storyline.reuse import ReuseIndex, ReuseResult, StepProgress, find_reuse
from storyline.runs import begin_run, end_run
from storyline.store import Store
from storyline.store.sqlite import SQLiteStore

# The stages of a run, in the registry's order (what a progress display names): ingest (with
# clean in its batches), then the corpus stages.
STAGES = ("ingest", *(s.name for s in stages.corpus_stages()))


class Progress(Protocol):
    """Told where a run is: ``(stage, done, total, note)``. ``total`` is what the stage has to
    do (documents to ingest, articles to analyze), None while the stage cannot count its way
    there; ``done == total`` when it has finished. ``note`` names the latest item (an input's
    origin) or what the stage takes in."""

    def __call__(self, stage: str, done: int, total: int | None, note: str = "") -> None: ...


@dataclass(slots=True, kw_only=True)
class IngestSummary:
    read: int = 0  # documents read (articles + rejections)
    new: int = 0
    known: int = 0  # already stored: re-ingest is a no-op
    rejected: Counter[str] = field(default_factory=Counter)  # by reason code
    new_article_ids: list[str] = field(default_factory=list)
    # The first rejections' "input: detail", for the message when nothing could be read.
    first_problems: list[str] = field(default_factory=list)

    @property
    def rejected_total(self) -> int:
        return sum(self.rejected.values())

    @property
    def stored(self) -> int:
        """Documents that are articles in the store now (new or already known)."""
        return self.new + self.known

    def line(self) -> str:
        rejected = ", ".join(f"{n} {reason}" for reason, n in sorted(self.rejected.items()))
        return (
            f"read {self.read}: {self.new} new, {self.known} already known, "
            f"{self.rejected_total} rejected" + (f" ({rejected})" if rejected else "")
        )


def _record_rejection(store: Store, rejection: Rejection, summary: IngestSummary) -> None:
    store.put([rejection])
    summary.rejected[rejection.reason] += 1
    if len(summary.first_problems) < 3:
        summary.first_problems.append(f"{rejection.record_id}: {rejection.detail}")


# Inputs cleaned and stored per commit. One commit per article was about a fifth of ingest time
# (benchmarks/ingest_speed.py); a batch commits whole or not at all, so a killed run still leaves
# only complete articles, and re-ingesting finishes the rest.
INGEST_BATCH = 64


def ingest(
    store: Store,
    inputs: Sequence[str],
    cfg: Config,
    progress: Progress | None = None,
    on_wait: Callable[[], None] | None = None,
) -> IngestSummary:
    """Read, clean and store every input; bad inputs become stored Rejections.

    Another run writing to the store is waited for (``on_wait`` is called once, if it must).
    """
    stages.check(cfg, stages.INPUT_STAGES)
    with store.exclusive(on_wait=on_wait):
        record = begin_run(store, cfg, "ingest", stages.INPUT_STAGES)
        summary = _ingest(store, inputs, cfg, progress)
        end_run(store, record, _input_results(summary), summary.new)
        return summary


def _ingest(
    store: Store, inputs: Sequence[str], cfg: Config, progress: Progress | None
) -> IngestSummary:
    summary = IngestSummary()
    plan = plan_inputs(inputs, skip=_own_files(store))
    total = plan.expected_documents
    if progress is not None:
        progress("ingest", 0, total)
    items = iter(read_planned(plan, cfg.ingest))
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
                    # A file can hold more documents than its lines promised (a feed, a WARC).
                    progress("ingest", summary.read, max(total, summary.read), origin)
    if progress is not None:  # blank lines promised documents that never came
        progress("ingest", summary.read, summary.read, "done")
    return summary


def _own_files(store: Store) -> list[str]:
    """The database file and its companions: inputs to pass over, not reject, when the
    database sits inside a folder being ingested (`storyline --db news.db run .`)."""
    path = getattr(store, "path", None)
    if path is None:
        return []
    base = os.path.abspath(path)
    return [base + suffix for suffix in ("", "-wal", "-shm", "-journal", "-lock")]


def _store_report(store: Store, report: Report, cfg: Config, summary: IngestSummary) -> None:
    try:
        cleaned = clean_report(report, cfg.clean)
    except Exception as exc:  # a cleaning bug on one strange input must not end the run
        cleaned = failure_rejection(report.origin, "clean", exc)
    if isinstance(cleaned, Rejection):
        _record_rejection(store, cleaned, summary)
        return
    article: Article = cleaned
    # The report and its article commit together: never an article without its source text.
    try:
        with store.transaction():
            is_new = store.insert_new(article)
            if is_new:
                store.put([report])
    except (ValueError, RecursionError, OverflowError) as exc:
        # A value SQLite or JSON cannot hold: this record is rejected, its writes undone (the
        # transaction above is a savepoint), and the batch around it goes on.
        _record_rejection(store, failure_rejection(report.origin, "store", exc), summary)
        return
    if is_new:
        summary.new += 1
        summary.new_article_ids.append(article.article_id)
    else:
        summary.known += 1


@dataclass(slots=True, kw_only=True)
class RunSummary:
    ingest: IngestSummary
    stages: dict[str, str] = field(default_factory=dict)  # stage name -> one-line result

    @property
    def stopped(self) -> bool:
        """True when nothing could be read, so no stage ran."""
        return self.ingest.stored == 0

    def lines(self) -> list[str]:
        return [f"ingest: {self.ingest.line()}"] + [f"{k}: {v}" for k, v in self.stages.items()]


def run(
    store: Store,
    inputs: Sequence[str],
    cfg: Config,
    progress: Progress | None = None,
    on_wait: Callable[[], None] | None = None,
) -> RunSummary:
    """Ingest the inputs, then run every corpus stage over the store.

    When nothing in the inputs could be read (a missing path, an empty folder, only rejected
    files), the run stops after ingest: the summary says so and no stage runs. Another run
    writing to the store is waited for (``on_wait`` is called once, if it must).
    """
    # A misconfigured stage (an unknown algorithm, a missing extra) fails before any work.
    stages.check(cfg)
    with store.exclusive(on_wait=on_wait):
        record = begin_run(store, cfg, "run", tuple(s.name for s in stages.REGISTRY))
        summary = RunSummary(ingest=_ingest(store, inputs, cfg, progress))
        results = _input_results(summary.ingest)
        if not summary.stopped:
            for stage in stages.corpus_stages():  # the registry's order
                if isinstance(store, SQLiteStore) and _takes_in_many(store, stage.name):
                    # What a large stage allocated stays with the process that ran it: a
                    # process of its own hands it all back when it ends (own_process).
                    result = run_in_own_process(stage.name, store.path, cfg, progress)
                else:
                    result = run_stage(stage.name, store, cfg, progress)
                # What the stage read and built is garbage now: without this the run's process
                # keeps its largest stage's heap through every later stage (freed_memory).
                release_freed_memory()
                if result is not None:
                    summary.stages[stage.name] = result[0]
                    results[stage.name] = result
        end_run(store, record, results, summary.ingest.new)
    return summary


def _input_results(summary: IngestSummary) -> dict[str, tuple[str, int]]:
    """The run record's results of ingest and clean (clean runs in ingest's batches)."""
    return {
        "ingest": (summary.line(), summary.new + summary.rejected_total),
        "clean": (f"{summary.new} new articles", summary.new),
    }


# --- how the local engine runs each corpus stage of the registry over the store ---------------
# Each returns the stage's one-line result and how many items it made or remade (the run
# record's figures), or None when the stage had nothing to run on.

StageResult = tuple[str, int] | None


def _reuse(store: Store, cfg: Config, progress: Progress | None) -> StageResult:
    with _stage(progress, "reuse", _new_count(store, ReuseSketch)):
        result = update_reuse(store, cfg.reuse, _steps(progress, "reuse"))
    return result.line(), len(result.sketches)


def _analyze(store: Store, cfg: Config, progress: Progress | None) -> StageResult:
    # spaCy and MiniLM load inside their stages, only when a run reaches them.
    analysed = [0]  # the stage tells its running count: the last one is what it made

    with _stage(progress, "analyze", _new_count(store, Analysis), counted=True) as advance:

        def told(done: int) -> None:
            analysed[0] = done
            advance(done)

        line = update_analyses(store, cfg.analyze, told)
    return line, analysed[0]


def _stories(store: Store, cfg: Config, progress: Progress | None) -> StageResult:
    with _stage(progress, "stories", _new_count(store, StoryAssignment)):
        try:
            result = update_stories(store, cfg.stories, progress=_steps(progress, "stories"))
        except MissingCapability as exc:  # stories need MiniLM (the nlp extra): go on
            return f"skipped: {exc}", 0
    return result.line(), result.new_articles


def _claims(store: Store, cfg: Config, progress: Progress | None) -> StageResult:
    # Claims are recomputed for every story whose articles (or related stories') changed.
    if not store.count(Story):
        return None
    with _stage(progress, "claims", None):
        told = _counted(progress, "claims", "stories to recompute")
        result = update_claims(store, cfg.claims, progress=told, processes=cfg.claims.processes)
    return result.line(), result.updated


def _events(store: Store, cfg: Config, progress: Progress | None) -> StageResult:
    # Events are recomputed for every story whose articles, analyses or families changed.
    if not store.count(Story):
        return None
    with _stage(progress, "events", None):
        told = _counted(progress, "events", "stories to recompute")
        result = update_events(store, cfg.events, progress=told, processes=cfg.events.processes)
    return result.line(), result.updated


# The local engine's glue for each corpus stage of the registry, in its order.
_LOCAL: dict[str, Callable[[Store, Config, Progress | None], StageResult]] = {
    "reuse": _reuse,
    "analyze": _analyze,
    "stories": _stories,
    "claims": _claims,
    "events": _events,
}


def run_stage(name: str, store: Store, cfg: Config, progress: Progress | None) -> StageResult:
    """The corpus stage ``name`` of the registry over the store, in this process."""
    return _LOCAL[name](store, cfg, progress)


# The per-article record each stage makes, by which a stage's intake is counted: the stages that
# run in the run's process. The claims and events stages make their stories in worker processes
# already, and hold little here.
_MADE_PER_ARTICLE: dict[str, type[object]] = {
    "reuse": ReuseSketch,
    "analyze": Analysis,
    "stories": StoryAssignment,
}


def _takes_in_many(store: Store, stage: str) -> bool:
    """Whether a stage takes in enough articles to run in a process of its own."""
    made = _MADE_PER_ARTICLE.get(stage)
    return made is not None and _new_count(store, made) >= OWN_PROCESS_FROM


# --- the stages' reads and writes around their pure functions --------------------------------


def update_reuse(
    store: Store, cfg: ReuseConfig, progress: StepProgress | None = None
) -> ReuseResult:
    """The reuse stage: new stored articles against the index of earlier runs' sketches and
    links, saved back. ``progress`` as :func:`storyline.reuse.find_reuse` tells it."""

    def lookup(article_id: str) -> Article | None:
        return store.get(Article, article_id)

    index = ReuseIndex.from_records(store.all(ReuseSketch), store.all(ReuseLink), cfg, lookup)
    new_ids = sorted(store.keys(Article) - set(index.ids))
    new = [a for a in (store.get(Article, i) for i in new_ids) if a is not None]
    result = find_reuse(new, cfg, index, lookup=lookup, progress=progress)
    with store.transaction():
        store.put(result.sketches)
        store.put(index.remeasured)  # links stored before prose was measured, now measured
        store.put(result.links)
        store.replace_all(SourceFamily, result.families)
    return result


# The analyze stage writes its new analyses, and reads the stored ones, this many at a time:
# what it holds is a batch of analyses and every article's entities (a small part of each),
# never the corpus's analyses (several GB at 10,000 articles).
ANALYSIS_BATCH = 250


def update_analyses(
    store: Store,
    cfg: AnalyzeConfig,
    progress: Callable[[int], None] | None = None,
    *,
    batch: int = ANALYSIS_BATCH,
) -> str:
    """The analyze stage: analyse every stored article without a current Analysis (one made by
    this version of the analysis), re-resolve entities over the corpus, write what changed.

    Returns the one-line result for the run summary. ``progress`` is told how many new articles
    are analysed so far. Analyses are written and read ``batch`` at a time, all in one
    transaction: an interrupted run leaves the store as it was, never an analysis stored
    without its entity links.
    """
    stale = {
        a.article_id
        for model in stale_models(store.count_by(Analysis, "model"), current_model(cfg))
        for a in store.all(Analysis, model=model)
    }
    done = store.keys(Analysis) - stale
    new = store.get_many(Article, store.keys(Article) - done)
    if not new and (done and store.count(Entity) > 0):
        # Resolution is deterministic over the stored analyses, and none is new: nothing moves.
        return summary_line(0, 0, store.count(Entity))
    analysed = quotes = 0
    failed: list[Rejection] = []
    with store.transaction():
        # The new analyses are stored unlinked as they come (replacing stale ones), then linked
        # with the others below: the store then holds the corpus, and resolution reads it alone.
        if new:
            pending: list[Analysis] = []
            for analysis in make_analyzer(cfg).each(new):
                pending.append(analysis)
                analysed += 1
                quotes += len(analysis.quotes)
                if progress is not None:
                    progress(analysed)
                if len(pending) >= batch:
                    failed += _put_analyses(store, pending)
                    pending = []
            failed += _put_analyses(store, pending)
        # The articles go before the entities come: taking the new analyses' entities as they
        # are made saves decoding them again, but holds both at once (a higher peak, measured).
        del new
        resolver = EntityResolver()
        for analyses in _stored_analyses(store, batch):
            for analysis in analyses:
                resolver.add(analysis)
        corpus = resolver.resolve()
        del resolver
        for analyses in _stored_analyses(store, batch):
            store.put(relinked(analyses, corpus))
        changes = entity_changes(corpus.entities, {e.entity_id: e for e in store.all(Entity)})
        store.put(changes.entities)
        store.delete(Entity, changes.gone)
    return summary_line(analysed, quotes, changes.total, len(failed))


def _put_analyses(store: Store, analyses: list[Analysis]) -> list[Rejection]:
    """Store new analyses with the rejections of those that failed in part (an analysis
    made whole again drops its article's old one): the rejections stored."""
    rejections = failure_rejections(analyses)
    store.put(analyses)
    store.put(rejections)
    whole = [a.article_id for a in analyses if not a.failure]
    store.delete(Rejection, [failure_rejection_id(i, "analyze") for i in whole])
    return rejections


def _stored_analyses(store: Store, batch: int) -> Iterator[list[Analysis]]:
    """Every stored analysis, ``batch`` at a time, in article ID order (the order resolution
    clusters in, so a streamed run adds them as :func:`resolve_entities` would)."""
    ids = sorted(store.keys(Analysis))
    for at in range(0, len(ids), batch):
        found = store.get_many(Analysis, ids[at : at + batch])
        yield sorted(found, key=lambda a: a.article_id)


def _counted(
    progress: Progress | None, stage: str, note: str
) -> Callable[[int, int], None] | None:
    """A stage's own ``(done, total)`` count, told on as the stage's progress."""
    if progress is None:
        return None
    report: Progress = progress
    return lambda done, total: report(stage, done, total, note)


def _steps(progress: Progress | None, stage: str) -> Callable[[int, int, str], None] | None:
    """A stage's own ``(done, total, what)`` count, told on as the stage's progress (a stage
    that counts in steps: reuse sketches articles, then compares candidate pairs)."""
    if progress is None:
        return None
    report: Progress = progress
    return lambda done, total, what: report(stage, done, total, what)


def _new_count(store: Store, done_cls: type[object]) -> int:
    """Articles a stage has still to take in: those without its per-article record."""
    return max(0, store.count(Article) - store.count(done_cls))


@contextmanager
def _stage(
    progress: Progress | None, name: str, articles: int | None, counted: bool = False
) -> Iterator[Callable[[int], None]]:
    """Announce a stage, hand it a ``done -> None`` callback, and mark it finished.

    ``articles`` is how many articles the stage takes in; only a ``counted`` stage reports them
    one by one (the others are told as a total without a running count, so no estimate).
    """
    if progress is None:
        yield lambda done: None
        return
    report: Progress = progress
    note = f"{articles} new articles" if articles is not None else "the stories that changed"
    total = articles if counted else None
    report(name, 0, total, note)

    def advance(done: int) -> None:
        report(name, done, total, note)

    yield advance
    finished = articles or 0
    report(name, finished, finished, "done")  # done == total: the stage is finished
