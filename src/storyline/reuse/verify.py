"""Step 3 of reuse, verification: align a candidate pair's words into shared passages, measure
how much of them is the reporter's own prose rather than quotation, and failing a copy, test for a
paraphrase of one source (see ``storyline.reuse``)."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from rapidfuzz.fuzz import ratio

from storyline.config import ReuseConfig
from storyline.language import ENGLISH
from storyline.model import Article, Direction, ReuseKind, ReuseLink, SharedPassage, content_id
from storyline.quotation import scan_quote_marks
from storyline.reuse.sketch import I64

_WORD = re.compile(r"[^\W_]+")
# Frequent words of 4+ letters that carry no fact: left out of key terms (language.py).
_STOPWORDS = ENGLISH.key_term_stop_words
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)]*\s+|\n+")
# What verification derives from one text (its words, sentences, quoted words) is kept for the
# last few hundred texts: candidate pairs come sorted by their first article, and a long article
# in many pairs was tokenized again for each (a 33,000-character live blog in 450 pairs of the
# 5,000-article `distinct` corpus of benchmarks/pipeline_speed.py). Callers never mutate them.
_TEXTS_CACHED = 512

# --------------------------------------------------------------------------------------------
# verification: the reporter's prose, not quotations
# --------------------------------------------------------------------------------------------

# A passage at least this much inside quotation marks, in either article, is a quotation:
# one outlet may quote a statement (a post, a release) that another sets off without marks.
_QUOTATION_SHARE = 0.5


@lru_cache(maxsize=_TEXTS_CACHED)
def _word_starts(text: str) -> I64:
    """Start offsets of the words of ``text`` (shared, not to be written to)."""
    return np.array([s for s, _ in _tokens(text).spans], dtype=np.int64)


@lru_cache(maxsize=_TEXTS_CACHED)
def _quoted_mask(text: str) -> npt.NDArray[np.bool_]:
    """Which words of ``text`` sit inside quotation marks (shared, not to be written to)."""
    starts = _word_starts(text)
    mask = np.zeros(len(starts), dtype=bool)
    for span in scan_quote_marks(text):
        mask[np.searchsorted(starts, span.start) : np.searchsorted(starts, span.end)] = True
    return mask


def _word_range(starts: I64, lo: int, hi: int) -> slice:
    return slice(int(np.searchsorted(starts, lo)), int(np.searchsorted(starts, hi)))


def prose_containment(
    a_text: str, b_text: str, passages: Sequence[SharedPassage]
) -> tuple[float, float]:
    """Share of each article's prose (words outside quotation marks) inside shared passages that
    are no quotation in either article."""
    sa, sb = _word_starts(a_text), _word_starts(b_text)
    qa, qb = _quoted_mask(a_text), _quoted_mask(b_text)
    copied_a = np.zeros(len(sa), dtype=bool)
    copied_b = np.zeros(len(sb), dtype=bool)
    for p in passages:
        ra, rb = _word_range(sa, p.a_start, p.a_end), _word_range(sb, p.b_start, p.b_end)
        quoted = max(
            float(qa[ra].mean()) if qa[ra].size else 0.0,
            float(qb[rb].mean()) if qb[rb].size else 0.0,
        )
        if quoted < _QUOTATION_SHARE:
            copied_a[ra] = True
            copied_b[rb] = True

    def share(copied: npt.NDArray[np.bool_], quoted: npt.NDArray[np.bool_]) -> float:
        prose = ~quoted
        return round(float((copied & prose).sum()) / max(int(prose.sum()), 1), 4)

    return share(copied_a, qa), share(copied_b, qb)


def with_prose(link: ReuseLink, a: Article | None, b: Article | None) -> ReuseLink:
    """The link with its prose containment measured (a link stored before it was)."""
    if a is None or b is None:
        return link
    prose_a, prose_b = prose_containment(a.text, b.text, link.passages)
    return replace(link, prose_a=prose_a, prose_b=prose_b)


# --------------------------------------------------------------------------------------------
# verification: copied passages
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Tokens:
    spans: list[tuple[int, int]]  # each word's character span


@lru_cache(maxsize=_TEXTS_CACHED)
def _tokens(text: str) -> _Tokens:
    return _Tokens([m.span() for m in _WORD.finditer(text)])


@dataclass(slots=True)
class _Chain:
    a0: int
    a1: int  # end, exclusive (tokens)
    b0: int
    b1: int
    matched: int


_SEED = 4  # words per alignment seed: long enough to be rare, short enough to survive typos
_MAX_SEED_REPEATS = 8  # a 4-gram repeated more often in one article is not evidence of copying


@dataclass(frozen=True, slots=True)
class _SeedIndex:
    """A text's word 4-grams as 64-bit hashes: in text order, and sorted (with where each
    sorted one starts in the text)."""

    hashes: I64
    sorted_hashes: I64
    order: I64


# Seed indexes are small (24 bytes a word), so many more of them are kept than of the rest: a
# pair sharing no passage needs nothing else of its texts but their sentences.
_SEEDS_CACHED = 4096


@lru_cache(maxsize=_SEEDS_CACHED)
def _seed_index(text: str) -> _SeedIndex:
    words = [w.lower() for w in _WORD.findall(text)]
    grams = zip(*(words[s:] for s in range(_SEED)), strict=False)
    hashes = np.fromiter((hash(g) for g in grams), dtype=np.int64)
    order = np.argsort(hashes, kind="stable")
    return _SeedIndex(hashes, hashes[order], order)


def _word_chains(a_text: str, b_text: str, max_gap: int) -> list[_Chain]:
    """Runs of shared 4-grams along diagonals, chained across gaps of up to ``max_gap`` words."""
    sa, sb = _seed_index(a_text), _seed_index(b_text)
    if sa.hashes.size == 0 or sb.hashes.size == 0:
        return []
    first = np.searchsorted(sa.sorted_hashes, sb.hashes, "left")
    repeats = np.searchsorted(sa.sorted_hashes, sb.hashes, "right") - first
    found = np.flatnonzero((repeats > 0) & (repeats <= _MAX_SEED_REPEATS))
    if found.size == 0:
        return []
    # Every (j, i): B's 4-gram j equal to A's 4-gram i.
    counts = repeats[found]
    j = np.repeat(found, counts)
    within = np.arange(j.size) - np.repeat(np.cumsum(counts) - counts, counts)
    i = sa.order[np.repeat(first[found], counts) + within]
    matches = list(zip((j - i).tolist(), i.tolist(), strict=True))  # (diagonal, i)
    matches.sort()
    runs: list[_Chain] = []
    last_diag, last_i = matches[0][0] - 1, -2
    for diag, i in matches:
        if diag == last_diag and i == last_i + 1:
            run = runs[-1]
            run.a1, run.b1 = i + _SEED, i + diag + _SEED
            run.matched += 1
        else:
            runs.append(_Chain(i, i + _SEED, i + diag, i + diag + _SEED, _SEED))
        last_diag, last_i = diag, i
    runs.sort(key=lambda r: (r.a0, r.b0))
    chains: list[_Chain] = []
    for run in runs:
        best: _Chain | None = None
        best_gap = max_gap + 1
        for chain in reversed(chains[-16:]):
            gap_a, gap_b = run.a0 - chain.a1, run.b0 - chain.b1
            if -_SEED <= gap_a <= max_gap and -_SEED <= gap_b <= max_gap and run.b0 > chain.b0:
                gap = max(gap_a, gap_b)
                if gap < best_gap:
                    best, best_gap = chain, gap
        if best is None:
            chains.append(_Chain(run.a0, run.a1, run.b0, run.b1, run.matched))
        else:
            best.matched += max(0, run.a1 - max(run.a0, best.a1))
            best.a1, best.b1 = max(best.a1, run.a1), max(best.b1, run.b1)
    return chains


def _overlap(lo: int, hi: int, other_lo: int, other_hi: int) -> int:
    return max(0, min(hi, other_hi) - max(lo, other_lo))


def shared_passages(a_text: str, b_text: str, cfg: ReuseConfig) -> list[SharedPassage]:
    """Every passage of ``a_text`` found in ``b_text``, with spans in both, in A's order."""
    return _passages(a_text, b_text, cfg)


