"""Run records: what each run over a store was asked to do, and under which configuration.

A run writes its :class:`~storyline.model.RunRecord` when it starts (so an interrupted run is
still on record, with no ``finished`` time) and again when it ends, with each stage's one-line
result and how many items it made or remade. The effective configuration is kept whole, so two
runs under different settings can be compared key by key (``storyline stats``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime

from storyline import stages
from storyline.config import Config
from storyline.model import RunRecord, StageVersion, content_id
from storyline.store import Store


def begin_run(store: Store, cfg: Config, command: str, names: tuple[str, ...]) -> RunRecord:
    """Record a run that starts now over the stages ``names``. The caller holds the writer
    lock, so run numbers never collide."""
    number = store.count(RunRecord) + 1
    started = datetime.now(UTC)
    record = RunRecord(
        run_id=content_id("run", str(number), started.isoformat(), cfg.fingerprint()),
        number=number,
        command="ingest" if command == "ingest" else "run",
        started=started,
        config_fingerprint=cfg.fingerprint(),
        config=cfg.as_dict(),
        stages=tuple(
            StageVersion(stage=name, algorithm=algorithm, fingerprint=fingerprint)
            for name, algorithm, fingerprint in stages.versions(cfg)
            if name in names
        ),
    )
    with store.transaction():
        store.put([record])
    return record


def end_run(
    store: Store,
    record: RunRecord,
    results: Mapping[str, tuple[str, int]],
    new_articles: int,
) -> RunRecord:
    """Record how the run ended: each stage's ``(line, items made or remade)``; a stage the
    run did not reach keeps an empty result."""
    finished = replace(
        record,
        finished=datetime.now(UTC),
        new_articles=new_articles,
        stages=tuple(
            replace(s, result=results[s.stage][0], made=results[s.stage][1])
            if s.stage in results
            else s
            for s in record.stages
        ),
    )
    with store.transaction():
        store.put([finished])
    return finished
