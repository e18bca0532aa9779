"""The analyze stage over a real SQLite store, `show-article` and the exports, end to end."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from storyline.analyze.stage import analyze_store
from storyline.cli import cli
from storyline.config import AnalyzeConfig
from storyline.model import Analysis, Entity
from storyline.store import open_store
from tests.analyze.conftest import seed_articles


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