def _passages(a_text: str, b_text: str, cfg: ReuseConfig) -> list[SharedPassage]:
    chains = [
        c
        for c in _word_chains(a_text, b_text, cfg.max_gap_tokens)
        if min(c.a1 - c.a0, c.b1 - c.b0) >= cfg.min_passage_tokens
        and c.matched >= 0.5 * (c.a1 - c.a0)
    ]
    # One-to-one: a stretch of either text belongs to its longest passage.
    chains.sort(key=lambda c: (-(c.a1 - c.a0), c.a0, c.b0))
    # Two passages may touch by a seed's worth of words (a paragraph of A ends with the words a
    # local paragraph of B also ends with): that sliver is trimmed off the shorter one.
    kept: list[_Chain] = []
    for c in chains:
        fits = True
        for k in kept:
            cut = max(_overlap(c.a0, c.a1, k.a0, k.a1), _overlap(c.b0, c.b1, k.b0, k.b1))
            if cut > _SEED:
                fits = False
                break
            if cut and c.a0 >= k.a0:
                c.a0, c.b0 = c.a0 + cut, c.b0 + cut
            elif cut:
                c.a1, c.b1 = c.a1 - cut, c.b1 - cut
        if fits and min(c.a1 - c.a0, c.b1 - c.b0) >= cfg.min_passage_tokens:
            kept.append(c)
    kept.sort(key=lambda c: (c.a0, c.b0))
    if not kept:
        return []
    ta, tb = _tokens(a_text), _tokens(b_text)
    passages = []
    for c in kept:
        a0, a1 = ta.spans[c.a0][0], ta.spans[c.a1 - 1][1]
        b0, b1 = tb.spans[c.b0][0], tb.spans[c.b1 - 1][1]
        a_part, b_part = a_text[a0:a1], b_text[b0:b1]
        similarity = 1.0 if a_part == b_part else round(ratio(a_part, b_part) / 100.0, 4)
        passages.append(
            SharedPassage(a_start=a0, a_end=a1, b_start=b0, b_end=b1, similarity=similarity)
        )
    return passages


