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
from dataclasses import replace
from typing import Literal

import numpy as np
import numpy.typing as npt

from storyline.config import EventConfig
from storyline.events.conflicts import conflicts_of, majority
from storyline.events.copies import Copies, fold_copies, pair_counts, unfold
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
from storyline.events.linkage import average_linkage
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
    lemmas: Sequence[str],
    lemma_vectors: Mapping[str, npt.NDArray[np.float32]] | None,
    sims: npt.NDArray[np.float32],
) -> npt.NDArray[np.float64]:
    """The predicates' cosines of a group's mentions (``sims``, their sentences', where a lemma
    has no vector)."""
    out = np.asarray(sims, dtype=np.float64).copy()
    if lemma_vectors is None:
        return out
    have = [lemma for lemma in sorted(set(lemmas)) if lemma in lemma_vectors]
    if not have:
        return out
    matrix = np.stack([lemma_vectors[lemma] for lemma in have]).astype(np.float64)
    cos = matrix @ matrix.T
    at = {lemma: k for k, lemma in enumerate(have)}
    rows = np.array([at.get(lemma, -1) for lemma in lemmas], dtype=np.int64)
    known = np.flatnonzero(rows >= 0)
    out[np.ix_(known, known)] = cos[np.ix_(rows[known], rows[known])]
    return out


def _variants(a: MentionKey, b: MentionKey) -> tuple[tuple[MentionKey, MentionKey], ...]:
    """Two mentions' keys as copies of them in two articles, and in one article: only the
    article tells them apart (a feature, and the lead bonus between two articles)."""
    if a.document != b.document:
        return (a, b), (a, replace(b, document=a.document))
    if not a.document:
        return ((a, b),) * 2
    return (a, replace(b, document=a.document + "\0")), (a, b)


def _group_probabilities(
    keys: Sequence[MentionKey],
    groups: Sequence[Copies],
    sims: npt.NDArray[np.float32],
    rows: Sequence[int],
    model: PairModel,
    lemma_vectors: Mapping[str, npt.NDArray[np.float32]] | None,
    triggers: npt.NDArray[np.float32] | None,
    words: npt.NDArray[np.float32] | None,
) -> tuple[npt.NDArray[np.float64], list[int]]:
    """The sums of the pairwise probabilities between the copies of each two groups of copies
    (``rows``: each group's row of ``sims``): _NEVER for each incompatible pair, 0 for each
    pair of one sentence, and the model's probability for the copies in two articles and for
    those in one (each computed once). And the groups whose copies would not join each other
    first (below).

    A group of copies stands for its copies joined before anything else. That gives the
    events of merging every copy when the copies are each other's nearest neighbours: their
    probability reaches the threshold and is above every other one a copy has (average
    linkage is reducible, so two mutually nearest groups can join at any time without changing
    the groups the joins end in). Otherwise (a copy closer to a mention of its own article:
    2 of the 52 groups of copies of a syndicated story of 5,081 mentions) the group is
    returned, to be compared copy by copy."""
    n = len(groups)
    firsts = [g.first for g in groups]
    own = [keys[i] for i in firsts]
    group_sims = sims[np.ix_(rows, rows)]
    lemma_cos = _lemma_cosines([k.lemma for k in own], lemma_vectors, group_sims)
    trigger_cos = _cosines(triggers, firsts)
    word_cos = _cosines(words, firsts)
    shared, one_sentence_pairs = pair_counts(groups)
    weight = [len(g.members) for g in groups]
    features: list[list[float]] = []
    where: list[tuple[int, int, int]] = []
    total = np.zeros((n, n))
    best = np.full(n, -np.inf)  # each group's highest probability with another group
    for x in range(n):
        for y in range(x + 1, n):
            a, b = own[x], own[y]
            if not compatible(a, b):
                total[x, y] = total[y, x] = _NEVER * weight[x] * weight[y]
                continue
            in_one = int(shared[x, y])
            counts = (weight[x] * weight[y] - in_one, in_one - int(one_sentence_pairs[x, y]))
            if one_sentence_pairs[x, y]:
                best[x], best[y] = max(best[x], 0.0), max(best[y], 0.0)
            for count, (ka, kb) in zip(counts, _variants(a, b), strict=True):
                if count <= 0:
                    continue  # pairs of one sentence: probability 0, against a join
                features.append(pair_features(
                    ka, kb, float(group_sims[x, y]), float(lemma_cos[x, y]),
                    None if trigger_cos is None else float(trigger_cos[x, y]),
                    None if word_cos is None else float(word_cos[x, y]),
                ))
                where.append((x, y, count))
    # Two copies of each group: in two articles, with one sentence's vectors.
    folded = [x for x in range(n) if weight[x] > 1]
    for x in folded:
        features.append(pair_features(
            keys[groups[x].members[0]], keys[groups[x].members[1]], float(group_sims[x, x]),
            float(lemma_cos[x, x]),
            None if trigger_cos is None else float(trigger_cos[x, x]),
            None if word_cos is None else float(word_cos[x, x]),
        ))
    if not features:
        return total, []
    p = model.probabilities(np.asarray(features, dtype=np.float64))
    for (x, y, count), q in zip(where, p[: len(where)], strict=True):
        total[x, y] += q * count
        total[y, x] = total[x, y]
        best[x], best[y] = max(best[x], q), max(best[y], q)
    copies_p = p[len(where):]
    apart = [
        x for x, q in zip(folded, copies_p, strict=True)
        if not (q >= model.threshold and q > best[x])
    ]
    return total, apart


