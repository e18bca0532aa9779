"""Read-side result types of the store that are not pipeline records."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchHit:
    article_id: str
    snippet: str
    score: float  # higher is better
