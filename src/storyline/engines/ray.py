"""The Ray Data engine: ``storyline run --engine ray``, every stage of the registry in one Ray
session (the ``ray`` extra).

The only module that imports ray (``ray_stories.py`` gets it from :func:`_import_ray`). Where
each stage runs is :data:`WHERE`: inputs are read on the driver (``ingest``), then ``clean`` and
``analyze`` are ``map_batches`` over Arrow batches of typed records (``storyline.dataset``):
clean as tasks, analyze on a pool of actors that each load spaCy once and analyse whole batches.
Entities are then resolved over all analyses on the driver (a corpus-wide reduce, as the local
engine does). Reuse runs on Ray as maps and reduces (``engines/ray_reuse.py``): sketches as a
map, candidate pairs as a groupby by fingerprint bucket then by pair, verification as a groupby
by connected component of the candidate pairs (a join with the pairs' texts); the driver keeps
what depends on all pairs at once or is a small global union (the order pairs are verified in,
the components, the families). Stories runs on the driver, with the local engine's pure
functions over records in memory (``engines/driver.py``): it is the ordered stage (an online
pass in arrival order). Claims and events then run on Ray per story
(``engines/ray_stories.py``: a groupby by story onto actors holding the sentence encoder).

The output is a Parquet records dataset holding every record type a local run stores but the
run record and the sentence-vector cache; ``storyline load`` puts it into a store. A test runs
the CLI and finds the same records as a local run (``tests/engines/test_ray.py``). A run starts
from nothing: it reads no store.

Ray binds to the machine's address; tests run it in a loopback-only network namespace.
Without ``address`` a local Ray is started with ``workers`` + 1 CPUs (the per-story groupby
needs one more than its actors hold); with one, it joins that cluster.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from storyline import stages
from storyline.analyze import make_analyzer, resolve_entities
from storyline.analyze.stage import failure_rejections
from storyline.clean import clean_report
from storyline.config import AnalyzeConfig, CleanConfig, Config
from storyline.dataset import arrow_type, from_rows, to_batch, write_records
from storyline.engines.driver import story_records
from storyline.engines.ray_reuse import reuse_records_ray
from storyline.errors import MissingCapability, StorylineError
from storyline.ingest import plan_inputs, read_planned
from storyline.model import (
    Analysis,
    Article,
    Entity,
    IndexPosting,
    LeadVector,
    Rejection,
    Report,
    ReuseLink,
    ReuseSketch,
    SourceFamily,
    Story,
    StoryAssignment,
    StoryChange,
    StoryState,
    TermCount,
    WindowMember,
    failure_rejection,
)

# Articles a clean task takes at once (cleaning is cheap; fewer, larger tasks cost less Ray
# overhead on the small corpora tests use, and 256 keeps a batch of texts a few MB).
CLEAN_BATCH = 256


def _import_ray() -> Any:
    try:
        import ray
    except ImportError as exc:
        raise MissingCapability("the Ray engine", "ray") from exc
    return ray


def clean_batch(batch: Any, cfg: CleanConfig) -> Any:
    """The clean map over one Arrow batch of reports (a Ray task). Each output row holds an
    ``article`` or a ``rejection`` (typed struct columns, the other one null)."""
    import pyarrow as pa

    articles: list[Article] = []
    rejections: list[Rejection] = []
    for report in from_rows(Report, batch.to_pylist()):
        try:
            cleaned = clean_report(report, cfg)
        except Exception as exc:  # as the local engine: one strange input is a rejection
            cleaned = failure_rejection(report.origin, "clean", exc)
        if isinstance(cleaned, Rejection):
            rejections.append(cleaned)
        else:
            articles.append(cleaned)
    article_rows = to_batch(Article, articles).to_pylist()
    rejection_rows = to_batch(Rejection, rejections).to_pylist()
    return pa.table(
        {
            "article": pa.array(
                article_rows + [None] * len(rejection_rows), type=arrow_type(Article)
            ),
            "rejection": pa.array(
                [None] * len(article_rows) + rejection_rows, type=arrow_type(Rejection)
            ),
        }
    )


class AnalyzeActor:
    """One Ray actor of the analyze map: spaCy is loaded once, then each batch of articles is
    one ``nlp.pipe`` batch, as on one local process (so the parse is the same)."""

    def __init__(self, cfg: AnalyzeConfig) -> None:
        self.analyzer = make_analyzer(dataclasses.replace(cfg, n_process=1))

    def __call__(self, batch: Any) -> Any:
        import pyarrow as pa

        articles = list(from_rows(Article, batch.to_pylist()))
        return pa.Table.from_batches([to_batch(Analysis, self.analyzer(articles))])


def _quiet_ray() -> None:
    """Keep Ray's own lines (its native core's notices, Ray Data's plans and timings) off the
    terminal, for ``storyline -q``: both are read when Ray is imported and started, so this
    goes first. A failure still stops the run with its message."""
    os.environ["RAY_BACKEND_LOG_LEVEL"] = "fatal"
    os.environ["RAY_DATA_LOG_LEVEL"] = "ERROR"
    logging.getLogger("ray").setLevel(logging.ERROR)


def start(ray: Any, cpus: int, address: str | None) -> None:
    """Start a local Ray with ``cpus`` CPUs, or join the cluster at ``address``."""
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # Ray sends nothing home
    if address is None:
        ray.init(
            num_cpus=cpus,
            include_dashboard=False,
            log_to_driver=False,
            configure_logging=False,
            object_store_memory=256 * 1024 * 1024,
        )
    else:
        ray.init(address=address, log_to_driver=False, configure_logging=False)


def _reports_and_rejections(
    inputs: Sequence[str], cfg: Config
) -> tuple[list[Report], list[Rejection]]:
    reports: list[Report] = []
    rejections: list[Rejection] = []
    for item in read_planned(plan_inputs(inputs), cfg.ingest):
        if isinstance(item, Rejection):
            rejections.append(item)
        else:
            reports.append(item)
    return reports, rejections


def _blocks(cls: type[Any], records: Sequence[Any], size: int) -> list[Any]:
    """Records as Arrow tables of ``size`` rows: one Ray block each, so every worker gets
    some (a single block goes to one actor)."""
    import pyarrow as pa

    return [
        pa.Table.from_batches([to_batch(cls, records[i : i + size])])
        for i in range(0, max(len(records), 1), size)
    ]


# Where each stage of the registry runs on the Ray path, in the registry's order. A stage the
# registry gains without a place here stops a Ray run before any work (:func:`check`).
WHERE: dict[str, str] = {
    "ingest": "driver: inputs read and planned",
    "clean": "Ray: map_batches tasks over reports",
    "reuse": "Ray: sketch map, groupby by fingerprint bucket then by pair, verification grouped"
    " by component of the candidate pairs; their order and the families on the driver",
    "analyze": "Ray: map_batches on actors holding spaCy; entities resolved on the driver",
    "stories": "driver: one online pass in arrival order (the ordered stage)",
    "claims": "Ray: groupby by story onto actors holding the sentence encoder",
    "events": "Ray: in the same groupby as claims",
}


def check(cfg: Config) -> None:
    """Before any work: ray is installed (looked up, not imported), every stage of the
    registry has a place on the Ray path, selects a known algorithm and has its extra
    installed."""
    if importlib.util.find_spec("ray") is None:
        raise MissingCapability("the Ray engine", "ray")
    missing = [s.name for s in stages.REGISTRY if s.name not in WHERE]
    if missing:
        raise StorylineError(
            f"the Ray engine cannot run the {', '.join(missing)} stage"
            f"{'s' if len(missing) > 1 else ''} yet: run it with --engine local"
        )
    stages.check(cfg)


class NothingRead(StorylineError):
    """No input could be read into an article, so no stage after ingest ran (the rejections
    are written)."""


def run_ray(
    inputs: Sequence[str],
    output: str | Path,
    cfg: Config,
    *,
    workers: int = 2,
    address: str | None = None,
    quiet: bool = False,
) -> dict[str, int]:
    """Run every stage of the registry over ``inputs`` (where each runs: :data:`WHERE`) and
    write every record type a local run stores, but the run record and the sentence-vector
    cache, as a Parquet dataset under ``output``. Returns rows per record type.

    Raises :class:`NothingRead` when no input gave an article (having written the
    rejections)."""
    from storyline.engines.ray_stories import story_stage_records  # it imports this module

    check(cfg)
    _writable(output)

    reports, rejections = _reports_and_rejections(inputs, cfg)
    if not reports:  # nothing to clean: no Ray to start
        write_records(output, {Rejection: rejections})
        raise NothingRead(_nothing_read(rejections))
    if quiet:
        _quiet_ray()
    ray = _import_ray()
    # One CPU more than the actors hold, for the per-story groupby (ray_stories).
    start(ray, workers + 1, address)
    try:
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False
        context.execution_options.preserve_order = True  # the local engine's (ingest) order
        articles, kept_reports, rejected = _clean(ray, reports, cfg.clean)
        rejections += rejected
        if not articles:
            write_records(output, {Rejection: rejections})
            raise NothingRead(_nothing_read(rejections))
        analyses = _analyze(ray, articles, cfg.analyze, workers)
        rejections += failure_rejections(analyses)  # articles analysed in part
        # The groupby by story needs no order (its records are keyed); as ray_stories runs it.
        context.execution_options.preserve_order = False
        # Reuse as maps and reduces (engines/ray_reuse.py), then the corpus-wide entities and
        # the ordered stage on the driver (engines/driver.py).
        resolved, entities = resolve_entities(analyses)
        reuse = reuse_records_ray(ray, articles, cfg.reuse, workers=workers)
        by_id = {x.article_id: x for x in resolved}
        made = story_records(articles, by_id, reuse.links, cfg.stories)
        story_writes = made.writes
        records: dict[type[Any], list[Any]] = {
            Report: [r for r in reports if r.report_id in kept_reports],
            Article: articles,
            Rejection: rejections,
            Analysis: resolved,
            Entity: entities,
            ReuseSketch: reuse.sketches,
            ReuseLink: reuse.links,
            SourceFamily: reuse.families,
            LeadVector: made.lead_vectors,
            StoryAssignment: story_writes.assignments,
            Story: story_writes.stories,
            StoryChange: story_writes.changes,
            StoryState: story_writes.state.states,
            IndexPosting: story_writes.state.postings,
            TermCount: story_writes.state.counts,
            WindowMember: story_writes.state.members,
        }
        # Claims and events per story, on the same Ray (the stories a rule failed on are
        # rejections beside those of the earlier stages).
        per_story = story_stage_records(
            ray,
            cfg,
            story_writes.stories,
            articles={a.article_id: a for a in articles},
            analyses=by_id,
            reports={r.report_id: r for r in records[Report]},
            entities={e.entity_id: e for e in entities},
            families=reuse.families,
            workers=workers,
        )
        records[Rejection].extend(per_story.pop(Rejection, []))
        records.update(per_story)
    finally:
        ray.shutdown()
    return write_records(output, records)


def _writable(output: str | Path) -> None:
    """The output folder, made now: a place that cannot hold it fails before any work."""
    try:
        Path(output).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorylineError(f"cannot write the dataset {output}: {exc.strerror or exc}") from exc


def _nothing_read(rejections: Sequence[Rejection]) -> str:
    problems = "; ".join(f"{r.record_id}: {r.detail}" for r in rejections[:3])
    return (
        "nothing could be read from the inputs, so no stage was run "
        f"({problems or 'no input named a file'})"
    )


def _clean(
    ray: Any, reports: Sequence[Report], cfg: CleanConfig
) -> tuple[list[Article], set[str], list[Rejection]]:
    """Clean as Ray tasks: the articles in ingest order, the reports kept with them, and the
    rejections."""
    rows = (
        ray.data.from_arrow(_blocks(Report, reports, CLEAN_BATCH))
        .map_batches(
            clean_batch,
            fn_kwargs={"cfg": cfg},
            batch_format="pyarrow",
            batch_size=CLEAN_BATCH,
        )
        .take_all()
    )
    # Ingest keeps the first of articles with one ID (re-ingest is a no-op), and a report
    # only with its new article.
    articles: list[Article] = []
    rejections: list[Rejection] = []
    seen: set[str] = set()
    kept_reports: set[str] = set()
    for row in rows:
        if row["rejection"] is not None:
            rejections.extend(from_rows(Rejection, [row["rejection"]]))
        else:
            (article,) = from_rows(Article, [row["article"]])
            if article.article_id not in seen:
                seen.add(article.article_id)
                articles.append(article)
                kept_reports.add(article.report_id)
    return articles, kept_reports, rejections


def _analyze(
    ray: Any, articles: Sequence[Article], cfg: AnalyzeConfig, workers: int
) -> list[Analysis]:
    """Analyze on a pool of ``workers`` actors: the analyses in the articles' order."""
    analysed = (
        ray.data.from_arrow(_blocks(Article, articles, cfg.batch_size))
        .map_batches(
            AnalyzeActor,
            fn_constructor_args=(cfg,),
            batch_format="pyarrow",
            batch_size=cfg.batch_size,
            compute=ray.data.ActorPoolStrategy(size=workers),
        )
        .take_all()
    )
    order = {a.article_id: i for i, a in enumerate(articles)}
    return sorted(from_rows(Analysis, analysed), key=lambda a: order[a.article_id])
