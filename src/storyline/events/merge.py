"""One record per real-world event: mentions of one story that report the same event are
merged (cross-document event coreference), and where they disagree is recorded.

What rules a pair out (events/rules.py): another PLOVER type,
another status (a plan is not the deed), actors of countries the other does not name ("Sharif
met Xi" is not "Sharif met Putin"), dates more than a week apart, places in different
countries, and for two coded mentions the pluperfect on one side only (an earlier occasion).
Two mentions of one sentence count as probability 0 (two events it tells are most often two).

Every other pair of a story gets the probability that it reports one event from a logistic
regression (PairModel, fitted on the ECB+ train topics by benchmarks/events_train_pairs.py)
over the predicates' closeness (their lemmas, their words, their own vectors in their
sentences) and the sentences', and the arguments the coder found (date,
place, participants); groups join by average linkage while their mean pairwise probability
reaches the model's threshold, a pair ruled out keeping its two groups apart for good.
Without the weights the hand-set similarity thresholds of the configuration decide
(threshold_cluster). A date, place or actor that still differs inside an event (a day apart,
another city of the same country) is a conflict, explained.
The same function scores ECB+ event coreference in benchmarks/events_quality.py.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

import numpy as np
import numpy.typing as npt

from storyline.config import EventConfig
from storyline.events.conflicts import conflicts_of, majority
from storyline.events.keys import (
    LEAD_SENTENCES,
    MentionKey,
    main_actors,
    mention_key,
    participant_keys,
    person_words,
    place_key,
    recalled,
    sentence_words,
)
from storyline.events.pair_model import (
    PAIR_FEATURES,
    PAIR_WEIGHTS,
    SHIPPED_PAIR_MODEL,
    TYPED_LEMMA_COSINE,
    PairModel,
    load_pair_model,
    pair_features,
)
from storyline.events.rules import MAX_DATE_GAP_DAYS, compatible, one_sentence

# What the modules of merging export, kept importable from here (the stage, the benchmarks and
# the tests read them as ``storyline.events.merge``'s).
__all__ = [
    "LEAD_SENTENCES",
    "MAX_DATE_GAP_DAYS",
    "PAIR_FEATURES",
    "PAIR_WEIGHTS",
    "SHIPPED_PAIR_MODEL",
    "TYPED_LEMMA_COSINE",
    "MentionKey",
    "PairModel",
    "cluster",
    "compatible",
    "conflicts_of",
    "load_pair_model",
    "main_actors",
    "majority",
    "mention_key",
    "one_sentence",
    "pair_features",
    "participant_keys",
    "person_words",
    "place_key",
    "recalled",
    "sentence_words",
    "threshold_cluster",
]

def _joinable(a: MentionKey, b: MentionKey) -> bool:
    """The hand-set decision's veto: compatible, and not of one sentence."""
    return compatible(a, b) and not one_sentence(a, b)


# Incompatible pairs weigh this much against a join: any one of them keeps two groups apart.
_NEVER = -1e12


def _lemma_cosines(
    keys: Sequence[MentionKey],
    members: Sequence[int],
    lemma_vectors: Mapping[str, npt.NDArray[np.float32]] | None,
    sims: npt.NDArray[np.float32],
) -> npt.NDArray[np.float64]:
    """The predicates' cosines of a group's mentions (their sentences' where a lemma has no
    vector)."""
    n = len(members)
    out = np.asarray(sims[np.ix_(members, members)], dtype=np.float64).copy()
    if lemma_vectors is None:
        return out
    lemmas = sorted({keys[i].lemma for i in members})
    have = [lemma for lemma in lemmas if lemma in lemma_vectors]
    if not have:
        return out
    matrix = np.stack([lemma_vectors[lemma] for lemma in have]).astype(np.float64)
    cos = matrix @ matrix.T
    at = {lemma: k for k, lemma in enumerate(have)}
    rows = [at.get(keys[i].lemma, -1) for i in members]
    for x in range(n):
        for y in range(n):
            if rows[x] >= 0 and rows[y] >= 0:
                out[x, y] = cos[rows[x], rows[y]]
    return out


