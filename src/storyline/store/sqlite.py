"""The embedded store: one SQLite file in WAL mode.

Every write is a transaction of its own, so a process killed mid-ingest leaves every committed
article intact and the file readable (WAL replays or discards the unfinished tail on next open).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from storyline.errors import StoreError
from storyline.model import STORED_RECORDS, Article
from storyline.store.codec import column_value, from_json, scalar_fields, to_json
from storyline.store.schema import migrate, table_name
from storyline.store.types import SearchHit

R = TypeVar("R")


class SQLiteStore:
    """The default :class:`~storyline.store.Store`: records as rows, each with its JSON."""

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path = Path(path)
        if not create and not self.path.exists():
            raise StoreError(f"no database at {self.path} (run `storyline ingest` first)")
        if self.path.parent and not self.path.parent.exists():
            raise StoreError(f"cannot create database {self.path}: folder does not exist")
        try:
            self._conn = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
            self._conn.execute("PRAGMA foreign_keys=ON")
            migrate(self._conn)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path} is not a storyline database: {exc}") from exc
        self._depth = 0

    # -- transactions -------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group writes into one atomic commit; nested uses join the outer transaction."""
        if self._depth == 0:
            self._conn.execute("BEGIN IMMEDIATE")
        self._depth += 1
        try:
            yield
        except BaseException:
            self._depth -= 1
            if self._depth == 0:
                self._conn.execute("ROLLBACK")
            raise
        self._depth -= 1
        if self._depth == 0:
            self._conn.execute("COMMIT")

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- generic record access ----------------------------------------------------------------

    def put(self, records: Iterable[Any]) -> int:
        """Insert or update records (by their key), keeping first-insertion order. Returns count."""
        count = 0
        with self.transaction():
            for record in records:
                self._upsert(record)
                count += 1
        return count

    def insert_new(self, record: Any) -> bool:
        """Insert a record unless its key is already stored; True when it was new."""
        cls = type(record)
        key = cls.KEY
        with self.transaction():
            row = self._conn.execute(
                f'SELECT 1 FROM "{table_name(cls)}" WHERE "{key}" = ?', (getattr(record, key),)
            ).fetchone()
            if row is not None:
                return False
            self._upsert(record)
            if isinstance(record, Article):
                self._conn.execute(
                    "INSERT INTO article_fts(article_id, title, text) VALUES (?, ?, ?)",
                    (record.article_id, record.title or "", record.text),
                )
            return True

    def _upsert(self, record: Any) -> None:
        cls = type(record)
        if cls not in STORED_RECORDS:
            raise StoreError(f"{cls.__name__} is not a stored record type")
        columns = list(scalar_fields(cls))
        if cls.KEY not in columns:
            columns.insert(0, cls.KEY)
        values = [column_value(getattr(record, c)) for c in columns] + [to_json(record)]
        names = ", ".join(f'"{c}"' for c in [*columns, "record"])
        updates = ", ".join(f'"{c}" = excluded."{c}"' for c in [*columns, "record"] if c != cls.KEY)
        self._conn.execute(
            f'INSERT INTO "{table_name(cls)}" ({names}) VALUES ({", ".join("?" * len(values))}) '
            f'ON CONFLICT("{cls.KEY}") DO UPDATE SET {updates}',
            values,
        )

    def get(self, cls: type[R], key: str) -> R | None:
        row = self._conn.execute(
            f'SELECT record FROM "{table_name(cls)}" WHERE "{cls.KEY}" = ?',  # type: ignore[attr-defined]
            (key,),
        ).fetchone()
        return None if row is None else from_json(cls, row[0])

    def all(self, cls: type[R], **where: Any) -> Iterator[R]:
        """Records of one type in insertion order, optionally filtered on scalar columns."""
        allowed = scalar_fields(cls)
        for column in where:
            if column not in allowed:
                raise StoreError(f"cannot filter {cls.__name__} on {column!r}")
        clause = " AND ".join(f'"{c}" = ?' for c in where)
        sql = f'SELECT record FROM "{table_name(cls)}"'
        if clause:
            sql += f" WHERE {clause}"
        sql += " ORDER BY rowid"
        for (text,) in self._conn.execute(sql, [column_value(v) for v in where.values()]):
            yield from_json(cls, text)

    def get_many(self, cls: type[R], keys: Iterable[str]) -> list[R]:
        """The records with these keys that exist, in insertion order (missing keys are skipped)."""
        wanted = list(dict.fromkeys(keys))
        found: list[tuple[int, R]] = []
        # SQLite caps the number of bound parameters; ask in chunks well under the limit.
        for at in range(0, len(wanted), 500):
            chunk = wanted[at : at + 500]
            sql = (
                f'SELECT rowid, record FROM "{table_name(cls)}" '
                f'WHERE "{cls.KEY}" IN ({", ".join("?" * len(chunk))})'  # type: ignore[attr-defined]
            )
            rows = self._conn.execute(sql, chunk)
            found.extend((rowid, from_json(cls, text)) for rowid, text in rows)
        return [record for _, record in sorted(found, key=lambda pair: pair[0])]

    def keys(self, cls: type[Any]) -> set[str]:
        return {
            row[0]
            for row in self._conn.execute(f'SELECT "{cls.KEY}" FROM "{table_name(cls)}"')
        }

    def count(self, cls: type[Any], **where: Any) -> int:
        clause = " AND ".join(f'"{c}" = ?' for c in where)
        sql = f'SELECT count(*) FROM "{table_name(cls)}"' + (f" WHERE {clause}" if clause else "")
        return int(self._conn.execute(sql, list(where.values())).fetchone()[0])

    def delete(self, cls: type[Any], keys: Sequence[str]) -> None:
        with self.transaction():
            self._conn.executemany(
                f'DELETE FROM "{table_name(cls)}" WHERE "{cls.KEY}" = ?', [(k,) for k in keys]
            )

    def replace_all(self, cls: type[Any], records: Iterable[Any]) -> None:
        """Swap every record of one type for a new set, atomically (derived, recomputed data)."""
        with self.transaction():
            self._conn.execute(f'DELETE FROM "{table_name(cls)}"')
            for record in records:
                self._upsert(record)

    def count_by(self, cls: type[Any], column: str) -> dict[str | None, int]:
        if column not in scalar_fields(cls):
            raise StoreError(f"cannot group {cls.__name__} by {column!r}")
        sql = f'SELECT "{column}", count(*) FROM "{table_name(cls)}" GROUP BY 1 ORDER BY 2 DESC'
        return {None if k is None else str(k): int(n) for k, n in self._conn.execute(sql)}

    # -- articles -----------------------------------------------------------------------------

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Full-text search over article titles and texts, best match first."""
        sql = (
            "SELECT article_id, snippet(article_fts, 2, '[', ']', ' … ', 12), "
            "bm25(article_fts) FROM article_fts WHERE article_fts MATCH ? ORDER BY 3 LIMIT ?"
        )
        try:
            rows = self._conn.execute(sql, (query, limit)).fetchall()
        except sqlite3.OperationalError:
            # A query with FTS syntax errors ("AND" alone, stray quotes) is searched as a phrase.
            phrase = '"' + query.replace('"', '""') + '"'
            rows = self._conn.execute(sql, (phrase, limit)).fetchall()
        return [SearchHit(article_id=a, snippet=s, score=-float(b)) for a, s, b in rows]

    def schema_version(self) -> int:
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])
