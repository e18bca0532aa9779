"""Why each article is in its story, and what a related story shares: what the desk's story
page says beside each article and each related-story link (``storyline.query_desk``).

The stories engine keeps only an article's combined joining score; the signals it was made of
are read back here from the stored records, with the weights ``[stories]`` gives them: a lead
passage shared with another report (reuse links), words (the engine's own word forms, weighted
by how rare the store's ``TermCount`` says they are), meaning (lead vectors), the people, places
and organisations named (analyses), the main place, and the dates.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import numpy as np

from storyline.config import StoryConfig
from storyline.export import Row
from storyline.model import (
    Analysis,
    Article,
    Correction,
    Entity,
    LeadVector,
    ReuseLink,
    Story,
    StoryAssignment,
    TermCount,
)
from storyline.query import StoryView
from storyline.store import Store
from storyline.store.codec import decode_array
from storyline.stories.features import ArticleFeatures, extract_features

# Entity labels that name who and where (dates and numbers are not signals of their own here).
WHO_AND_WHERE_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC", "EVENT"})
SHOWN_WORDS = 8  # the shared words a "words" signal lists, rarest first
SIGNAL_ORDER = ("lead", "words", "meaning", "names", "place", "dates", "copied text")


def _naive(moment: datetime) -> datetime:
    return moment.replace(tzinfo=None) if moment.tzinfo is not None else moment


def entities_of(analysis: Analysis | None) -> set[str]:
    if analysis is None:
        return set()
    return {
        m.entity_id
        for m in analysis.mentions
        if m.entity_id and m.label in WHO_AND_WHERE_LABELS
    }


def article_reasons(
    store: Store,
    view: StoryView,
    family_of: dict[str, str],
    placed: dict[str, Correction],
    analyses: dict[str, Analysis],
    cfg: StoryConfig,
) -> list[Row]:
    """The story's articles in arrival order, each with why it is in the story: the engine's
    joining score against its threshold, the configured weight of each signal, and what the
    stored records show of each signal (the engine keeps only the combined score)."""
    ids = [a.article_id for a in view.articles]
    vectors = {
        v.article_id: decode_array(v.vector, "<f4") for v in store.get_many(LeadVector, ids)
    }
    entities = {a: entities_of(analyses.get(a)) for a in ids}
    entity_names = {
        e.entity_id: e.name
        for e in store.get_many(Entity, sorted(set().union(*entities.values())))
    }
    lead_links = _lead_links(store, ids, cfg.lead_reuse_chars)
    articles = {a.article_id: a for g in view.families for a in g.articles}
    features = {
        aid: extract_features(a, analyses.get(aid), vectors.get(aid, _NO_VECTOR), cfg)
        for aid, a in articles.items()
    }
    rarity = _rarity(store, features.values())
    rows = []
    for item in view.articles:
        aid = item.article_id
        others = [o for o in ids if o != aid]
        signals: list[Row] = []
        if lead_links.get(aid):
            shared = ", ".join(view.outlets.get(o, o) for o in sorted(lead_links[aid]))
            signals.append(_signal("lead", cfg.weight_lead_reuse, 1.0,
                                   f"opens with a passage the report of {shared} opens with"))
        cosine = _meaning(vectors, aid, others)
        if cosine is not None:
            signals.append(_signal("meaning", cfg.weight_semantic, cosine,
                                   "similarity of its title and lead to the other articles' "
                                   "(sentence vectors)"))
        common = entities[aid] & set().union(*(entities[o] for o in others)) if others else set()
        if common:
            shown = sorted(entity_names.get(e, e) for e in common)
            signals.append(_signal("names", cfg.weight_entities, float(len(common)),
                                   "people, places and organisations the other articles name "
                                   "too: " + ", ".join(shown[:8])))
        days = _days_to_others(articles, aid, others)
        if days is not None:
            signals.append(_signal("dates", cfg.weight_time, float(days),
                                   f"published {days} day{'s' if days != 1 else ''} from the "
                                   "nearest other article (the penalty grows with the days "
                                   f"up to {cfg.time_window_days})"))
        words = _shared_words(features, aid, others, rarity)
        if words is not None:
            cosine, shown = words
            signals.append(_signal("words", cfg.weight_lexical, cosine,
                                   "words the other articles use too (rarest first): "
                                   + ", ".join(shown)))
        place = _place(features, aid, others)
        if place is not None:
            same, detail = place
            signals.append(_signal("place", cfg.weight_place, same, detail))
        family = family_of.get(aid)
        copies = [o for o in others if family is not None and family_of.get(o) == family]
        if copies:
            signals.append(_signal("copied text", 0.0, float(len(copies)),
                                   "shares copied text with "
                                   + ", ".join(view.outlets.get(o, o) for o in copies)
                                   + " (one source family)"))
        signals.sort(key=lambda sig: SIGNAL_ORDER.index(sig["signal"]))
        correction = placed.get(aid)
        first = item.seq == view.articles[0].seq
        how = (
            "placed by an editor" if correction is not None
            else "founded the story" if item.score == 0.0 and first
            # The founder of a story the engine later merged into this one (no joining score).
            else "founded a story merged into this one" if item.score == 0.0
            else "joined"
        )
        article = articles.get(aid)
        rows.append(
            {
                "article_id": aid,
                "source_id": item.source_id,
                "outlet": view.outlets.get(aid, aid),
                "title": item.title,
                "url": article.url if article is not None else None,
                "published": item.published.isoformat() if item.published else None,
                "seq": item.seq,
                "score": item.score,
                "family_id": family,
                "why": {
                    "how": how,
                    "score": item.score,
                    "threshold": cfg.join_threshold,
                    "weights": {
                        "words": cfg.weight_lexical,
                        "meaning": cfg.weight_semantic,
                        "names": cfg.weight_entities,
                        "dates": cfg.weight_time,
                        "lead": cfg.weight_lead_reuse,
                        "place": cfg.weight_place,
                    },
                    "signals": signals,
                    "correction_id": correction.correction_id if correction else None,
                },
            }
        )
    return rows


_NO_VECTOR = np.zeros(1, dtype=np.float32)


def _rarity(store: Store, features: Iterable[ArticleFeatures]) -> dict[str, float]:
    """The engine's IDF of every word the articles use: the store's document counts
    (``TermCount``) over the number of assigned articles."""
    terms = sorted({t for f in features for t in f.terms})
    docs = store.count(StoryAssignment)
    counts = {c.term: c.documents for c in store.get_many(TermCount, terms)}
    return {t: math.log((docs + 1) / (counts.get(t, 0) + 1)) + 1.0 for t in terms}


def _weighted(terms: dict[str, float], rarity: dict[str, float]) -> dict[str, float]:
    # As the engine weighs words: sublinear counts times IDF (stories.engine._weighted).
    return {t: (1.0 + math.log(n)) * rarity.get(t, 1.0) for t, n in terms.items() if n > 0}


def _shared_words(
    features: dict[str, ArticleFeatures], aid: str, others: Sequence[str],
    rarity: dict[str, float],
) -> tuple[float, list[str]] | None:
    """The cosine of the article's weighted words with the other articles' together, and the
    rarest words they share."""
    mine = features.get(aid)
    rest: Counter[str] = Counter()
    for o in others:
        if o in features:
            rest.update(features[o].terms)
    if mine is None or not rest:
        return None
    a, b = _weighted(mine.terms, rarity), _weighted(dict(rest), rarity)
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    shared = a.keys() & b.keys()
    if norm == 0 or not shared:
        return None
    cosine = sum(a[t] * b[t] for t in shared) / norm
    shown = sorted(shared, key=lambda t: (-rarity.get(t, 1.0), t))[:SHOWN_WORDS]
    return cosine, shown


def _place(
    features: dict[str, ArticleFeatures], aid: str, others: Sequence[str]
) -> tuple[float, str] | None:
    """1.0 when the article's main place is the one most of the others have, else 0.0."""
    mine = features.get(aid)
    theirs: Counter[str] = Counter(
        p for o in others if o in features and (p := features[o].place) is not None
    )
    where = mine.place if mine is not None else None
    if where is None or not theirs:
        return None
    top, _ = theirs.most_common(1)[0]

    def name(key: str) -> str:
        for f in features.values():
            if key in f.names:
                return f.names[key]
        return key.split(":", 1)[-1].title()

    if where == top:
        return 1.0, f"its main place, {name(top)}, is the other articles' main place"
    return 0.0, f"its main place is {name(where)}; the other articles' is {name(top)}"


