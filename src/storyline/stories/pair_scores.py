"""Pair scores over a revision's items, and the grouping they feed.

The revision (``stories.revision``) scores every pair of the items it re-decides as the online
engine would score one against the other's one-article story: content (lexical, semantic and
entity cosines), time or year terms, shared leads, same place, and the frame conflict of two
leads that set up two events. On those scores it counts the neighbours two items share and
groups the items by average link. Pure functions over members and matrices: no engine, no store.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from storyline.config import StoryConfig
from storyline.stories.state import Member

Matrix = npt.NDArray[np.float64]
APART = -1e9  # the pair score of two items that may never share a story


def _sparse_rows(rows: Sequence[dict[str, float]]) -> sparse.csr_matrix:
    """Rows scaled to unit length (members' already are; anchors' sums are not)."""
    columns: dict[str, int] = {}
    indptr, indices, data = [0], [], []
    for row in rows:
        norm = float(np.sqrt(sum(v * v for v in row.values()))) or 1.0
        for key, value in row.items():
            indices.append(columns.setdefault(key, len(columns)))
            data.append(value / norm)
        indptr.append(len(indices))
    shape = (len(rows), max(1, len(columns)))
    return sparse.csr_matrix((data, indices, indptr), shape=shape, dtype=np.float64)


def _cosines(rows: Sequence[dict[str, float]]) -> Matrix:
    m = _sparse_rows(rows)
    return np.asarray((m @ m.T).toarray(), dtype=np.float64)


def content_scores(members: Sequence[Member], cfg: StoryConfig) -> Matrix:
    """The content part of the online score, article to article (cosines)."""
    vectors = np.stack([m.vector for m in members]).astype(np.float64)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    return (
        cfg.weight_lexical * _cosines([m.lex for m in members])
        + cfg.weight_semantic * (vectors @ vectors.T)
        + cfg.weight_entities * _cosines([m.ent for m in members])
    )


def pair_scores(
    members: Sequence[Member],
    content: Matrix,
    cfg: StoryConfig,
    conflicts: npt.NDArray[np.bool_] | None = None,
) -> Matrix:
    """The online score for every pair of members, each scored as the other's one-article
    story (``StoryEngine.match``): time penalty or follow-up penalty between two dates, the
    year terms where a date is missing, shared leads, same place. The year penalty is taken
    both ways: between two articles neither is the story."""
    n = len(members)
    score = content.copy()
    dated = np.array([m.event_date is not None for m in members])
    day = np.array([m.event_date.toordinal() if m.event_date else 0 for m in members])
    both = dated[:, None] & dated[None, :]
    apart = np.abs(day[:, None] - day[None, :]).astype(np.float64)
    # Years named (and the date's year) as a membership matrix over the years seen.
    seen = sorted({y for m in members for y in m.years})
    column = {y: i for i, y in enumerate(seen)}
    named = np.zeros((n, max(1, len(seen))), dtype=bool)
    for i, m in enumerate(members):
        for y in m.years:
            named[i, column[y]] = True
    date_year = np.array(
        [column.get(m.event_date.year, -1) if m.event_date else -1 for m in members]
    )
    window = cfg.time_window_days
    if both.any():
        # A follow-up: dated in another year, naming the other's year (stories.is_follow_up).
        year_of = np.array([m.event_date.year if m.event_date else 0 for m in members])
        names_other = np.zeros((n, n), dtype=bool)
        has_year = date_year >= 0
        names_other[:, has_year] = named[:, date_year[has_year]]
        follow_up = (
            both
            & (apart > window)
            & (year_of[:, None] != year_of[None, :])
            & (names_other | names_other.T)
        )
        penalty = np.where(
            follow_up, cfg.weight_follow_up, cfg.weight_time * np.minimum(apart, window) / window
        )
        score -= np.where(both, penalty, 0.0)
    latest = np.array([max(m.years) if m.years else -1 for m in members])
    has = latest >= 0
    undated_pair = ~both & has[:, None] & has[None, :]
    shared_years = (named.astype(np.int32) @ named.T.astype(np.int32)) > 0
    same = undated_pair & (latest[:, None] == latest[None, :])
    later = undated_pair & (latest[:, None] != latest[None, :]) & ~shared_years
    score += np.where(same, cfg.weight_year_match, 0.0) - np.where(later, cfg.weight_year, 0.0)
    index = {m.article_id: i for i, m in enumerate(members)}
    copies = np.zeros((n, n), dtype=bool)
    for i, m in enumerate(members):
        for other in m.lead_copies:
            j = index.get(other)
            if j is not None and j != i:
                copies[i, j] = copies[j, i] = True
    score += np.where(copies, cfg.weight_lead_reuse, 0.0)
    if cfg.weight_frame:
        if conflicts is None:
            conflicts = frame_conflicts(members)
        score -= cfg.weight_frame * conflicts
    if cfg.weight_place:
        place = np.array([m.place or "" for m in members], dtype=object)
        same_place = (place[:, None] == place[None, :]) & (place[:, None] != "")
        score += np.where(same_place, cfg.weight_place, 0.0)
    return score


def frame_conflicts(members: Sequence[Member]) -> npt.NDArray[np.bool_]:
    """Pairs whose leads frame two events: one lead names two people *and* puts the event at a
    place that the other article never names (the credentials ceremony "at the Kremlin" with
    the ambassador Tirmizi and Lavrov, against reports of a meeting in Beijing naming none).

    One new person alone is common between reports of one event (a spokesman quoted in one
    lead only: 64% of ECB+ same-event pairs), one person and a venue less so (16%); two people
    and a venue fire on 4.6% of ECB+ same-event pairs, 32% of same-topic other-event pairs
    and none of BASIL's same-event pairs."""
    n = len(members)
    words: dict[str, int] = {}
    for m in members:
        for w in m.lead_people:
            words.setdefault(w, len(words))
        for venue in m.lead_venues:
            for w in venue:
                words.setdefault(w, len(words))
    if not words:
        return np.zeros((n, n), dtype=bool)
    named = np.zeros((n, len(words)), dtype=np.int32)  # the word occurs in the article
    lead_people = np.zeros((n, len(words)), dtype=np.int32)
    venue_rows: list[int] = []
    venue_words: list[list[int]] = []
    for i, m in enumerate(members):
        for w in m.lex.keys() & words.keys():
            named[i, words[w]] = 1
        for w in m.lead_people:
            lead_people[i, words[w]] = 1
        for venue in m.lead_venues:
            venue_rows.append(i)
            venue_words.append([words[w] for w in venue])
    # [i, j]: i's lead names two people j never names (one is often a spokesman or a
    # witness one report quotes and another does not)
    new_person = (lead_people @ (1 - named).T) >= 2
    new_venue = np.zeros((n, n), dtype=bool)
    if venue_rows:
        venues = np.zeros((len(venue_rows), len(words)), dtype=np.int32)
        for u, ws in enumerate(venue_words):
            venues[u, ws] = 1
        unnamed = (venues @ named.T) == 0  # [u, j]: no word of venue u occurs in j
        for u, i in enumerate(venue_rows):
            new_venue[i] |= unnamed[u]
    one_way = new_person & new_venue
    conflict: npt.NDArray[np.bool_] = one_way | one_way.T
    return conflict


