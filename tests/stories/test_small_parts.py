"""Small parts of the stories stage: word forms, event dates, the stage in a pipeline run, an
empty store, the sample story's place."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from pathlib import Path

from storyline.config import Config, StoryConfig
from storyline.engines.local_stories import (
    update_stories,
)
from storyline.model import (
    Article,
    Story,
    StoryAssignment,
)
from storyline.pipeline import run
from storyline.query_article_rows import story_rows
from storyline.store import SQLiteStore, open_store
from storyline.stories import (
    event_date,
    normalize_word,
)
from tests.conftest import REPO, SEEDS

CFG = StoryConfig()



def test_word_forms_meet() -> None:
    assert normalize_word("killed") == normalize_word("kills") == normalize_word("killing")
    assert normalize_word("Putin's") == "putin"
    assert normalize_word("countries") == "country"


def test_event_date_prefers_publication_then_explicit_lead_dates() -> None:
    base = Article(
        article_id="x", report_id="x", origin="x", kind="text", text="Quake hits on July 7, 2012."
    )
    assert event_date(base, None) == date(2012, 7, 7)
    dated = dataclasses.replace(base, published=datetime(2013, 1, 2, 10))
    assert event_date(dated, None) == date(2013, 1, 2)
    assert event_date(dataclasses.replace(base, text="No date at all."), None) is None


def test_pipeline_run_assigns_stories_and_reports_the_stage(store: SQLiteStore) -> None:
    summary = run(store, [str(SEEDS)], Config())
    assert summary.stages["stories"].startswith("5 articles assigned")
    assert store.count(StoryAssignment) == 5
    assert sum(len(s.article_ids) for s in store.all(Story)) == 5
    again = run(store, [str(SEEDS)], Config())
    assert again.stages["stories"].startswith("0 articles assigned")


def test_stories_of_an_empty_store_are_empty(store: SQLiteStore) -> None:
    summary = update_stories(store, CFG)
    assert summary.new_articles == 0 and summary.stories == 0
    assert list(story_rows(store)) == []


def test_the_sample_story_is_placed_where_its_reports_put_the_signing(tmp_path: Path) -> None:
    # Every report names both countries ("Norland and Estoria sign ..."); four put the signing
    # "in Kestrel City" (one under its dateline), the Coastal Gazette wrongly "in Port Aurel".
    with open_store(tmp_path / "sample.db") as store:
        run(store, [str(REPO / "examples" / "corpus")], Config())
        stories = sorted(store.all(Story), key=lambda s: -len(s.article_ids))
        pact = stories[0]
        assert len(pact.article_ids) == 5
        assert pact.place == "Kestrel City"
        assert pact.title == "Norland and Estoria sign Silverrun water-sharing pact"
