"""Run records and what `storyline stats` says about them: which configuration made what."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline import stages
from storyline.cli import cli
from storyline.config import Config
from storyline.model import RunRecord, StorySummary
from storyline.pipeline import ingest, run
from storyline.query_runs import provenance
from storyline.runs import begin_run
from storyline.store import SQLiteStore, open_store

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"


def _changed(cfg: Config) -> Config:
    """Other claims and stories settings (stories are kept, claims are recomputed)."""
    return dataclasses.replace(
        cfg,
        claims=dataclasses.replace(cfg.claims, min_words=6),
        stories=dataclasses.replace(cfg.stories, join_threshold=0.4),
    )


def test_an_ingest_is_recorded_with_its_configuration(store: SQLiteStore) -> None:
    cfg = Config()
    summary = ingest(store, [str(CORPUS)], cfg)
    (record,) = store.all(RunRecord)
    assert record.number == 1 and record.command == "ingest"
    assert record.finished is not None and record.finished >= record.started
    assert record.config_fingerprint == cfg.fingerprint()
    assert record.config == cfg.as_dict()
    assert record.new_articles == summary.new == 6
    by_stage = {s.stage: s for s in record.stages}
    assert list(by_stage) == ["ingest", "clean"]
    assert by_stage["clean"].algorithm == "clean-v1"
    assert by_stage["clean"].fingerprint == stages.stage("clean").fingerprint(cfg)
    assert by_stage["ingest"].result == summary.line()
    assert by_stage["clean"].made == 6
    # A second ingest is run 2; nothing new.
    ingest(store, [str(CORPUS)], cfg)
    second = max(store.all(RunRecord), key=lambda r: r.number)
    assert second.number == 2 and second.new_articles == 0


def test_an_interrupted_run_stays_on_record_unfinished(store: SQLiteStore) -> None:
    begin_run(store, Config(), "run", ("ingest", "clean", "reuse"))  # killed after this
    (row,) = provenance(store, Config()).runs
    assert row.finished is None and row.number == 1
    result = CliRunner().invoke(cli, ["--db", str(store.path), "stats"])
    assert result.exit_code == 0, result.output
    assert "run 1 (run)" in result.output and "interrupted" in result.output


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample corpus run under the defaults, then rerun under other claims and stories
    settings with one more article."""
    folder = tmp_path_factory.mktemp("runs")
    first, second = folder / "first", folder / "second"
    first.mkdir()
    second.mkdir()
    texts = sorted(p for p in CORPUS.iterdir() if p.is_file())
    for p in texts[:-1]:
        (first / p.name).write_bytes(p.read_bytes())
    (second / texts[-1].name).write_bytes(texts[-1].read_bytes())
    db = folder / "runs.db"
    with open_store(db) as store:
        run(store, [str(first)], Config())
    return db


def test_results_made_under_another_configuration_are_reported_stale_then_recomputed(
    two_runs: Path,
) -> None:
    cfg, other = Config(), _changed(Config())
    with open_store(two_runs) as store:
        before = {s.stage: s for s in provenance(store, other).stages}
        (row,) = provenance(store, other).runs
        assert row.differs == ("claims.min_words", "stories.join_threshold")
        first_articles = row.new_articles
        assert before["stories"].made_under == {
            stages.stage("stories").fingerprint(cfg): first_articles
        }
        claims = store.count(StorySummary)
        assert before["claims"].stale == claims > 0
        assert before["claims"].stale_fate == "recomputed by the next run"
        assert before["stories"].stale == first_articles > 0
        assert before["stories"].stale_fate == "kept"
        for stage in ("reuse", "analyze", "events", "clean"):
            assert before[stage].stale == 0, stage
        # Under the configuration that made them, nothing is stale.
        assert provenance(store, cfg).stale == 0

        run(store, [str(two_runs.parent / "second")], other)
        after = {s.stage: s for s in provenance(store, other).stages}
        assert after["claims"].stale == 0  # every story's claims remade under the new settings
        assert after["claims"].made_under == {
            stages.stage("claims").fingerprint(other): store.count(StorySummary)
        }
        # Stories keep their earlier decisions: the first run's articles stay counted as made
        # under the old settings, the second run's under the new ones.
        records = sorted(store.all(RunRecord), key=lambda r: r.number)
        assert [r.number for r in records] == [1, 2]
        assert all(r.finished is not None for r in records)
        assert after["stories"].made_under == {
            stages.stage("stories").fingerprint(cfg): first_articles,
            stages.stage("stories").fingerprint(other): records[1].new_articles,
        }
        assert after["stories"].stale == first_articles
        made = {s.stage: s.made for s in records[1].stages}
        assert made["claims"] == store.count(StorySummary)  # every story recomputed
        assert made["analyze"] == made["stories"] == records[1].new_articles > 0


def test_stats_shows_the_runs_and_the_stale_results(two_runs: Path, tmp_path: Path) -> None:
    config = tmp_path / "other.toml"
    config.write_text("[claims]\nmin_words = 7\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--db", str(two_runs), "--config", str(config), "stats"])
    assert result.exit_code == 0, result.output
    assert f"configuration in force: {Config().fingerprint()}" not in result.output
    assert "run 1 (run)" in result.output and "finished" in result.output
    assert "differs: claims.min_words" in result.output
    assert "(recomputed by the next run)" in result.output
    as_json = CliRunner().invoke(cli, ["--db", str(two_runs), "stats", "--json"])
    assert as_json.exit_code == 0, as_json.output
    assert '"provenance"' in as_json.output and '"made_under"' in as_json.output
