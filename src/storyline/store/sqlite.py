"""The embedded store: one SQLite file in WAL mode.

Every write is a transaction of its own, so a process killed mid-ingest leaves every committed
article intact and the file readable (WAL replays or discards the unfinished tail on next open).

One writer at a time: a run holds :meth:`SQLiteStore.exclusive` (an advisory lock on the
``<db>-lock`` file beside the database) from its first write to its last, so a second run on the
same store waits for it instead of interleaving its stages with the first one's. Readers never
wait (WAL).
"""

from __future__ import annotations

import dataclasses
import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from storyline.errors import StoreError
from storyline.model import STORED_RECORDS, Article
from storyline.store.codec import column_value, from_json, scalar_fields, to_json
from storyline.store.schema import migrate, table_name
from storyline.store.types import SearchHit

R = TypeVar("R")

# Lone UTF-16 surrogates, which SQLite's UTF-8 cannot hold (a command-line argument with bytes
# that are not UTF-8 arrives with them).
_SURROGATES = re.compile("[\ud800-\udfff]")


def _param(value: Any) -> Any:
    """A query parameter SQLite can take: text with lone surrogates replaced by U+FFFD."""
    if isinstance(value, str) and _SURROGATES.search(value):
        return _SURROGATES.sub("\ufffd", value)
    return value


# Suffix of the lock file a writing run holds beside the database.
LOCK_SUFFIX = "-lock"
# How long SQLite itself waits for another connection's write to finish before giving up.
BUSY_TIMEOUT_S = 60.0


