"""Which modules import the store: the issue's target is the engines, ingest and the read side
only (stage functions take records and return records). This test pins the list, so a new module
that reaches into the store is a deliberate change of it, and a module that stops needing the
store must leave it."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "storyline"

# The engines (the local one: pipeline, run records, dataset load and dump), ingest, and the
# read side (query*, exports, CLI, desk): where the store belongs.
TARGET = {
    "storyline",  # __init__: open_store, the public API
    "storyline.pipeline",
    "storyline.engines.local",
    "storyline.engines.local_stories",
    "storyline.engines.local_claims",
    "storyline.engines.local_events",
    "storyline.engines.local_corrections",
    "storyline.engines.local_vectors",
    "storyline.engines.own_process",  # a large stage in a process of its own opens the store
    "storyline.runs",
    "storyline.dataset",
    "storyline.query",
    "storyline.query_rows",
    "storyline.query_article_rows",
    "storyline.query_runs",
    "storyline.query_events",
    "storyline.query_desk",
    "storyline.query_desk_records",
    "storyline.query_desk_why",
    "storyline.export",
    "storyline.cli",
    "storyline.cli_desk",
    "storyline.cli_store",  # `load` opens the store it loads into (made when missing)
    "storyline.web",
    "storyline.web.app",
    "storyline.web.actions",
}

# Modules that import the store and are not in the target: none left. Every stage's reads and
# writes are engines/local*.py's (the sentence vectors the claims and events stages share are
# kept through engines/local_vectors.py). A module that needs the store again is listed here
# first, so the change is deliberate.
STILL_TO_MOVE: set[str] = set()


def _module(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports_store(path: Path) -> bool:
    """Whether a module imports ``storyline.store`` (the Store protocol, SQLite, the schema);
    ``storyline.store.codec``, the record <-> JSON codec, is not the store."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "storyline.store":
            names = [f"storyline.store.{a.name}" for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module is not None:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        if any(
            (n == "storyline.store" or n.startswith("storyline.store."))
            and n != "storyline.store.codec"
            for n in names
        ):
            return True
    return False


def store_importers() -> set[str]:
    return {
        _module(path)
        for path in SRC.rglob("*.py")
        if not _module(path).startswith("storyline.store") and _imports_store(path)
    }


def test_only_the_listed_modules_import_the_store() -> None:
    found = store_importers()
    assert found - TARGET - STILL_TO_MOVE == set(), "a new module imports the store"
    assert STILL_TO_MOVE - found == set(), "no longer imports the store: drop it from the list"
    assert not TARGET & STILL_TO_MOVE
    assert found <= TARGET | STILL_TO_MOVE
    # The target: no stage module reaches into the store.
    assert found - TARGET == set()
