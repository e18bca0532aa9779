"""A story's cited summary and its coverage matrix (which outlet reported which claim)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from storyline.claims.quotes import outlet
from storyline.claims.units import points_back
from storyline.config import ClaimConfig
from storyline.model import (
    Article,
    Claim,
    Conflict,
    Coverage,
    CoverageRow,
    StorySummary,
    SummarySentence,
)


def summarize(
    story_id: str,
    claims: Sequence[Claim],
    conflicts: Sequence[Conflict],
    groups: Sequence[Sequence[int]],
    claims_by_group: dict[int, Claim],
    vectors: npt.NDArray[np.float32],
    cfg: ClaimConfig,
) -> StorySummary:
    """The most important claims the story's own articles state, without repeating one another.

    Every sentence is a claim's wording, which is a source sentence: nothing appears that no
    source states. A disputed claim appears only when more independent families state it than
    state the other side; a tie leaves both out. A sentence whose subject points back ("He
    said he does not expect ...") names no one out of its article, so it is no summary line.
    """
    group_by_claim = {c.claim_id: g for g, c in claims_by_group.items()}
    by_id = {c.claim_id: c for c in claims}
    outweighed: set[str] = set()
    for conflict in conflicts:
        a, b = by_id[conflict.claim_a], by_id[conflict.claim_b]
        if a.family_count <= b.family_count:
            outweighed.add(a.claim_id)
        if b.family_count <= a.family_count:
            outweighed.add(b.claim_id)
    centroids = {
        c.claim_id: vectors[list(groups[group_by_claim[c.claim_id]])].mean(axis=0) for c in claims
    }
    chosen: list[Claim] = []
    for claim in claims:  # already ordered by importance
        if len(chosen) >= cfg.summary_sentences:
            break
        own = [s for s in claim.supports if not s.background]
        if (
            not own
            or claim.claim_id in outweighed
            or claim.text.rstrip().endswith("?")
            or points_back(claim.text)
        ):
            continue
        vec = centroids[claim.claim_id]
        vec = vec / (float(np.linalg.norm(vec)) or 1.0)
        if any(
            float(
                vec
                @ (centroids[c.claim_id] / (float(np.linalg.norm(centroids[c.claim_id])) or 1.0))
            )
            >= cfg.summary_max_cosine
            for c in chosen
        ):
            continue
        chosen.append(claim)
    return StorySummary(
        story_id=story_id,
        sentences=tuple(
            SummarySentence(
                claim_id=c.claim_id,
                text=c.text,
                family_count=c.family_count,
                citations=c.supports,
            )
            for c in chosen
        ),
    )


def coverage(story_id: str, claims: Sequence[Claim], articles: Sequence[Article]) -> Coverage:
    """The claims-by-outlets matrix over the story's own outlets."""
    outlets = tuple(sorted({outlet(a) for a in articles}))
    outlet_of = {a.article_id: outlet(a) for a in articles}
    rows = []
    for claim in claims:
        reported = {outlet_of[s.article_id] for s in claim.supports if s.article_id in outlet_of}
        rows.append(
            CoverageRow(claim_id=claim.claim_id, reported_by=tuple(o in reported for o in outlets))
        )
    return Coverage(story_id=story_id, outlets=outlets, rows=tuple(rows))
