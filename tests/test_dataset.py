"""Parquet datasets of every record type: store -> dataset -> new store gives the same records."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline import model
from storyline.cli import cli
from storyline.config import Config
from storyline.dataset import (
    MANIFEST,
    DatasetError,
    from_rows,
    load_dataset,
    read_records,
    to_batch,
    write_dataset,
)
from storyline.model import Article, Rejection
from storyline.pipeline import ingest, run
from storyline.store import SQLiteStore, open_store
from storyline.store.codec import to_json
from storyline.store.schema import table_name

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("dataset") / "corpus.db"
    with open_store(db) as store:
        run(store, [str(CORPUS)], Config())
    return db


def _records(store: SQLiteStore) -> dict[str, list[str]]:
    return {table_name(c): [to_json(r) for r in store.all(c)] for c in model.STORED_RECORDS}


def test_a_store_round_trips_through_a_dataset_record_for_record(
    corpus_db: Path, tmp_path: Path
) -> None:
    with open_store(corpus_db) as source:
        counts = write_dataset(source, tmp_path / "ds")
        expected = _records(source)
    # Every record type of a full run is there (corrections excepted: no editor here).
    assert {name for name, n in counts.items() if n == 0} <= {"correction", "story_change"}
    with open_store(tmp_path / "copy.db") as copy:
        assert load_dataset(tmp_path / "ds", copy) == counts
        assert _records(copy) == expected  # same records, in the same order
        # The full-text index is made for the loaded articles.
        assert copy.search("pact") and [h.article_id for h in copy.search("pact")] == [
            h.article_id for h in open_store(corpus_db, create=False).search("pact")
        ]
        # Loading again changes nothing.
        load_dataset(tmp_path / "ds", copy)
        assert _records(copy) == expected


def test_columns_are_typed_and_nested(corpus_db: Path, tmp_path: Path) -> None:
    with open_store(corpus_db) as source:
        write_dataset(source, tmp_path / "ds")
    analysis = pq.read_schema(tmp_path / "ds" / "analysis" / "part-00000.parquet")
    sentences = analysis.field("sentences").type
    assert pa.types.is_list(sentences) and pa.types.is_struct(sentences.value_type)
    assert sentences.value_type.field("start").type == pa.int64()
    state = pq.read_schema(tmp_path / "ds" / "story_state" / "part-00000.parquet")
    assert pa.types.is_map(state.field("years").type)
    event = pq.read_schema(tmp_path / "ds" / "event" / "part-00000.parquet")
    assert pa.types.is_struct(event.field("place").type)
    article = pq.read_schema(tmp_path / "ds" / "article" / "part-00000.parquet")
    assert article.field("metadata").type == pa.string()  # open-ended JSON
    manifest = json.loads((tmp_path / "ds" / MANIFEST).read_text())
    assert manifest["format"] == "storyline-records" and manifest["records"]["article"] == 6


def test_every_command_works_on_a_loaded_store(corpus_db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = runner.invoke(cli, ["--db", str(corpus_db), "dump", str(tmp_path / "ds")])
    assert out.exit_code == 0, out.output
    assert f"records of {len(model.STORED_RECORDS)} types" in out.output
    loaded = runner.invoke(cli, ["load", str(tmp_path / "ds"), "--store", str(tmp_path / "b.db")])
    assert loaded.exit_code == 0, loaded.output
    for command in (["stories"], ["export", "claims"], ["export", "events"], ["reuse"]):
        a = runner.invoke(cli, ["--db", str(corpus_db), *command])
        b = runner.invoke(cli, ["--db", str(tmp_path / "b.db"), *command])
        assert a.exit_code == b.exit_code == 0, (a.output, b.output)
        assert a.output == b.output, command


def test_a_folder_that_is_no_dataset_is_a_clear_error(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as store:
        with pytest.raises(DatasetError, match="is not a folder"):
            load_dataset(tmp_path / "missing", store)
        with pytest.raises(DatasetError, match=f"has no {MANIFEST}"):
            load_dataset(tmp_path, store)
        (tmp_path / MANIFEST).write_text('{"format": "other"}')
        with pytest.raises(DatasetError, match="does not describe"):
            load_dataset(tmp_path, store)
    result = CliRunner().invoke(cli, ["load", str(tmp_path / "missing"), "--store", "x.db"])
    assert result.exit_code == 2
    assert result.output.startswith("error: ") and "Traceback" not in result.output


def test_a_row_that_is_no_record_is_rejected_and_the_rest_load(tmp_path: Path) -> None:
    with open_store(tmp_path / "a.db") as store:
        ingest(store, [str(CORPUS)], Config())
        write_dataset(store, tmp_path / "ds")
        articles = [to_json(a) for a in store.all(Article)]
    part = tmp_path / "ds" / "article" / "part-00000.parquet"
    table = pq.read_table(part)
    rows = table.to_pylist()
    rows.append({**rows[0], "article_id": None})  # a row without its key
    pq.write_table(pa.Table.from_pylist(rows, schema=table.schema), part)
    with open_store(tmp_path / "b.db") as copy:
        load_dataset(tmp_path / "ds", copy)
        assert [to_json(a) for a in copy.all(Article)] == articles
        (rejection,) = copy.all(Rejection, stage="load")
        assert rejection.reason == "bad-record" and "no article_id" in rejection.detail


_json = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner,
                                                                  max_size=3),
    max_leaves=8,
)
_dates = st.none() | st.datetimes(
    min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1)
) | st.builds(
    lambda d, h: d.replace(tzinfo=timezone(timedelta(hours=h))),
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1)),
    st.integers(-12, 12),
)


@settings(max_examples=60, deadline=None)
@given(
    metadata=st.dictionaries(st.text(max_size=6), _json, max_size=4),
    published=_dates,
    title=st.none() | st.text(max_size=20),
)
def test_articles_with_any_metadata_and_dates_round_trip(
    metadata: dict[str, object], published: datetime | None, title: str | None
) -> None:
    article = Article(
        article_id="art_1",
        report_id="rep_1",
        source_id="x",
        url=None,
        outlet="o",
        title=title,
        author=None,
        published=published,
        date_origin="metadata" if published else "none",
        place=None,
        language="en",
        origin="f.txt",
        kind="text",
        text="Some text.",
        offsets=(model.OffsetRun(clean=0, raw=0, length=10),),
        metadata=metadata,
    )
    batch = to_batch(Article, [article])
    (back,) = from_rows(Article, batch.to_pylist())
    assert to_json(back) == to_json(article)


def test_a_run_record_round_trips(tmp_path: Path) -> None:
    record = model.RunRecord(
        run_id="run_1",
        number=1,
        command="run",
        started=datetime(2026, 12, 4, 22, 0, tzinfo=UTC),
        config_fingerprint="abc",
        config=Config().as_dict(),
        stages=(model.StageVersion(stage="reuse", algorithm="winnow-v1", fingerprint="f"),),
    )
    with open_store(tmp_path / "a.db") as store:
        store.put([record])
        write_dataset(store, tmp_path / "ds")
    assert [to_json(r) for r in read_records(tmp_path / "ds", model.RunRecord)] == [
        to_json(record)
    ]
