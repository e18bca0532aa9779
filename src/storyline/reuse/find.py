"""The reuse stage's function: index new articles, verify their candidate pairs, return links and
families (records in, records out; the local engine keeps the index and writes the records)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from storyline.config import ReuseConfig
from storyline.errors import ConfigError
from storyline.model import Article, ReuseKind, ReuseLink, ReuseSketch, SourceFamily
from storyline.reuse.index import ArticleGroups, ReuseIndex, joins_family
from storyline.reuse.sketch import Sketch, sketch_texts
from storyline.reuse.verify import compare
from storyline.store.codec import encode_array


@dataclass(slots=True, kw_only=True)
class ReuseResult:
    links: list[ReuseLink]  # links found in this call (pairs with at least one new article)
    families: list[SourceFamily]  # every indexed article's family, lone articles included
    sketches: list[ReuseSketch] = field(default_factory=list)  # index entries of new articles
    candidates: int = 0  # candidate pairs found
    # Candidate pairs not verified: both articles already in one group of reprints, or a pair of
    # their groups of near-duplicates already settled (below).
    implied: int = 0

    def line(self) -> str:
        kinds = {k: sum(1 for link in self.links if link.kind == k) for k in _KINDS}
        shared = sum(1 for f in self.families if len(f.article_ids) > 1)
        implied = (
            f" ({self.implied} inside groups of reprints or settled between near-duplicates)"
            if self.implied
            else ""
        )
        return (
            f"{len(self.sketches)} new articles, {self.candidates} candidate pairs{implied}, "
            f"{len(self.links)} links ({', '.join(f'{n} {k}' for k, n in kinds.items())}), "
            f"{len(self.families)} families ({shared} with copied text)"
        )


_KINDS: tuple[ReuseKind, ...] = ("duplicate", "copy", "paraphrase")


_BATCH = 256  # articles sketched per vectorized pass


def _index_one(
    index: ReuseIndex, sketches: list[ReuseSketch], article: Article, sketch: Sketch
) -> None:
    index.add(article.article_id, sketch)
    sketches.append(
        ReuseSketch(
            article_id=article.article_id,
            algorithm=index.version,
            fingerprints=encode_array(sketch.fingerprints, "<u8"),
            key_fingerprints=encode_array(sketch.key_fingerprints, "<u8"),
        )
    )


# A family-joining link whose two articles each hold at least this share of the other's words in
# shared passages is a reprint (a wire story with a byline changed and a sentence dropped: 0.77
# in tests/test_reuse_blocking.py); pairs inside a group of reprints are not verified again. A
# wire passage spliced into a longer article stays under it (the longer one's share is small),
# so such pairs are still all verified.
REPRINT_CONTAINMENT = 0.5

# What a stage's progress callback is told: (done, total, what is counted).
StepProgress = Callable[[int, int, str], None]
# Candidate pairs compared between two progress reports (a pair costs about a millisecond).
_PROGRESS_EVERY = 200


def _group_pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def find_reuse(
    articles: Sequence[Article],
    cfg: ReuseConfig,
    index: ReuseIndex | None = None,
    *,
    lookup: Callable[[str], Article | None] | None = None,
    progress: StepProgress | None = None,
) -> ReuseResult:
    """Index the articles not yet in ``index`` and find their links to every indexed article.

    ``articles`` may include already indexed ones (they are skipped); ``lookup`` fetches indexed
    articles that candidates need and ``articles`` does not hold (the local engine reads them
    from the store).
    The index is updated in place, so a second call with the same articles finds nothing new.
    ``progress`` is told ``(done, total, what)``: the articles sketched, then the candidate
    pairs compared (most of the cost when many articles reprint each other).
    """
    index = index if index is not None else ReuseIndex(cfg)
    by_id = {a.article_id: a for a in articles}
    new = sorted(
        (a for a in by_id.values() if a.article_id not in index), key=lambda a: a.article_id
    )
    first_new = len(index)
    sketches: list[ReuseSketch] = []
    for start in range(0, len(new), _BATCH):
        if progress is not None:
            progress(start, len(new), "articles sketched")
        batch = new[start : start + _BATCH]
        for article, sketch in zip(batch, sketch_texts([a.text for a in batch], cfg), strict=True):
            _index_one(index, sketches, article, sketch)
    copy_pairs, para_pairs = index.candidates(first_new) if new else ([], [])
    pairs_total = len(copy_pairs) + len(para_pairs)

    def fetch(article_id: str) -> Article:
        found = by_id.get(article_id) or (lookup(article_id) if lookup is not None else None)
        if found is None:
            raise ConfigError(f"reuse index holds {article_id} but no article text was given")
        by_id[article_id] = found
        return found

    def tick(compared: int) -> None:
        if progress is not None and compared % _PROGRESS_EVERY == 0:
            progress(compared, pairs_total, "candidate pairs compared")

    links, implied = verify_in_order(
        [
            *((a, b, not cfg.paraphrase) for a, b in copy_pairs),
            *((a, b, False) for a, b in para_pairs),
        ],
        fetch,
        cfg,
        index.duplicates,
        join=index.join,
        tick=tick,
    )
    links.sort(key=lambda link: link.link_id)
    return ReuseResult(
        links=links,
        families=index.families(),
        sketches=sketches,
        candidates=len(copy_pairs) + len(para_pairs),
        implied=implied,
    )


def verify_in_order(
    pairs: Iterable[tuple[str, str, bool]],
    fetch: Callable[[str], Article],
    cfg: ReuseConfig,
    duplicates: ArticleGroups,
    *,
    join: Callable[[str, str], None] | None = None,
    tick: Callable[[int], None] | None = None,
) -> tuple[list[ReuseLink], int]:
    """Verify candidate pairs ``(a, b, copy_only)`` in the order given, skipping those the links
    found before them settle: the links found (in the order found) and how many were skipped.

    ``duplicates`` (the groups of near-duplicates, of this call and earlier ones) is updated in
    place, and ``join`` is called with the two articles of every family-joining link. What is
    skipped depends on the order and on the links found before, but only through articles
    linked by candidate pairs: pairs in different connected components of the graph of
    candidate pairs never affect each other (the Ray engine verifies components apart).
    ``tick`` is told how many pairs were handled before each one.
    """
    links: list[ReuseLink] = []
    reprints = ArticleGroups()  # the groups of verified reprints of this call
    # Near-duplicates (each holding ``duplicate_containment`` of the other, by a family-joining
    # link: a group is inside one family), of this call and earlier ones, and the pairs of their
    # groups settled in this call (by the groups' roots then).
    settled: set[tuple[str, str]] = set()
    implied = 0
    for compared, (a_id, b_id, copy_only) in enumerate(pairs):
        if tick is not None:
            tick(compared)
        # Blocking for syndication: a wire story reprinted by n outlets with small edits is
        # n(n-1)/2 candidate pairs, each a reprint of the others (96 CPU-s and 54,421 pairs
        # for 1,000 such articles, benchmarks/pipeline_speed.py --corpus syndicated). Two
        # articles already joined by a chain of reprint links verified in this call are one
        # family already, and each holds most of the next: their pair is not verified
        # again. Families are unchanged; each copy is linked to the copies it was verified
        # against (copy pairs are visited most alike first: mostly to the closest copies).
        if reprints.same(a_id, b_id) or duplicates.same(a_id, b_id):
            implied += 1
            continue
        # Blocking between groups of near-duplicates: once a pair of two groups is found to
        # share nothing, or to share enough prose to make the groups one family, the other
        # pairs of the two groups are not verified (their families cannot change; a pair of
        # near-duplicates of two articles that share nothing shares next to nothing). A pair
        # sharing a passage below the family threshold settles nothing: near-duplicates may
        # fall either side of it (sentence-reordered copies did). Without this each pair of
        # groups of v copies was v*v verified pairs: cost per article grew with the copies
        # of every text (the `distinct` corpus of benchmarks/pipeline_speed.py).
        groups = _group_pair(duplicates.find(a_id), duplicates.find(b_id))
        if groups in settled:
            implied += 1
            continue
        link = compare(fetch(a_id), fetch(b_id), cfg, copy_only=copy_only)
        if link is None:
            settled.add(groups)
            continue
        links.append(link)
        if joins_family(link, cfg):
            settled.add(groups)
            if join is not None:
                join(link.article_a, link.article_b)
            if min(link.containment_a, link.containment_b) >= REPRINT_CONTAINMENT:
                reprints.join(link.article_a, link.article_b)
            if link.kind == "duplicate":
                duplicates.join(link.article_a, link.article_b)
    return links, implied