def shared_neighbours(
    score: Matrix, k: int, floor: float, barred: npt.NDArray[np.bool_] | None = None
) -> Matrix:
    """For every pair, the share of the smaller neighbourhood the two have in common.

    An item's neighbourhood is itself and its ``k`` best-scoring items that score at least
    ``floor``. Two reports of one event share most of theirs; a report of another event of the
    same kind scores near the first event's reports but is nobody's closest. Pairs ``barred``
    (two leads framing two events) are never each other's neighbours, however close their
    words: a penalty on the score alone lets the term weights outvote the frame (seed 003
    against a meeting report: 0.31 with the five seeds alone in a store, 0.35 = the neighbour
    score once the bundled sample shares the store and Putin, Russia and Pakistan weigh more;
    ECB+ 0.9477 -> 0.9473, benchmarks/stories_quality.py)."""
    n = len(score)
    near = score.copy()
    if barred is not None:
        near[barred] = -np.inf
    np.fill_diagonal(near, -np.inf)
    k = min(k, n - 1)
    rows, cols = [], []
    if k > 0:
        best = np.argpartition(-near, k - 1, axis=1)[:, :k]
        for i in range(n):
            for j in best[i]:
                if near[i, j] >= floor:
                    rows.append(i)
                    cols.append(int(j))
    rows.extend(range(n))
    cols.extend(range(n))
    hood = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    common = np.asarray((hood @ hood.T).toarray(), dtype=np.float64)
    size = np.asarray(hood.sum(axis=1), dtype=np.float64).ravel()
    shared: Matrix = common / np.minimum(size[:, None], size[None, :])
    return shared


def average_link(
    similarity: Matrix, threshold: float, score: Matrix, floor: float
) -> list[list[int]]:
    """Groups of items by average link, merging while two groups average ``threshold`` or more
    in ``similarity``; an item joins a group alone only if it also averages ``floor`` or more
    in ``score`` (the pair score itself) with the group's items: shared neighbours tell groups
    of reports apart, but do not put a lone article into a story it scores low against on
    average (the bundled sample's farmers' march, close to one report of the pact it follows).
    Applied to every merge, the floor cost ECB+ half a point (0.950 -> 0.946 in file order,
    benchmarks/stories_quality.py); to lone items, nothing.

    Items in different connected parts of the graph of pairs reaching ``threshold`` can never
    meet (an average reaches it only if some pair does), so each part is grouped alone. A pair
    scoring ``APART`` keeps its two groups apart for good."""
    n = len(similarity)
    if n == 0:
        return []
    linked = sparse.csr_matrix(similarity >= threshold)
    parts, label = connected_components(linked, directed=False)
    groups: list[list[int]] = []
    for part in range(parts):
        items = np.flatnonzero(label == part)
        if len(items) == 1:
            groups.append([int(items[0])])
            continue
        sim = similarity[np.ix_(items, items)].copy()
        pair = score[np.ix_(items, items)].copy()
        np.fill_diagonal(sim, -np.inf)
        size = np.ones(len(items))
        members: list[list[int]] = [[int(i)] for i in items]
        alive = np.ones(len(items), dtype=bool)
        while True:
            alone = np.minimum(size[:, None], size[None, :]) == 1
            allowed = np.where((pair >= floor) | ~alone, sim, -np.inf)
            a, b = divmod(int(np.argmax(allowed)), len(items))
            if allowed[a, b] < threshold:
                break
            for m in (sim, pair):
                merged = (size[a] * m[a] + size[b] * m[b]) / (size[a] + size[b])
                m[a, :] = merged
                m[:, a] = merged
            sim[a, a] = -np.inf
            sim[b, :] = -np.inf
            sim[:, b] = -np.inf
            size[a] += size[b]
            members[a].extend(members[b])
            alive[b] = False
        groups.extend(sorted(members[i]) for i in np.flatnonzero(alive))
    return sorted(groups)
