"""The analyze stage over a store: analyze new articles, then resolve entities corpus-wide."""

from __future__ import annotations

from collections.abc import Callable

from storyline.analyze import is_current, make_analyzer, resolve_entities
from storyline.config import AnalyzeConfig
from storyline.model import Analysis, Article, Entity
from storyline.store import Store


def analyze_store(
    store: Store, cfg: AnalyzeConfig, progress: Callable[[int], None] | None = None
) -> str:
    """Analyze every stored article without a current Analysis (one made by this version of the
    analysis); re-resolve entities over the corpus.

    Returns the one-line result for the run summary. Entity resolution runs over all analyses
    (not only the new ones) so an alias seen in a new article can join an old entity; it is
    deterministic, so unchanged inputs give unchanged entity IDs. ``progress`` is told how many
    new articles are analyzed so far.
    """
    # Analyses made by another version of the analysis lack what this one records (clauses):
    # their articles are analyzed again.
    stale = {
        a.article_id
        for model in store.count_by(Analysis, "model")
        if model is not None and not is_current(model)
        for a in store.all(Analysis, model=model)
    }
    done = store.keys(Analysis) - stale
    new = store.get_many(Article, store.keys(Article) - done)
    if not new and (done and store.count(Entity) > 0):
        # Resolution is deterministic over the stored analyses, and none is new: nothing moves.
        return f"0 articles analyzed, 0 quotes, {store.count(Entity)} entities"
    analyses = []
    if new:
        for analysis in make_analyzer(cfg).each(new):
            analyses.append(analysis)
            if progress is not None:
                progress(len(analyses))
    fresh = {n.article_id for n in analyses}
    stored = [a for a in store.all(Analysis) if a.article_id not in fresh]
    resolved, entities = resolve_entities(stored + analyses)
    # Only analyses whose entity links moved are written back: a run that adds a few articles
    # to a large store rewrites a few records, not all of them.
    relinked = [
        new for old, new in zip(stored, resolved[: len(stored)], strict=True) if new != old
    ]
    changed = relinked + resolved[len(stored) :]
    before = {e.entity_id: e for e in store.all(Entity)}
    with store.transaction():
        store.put(changed)
        store.put(e for e in entities if before.get(e.entity_id) != e)
        store.delete(Entity, sorted(before.keys() - {e.entity_id for e in entities}))
    quotes = sum(len(a.quotes) for a in analyses)
    return f"{len(analyses)} articles analyzed, {quotes} quotes, {len(entities)} entities"
