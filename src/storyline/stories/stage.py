"""The stories stage over a store: assign new articles, revise the recent ones, write back.

A run reads the engine's stored state only where its new articles need it (``state.py``),
assigns them in arrival order with a revision every ``revise_every`` arrivals and one at the
end, and writes back, in one transaction, what changed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from storyline.config import StoryConfig
from storyline.corrections import apply_story_corrections
from storyline.embed import encoder_name, lead_embedder, lead_encoder
from storyline.model import (
    Analysis,
    Article,
    LeadVector,
    RelatedStory,
    Story,
    StoryAssignment,
    StoryChange,
    StoryState,
)
from storyline.store import Store
from storyline.store.codec import decode_array, encode_array
from storyline.stories.engine import StoryEngine
from storyline.stories.features import (
    ArticleFeatures,
    TextEmbedder,
    extract_features,
    lead_text,
    stored_lead_copies,
)
from storyline.stories.revision import add_batch, revise
from storyline.stories.state import StoredState, Vector, save_state


@dataclass(slots=True, kw_only=True)
class StoriesSummary:
    new_articles: int = 0
    stories: int = 0
    new_stories: int = 0
    merges: int = 0  # merges and splits (StoryChange records) of this run
    moved: int = 0  # articles a revision put into another story

    def line(self) -> str:
        return (
            f"{self.new_articles} articles assigned, {self.new_stories} new stories, "
            f"{self.merges} merges or splits ({self.moved} articles moved by revision), "
            f"{self.stories} stories in all"
        )


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
    are. The engine's state of earlier runs (``StoryState``,
    ``IndexPosting``, ``TermCount``) is read only where the new articles need it, so a run costs
    what its new articles cost, not what the store holds. A store made before that state was
    kept has its earlier articles put back into their stories once (features recomputed) and the
    state written. Analyses come from the store; an article the analyze stage has not seen is
    analysed here with ``analyze`` when given.
    """
    stored = {a.article_id: a for a in store.all(StoryAssignment)}
    new_ids = store.keys(Article) - stored.keys()
    if not new_ids:
        return StoriesSummary(stories=store.count(Story))
    if stored and store.count(StoryState) == 0:
        engine = _rebuilt_engine(store, stored, cfg, embedder, analyze)
    else:
        engine = resume_engine(store, cfg, stored)
    new = store.get_many(Article, new_ids)  # ingest order, the order undated articles arrive in
    if progress is not None:
        progress(0, len(new), "articles' features and lead vectors")
    features = _features(store, new, cfg, embedder, analyze)
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
    engine = StoryEngine(cfg, source=StoredState(store))
    engine.assignment.update(stored)
    engine.seq = max((a.seq for a in stored.values()), default=-1) + 1
    engine.docs = len(stored)
    engine.start_seq = engine.seq
    for change in store.all(StoryChange):
        for sid in change.story_ids:
            if sid not in change.result_ids and change.result_ids:
                engine.merged_into[sid] = change.result_ids[0]
    return engine


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
    changes = result.changes[known_changes:]
    gone = sorted(
        {sid for c in changes for sid in c.story_ids if sid not in c.result_ids}
        - engine.stories.keys()
    )
    stories = _keep_stored_relations(result.stories, store, engine)
    with store.transaction():
        store.put(a for a in result.assignments if stored.get(a.article_id) != a)
        store.put(stories)
        store.put(changes)
        store.delete(Story, gone)
        save_state(store, engine, engine.cfg.postings_per_key, gone)
    # The editor's splits, merges and moves stand: applied again on top of what the
    # engine and its revisions decided; the engine's own state is left as it scored.
    apply_story_corrections(store)
    return StoriesSummary(
        new_articles=new_articles,
        stories=store.count(Story),
        new_stories=sum(1 for s in engine.stories.values() if s.founded_seq >= first_seq),
        merges=len(changes),
        moved=moved,
    )


def _features(
    store: Store,
    articles: Sequence[Article],
    cfg: StoryConfig,
    embedder: TextEmbedder | None,
    analyze: Callable[[Sequence[Article]], Sequence[Analysis]] | None,
) -> list[ArticleFeatures]:
    """Features of ``articles`` from their stored analyses (made here with ``analyze`` when
    missing) and stored lead vectors (embedded here when missing)."""
    found = {a.article_id: a for a in store.get_many(Analysis, [a.article_id for a in articles])}
    missing = [a for a in articles if a.article_id not in found]
    if missing and analyze is not None:
        found.update((an.article_id, an) for an in analyze(missing))
    vectors = stored_lead_vectors(store, articles, embedder)
    copies = stored_lead_copies(store, [a.article_id for a in articles], cfg.lead_reuse_chars)
    return [
        extract_features(
            a, found.get(a.article_id), vectors[i], cfg, copies.get(a.article_id, frozenset())
        )
        for i, a in enumerate(articles)
    ]


def _rebuilt_engine(
    store: Store,
    stored: dict[str, StoryAssignment],
    cfg: StoryConfig,
    embedder: TextEmbedder | None,
    analyze: Callable[[Sequence[Article]], Sequence[Analysis]] | None,
) -> StoryEngine:
    """An engine holding every stored story, rebuilt from the stored articles (once, for a store
    made before the engine's state was kept): every story and key is then written back."""
    earlier = store.get_many(Article, stored.keys())
    features = _features(store, earlier, cfg, embedder, analyze)
    engine = StoryEngine(cfg)
    engine.observe(features)
    by_id = {f.article_id: f for f in features}
    for old in sorted(stored.values(), key=lambda a: a.seq):
        if old.article_id in by_id:
            engine.restore(by_id[old.article_id], old.story_id, old.seq, old.score)
    for change in store.all(StoryChange):
        for sid in change.story_ids:
            if sid not in change.result_ids and change.result_ids:
                engine.merged_into.setdefault(sid, change.result_ids[0])
    return engine


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


def _keep_stored_relations(
    stories: Sequence[Story], store: Store, engine: StoryEngine
) -> list[Story]:
    """Relations found in earlier runs stay (followed through merges), next to the new ones."""
    out: list[Story] = []
    for story in stories:
        stored = store.get(Story, story.story_id)
        related = list(story.related)
        seen = {r.story_id for r in related} | {story.story_id}
        for r in stored.related if stored is not None else ():
            target = engine.live(r.story_id)
            if target not in seen and engine.exists(target):
                related.append(RelatedStory(story_id=target, reason=r.reason))
                seen.add(target)
        out.append(dataclasses.replace(story, related=tuple(related)))
    return out


def story_rows(store: Store) -> Iterator[dict[str, object]]:
    """One export row per article: its source id, its story and the story's related stories."""
    stories = {s.story_id: s for s in store.all(Story)}
    articles = {a.article_id: a for a in store.all(Article)}
    for assignment in sorted(store.all(StoryAssignment), key=lambda a: a.seq):
        story = stories.get(assignment.story_id)
        article = articles.get(assignment.article_id)
        yield {
            "source_id": article.source_id if article is not None else None,
            "article_id": assignment.article_id,
            "story_id": assignment.story_id,
            "related_story_ids": [r.story_id for r in story.related] if story else [],
        }
