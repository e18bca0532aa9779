"""Copies of one mention in other articles (a wire story reprinted by many outlets), folded
into one weighted group before event merging, as the claims stage folds copied statements
(claims/build.py fold_copies).

A copy is a mention whose merging inputs are identical: the same MentionKey but for the
article and the sentence's place in it (so the same lemma, type, status, actors, resolved
date and place, sentence words), and the same sentence, predicate-in-context and
predicate-as-written vectors. A date resolved against two publication dates is two keys, so
never a copy. Two mentions of one article are never copies of each other: the article's own
mentions are compared as before (one sentence counts against a join; one article is a
feature). Merging then costs the distinct mentions, not every reprint of them: 300 reprints
of a story's 30 mentions are 30 groups, not 9,000 mentions and 40 million pairs. A group
whose copies are not each other's nearest is compared copy by copy again (``unfold``;
merge._group_probabilities says when).

What a pair of groups needs of their copies is how many pairs of them share an article
(``shared``) and how many of those share a sentence (``one_sentence``): the other pairs
are of two articles. Each copy keeps its own EventMention: only merging sees the groups.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import combinations

import numpy as np
import numpy.typing as npt

from storyline.events.keys import MentionKey


@dataclass(slots=True)
class Copies:
    """One mention and its copies: ``members`` (the first is the one compared), by index of
    the mentions merged, and the sentence each copy is in, by article."""

    members: list[int]
    sentence_of: dict[str, int] = field(default_factory=dict)

    @property
    def first(self) -> int:
        return self.members[0]


def fold_copies(
    keys: Sequence[MentionKey],
    members: Sequence[int],
    rows: Sequence[npt.NDArray[np.float32]],
    fold: bool = True,
) -> list[Copies]:
    """The mentions ``members`` (indices into ``keys`` and each of ``rows``, the mentions'
    vectors) as groups of copies, in the order of their first members. A mention of no
    article (``document`` empty) is never folded; with ``fold`` False none is."""
    out: list[Copies] = []
    open_groups: dict[tuple[object, ...], list[Copies]] = {}
    for i in members:
        key = keys[i]
        doc = key.document
        if not fold or not doc:
            out.append(_alone(i, key))
            continue
        same = (replace(key, document="", sentence=-1), *(r[i].tobytes() for r in rows))
        candidates = open_groups.setdefault(same, [])
        into = next((g for g in candidates if doc not in g.sentence_of), None)
        if into is None:
            into = _alone(i, key)
            candidates.append(into)
            out.append(into)
        else:
            into.members.append(i)
            into.sentence_of[doc] = key.sentence
    return out


def unfold(
    groups: Sequence[Copies], apart: Sequence[int], keys: Sequence[MentionKey]
) -> list[Copies]:
    """``groups`` with those at the positions ``apart`` split into their copies, each alone,
    in the order of their first members (the order merging breaks ties in)."""
    split = set(apart)
    out: list[Copies] = []
    for x, g in enumerate(groups):
        out.extend([_alone(i, keys[i]) for i in g.members] if x in split else [g])
    return sorted(out, key=lambda g: g.first)


def _alone(i: int, key: MentionKey) -> Copies:
    return Copies([i], {key.document: key.sentence} if key.document else {})


def pair_counts(
    groups: Sequence[Copies],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """For each two groups, how many pairs of their copies are of one article, and how many of
    those of one sentence (``rules.one_sentence``: a sentence number of 0 or more)."""
    n = len(groups)
    docs = sorted({d for g in groups for d in g.sentence_of})
    column = {d: k for k, d in enumerate(docs)}
    present = np.zeros((n, len(docs)))
    at: dict[tuple[str, int], list[int]] = {}
    for x, g in enumerate(groups):
        for doc, sentence in g.sentence_of.items():
            present[x, column[doc]] = 1.0
            if sentence >= 0:
                at.setdefault((doc, sentence), []).append(x)
    shared = np.rint(present @ present.T).astype(np.int64)
    one_sentence = np.zeros((n, n), dtype=np.int64)
    for xs in at.values():
        for x, y in combinations(xs, 2):
            one_sentence[x, y] += 1
            one_sentence[y, x] += 1
    return shared, one_sentence
