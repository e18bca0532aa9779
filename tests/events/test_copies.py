"""A story whose articles are reprints of one another (a wire story run by many outlets) is
merged with the copies of each mention folded into one weighted group (events/copies.py):
the same events as merging every copy, for what the copies' own articles hold apart."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

import storyline.events.merge as merge
from storyline.config import EventConfig
from storyline.events.copies import fold_copies, pair_counts
from storyline.events.linkage import average_linkage
from storyline.events.merge import SHIPPED_PAIR_MODEL, MentionKey, cluster


def _unit(rows: list[list[float]]) -> np.ndarray:
    m = np.array(rows, dtype=np.float32)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


# A wire story's mentions in its first article: a shooting told twice in one sentence, the
# arrest, a court date, and a denial (another status: never one event with the rest).
WIRE = [
    MentionKey(group="s", lemma="shoot", kind="ASSAULT", document="w", sentence=0, lead=True,
               date="2025-03-04", participants=frozenset({"police"}),
               words=frozenset({"gunman", "shot", "guards"}), names=frozenset({"Dover"})),
    MentionKey(group="s", lemma="kill", kind="ASSAULT", document="w", sentence=0, lead=True,
               date="2025-03-04", words=frozenset({"gunman", "shot", "guards"}),
               names=frozenset({"Dover"})),
    MentionKey(group="s", lemma="arrest", kind="COERCE", document="w", sentence=2, lead=True,
               participants=frozenset({"police"}), words=frozenset({"arrested", "hours"})),
    MentionKey(group="s", lemma="appear", kind="CONSULT", document="w", sentence=7,
               date="2025-03-11", words=frozenset({"court", "appear"})),
    MentionKey(group="s", lemma="shoot", kind="ASSAULT", status="denied", document="w",
               sentence=8, words=frozenset({"denied", "shot"})),
]
SENTENCES = _unit([[1, 0.1, 0, 0], [1, 0.1, 0, 0], [0.6, 1, 0, 0], [0, 0.3, 1, 0],
                   [0.8, 0, 0.1, 0.4]])
TRIGGERS = _unit([[1, 0.2, 0, 0], [0.9, 0.3, 0, 0], [0, 1, 0.2, 0], [0, 0, 1, 0.1],
                  [1, 0, 0, 0.5]])


def _reprinted() -> tuple[list[MentionKey], np.ndarray, np.ndarray]:
    """The wire article and four reprints: one shifted down a line (a byline), one without the
    court date, and another report of the shooting in its own words."""
    keys, rows = list(WIRE), list(range(len(WIRE)))
    for n in range(1, 5):
        for i, key in enumerate(WIRE):
            if n == 3 and i == 3:
                continue
            keys.append(replace(key, document=f"r{n}", sentence=key.sentence + (n == 2)))
            rows.append(i)
    own = replace(WIRE[0], document="x", sentence=1, words=frozenset({"opened", "fire"}))
    sentences = np.vstack([SENTENCES[rows], _unit([[1, 0.3, 0.1, 0]])])
    triggers = np.vstack([TRIGGERS[rows], _unit([[1, 0.25, 0, 0]])])
    return [*keys, own], sentences, triggers


def test_copies_fold_into_one_group_per_mention() -> None:
    keys, sentences, triggers = _reprinted()
    groups = fold_copies(keys, range(len(keys)), [sentences, triggers])
    assert len(groups) == len(WIRE) + 1
    assert [len(g.members) for g in groups] == [5, 5, 5, 4, 5, 1]
    assert sum(len(g.members) for g in groups) == len(keys)
    # Each copy keeps its own sentence: pairs of one sentence are counted article by article.
    shared, one_sentence = pair_counts(groups)
    assert shared[0, 1] == 5 and one_sentence[0, 1] == 5  # "shot ... killing" in every copy
    assert shared[0, 3] == 4 and one_sentence[0, 3] == 0
    assert shared[0, 5] == 0


def test_folded_merging_gives_the_events_of_every_copy(monkeypatch: pytest.MonkeyPatch) -> None:
    keys, sentences, triggers = _reprinted()
    assert SHIPPED_PAIR_MODEL is not None
    weights: list[list[float]] = []

    def linkage(total: np.ndarray, weight: np.ndarray, threshold: float) -> list[int]:
        weights.append(list(weight))
        return average_linkage(total, weight, threshold)

    monkeypatch.setattr(merge, "average_linkage", linkage)
    folded = cluster(keys, sentences, EventConfig(), triggers=triggers, words=triggers)
    # The arrest, the court date and the denial merge as groups of their copies; the shooting
    # and the killing, each nearer the other report of the shooting than to its own copies,
    # copy by copy.
    assert weights == [[1.0, 1.0, 5.0, 4.0, 5.0] + [1.0] * 9]
    every = cluster(keys, sentences, EventConfig(), triggers=triggers, words=triggers, fold=False)
    assert folded == every
    # Every copy is a mention of its event (none is dropped), and the denial stays apart.
    assert len(folded) == len(keys)
    assert folded[4] not in {folded[0], folded[2]}
    assert len(set(folded)) < len(keys) / 2


def test_two_copies_in_one_article_are_not_folded() -> None:
    # A reprint that runs one sentence twice (in its title and its text): two mentions of one
    # article, compared as before (one article is a feature; one sentence counts against).
    first = WIRE[2]
    again = replace(first, sentence=5)
    keys = [first, again, replace(first, document="r1"), replace(again, document="r1")]
    rows = [SENTENCES[[2, 2, 2, 2]]]
    groups = fold_copies(keys, range(4), rows)
    assert [g.members for g in groups] == [[0, 2], [1, 3]]
    assert all(len(set(g.sentence_of)) == len(g.members) for g in groups)


def test_dates_resolved_apart_and_other_vectors_are_not_copies() -> None:
    # "on Tuesday" read against two publication dates: two dates, two keys.
    a = WIRE[3]
    other_day = replace(a, document="r1", date="2025-03-18")
    same_day = replace(a, document="r2")
    sentences = SENTENCES[[3, 3, 3, 3]].copy()
    sentences[3] = _unit([[0, 0.35, 1, 0]])[0]  # an edited sentence: another vector
    keys = [a, other_day, same_day, replace(a, document="r3")]
    groups = fold_copies(keys, range(4), [sentences])
    assert [g.members for g in groups] == [[0, 2], [1], [3]]
    assert [len(g.members) for g in fold_copies(keys, range(4), [sentences], fold=False)] == [1] * 4


def test_a_weighted_group_joins_as_its_copies_would() -> None:
    # Three mentions, the first with two copies: as one group of weight 3, the same joins and
    # means as the five mentions whose copies join first.
    p = np.array([[0, 0.9, 0.9, 0.5, 0.1],
                  [0.9, 0, 0.9, 0.5, 0.1],
                  [0.9, 0.9, 0, 0.5, 0.1],
                  [0.5, 0.5, 0.5, 0, 0.3],
                  [0.1, 0.1, 0.1, 0.3, 0]])
    every = average_linkage(p, np.ones(5), 0.3)
    total = np.array([[0, 1.5, 0.3], [1.5, 0, 0.3], [0.3, 0.3, 0]])
    grouped = average_linkage(total, np.array([3.0, 1.0, 1.0]), 0.3)
    assert every == [0, 0, 0, 0, 4]
    assert grouped == [0, 0, 2]
    # At a threshold between the groups' mean (0.5 with 3 copies, 0.3 after) the same stop.
    assert average_linkage(p, np.ones(5), 0.6) == [0, 0, 0, 3, 4]
    assert average_linkage(total, np.array([3.0, 1.0, 1.0]), 0.6) == [0, 1, 2]


def test_copies_nearer_to_their_own_articles_are_compared_one_by_one() -> None:
    # One sentence reprinted in two articles, each of which also leads with a report of
    # another shooting (a month apart: never one event). Each copy joins its own article's lead
    # first, so merging every copy leaves the two copies in two events: a folded group would
    # have held them together, so it is compared copy by copy and gives the same.
    told = MentionKey(group="s", lemma="shoot", kind="ASSAULT", document="a", sentence=4,
                      words=frozenset({"gunman", "shot", "two", "guards"}),
                      names=frozenset({"Dover"}))
    lead = MentionKey(group="s", lemma="shoot", kind="ASSAULT", document="a", sentence=1,
                      lead=True, date="2025-03-04", words=frozenset({"police", "said", "shot"}),
                      names=frozenset({"Dover", "Tuesday"}))
    other = MentionKey(group="s", lemma="shoot", kind="ASSAULT", document="b", sentence=1,
                       lead=True, date="2025-04-20", words=frozenset({"officer", "shot", "man"}),
                       names=frozenset({"Dover", "April"}))
    keys = [told, lead, replace(told, document="b", sentence=3), other]
    sentences = _unit([[1, 0.2, 0, 0], [1, 0.5, 0, 0], [1, 0.2, 0, 0], [1, 0.5, 0.1, 0]])
    triggers = _unit([[1, 0.1, 0, 0], [1, 0.12, 0, 0], [1, 0.1, 0, 0], [1, 0.08, 0, 0]])
    assert [g.members for g in fold_copies(keys, range(4), [sentences, triggers])] == [
        [0, 2], [1], [3]
    ]
    every = cluster(keys, sentences, EventConfig(), triggers=triggers, words=triggers, fold=False)
    assert every == [0, 0, 1, 1]
    assert cluster(keys, sentences, EventConfig(), triggers=triggers, words=triggers) == every
