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
