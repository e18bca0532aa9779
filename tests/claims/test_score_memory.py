"""A story's pair scores are made in place, a block of rows at a time: the same values, bit for
bit, as the whole expressions they stand for, with one square held where there were several."""

from __future__ import annotations

import random
import tracemalloc

import numpy as np

from storyline.analyze import Analyzer
from storyline.claims import Embed
from storyline.claims.grouping import (
    _BLOCK_ROWS,
    _idf_weights,
    cross_scores,
    dice_matrix,
    frame_matrix,
    pair_scores,
)
from storyline.claims.units import Unit, statements
from tests.claims.helpers import CFG, SUMMIT, article


def _dice_whole(stem_sets: list[frozenset[str]]) -> np.ndarray:
    """IDF-weighted Dice as one expression over whole squares."""
    weights, binary = _idf_weights(stem_sets, None)
    shared = np.asarray((weights @ binary.T).toarray(), dtype=np.float64)
    shared = np.minimum(shared, shared.T)
    totals = np.asarray(weights.sum(axis=1), dtype=np.float64).ravel()
    denom = totals[:, None] + totals[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denom > 0, 2.0 * shared / denom, 0.0)


def _stem_sets(n: int, seed: int) -> list[frozenset[str]]:
    rng = random.Random(seed)
    words = [f"stem{k}" for k in range(400)]
    # some texts share a small vocabulary, some draw from a large one, some have no word
    return [
        frozenset(rng.choices(words[: rng.choice([12, 400])], k=rng.randint(0, 9)))
        for _ in range(n)
    ]


def test_dice_by_blocks_is_the_whole_expression_bit_for_bit() -> None:
    for n in (0, 1, 7, _BLOCK_ROWS, 2 * _BLOCK_ROWS + 37):
        stem_sets = _stem_sets(n, seed=n)
        made = dice_matrix(stem_sets)
        assert made.dtype == np.float64
        assert np.array_equal(made, _dice_whole(stem_sets)), n
        assert np.array_equal(made, made.T)


def test_dice_holds_about_one_square() -> None:
    stem_sets = _stem_sets(1500, seed=3)
    square_mb = 1500 * 1500 * 8 / 2**20
    tracemalloc.start()
    dice_matrix(stem_sets)
    peak_mb = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    # the square itself and a few blocks of rows; the whole expression held four squares
    assert peak_mb < 1.5 * square_mb, (peak_mb, square_mb)


def test_story_scores_are_the_whole_expression(analyzer: Analyzer, embed: Embed) -> None:
    other = article(
        "c2",
        "Harbour Courier",
        "Foreign Minister Ana Duarte signed the fisheries accord with Karim Bennani in Lisbon "
        "on Tuesday. The accord sets new quotas for sardine fleets, the ministry said. Ana "
        "Duarte said the quotas would be reviewed every three years.",
    )
    articles = [SUMMIT, other]
    analyses = {a.article_id: a for a in analyzer(articles)}
    units = statements(articles, analyses, {"c1": "f1", "c2": "f2"}, set(), CFG)
    vectors = embed([u.text for u in units])
    cos, score = pair_scores(units, vectors, CFG)
    assert cos.dtype == np.float32  # the encoder's products, not widened
    whole_cos = (vectors @ vectors.T).astype(np.float64)
    whole = (
        0.5 * whole_cos
        + 0.5 * dice_matrix([u.stems for u in units])
        + CFG.frame_bonus * frame_matrix(units)
    )
    assert np.array_equal(cos.astype(np.float64), whole_cos)
    assert np.array_equal(score, whole)
    rows = list(range(0, len(units), 2))
    crossed = cross_scores(units, vectors, rows, CFG)
    assert np.array_equal(crossed, _cross_whole(units, vectors, rows))


def _cross_whole(units: list[Unit], vectors: np.ndarray, rows: list[int]) -> np.ndarray:
    """The rows' paraphrase scores against every statement, as one expression over whole
    matrices (the shared mass of each row as its own words find them, frames every statement
    does not share)."""
    picked = np.asarray(rows)
    cos = (vectors[picked] @ vectors.T).astype(np.float64)
    weights, binary = _idf_weights([u.stems for u in units], None)
    shared = np.asarray((weights[picked] @ binary.T).toarray(), dtype=np.float64)
    totals = np.asarray(weights.sum(axis=1), dtype=np.float64).ravel()
    denom = totals[picked][:, None] + totals[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        dice = np.where(denom > 0, 2.0 * shared / denom, 0.0)
    frames = np.zeros((len(picked), len(units)))
    for frame in {f for u in units for f in u.facts.frames}:
        members = [i for i, u in enumerate(units) if frame in u.facts.frames]
        if 1 < len(members) < len(units):
            for k, i in enumerate(picked):
                if i in members:
                    frames[k, members] = 1.0
    frames[np.arange(len(picked)), picked] = 0.0
    return 0.5 * cos + 0.5 * dice + CFG.frame_bonus * frames
