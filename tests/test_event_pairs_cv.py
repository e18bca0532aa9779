"""The cross-validation by topic of benchmarks/events_train_pairs.py, on mentions made up here
(no evalset needed)."""

from __future__ import annotations

from typing import Any

import benchmarks.events_train_pairs as train_pairs
import numpy as np
import numpy.typing as npt
import pytest
from benchmarks.events_train_pairs import THRESHOLDS, EcbData, cv_by_topic, topic_of

from storyline.events.merge import MentionKey


def _unit(v: npt.NDArray[np.float64]) -> npt.NDArray[np.float32]:
    out: npt.NDArray[np.float32] = (v / np.linalg.norm(v)).astype(np.float32)
    return out


def _data(topics: int = 5) -> EcbData:
    """Per topic one story of two events (a fire and an arrest), each told once in each of
    three articles; the two events' vectors point two ways, with a little noise."""
    rng = np.random.RandomState(1)
    axes = {"fire": np.eye(8)[0], "arrest": np.eye(8)[1]}
    mentions: list[dict[str, Any]] = []
    keys: list[MentionKey] = []
    rows: list[npt.NDArray[np.float32]] = []
    for topic in range(1, topics + 1):
        story = f"{topic}_1"
        for doc in range(3):
            for n, lemma in enumerate(("fire", "arrest")):
                mentions.append({"split": "train", "instance": f"{story}/{lemma}"})
                keys.append(MentionKey(group=story, lemma=lemma, document=f"{story}/{doc}",
                                       sentence=n))
                rows.append(_unit(axes[lemma] + 0.1 * rng.randn(8)))
    vectors = np.stack(rows)
    lemma_vectors = {lemma: _unit(axis) for lemma, axis in axes.items()}
    return EcbData(mentions, keys, vectors, lemma_vectors, vectors, vectors)


def test_a_topic_is_the_subtopic_number_before_its_underscore() -> None:
    assert topic_of("36_2") == "36"
    assert topic_of("3_1") == "3"


def test_each_fold_is_scored_by_a_model_that_never_saw_its_topics(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = _data()
    fitted_on: list[set[str]] = []
    fit = train_pairs._regression

    def recording(d: EcbData, idx: list[int], c: float) -> tuple[Any, float]:
        fitted_on.append({topic_of(d.keys[i].group) for i in idx})
        return fit(d, idx, c)

    monkeypatch.setattr(train_pairs, "_regression", recording)
    scores = cv_by_topic(data, folds=4)
    assert len(fitted_on) == 4  # one fit per fold
    every = {str(t) for t in range(1, 6)}
    held = [every - seen for seen in fitted_on]
    assert all(held), "each fold holds out at least one topic"
    assert set().union(*held) == every  # every topic is scored once
    assert sum(len(h) for h in held) == len(every)
    assert set(scores) == set(THRESHOLDS)
    # Two events pointing two ways are told apart at the shipped threshold.
    assert scores[0.2] == pytest.approx(1.0)


def test_fewer_topics_than_folds_make_fewer_folds() -> None:
    scores = cv_by_topic(_data(topics=2), folds=4)
    assert all(0.0 <= v <= 1.0 for v in scores.values())
