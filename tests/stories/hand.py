"""Article features written by hand: a few words and a unit vector, for engine tests that need
no model."""

from __future__ import annotations

import numpy as np

from storyline.stories import ArticleFeatures


def hand_features(article_id: str, words: str, vector: list[float]) -> ArticleFeatures:
    v = np.asarray(vector, dtype=np.float32)
    return ArticleFeatures(
        article_id=article_id,
        title=words,
        published=None,
        event_date=None,
        years=frozenset(),
        terms={w: 1.0 for w in words.split()},
        entities={},
        names={},
        people=frozenset(),
        place=None,
        vector=v / np.linalg.norm(v),
    )
