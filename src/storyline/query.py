"""The read side shared by the CLI and the API: every view of the store an edge renders."""

from __future__ import annotations

from storyline.model import Article
from storyline.store import Store


def list_articles(store: Store) -> list[Article]:
    return list(store.all(Article))


# --- reuse views (issue 3) ---


# --- analyze views (issue 4) ---


# --- story views (issue 5) ---


# --- claim views (issue 6) ---
