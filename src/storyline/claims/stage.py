"""The claims stage over a store: recompute the claims of every story whose inputs changed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from storyline.claims.build import ClaimSet, Embed, build_claims
from storyline.claims.units import Line
from storyline.config import ClaimConfig, stage_fingerprint
from storyline.corrections import without_dismissed
from storyline.embed import SharedEmbed, VectorCache, encoder_name
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
    encoded: int = 0  # distinct texts the sentence model encoded
    loaded: int = 0  # distinct texts whose vector an earlier run (or stage) had stored
    read: int = 0  # texts the stories asked vectors of (each story its own and its related ones)

    def line(self) -> str:
        return (
            f"{self.updated} stories updated ({self.claims} claims, {self.conflicts} conflicts, "
            f"{self.quotes} aligned quotes), {self.unchanged} unchanged, {self.removed} removed; "
            f"{self.encoded} sentences encoded ({self.loaded} stored) for {self.read} read"
        )


# Raised whenever a change of the rules changes what they produce (config.stage_fingerprint).
RULES_REVISION = 5


def update_claims(
    store: Store,
    cfg: ClaimConfig,
    embed: Embed | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ClaimsRun:
    """Recompute the claims of every story whose articles (or related stories') changed.

    ``progress`` is told ``(done, total)`` of the stories to recompute, first with none done.

    A story's results are replaced in one transaction, so a reader never sees half of them.
    """
    run = ClaimsRun()
    stories = {s.story_id: s for s in store.all(Story)}
    with store.transaction():
        # Which stories hold results is read from the indexed story_id column: the records
        # themselves are decoded only for stories that are gone.
        record_type: type[Claim | Conflict | AlignedQuote]
        for record_type in (Claim, Conflict, AlignedQuote):
            for story_id in store.count_by(record_type, "story_id"):
                if story_id is not None and story_id not in stories:
                    gone = store.all(record_type, story_id=story_id)
                    store.delete(record_type, [getattr(r, record_type.KEY) for r in gone])
        gone_summaries = sorted(store.keys(StorySummary) - stories.keys())
        store.delete(StorySummary, gone_summaries)
        run.removed = len(gone_summaries)
    if not stories:
        return run
    families = list(store.all(SourceFamily))
    family_of = {a: f.family_id for f in families for a in f.article_ids}
    analysed = store.keys(Analysis)
    model = embed if embed is not None else SharedEmbed()
    # Another sentence encoder gives other claims: a story claimed with one is claimed again
    # when another is chosen (embed.ENCODER_ENV).
    fingerprint = f"{stage_fingerprint(cfg, RULES_REVISION)}:{encoder_name(model) or '-'}"
    # Each sentence is encoded once, however many stories read it (a story reads its related
    # stories' articles too) and however many runs do: vectors are kept in the store
    # (embed.VectorCache). The model loads only when some text was never encoded.
    vectors = VectorCache(model, store)
    memo: dict[str, list[Line]] = {}  # each article's statements, read once per run

    def state(article_id: str) -> str:
        # A story is recomputed when an article arrives or leaves, gets its analysis, or moves
        # to another source family (the reuse stage re-ran).
        done = "analysed" if article_id in analysed else "pending"
        return f"{article_id}:{family_of.get(article_id, '-')}:{done}"

    todo: list[tuple[Story, list[str], tuple[str, ...]]] = []
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
        else:
            todo.append((story, background_ids, inputs))
    if progress is not None:
        progress(0, len(todo))
    for done, (story, background_ids, inputs) in enumerate(todo, start=1):
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
            story, articles, analyses, families, cfg, vectors, background, sources, memo
        )
        _replace_story(store, result, inputs)
        run.updated += 1
        run.claims += len(result.claims)
        run.conflicts += len(result.conflicts)
        run.quotes += len(result.quotes)
        if progress is not None:
            progress(done, len(todo))
    run.encoded, run.loaded, run.read = vectors.computed, vectors.loaded, vectors.asked
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