def _signal(name: str, weight: float, value: float, detail: str) -> Row:
    return {"signal": name, "weight": weight, "value": round(value, 4), "detail": detail}


def _meaning(vectors: dict[str, Any], aid: str, others: Sequence[str]) -> float | None:
    if aid not in vectors:
        return None
    rest = [vectors[o] for o in others if o in vectors and len(vectors[o]) == len(vectors[aid])]
    if not rest:
        return None
    mean = np.mean(np.stack(rest), axis=0)
    norm = float(np.linalg.norm(mean) * np.linalg.norm(vectors[aid]))
    return float(np.dot(mean, vectors[aid]) / norm) if norm > 0 else None


def _days_to_others(articles: dict[str, Article], aid: str, others: Sequence[str]) -> int | None:
    own = articles.get(aid)
    if own is None or own.published is None:
        return None
    gaps = [
        abs((_naive(own.published) - _naive(o.published)).days)
        for o in (articles.get(x) for x in others)
        if o is not None and o.published is not None
    ]
    return min(gaps) if gaps else None


def links_of(store: Store, article_ids: Iterable[str]) -> list[ReuseLink]:
    found: dict[str, ReuseLink] = {}
    for aid in article_ids:
        for column in ("article_a", "article_b"):
            found.update((link.link_id, link) for link in store.all(ReuseLink, **{column: aid}))
    return list(found.values())


