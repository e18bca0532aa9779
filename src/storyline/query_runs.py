"""The read side of run records: which configuration produced what, and what is stale.

Each stage's results are traced to the configuration that made them two ways. The claims and
events stages store their fingerprint with each story's results (``StorySummary.inputs``,
``EventInputs.inputs``), the analyze stage its spaCy pipeline, the pipeline's version and
the analysis version with each analysis and the reuse stage
its sketch version with each sketch: results made another way are counted one by one, and the
next run recomputes them. The stories stage keeps no per-article fingerprint (an online decision
is kept, not remade): its assignments are counted by the runs that made them, from the run
records, and those made under another configuration are reported as kept.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from storyline import stages
from storyline.config import Config
from storyline.model import (
    Analysis,
    EventInputs,
    ReuseSketch,
    RunRecord,
    StorySummary,
)
from storyline.store import Store


@dataclass(frozen=True, slots=True, kw_only=True)
class RunRow:
    number: int
    command: str
    started: datetime
    finished: datetime | None
    config_fingerprint: str
    new_articles: int
    # Settings that differ from the configuration in force now: "section.key".
    differs: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class StageProvenance:
    stage: str
    algorithm: str  # what the configuration in force selects
    fingerprint: str  # this stage's fingerprint under it
    # What the stored results were made under: fingerprint (or version) -> how many.
    made_under: dict[str, int]
    unit: str  # what is counted ("analyses", "stories", ...)
    stale: int  # results made under another configuration
    # What happens to stale results: "recomputed by the next run" or "kept".
    stale_fate: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Provenance:
    config_fingerprint: str  # the configuration in force
    runs: tuple[RunRow, ...]
    stages: tuple[StageProvenance, ...]

    @property
    def stale(self) -> int:
        return sum(s.stale for s in self.stages)


def _differs(old: dict[str, Any], new: dict[str, Any]) -> tuple[str, ...]:
    keys = {(s, k) for s, values in (*old.items(), *new.items()) for k in values}
    return tuple(
        f"{s}.{k}"
        for s, k in sorted(keys)
        if old.get(s, {}).get(k) != new.get(s, {}).get(k)
    )


def provenance(store: Store, cfg: Config) -> Provenance:
    """The runs recorded on ``store`` and, per stage, which configuration made its stored
    results, against the configuration ``cfg`` in force now."""
    records = sorted(store.all(RunRecord), key=lambda r: r.number)
    current = cfg.as_dict()
    runs = tuple(
        RunRow(
            number=r.number,
            command=r.command,
            started=r.started,
            finished=r.finished,
            config_fingerprint=r.config_fingerprint,
            new_articles=r.new_articles,
            differs=_differs(r.config, current),
        )
        for r in records
    )
    by_runs: dict[str, Counter[str]] = {}
    for r in records:
        for s in r.stages:
            if s.made:
                by_runs.setdefault(s.stage, Counter())[s.fingerprint] += s.made
    rows = []
    for stage in stages.REGISTRY:
        fingerprint = stage.fingerprint(cfg)
        made, unit, fate, now = _stored(store, stage.name, cfg)
        if made is None:  # no per-record version: the run records say which runs made what
            made, now = dict(by_runs.get(stage.name, Counter())), fingerprint
            unit, fate = _RUN_COUNTED[stage.name], "kept"
        rows.append(
            StageProvenance(
                stage=stage.name,
                algorithm=stage.algorithm(cfg).name,
                fingerprint=fingerprint,
                made_under=made,
                unit=unit,
                stale=sum(n for version, n in made.items() if version != now),
                stale_fate=fate,
            )
        )
    return Provenance(config_fingerprint=cfg.fingerprint(), runs=runs, stages=tuple(rows))


# What the run records count for stages whose results carry no version of their own.
_RUN_COUNTED = {
    "ingest": "documents stored",
    "clean": "articles",
    "reuse": "articles",
    "analyze": "analyses",
    "stories": "articles assigned",
    "claims": "stories",
    "events": "stories",
}


def _stored(
    store: Store, name: str, cfg: Config
) -> tuple[dict[str, int] | None, str, str, str]:
    """The versions stored with a stage's results, what is counted, what happens to those made
    another way, and the version the configuration in force gives."""
    recomputed = "recomputed by the next run"
    if name == "reuse":
        from storyline.reuse import sketch_version

        return (_counts(store.count_by(ReuseSketch, "algorithm")), "article sketches",
                recomputed, sketch_version(cfg.reuse))
    if name == "analyze":
        from storyline.analyze import current_model, is_current

        # Each analysis stores the spaCy pipeline, its version and the analysis version that
        # made it; one the local engine would not keep is counted under its own name.
        now = current_model(cfg.analyze)
        versions: Counter[str] = Counter()
        for model, n in store.count_by(Analysis, "model").items():
            versions[now if model is not None and is_current(model, now) else model or "?"] += n
        return dict(versions), "analyses", recomputed, now
    if name == "claims":
        made = Counter(s.inputs[0] if s.inputs else "?" for s in store.all(StorySummary))
        return dict(made), "stories", recomputed, stages.stage("claims").fingerprint(cfg)
    if name == "events":
        made = Counter(i.inputs[0] if i.inputs else "?" for i in store.all(EventInputs))
        return dict(made), "stories", recomputed, stages.stage("events").fingerprint(cfg)
    return None, "", "", ""


def _counts(counts: dict[str | None, int]) -> dict[str, int]:
    return {str(k): n for k, n in counts.items()}
