"""The local engine's events stage: the reads and writes around the pure stage
(``events.stage``: which stories to recompute, one story's events), over a store.

A story's events depend on its own articles, their analyses, the entities their mentions
resolve to and the source families (``events.stage.story_events``), so with enough stories to
recompute they are made by worker processes, one story at a time, each worker reading the SQLite
file on its own connection; this process does every write: the story's events, its
``EventInputs`` and the sentence vectors the workers encoded (as ``engines/local_claims.py``).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Generator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from storyline.config import EventConfig
from storyline.embed import SharedEmbed, VectorCache, encoder_name
from storyline.engines.local_vectors import HeldVectors, StoredVectors
from storyline.events import stage
from storyline.events.coder import Coder
from storyline.events.decision import Embed
from storyline.events.geo import Gazetteer, shared_gazetteer
from storyline.events.stage import EventsRun
from storyline.freed_memory import release_freed_memory
from storyline.model import (
    Analysis,
    Article,
    Entity,
    Event,
    EventInputs,
    Rejection,
    SourceFamily,
    Story,
    failure_rejection_id,
)
from storyline.store import SQLiteStore, Store
from storyline.worker_processes import exit_with_parent

# Stories to recompute per worker process before processes pay for their start (each loads
# the sentence encoder, the gazetteer and the prototypes, a few seconds): below this the stage
# runs in this process.
MIN_STORIES_PER_PROCESS = 8


def update_events(
    store: Store,
    cfg: EventConfig,
    embed: Embed | None = None,
    gazetteer: Gazetteer | None = None,
    progress: Callable[[int, int], None] | None = None,
    processes: int = 1,
    min_stories_per_process: int = MIN_STORIES_PER_PROCESS,
) -> EventsRun:
    """Recompute the events of every story whose articles, their analyses or their source
    families changed; drop the events of stories that no longer exist. A story's events are
    replaced in one transaction. ``progress(done, total)`` is told the stories to recompute.
    With ``processes`` above 1, enough stories, a SQLite file, the shared encoder and the
    shared gazetteer (no ``embed`` or ``gazetteer`` given), the stories are coded by that many
    worker processes; the records are the same.

    Only what the changed stories need is decoded: which stories changed is decided from
    scalar columns (each article's analysis model), and a changed story reads its own
    articles, analyses and the entities their mentions resolve to. (Reading every story's
    analyses and every stored Entity on each run made a run adding 50 articles to 1,072 cost
    twice the same 50 alone: docs/speed.md.)"""
    run = EventsRun()
    stories = {s.story_id: s for s in store.all(Story)}
    stored_inputs = {i.story_id: i.inputs for i in store.all(EventInputs)}
    with store.transaction():
        gone = [e for e, s in store.columns(Event, ["event_id", "story_id"]) if s not in stories]
        store.delete(Event, gone)
        gone_inputs = [s for s in stored_inputs if s not in stories]
        store.delete(EventInputs, gone_inputs)
        run.removed = len(gone_inputs)
    if not stories:
        return run
    families = list(store.all(SourceFamily))
    family_of = {a: f.family_id for f in families for a in f.article_ids}
    analysed = dict(store.columns(Analysis, ["article_id", "model"]))
    model = embed if embed is not None else SharedEmbed()
    fingerprint = stage.fingerprint(cfg, encoder_name(model))
    todo, run.unchanged = stage.plan(stories, stored_inputs, fingerprint, family_of, analysed)
    if progress is not None:
        progress(0, len(todo))
    if not todo:
        return run
    path = store.path if isinstance(store, SQLiteStore) else None
    made: Generator[_StoryMade, None, None]
    if (
        processes > 1
        and embed is None
        and gazetteer is None
        and path is not None
        and len(todo) >= processes * min_stories_per_process
    ):
        # The largest stories first, so that no worker is left coding one while the other
        # waits at the end; each story is written when its turn in this order comes.
        todo = sorted(todo, key=lambda task: -len(task[0].article_ids))
        made = _in_workers(str(path), todo, families, cfg, processes, encoder_name(model) or "")
    else:
        # Sentence vectors come from the store when the claims stage (or an earlier run)
        # encoded them: the events stage encodes only what no stage had (embed.VectorCache).
        # Texts are looked up without their surrounding whitespace, as the claims stage keeps
        # its statements: a sentence that ends in a line break is the same tokens, so the same
        # vector, as the claims stage's stripped line (5,949 of the 9,594 texts events asked
        # for on ECB+ dev + BASIL, all encoded a second time before;
        # benchmarks/pipeline_speed.py).
        vectors = VectorCache(model, StoredVectors(store), strip=True)
        coder = Coder(cfg, gazetteer or shared_gazetteer(), vectors)
        made = _in_process(store, todo, families, cfg, coder, vectors)
    kept = StoredVectors(store)
    try:
        for done, ((story, _), story_made) in enumerate(zip(todo, made, strict=True), start=1):
            with store.transaction():
                old = [e for (e,) in store.columns(Event, ["event_id"], story_id=story.story_id)]
                store.delete(Event, old)
                store.put(story_made.events)
                store.put([story_made.made_from])
                # A story a rule failed on before is coded again: its rejection goes (and
                # comes back if it fails again).
                store.delete(Rejection, [failure_rejection_id(story.story_id, "events")])
                if story_made.rejection is not None:
                    store.put([story_made.rejection])
                if story_made.vectors:
                    kept.save(story_made.encoder, story_made.vectors)
            run.updated += 1
            run.failed += story_made.rejection is not None
            run.events += len(story_made.events)
            run.mentions += sum(len(e.mentions) for e in story_made.events)
            run.encoded += story_made.computed
            run.loaded += story_made.loaded
            if progress is not None:
                progress(done, len(todo))
    finally:
        # A failed write ends the workers now (their stories not yet started are dropped),
        # not when the generator is collected.
        made.close()
    return run


@dataclass(slots=True)
class _StoryMade:
    """One story's records to store, and what its making added to the vector counts (and, from
    a worker, the vectors it encoded, for this process to keep)."""

    events: list[Event]
    made_from: EventInputs
    rejection: Rejection | None  # when a rule failed on the story
    computed: int = 0
    loaded: int = 0
    vectors: dict[str, npt.NDArray[np.float32]] = field(default_factory=dict)
    encoder: str = ""


def _story_made(
    store: Store,
    story: Story,
    inputs: tuple[str, ...],
    families: Sequence[SourceFamily],
    cfg: EventConfig,
    coder: Coder,
    vectors: VectorCache,
) -> _StoryMade:
    """One story's events, read from the store (the caller sets the vector counts)."""
    by_id = {a.article_id: a for a in store.get_many(Article, story.article_ids)}
    articles = [by_id[i] for i in story.article_ids if i in by_id]
    analyses = {x.article_id: x for x in store.get_many(Analysis, story.article_ids)}
    wanted = {m.entity_id for x in analyses.values() for m in x.mentions if m.entity_id}
    entities = {e.entity_id: e for e in store.get_many(Entity, sorted(wanted))}
    events, made_from, rejection = stage.story_events(
        story, inputs, articles, analyses, entities, families, coder, vectors, cfg
    )
    return _StoryMade(events, made_from, rejection)


