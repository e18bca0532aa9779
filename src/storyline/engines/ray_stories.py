"""The Ray engine's per-story stages: claims and events as a Ray Data groupby by story, with the
local engine's pure functions (``claims.stage``, ``claims.build.build_claims``,
``events.stage``).

``storyline run --engine ray`` calls :func:`story_stage_records` on the Ray it started for the
whole run, with the stories its driver made (``engines/ray.py``); :func:`run_story_stages_ray`
does the same over a records dataset that holds stories (``storyline dump`` of a store after its
stories stage). The driver plans every story as the local engine does over an empty store
(``claims.stage.plan``, ``events.stage.plan``: every story is recomputed, with its related
stories' articles as background) and emits, per story, the records it reads: the story, its
own and its background articles, their analyses and source texts, and the entities its
analyses name. That is the shuffle: ``groupby("story_id")`` brings each story's rows to one call
of an actor that holds the sentence encoder, the gazetteer and the source families (a broadcast:
every story may read any family), and returns the story's claims, conflicts (less the editor's
dismissed ones, broadcast too), aligned quotes, summary, events and ``EventInputs``.

Each actor keeps one sentence-vector cache per stage for all the stories it takes, as the local
engine keeps one for a run; vectors are not read from or written to any store.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from storyline import stages
from storyline.claims import stage as claims_stage
from storyline.claims.build import build_claims
from storyline.claims.units import StatementMemo
from storyline.config import ClaimConfig, Config, EventConfig
from storyline.corrections import CONFLICT_KINDS
from storyline.dataset import read_records, write_records
from storyline.embed import SharedEmbed, VectorCache, active_encoder
from storyline.engines.ray import _import_ray, start
from storyline.events import stage as events_stage
from storyline.events.coder import Coder
from storyline.events.geo import shared_gazetteer
from storyline.model import (
    AlignedQuote,
    Analysis,
    Article,
    Claim,
    Conflict,
    Correction,
    Entity,
    Event,
    EventInputs,
    Rejection,
    Report,
    SourceFamily,
    Story,
    StorySummary,
)
from storyline.store.codec import from_json, to_json

# The record types a story's rows carry in (by their ``kind``) and the ones it gives back.
READS: dict[str, type[Any]] = {
    "story": Story,
    "article": Article,
    "background": Article,
    "analysis": Analysis,
    "report": Report,
    "entity": Entity,
}
WRITES: dict[str, type[Any]] = {
    cls.__name__: cls
    for cls in (Claim, Conflict, AlignedQuote, StorySummary, Event, EventInputs, Rejection)
}


def story_rows(
    stories: Sequence[Story],
    articles: dict[str, Article],
    analyses: dict[str, Analysis],
    reports: dict[str, Report],
    entities: dict[str, Entity],
    claims_fingerprint: str,
    events_fingerprint: str,
    families: Sequence[SourceFamily],
) -> Iterator[dict[str, str]]:
    """Every story's rows ``{story_id, kind, json}``: what its claims and events read, and the
    inputs the local engine would store with them (the driver's side of the shuffle)."""
    by_id = {s.story_id: s for s in stories}
    family_of = {a: f.family_id for f in families for a in f.article_ids}
    models = {a: x.model for a, x in analyses.items()}
    claims_todo, _ = claims_stage.plan(by_id, {}, claims_fingerprint, family_of, models)
    events_inputs = dict(
        (s.story_id, inputs)
        for s, inputs in events_stage.plan(by_id, {}, events_fingerprint, family_of, models)[0]
    )
    for task in claims_todo:
        story = task.story
        sid = story.story_id

        def row(kind: str, text: str, sid: str = sid) -> dict[str, str]:
            return {"story_id": sid, "kind": kind, "json": text}

        yield row("story", to_json(story))
        yield row("claims_inputs", "\x1f".join(task.inputs))
        yield row("events_inputs", "\x1f".join(events_inputs[sid]))
        yield row("background_ids", "\x1f".join(task.background_ids))
        own = [articles[i] for i in story.article_ids if i in articles]
        background = [articles[i] for i in task.background_ids if i in articles]
        for kind, group in (("article", own), ("background", background)):
            for article in group:
                yield row(kind, to_json(article))
        named: set[str] = set()
        own_ids = set(story.article_ids)
        for article in (*own, *background):
            if (analysis := analyses.get(article.article_id)) is not None:
                yield row("analysis", to_json(analysis))
                if article.article_id in own_ids:
                    named.update(m.entity_id for m in analysis.mentions if m.entity_id)
            if (report := reports.get(article.report_id)) is not None:
                yield row("report", to_json(report))
        for entity_id in sorted(named):
            if (entity := entities.get(entity_id)) is not None:
                yield row("entity", to_json(entity))


class StoryActor:
    """One Ray actor of the per-story reduce: the sentence encoder, the gazetteer, the source
    families and the editor's conflict decisions loaded once; each call is one story."""

    def __init__(
        self,
        claims: ClaimConfig,
        events: EventConfig,
        families: list[str],
        decisions: list[str],
    ) -> None:
        self.claims_cfg, self.events_cfg = claims, events
        self.families = [from_json(SourceFamily, f) for f in families]
        self.decisions = [from_json(Correction, d) for d in decisions]
        embed = SharedEmbed()
        self.claim_vectors = VectorCache(embed)
        # As the local engine's events stage looks texts up: without surrounding whitespace.
        self.event_vectors = VectorCache(embed, strip=True)
        self.coder = Coder(events, shared_gazetteer(), self.event_vectors)
        # Groups come in no set order here, so the memo is bounded by its capacity alone.
        self.memo = StatementMemo()

    def __call__(self, group: Any) -> Any:
        import pyarrow as pa

        read: dict[str, list[Any]] = {k: [] for k in READS}
        inputs: dict[str, tuple[str, ...]] = {}
        for row in group.to_pylist():
            kind, text = row["kind"], row["json"]
            if kind in READS:
                read[kind].append(from_json(READS[kind], text))
            else:
                inputs[kind] = tuple(text.split("\x1f"))
        (story,) = read["story"]
        # Records in the local engine's order (a group's rows come in no set order): a story's
        # articles as it lists them, then the background in the planned order.
        own = {a.article_id: a for a in read["article"]}
        articles = [own[i] for i in story.article_ids if i in own]
        behind = {a.article_id: a for a in read["background"]}
        background = [behind[i] for i in inputs.get("background_ids", ()) if i in behind]
        analyses = {x.article_id: x for x in read["analysis"]}
        sources = {r.report_id: r.text for r in read["report"]}
        records: list[Any]
        try:
            result = build_claims(
                story,
                articles,
                [x for a in (*articles, *background) if (x := analyses.get(a.article_id))],
                self.families,
                self.claims_cfg,
                self.claim_vectors,
                background,
                {
                    a.report_id: sources[a.report_id]
                    for a in (*articles, *background)
                    if a.report_id in sources
                },
                self.memo,
            )
            records = list(
                claims_stage.story_records(result, inputs["claims_inputs"], self.decisions)
            )
        except Exception as exc:  # one story's error must not end the corpus's run
            records = list(
                claims_stage.failed_story_records(story.story_id, inputs["claims_inputs"], exc)
            )
        entities = {e.entity_id: e for e in sorted(read["entity"], key=lambda e: e.entity_id)}
        events, made_from, rejection = events_stage.story_events(
            story,
            inputs["events_inputs"],
            articles,
            {a.article_id: analyses[a.article_id] for a in articles if a.article_id in analyses},
            entities,
            self.families,
            self.coder,
            self.event_vectors,
            self.events_cfg,
        )
        records += [*events, made_from, *([rejection] if rejection is not None else [])]
        return pa.table(
            {
                "kind": [type(r).__name__ for r in records],
                "json": [to_json(r) for r in records],
            }
        )


def run_story_stages_ray(
    dataset: str | Path,
    output: str | Path,
    cfg: Config,
    *,
    workers: int = 2,
    address: str | None = None,
) -> dict[str, int]:
    """Run the claims and events stages over the stories of the records dataset ``dataset`` on
    Ray, one group per story, and write their records as a dataset under ``output``. Returns
    rows per record type."""
    stages.check(cfg, ("claims", "events"))
    ray = _import_ray()
    stories = list(read_records(dataset, Story))
    if not stories:  # nothing to shuffle, and no Ray to start
        return write_records(output, {cls: [] for cls in WRITES.values()})
    # One CPU more than the actors hold (see ``story_stage_records``).
    start(ray, workers + 1, address)
    try:
        records = story_stage_records(
            ray,
            cfg,
            stories,
            articles={a.article_id: a for a in read_records(dataset, Article)},
            analyses={x.article_id: x for x in read_records(dataset, Analysis)},
            reports={r.report_id: r for r in read_records(dataset, Report)},
            entities={e.entity_id: e for e in read_records(dataset, Entity)},
            families=list(read_records(dataset, SourceFamily)),
            decisions=list(read_records(dataset, Correction)),
            workers=workers,
        )
    finally:
        ray.shutdown()
    return write_records(output, records)


def story_stage_records(
    ray: Any,
    cfg: Config,
    stories: Sequence[Story],
    *,
    articles: dict[str, Article],
    analyses: dict[str, Analysis],
    reports: dict[str, Report],
    entities: dict[str, Entity],
    families: Sequence[SourceFamily],
    decisions: Sequence[Correction] = (),
    workers: int = 2,
) -> dict[type[Any], list[Any]]:
    """The claims and events stages' records of ``stories``, made on the running Ray (a
    groupby by story onto ``workers`` actors); ``decisions`` are the editor's corrections (those
    about conflicts are kept). The driver plans every story and ships each its rows.

    Ray needs a CPU more than the actors hold: the actor pool starts (and each actor loads its
    models) before the groupby's shuffle has run, and the shuffle's tasks take a whole CPU
    each. With ``workers`` CPUs the actors held them all, the shuffle was never scheduled and
    the run hung (seen on the bundled sample, workers=2)."""
    conflict_decisions = sorted(
        (c for c in decisions if c.kind in CONFLICT_KINDS), key=lambda c: c.seq
    )
    encoder = active_encoder()
    rows = list(
        story_rows(
            stories,
            articles,
            analyses,
            reports,
            entities,
            claims_stage.fingerprint(cfg.claims, encoder),
            events_stage.fingerprint(cfg.events, encoder),
            families,
        )
    )
    records: dict[type[Any], list[Any]] = {cls: [] for cls in WRITES.values()}
    if not rows:
        return records
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    made = (
        ray.data.from_items(rows)
        # No more partitions than stories: Ray's default (200) is 200 reduce tasks.
        .groupby("story_id", num_partitions=max(1, min(len(stories), 200)))
        .map_groups(
            StoryActor,
            fn_constructor_args=(
                cfg.claims,
                cfg.events,
                [to_json(f) for f in families],
                [to_json(d) for d in conflict_decisions],
            ),
            batch_format="pyarrow",
            compute=ray.data.ActorPoolStrategy(size=workers),
        )
        .take_all()
    )
    for row in made:
        cls = WRITES[row["kind"]]
        records[cls].append(from_json(cls, row["json"]))
    return records
