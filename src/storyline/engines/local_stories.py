"""The local engine's stories stage: the reads and writes around the pure stage
(``stories.stage``), over a store.

A run reads the engine's stored state only where its new articles need it (:class:`StoreState`,
the engine's ``StateSource``), assigns them in arrival order with a revision every
``revise_every`` arrivals and one at the end (``stories.revision.add_batch``), and writes back,
in one transaction, what changed (``stories.stage.story_writes``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from storyline.config import StoryConfig
from storyline.embed import encoder_name, lead_embedder, lead_encoder
from storyline.engines.local_corrections import apply_story_corrections
from storyline.model import (
    Analysis,
    Article,
    IndexPosting,
    LeadVector,
    ReuseLink,
    Story,
    StoryAssignment,
    StoryChange,
    StoryState,
    TermCount,
    WindowMember,
)
from storyline.store import Store
from storyline.store.codec import decode_array, encode_array
from storyline.stories.engine import StoryEngine
from storyline.stories.features import (
    ArticleFeatures,
    TextEmbedder,
    extract_features,
    lead_copies,
    lead_text,
)
from storyline.stories.revision import add_batch, revise
from storyline.stories.stage import (
    StoriesSummary,
    StoryWrites,
    rebuilt_engine,
    resumed_engine,
    story_writes,
)
from storyline.stories.state import Member, OpenStory, Vector, open_member, open_story


class StoreState:
    """An engine's :class:`~storyline.stories.engine.StateSource` reading from a store."""

    def __init__(self, store: Store, model: str | None = None) -> None:
        self.store = store
        self.model = model or lead_encoder()  # the encoder whose lead vectors are read

    def stories(self, story_ids: Sequence[str]) -> dict[str, OpenStory]:
        return {r.story_id: open_story(r) for r in self.store.get_many(StoryState, story_ids)}

    def postings(self, keys: Sequence[str]) -> dict[str, list[str]]:
        return {p.term: list(p.story_ids) for p in self.store.get_many(IndexPosting, keys)}

    def document_counts(self, keys: Sequence[str]) -> dict[str, int]:
        return {c.term: c.documents for c in self.store.get_many(TermCount, keys)}

    def vectors(self, article_ids: Sequence[str]) -> dict[str, Vector]:
        return {
            v.article_id: decode_array(v.vector, "<f4")
            for v in self.store.get_many(LeadVector, article_ids)
            if v.model == self.model
        }

    def members(self, article_ids: Sequence[str]) -> dict[str, Member]:
        """The window members among ``article_ids``."""
        records = self.store.get_many(WindowMember, article_ids)
        return {r.article_id: open_member(r) for r in records}


