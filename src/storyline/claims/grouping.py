"""Statements of one fact across a story's articles, grouped into claims.

Two statements are candidates when they are copies or light edits (rapidfuzz ratio of their
normalized text) or paraphrases: ``0.5 * cosine + 0.5 * IDF-weighted Dice`` of content-word
stems, plus a bonus when they share a frame (a content predicate with a participant: "Arpaio
endorsed Perry" / "Arpaio will officially endorse Perry"). MiniLM alone scores most sentences of
one story 0.6-0.75 against each other; the shared rare words and frames are what separate a
paraphrase.

Outlets telling one fact in their own words often share little wording but pin it to the same
things: the same resolved date ("Tuesday" in both), the same figure ("$4.2 million"), the same
content predicate ("approve" and "approved"). Each such *anchor* that few statements of the
story share adds ``anchor_bonus`` to the grouping score of the two statements that share it (at
most two count): a value most of the story repeats (its main date, its main verb) says nothing about
which of its statements go together. Two predicates of other lemmas alike in meaning, read as
token vectors in their sentences ("snatched" / "grabbed"), add a bonus of their own to a pair
sharing a participant that is near a join. Both are read in ``claims.anchors``
(:func:`~storyline.claims.anchors.anchor_matrix`,
:func:`~storyline.claims.anchors.meaning_pairs`). The anchors only decide
grouping: the contradiction rules keep the score they were set on.

Candidates merge best first, and two groups join only when every pair across them is similar
enough (complete link, so one long sentence cannot chain two facts), compatible (no
contradiction between them, no opposite direction or negation on one predicate, no quotation
of two different speakers) and at most ``max_per_article`` statements of one article end up in
one claim. A sentence can state two facts ("Scalise was still in critical condition after a
gunman opened fire ..."): after grouping, each claim takes in the best statement of every
article it lacks when that statement scores at least ``extend_min_score`` with all of it, so a
statement may support more than one claim. Last, two claims that share a statement and are also
linked directly join into one when the whole still holds together (:func:`join_claims`): one
fact told by three outlets is one claim even when two of the wordings are far apart.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from itertools import combinations

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz
from scipy import sparse

from storyline.claims.anchors import (
    MEANING_BONUS,
    Population,
    SpanRead,
    anchor_matrix,
    meaning_pairs,
    population,
)
from storyline.claims.conflicts import contradictions, dated_apart
from storyline.claims.facts import Facts, content_predicate, same_predicate
from storyline.claims.findings import Places
from storyline.claims.units import Unit
from storyline.config import ClaimConfig
from storyline.model import Clause

Matrix = npt.NDArray[np.float64]
# Cosines between sentence vectors, as the float32 product of the vectors.
Cosines = npt.NDArray[np.float32]

_SINGLE_EXTRA = 0.1


def _idf_weights(
    stem_sets: Sequence[frozenset[str]], counted: Population | None
) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """Each text's words as a sparse row of IDF weights, and the same rows as 0/1. Words are
    indexed in sorted order, so each sum over them is taken in one order whatever the hash
    seed (the local and Ray engines run under different seeds). The IDF is over ``counted``
    when given, else over the texts."""
    n = counted.size if counted is not None else len(stem_sets)
    df = counted.words if counted is not None else Counter(s for t in stem_sets for s in t)
    vocab = {s: i for i, s in enumerate(sorted({s for t in stem_sets for s in t}))}
    rows: list[int] = []
    cols: list[int] = []
    values: list[float] = []
    for row, stems in enumerate(stem_sets):
        for s in stems:
            rows.append(row)
            cols.append(vocab[s])
            values.append(math.log(1.0 + n / df[s]))
    shape = (len(stem_sets), len(vocab))
    weights = sparse.csr_matrix((values, (rows, cols)), shape=shape, dtype=np.float64)
    weights.sort_indices()
    binary = weights.copy()
    binary.data[:] = 1.0
    return weights, binary


# Rows of a square matrix made at once by the dense steps below: what they hold beside the
# square itself is this many rows (a story of 8,000 statements: 16 MB a step, not 512).
_BLOCK_ROWS = 256


def _dice(shared: Matrix, left: Matrix, right: Matrix) -> Matrix:
    """Dice from the shared mass, written into ``shared`` (``2 * shared / (left + right)``, 0
    where both are empty), a block of rows at a time: the same values as the whole expression,
    without its squares."""
    for start in range(0, shared.shape[0], _BLOCK_ROWS):
        rows = shared[start : start + _BLOCK_ROWS]
        denom = left[start : start + _BLOCK_ROWS, None] + right[None, :]
        rows *= 2.0
        with np.errstate(divide="ignore", invalid="ignore"):
            rows /= denom
        rows[~(denom > 0)] = 0.0
    return shared


def _symmetric_min(shared: Matrix) -> None:
    """``shared`` replaced by ``min(shared, shared.T)`` in place, a block of rows at a time. A
    block reads columns that earlier blocks' rows already hold as minimums: the minimum of a
    minimum is the same minimum, so every entry comes out as the whole expression's."""
    for start in range(0, shared.shape[0], _BLOCK_ROWS):
        rows = shared[start : start + _BLOCK_ROWS]
        np.minimum(rows, shared[:, start : start + _BLOCK_ROWS].T, out=rows)