def _lead_links(store: Store, ids: Sequence[str], chars: int) -> dict[str, set[str]]:
    """Per article, the other articles of the story whose opening passage it shares (what the
    stories stage counts as one report passed on)."""
    members = set(ids)
    found: dict[str, set[str]] = {}
    for link in links_of(store, ids):
        if link.article_a in members and link.article_b in members and any(
            p.a_start < chars and p.b_start < chars for p in link.passages
        ):
            found.setdefault(link.article_a, set()).add(link.article_b)
            found.setdefault(link.article_b, set()).add(link.article_a)
    return found


def related_rows(store: Store, view: StoryView, analyses: dict[str, Analysis]) -> list[Row]:
    """Related stories with what they share beyond the participants' names: claims of this
    story that their articles recount, copied passages, and the other people, places and
    organisations both name."""
    if not view.related:
        return []
    own = set(view.story.article_ids)
    own_entities = set().union(*(entities_of(a) for a in analyses.values()))
    links = links_of(store, sorted(own))
    rows = []
    for rel in view.related:
        other = store.get(Story, rel.story_id)
        if other is None:
            continue
        theirs = set(other.article_ids)
        recounted = [
            c.text for c in view.claims if any(s.article_id in theirs for s in c.supports)
        ]
        copied = sum(
            1
            for link in links
            if (link.article_a in own and link.article_b in theirs)
            or (link.article_b in own and link.article_a in theirs)
        )
        their_entities = set().union(
            *(entities_of(a) for a in store.get_many(Analysis, sorted(theirs)[:50]))
        )
        famous = {p.casefold() for p in (*view.story.participants, *other.participants)}
        shared = sorted(
            e.name
            for e in store.get_many(Entity, sorted(own_entities & their_entities))
            if e.name.casefold() not in famous
        )
        rows.append(
            {
                "story_id": rel.story_id,
                "title": other.title,
                "reason": rel.reason,
                "recounted_claims": recounted[:5],
                "recounted_count": len(recounted),
                "copied_passages": copied,
                "shared_names": shared[:10],
            }
        )
    return rows
