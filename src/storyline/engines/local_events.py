"""The local engine's events stage: the reads and writes around the pure stage
(``events.stage``: which stories to recompute, one story's events), over a store."""

from __future__ import annotations

from collections.abc import Callable

from storyline.config import EventConfig
from storyline.embed import SharedEmbed, VectorCache, encoder_name
from storyline.engines.local_vectors import StoredVectors
from storyline.events import stage
from storyline.events.coder import Coder
from storyline.events.decision import Embed
from storyline.events.geo import Gazetteer, shared_gazetteer
from storyline.events.stage import EventsRun
from storyline.model import Analysis, Article, Entity, Event, EventInputs, SourceFamily, Story
from storyline.store import Store


def update_events(
    store: Store,
    cfg: EventConfig,
    embed: Embed | None = None,
    gazetteer: Gazetteer | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> EventsRun:
    """Recompute the events of every story whose articles, their analyses or their source
    families changed; drop the events of stories that no longer exist. A story's events are
    replaced in one transaction. ``progress(done, total)`` is told the stories to recompute.

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
    fingerprint = stage.fingerprint(
        cfg, encoder_name(embed if embed is not None else SharedEmbed())
    )
    todo, run.unchanged = stage.plan(stories, stored_inputs, fingerprint, family_of, analysed)
    if progress is not None:
        progress(0, len(todo))
    if not todo:
        return run
    # Sentence vectors come from the store when the claims stage (or an earlier run) encoded
    # them: the events stage encodes only what no stage had (embed.VectorCache). Texts are
    # looked up without their surrounding whitespace, as the claims stage keeps its statements:
    # a sentence that ends in a line break is the same tokens, so the same vector, as the
    # claims stage's stripped line (5,949 of the 9,594 texts events asked for on ECB+ dev +
    # BASIL, all encoded a second time before; benchmarks/pipeline_speed.py).
    vectors = VectorCache(
        embed if embed is not None else SharedEmbed(), StoredVectors(store), strip=True
    )
    coder = Coder(cfg, gazetteer or shared_gazetteer(), vectors)
    for done, (story, inputs) in enumerate(todo, start=1):
        by_id = {a.article_id: a for a in store.get_many(Article, story.article_ids)}
        articles = [by_id[i] for i in story.article_ids if i in by_id]
        analyses = {x.article_id: x for x in store.get_many(Analysis, story.article_ids)}
        wanted = {m.entity_id for x in analyses.values() for m in x.mentions if m.entity_id}
        entities = {e.entity_id: e for e in store.get_many(Entity, sorted(wanted))}
        events, made_from = stage.story_events(
            story, inputs, articles, analyses, entities, families, coder, vectors, cfg
        )
        with store.transaction():
            old = [e for (e,) in store.columns(Event, ["event_id"], story_id=story.story_id)]
            store.delete(Event, old)
            store.put(events)
            store.put([made_from])
        run.updated += 1
        run.events += len(events)
        run.mentions += sum(len(e.mentions) for e in events)
        if progress is not None:
            progress(done, len(todo))
    run.encoded, run.loaded = vectors.computed, vectors.loaded
    return run