def _covered(passages: Iterable[tuple[int, int]], spans: list[tuple[int, int]]) -> float:
    """Share of a text's words inside the given character ranges."""
    if not spans:
        return 0.0
    starts = np.array([s for s, _ in spans])
    inside = np.zeros(len(spans), dtype=bool)
    for lo, hi in passages:
        inside[np.searchsorted(starts, lo) : np.searchsorted(starts, hi)] = True
    return round(float(inside.mean()), 4)


def _span_covered(span: tuple[int, int], covers: list[tuple[int, int]]) -> float:
    """Share of a character span inside the given (non-overlapping) ranges."""
    lo, hi = span
    inside = sum(max(0, min(hi, b) - max(lo, a)) for a, b in covers)
    return inside / (hi - lo) if hi > lo else 1.0


# --------------------------------------------------------------------------------------------
# verification: paraphrase (same facts, same order, different words)
# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=_TEXTS_CACHED)
def _sentences(text: str) -> list[tuple[int, int, frozenset[str]]]:
    """Sentences as (start, end, key terms)."""
    out: list[tuple[int, int, frozenset[str]]] = []
    start = 0
    for m in [*_SENTENCE_END.finditer(text), None]:
        end = len(text) if m is None else m.start()
        terms = frozenset(
            w
            for w in (t.lower() for t in _WORD.findall(text[start:end]))
            # A word of letters only has no digit (the common case, tested first).
            if (len(w) >= 4 and w not in _STOPWORDS)
            or (not w.isalpha() and any(ch.isdigit() for ch in w))
        )
        if terms:
            out.append((start, end, terms))
        if m is not None:
            start = m.end()
    return out