def _shared_mass(weights: sparse.csr_matrix, binary: sparse.csr_matrix) -> Matrix:
    """``(weights @ binary.T)`` as a dense matrix, made a block of rows at a time: a row of a
    sparse product depends only on its own row of ``weights``, so each is the same as in the
    whole product, and the sparse product is never held whole (12 bytes a nonzero, most of
    a large story's pairs)."""
    out = np.empty((weights.shape[0], binary.shape[0]), dtype=np.float64)
    right = binary.T.tocsr()
    for start in range(0, weights.shape[0], _BLOCK_ROWS):
        block = weights[start : start + _BLOCK_ROWS] @ right
        out[start : start + _BLOCK_ROWS] = block.toarray()
    return out


def dice_matrix(
    stem_sets: Sequence[frozenset[str]], counted: Population | None = None
) -> Matrix:
    """IDF-weighted Dice overlap of content words between every pair of texts (IDF over
    ``counted`` when given, else over the texts).

    The shared mass is a sparse product, so its cost follows the pairs that share a word, not
    texts x texts x vocabulary (a story of 3,000 statements and 10,000 words was a dense
    product of 9e10 steps). One square is held: the rest is made in place, by blocks of rows."""
    weights, binary = _idf_weights(stem_sets, counted)
    # shared[i, j]: IDF mass of i's words also in j
    shared = _shared_mass(weights, binary)
    _symmetric_min(shared)
    totals = np.asarray(weights.sum(axis=1), dtype=np.float64).ravel()
    return _dice(shared, totals, totals)


def cross_scores(
    units: Sequence[Unit], vectors: npt.NDArray[np.float32], rows: Sequence[int], cfg: ClaimConfig
) -> Matrix:
    """The paraphrase score of :func:`pair_scores` for the statements ``rows`` against every
    statement: ``len(rows)`` x ``len(units)``, without the square of all of them."""
    picked = np.asarray(rows, dtype=np.intp)
    cos = (vectors[picked] @ vectors.T).astype(np.float64)
    weights, binary = _idf_weights([u.stems for u in units], None)
    shared = _shared_mass(weights[picked], binary)
    totals = np.asarray(weights.sum(axis=1), dtype=np.float64).ravel()
    dice = _dice(shared, totals[picked], totals)
    frames = np.zeros((len(picked), len(units)), dtype=np.bool_)
    position = {int(i): k for k, i in enumerate(picked)}
    for members in _frame_members(units).values():
        if 1 < len(members) < len(units):
            mine = [position[i] for i in members if i in position]
            if mine:
                frames[np.ix_(mine, members)] = True
    frames[np.arange(len(picked)), picked] = False
    # ``0.5 * cos + 0.5 * dice + frame_bonus * frames``, in place (as in pair_scores).
    cos *= 0.5
    dice *= 0.5
    cos += dice
    np.add(cos, cfg.frame_bonus, out=cos, where=frames)
    return cos


def _frame_members(units: Sequence[Unit]) -> dict[tuple[str, str], list[int]]:
    index: dict[tuple[str, str], list[int]] = {}
    for i, u in enumerate(units):
        for frame in u.facts.frames:
            index.setdefault(frame, []).append(i)
    return index


def _frame_pairs(units: Sequence[Unit], counted: Population | None) -> npt.NDArray[np.bool_]:
    """True where two statements share a frame (a content predicate with a participant) that
    not every statement has."""
    n = len(units)
    counted = counted or population(units)
    shared = np.zeros((n, n), dtype=np.bool_)
    for frame, members in _frame_members(units).items():
        if len(members) > 1 and counted.frames[frame] < counted.size:
            idx = np.array(members)
            shared[np.ix_(idx, idx)] = True
    np.fill_diagonal(shared, False)
    return shared


