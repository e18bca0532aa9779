"""One story's events: code every article's mentions, merge them, and fill each Event."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

from storyline.config import EventConfig
from storyline.embed import span_vectors
from storyline.events.coder import Coder
from storyline.events.decision import Embed
from storyline.events.merge import (
    cluster,
    compatible,
    conflicts_of,
    main_actors,
    majority,
    mention_key,
)
from storyline.model import (
    Actor,
    Analysis,
    Article,
    Entity,
    Event,
    EventMention,
    Place,
    SourceFamily,
    Story,
    content_id,
)


def _first_actor(actors: Sequence[Sequence[Actor]]) -> Actor | None:
    """The actor most mentions name first (by country, then name), preferring one with a
    country."""
    firsts = [a[0] for a in actors if a]
    if not firsts:
        return None
    keyed = Counter((a.country, a.name) for a in firsts)
    return max(firsts, key=lambda a: (a.country is not None, keyed[(a.country, a.name)]))


def _place(mentions: Sequence[EventMention]) -> Place | None:
    places = [m.place for m in mentions if m.place is not None]
    if not places:
        return None
    counts = Counter((p.name, p.feature) for p in places)

    def rank(p: Place) -> tuple[bool, bool, int]:
        return (p.feature != "unresolved", p.feature == "city", counts[(p.name, p.feature)])

    return max(places, key=rank)


def make_event(
    story_id: str,
    mentions: Sequence[EventMention],
    family_of: Mapping[str, str],
    outlets: Mapping[str, str],
) -> Event:
    first = min(mentions, key=lambda m: m.mention_id)
    mains = [main_actors(m) for m in mentions]
    source = _first_actor([[s] for s, _ in mains if s is not None])
    target = _first_actor([[t] for _, t in mains if t is not None])
    article_ids = tuple(sorted({m.article_id for m in mentions}))
    cameo = majority([m.cameo for m in mentions]) or first.cameo
    return Event(
        event_id=content_id("evt", story_id, first.mention_id),
        story_id=story_id,
        plover=first.plover,
        cameo=cameo,
        quad_class=first.quad_class,
        status=first.status,
        mode=majority([m.mode for m in mentions]) or "",
        source_name=source.name if source is not None else "",
        source_country=source.country if source is not None else None,
        source_sector=source.sector if source is not None else None,
        target_name=target.name if target is not None else "",
        target_country=target.country if target is not None else None,
        target_sector=target.sector if target is not None else None,
        place=_place(mentions),
        date=majority([m.date for m in mentions]),
        mentions=tuple(sorted(mentions, key=lambda m: (m.article_id, m.start))),
        article_ids=article_ids,
        outlets=tuple(sorted({outlets.get(a, a) for a in article_ids})),
        family_count=len({family_of.get(a, a) for a in article_ids}),
        conflicts=tuple(conflicts_of(mentions, dict(outlets))),
    )


def build_events(
    story: Story,
    articles: Sequence[Article],
    analyses: Mapping[str, Analysis],
    entities: Mapping[str, Entity],
    families: Sequence[SourceFamily],
    coder: Coder,
    embed: Embed,
    cfg: EventConfig,
) -> list[Event]:
    """Code the story's articles and merge their mentions into events."""
    mentions: list[EventMention] = []
    for article in articles:
        analysis = analyses.get(article.article_id)
        if analysis is not None:
            mentions.extend(coder.code(article, analysis, entities))
    if not mentions:
        return []
    # One vector per sentence: an announcement and its deed share theirs.
    texts = sorted({m.text for m in mentions})
    by_text = dict(zip(texts, embed(texts), strict=True))
    vectors = np.stack([by_text[m.text] for m in mentions])
    lemmas = sorted({m.trigger for m in mentions})
    lemma_vectors = dict(zip(lemmas, embed(lemmas), strict=True))
    keys = [mention_key(story.story_id, m) for m in mentions]
    # The predicates as written, each encoded alone and read in its sentence: only for
    # mentions some other mention may join (the rest are never compared), so a story's lone
    # meeting or lone denial costs no encoding.
    paired = [
        i for i, key in enumerate(keys)
        if any(j != i and compatible(key, other) for j, other in enumerate(keys))
    ]
    spans = [(m.text, m.trigger_start - m.start, m.trigger_end - m.start) for m in mentions]
    triggers: npt.NDArray[np.float32] | None = np.zeros(
        (len(mentions), vectors.shape[1]), dtype=np.float32
    )
    words = np.zeros((len(mentions), vectors.shape[1]), dtype=np.float32)
    if paired:
        chosen = [spans[i] for i in paired]
        written = sorted({text[start:end] for text, start, end in chosen})
        word_of = dict(zip(written, embed(written), strict=True))
        words[paired] = np.stack([word_of[text[start:end]] for text, start, end in chosen])
        read = span_vectors(chosen)
        if read is None:  # an encoder without token vectors: the lemmas' cosine stands in
            triggers = None
        elif triggers is not None:
            triggers[paired] = read
    labels = cluster(keys, vectors, cfg, lemma_vectors, triggers=triggers, words=words)
    groups: dict[int, list[EventMention]] = {}
    for label, mention in zip(labels, mentions, strict=True):
        groups.setdefault(label, []).append(mention)
    family_of = {a: f.family_id for f in families for a in f.article_ids}
    outlets = {a.article_id: a.outlet or a.article_id for a in articles}
    events = [make_event(story.story_id, group, family_of, outlets) for group in groups.values()]
    events.sort(key=lambda e: (-len(e.mentions), e.event_id))
    return events