class SQLiteStore:
    """The default :class:`~storyline.store.Store`: records as rows, each with its JSON."""

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path = Path(path)
        if not create and not self.path.exists():
            raise StoreError(f"no database at {self.path} (run `storyline ingest` first)")
        if self.path.parent and not self.path.parent.exists():
            raise StoreError(f"cannot create database {self.path}: folder does not exist")
        try:
            self._conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
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
        """Group writes into one atomic commit. A nested use is a savepoint inside the outer
        transaction: when its block raises, only its own writes are undone, so a caller can turn
        one record's failure into a rejection and keep the rest of the batch."""
        depth = self._depth
        self._conn.execute("BEGIN IMMEDIATE" if depth == 0 else f"SAVEPOINT sp{depth}")
        self._depth += 1
        try:
            yield
        except BaseException:
            self._depth -= 1
            if depth == 0:
                self._conn.execute("ROLLBACK")
            else:
                self._conn.execute(f"ROLLBACK TO sp{depth}")
                self._conn.execute(f"RELEASE sp{depth}")
            raise
        self._depth -= 1
        self._conn.execute("COMMIT" if depth == 0 else f"RELEASE sp{depth}")

    def close(self) -> None:
        self._conn.close()

    @contextmanager
    def exclusive(
        self, wait: bool = True, on_wait: Callable[[], None] | None = None
    ) -> Iterator[None]:
        """Hold the store's writer lock for the block: another process's ``exclusive`` block
        waits until this one ends (``wait``) or fails at once with a "store is busy"
        :class:`StoreError`. ``on_wait`` is called once if the lock is not free at first.

        The lock is ``flock`` on a file of its own (never on the database, whose POSIX locks
        SQLite would lose when another descriptor of it is closed); the kernel releases it when
        the holder exits, even by SIGKILL, so a killed run never leaves the store locked.
        """
        try:
            import fcntl
        except ImportError:  # no flock (Windows): SQLite's own locking still keeps data whole
            yield
            return
        lock_path = f"{self.path}{LOCK_SUFFIX}"
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if not wait:
                    raise StoreError(
                        f"the store {self.path} is busy: another storyline run is writing to it"
                    ) from None
                if on_wait is not None:
                    on_wait()
                while True:  # polled, so that Ctrl-C still interrupts the wait
                    try:
                        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                        break
                    except BlockingIOError:
                        time.sleep(0.2)
            yield
        finally:
            os.close(fd)  # closing the descriptor releases the lock

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
            (_param(key),),
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
        for (text,) in self._conn.execute(
            sql, [_param(column_value(v)) for v in where.values()]
        ):
            yield from_json(cls, text)

    def get_many(self, cls: type[R], keys: Iterable[str]) -> list[R]:
        """The records with these keys that exist, in insertion order (missing keys are skipped)."""
        wanted = list(dict.fromkeys(_param(k) for k in keys))
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
        params = [_param(column_value(v)) for v in where.values()]
        return int(self._conn.execute(sql, params).fetchone()[0])

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

    # -- narrow reads (the desk's pages: a few records of a large store) ----------------------

    def columns(
        self, cls: type[Any], names: Sequence[str], **where: Any
    ) -> Iterator[tuple[Any, ...]]:
        """Scalar columns of one record type in insertion order, without decoding records: what
        a listing needs of every article (its outlet, its date) costs no JSON. A ``where``
        value that is a list or tuple matches any of its values (in chunks, under SQLite's cap
        on bound parameters)."""
        allowed = {cls.KEY, *scalar_fields(cls)}
        for column in (*names, *where):
            if column not in allowed:
                raise StoreError(f"{cls.__name__} has no column {column!r}")
        many = [c for c, v in where.items() if isinstance(v, (list, tuple))]
        if len(many) > 1:
            raise StoreError("columns() takes one list of values at a time")
        if many:
            (column,) = many
            values = list(dict.fromkeys(where[column]))
            rest = {c: v for c, v in where.items() if c != column}
            found: list[tuple[Any, ...]] = []
            for at in range(0, len(values), 500):
                found.extend(self._columns(cls, ["rowid", *names], rest, column,
                                           values[at : at + 500]))
            yield from (row[1:] for row in sorted(found, key=lambda row: int(row[0])))
            return
        yield from self._columns(cls, names, where, None, [])

    def _columns(
        self, cls: type[Any], names: Sequence[str], where: dict[str, Any],
        among_column: str | None, among: Sequence[Any],
    ) -> Iterator[tuple[Any, ...]]:
        selected = ", ".join("rowid" if n == "rowid" else f'"{n}"' for n in names)
        sql = f'SELECT {selected} FROM "{table_name(cls)}"'
        tests = [f'"{c}" = ?' for c in where]
        args = [_param(column_value(v)) for v in where.values()]
        if among_column is not None:
            tests.append(f'"{among_column}" IN ({", ".join("?" * len(among))})')
            args += [_param(column_value(v)) for v in among]
        if tests:
            sql += " WHERE " + " AND ".join(tests)
        sql += " ORDER BY rowid"
        yield from self._conn.execute(sql, args)

    def holding(self, cls: type[R], field: str, values: Sequence[str]) -> list[R]:
        """Records of one type whose top-level list ``field`` holds one of ``values``, in
        insertion order: the source families of some articles. SQLite walks each record's list
        (``json_each``) and looks its items up among the values, so the cost is one pass over
        the table whatever the number of values; ``containing`` with hundreds of needles tests
        each of them against every record (a listing page: 690 ms against 12 ms for 300
        articles on the 10,000-article store of benchmarks/desk_speed.py)."""
        if field not in {f.name for f in dataclasses.fields(cls)}:  # type: ignore[arg-type]
            raise StoreError(f"{cls.__name__} has no field {field!r}")
        wanted = [_param(v) for v in dict.fromkeys(values) if v]
        found: dict[int, str] = {}
        for at in range(0, len(wanted), 500):
            chunk = wanted[at : at + 500]
            sql = (
                f'SELECT DISTINCT t.rowid, t.record FROM "{table_name(cls)}" AS t, '
                f"json_each(t.record, '$.{field}') AS item "
                f'WHERE item.value IN ({", ".join("?" * len(chunk))})'
            )
            found.update(self._conn.execute(sql, chunk))
        return [from_json(cls, found[rowid]) for rowid in sorted(found)]

    def containing(self, cls: type[R], needles: Sequence[str]) -> list[R]:
        """Records of one type whose stored JSON contains one of ``needles``, in insertion order.

        A prefilter run inside SQLite (``instr`` over the JSON text), for lists no column holds
        (the articles of a source family, the mentions of an entity): callers check the records.
        """
        found: dict[int, str] = {}
        wanted = [_param(n) for n in dict.fromkeys(needles) if n]
        for at in range(0, len(wanted), 200):
            chunk = wanted[at : at + 200]
            sql = (
                f'SELECT rowid, record FROM "{table_name(cls)}" WHERE '
                + " OR ".join("instr(record, ?) > 0" for _ in chunk)
            )
            found.update(self._conn.execute(sql, chunk))
        return [from_json(cls, found[rowid]) for rowid in sorted(found)]

    # -- articles -----------------------------------------------------------------------------

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Full-text search over article titles and texts, best match first."""
        sql = (
            "SELECT article_id, snippet(article_fts, 2, '[', ']', ' … ', 12), "
            "bm25(article_fts) FROM article_fts WHERE article_fts MATCH ? ORDER BY 3 LIMIT ?"
        )
        query = _param(query)
        try:
            rows = self._conn.execute(sql, (query, limit)).fetchall()
        except sqlite3.OperationalError:
            # A query with FTS syntax errors ("AND" alone, stray quotes) is searched as a phrase.
            phrase = '"' + query.replace('"', '""') + '"'
            rows = self._conn.execute(sql, (phrase, limit)).fetchall()
        return [SearchHit(article_id=a, snippet=s, score=-float(b)) for a, s, b in rows]

    def schema_version(self) -> int:
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])