def update_stories(
    store: Store,
    cfg: StoryConfig,
    *,
    embedder: TextEmbedder | None = None,
    analyze: Callable[[Sequence[Article]], Sequence[Analysis]] | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> StoriesSummary:
    """Assign every article without a story, in arrival order, and store the stories.

    ``progress`` is told ``(done, total, what)``: the lead vectors to read or encode, then the
    articles assigned.

    Assignments inside the revision window (the last ``revise_window`` arrivals) may be
    re-decided by the revisions that follow arrivals (``stories.revision``); older ones never
    are. The engine's state of earlier runs (``StoryState``, ``IndexPosting``, ``TermCount``)
    is read only where the new articles need it, so a run costs what its new articles cost,
    not what the store holds. A store made before that state was kept has its earlier articles
    put back into their stories once (features recomputed) and the state written. Analyses
    come from the store; an article the analyze stage has not seen is analysed here with
    ``analyze`` when given.
    """
    stored = {a.article_id: a for a in store.all(StoryAssignment)}
    new_ids = store.keys(Article) - stored.keys()
    if not new_ids:
        return StoriesSummary(stories=store.count(Story))
    if stored and store.count(StoryState) == 0:
        earlier = store.get_many(Article, stored.keys())
        features = stored_features(store, earlier, cfg, embedder, analyze)
        engine = rebuilt_engine(cfg, features, stored, store.all(StoryChange))
    else:
        engine = resume_engine(store, cfg, stored)
    new = store.get_many(Article, new_ids)  # ingest order, the order undated articles arrive in
    if progress is not None:
        progress(0, len(new), "articles' features and lead vectors")
    features = stored_features(store, new, cfg, embedder, analyze)
    told = progress
    return add_and_store(
        store,
        engine,
        features,
        stored,
        None if told is None else lambda done, total: told(done, total, "articles assigned"),
    )


def resume_engine(
    store: Store, cfg: StoryConfig, stored: dict[str, StoryAssignment] | None = None
) -> StoryEngine:
    """An engine that goes on from the state earlier runs stored, loading it as articles need it.

    ``stored`` are the stored assignments (read here when not given)."""
    if stored is None:
        stored = {a.article_id: a for a in store.all(StoryAssignment)}
    return resumed_engine(cfg, StoreState(store), stored, store.all(StoryChange))


def add_and_store(
    store: Store,
    engine: StoryEngine,
    features: Sequence[ArticleFeatures],
    stored: dict[str, StoryAssignment],
    progress: Callable[[int, int], None] | None = None,
) -> StoriesSummary:
    """Assign ``features`` in arrival order, revising as they come, and write back, in one
    transaction, what changed: assignments (new, and moved by a merge or a revision), touched
    stories, merges and splits, the engine's state."""
    known_changes = len(engine.changes)
    first_seq = engine.seq
    moved = add_batch(engine, features, progress)
    return _write(store, engine, stored, known_changes, first_seq, len(features), moved)


def revise_stories(store: Store, cfg: StoryConfig) -> StoriesSummary:
    """Re-decide the stories of every article in the revision window (``storyline stories
    --revise``) and write back what changed."""
    stored = {a.article_id: a for a in store.all(StoryAssignment)}
    if not stored:
        return StoriesSummary()
    engine = resume_engine(store, cfg, stored)
    known_changes = len(engine.changes)
    moved = revise(engine, everything=True).moved
    return _write(store, engine, stored, known_changes, engine.seq, 0, moved)


def _write(
    store: Store,
    engine: StoryEngine,
    stored: dict[str, StoryAssignment],
    known_changes: int,
    first_seq: int,
    new_articles: int,
    moved: int,
) -> StoriesSummary:
    result = engine.result(touched_only=True)
    before = {s.story_id: s for s in store.get_many(Story, [s.story_id for s in result.stories])}
    writes = story_writes(engine, result, stored, before, known_changes, first_seq)
    _put(store, writes)
    # The editor's splits, merges and moves stand: applied again on top of what the
    # engine and its revisions decided; the engine's own state is left as it scored.
    apply_story_corrections(store)
    return StoriesSummary(
        new_articles=new_articles,
        stories=store.count(Story),
        new_stories=writes.new_stories,
        merges=len(writes.changes),
        moved=moved,
    )


def _put(store: Store, writes: StoryWrites) -> None:
    state = writes.state
    with store.transaction():
        store.put(writes.assignments)
        store.put(writes.stories)
        store.put(writes.changes)
        store.delete(Story, writes.gone)
        store.put(state.states)
        store.delete(StoryState, state.gone)
        store.put(state.postings)
        store.put(state.counts)
        store.put(state.members)
        store.delete(WindowMember, state.left)


# Analyses are read this many at a time for the features: a feature is a small part of its
# analysis, and 10,000 analyses read at once held 2.8 GB in the run's process.
FEATURE_BATCH = 250


def stored_features(
    store: Store,
    articles: Sequence[Article],
    cfg: StoryConfig,
    embedder: TextEmbedder | None = None,
    analyze: Callable[[Sequence[Article]], Sequence[Analysis]] | None = None,
    *,
    batch: int = FEATURE_BATCH,
) -> list[ArticleFeatures]:
    """Features of ``articles`` from their stored analyses (made here with ``analyze`` when
    missing; read ``batch`` at a time), stored lead vectors (embedded here when missing) and
    stored reuse links."""
    vectors = stored_lead_vectors(store, articles, embedder)
    copies = stored_lead_copies(store, [a.article_id for a in articles], cfg.lead_reuse_chars)
    features: list[ArticleFeatures] = []
    for at in range(0, len(articles), batch):
        part = articles[at : at + batch]
        found = {a.article_id: a for a in store.get_many(Analysis, [a.article_id for a in part])}
        missing = [a for a in part if a.article_id not in found]
        if missing and analyze is not None:
            found.update((an.article_id, an) for an in analyze(missing))
        features.extend(
            extract_features(
                a,
                found.get(a.article_id),
                vectors[at + i],
                cfg,
                copies.get(a.article_id, frozenset()),
            )
            for i, a in enumerate(part)
        )
    return features


def stored_lead_copies(
    store: Store, article_ids: Sequence[str], chars: int
) -> dict[str, frozenset[str]]:
    """``lead_copies`` of these articles from the stored reuse links (an indexed read each)."""
    links: dict[str, ReuseLink] = {}
    for aid in article_ids:
        for column in ("article_a", "article_b"):
            links.update((link.link_id, link) for link in store.all(ReuseLink, **{column: aid}))
    wanted = set(article_ids)
    return {k: v for k, v in lead_copies(links.values(), chars).items() if k in wanted}


def stored_lead_vectors(
    store: Store,
    articles: Sequence[Article],
    embedder: TextEmbedder | None = None,
    model: str | None = None,
) -> Vector:
    """Lead vectors of ``articles`` in order: stored ones read back, only the rest embedded.

    Embedding is most of the stage's cost, so a run that adds a few articles to a large store
    embeds just those few; the new vectors are stored for the next run. The model is loaded
    (``embedder`` None: the shared MiniLM) only when some vector is missing.
    """
    # Only these articles' vectors (reading every stored one grew with the store: 0.33 s of a
    # 0.6 s later run at 10,720 articles, benchmarks/stories_rerun.py).
    # Vectors of another encoder than the one in use are computed again, never mixed in.
    model = model or encoder_name(embedder) or lead_encoder()
    stored = {
        v.article_id: decode_array(v.vector, "<f4")
        for v in store.get_many(LeadVector, [a.article_id for a in articles])
        if v.model == model
    }
    missing = [a for a in articles if a.article_id not in stored]
    if missing:
        embed = embedder if embedder is not None else lead_embedder()
        computed = embed([lead_text(a) for a in missing])
        records = []
        for a, vector in zip(missing, computed, strict=True):
            stored[a.article_id] = vector
            records.append(
                LeadVector(article_id=a.article_id, model=model, vector=encode_array(vector, "<f4"))
            )
        with store.transaction():
            store.put(records)
    if not articles:
        return np.zeros((0, 0), dtype=np.float32)
    return np.stack([stored[a.article_id] for a in articles]).astype(np.float32, copy=False)