def _in_process(
    store: Store,
    todo: Sequence[tuple[Story, tuple[str, ...]]],
    families: Sequence[SourceFamily],
    cfg: EventConfig,
    coder: Coder,
    vectors: VectorCache,
) -> Generator[_StoryMade, None, None]:
    """Each story's records made here, one at a time (the vectors this process encodes are
    saved as they are made); the first story's counts include the coder's prototypes."""
    computed, loaded = 0, 0
    for story, inputs in todo:
        made = _story_made(store, story, inputs, families, cfg, coder, vectors)
        made.computed, made.loaded = vectors.computed - computed, vectors.loaded - loaded
        computed, loaded = vectors.computed, vectors.loaded
        yield made


@dataclass(slots=True)
class _Worker:
    store: Store
    cfg: EventConfig
    families: list[SourceFamily]
    encoder: str
    kept: HeldVectors
    vectors: VectorCache
    coder: Coder
    computed: int = 0  # the vector counts already sent to the parent
    loaded: int = 0


_worker: _Worker | None = None


def _start_worker(path: str, cfg: EventConfig, families: list[SourceFamily], encoder: str) -> None:
    global _worker
    exit_with_parent()
    store = SQLiteStore(path, create=False)
    kept = HeldVectors(store)
    vectors = VectorCache(SharedEmbed(), kept, strip=True)
    coder = Coder(cfg, shared_gazetteer(), vectors)
    _worker = _Worker(store, cfg, families, encoder, kept, vectors, coder)


def _worker_story(task: tuple[Story, tuple[str, ...]]) -> _StoryMade:
    assert _worker is not None, "_start_worker runs first in every worker"
    w = _worker
    story, inputs = task
    made = _story_made(w.store, story, inputs, w.families, w.cfg, w.coder, w.vectors)
    # The counts since the last story this worker sent, the coder's prototypes with its first.
    made.computed, made.loaded = w.vectors.computed - w.computed, w.vectors.loaded - w.loaded
    w.computed, w.loaded = w.vectors.computed, w.vectors.loaded
    made.vectors, made.encoder, w.kept.new = w.kept.new, w.encoder, {}
    release_freed_memory()  # the story's garbage back to the system (freed_memory)
    return made


def _in_workers(
    path: str,
    todo: Sequence[tuple[Story, tuple[str, ...]]],
    families: list[SourceFamily],
    cfg: EventConfig,
    processes: int,
    encoder: str,
) -> Generator[_StoryMade, None, None]:
    """Each story's records made by ``processes`` workers, in ``todo``'s order.

    Workers are spawned, not forked: this process may hold threads (BLAS, torch) that a fork
    would copy in an unknown state."""
    pool = ProcessPoolExecutor(
        processes,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_worker,
        initargs=(path, cfg, families, encoder),
    )
    try:
        yield from pool.map(_worker_story, todo)
    finally:
        # When the caller stops early (a failed write), the stories not yet started are
        # dropped, not made and thrown away.
        pool.shutdown(wait=True, cancel_futures=True)
