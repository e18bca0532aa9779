"""The Ray Data engine: stages of the registry as Ray Data operations (the ``ray`` extra).

The only module that imports ray (``ray_stories.py`` gets it from :func:`_import_ray`). Here it
runs the per-article maps of the registry: inputs are read on the driver (``ingest``), then
``clean`` and ``analyze`` are ``map_batches`` over Arrow batches of typed records
(``storyline.dataset``): clean as tasks, analyze on a pool of actors that each load spaCy once
and analyse whole batches. Entities are then resolved over all analyses on the driver (a
corpus-wide reduce, as the local engine does). The output is a Parquet records dataset that
``storyline load`` puts into a store; a test checks that it holds the same records as the local
engine makes (``tests/engines/test_ray.py``).

Claims and events run on Ray per story (``engines/ray_stories.py``: a groupby by story over a
records dataset that holds stories). Reuse and stories do not run on Ray yet (issue 16).

Ray binds to the machine's address; tests run it in a loopback-only network namespace.
Without ``address`` a local Ray is started with ``workers`` CPUs; with one, it joins that
cluster.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from storyline import stages
from storyline.analyze import make_analyzer, resolve_entities
from storyline.clean import clean_report
from storyline.config import AnalyzeConfig, CleanConfig, Config
from storyline.dataset import arrow_type, from_rows, to_batch, write_records
from storyline.engines.local import failure_rejection
from storyline.errors import MissingCapability
from storyline.ingest import plan_inputs, read_planned
from storyline.model import Analysis, Article, Entity, Rejection, Report

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


def run_ray(
    inputs: Sequence[str],
    output: str | Path,
    cfg: Config,
    *,
    workers: int = 2,
    address: str | None = None,
) -> dict[str, int]:
    """Read ``inputs``, clean and analyze them on Ray, and write the records (reports,
    articles, rejections, analyses, entities) as a Parquet dataset under ``output``. Returns
    rows per record type."""
    stages.check(cfg, ("ingest", "clean", "analyze"))
    ray = _import_ray()

    reports, rejections = _reports_and_rejections(inputs, cfg)
    start(ray, workers, address)
    try:
        context = ray.data.DataContext.get_current()
        context.execution_options.preserve_order = True  # the local engine's order
        context.enable_progress_bars = False
        rows = ray.data.from_arrow(_blocks(Report, reports, CLEAN_BATCH)).map_batches(
            clean_batch,
            fn_kwargs={"cfg": cfg.clean},
            batch_format="pyarrow",
            batch_size=CLEAN_BATCH,
        ).take_all()
        # Ingest keeps the first of articles with one ID (re-ingest is a no-op), and a report
        # only with its new article.
        articles: list[Article] = []
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
        analysed = (
            ray.data.from_arrow(_blocks(Article, articles, cfg.analyze.batch_size))
            .map_batches(
                AnalyzeActor,
                fn_constructor_args=(cfg.analyze,),
                batch_format="pyarrow",
                batch_size=cfg.analyze.batch_size,
                compute=ray.data.ActorPoolStrategy(size=workers),
            )
            .take_all()
        )
        analyses = list(from_rows(Analysis, analysed))
    finally:
        ray.shutdown()
    order = {a.article_id: i for i, a in enumerate(articles)}
    analyses.sort(key=lambda a: order[a.article_id])
    resolved, entities = resolve_entities(analyses)
    records: dict[type[Any], list[Any]] = {
        Report: [r for r in reports if r.report_id in kept_reports],
        Article: articles,
        Rejection: rejections,
        Analysis: resolved,
        Entity: entities,
    }
    return write_records(output, records)