def _average_linkage(probability: npt.NDArray[np.float64], threshold: float) -> list[int]:
    """Agglomerative clustering: the two groups of highest mean pairwise probability join while
    it reaches the threshold (an incompatible pair, _NEVER, keeps two groups apart for good).
    A local label per member."""
    n = len(probability)
    total = probability.copy()
    size = np.ones(n)
    mean = total.copy()
    np.fill_diagonal(mean, -np.inf)
    active = np.ones(n, dtype=bool)
    label = list(range(n))
    for _ in range(n - 1):
        k = int(np.argmax(mean))
        i, j = divmod(k, n)
        if not mean[i, j] >= threshold:
            break
        total[i, :] += total[j, :]
        total[:, i] += total[:, j]
        size[i] += size[j]
        active[j] = False
        mean[i, :] = np.where(active, total[i, :] / (size[i] * size), -np.inf)
        mean[i, i] = -np.inf
        mean[:, i] = mean[i, :]
        mean[j, :] = -np.inf
        mean[:, j] = -np.inf
        label = [i if lab == j else lab for lab in label]
    return label


def _learned_cluster(
    keys: Sequence[MentionKey],
    sims: npt.NDArray[np.float32],
    model: PairModel,
    lemma_vectors: Mapping[str, npt.NDArray[np.float32]] | None,
    by_group: Mapping[str, list[int]],
    triggers: npt.NDArray[np.float32] | None,
    words: npt.NDArray[np.float32] | None,
) -> list[int]:
    labels: dict[int, tuple[str, int]] = {}
    for group, members in by_group.items():
        n = len(members)
        lemma_cos = _lemma_cosines(keys, members, lemma_vectors, sims)
        trigger_cos = _cosines(triggers, members)
        word_cos = _cosines(words, members)
        rows: list[list[float]] = []
        where: list[tuple[int, int]] = []
        blocked: list[tuple[int, int]] = []
        for x in range(n):
            for y in range(x + 1, n):
                a, b = keys[members[x]], keys[members[y]]
                if not compatible(a, b):
                    blocked.append((x, y))
                    continue
                if one_sentence(a, b):
                    continue  # probability 0: against a join, not a veto
                rows.append(pair_features(
                    a, b, float(sims[members[x], members[y]]), float(lemma_cos[x, y]),
                    None if trigger_cos is None else float(trigger_cos[x, y]),
                    None if word_cos is None else float(word_cos[x, y]),
                ))
                where.append((x, y))
        probability = np.zeros((n, n))
        if rows:
            p = model.probabilities(np.asarray(rows, dtype=np.float64))
            for (x, y), q in zip(where, p, strict=True):
                probability[x, y] = probability[y, x] = q
        for x, y in blocked:
            probability[x, y] = probability[y, x] = _NEVER
        local = _average_linkage(probability, model.threshold) if n > 1 else [0]
        for i, lab in zip(members, local, strict=True):
            labels[i] = (group, lab)
    roots: dict[tuple[str, int], int] = {}
    return [roots.setdefault(labels[i], len(roots)) for i in range(len(keys))]


def _cosines(
    vectors: npt.NDArray[np.float32] | None, members: Sequence[int]
) -> npt.NDArray[np.float64] | None:
    if vectors is None:
        return None
    chosen = np.asarray(vectors[list(members)], dtype=np.float64)
    out: npt.NDArray[np.float64] = chosen @ chosen.T
    return out


