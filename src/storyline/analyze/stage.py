"""The analyze stage over a store: analyze new articles, then resolve entities corpus-wide."""

from __future__ import annotations

from storyline.analyze import make_analyzer, resolve_entities
from storyline.config import AnalyzeConfig
from storyline.model import Analysis, Article, Entity
from storyline.store import Store


def analyze_store(store: Store, cfg: AnalyzeConfig) -> str:
    """Analyze every stored article without an Analysis; re-resolve entities over the corpus.

    Returns the one-line result for the run summary. Entity resolution runs over all analyses
    (not only the new ones) so an alias seen in a new article can join an old entity; it is
    deterministic, so unchanged inputs give unchanged entity IDs.
    """
    done = store.keys(Analysis)
    new = [a for a in store.all(Article) if a.article_id not in done]
    analyses = make_analyzer(cfg)(new) if new else []
    everything = [
        a for a in store.all(Analysis) if a.article_id not in {n.article_id for n in analyses}
    ]
    resolved, entities = resolve_entities(everything + analyses)
    with store.transaction():
        store.put(resolved)
        store.replace_all(Entity, entities)
    quotes = sum(len(a.quotes) for a in analyses)
    return f"{len(analyses)} articles analyzed, {quotes} quotes, {len(entities)} entities"
