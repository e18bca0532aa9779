"""The analyze stage over a real SQLite store, `show-article` and the exports, end to end."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline import stages
from storyline.analyze import (
    ANALYSIS_VERSION,
    Analyzer,
    current_model,
    is_current,
    resolve_entities,
)
from storyline.cli import cli
from storyline.config import AnalyzeConfig, Config
from storyline.engines import local
from storyline.engines.local import update_analyses as analyze_store
from storyline.model import Analysis, Article, Entity
from storyline.query_runs import provenance
from storyline.store import Store, open_store
from tests.analyze.conftest import article, seed_articles


def _filled_db(path: Path) -> None:
    with open_store(path) as store:
        store.put(seed_articles())
        line = analyze_store(store, AnalyzeConfig())
        assert line.startswith("5 articles analyzed")
        # a second run analyzes nothing new and keeps the same entities
        before = sorted(store.keys(Entity))
        assert analyze_store(store, AnalyzeConfig()).startswith("0 articles analyzed")
        assert sorted(store.keys(Entity)) == before
        assert store.count(Analysis) == 5


def invoke(db: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)
    return result.exit_code, result.stdout


def test_stage_stores_analyses_and_entities_and_cli_shows_them(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    _filled_db(db)
    code, out = invoke(db, "show-article", "000_2243f719827c7e93")
    assert code == 0
    assert "Vladimir Putin (head of state, Russia)" in out
    assert "[direct] Shehbaz Sharif (stated): Stability in Afghanistan" in out
    assert "-> 2024" in out  # "Last year" in an article of 2 September 2025

    code, out = invoke(db, "export", "quotes", "--format", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and rows
    with open_store(db) as store:
        texts = {a.article_id: a.text for a in store.all(type(seed_articles()[0]))}
    for row in rows:
        assert row["source_id"] == f"src-{row['article_id']}"
        text = texts[row["article_id"]]
        assert row["content_start"] < row["content_end"] <= len(text)
        if row["speaker_start"] is not None:
            assert text[row["speaker_start"] : row["speaker_end"]] == row["speaker_text"]

    code, out = invoke(db, "export", "entities", "--format", "jsonl")
    mentions = [json.loads(line) for line in out.splitlines()]
    sharif = {m["entity_id"] for m in mentions if m["entity_name"] == "Shehbaz Sharif"}
    assert len(sharif) == 1
    assert {m["article_id"] for m in mentions if m["entity_id"] in sharif} == {
        a.article_id for a in seed_articles()
    }

    code, out = invoke(db, "export", "times", "--format", "jsonl")
    times = [json.loads(line) for line in out.splitlines()]
    assert any(t["text"] == "2nd Sep, 2025" and t["value"] == "2025-09-02" for t in times)


def test_show_article_of_an_unknown_id_is_one_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with open_store(db) as store:
        store.put(seed_articles()[:1])
    result = CliRunner().invoke(cli, ["--db", str(db), "show-article", "nope"])
    assert result.exit_code == 2
    assert "no article 'nope'" in result.stderr



def test_a_later_run_relinks_earlier_analyses_like_one_run_over_all(tmp_path: Path) -> None:
    # A run rewrites only the analyses whose links moved; what is stored must still be what one
    # run over every article gives. Here the later article gives the surname its full name, so
    # the entity (and its ID) that the earlier article's mentions link to changes.
    early, later = _halvorsen()
    with open_store(tmp_path / "once.db") as store:
        store.put([early, later])
        analyze_store(store, AnalyzeConfig())
        once = {a.article_id: a for a in store.all(Analysis)}
        once_entities = sorted(store.all(Entity), key=lambda e: e.entity_id)
    with open_store(tmp_path / "twice.db") as store:
        store.put([early])
        analyze_store(store, AnalyzeConfig())
        first = store.get(Analysis, early.article_id)
        store.put([later])
        assert analyze_store(store, AnalyzeConfig()).startswith("1 articles analyzed")
        assert {a.article_id: a for a in store.all(Analysis)} == once
        assert sorted(store.all(Entity), key=lambda e: e.entity_id) == once_entities
    assert first != once[early.article_id]  # the earlier article's links did move


def test_analyses_of_another_spacy_pipeline_are_stale_and_made_again(tmp_path: Path) -> None:
    cfg = AnalyzeConfig()
    # What an analysis made now records is known without loading spaCy, and names the pipeline
    # and its version as the loaded pipeline does.
    now = current_model(cfg)
    assert now == Analyzer(cfg).model_name
    assert now.endswith(f"+{ANALYSIS_VERSION}") and "-?" not in now
    # The stage's fingerprint names it, so another pipeline or version is another fingerprint.
    assert stages.stage("analyze").fingerprint(Config()).endswith(f":{now}")
    with open_store(tmp_path / "s.db") as store:
        store.put(seed_articles()[:2])
        analyze_store(store, cfg)
        made = {a.article_id: a for a in store.all(Analysis)}
        # One analysis as another pipeline (or another version of this one) would have made it.
        other = next(iter(made.values()))
        store.put([replace(other, model="en_core_web_md-3.7.1+" + ANALYSIS_VERSION)])
        assert _analyze_stale(store) == 1
        assert analyze_store(store, cfg).startswith("1 articles analyzed")
        assert {a.article_id: a for a in store.all(Analysis)} == made
        assert _analyze_stale(store) == 0
    # A pipeline whose package cannot be read keeps the version-only check (never remade on
    # every run): any pipeline of this analysis version is current then.
    unknown = current_model(AnalyzeConfig(model="xx_not_installed"))
    assert unknown == f"xx_not_installed-?+{ANALYSIS_VERSION}"
    assert is_current(now, unknown)
    assert not is_current("en_core_web_md-3.7.1+" + ANALYSIS_VERSION, now)


def _analyze_stale(store: Store) -> int:
    (found,) = [s for s in provenance(store, Config()).stages if s.stage == "analyze"]
    return found.stale


def _halvorsen() -> tuple[Article, Article]:
    """Two articles: the later gives the surname the earlier uses alone its full name."""
    early = article(
        "Halvorsen opened the new bridge over the Silverrun on Monday, the ministry said. "
        "Halvorsen thanked the engineers.",
        "bridge",
        datetime(2026, 3, 2),
    )
    later = article(
        "Foreign Minister Anya Halvorsen flew to Kestrel City on Tuesday for talks on the river.",
        "talks",
        datetime(2026, 3, 3),
    )
    return early, later


def _stored(store: Store) -> tuple[dict[str, Analysis], list[Entity]]:
    return (
        {a.article_id: a for a in store.all(Analysis)},
        sorted(store.all(Entity), key=lambda e: e.entity_id),
    )


def test_the_stage_in_small_batches_stores_what_resolving_all_at_once_gives(
    tmp_path: Path, analyzer: Analyzer
) -> None:
    # The stage writes its new analyses a batch at a time and streams the stored ones through
    # resolution in batches; what it stores must be what resolve_entities gives over all of
    # them at once, in one run and when a later run's alias joins an earlier entity.
    early, later = _halvorsen()
    articles = [*seed_articles(), early, later]
    resolved, entities = resolve_entities(analyzer(articles))
    expected = {a.article_id: a for a in resolved}
    with open_store(tmp_path / "once.db") as store:
        store.put(articles)
        stored_when_told: list[tuple[int, int]] = []

        def told(done: int) -> None:  # the store seen from inside the stage's transaction
            stored_when_told.append((done, store.count(Analysis)))

        line = analyze_store(store, AnalyzeConfig(), told, batch=2)
        quotes = sum(len(a.quotes) for a in resolved)
        assert line == f"7 articles analyzed, {quotes} quotes, {len(entities)} entities"
        assert _stored(store) == (expected, entities)
        # Progress still counts articles, and each batch was written before the next was made.
        assert [done for done, _ in stored_when_told] == list(range(1, 8))
        assert [n for _, n in stored_when_told] == [0, 0, 2, 2, 4, 4, 6]
    with open_store(tmp_path / "twice.db") as store:
        store.put([*seed_articles(), early])
        analyze_store(store, AnalyzeConfig(), batch=2)
        first = store.get(Analysis, early.article_id)
        store.put([later])
        assert analyze_store(store, AnalyzeConfig(), batch=3).startswith("1 articles analyzed")
        assert _stored(store) == (expected, entities)
    assert first != expected[early.article_id]  # the earlier article's links did move


class _FailsAfter(Analyzer):
    """The real analyzer, ending with an error once it has made ``made`` analyses."""

    def __init__(self, cfg: AnalyzeConfig, made: int) -> None:
        super().__init__(cfg)
        self.made = made

    def each(self, articles: Sequence[Article]) -> Iterator[Analysis]:
        for n, analysis in enumerate(super().each(articles)):
            if n == self.made:
                raise RuntimeError("the analysis stopped")
            yield analysis


def test_a_stage_stopped_midway_leaves_the_store_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    early, later = _halvorsen()
    with open_store(tmp_path / "s.db") as store:
        store.put([*seed_articles()[:2], early])
        analyze_store(store, AnalyzeConfig(), batch=2)
        before = _stored(store)
        store.put([later, *seed_articles()[2:]])
        # A batch of the four new analyses is written inside the stage's transaction before it
        # stops on the third; none of them may stay, and the old ones stay as they were.
        monkeypatch.setattr(local, "make_analyzer", lambda cfg: _FailsAfter(cfg, 3))
        with pytest.raises(RuntimeError, match="the analysis stopped"):
            analyze_store(store, AnalyzeConfig(), batch=2)
        assert _stored(store) == before
        monkeypatch.undo()
        # The store is not left in a transaction: the next run does the whole work.
        assert analyze_store(store, AnalyzeConfig(), batch=2).startswith("4 articles analyzed")
        assert store.count(Analysis) == 7