def frame_matrix(units: Sequence[Unit], counted: Population | None = None) -> Matrix:
    """1 where two statements share a frame (a content predicate with a participant) that not
    every statement has."""
    return _frame_pairs(units, counted).astype(np.float64)


def pair_scores(
    units: Sequence[Unit],
    vectors: npt.NDArray[np.float32],
    cfg: ClaimConfig,
    counted: Population | None = None,
) -> tuple[Cosines, Matrix]:
    """Cosine and paraphrase score of every pair of statements (rarity over ``counted``, else
    over ``units``).

    The cosines are the encoder's float32 products, kept as they are: widened they hold the
    same values in twice the memory. The score is built in place, term by term, in the order
    of ``0.5 * cos + 0.5 * dice + frame_bonus * frames``, so its values are that expression's
    while at most two squares of float64 are held (a story of 8,000 statements: 1 GB, not 3)."""
    if not units:
        return np.zeros((0, 0), dtype=np.float32), np.zeros((0, 0))
    cos = vectors @ vectors.T
    score = cos.astype(np.float64)
    score *= 0.5
    dice = dice_matrix([u.stems for u in units], counted)
    dice *= 0.5
    score += dice
    del dice
    # Adding ``frame_bonus * 0.0`` leaves a score as it is: only the shared frames are added to.
    np.add(score, cfg.frame_bonus, out=score, where=_frame_pairs(units, counted))
    return cos, score


