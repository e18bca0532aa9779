"""Shared test fixtures: where the third-party data lives, and a fresh store per test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from storyline.store import SQLiteStore, open_store

REPO = Path(__file__).resolve().parents[1]
# ../shared beside the checkout holds the seeds and evalsets (never copied into the repo).
SHARED = Path(os.environ.get("STORYLINE_SHARED", REPO.parent / "shared"))
SEEDS = SHARED / "seeds"
EVALSETS = SHARED / "evalsets"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    db = open_store(tmp_path / "test.db")
    yield db
    db.close()


def pytest_sessionstart(session: pytest.Session) -> None:
    # Many tests read the seeds and evalsets: without them, say so once, not in 100 failures.
    if not (SEEDS.is_dir() and EVALSETS.is_dir()):
        pytest.exit(
            f"test data not found at {SHARED} (expected ../shared beside the checkout); "
            "set STORYLINE_SHARED to its path",
            returncode=2,
        )
