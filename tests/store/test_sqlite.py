"""The SQLite store: round-trips of every record type, idempotent writes, search, bad files."""

from __future__ import annotations

import dataclasses
import sqlite3
import types
import typing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline import model
from storyline.errors import StoreError
from storyline.model import STORED_RECORDS, Article, Rejection
from storyline.store import SQLiteStore, open_store
from storyline.store.schema import SCHEMA_VERSION

# Text without surrogates (SQLite and JSON both need valid UTF-8).
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
JSON_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-(2**40), 2**40), TEXT)
DATES = st.datetimes(
    min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
) | st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1))


def strategy_for(tp: Any) -> st.SearchStrategy[Any]:
    """A hypothesis strategy for any type used in model.py."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        return st.one_of(*[strategy_for(a) for a in args])
    if tp is type(None):
        return st.none()
    if origin is typing.Literal:
        return st.sampled_from(args)
    if origin is tuple:
        return st.lists(strategy_for(args[0]), max_size=3).map(tuple)
    if origin is dict:
        return st.dictionaries(TEXT, JSON_SCALARS, max_size=3)
    if tp is str:
        return TEXT
    if tp is int:
        return st.integers(0, 10**9)
    if tp is float:
        return st.floats(allow_nan=False, allow_infinity=False, width=32)
    if tp is bool:
        return st.booleans()
    if tp is datetime:
        return DATES
    if dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        return st.builds(
            tp, **{f.name: strategy_for(hints[f.name]) for f in dataclasses.fields(tp)}
        )
    raise AssertionError(f"no strategy for {tp!r}")


@pytest.mark.parametrize("cls", STORED_RECORDS, ids=lambda c: c.__name__)
def test_every_record_type_round_trips_through_a_real_sqlite_file(
    cls: type[Any], tmp_path_factory: pytest.TempPathFactory
) -> None:
    db = open_store(tmp_path_factory.mktemp("rt") / "rt.db")

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(strategy_for(cls))
    def check(record: Any) -> None:
        db.put([record])
        assert db.get(cls, getattr(record, cls.KEY)) == record

    check()
    db.close()


def _article(article_id: str, text: str = "Body text.") -> Article:
    return Article(
        article_id=article_id, report_id="rep_" + article_id, origin="t.txt", kind="text",
        text=text, title="T " + article_id,
    )


def test_insert_new_is_a_no_op_for_a_known_key(store: SQLiteStore) -> None:
    assert store.insert_new(_article("a1")) is True
    assert store.insert_new(_article("a1", "other text")) is False
    assert store.count(Article) == 1
    stored = store.get(Article, "a1")
    assert stored is not None and stored.text == "Body text."


def test_records_come_back_in_insertion_order_and_filter_on_columns(store: SQLiteStore) -> None:
    for key in ["c", "a", "b"]:
        store.insert_new(_article(key))
    assert [a.article_id for a in store.all(Article)] == ["c", "a", "b"]
    store.put([_article("a", "updated")])  # an update keeps the original position
    assert [a.article_id for a in store.all(Article)] == ["c", "a", "b"]
    assert [a.article_id for a in store.all(Article, article_id="b")] == ["b"]
    with pytest.raises(StoreError, match="cannot filter"):
        list(store.all(Article, no_such_column="x"))



def test_columns_read_scalars_for_a_list_of_keys_in_insertion_order(store: SQLiteStore) -> None:
    keys = [f"k{i:04d}" for i in range(1203)]  # more than one chunk of bound parameters
    store.put(_article(k) for k in keys)
    asked = [*reversed(keys[::3]), "missing", keys[0]]
    rows = list(store.columns(Article, ["article_id", "kind"], article_id=asked))
    assert [r[0] for r in rows] == keys[::3]
    assert {r[1] for r in rows} == {_article("x").kind}
    assert list(store.columns(Article, ["article_id"], article_id=[])) == []
    assert list(store.columns(Article, ["article_id"], article_id=("k0001",), kind="text")) == (
        [("k0001",)] if _article("x").kind == "text" else []
    )
    with pytest.raises(StoreError, match="no column"):
        list(store.columns(Article, ["rowid"]))


def test_holding_finds_the_records_whose_list_holds_a_value(store: SQLiteStore) -> None:
    families = [
        model.SourceFamily(family_id=f"family_{n}", article_ids=tuple(f"a{n}{m}" for m in "xyz"))
        for n in range(700)
    ]
    store.put(families)
    asked = ["a5y", "a3z", "a3x", "a699x", "nobody", "a3"]  # a prefix of an ID is no match
    assert [f.family_id for f in store.holding(model.SourceFamily, "article_ids", asked)] == [
        "family_3", "family_5", "family_699"
    ]
    many = [f"a{n}y" for n in range(700)]  # more than one chunk of bound parameters
    assert len(store.holding(model.SourceFamily, "article_ids", many)) == 700
    assert store.holding(model.SourceFamily, "article_ids", []) == []
    with pytest.raises(StoreError, match="no field"):
        store.holding(model.SourceFamily, "article_ids') OR 1=1 --", ["x"])


def test_get_many_returns_the_known_keys_in_insertion_order(store: SQLiteStore) -> None:
    keys = [f"k{i:04d}" for i in range(1203)]  # more than one chunk of bound parameters
    store.put(_article(k) for k in keys)
    asked = [*reversed(keys[::2]), "missing", keys[0]]  # any order, an unknown key, a repeat
    assert [a.article_id for a in store.get_many(Article, asked)] == keys[::2]
    assert store.get_many(Article, []) == []

def test_full_text_search_finds_words_and_survives_bad_syntax(store: SQLiteStore) -> None:
    store.insert_new(_article("h", "The harbour reopened after the storm."))
    store.insert_new(_article("m", "Markets fell sharply on Monday."))
    assert [h.article_id for h in store.search("harbours")] == ["h"]  # porter stemming
    assert store.search('"unbalanced') == []  # FTS syntax error: searched as a phrase
    assert [h.article_id for h in store.search("AND")] == []


def test_a_failed_transaction_keeps_what_was_committed_before(store: SQLiteStore) -> None:
    store.insert_new(_article("kept"))
    with pytest.raises(RuntimeError), store.transaction():
        store.insert_new(_article("lost"))
        raise RuntimeError("interrupted")
    assert store.keys(Article) == {"kept"}


def test_schema_is_versioned_and_reopening_migrates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "v.db"
    open_store(path).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    conn.close()
    assert {"article", "rejection", "reuse_link", "source_family", "story"} <= tables
    with open_store(path) as again:
        assert again.schema_version() == SCHEMA_VERSION


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="not a storyline database"):
        open_store(bogus)


def test_reading_a_missing_database_does_not_create_it(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no database"):
        open_store(tmp_path / "absent.db", create=False)
    assert not (tmp_path / "absent.db").exists()


def test_rejections_are_counted_by_reason(store: SQLiteStore) -> None:
    store.put(
        [
            Rejection(rejection_id=model.content_id("rej", str(i)), record_id=f"f{i}",
                      stage="ingest", reason="binary" if i % 2 else "empty-text")
            for i in range(5)
        ]
    )
    assert store.count_by(Rejection, "reason") == {"empty-text": 3, "binary": 2}


def test_an_old_database_is_migrated_to_the_current_schema(tmp_path: Path) -> None:
    """A database made by migration 1 alone gains every later table on open, data intact."""
    from storyline.store.schema import MIGRATIONS

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    MIGRATIONS[0](conn)
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with open_store(path) as old:
        assert old.schema_version() == SCHEMA_VERSION
        old.insert_new(_article("kept"))
        for cls in STORED_RECORDS:
            assert old.count(cls) == (1 if cls is Article else 0)


def test_a_table_made_before_a_record_gained_fields_gets_their_columns(tmp_path: Path) -> None:
    """Reuse links gained their prose figures after schema 4: a store of schema 4, whose
    reuse_link table lacks those columns, gains them on open and stores links with them."""
    from storyline.model import ReuseLink
    from storyline.store.schema import MIGRATIONS

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    for migration in MIGRATIONS[:4]:
        migration(conn)
    conn.execute('ALTER TABLE "reuse_link" DROP COLUMN "prose_a"')
    conn.execute('ALTER TABLE "reuse_link" DROP COLUMN "prose_b"')
    conn.execute("PRAGMA user_version = 4")
    conn.commit()
    conn.close()
    link = ReuseLink(
        link_id="l", article_a="a", article_b="b", kind="copy",
        containment_a=0.4, containment_b=0.3, score=0.4, prose_a=0.25, prose_b=0.0,
    )
    with open_store(path) as old:
        assert old.schema_version() == SCHEMA_VERSION
        old.put([link])
        assert old.get(ReuseLink, "l") == link
        assert [r.link_id for r in old.all(ReuseLink, prose_a=0.25)] == ["l"]


def test_an_analysis_table_of_schema_10_gains_the_failure_column(tmp_path: Path) -> None:
    """Analyses gained ``failure`` (the part of the analysis a rule failed on) after schema 10:
    a store of schema 10 gains the column on open, keeps what it held, and stores analyses with
    it (before the migration, storing one stopped the analyze stage with "table analysis has
    no column named failure")."""
    from storyline.model import Analysis
    from storyline.store.schema import MIGRATIONS

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    for migration in MIGRATIONS[:10]:
        migration(conn)
    conn.execute('ALTER TABLE "analysis" DROP COLUMN "failure"')
    conn.execute(
        'INSERT INTO "analysis" ("article_id", "model", "record") VALUES (?, ?, ?)',
        ("kept", "m+a17", '{"article_id": "kept", "model": "m+a17"}'),
    )
    conn.execute("PRAGMA user_version = 10")
    conn.commit()
    conn.close()
    failed = Analysis(article_id="new", model="m+a18", failure="quotes: IndexError: x")
    with open_store(path) as old:
        assert old.schema_version() == SCHEMA_VERSION
        assert old.get(Analysis, "kept") == Analysis(article_id="kept", model="m+a17")
        old.put([failed])
        assert old.get(Analysis, "new") == failed