_MIN_SHARED_TERMS = 3  # key terms two sentences share before they count as stating the same facts
_MIN_SENTENCE_SIM = 0.5  # weighted share of key terms; seeds 002/004 align at 0.54-0.65


@lru_cache(maxsize=_TEXTS_CACHED)
def _term_index(text: str) -> tuple[dict[str, list[int]], dict[str, int]]:
    """Each key term of ``text``: the sentences holding it (by number), and how many they are."""
    where: dict[str, list[int]] = {}
    for j, (_, _, terms) in enumerate(_sentences(text)):
        for term in terms:
            where.setdefault(term, []).append(j)
    return where, {t: len(js) for t, js in where.items()}


def paraphrase_alignment(
    a_text: str, b_text: str, *, min_pairs: int = 0, min_score: float = 0.0
) -> tuple[float, list[SharedPassage]]:
    """Best in-order alignment of sentences stating the same key terms, and its score.

    The score is the summed overlap of the aligned sentences over the shorter article's sentence
    count: 1.0 when every sentence of the shorter article has a counterpart with the same terms.
    ``(0.0, [])`` early when fewer than ``min_pairs`` sentence pairs could align, or the score
    could not reach ``min_score`` (each aligned pair adds at most 1).
    """
    sa, sb = _sentences(a_text), _sentences(b_text)
    if not sa or not sb:
        return 0.0, []
    # Only sentence pairs sharing _MIN_SHARED_TERMS terms are weighed: count the shared terms of
    # every pair through B's term -> sentences index (work grows with the terms the two
    # articles share, not with the product of their sentence counts).
    in_b, count_b = _term_index(b_text)
    cells: list[tuple[int, int]] = []
    for i, (_, _, ta) in enumerate(sa):
        counts: dict[int, int] = {}
        for term in ta:
            for j in in_b.get(term, ()):
                counts[j] = counts.get(j, 0) + 1
        cells.extend((i, j) for j, n in counts.items() if n >= _MIN_SHARED_TERMS)
    if not cells:
        return 0.0, []
    most = min(len({i for i, _ in cells}), len({j for _, j in cells}))
    if most < min_pairs or round(most / min(len(sa), len(sb)), 4) < min_score:
        return 0.0, []
    # Terms both articles repeat everywhere (the event's participants) say little; the rare ones
    # they share (the items of a list, a number, a place) are the facts of one source. A term's
    # weight depends on how many sentences of the two hold it: one log per count.
    count_a = _term_index(a_text)[1]
    total = len(sa) + len(sb)
    log_of: dict[int, float] = {}

    def weight(term: str) -> float:
        n = count_a.get(term, 0) + count_b.get(term, 0)
        if n not in log_of:
            log_of[n] = float(np.log(total / n))
        return log_of[n]

    # math.fsum: a sum over a set must not depend on the set's order, which follows the
    # process's string hashing (a link's passages differed between two runs of one input).
    mass_a: dict[int, float] = {}
    mass_b: dict[int, float] = {}
    sims = np.zeros((len(sa), len(sb)))
    for i, j in cells:
        ta, tb = sa[i][2], sb[j][2]
        if i not in mass_a:
            mass_a[i] = math.fsum(weight(t) for t in ta)
        if j not in mass_b:
            mass_b[j] = math.fsum(weight(t) for t in tb)
        shared = ta & tb
        sim = math.fsum(weight(t) for t in shared) / max(min(mass_a[i], mass_b[j]), 1e-9)
        if sim >= _MIN_SENTENCE_SIM:
            sims[i, j] = sim
    if not sims.any():
        return 0.0, []
    # Weighted longest common subsequence over sentences, a row at a time: best[i, j] is the
    # running maximum along the row of max(best[i-1, j], best[i-1, j-1] + sims[i-1, j-1]).
    best = np.zeros((len(sa) + 1, len(sb) + 1))
    for i in range(1, len(sa) + 1):
        row = np.maximum(best[i - 1, 1:], best[i - 1, :-1] + sims[i - 1])
        best[i, 1:] = np.maximum.accumulate(row)
    pairs: list[SharedPassage] = []
    i, j = len(sa), len(sb)
    while i > 0 and j > 0:
        if sims[i - 1, j - 1] > 0 and best[i, j] == best[i - 1, j - 1] + sims[i - 1, j - 1]:
            (a0, a1, _), (b0, b1, _) = sa[i - 1], sb[j - 1]
            pairs.append(
                SharedPassage(
                    a_start=a0, a_end=a1, b_start=b0, b_end=b1,
                    similarity=round(float(sims[i - 1, j - 1]), 4),
                )
            )
            i, j = i - 1, j - 1
        elif best[i, j] == best[i - 1, j]:
            i -= 1
        else:
            j -= 1
    pairs.reverse()
    return round(float(best[-1, -1]) / min(len(sa), len(sb)), 4), pairs


