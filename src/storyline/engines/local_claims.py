"""The local engine's claims stage: the reads and writes around the pure stage
(``claims.stage``: which stories to recompute, what to store for one; ``claims.build``: one
story's claims), over a store.

A story's claims depend on its own records only (the Ray engine's groupby by story gives the
same records), so with enough stories to recompute they are made by worker processes, one story
at a time, each worker reading the SQLite file on its own connection; this process keeps the
order and does every write: the story's records, and the sentence vectors the workers encoded.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import numpy as np
import numpy.typing as npt

from storyline.claims import ClaimSet, stage
from storyline.claims.build import Embed, build_claims
from storyline.claims.kept import KeptForReaders
from storyline.claims.stage import ClaimsRun, ClaimsTask
from storyline.claims.units import StatementMemo
from storyline.config import ClaimConfig
from storyline.embed import SharedEmbed, VectorCache, encoder_name
from storyline.engines.local_corrections import conflict_decisions
from storyline.engines.local_vectors import HeldVectors, StoredVectors
from storyline.freed_memory import release_freed_memory
from storyline.model import (
    AlignedQuote,
    Analysis,
    Article,
    Claim,
    Conflict,
    Correction,
    Rejection,
    Report,
    SourceFamily,
    Story,
    StorySummary,
    failure_rejection_id,
)
from storyline.store import SQLiteStore, Store
from storyline.worker_processes import exit_with_parent, one_blas_thread

# Stories to recompute per worker process before processes pay for their start (each loads
# the sentence encoder, a second or two): below this the stage runs in this process.
MIN_STORIES_PER_PROCESS = 8


def update_claims(
    store: Store,
    cfg: ClaimConfig,
    embed: Embed | None = None,
    progress: Callable[[int, int], None] | None = None,
    processes: int = 1,
    min_stories_per_process: int = MIN_STORIES_PER_PROCESS,
) -> ClaimsRun:
    """Recompute the claims of every story whose articles (or related stories') changed.

    ``progress`` is told ``(done, total)`` of the stories to recompute, first with none done.
    With ``processes`` above 1, enough stories, a SQLite file and the shared encoder (no
    ``embed`` given), the stories are made by that many worker processes.

    A story's results are replaced in one transaction, so a reader never sees half of them.
    """
    run = ClaimsRun()
    stories = {s.story_id: s for s in store.all(Story)}
    with store.transaction():
        # Which stories hold results is read from the indexed story_id column: the records
        # themselves are decoded only for stories that are gone.
        record_type: type[Claim | Conflict | AlignedQuote]
        for record_type in (Claim, Conflict, AlignedQuote):
            for story_id in store.count_by(record_type, "story_id"):
                if story_id is not None and story_id not in stories:
                    gone = store.all(record_type, story_id=story_id)
                    store.delete(record_type, [getattr(r, record_type.KEY) for r in gone])
        gone_summaries = sorted(store.keys(StorySummary) - stories.keys())
        store.delete(StorySummary, gone_summaries)
        run.removed = len(gone_summaries)
    if not stories:
        return run
    families = list(store.all(SourceFamily))
    family_of = {a: f.family_id for f in families for a in f.article_ids}
    analysed = dict(store.columns(Analysis, ["article_id", "model"]))
    model = embed if embed is not None else SharedEmbed()
    fingerprint = stage.fingerprint(cfg, encoder_name(model))
    stored_inputs = {s.story_id: s.inputs for s in store.get_many(StorySummary, list(stories))}
    todo, run.unchanged = stage.plan(stories, stored_inputs, fingerprint, family_of, analysed)
    if progress is not None:
        progress(0, len(todo))
    # Each sentence is encoded once, however many stories read it (a story reads its related
    # stories' articles too) and however many runs do: vectors are kept in the store
    # (embed.VectorCache). The model loads only when some text was never encoded.
    vectors = VectorCache(model, StoredVectors(store))
    readers = last_readers(todo)
    # The editor's decisions on conflicts (storyline.corrections): a run holds the writer lock,
    # so none is made while it goes.
    decisions = conflict_decisions(store)
    path = store.path if isinstance(store, SQLiteStore) else None
    if processes > 1 and embed is None and path is not None and (
        len(todo) >= processes * min_stories_per_process
    ):
        made = _in_workers(
            str(path), todo, readers, families, cfg, decisions, processes,
            encoder_name(model) or "",
        )
    else:
        memo, records = StatementMemo(), ArticleReads()
        made = (
            _made(
                partial(
                    _story_claims,
                    store, task, families, cfg, vectors, memo, records, index, readers[index],
                ),
                task,
                decisions,
            )
            for index, task in enumerate(todo)
        )
    kept = StoredVectors(store)
    for done, (task, story_made) in enumerate(zip(todo, made, strict=True), start=1):
        with store.transaction():
            for record_type in (Claim, Conflict, AlignedQuote):
                stored = store.all(record_type, story_id=task.story.story_id)
                store.delete(record_type, [getattr(r, record_type.KEY) for r in stored])
            # A story a rule failed on before is made again: its rejection goes (and comes
            # back among the records if it fails again).
            store.delete(Rejection, [failure_rejection_id(task.story.story_id, "claims")])
            store.put(story_made.records)
            if story_made.vectors:
                kept.save(story_made.encoder, story_made.vectors)
        run.updated += 1
        run.failed += story_made.failed
        run.claims += story_made.claims
        run.conflicts += story_made.conflicts
        run.quotes += story_made.quotes
        vectors.computed += story_made.computed
        vectors.loaded += story_made.loaded
        vectors.asked += story_made.asked
        if progress is not None:
            progress(done, len(todo))
    run.encoded, run.loaded, run.read = vectors.computed, vectors.loaded, vectors.asked
    return run


@dataclass(slots=True)
class _StoryMade:
    """One story's records to store, and what its making added to the vector counts (and, from
    a worker, the vectors it encoded, for this process to keep)."""

    records: list[Any]
    claims: int
    conflicts: int  # as found, before the editor's dismissals are taken out
    quotes: int
    failed: int = 0  # 1 when a rule failed on the story (its records say so)
    vectors: dict[str, npt.NDArray[np.float32]] = field(default_factory=dict)
    encoder: str = ""
    computed: int = 0
    loaded: int = 0
    asked: int = 0


def _story_claims(
    store: Store,
    task: ClaimsTask,
    families: Sequence[SourceFamily],
    cfg: ClaimConfig,
    vectors: VectorCache,
    memo: StatementMemo,
    records: ArticleReads,
    index: int,
    readers: dict[str, int],
) -> ClaimSet:
    """One story's claims, read from the store: the ``index``-th of the run, whose articles
    are read last by the stories ``readers`` names (:func:`last_readers`)."""
    memo.expect(readers)
    records.expect(readers)
    story = task.story
    own = [records.read(store, i) for i in story.article_ids]
    related = [records.read(store, i) for i in task.background_ids]
    articles = [r.article for r in own if r.article is not None]
    background = [r.article for r in related if r.article is not None]
    analyses = [r.analysis for r in (*own, *related) if r.analysis is not None]
    sources = {
        r.article.report_id: r.source
        for r in (*own, *related)
        if r.article is not None and r.source is not None
    }
    try:
        return build_claims(
            story, articles, analyses, families, cfg, vectors, background, sources, memo
        )
    finally:
        memo.finished(index)
        records.finished(index)


@dataclass(frozen=True, slots=True)
class _Read:
    """One article's records as a story reads them: the article, its analysis and the text of
    its report as ingested (None where the store has none)."""

    article: Article | None
    analysis: Analysis | None
    source: str | None


# Articles whose records a worker's ArticleReads keeps at most (the least recently read dropped
# first): a bound for any order of stories; in the plan's order the last-reader rule drops
# them sooner (StatementMemo: at most 129 articles a worker on ECB+ dev and BASIL).
READS_KEPT = 500


class ArticleReads(KeptForReaders[_Read]):
    """Each article's records decoded once for the stories of a run that read it: a related
    story's articles are read by every story related to it, and decoding an article's
    analysis from the store is most of what reading a story costs. Dropped, as the
    :class:`StatementMemo` drops statements, once the last story that reads the article is
    made, and at most ``capacity`` kept. The records are frozen: every reader gets the same
    values the store holds."""

    def __init__(self, capacity: int = READS_KEPT) -> None:
        super().__init__(capacity)

    def read(self, store: Store, article_id: str) -> _Read:
        kept = self.get(article_id)
        if kept is not None:
            return kept
        article = store.get(Article, article_id)
        analysis = store.get(Analysis, article_id) if article is not None else None
        report = store.get(Report, article.report_id) if article is not None else None
        kept = _Read(article, analysis, report.text if report is not None else None)
        self.put(article_id, kept)
        return kept


def last_readers(todo: Sequence[ClaimsTask]) -> list[dict[str, int]]:
    """For each story to make, in order, the index of the last story that reads each of its
    articles (its own and its related stories'): a worker's :class:`StatementMemo` drops an
    article's statements once that story is made."""
    last: dict[str, int] = {}
    for index, task in enumerate(todo):
        for article_id in (*task.story.article_ids, *task.background_ids):
            last[article_id] = index
    return [
        {a: last[a] for a in (*task.story.article_ids, *task.background_ids)} for task in todo
    ]


def _made(
    make: Callable[[], ClaimSet], task: ClaimsTask, decisions: Sequence[Correction]
) -> _StoryMade:
    """One story's records to store: those of the claims ``make`` builds, or, when a rule
    fails on the story, those that say so (``stage.failed_story_records``)."""
    try:
        result = make()
    except Exception as exc:  # one story's error must not end the corpus's run
        return _StoryMade(stage.failed_story_records(task.story.story_id, task.inputs, exc),
                          0, 0, 0, failed=1)
    return _StoryMade(
        list(stage.story_records(result, task.inputs, decisions)),
        len(result.claims),
        len(result.conflicts),
        len(result.quotes),
    )


@dataclass(slots=True)
class _Worker:
    store: Store
    cfg: ClaimConfig
    families: list[SourceFamily]
    decisions: list[Correction]
    encoder: str
    kept: HeldVectors
    vectors: VectorCache
    memo: StatementMemo
    records: ArticleReads


_worker: _Worker | None = None


def _start_worker(
    path: str,
    cfg: ClaimConfig,
    families: list[SourceFamily],
    decisions: list[Correction],
    encoder: str,
) -> None:
    global _worker
    exit_with_parent()
    one_blas_thread()
    store = SQLiteStore(path, create=False)
    kept = HeldVectors(store)
    _worker = _Worker(
        store,
        cfg,
        families,
        decisions,
        encoder,
        kept,
        VectorCache(SharedEmbed(), kept),
        StatementMemo(),
        ArticleReads(),
    )


def _worker_story(task: ClaimsTask, index: int, readers: dict[str, int]) -> _StoryMade:
    assert _worker is not None, "_start_worker runs first in every worker"
    w = _worker
    counts = (w.vectors.computed, w.vectors.loaded, w.vectors.asked)
    made = _made(
        lambda: _story_claims(
            w.store, task, w.families, w.cfg, w.vectors, w.memo, w.records, index, readers
        ),
        task,
        w.decisions,
    )
    made.vectors, made.encoder, w.kept.new = w.kept.new, w.encoder, {}
    made.computed = w.vectors.computed - counts[0]
    made.loaded = w.vectors.loaded - counts[1]
    made.asked = w.vectors.asked - counts[2]
    # The story's score matrices are garbage now: without this a worker's size ratchets up
    # with the largest stories it has made (freed_memory).
    release_freed_memory()
    return made


def _in_workers(
    path: str,
    todo: Sequence[ClaimsTask],
    readers: Sequence[dict[str, int]],
    families: list[SourceFamily],
    cfg: ClaimConfig,
    decisions: list[Correction],
    processes: int,
    encoder: str,
) -> Iterator[_StoryMade]:
    """Each story's records made by ``processes`` workers, in ``todo``'s order.

    Workers are spawned, not forked: this process may hold threads (BLAS, torch) that a fork
    would copy in an unknown state."""
    pool = ProcessPoolExecutor(
        processes,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_worker,
        initargs=(path, cfg, families, decisions, encoder),
    )
    try:
        # Stories start in index order on either worker, which is what a worker's memo counts on.
        yield from pool.map(_worker_story, todo, range(len(todo)), readers)
    finally:
        # When the caller stops early (a failed write), the stories not yet started are
        # dropped, not made and thrown away.
        pool.shutdown(wait=True, cancel_futures=True)