def cluster(
    keys: Sequence[MentionKey],
    vectors: npt.NDArray[np.float32],
    cfg: EventConfig,
    lemma_vectors: Mapping[str, npt.NDArray[np.float32]] | None = None,
    model: PairModel | Literal["shipped"] | None = "shipped",
    triggers: npt.NDArray[np.float32] | None = None,
    words: npt.NDArray[np.float32] | None = None,
) -> list[int]:
    """A cluster number per mention (mentions with one number are one event). With the
    pairwise model (the shipped one by default) each compatible pair of a group gets its
    probability of being one event and groups join by average linkage; with ``model=None``
    (or no weights shipped) the similarity thresholds of ``cfg`` decide
    (:func:`threshold_cluster`). ``vectors`` are the mentions' sentences' MiniLM vectors,
    ``lemma_vectors`` the predicate lemmas' ("attacked" and "assault" are close, "attacked" and
    "said" are not); ``triggers`` (a row per mention) are the predicates' own vectors in their
    sentences (``embed.span_vectors``), ``words`` the vectors of the predicates as written.
    Without them the lemmas' cosine stands for theirs."""
    chosen = SHIPPED_PAIR_MODEL if model == "shipped" else model
    if chosen is None or isinstance(chosen, str):
        return threshold_cluster(keys, vectors, cfg, lemma_vectors)
    sims = vectors @ vectors.T if len(keys) else np.zeros((0, 0), dtype=np.float32)
    by_group: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        by_group.setdefault(key.group, []).append(i)
    return _learned_cluster(keys, sims, chosen, lemma_vectors, by_group, triggers, words)


def threshold_cluster(
    keys: Sequence[MentionKey],
    vectors: npt.NDArray[np.float32],
    cfg: EventConfig,
    lemma_vectors: Mapping[str, npt.NDArray[np.float32]] | None = None,
) -> list[int]:
    """The hand-set decision, used without the pairwise model's weights: a pair links when
    its score (the sentences' cosine; for two predicates, its mean with their lemmas' cosine;
    plus the lead and same-city bonuses) reaches the bar of ``cfg`` for its kind of pair."""
    parent = list(range(len(keys)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    sims = vectors @ vectors.T if len(keys) else np.zeros((0, 0))
    by_group: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        by_group.setdefault(key.group, []).append(i)
    pairs: list[tuple[float, int, int]] = []
    for members in by_group.values():
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                a, b = keys[i], keys[j]
                if a.lemma == b.lemma:
                    bar = cfg.merge_same_lemma_similarity
                elif a.kind is not None and a.kind == b.kind:
                    bar = cfg.merge_min_similarity  # one PLOVER type is evidence already
                else:
                    bar = cfg.merge_untyped_similarity
                score = float(sims[i, j])
                if lemma_vectors is not None and a.lemma != b.lemma:
                    va, vb = lemma_vectors.get(a.lemma), lemma_vectors.get(b.lemma)
                    if va is not None and vb is not None:
                        score = (score + float(va @ vb)) / 2
                if a.lead and b.lead and a.document != b.document:
                    # Two articles' leads in one story most likely report its one event.
                    score += cfg.merge_lead_bonus
                if a.city is not None and a.city == b.city and a.kind is not None:
                    # One type of event in one city of one story: one occasion told in two
                    # ways ("presented his credentials" and "handed over the letter").
                    score += cfg.merge_same_city_bonus
                if score >= bar and _joinable(a, b):
                    pairs.append((score, i, j))
    # Closest pairs first; two groups join only when every mention of one is compatible with
    # every mention of the other, so mentions that name no actor cannot chain "Sharif met
    # Xi" to "Sharif met Putin".
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    members_of: dict[int, list[int]] = {i: [i] for i in range(len(keys))}
    for _, i, j in pairs:
        ri, rj = find(i), find(j)
        if ri == rj:
            continue
        if all(_joinable(keys[x], keys[y]) for x in members_of[ri] for y in members_of[rj]):
            parent[ri] = rj
            members_of[rj].extend(members_of.pop(ri))
    roots: dict[int, int] = {}
    return [roots.setdefault(find(i), len(roots)) for i in range(len(keys))]

