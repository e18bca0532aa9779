"""Run records: the effective configuration and each stage's algorithm and fingerprint, per run."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar, Literal

from storyline.model.base import JsonValue


@dataclass(frozen=True, slots=True, kw_only=True)
class StageVersion:
    """One stage as a run ran it: its algorithm, its fingerprint (``config.stage_fingerprint`` of
    its settings and rules, what the claims and events stages store with their results) and its
    one-line result ("" when the run did not reach it)."""

    stage: str
    algorithm: str
    fingerprint: str
    result: str = ""
    # Items the stage made or remade in the run: new articles (ingest, clean, reuse), articles
    # analysed, articles assigned (stories), stories recomputed (claims, events).
    made: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class RunRecord:
    """One `storyline run` or `ingest` over a store, recorded when it starts and again when it
    ends (``finished`` None: it was interrupted, or is still going), with the effective
    configuration, so every stored result can be traced to the settings that made it."""

    KEY: ClassVar[str] = "run_id"

    run_id: str
    number: int  # 1, 2, ... in the order runs started on this store
    command: Literal["run", "ingest"]
    started: datetime
    finished: datetime | None = None
    config_fingerprint: str
    config: dict[str, JsonValue] = field(default_factory=dict)  # the effective configuration
    stages: tuple[StageVersion, ...] = ()
    new_articles: int = 0
