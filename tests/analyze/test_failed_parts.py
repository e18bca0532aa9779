"""An error of one rule on one article: the article keeps every part of its analysis that was
made, the failure is recorded as a rejection, and the run goes on.

No article known today makes a rule fail (each one found was fixed), so the fault is put into
the real quote finder for the articles that name a marker word; everything around it (spaCy,
the SQLite store, the CLI) is the real thing.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import storyline.analyze as analyze_package
from storyline.analyze import Analyzer
from storyline.cli import cli
from storyline.config import AnalyzeConfig
from storyline.engines.local import update_analyses
from storyline.model import Analysis, Article, Rejection, failure_rejection_id
from storyline.store import open_store
from tests.analyze.conftest import article

# Written for these tests: the first article trips the fault, the second does not.
_TRIPS = (
    "Harbour officials in Zanzibar said on Monday that the ferry service would resume next "
    "week. \u201cWe have repaired both engines,\u201d said Amina Juma, the port director.\n\n"
    "The ferry carried 300 passengers a day before the fire on March 3."
)
_CLEAN = (
    "The city council of Tromsø voted on Tuesday to close the old bridge. \u201cIt is no longer "
    "safe for lorries,\u201d said Erik Dahl, the council's engineer."
)
_PUBLISHED = datetime(2026, 4, 14)


@pytest.fixture
def faulty_quotes(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The real quote finder, failing as an unforeseen construction would on the articles
    that name Zanzibar."""
    real = analyze_package.doc_quotes

    def doc_quotes(doc: Any, *args: Any) -> Any:
        if "Zanzibar" in doc.text:
            raise IndexError("list index out of range")
        return real(doc, *args)

    monkeypatch.setattr(analyze_package, "doc_quotes", doc_quotes)
    yield


def _articles() -> list[Article]:
    return [
        article(_TRIPS, "art_trips", _PUBLISHED),
        article(_CLEAN, "art_clean", _PUBLISHED),
    ]


@pytest.mark.usefixtures("faulty_quotes")
def test_a_failing_part_leaves_the_other_parts_and_says_why(analyzer: Analyzer) -> None:
    trips, clean = analyzer(_articles())
    # The failed part is empty, every other part is made as it would be.
    assert trips.quotes == ()
    assert trips.failure == "quotes: IndexError: list index out of range"
    assert [s.text.split()[0] for s in trips.sentences] == ["Harbour", "\u201cWe", "The"]
    assert {m.text for m in trips.mentions} >= {"Zanzibar", "Amina Juma"}
    assert any(t.value == "2026-03-03" for t in trips.times)  # "March 3" of the article's year
    assert any(c.predicate == "resume" for c in trips.clauses)
    # The other article of the same batch is whole.
    assert clean.failure is None
    assert [q.speaker_name for q in clean.quotes] == ["Erik Dahl"]


def test_an_article_without_fault_has_no_failure(analyzer: Analyzer) -> None:
    trips, _ = analyzer(_articles())
    assert trips.failure is None
    assert [q.kind for q in trips.quotes] == ["indirect", "direct"]


def test_the_stage_records_the_failure_and_goes_on(
    tmp_path: Path, faulty_quotes: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "s.db"
    earlier = article("Oslo's mayor said the budget would be cut by 5 percent.", "art_earlier")
    with open_store(db) as store:
        store.put([earlier])
        update_analyses(store, AnalyzeConfig())
        kept = store.get(Analysis, "art_earlier")
        store.put(_articles())
        line = update_analyses(store, AnalyzeConfig())
        assert line.startswith("2 articles analyzed, 1 quotes")
        assert line.endswith(
            "entities; 1 analyzed in part, a rule failed on them (see `storyline rejections`)"
        )
        # What was stored before is as it was; both new articles have their analysis.
        assert store.get(Analysis, "art_earlier") == kept
        trips = store.get(Analysis, "art_trips")
        assert trips is not None and trips.sentences and trips.quotes == ()
        (rejection,) = store.all(Rejection)
        assert (rejection.record_id, rejection.stage, rejection.reason) == (
            "art_trips",
            "analyze",
            "bad-record",
        )
        assert rejection.detail == "failed: quotes: IndexError: list index out of range"
        # The analysis is current: the next run does not try the article again (it would fail
        # the same way) and keeps its rejection.
        assert update_analyses(store, AnalyzeConfig()).startswith("0 articles analyzed")
        assert store.count(Rejection) == 1

    result = CliRunner().invoke(cli, ["--db", str(db), "rejections", "--json"])
    assert result.exit_code == 0
    assert [(r["stage"], r["record_id"]) for r in json.loads(result.stdout)] == [
        ("analyze", "art_trips")
    ]
    result = CliRunner().invoke(cli, ["--db", str(db), "show-article", "art_trips"])
    assert result.exit_code == 0
    assert "(analyzed in part, a rule failed: quotes: IndexError:" in result.stdout

    # Once the rule is fixed and the analysis made again (a new version of the analysis makes
    # every stored one stale), the article is whole and its rejection is gone.
    monkeypatch.undo()
    with open_store(db) as store:
        store.put([replace(trips, model="en_core_web_sm-3.8.0+a1")])
        assert update_analyses(store, AnalyzeConfig()).startswith("1 articles analyzed, 2 quotes")
        remade = store.get(Analysis, "art_trips")
        assert remade is not None and remade.failure is None and len(remade.quotes) == 2
        assert store.get(Rejection, failure_rejection_id("art_trips", "analyze")) is None
        assert store.count(Rejection) == 0


@pytest.mark.usefixtures("faulty_quotes")
def test_a_run_goes_on_past_an_article_a_rule_failed_on(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "zanzibar.txt").write_text(_TRIPS, encoding="utf-8")
    (folder / "tromso.txt").write_text(_CLEAN, encoding="utf-8")
    db = tmp_path / "r.db"
    result = CliRunner().invoke(cli, ["--db", str(db), "--quiet", "run", str(folder)])
    assert result.exit_code == 0, result.output
    assert "1 analyzed in part" in result.stdout
    # The stages after analyze ran over both articles.
    assert "stories:" in result.stdout and "claims:" in result.stdout
    with open_store(db) as store:
        assert store.count(Analysis) == 2
        assert [r.stage for r in store.all(Rejection)] == ["analyze"]
