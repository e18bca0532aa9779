"""What two statements pin their fact to in common, beyond their words: the *anchors*.

A resolved date ("Tuesday" in both), a figure with its unit and interval ("$4.2 million"), a
content predicate's lemma ("approve" and "approved"), counted over every statement a story read
(:class:`Population`), so that an anchor most of the story repeats (its main date, its main
verb) says nothing. And predicates of other lemmas alike in meaning, read as token vectors in
their sentences ("snatched" / "grabbed": :func:`meaning_pairs`). ``claims.grouping`` adds
both to the grouping score; the contradiction rules never read them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from storyline.claims.facts import Facts, Marked, content_predicate
from storyline.claims.units import Unit
from storyline.config import ClaimConfig
from storyline.model import Clause

Matrix = npt.NDArray[np.float64]

# An anchor shared by more than this share of a story's statements is the story's own (its main
# date, its main verb) and tells nothing about which statements go together. Set with
# anchor_bonus on half A of claims-gold (benchmarks/claims_quality.py); 0.05 and 0.2 gave the same.
_RARE_ANCHOR_SHARE = 0.1
# At most this many shared anchors count.
_MAX_ANCHORS = 2

Anchor = tuple[str, str, float, float]


def _value_anchor(m: Marked) -> Anchor | None:
    if m.kind == "date" and m.key:
        return ("date", m.key, 0.0, 0.0)
    if m.kind == "number" and m.high:
        return ("number", m.key, m.low, m.high)
    return None


def anchors(facts: Facts) -> frozenset[Anchor]:
    """What a statement pins its fact to: resolved dates, figures with their unit and interval,
    and the lemmas of its content predicates."""
    found = {a for m in facts.marked if (a := _value_anchor(m)) is not None}
    found.update(
        ("predicate", c.predicate.split()[0], 0.0, 0.0)
        for c in facts.clauses
        if content_predicate(c)
    )
    return frozenset(found)


@dataclass(frozen=True, slots=True)
class Population:
    """How many of the statements a story read hold each word, frame and anchor.

    The rarity of a word (its IDF), of a frame and of an anchor is taken over every statement
    read, also when related stories' far statements are then left out (build.near_story): the
    story's own pairs score as they would with them."""

    size: int
    words: Counter[str]
    frames: Counter[tuple[str, str]]
    anchors: Counter[Anchor]


def population(units: Sequence[Unit]) -> Population:
    return Population(
        size=len(units),
        words=Counter(s for u in units for s in u.stems),
        frames=Counter(f for u in units for f in u.facts.frames),
        anchors=Counter(a for u in units for a in anchors(u.facts)),
    )


def anchor_matrix(units: Sequence[Unit], counted: Population | None = None) -> Matrix:
    """How many rare anchors two statements share, as a share of ``_MAX_ANCHORS`` (0 to 1)."""
    n = len(units)
    counted = counted or population(units)
    index: dict[Anchor, list[int]] = {}
    for i, u in enumerate(units):
        for anchor in anchors(u.facts):
            index.setdefault(anchor, []).append(i)
    shared = np.zeros((n, n), dtype=np.float64)
    rare = max(2, int(counted.size * _RARE_ANCHOR_SHARE))
    for anchor, members in index.items():
        if len(members) > 1 and counted.anchors[anchor] <= rare:
            idx = np.array(members)
            shared[np.ix_(idx, idx)] += 1.0
    np.fill_diagonal(shared, 0.0)
    np.minimum(shared, float(_MAX_ANCHORS), out=shared)
    shared /= _MAX_ANCHORS
    return shared


# Predicates by meaning (meaning_matrix): two statements whose content predicates differ as
# lemmas ("misled" / "misrepresented") but whose token vectors read in their sentences
# (embed.span_vectors) are at least this close, sharing a participant or a value, get
# ``MEANING_BONUS`` added to their grouping score. Set on half A of claims-gold
# (benchmarks/claims_quality.py): bonus 0.1 gained a fact at cosines 0.5-0.6, none at 0.65-0.7;
# 0.05 changed nothing; 0.15-0.2 put claims mixing two facts (docs/claims.md, revision 11).
_MEANING_MIN_COSINE = 0.55
MEANING_BONUS = 0.1
# How far after its verb a predicate's particle is looked for (characters).
_PARTICLE_REACH = 24

SpanRead = Callable[[Sequence[tuple[str, int, int]]], npt.NDArray[np.float32] | None]


