"""The events stage over a store: recompute the events of every story whose inputs changed."""

from __future__ import annotations

from dataclasses import dataclass

from storyline.config import EventConfig, stage_fingerprint
from storyline.embed import SharedEmbed, VectorCache, encoder_name
from storyline.events.build import build_events
from storyline.events.coder import Coder, Embed
from storyline.events.geo import Gazetteer, shared_gazetteer
from storyline.model import (
    Analysis,
    Article,
    Entity,
    Event,
    EventInputs,
    SourceFamily,
    Story,
)
from storyline.store import Store


@dataclass(slots=True, kw_only=True)
class EventsRun:
    """What one pass of the events stage over a store did."""

    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    events: int = 0
    mentions: int = 0

    def line(self) -> str:
        return (
            f"{self.updated} stories updated ({self.events} events from {self.mentions} "
            f"mentions), {self.unchanged} unchanged, {self.removed} removed"
        )


# Raised whenever a change of the rules changes what they produce (config.stage_fingerprint).
RULES_REVISION = 4


def update_events(
    store: Store,
    cfg: EventConfig,
    embed: Embed | None = None,
    gazetteer: Gazetteer | None = None,
) -> EventsRun:
    """Recompute the events of every story whose articles, their analyses or their source
    families changed; drop the events of stories that no longer exist. A story's events are
    replaced in one transaction."""
    run = EventsRun()
    stories = {s.story_id: s for s in store.all(Story)}
    with store.transaction():
        gone = [e.event_id for e in store.all(Event) if e.story_id not in stories]
        store.delete(Event, gone)
        gone_inputs = [i.story_id for i in store.all(EventInputs) if i.story_id not in stories]
        store.delete(EventInputs, gone_inputs)
        run.removed = len(gone_inputs)
    if not stories:
        return run
    families = list(store.all(SourceFamily))
    family_of = {a: f.family_id for f in families for a in f.article_ids}
    # Another sentence encoder gives other events: a story's events are coded again with it.
    encoder = encoder_name(embed if embed is not None else SharedEmbed()) or "-"
    fingerprint = f"{stage_fingerprint(cfg, RULES_REVISION)}:{encoder}"
    coder: Coder | None = None
    vectors: VectorCache | None = None
    entities: dict[str, Entity] | None = None
    for story in stories.values():
        analyses = {
            a: x for a in story.article_ids if (x := store.get(Analysis, a)) is not None
        }
        inputs = (
            fingerprint,
            *sorted(
                f"{a}:{family_of.get(a, '-')}:{analyses[a].model if a in analyses else '-'}"
                for a in story.article_ids
            ),
        )
        stored = store.get(EventInputs, story.story_id)
        if stored is not None and stored.inputs == inputs:
            run.unchanged += 1
            continue
        if vectors is None:
            # Sentence vectors come from the store when the claims stage (or an earlier run)
            # encoded them: the events stage encodes only what no stage had (embed.VectorCache).
            vectors = VectorCache(embed if embed is not None else SharedEmbed(), store)
        if coder is None:
            coder = Coder(cfg, gazetteer or shared_gazetteer(), vectors)
        if entities is None:
            entities = {e.entity_id: e for e in store.all(Entity)}
        articles = [a for i in story.article_ids if (a := store.get(Article, i)) is not None]
        events = build_events(
            story, articles, analyses, entities, families, coder, vectors, cfg
        )
        with store.transaction():
            old = [e.event_id for e in store.all(Event, story_id=story.story_id)]
            store.delete(Event, old)
            store.put(events)
            store.put([EventInputs(story_id=story.story_id, inputs=inputs)])
        run.updated += 1
        run.events += len(events)
        run.mentions += sum(len(e.mentions) for e in events)
    return run
