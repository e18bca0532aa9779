"""The SQLite schema, derived from ``storyline.model``, and its numbered migrations.

A database records the migrations it has had in ``PRAGMA user_version``. Each migration is a
function of a connection; migration 1 creates a table per record type in ``STORED_RECORDS`` plus
the full-text index. A later model change (a new record type, a new indexed column) is a new
numbered migration appended here, never an edit of an old one.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from typing import Any

from storyline import model
from storyline.store.codec import scalar_fields


def table_name(cls: type[Any]) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", cls.__name__).lower()


def _is_reference(column: str) -> bool:
    # Columns that point at other records are the ones queries filter on.
    return column.endswith("_id") or column.startswith("article_")


def create_table_sql(cls: type[Any]) -> list[str]:
    """DDL for one record type: the key, one column per scalar field, and the JSON record."""
    name = table_name(cls)
    key: str = cls.KEY
    columns = [f'"{c}" {t}' for c, t in scalar_fields(cls).items() if c != key]
    statements = [
        f'CREATE TABLE IF NOT EXISTS "{name}" ('
        f'"{key}" TEXT PRIMARY KEY, {", ".join([*columns, "record TEXT NOT NULL"])})'
    ]
    for column in scalar_fields(cls):
        if column != key and _is_reference(column):
            statements.append(
                f'CREATE INDEX IF NOT EXISTS "{name}_{column}" ON "{name}" ("{column}")'
            )
    return statements


# The record types of the first schema. Later types get a migration of their own, so an old
# database and a new one end up with the same tables.
_FIRST_RECORDS = (
    model.Report,
    model.Article,
    model.Rejection,
    model.ReuseLink,
    model.SourceFamily,
    model.Analysis,
    model.Entity,
    model.StoryAssignment,
    model.Story,
    model.StoryChange,
    model.Claim,
    model.Conflict,
    model.AlignedQuote,
    model.StorySummary,
)


def _migration_1(conn: sqlite3.Connection) -> None:
    for cls in _FIRST_RECORDS:
        for statement in create_table_sql(cls):
            conn.execute(statement)
    # Full-text search over articles, keyed by article_id.
    conn.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS article_fts USING fts5("
        "article_id UNINDEXED, title, text, tokenize='porter unicode61')"
    )


def _migration_2(conn: sqlite3.Connection) -> None:
    # The persistent reuse index: one sketch per article.
    for statement in create_table_sql(model.ReuseSketch):
        conn.execute(statement)


def _migration_3(conn: sqlite3.Connection) -> None:
    # Stored lead vectors, so the stories stage embeds only articles it has not seen.
    for statement in create_table_sql(model.LeadVector):
        conn.execute(statement)


def _migration_4(conn: sqlite3.Connection) -> None:
    # The stories engine's state (bounded cost): a later run reads only what an arriving
    # article can join. Stores made before have none; their first run rebuilds it once.
    for cls in (model.StoryState, model.IndexPosting, model.TermCount):
        for statement in create_table_sql(cls):
            conn.execute(statement)


def add_missing_columns(conn: sqlite3.Connection, cls: type[Any]) -> None:
    """Columns for the scalar fields a stored record type gained since its table was made (the
    JSON record already carries them; the columns are for filtering)."""
    name = table_name(cls)
    have = {row[1] for row in conn.execute(f'PRAGMA table_info("{name}")')}
    for column, sql_type in scalar_fields(cls).items():
        if column not in have:
            conn.execute(f'ALTER TABLE "{name}" ADD COLUMN "{column}" {sql_type}')


def _migration_5(conn: sqlite3.Connection) -> None:
    # Reuse links measure the reporter's prose they share (quotations left out): families are
    # built on it. Links stored before have no figure and are measured when families are built.
    # Conflicts gain a one-line summary and a confidence, to filter on.
    add_missing_columns(conn, model.ReuseLink)
    add_missing_columns(conn, model.Conflict)


def _migration_6(conn: sqlite3.Connection) -> None:
    # The stories revision window: the recent articles' features as they were added,
    # so a revision re-decides their stories without reading their analyses.
    for statement in create_table_sql(model.WindowMember):
        conn.execute(statement)


def _migration_7(conn: sqlite3.Connection) -> None:
    # The editor's corrections: splits, merges, moves, dismissed and confirmed
    # conflicts, kept apart from what the stages compute so that no run overwrites them.
    for statement in create_table_sql(model.Correction):
        conn.execute(statement)


def _migration_8(conn: sqlite3.Connection) -> None:
    # The events stage: one Event per real-world event of a story (mentions nested), and what
    # each story's events were computed from.
    for cls in (model.Event, model.EventInputs):
        for statement in create_table_sql(cls):
            conn.execute(statement)


def _migration_9(conn: sqlite3.Connection) -> None:
    # Stored sentence vectors (keyed by encoder and text), so claims and events encode each
    # sentence once across runs: a later run re-reading an old story encodes nothing again.
    for statement in create_table_sql(model.SentenceVector):
        conn.execute(statement)


def _migration_10(conn: sqlite3.Connection) -> None:
    # Run records: each run's effective configuration, its fingerprint and each stage's
    # algorithm and fingerprint, so `storyline stats` can say which settings made what.
    for statement in create_table_sql(model.RunRecord):
        conn.execute(statement)


def _migration_11(conn: sqlite3.Connection) -> None:
    # An analysis says which of its parts failed on the article (``Analysis.failure``): the
    # analyze stage no longer stops on one article's error.
    add_missing_columns(conn, model.Analysis)


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    _migration_1,
    _migration_2,
    _migration_3,
    _migration_4,
    _migration_5,
    _migration_6,
    _migration_7,
    _migration_8,
    _migration_9,
    _migration_10,
    _migration_11,
)
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection) -> int:
    """Apply every migration the database has not had yet; return how many ran."""
    current = int(conn.execute("PRAGMA user_version").fetchone()[0])
    for number in range(current, SCHEMA_VERSION):
        with conn:
            MIGRATIONS[number](conn)
            conn.execute(f"PRAGMA user_version = {number + 1}")
    return SCHEMA_VERSION - current