class _Groups:
    """Union-find over units that keeps each group's members, for complete-link checks."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.members: dict[int, list[int]] = {i: [i] for i in range(n)}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra].extend(self.members.pop(rb))


def complete_link(
    n: int,
    candidates: list[tuple[float, int, int]],
    may_join: Callable[[list[int], list[int]], bool],
) -> list[list[int]]:
    """Groups of ``n`` items, joining candidate pairs best first when ``may_join`` accepts every
    member of one group with every member of the other; each group sorted, groups by first item.
    """
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    groups = _Groups(n)
    for _, i, j in candidates:
        ri, rj = groups.find(i), groups.find(j)
        if ri != rj and may_join(groups.members[ri], groups.members[rj]):
            groups.union(i, j)
    return sorted((sorted(m) for m in groups.members.values()), key=lambda m: m[0])


def opposed(a: Facts, b: Facts) -> str | None:
    """Why two statements say opposite things (negation of one predicate, or direction)."""
    for ca in a.clauses:
        if not content_predicate(ca):
            continue
        for cb in b.clauses:
            if cb.modal != ca.modal or not same_predicate(ca.predicate, cb.predicate):
                continue
            if ca.negated != cb.negated and not _both_ways(ca, a, b):
                return f"{ca.predicate!r} is negated in one"
    axes_a = {axis for axis, _ in a.polarity}
    for axis in axes_a & {axis for axis, _ in b.polarity}:
        signs_a = {s for x, s in a.polarity if x == axis}
        signs_b = {s for x, s in b.polarity if x == axis}
        if len(signs_a) == 1 and len(signs_b) == 1 and signs_a != signs_b:
            return f"opposite {axis}"
    return None


def _both_ways(clause: Clause, a: Facts, b: Facts) -> bool:
    """Whether one of the statements tells ``clause``'s predicate both negated and not, in
    whatever modality ("will not meet with him ..., saying it would be inappropriate to meet
    with the leader"): then the other's negation or assertion matches one of them."""
    for facts in (a, b):
        signs = {
            c.negated for c in facts.clauses if same_predicate(c.predicate, clause.predicate)
        }
        if len(signs) == 2:
            return True
    return False


def shared_date(a: Facts, b: Facts) -> bool:
    """Both statements give one date (the same resolved value)."""
    dates = {m.key for m in a.marked if m.kind == "date" and m.key}
    return any(m.kind == "date" and m.key in dates for m in b.marked)


def compatible(a: Unit, b: Unit, score: float, cfg: ClaimConfig, places: Places) -> bool:
    """Whether two statements may be one claim: no contradiction, nothing opposed, and not the
    same words from two different speakers. Values that differ keep two statements apart also
    where no contradiction is reported (``contradictions(..., reported=False)``): another
    doer's figure is another fact."""
    if a.speakers and b.speakers and not a.speakers & b.speakers:
        return False
    if a.facts.other_time != b.facts.other_time and not shared_date(a.facts, b.facts):
        # "met last year in Astana" is another meeting than "met in Beijing"; but two
        # statements giving one date tell one occurrence whatever else they recount ("said on
        # Tuesday it had sent subpoenas to two firms that were founded last year").
        return False
    if opposed(a.facts, b.facts) is not None or dated_apart(a, b):
        return False
    return not contradictions(a, b, score, cfg, places, reported=False)


def group(
    units: Sequence[Unit],
    cos: Cosines | Matrix,
    score: Matrix,
    cfg: ClaimConfig,
    places: Places,
    counted: Population | None = None,
    read: SpanRead | None = None,
) -> list[list[int]]:
    """Claims as lists of statement indices; a statement may sit in more than one.

    ``score`` is the paraphrase score of :func:`pair_scores`, which the contradiction rules
    read; grouping adds the shared anchors to it, and with ``read`` (token vectors of spans
    read in their sentences, ``embed.span_vectors``) the predicates alike in meaning
    (:func:`meaning_pairs`)."""
    n = len(units)
    compat_score = score
    if n:
        # ``score + anchor_bonus * anchors (+ MEANING_BONUS * meaning)``, made in the anchors'
        # square: one more square, not three.
        grouping = anchor_matrix(units, counted)
        grouping *= cfg.anchor_bonus
        grouping += score
        if read is not None:
            for i, j in meaning_pairs(units, grouping, cos, cfg, read, counted):
                grouping[i, j] += MEANING_BONUS
                grouping[j, i] += MEANING_BONUS
        score = grouping
    norms = [u.norm for u in units]
    verdicts: dict[tuple[int, int], bool] = {}

    def ok(i: int, j: int) -> bool:
        key = (i, j) if i < j else (j, i)
        if key not in verdicts:
            verdicts[key] = compatible(
                units[i], units[j], float(compat_score[i, j]), cfg, places
            )
        return verdicts[key]

    candidates: list[tuple[float, int, int]] = []
    rows, cols = np.nonzero(np.triu(score >= cfg.link_min_score, k=1))
    for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
        if units[i].article.article_id == units[j].article.article_id:
            continue
        if fuzz.ratio(norms[i], norms[j]) >= cfg.verbatim_min_ratio:
            candidates.append((2.0 + float(score[i, j]), i, j))  # copies first
        elif score[i, j] >= cfg.paraphrase_min_score and float(cos[i, j]) >= cfg.link_min_cosine:
            candidates.append((float(score[i, j]), i, j))

    def floor(a: int, b: int) -> float:
        # A related story's sentence restates this story's fact only when it would be a
        # paraphrase of every sentence of the claim: it is about another event.
        background = units[a].background or units[b].background
        return cfg.paraphrase_min_score if background else cfg.link_min_score

    def may_join(left: list[int], right: list[int]) -> bool:
        per_article = Counter(units[x].article.article_id for x in (*left, *right))
        if max(per_article.values()) > cfg.max_per_article:
            return False
        return all(score[a, b] >= floor(a, b) and ok(a, b) for a in left for b in right)

    groups = complete_link(n, candidates, may_join)
    extended = [extend_claim(g, units, score, cfg, ok) for g in groups]
    return join_claims(extended, units, score, cfg, ok)


# Joining two claims (join_claims): the direct link they need (a pair of statements of other
# articles, neither shared), the floor every pair of the joined claim must reach, and the mean of
# its pairs. Half A of claims-gold (benchmarks/claims_quality.py) scored the same for every
# setting tried (floor 0.2-0.3, direct 0.4-0.5, mean 0.4-0.45); ECB+ (benchmarks/claims_ecb.py)
# chose: sentence pairs in one claim sharing a gold event 0.944 without joining, 0.936 with these,
# 0.924 with 0.25 / 0.45 / 0.45 (below its 0.93 floor), the setting that would join the BASIL
# Arpaio claims (a pair at 0.28).
_JOIN_FLOOR = 0.3
_JOIN_DIRECT = 0.5
_JOIN_COHESION = 0.45


def join_claims(
    groups: list[list[int]],
    units: Sequence[Unit],
    score: Matrix,
    cfg: ClaimConfig,
    ok: Callable[[int, int], bool],
) -> list[list[int]]:
    """Claims that tell one fact joined into one.

    Complete link keeps a claim from chaining two facts, but it also keeps one fact in two
    claims when two outlets' wordings of it are each close to a third's and not to each other
    (Fox + NYT and Fox + HuffPost, sharing the Fox sentence): the editor reads one fact with two
    sources, twice. Two claims that share a statement join when they are also linked directly
    (two statements of other articles, neither shared, scoring at least ``_JOIN_DIRECT``): a
    statement in two claims is as often one that states two facts (:func:`extend_claim`), and then
    nothing else links them. The joined claim must still hold together (:func:`_cohesive`).
    The best-linked pair joins first, until none can."""
    current = [sorted(set(g)) for g in groups]
    while True:
        # Only claims that share a statement can join: pairs found through each statement's
        # claims, in the order a scan of every pair would meet them (ties go to the first).
        holders: defaultdict[int, list[int]] = defaultdict(list)
        for k, g in enumerate(current):
            for i in g:
                holders[i].append(k)
        sharing = sorted({(x, y) for ks in holders.values() for x, y in combinations(ks, 2)})
        best: tuple[float, int, int] | None = None
        for x, y in sharing:
            a, b = current[x], current[y]
            common = set(a) & set(b)
            direct = max(
                (
                    float(score[i, j])
                    for i in a
                    for j in b
                    if i not in common
                    and j not in common
                    and units[i].article.article_id != units[j].article.article_id
                ),
                default=0.0,
            )
            if direct < _JOIN_DIRECT or (best is not None and direct <= best[0]):
                continue
            if _cohesive(sorted(common.union(a, b)), units, score, cfg, ok):
                best = (direct, x, y)
        if best is None:
            return current
        _, x, y = best
        joined = sorted(set(current[x]) | set(current[y]))
        current = [g for k, g in enumerate(current) if k not in (x, y)] + [joined]


def _cohesive(
    members: list[int],
    units: Sequence[Unit],
    score: Matrix,
    cfg: ClaimConfig,
    ok: Callable[[int, int], bool],
) -> bool:
    """Whether statements may be one claim after a join: at most ``max_per_article`` of one
    article, every pair compatible and at least ``_JOIN_FLOOR``, their mean at least
    ``_JOIN_COHESION``."""
    per_article = Counter(units[x].article.article_id for x in members)
    if max(per_article.values()) > cfg.max_per_article:
        return False
    pairs = [(i, j) for k, i in enumerate(members) for j in members[k + 1 :]]
    if not pairs:
        return True
    values = [float(score[i, j]) for i, j in pairs]
    if min(values) < _JOIN_FLOOR or sum(values) / len(values) < _JOIN_COHESION:
        return False
    return all(ok(i, j) for i, j in pairs)


def extend_claim(
    members: list[int],
    units: Sequence[Unit],
    score: Matrix,
    cfg: ClaimConfig,
    ok: Callable[[int, int], bool],
) -> list[int]:
    """The claim with the best statement of each article it lacks, when that statement states
    it too (a sentence telling two facts supports both claims), and of each article it holds
    fewer than ``max_per_article`` statements of, when it holds more than one article (a lead
    and a later restatement both state the fact). The statements taken in are
    compatible with each other as well as with the members, the closest first: two outlets'
    sentences each close to the claim may still contradict each other."""
    have = {units[i].article.article_id for i in members}
    best: dict[str, tuple[float, int]] = {}
    # A claim of one sentence takes in another article's sentence only when the two are
    # closer than a claim's members need be: nothing else vouches for the pairing.
    single = len(members) == 1
    floor = cfg.extend_min_score + (_SINGLE_EXTRA if single else 0.0)
    # Each statement's worst score with the members, for all statements at once (a minimum
    # is exact in any order): only those reaching the floor are looked at one by one.
    worst_of = score[members].min(axis=0)
    per_article = Counter(units[i].article.article_id for i in members)
    # An article the claim holds may give it a second statement (its lead and a later
    # restatement), when the claim holds more than that article: with one, nothing else
    # vouches for the pairing.
    restating = len(per_article) > 1
    for j in np.flatnonzero(worst_of >= floor).tolist():
        u = units[j]
        aid = u.article.article_id
        if u.background or j in members:
            continue
        if aid in have and not (restating and per_article[aid] < cfg.max_per_article):
            continue
        worst = float(worst_of[j])
        if worst > best.get(aid, (-1.0, -1))[0]:
            best[aid] = (worst, j)
    added: list[int] = []
    for _, j in sorted(best.values(), key=lambda found: (-found[0], found[1])):
        if all(ok(i, j) for i in (*members, *added)):
            added.append(j)
    if added and single:
        # Once a second statement vouches for it, the claim of one is a claim like any other:
        # the other articles' statements join it at the ordinary floor, with both ("Schumer
        # urged Trump to call off the Putin meeting" took in HuffPost's sentence, and NYT's, at
        # 0.51 and 0.62 with the two, stayed out under the single claim's 0.55). Its floor
        # only rises from here, so one more round is the last.
        return extend_claim(sorted(members + added), units, score, cfg, ok)
    return sorted(members + added)