def _learned_cluster(
    keys: Sequence[MentionKey],
    sims: npt.NDArray[np.float32],
    row_of: Mapping[int, int],
    model: PairModel,
    lemma_vectors: Mapping[str, npt.NDArray[np.float32]] | None,
    copies_of: Mapping[str, list[Copies]],
    triggers: npt.NDArray[np.float32] | None,
    words: npt.NDArray[np.float32] | None,
) -> list[int]:
    labels: dict[int, tuple[str, int]] = {}
    for group, groups in copies_of.items():
        local = [0]
        while len(groups) > 1 or len(groups[0].members) > 1:
            rows = [row_of[g.first] for g in groups]
            total, apart = _group_probabilities(
                keys, groups, sims, rows, model, lemma_vectors, triggers, words
            )
            if apart:
                groups = unfold(groups, apart, keys)
                continue
            weights = np.array([len(g.members) for g in groups], dtype=np.float64)
            local = average_linkage(total, weights, model.threshold)
            break
        for g, lab in zip(groups, local, strict=True):
            for i in g.members:
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
    fold: bool = True,
) -> list[int]:
    """A cluster number per mention (mentions with one number are one event). With the
    pairwise model (the shipped one by default) each compatible pair of a group gets its
    probability of being one event and groups join by average linkage; with ``model=None``
    (or no weights shipped) the similarity thresholds of ``cfg`` decide
    (:func:`threshold_cluster`). ``vectors`` are the mentions' sentences' MiniLM vectors,
    ``lemma_vectors`` the predicate lemmas' ("attacked" and "assault" are close, "attacked" and
    "said" are not); ``triggers`` (a row per mention) are the predicates' own vectors in their
    sentences (``embed.span_vectors``), ``words`` the vectors of the predicates as written.
    Without them the lemmas' cosine stands for theirs.

    Copies of a mention in other articles (events/copies.py) are compared once, as one group
    weighing their number, where they are each other's nearest (``_group_probabilities``), so
    the events are those of comparing every copy (``fold=False``) at the cost of the distinct
    mentions."""
    chosen = SHIPPED_PAIR_MODEL if model == "shipped" else model
    if chosen is None or isinstance(chosen, str):
        return threshold_cluster(keys, vectors, cfg, lemma_vectors)
    by_group: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        by_group.setdefault(key.group, []).append(i)
    inputs = [r for r in (vectors, triggers, words) if r is not None]
    copies_of = {g: fold_copies(keys, members, inputs, fold) for g, members in by_group.items()}
    firsts = sorted(c.first for groups in copies_of.values() for c in groups)
    # Only each group's first member is compared (without copies, every mention, as the same
    # product of the same matrix).
    compared = vectors if len(firsts) == len(keys) else vectors[firsts]
    sims = compared @ compared.T if len(keys) else np.zeros((0, 0), dtype=np.float32)
    # A copy compared alone (copies.unfold) has its first copy's sentence vector.
    position = {first: k for k, first in enumerate(firsts)}
    row_of = {i: position[c.first] for cs in copies_of.values() for c in cs for i in c.members}
    return _learned_cluster(
        keys, sims, row_of, chosen, lemma_vectors, copies_of, triggers, words
    )


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

