"""`storyline events`, events in `show` and `storyline export events`, on the sample corpus
(fiction written for this project) through a real run."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from storyline.cli import cli
from storyline.events.export import GDELT_COLUMNS
from tests.conftest import REPO

CORPUS = REPO / "examples" / "corpus"


def invoke(db: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("events") / "corpus.db"
    code, _, _ = invoke(path, "--quiet", "run", str(CORPUS))
    assert code == 0
    yield path


def test_events_lists_coded_events_and_filters_by_type(db: Path) -> None:
    code, out, _ = invoke(db, "events", "--json")
    assert code == 0
    events = json.loads(out)
    assert events, "the sample corpus reports events"
    for event in events:
        assert event["plover"] and event["cameo"] and event["mentions"]
        assert event["family_count"] >= 1 and event["mention_count"] == len(event["mentions"])
        assert all(m["source_id"] or m["article_id"] for m in event["mentions"])
    kind = events[0]["plover"]
    code, out, _ = invoke(db, "events", "--type", kind.lower(), "--json")
    assert {e["plover"] for e in json.loads(out)} == {kind}
    story = events[0]["story_id"]
    code, out, _ = invoke(db, "events", "--story", story, "--json")
    assert {e["story_id"] for e in json.loads(out)} == {story}
    code, out, _ = invoke(db, "events")
    assert code == 0 and events[0]["event_id"][:12] in out


def test_bad_filters_are_clear_messages(db: Path) -> None:
    result = CliRunner().invoke(cli, ["--db", str(db), "events", "--type", "PARTY"])
    assert result.exit_code == 2 and "unknown event type" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    result = CliRunner().invoke(cli, ["--db", str(db), "events", "--story", "story_nope"])
    assert result.exit_code == 2 and "no story" in result.output


def test_show_lists_the_story_events(db: Path) -> None:
    _, out, _ = invoke(db, "events", "--json")
    story = json.loads(out)[0]["story_id"]
    code, out, _ = invoke(db, "show", story)
    assert code == 0 and "Events" in out and "CAMEO" in out
    code, out, _ = invoke(db, "show", story, "--json")
    assert json.loads(out)["events"]


def test_export_events_in_every_format(db: Path, tmp_path: Path) -> None:
    code, out, _ = invoke(db, "export", "events")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and rows and all(r["mentions"] for r in rows)
    parquet = tmp_path / "events.parquet"
    code, _, _ = invoke(db, "export", "events", "--format", "parquet", "--output", str(parquet))
    table = pq.read_table(parquet)
    assert code == 0 and table.num_rows == len(rows)
    assert "mentions" in table.column_names
    code, out, _ = invoke(db, "export", "events", "--format", "gdelt")
    lines = out.splitlines()
    assert code == 0 and lines[0].split("\t") == list(GDELT_COLUMNS)
    happened = [r for r in rows if r["status"] == "happened"]
    assert len(lines) - 1 == len(happened)
    for line in lines[1:]:
        cells = line.split("\t")
        assert len(cells) == 61
        row = dict(zip(GDELT_COLUMNS, cells, strict=True))
        assert row["EventRootCode"] == row["EventCode"][:2]
        assert int(row["NumMentions"]) >= int(row["NumArticles"]) >= int(row["NumSources"]) >= 1
