"""The stage contract: one registry of stages, checked before any work."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from storyline import model, pipeline, stages
from storyline.analyze import ANALYSIS_VERSION
from storyline.claims import ALGORITHMS as CLAIMS_ALGORITHMS
from storyline.config import Config
from storyline.engines import local
from storyline.errors import ConfigError, MissingCapability
from storyline.model import Article, RunRecord
from storyline.reuse import ALGORITHMS as REUSE_ALGORITHMS
from storyline.reuse import sketch_version
from storyline.store import SQLiteStore
from storyline.stories import ALGORITHMS as STORIES_ALGORITHMS
from storyline.stories import StoryEngine

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"


def test_the_pipeline_runs_the_registry_in_its_order() -> None:
    names = [s.name for s in stages.REGISTRY]
    assert names == ["ingest", "clean", "reuse", "analyze", "stories", "claims", "events"]
    assert pipeline.STAGES == ("ingest", "reuse", "analyze", "stories", "claims", "events")
    # The local engine knows how to run every corpus stage, and no other.
    assert list(local._LOCAL) == [s.name for s in stages.corpus_stages()]
    # The stages it runs itself (reads and writes around pure functions) are its own, and
    # the registry names them.
    for name in ("reuse", "analyze", "stories", "claims", "events"):
        assert stages.stage(name).over_store.startswith("storyline.engines.local"), name


def test_every_stage_names_real_functions_and_stored_record_types() -> None:
    written: set[type[object]] = set()
    for stage in stages.REGISTRY:
        assert stage.grain in ("map", "reduce", "ordered")
        assert stage.section in {f.name for f in dataclasses.fields(Config)}
        assert callable(stages.resolve(stage.over_store)), stage.name
        for algorithm in stage.algorithms:
            assert callable(algorithm.function()), algorithm.name
        for cls in (*stage.reads, *stage.writes):
            assert cls in model.STORED_RECORDS, (stage.name, cls)
        written.update(stage.writes)
    # Every stored record type is some stage's output, except the editor's corrections and the
    # engine's own run records.
    unwritten = set(model.STORED_RECORDS) - written
    assert unwritten == {model.Correction, RunRecord}


def test_the_stage_modules_read_their_algorithm_names_from_the_registry() -> None:
    assert REUSE_ALGORITHMS == stages.algorithm_names("reuse") == ("winnow-v1",)
    assert STORIES_ALGORITHMS == stages.algorithm_names("stories") == ("online-v3", "online-v2")
    assert CLAIMS_ALGORITHMS == stages.algorithm_names("claims") == ("claims-v2",)
    assert stages.stage("analyze").algorithms[0].name == f"analysis-{ANALYSIS_VERSION}"


def test_a_stage_fingerprint_is_the_one_the_stage_stores() -> None:
    from storyline.claims.stage import RULES_REVISION as CLAIMS_RULES
    from storyline.config import stage_fingerprint
    from storyline.embed import active_encoder
    from storyline.events.stage import RULES_REVISION as EVENTS_RULES

    cfg = Config()
    # Claims and events store the sentence encoder in use with their fingerprint.
    encoder = active_encoder()
    assert stages.stage("claims").fingerprint(cfg) == (
        f"{stage_fingerprint(cfg.claims, CLAIMS_RULES)}:{encoder}"
    )
    assert stages.stage("events").fingerprint(cfg) == (
        f"{stage_fingerprint(cfg.events, EVENTS_RULES)}:{encoder}"
    )
    changed = dataclasses.replace(cfg, claims=dataclasses.replace(cfg.claims, min_words=6))
    assert stages.stage("claims").fingerprint(changed) != stages.stage("claims").fingerprint(cfg)
    assert stages.stage("events").fingerprint(changed) == stages.stage("events").fingerprint(cfg)


@pytest.mark.parametrize("section", ["reuse", "stories", "claims", "events"])
def test_an_unknown_algorithm_stops_a_run_before_it_ingests(
    store: SQLiteStore, section: str
) -> None:
    cfg = Config()
    wrong = dataclasses.replace(getattr(cfg, section), algorithm=f"{section}-v99")
    cfg = dataclasses.replace(cfg, **{section: wrong})
    with pytest.raises(ConfigError, match=rf"\[{section}\] algorithm '{section}-v99' is unknown"):
        pipeline.run(store, [str(CORPUS)], cfg)
    assert store.count(Article) == 0  # nothing was ingested
    assert store.count(RunRecord) == 0


def test_the_stage_functions_check_the_registry_too() -> None:
    cfg = Config()
    with pytest.raises(ConfigError, match="known: winnow-v1"):
        sketch_version(dataclasses.replace(cfg.reuse, algorithm="minhash-v0"))
    with pytest.raises(ConfigError, match="known: online-v3, online-v2"):
        StoryEngine(dataclasses.replace(cfg.stories, algorithm="online-v1"))


def test_a_missing_extra_stops_a_run_before_it_ingests(
    store: SQLiteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A registry whose analyze stage needs a module no install provides: what a base install
    # without the nlp extra looks like to the check.
    absent = dataclasses.replace(stages.stage("analyze"), needs=("storyline_no_such_module",))
    registry = tuple(absent if s.name == "analyze" else s for s in stages.REGISTRY)
    monkeypatch.setattr(stages, "REGISTRY", registry)
    assert absent.missing() == ["storyline_no_such_module"]
    with pytest.raises(MissingCapability, match=r"the analyze stage needs the 'nlp' extra"):
        pipeline.run(store, [str(CORPUS)], Config())
    assert store.count(Article) == 0
    # Ingest alone needs no extra.
    summary = pipeline.ingest(store, [str(CORPUS)], Config())
    assert summary.new == 6