def _participants(facts: Facts) -> frozenset[str]:
    """Whom and what a statement's fact involves: the names it gives, its clauses' doers and
    undergoers, and its resolved dates and figures."""
    found = set(facts.names)
    found.update(a for c in facts.clauses for a in (*c.agents, *c.patients))
    found.update(repr(a) for m in facts.marked if (a := _value_anchor(m)) is not None)
    return frozenset(found)


def _predicate_span(unit: Unit, clause: Clause) -> tuple[int, int]:
    """Where a clause's predicate stands in its statement, with its particle when the text
    gives it within a few words ("turned down", "bowing out of", "turned the offer down"): the
    parse marks the verb alone, and "turned" alone is no refusal."""
    start, end = clause.start - unit.start, clause.end - unit.start
    for particle in clause.predicate.split()[1:]:
        found = re.search(rf"\b{re.escape(particle)}\b", unit.text[end : end + _PARTICLE_REACH])
        if found is not None:
            end += found.end()
    return start, end


def meaning_matrix(
    units: Sequence[Unit],
    score: Matrix,
    cos: Matrix | npt.NDArray[np.float32],
    cfg: ClaimConfig,
    read: SpanRead | None,
    counted: Population | None = None,
) -> Matrix:
    """1 for each pair of :func:`meaning_pairs`, both ways; 0 elsewhere."""
    out = np.zeros((len(units), len(units)), dtype=np.float64)
    for i, j in meaning_pairs(units, score, cos, cfg, read, counted):
        out[i, j] = out[j, i] = 1.0
    return out


def meaning_pairs(
    units: Sequence[Unit],
    score: Matrix,
    cos: Matrix | npt.NDArray[np.float32],
    cfg: ClaimConfig,
    read: SpanRead | None,
    counted: Population | None = None,
) -> list[tuple[int, int]]:
    """The pairs ``(i, j)``, ``i < j``, of two statements of different articles that state one
    deed in other words: a content predicate of each, of different lemmas, both rare in the
    story (the anchors' rule) and asserted alike (negated or not, in one modality), whose
    vectors read in their sentences are at cosine ``_MEANING_MIN_COSINE`` or more, and a
    participant, date or figure in common.

    Only pairs the bonus can bring into a claim are read (``score`` within ``MEANING_BONUS``
    under the complete-link floor, up to the paraphrase score, cosine as a candidate needs),
    and each statement's predicates are encoded once, in one batch."""
    if read is None or len(units) < 2:
        return []
    counted = counted or population(units)
    rare = max(2, int(counted.size * _RARE_ANCHOR_SHARE))

    def spans(u: Unit) -> list[Clause]:
        return [
            c
            for c in u.facts.clauses
            if content_predicate(c)
            and counted.anchors[("predicate", c.predicate.split()[0], 0.0, 0.0)] <= rare
            and 0 <= c.start - u.start < c.end - u.start <= len(u.text)
        ]

    own = [spans(u) for u in units]
    low = cfg.link_min_score - MEANING_BONUS
    # The floor as float64: float32 cosines are compared as their float64 values.
    cosine_floor = np.float64(cfg.link_min_cosine)
    band = (score >= low) & (score < cfg.paraphrase_min_score) & (cos >= cosine_floor)
    rows, cols = np.nonzero(np.triu(band, k=1))
    pairs: list[tuple[int, int]] = []
    involved: dict[int, frozenset[str]] = {}  # each statement's participants, read once

    def participants(k: int) -> frozenset[str]:
        if k not in involved:
            involved[k] = _participants(units[k].facts)
        return involved[k]

    for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
        a, b = units[i], units[j]
        if a.article.article_id == b.article.article_id or not own[i] or not own[j]:
            continue
        if participants(i) & participants(j):
            pairs.append((i, j))
    needed = sorted({k for pair in pairs for k in pair})
    items = [(units[k].text, *_predicate_span(units[k], c)) for k in needed for c in own[k]]
    if not items:
        return []
    vectors = read(items)
    if vectors is None:
        return []
    at: dict[int, list[tuple[Clause, npt.NDArray[np.float32]]]] = {}
    row = 0
    for k in needed:
        at[k] = [(c, vectors[row + x]) for x, c in enumerate(own[k])]
        row += len(own[k])
    return [
        (i, j)
        for i, j in pairs
        if any(
            ca.predicate.split()[0] != cb.predicate.split()[0]
            and ca.negated == cb.negated
            and ca.modal == cb.modal
            and float(va @ vb) >= _MEANING_MIN_COSINE
            for ca, va in at[i]
            for cb, vb in at[j]
        )
    ]
