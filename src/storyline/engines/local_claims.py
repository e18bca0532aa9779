"""The local engine's claims stage: the reads and writes around the pure stage
(``claims.stage``: which stories to recompute, what to store for one; ``claims.build``: one
story's claims), over a store."""

from __future__ import annotations

from collections.abc import Callable

from storyline.claims import stage
from storyline.claims.build import Embed, build_claims
from storyline.claims.stage import ClaimsRun
from storyline.claims.units import Line
from storyline.config import ClaimConfig
from storyline.embed import SharedEmbed, VectorCache, encoder_name
from storyline.engines.local_corrections import conflict_decisions
from storyline.engines.local_vectors import StoredVectors
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
    fingerprint = stage.fingerprint(cfg, encoder_name(model))
    stored_inputs = {s.story_id: s.inputs for s in store.get_many(StorySummary, list(stories))}
    todo, run.unchanged = stage.plan(stories, stored_inputs, fingerprint, family_of, analysed)
    if progress is not None:
        progress(0, len(todo))
    # Each sentence is encoded once, however many stories read it (a story reads its related
    # stories' articles too) and however many runs do: vectors are kept in the store
    # (embed.VectorCache). The model loads only when some text was never encoded.
    vectors = VectorCache(model, StoredVectors(store))
    memo: dict[str, list[Line]] = {}  # each article's statements, read once per run
    # The editor's decisions on conflicts (storyline.corrections): a run holds the writer lock,
    # so none is made while it goes.
    decisions = conflict_decisions(store)
    for done, task in enumerate(todo, start=1):
        story = task.story
        articles = [a for i in story.article_ids if (a := store.get(Article, i)) is not None]
        background = [a for i in task.background_ids if (a := store.get(Article, i)) is not None]
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
        with store.transaction():
            for record_type in (Claim, Conflict, AlignedQuote):
                stored = store.all(record_type, story_id=story.story_id)
                store.delete(record_type, [getattr(r, record_type.KEY) for r in stored])
            store.put(stage.story_records(result, task.inputs, decisions))
        run.updated += 1
        run.claims += len(result.claims)
        run.conflicts += len(result.conflicts)
        run.quotes += len(result.quotes)
        if progress is not None:
            progress(done, len(todo))
    run.encoded, run.loaded, run.read = vectors.computed, vectors.loaded, vectors.asked
    return run
