"""The events stage as records in, records out: which stories to recompute, and one story's
events with the inputs they were made from. The local engine (``engines/local_events.py``)
reads the store around these and writes what they return; ``build.build_events`` does the
work of one story."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from storyline.config import EventConfig, stage_fingerprint
from storyline.events.build import build_events
from storyline.events.coder import Coder
from storyline.events.decision import Embed
from storyline.model import (
    Analysis,
    Article,
    Entity,
    Event,
    EventInputs,
    Rejection,
    SourceFamily,
    Story,
    failure_rejection,
)


@dataclass(slots=True, kw_only=True)
class EventsRun:
    """What one pass of the events stage over a store did."""

    updated: int = 0
    failed: int = 0  # stories a rule failed on: no events, a rejection each
    unchanged: int = 0
    removed: int = 0
    events: int = 0
    mentions: int = 0
    encoded: int = 0  # sentence vectors computed by the model
    loaded: int = 0  # read back from the store (the claims stage or an earlier run made them)

    def line(self) -> str:
        return (
            f"{self.updated} stories updated ({self.events} events from {self.mentions} "
            f"mentions), {self.unchanged} unchanged, {self.removed} removed; "
            f"{self.encoded} sentences encoded, {self.loaded} read from the store"
        ) + (
            f"; {self.failed} failed, a rule failed on them (see `storyline rejections`)"
            if self.failed
            else ""
        )


# Raised whenever a change of the rules changes what they produce (config.stage_fingerprint).
# 8: merging reads each predicate's own MiniLM vector in its sentence and its words encoded
# alone (two more pairwise features, weights refitted), and two mentions of one sentence count
# against a join instead of vetoing it.
# Also 8: type rules from the PLOVER/CAMEO definitions and the written examples, names masked
# in the learned decision (refitted).
# 9: the event clause read by the parse (background participles and relative clauses, noun
# clauses no promise of force, particles, deed nouns made from verbs, expelled persons).
# 10: verbs whose object, preposition or doer decides their deed (events/senses.py): a coach
# fired is no assault, a deal struck an agreement, a natural force's deed no event.
# 11: CAMEO-class patterns (forces and relief sent, support voiced, measures given up), a
# reporting verb's own pattern ("declared a ceasefire"), journeys for talks, deed nouns as the
# subject of a verb of happening, undertakings named by the noun before them, joint
# undertakings, a crowd's denunciation a protest; 238 more written examples (refitted).
RULES_REVISION = 11


def fingerprint(cfg: EventConfig, encoder: str | None) -> str:
    """What a story's events under ``cfg`` are recognised by. Another sentence encoder gives
    other events: a story's events are coded again with it."""
    return f"{stage_fingerprint(cfg, RULES_REVISION)}:{encoder or '-'}"


def plan(
    stories: Mapping[str, Story],
    stored_inputs: Mapping[str, tuple[str, ...]],
    fingerprint: str,
    family_of: Mapping[str, str],
    analysed: Mapping[str, str],
) -> tuple[list[tuple[Story, tuple[str, ...]]], int]:
    """The stories (with the inputs their events will be stored with) whose articles, their
    analyses (``analysed``: article -> analysis model) or their source families changed since
    their events were stored (``stored_inputs``: each story's ``EventInputs.inputs``), in
    ``stories``' order, and how many are unchanged."""
    todo: list[tuple[Story, tuple[str, ...]]] = []
    unchanged = 0
    for story in stories.values():
        inputs = (
            fingerprint,
            *sorted(
                f"{a}:{family_of.get(a, '-')}:{analysed.get(a, '-')}" for a in story.article_ids
            ),
        )
        if stored_inputs.get(story.story_id) == inputs:
            unchanged += 1
        else:
            todo.append((story, inputs))
    return todo, unchanged


def story_events(
    story: Story,
    inputs: tuple[str, ...],
    articles: Sequence[Article],
    analyses: Mapping[str, Analysis],
    entities: Mapping[str, Entity],
    families: Sequence[SourceFamily],
    coder: Coder,
    vectors: Embed,
    cfg: EventConfig,
) -> tuple[list[Event], EventInputs, Rejection | None]:
    """One story's events (``build.build_events``) and the record of the inputs they were made
    from, which replace what the store held for the story.

    When a rule fails on the story in a way none foresaw, it has no events and a bad-record
    rejection of stage ``events`` names it and the error (``storyline rejections``); its
    inputs are recorded all the same, so it is tried again only when they change (it would
    fail the same way), and the run goes on with the other stories."""
    made_from = EventInputs(story_id=story.story_id, inputs=inputs)
    try:
        events = build_events(story, articles, analyses, entities, families, coder, vectors, cfg)
    except Exception as exc:  # one story's error must not end the corpus's run
        return [], made_from, failure_rejection(story.story_id, "events", exc)
    return events, made_from, None
