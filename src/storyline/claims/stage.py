"""The claims stage over a store: recompute the claims of every story whose inputs changed."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, replace

from storyline.claims.build import ClaimSet, Embed, build_claims
from storyline.config import ClaimConfig
from storyline.corrections import without_dismissed
from storyline.model import (
    AlignedQuote,
    Analysis,
    Article,
    Claim,
    Conflict,
    Report,
    SourceFamily,
    Story,
    StorySummary,
)
from storyline.store import Store


@dataclass(slots=True, kw_only=True)
class ClaimsRun:
    """What one pass of the claims stage over a store did."""

    updated: int = 0
    unchanged: int = 0
    removed: int = 0  # stories that no longer exist, whose claims were dropped
    claims: int = 0
    conflicts: int = 0
    quotes: int = 0

    def line(self) -> str:
        return (
            f"{self.updated} stories updated ({self.claims} claims, {self.conflicts} conflicts, "
            f"{self.quotes} aligned quotes), {self.unchanged} unchanged, {self.removed} removed"
        )


def _fingerprint(cfg: ClaimConfig) -> str:
    data = json.dumps(asdict(cfg), sort_keys=True)
    return "config:" + hashlib.sha256(data.encode()).hexdigest()[:12]


def update_claims(store: Store, cfg: ClaimConfig, embed: Embed | None = None) -> ClaimsRun:
    """Recompute the claims of every story whose articles (or related stories') changed.

    A story's results are replaced in one transaction, so a reader never sees half of them.
    """
    run = ClaimsRun()
    stories = {s.story_id: s for s in store.all(Story)}
    with store.transaction():
        record_type: type[Claim | Conflict | AlignedQuote]
        for record_type in (Claim, Conflict, AlignedQuote):
            gone = [
                getattr(r, record_type.KEY)
                for r in store.all(record_type)
                if r.story_id not in stories
            ]
            store.delete(record_type, gone)
        gone_summaries = [s.story_id for s in store.all(StorySummary) if s.story_id not in stories]
        store.delete(StorySummary, gone_summaries)
        run.removed = len(gone_summaries)
    if not stories:
        return run
    families = list(store.all(SourceFamily))
    family_of = {a: f.family_id for f in families for a in f.article_ids}
    analysed = store.keys(Analysis)
    fingerprint = _fingerprint(cfg)

    def state(article_id: str) -> str:
        # A story is recomputed when an article arrives or leaves, gets its analysis, or moves
        # to another source family (the reuse stage re-ran).
        done = "analysed" if article_id in analysed else "pending"
        return f"{article_id}:{family_of.get(article_id, '-')}:{done}"

    for story in stories.values():
        background_ids = sorted(
            {
                a
                for related in story.related
                if (other := stories.get(related.story_id)) is not None
                for a in other.article_ids
            }
            - set(story.article_ids)
        )
        inputs = (
            fingerprint,
            *sorted(state(a) for a in story.article_ids),
            "|",
            *(state(a) for a in background_ids),
        )
        stored = store.get(StorySummary, story.story_id)
        if stored is not None and stored.inputs == inputs:
            run.unchanged += 1
            continue
        if embed is None:
            from storyline.embed import shared_embedder

            embed = shared_embedder()
        articles = [a for i in story.article_ids if (a := store.get(Article, i)) is not None]
        background = [a for i in background_ids if (a := store.get(Article, i)) is not None]
        analyses = [
            x
            for a in (*articles, *background)
            if (x := store.get(Analysis, a.article_id)) is not None
        ]
        sources = {
            r.report_id: r.text
            for a in (*articles, *background)
            if (r := store.get(Report, a.report_id)) is not None
        }
        result = build_claims(
            story, articles, analyses, families, cfg, embed, background, sources
        )
        _replace_story(store, result, inputs)
        run.updated += 1
        run.claims += len(result.claims)
        run.conflicts += len(result.conflicts)
        run.quotes += len(result.quotes)
    return run


def _replace_story(store: Store, result: ClaimSet, inputs: tuple[str, ...]) -> None:
    story_id = result.story_id
    with store.transaction():
        record_type: type[Claim | Conflict | AlignedQuote]
        for record_type in (Claim, Conflict, AlignedQuote):
            old = [getattr(r, record_type.KEY) for r in store.all(record_type, story_id=story_id)]
            store.delete(record_type, old)
        # An editor's dismissed conflicts are never raised again (storyline.corrections).
        conflicts = without_dismissed(store, result.conflicts, result.claims)
        store.put([*result.claims, *conflicts, *result.quotes])
        store.put([replace(result.summary, inputs=inputs)])