def direction(a: Article, b: Article) -> Direction:
    """Earlier -> later when both dates are known, comparable and different; never guessed."""
    if a.published is None or b.published is None:
        return "unknown"
    if (a.published.tzinfo is None) != (b.published.tzinfo is None):
        return "unknown"
    if a.published < b.published:
        return "a->b"
    if b.published < a.published:
        return "b->a"
    return "unknown"


def compare(
    a: Article, b: Article, cfg: ReuseConfig, *, copy_only: bool = False
) -> ReuseLink | None:
    """The reuse link between two articles, or None when they share nothing that counts."""
    if b.article_id < a.article_id:
        a, b = b, a
    passages = _passages(a.text, b.text, cfg)
    kind: ReuseKind = "copy"
    cont_a = cont_b = score = 0.0
    if passages:
        cont_a = _covered(((p.a_start, p.a_end) for p in passages), _tokens(a.text).spans)
        cont_b = _covered(((p.b_start, p.b_end) for p in passages), _tokens(b.text).spans)
        if min(cont_a, cont_b) >= cfg.duplicate_containment:
            kind = "duplicate"
        score = max(cont_a, cont_b)
    # A pair that shares little verbatim text but states the same facts in the same order is a
    # paraphrase of one source (two rewrites of a press release share a list of items, say).
    if (not passages or score < cfg.family_containment) and cfg.paraphrase and not copy_only:
        para_score, aligned = paraphrase_alignment(
            a.text,
            b.text,
            min_pairs=cfg.paraphrase_min_sentences,
            min_score=cfg.paraphrase_threshold,
        )
        # Sentences inside copied passages are evidence of copying, not of paraphrase.
        copied = [(p.a_start, p.a_end) for p in passages]
        rewritten = [p for p in aligned if _span_covered((p.a_start, p.a_end), copied) < 0.8]
        if (
            len(rewritten) >= cfg.paraphrase_min_sentences
            and para_score >= cfg.paraphrase_threshold
        ):
            kind, score, passages = "paraphrase", para_score, aligned
    if not passages:
        return None
    prose_a, prose_b = (
        prose_containment(a.text, b.text, passages) if kind != "paraphrase" else (0.0, 0.0)
    )
    return ReuseLink(
        link_id=content_id("reuse", a.article_id, b.article_id),
        article_a=a.article_id,
        article_b=b.article_id,
        kind=kind,
        containment_a=cont_a,
        containment_b=cont_b,
        score=score,
        direction=direction(a, b),
        passages=tuple(passages),
        prose_a=prose_a,
        prose_b=prose_b,
    )
