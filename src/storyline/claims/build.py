"""One story's claims, conflicts, aligned quotes, summary and coverage: the pure function the
claims stage runs per story."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from storyline.claims.anchors import SpanRead, population
from storyline.claims.conflicts import contradictions
from storyline.claims.findings import Finding, Places, places_of
from storyline.claims.grouping import cross_scores, group, pair_scores
from storyline.claims.quotes import align_quotes, outlet
from storyline.claims.speaker_names import pronoun_speakers_named
from storyline.claims.summary import coverage, summarize
from storyline.claims.units import StatementMemo, Unit, points_back, statements
from storyline.cleaning.text import raw_span
from storyline.config import ClaimConfig
from storyline.embed import span_vectors
from storyline.model import (
    AlignedQuote,
    Analysis,
    Article,
    Claim,
    Conflict,
    Coverage,
    SourceFamily,
    Story,
    StorySummary,
    Support,
    content_id,
)
from storyline.quotation import balanced
from storyline.stages import algorithm_names, check_algorithm

Embed = Callable[[Sequence[str]], npt.NDArray[np.float32]]

# The versioned algorithm names (what each does: storyline.stages, the one registry).
ALGORITHMS = algorithm_names("claims")


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimSet:
    """Everything the claims stage found for one story."""

    story_id: str
    claims: tuple[Claim, ...]
    conflicts: tuple[Conflict, ...]
    quotes: tuple[AlignedQuote, ...]
    summary: StorySummary
    coverage: Coverage


def family_index(articles: Iterable[Article], families: Sequence[SourceFamily]) -> dict[str, str]:
    """article_id -> family_id; an article no family lists is a family of its own."""
    index = {a: f.family_id for f in families for a in f.article_ids}
    return {
        a.article_id: index.get(a.article_id) or content_id("family", a.article_id)
        for a in articles
    }


def build_claims(
    story: Story,
    articles: Sequence[Article],
    analyses: Sequence[Analysis],
    families: Sequence[SourceFamily],
    cfg: ClaimConfig,
    embed: Embed,
    background: Sequence[Article] = (),
    sources: dict[str, str] | None = None,
    memo: StatementMemo | None = None,
    spans: SpanRead | None = span_vectors,
) -> ClaimSet:
    """Claims, conflicts, aligned quotes, summary and coverage of one story.

    ``articles`` are the story's own articles; ``background`` are articles of related stories
    whose sentences may restate or contradict this story's facts. ``analyses`` must cover both.
    ``sources`` maps report IDs to the text as ingested, so supports quote the source's own
    wording; without it they quote the cleaned text. ``memo`` keeps each article's statements
    across the stories of one run (see :func:`~storyline.claims.units.statements`).
    ``spans`` reads the token vectors of a span in its sentence (the shared encoder's,
    ``embed.span_vectors``), for predicates alike in meaning; None leaves them out.
    """
    check_algorithm("claims", cfg)
    own_ids = {a.article_id for a in articles if a.article_id in story.article_ids}
    own = [a for a in articles if a.article_id in own_ids]
    extra = [a for a in background if a.article_id not in own_ids]
    every = own + extra
    by_id = {a.article_id: a for a in analyses}
    family_of = family_index(every, families)
    units = statements(every, by_id, family_of, {a.article_id for a in extra}, cfg, memo)
    vectors = embed([u.text for u in units]) if units else np.zeros((0, 384), dtype=np.float32)
    counted = population(units)
    read = units
    copies: dict[int, list[Unit]] | None = None
    if len(units) > FOLD_COPIES_FROM:
        units, vectors, copies = fold_copies(units, vectors)
    units, vectors = near_story(units, vectors, cfg)
    cos, score = pair_scores(units, vectors, cfg, counted)
    places = places_of(
        (by_id[a.article_id] for a in every if a.article_id in by_id),
        {a.article_id: a.text for a in every},
    )
    groups = group(units, cos, score, cfg, places, counted, spans)
    group_of: dict[int, int] = {}
    for g, members in enumerate(groups):
        for i in members:
            group_of.setdefault(i, g)  # a statement in two claims: the first is its own
    found = _conflicts(units, groups, group_of, score, cfg, places)
    in_conflict = {g for pair in found for g in pair[:2]}
    keep = [
        g
        for g, members in enumerate(groups)
        if any(not units[i].background for i in members) or g in in_conflict
    ]
    importance = _importance(units, groups, keep, vectors, len(own), copies)

    def expanded(indices: Sequence[int]) -> list[Unit]:
        return [c for i in indices for c in (copies[id(units[i])] if copies else [units[i]])]

    claims_by_group = {}
    worded: set[tuple[str, int]] = set()  # statements already shown as a claim's wording
    # A statement that also supports a second claim words the more important one only: both
    # showed the same sentence (20 wordings over the BASIL stories).
    for g in sorted(keep, key=lambda g: (-importance[g], g)):
        stated = expanded(_restating(groups[g], units, score, cfg, g in in_conflict))
        free = [u for u in stated if (u.article.article_id, u.start) not in worded]
        best = _wording(free or stated)
        worded.add((best.article.article_id, best.start))
        claims_by_group[g] = _claim(
            story.story_id, stated, importance[g], sources or {}, best, by_id
        )
    claims_by_group = _one_per_statements(claims_by_group)
    claims = sorted(
        {c.claim_id: c for c in claims_by_group.values()}.values(),
        key=lambda c: (-c.importance, c.claim_id),
    )
    conflicts = _conflict_records(story.story_id, found, claims_by_group, units, sources or {})
    quote_units, quote_group_of = units, group_of
    if copies is not None:
        # A quotation is placed by the statement of its own article that holds it: every copy
        # stands for itself there, in the claim of the statement it was folded into.
        at = {id(c): group_of[k] for k, u in enumerate(units) for c in copies[id(u)]}
        quote_units = [u for u in read if id(u) in at]
        quote_group_of = {k: at[id(u)] for k, u in enumerate(quote_units)}
    quotes, speaker_conflicts = align_quotes(
        story.story_id,
        every,
        by_id,
        {a.article_id for a in extra},
        quote_units,
        quote_group_of,
        claims_by_group,
        embed,
        cfg,
    )
    conflicts = list({c.conflict_id: c for c in [*conflicts, *speaker_conflicts]}.values())
    summary = summarize(story.story_id, claims, conflicts, groups, claims_by_group, vectors, cfg)
    return ClaimSet(
        story_id=story.story_id,
        claims=tuple(claims),
        conflicts=tuple(conflicts),
        quotes=tuple(quotes),
        summary=summary,
        coverage=coverage(story.story_id, claims, own),
    )


# -- copies -------------------------------------------------------------------------------------

# A story that reads more statements than this (its own and its related stories') is scored with
# each statement's copies in other articles (the same text, facts, speakers and side: a reprint's
# sentence) folded into the first of them. The pair scores are dense squares over the
# statements: a wire story reprinted by 133 outlets, with 137 reprints in a related story, reads
# 25,247 statements of 114 texts, 5 GB a matrix, and 156 reprints' 3,150 statements took 217
# CPU-s unfolded against 1.1 folded. Below this nothing is folded, so a story of ordinary size is
# scored statement by statement as before (the largest of BASIL's reads 632 statements, of ECB+
# dev and BASIL together 560).
FOLD_COPIES_FROM = 1500


def fold_copies(
    units: Sequence[Unit], vectors: npt.NDArray[np.float32]
) -> tuple[list[Unit], npt.NDArray[np.float32], dict[int, list[Unit]]]:
    """The statements with every copy folded into the first statement it copies, their vectors,
    and each kept statement's copies (itself first), by ``id`` of the kept statement.

    Copies are the same text with the same facts and speakers, on the same side (the story's
    own or a related story's), in another article: they score 1 against each other and alike
    against everything else, so they group together, and a claim then takes every copy of each
    statement it holds as a support. A second copy in one article is kept apart (a claim holds
    at most ``max_per_article`` statements of one article)."""
    kept: list[int] = []
    copies: dict[int, list[Unit]] = {}
    held: dict[int, set[str]] = {}
    first: dict[tuple[str, bool, frozenset[str], str], list[int]] = {}
    for i, u in enumerate(units):
        key = (u.text, u.background, u.speakers, repr(u.facts))
        aid = u.article.article_id
        into = next((k for k in first.get(key, ()) if aid not in held[k]), None)
        if into is None:
            first.setdefault(key, []).append(i)
            kept.append(i)
            copies[id(u)] = [u]
            held[i] = {aid}
        else:
            copies[id(units[into])].append(u)
            held[into].add(aid)
    return [units[i] for i in kept], vectors[kept], copies


# -- related stories' statements -----------------------------------------------------------------


def near_story(
    units: Sequence[Unit], vectors: npt.NDArray[np.float32], cfg: ClaimConfig
) -> tuple[list[Unit], npt.NDArray[np.float32]]:
    """The story's statements and those of related stories that come near one of them.

    A related story's statement counts only when it restates or contradicts one of this story's
    (a background-only claim is dropped unless it is in a conflict with one of the story's): a
    pair with a background statement groups at ``paraphrase_min_score`` with the anchor bonus
    at most, and contradicts at ``conflict_min_score``. One that scores below both with every
    statement of the story is left out before the statements are scored pair by pair, so a story
    with many related stories costs its own statements times theirs, not the square of all:
    a story of 22 articles read 8,627 statements of 262 related articles, 1,564 of them near.
    """
    own = [i for i, u in enumerate(units) if not u.background]
    if not own or len(own) == len(units):
        return list(units), vectors
    floor = min(cfg.paraphrase_min_score - cfg.anchor_bonus, cfg.conflict_min_score)
    best = cross_scores(units, vectors, own, cfg).max(axis=0)
    keep = [i for i, u in enumerate(units) if not u.background or best[i] >= floor]
    if len(keep) == len(units):
        return list(units), vectors
    return [units[i] for i in keep], vectors[keep]


# -- claims -------------------------------------------------------------------------------------


def _importance(
    units: Sequence[Unit],
    groups: Sequence[Sequence[int]],
    keep: Sequence[int],
    vectors: npt.NDArray[np.float32],
    own_articles: int,
    copies: dict[int, list[Unit]] | None = None,
) -> dict[int, float]:
    """Independent families first, then centrality in the story, then how early it is told.

    With ``copies`` (:func:`fold_copies`), each statement counts with its copies."""
    if copies is not None:
        return _importance_of_copies(units, groups, keep, vectors, own_articles, copies)
    own = [i for i, u in enumerate(units) if not u.background]
    centroid = vectors[own].mean(axis=0) if own else np.zeros(vectors.shape[1], dtype=np.float32)
    norm = float(np.linalg.norm(centroid)) or 1.0
    result: dict[int, float] = {}
    for g in keep:
        members = [units[i] for i in groups[g] if not units[i].background]
        if not members:
            result[g] = 0.0
            continue
        families = len({u.family_id for u in members})
        articles = len({u.article.article_id for u in members})
        centrality = float(np.mean([vectors[i] @ centroid for i in groups[g]])) / norm
        lead = max(1.0 / (1.0 + u.sentence / 3.0) for u in members)
        result[g] = families + 0.5 * articles / max(own_articles, 1) + centrality + 0.5 * lead
    return result


def _importance_of_copies(
    units: Sequence[Unit],
    groups: Sequence[Sequence[int]],
    keep: Sequence[int],
    vectors: npt.NDArray[np.float32],
    own_articles: int,
    copies: dict[int, list[Unit]],
) -> dict[int, float]:
    """:func:`_importance` with each statement weighted by its copies, which are its supports."""
    weights = np.array([len(copies[id(u)]) for u in units], dtype=np.float64)
    own = [i for i, u in enumerate(units) if not u.background]
    centroid = (
        np.average(vectors[own], axis=0, weights=weights[own]).astype(np.float32)
        if own
        else np.zeros(vectors.shape[1], dtype=np.float32)
    )
    norm = float(np.linalg.norm(centroid)) or 1.0
    result: dict[int, float] = {}
    for g in keep:
        members = [c for i in groups[g] if not units[i].background for c in copies[id(units[i])]]
        if not members:
            result[g] = 0.0
            continue
        families = len({u.family_id for u in members})
        articles = len({u.article.article_id for u in members})
        near = [float(vectors[i] @ centroid) for i in groups[g]]
        centrality = float(np.average(near, weights=weights[list(groups[g])])) / norm
        lead = max(1.0 / (1.0 + u.sentence / 3.0) for u in members)
        result[g] = families + 0.5 * articles / max(own_articles, 1) + centrality + 0.5 * lead
    return result


def _wording(units: Sequence[Unit]) -> Unit:
    """The most complete wording: in-story first, a named subject, most facts, then longest."""
    return max(
        units,
        key=lambda u: (
            not u.background,
            u.text[:1] not in "\"“‘'",  # reported speech reads better than a bare quotation
            not points_back(u.text, or_may=True),
            u.facts.keys(),
            len(u.stems),
            -u.start,
        ),
    )


def _support(u: Unit, sources: dict[str, str]) -> Support:
    raw = sources.get(u.article.report_id)
    raw_start = raw_end = None
    text = u.text
    if raw is not None and u.article.offsets:
        raw_start, raw_end = raw_span(u.article.offsets, u.start, u.end)
        text = raw[raw_start:raw_end] or u.text
    return Support(
        article_id=u.article.article_id,
        sentence=u.sentence,
        start=u.start,
        end=u.end,
        text=text,
        family_id=u.family_id,
        background=u.background,
        raw_start=raw_start,
        raw_end=raw_end,
    )


def _restating(
    members: Sequence[int],
    units: Sequence[Unit],
    score: npt.NDArray[np.float64],
    cfg: ClaimConfig,
    in_conflict: bool,
) -> list[int]:
    """A claim's statements without the related stories' sentences that do not restate it.

    A related story tells another event, so its sentence is shown as a support only when it
    is a close paraphrase (plain score at least ``background_min_score``, no anchor or
    predicate bonus) of every statement of the story in the claim; grouping still reads it
    as before, so the story's own statements group alike. A claim in a conflict keeps every
    statement, since a conflict quotes its sides."""
    own = [i for i in members if not units[i].background]
    if in_conflict or not own:
        return list(members)
    floor = cfg.background_min_score
    return [
        i for i in members
        if not units[i].background or all(float(score[i, j]) >= floor for j in own)
    ]


def _one_per_statements(claims_by_group: dict[int, Claim]) -> dict[int, Claim]:
    """Each group's claim, where claims made of the same statements are one claim.

    A statement may sit in several groups (one it belongs to, others it extends), and a group
    may be a related story's sentences with one statement of the story extended into it. With
    the related sentences that do not restate it taken out (:func:`_restating`), such groups
    hold the same statements and so have one ``claim_id``: they are one claim, kept at the
    highest importance of its groups, so that every engine stores one record for it whatever
    order its groups were made in. A claim whose statements are all in a larger claim is that
    larger claim too (at the higher importance of the two)."""
    best: dict[str, Claim] = {}
    for claim in claims_by_group.values():
        kept = best.get(claim.claim_id)
        if kept is None or claim.importance > kept.importance:
            best[claim.claim_id] = claim
    # A claim whose statements another claim holds too, and more, is that claim: a group left
    # with a statement the larger claim extends over (6 over the BASIL stories, each shown as
    # a second row of one sentence, "single source", beside the claim with three families).
    spans = {i: frozenset((s.article_id, s.start) for s in c.supports) for i, c in best.items()}
    holding: dict[tuple[str, int], list[str]] = {}  # a statement -> the claims holding it
    for i, held in spans.items():
        for statement in held:
            holding.setdefault(statement, []).append(i)
    within: dict[str, str] = {}
    for i, inner in spans.items():
        if not inner:
            continue
        # A larger claim holds every statement of this one, its first among them.
        larger = [j for j in holding[next(iter(inner))] if inner < spans[j]]
        if larger:
            within[i] = max(larger, key=lambda j: (len(spans[j]), best[j].importance, j))
    for i, j in within.items():  # the larger claim keeps the higher importance of the two
        if best[i].importance > best[j].importance:
            best[j] = replace(best[j], importance=best[i].importance)
    return {g: best[within.get(c.claim_id, c.claim_id)] for g, c in claims_by_group.items()}


def _claim(
    story_id: str,
    members: Sequence[Unit],
    importance: float,
    sources: dict[str, str],
    best: Unit,
    analyses: dict[str, Analysis],
) -> Claim:
    """A claim of its statements (``members``), worded by ``best`` (one of them)."""
    ordered = sorted(members, key=lambda u: (u.background, u.article.article_id, u.start))
    supports = tuple(_support(u, sources) for u in ordered)
    # A related story's sentence restating the fact is shown as a support, but it is another
    # story's reporting: only the story's own articles count as its sources (a claim kept only
    # for a conflict's background side counts its own).
    counted = [u for u in members if not u.background] or list(members)
    article_ids = {u.article.article_id for u in counted}
    families = {u.family_id for u in counted}
    return Claim(
        claim_id=content_id(
            "claim", story_id, *sorted(f"{s.article_id}:{s.start}:{s.end}" for s in supports)
        ),
        story_id=story_id,
        # Worded as a statement of its own: a sentence cut out of a longer quotation gets the
        # mark it lacks, and a pronoun speaker or subject the name it stands for (its support
        # keeps the source's wording as it stands).
        text=pronoun_speakers_named(
            balanced(next(s.text for s, u in zip(supports, ordered, strict=True) if u is best)),
            best.article.text[best.start : best.end],
            best.start,
            read.quotes if (read := analyses.get(best.article.article_id)) else (),
            read.referents if read else (),
        ),
        supports=supports,
        outlets=tuple(sorted({outlet(u.article) for u in members})),
        article_count=len(article_ids),
        family_count=len(families),
        single_source=len(families) == 1,
        importance=round(importance, 4),
    )


# -- conflicts ----------------------------------------------------------------------------------

_Found = tuple[int, int, Finding, int, int]  # group a, group b, finding, unit a, unit b


def _candidate_pairs(units: Sequence[Unit], score: npt.NDArray[np.float64], floor: float) -> set[
    tuple[int, int]
]:
    """Pairs of statements worth comparing: sharing a participant of some clause, or similar
    enough to be about one occasion. Everything else says different things."""
    index: dict[str, list[int]] = {}
    for i, u in enumerate(units):
        for c in u.facts.clauses:
            for key in (*c.agents, *c.patients):
                index.setdefault(key, []).append(i)
    pairs: set[tuple[int, int]] = set()
    for members in index.values():
        unique = sorted(set(members))
        for x, i in enumerate(unique):
            for j in unique[x + 1 :]:
                pairs.add((i, j))
    with_occasion = [i for i, u in enumerate(units) if u.facts.occasions]
    for x, i in enumerate(with_occasion):
        for j in with_occasion[x + 1 :]:
            if score[i, j] >= floor:
                pairs.add((i, j))
    # Statements alike as wholes (copies and close restatements) are compared whatever their
    # clauses share: a copy with another name in it shares no participant with the original.
    rows, cols = np.nonzero(np.triu(score >= floor, k=1))
    pairs.update(zip(rows.tolist(), cols.tolist(), strict=True))
    return pairs


def _conflicts(
    units: Sequence[Unit],
    groups: Sequence[Sequence[int]],
    group_of: dict[int, int],
    score: npt.NDArray[np.float64],
    cfg: ClaimConfig,
    places: Places,
) -> list[_Found]:
    """Pairs of claims with statements that contradict each other, the surest finding of each
    kind for each pair."""
    best: dict[tuple[int, int, str], _Found] = {}
    for i, j in sorted(_candidate_pairs(units, score, cfg.conflict_min_score)):
        gi, gj = group_of[i], group_of[j]
        a, b = units[i], units[j]
        if gi == gj or (a.background and b.background):
            continue
        if i in groups[gj] or j in groups[gi]:
            continue  # one of them also supports the other's claim
        for finding in contradictions(a, b, float(score[i, j]), cfg, places):
            if finding.confidence < cfg.conflict_min_confidence:
                continue
            first, second = (gi, gj) if gi < gj else (gj, gi)
            ua, ub = (i, j) if gi < gj else (j, i)
            key = (first, second, finding.kind)
            if key not in best or finding.confidence > best[key][2].confidence:
                if gi > gj:
                    finding = replace(finding, detail=_swap(finding.detail))
                best[key] = (first, second, finding, ua, ub)
    return sorted(best.values(), key=lambda f: (f[0], f[1], f[2].kind))


def _swap(detail: str) -> str:
    """ "x against y" -> "y against x"."""
    head, _, rest = detail.partition(" against ")
    return f"{rest} against {head}"


_ABOUT = {
    "number": "how many",
    "date": "when",
    "place": "where",
    "participant": "who",
    "occasion": "on which occasion",
    "speaker": "who said it",
}


def _cite(u: Unit) -> str:
    name = outlet(u.article)
    where = (
        f"{name} (sentence {u.sentence})"
        if name == u.article.article_id
        else f"{name} ({u.article.article_id}, sentence {u.sentence})"
    )
    return where + (" in a related story" if u.background else "")


def _conflict_records(
    story_id: str,
    found: Sequence[_Found],
    claims_by_group: dict[int, Claim],
    units: Sequence[Unit],
    sources: dict[str, str],
) -> list[Conflict]:
    records = []
    for ga, gb, finding, ua, ub in found:
        a, b = claims_by_group[ga], claims_by_group[gb]
        first, second = units[ua], units[ub]
        # Quoted as the sources wrote them.
        first_text, second_text = _support(first, sources).text, _support(second, sources).text
        records.append(
            Conflict(
                conflict_id=content_id("conflict", story_id, a.claim_id, b.claim_id, finding.kind),
                story_id=story_id,
                claim_a=a.claim_id,
                claim_b=b.claim_id,
                kind=finding.kind,
                reason=(
                    f"{finding.kind} differs ({finding.detail}): {_cite(first)} says "
                    f"{first_text!r}; {_cite(second)} says {second_text!r}"
                ),
                summary=(
                    f"{_ABOUT.get(finding.kind, finding.kind)}"
                    + (f" ({finding.about})" if finding.about else "")
                    + f": {finding.detail} "
                    f"({outlet(first.article)} against {outlet(second.article)})"
                ),
                confidence=finding.confidence,
            )
        )
    return records


def claims_by_story(claims: Iterable[Claim]) -> dict[str, list[Claim]]:
    grouped: dict[str, list[Claim]] = {}
    for claim in claims:
        grouped.setdefault(claim.story_id, []).append(claim)
    return grouped


