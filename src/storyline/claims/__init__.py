"""Story -> claims with their independent sources, contradictions, aligned quotes and a summary.

A *claim* is one statement of fact, supported by every sentence across the story's articles that
states it: copies and light edits, and paraphrases (:mod:`~storyline.claims.grouping`). Each
claim counts the independent source families behind it (articles that copy each other's prose
count once). Two claims that tell the same thing with values that cannot both hold are a
*conflict* (:mod:`~storyline.claims.conflicts`), with a one-line summary and a confidence.

Articles of related stories can be passed as ``background``: their sentences that restate this
story's facts join its claims as background supports, and the ones that contradict it are kept
as claims of their own so the conflict has both sides.

Modules: ``units`` (which sentences are statements), ``facts`` (what a statement pins down),
``grouping`` (claims), ``conflicts`` (contradictions), ``quotes`` (aligned quotes, speaker
contradictions), ``summary`` (cited summary, coverage), ``stage`` (which stories to recompute,
what to store for one). Everything is a pure function of records; the only model called is
``embed``. The stage over a store is the local engine's (``engines/local_claims.py``).
"""

from __future__ import annotations

from storyline.claims.build import (
    ALGORITHMS,
    ClaimSet,
    Embed,
    build_claims,
    claims_by_story,
    family_index,
)
from storyline.claims.stage import ClaimsRun
from storyline.claims.summary import coverage

__all__ = [
    "ALGORITHMS",
    "ClaimSet",
    "ClaimsRun",
    "Embed",
    "build_claims",
    "claims_by_story",
    "coverage",
    "family_index",
]
