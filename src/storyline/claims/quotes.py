"""One remark by one speaker with every rendering of it across outlets, and the same words
attributed to two different speakers.

Quotes (from the analyze stage) of the same speaker whose contents score at least
``quote_min_score`` (the paraphrase score: cosine and IDF-Dice), or where one is a short quoted
phrase of the other, are one aligned quote; complete link at ``quote_link_min_score`` and one
rendering per article keep one speaker's many remarks on a topic apart. A sentence elsewhere that
names the speaker and quotes a fragment of the remark is added as a ``mixed`` rendering.

The same words from two speakers are a ``speaker`` contradiction only when they are one remark
(a long quotation, near word for word), both speakers are resolved people or organisations that
are not one person ("Brat" is "David Brat"), and neither attribution relays a document ("according
to the indictment"): two people can both say "the wrong side of history".
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz

from storyline.analyze.clauses import name_key
from storyline.analyze.lexicon import PRONOUNS
from storyline.claims.grouping import complete_link, dice_matrix
from storyline.claims.speaker_names import (
    full_speaker_names,
    joint_makers,
    joint_remark,
    same_speaker,
    shown_name,
    speaker_key,
    speaker_keys,
    story_analyses,
)
from storyline.claims.units import WORD, Unit, content_stems
from storyline.cleaning.dates import dateline_length
from storyline.config import ClaimConfig
from storyline.model import (
    AlignedQuote,
    Analysis,
    Article,
    Claim,
    Conflict,
    Mention,
    Quote,
    QuoteRendering,
    Sentence,
    content_id,
)

Embed = Callable[[Sequence[str]], npt.NDArray[np.float32]]

# One remark from two speakers: a quotation this long, this alike.
_SPEAKER_CONFLICT_WORDS = 8
_SPEAKER_CONFLICT_RATIO = 90.0
_SPEAKER_CONFIDENCE = 0.7


def _norm(text: str) -> str:
    text = text.lower().replace("’", "'")
    text = re.sub(r"'s\b|^the\s+", "", text)
    return " ".join(WORD.findall(text))


def _named_at_cue(q: Quote) -> bool:
    """The speaker is named where the quote is attributed ("Thibodeau said"), not inferred from
    a pronoun or a role noun ("she said", "the House speaker said"): only then is a different
    speaker for the same words evidence that outlets disagree."""
    key = speaker_key(q)
    # The key is the surname, with its suffix when it has one ("moss jr").
    return key is not None and f" {key} " in f" {name_key(q.speaker_text or '', 'ORG')} "


def _one_remark(a: str, b: str) -> bool:
    """Two quotations of one remark, word for word or nearly: long enough that two people would
    not say it each."""
    short = min(_norm(a), _norm(b), key=len)
    return (
        len(short.split()) >= _SPEAKER_CONFLICT_WORDS
        and fuzz.ratio(_norm(a), _norm(b)) >= _SPEAKER_CONFLICT_RATIO
    )


def relayed(q: Quote) -> bool:
    """An "according to" attribution names where the reporter read or heard a statement (a
    document, an agency, "a copy seen by ..."), which can relay what a person said: the same
    words attributed to that person elsewhere are no contradiction."""
    return (q.cue or "").lower() == "according to"


def outlet(article: Article) -> str:
    return article.outlet or article.source_id or article.article_id


def source(article: Article) -> str:
    """The outlet and the article ID, or the ID alone when the outlet is not known."""
    name = outlet(article)
    return name if name == article.article_id else f"{name} ({article.article_id})"


def shown_speaker(text: str | None) -> str | None:
    """The words a remark whose speaker was not resolved to a name is shown under: the
    speaker as written ("a senior administration official", "the indictment"), without an
    aside it cuts short, but never a bare pronoun ("they", "it"), which tells the reader
    nothing of who spoke."""
    if not text or text.strip().lower() in PRONOUNS:
        return None
    # A speaker opening a lead keeps the dateline before it ("WASHINGTON — The port
    # authority") or a bullet ("-Its board"): neither says who spoke.
    text = text[dateline_length(text) :].lstrip("-–—•* ")
    # A phrase cut inside an aside shows up to the aside: "the DNC Communications Director
    # (of all people" is "the DNC Communications Director".
    for opening, closing in (("(", ")"), ("[", "]")):
        at = text.rfind(opening)
        if at >= 0 and closing not in text[at:]:
            text = text[:at].rstrip(" ,;:—–-")
    # A phrase opening a sentence is written with a capital ("A senior administration
    # official said"): shown as mid-sentence, one speaker's remarks sit under one heading. Not
    # a name ("The New York Times").
    first, _, rest = text.partition(" ")
    if first in ("A", "An", "The") and rest[:1].islower():
        text = f"{first.lower()} {rest}"
    return text or None


def align_quotes(
    story_id: str,
    articles: Sequence[Article],
    analyses: dict[str, Analysis],
    background_ids: set[str],
    units: Sequence[Unit],
    group_of: dict[int, int],
    claims_by_group: dict[int, Claim],
    embed: Embed,
    cfg: ClaimConfig,
) -> tuple[list[AlignedQuote], list[Conflict]]:
    """One AlignedQuote per remark: same speaker, same content, however it was rendered."""
    every: list[tuple[Article, Quote]] = [
        (a, q) for a in articles if a.article_id in analyses for q in analyses[a.article_id].quotes
    ]
    if not every:
        return [], []
    # The quotes read, or with many of them each quote's copies folded into its first (then
    # ``copies[k]`` are the indices in ``every`` that quote ``k`` stands for).
    quotes, copies = every, None
    if len(every) > FOLD_QUOTES_FROM:
        quotes, copies = fold_quote_copies(every)
    held = [{every[c][0].article_id for c in group} for group in copies or []]
    dice = dice_matrix([content_stems(q.content) for _, q in quotes])
    fragment = _short_fragments([q.content for _, q in quotes])
    vectors = _quote_vectors(quotes, dice, fragment, embed, cfg)
    cos = vectors @ vectors.T
    # As for claims: MiniLM scores one speaker's remarks on a topic alike, the shared rare
    # words tell one remark from another.
    score = 0.5 * cos + 0.5 * dice
    speakers = speaker_keys([q for _, q in quotes])
    n = len(quotes)
    candidates: list[tuple[float, int, int]] = []
    speaker_conflicts: list[tuple[int, int]] = []
    # The pairs worth reading (two articles, alike or a fragment of the other), found over the
    # whole matrix at once, in the order of a loop over i < j.
    article_ids = np.array([a.article_id for a, _ in quotes])
    worth = (score >= cfg.quote_min_score) | np.array(fragment, dtype=bool)
    worth &= article_ids[:, None] != article_ids[None, :]
    for i, j in zip(*np.nonzero(np.triu(worth, k=1)), strict=True):
        i, j = int(i), int(j)
        if (speakers[i] is not None and speakers[i] == speakers[j]) or joint_remark(
            quotes[i][1], quotes[j][1]
        ):
            candidates.append((max(float(score[i, j]), cfg.quote_min_score), i, j))
        elif (
            quotes[i][1].kind == quotes[j][1].kind == "direct"
            and _named_at_cue(quotes[i][1])
            and _named_at_cue(quotes[j][1])
            and not same_speaker(quotes[i][1], quotes[j][1])
            and _one_remark(quotes[i][1].content, quotes[j][1].content)
            and not (relayed(quotes[i][1]) or relayed(quotes[j][1]))
        ):
            speaker_conflicts.append((i, j))
    # Best pairs first; a remark has one rendering per article and every two renderings of it
    # must be alike (complete link), so one speaker's many remarks on a topic stay apart.
    def may_join(left: list[int], right: list[int]) -> bool:
        if copies is not None:
            if set().union(*(held[a] for a in left)) & set().union(*(held[b] for b in right)):
                return False
        elif {quotes[a][0].article_id for a in left} & {quotes[b][0].article_id for b in right}:
            return False
        return all(
            score[a, b] >= cfg.quote_link_min_score or fragment[a][b] for a in left for b in right
        )

    aligned: list[AlignedQuote] = []
    made: set[str] = set()
    quoting = _quoting_sentences(articles, analyses)
    full_names = full_speaker_names(
        story_analyses(analyses, [a.article_id for a in articles], background_ids)
    )
    for members in _unfolded(complete_link(n, candidates, may_join), copies, quotes):
        if all(every[i][0].article_id in background_ids for i in members):
            continue  # a remark only a related story carries belongs to that story
        ordered = sorted(
            members,
            key=lambda i: (
                every[i][0].article_id in background_ids,
                every[i][0].article_id,
                every[i][1].content_start,
            ),
        )
        first = every[ordered[0]][1]
        named = next(
            (every[i][1] for i in ordered if every[i][1].speaker_name),
            next((every[i][1] for i in ordered if shown_speaker(every[i][1].speaker_text)), first),
        )
        renderings = [
            QuoteRendering(
                article_id=every[i][0].article_id,
                quote_id=every[i][1].quote_id,
                kind=every[i][1].kind,
                start=every[i][1].content_start,
                end=every[i][1].content_end,
                text=every[i][1].content,
            )
            for i in ordered
        ]
        renderings.extend(
            _fragment_renderings(
                list(dict.fromkeys(_norm(every[i][1].content) for i in members)),
                named,
                quoting,
                {every[i][0].article_id for i in members},
            )
        )
        aligned_id = content_id("quote", story_id, *sorted(r.quote_id for r in renderings))
        if aligned_id in made:
            # One span the analysis read as two quotes (two speakers for one quotation: "Asa
            # Hutchinson", "his son"): the same renderings, so one remark; the first is kept.
            # A second record under one ID was overwritten in a store, and kept twice in a
            # Ray dataset.
            continue
        made.add(aligned_id)
        name, entity = shown_name(
            named.speaker_name or shown_speaker(named.speaker_text),
            named.speaker_entity_id,
            full_names,
        )
        aligned.append(
            AlignedQuote(
                aligned_id=aligned_id,
                story_id=story_id,
                speaker_entity_id=entity,
                speaker_name=name,
                renderings=tuple(renderings),
                co_speakers=joint_makers([every[i][1] for i in ordered], name),
            )
        )
    if copies is not None:
        speaker_conflicts = [(copies[i][0], copies[j][0]) for i, j in speaker_conflicts]
    conflicts = _speaker_conflict_records(
        story_id, every, speaker_conflicts, units, group_of, claims_by_group
    )
    return aligned, conflicts


def _unfolded(
    groups: list[list[int]],
    copies: list[list[int]] | None,
    quotes: Sequence[tuple[Article, Quote]],
) -> list[list[int]]:
    """The groups of :func:`complete_link` over the quotes as read: each folded quote's copies
    in its group, except copies with no resolved speaker, which align with nothing (two quotes
    are candidates only with one speaker) and stay a remark each."""
    if copies is None:
        return groups
    out: list[list[int]] = []
    for joined in groups:
        if len(joined) == 1 and speaker_key(quotes[joined[0]][1]) is None:
            out.extend([c] for c in copies[joined[0]])
        else:
            out.append(sorted(c for i in joined for c in copies[i]))
    return sorted(out, key=lambda m: m[0])


# With more quotes than this in a story and its related stories (every two are scored, in dense
# squares), each quote's copies in other articles are folded into the first before scoring: a
# wire story's reprints carry its quotes hundreds of times. Below it nothing is folded (a BASIL
# story reads 389 quotes at most).
FOLD_QUOTES_FROM = 1000


def fold_quote_copies(
    quotes: Sequence[tuple[Article, Quote]],
) -> tuple[list[tuple[Article, Quote]], list[list[int]]]:
    """The quotes with every copy (the same words, kind, cue and speaker, in another article)
    folded into the first, and the indices each kept quote stands for (itself first). A second
    copy in one article is kept apart: a remark has one rendering an article."""
    kept: list[int] = []
    copies: list[list[int]] = []
    held: list[set[str]] = []
    first: dict[tuple[object, ...], list[int]] = {}
    for i, (article, q) in enumerate(quotes):
        key = (q.content, q.kind, q.cue, q.speaker_name, q.speaker_text, q.speaker_entity_id)
        k = next((k for k in first.get(key, ()) if article.article_id not in held[k]), None)
        if k is None:
            first.setdefault(key, []).append(len(kept))
            kept.append(i)
            copies.append([i])
            held.append({article.article_id})
        else:
            copies[k].append(i)
            held[k].add(article.article_id)
    return [quotes[i] for i in kept], copies


# How far the dot product of two unit vectors may exceed 1 in float32 (about 1e-7), with room.
_COS_MAX = 1.0 + 1e-4


def _can_qualify(
    quotes: Sequence[tuple[Article, Quote]],
    dice: npt.NDArray[np.float64],
    fragment: list[list[bool]],
    cfg: ClaimConfig,
) -> npt.NDArray[np.bool_]:
    """Which quotes are in a pair whose cosine ``align_quotes`` may read.

    A pair's score (``0.5 * cos + 0.5 * dice``) is read where the pair is from two articles and
    either one speaker's (a candidate: the score, or a short fragment one of the other, and the
    score orders the candidates) or a possible speaker conflict (both direct, named at the cue,
    not relayed, not one speaker, one remark: the score must pass). Unless it is a short
    fragment, the score can pass ``quote_min_score`` only with Dice at least
    ``2 * quote_min_score - 1`` (0.10), the cosine being at most 1. Any other quote is never a
    candidate, a speaker conflict or a member of a group of two or more, so no cosine of its is
    ever read (``may_join`` reads only pairs of candidates' members).
    """
    n = len(quotes)
    upper = np.triu(np.ones((n, n), dtype=bool), k=1)  # the pairs i < j that are tested
    articles = np.array([a.article_id for a, _ in quotes], dtype=object)
    apart = (articles[:, None] != articles[None, :]) & upper
    alike = dice >= 2.0 * cfg.quote_min_score - _COS_MAX
    keys = speaker_keys([q for _, q in quotes])
    speakers = np.array(keys, dtype=object)
    known = np.array([k is not None for k in keys], dtype=bool)
    one_speaker = (speakers[:, None] == speakers[None, :]) & known[:, None]
    # A remark made jointly is one speaker's with each of its makers (few: read pair by pair).
    for i in (k for k, (_, q) in enumerate(quotes) if q.co_speakers):
        for j in range(n):
            if joint_remark(quotes[i][1], quotes[j][1]):
                one_speaker[i, j] = one_speaker[j, i] = True
    read = apart & one_speaker & (alike | np.array(fragment, dtype=bool))
    # The speaker-conflict test reads the score only where it is not a fragment pair; asking
    # for every possible conflict with Dice enough keeps it simple (they are few).
    named = np.array(
        [q.kind == "direct" and _named_at_cue(q) and not relayed(q) for _, q in quotes],
        dtype=bool,
    )
    maybe = apart & ~one_speaker & alike & named[:, None] & named[None, :]
    for i, j in zip(*np.nonzero(maybe), strict=True):
        a, b = quotes[int(i)][1], quotes[int(j)][1]
        if not same_speaker(a, b) and _one_remark(a.content, b.content):
            read[i, j] = True
    qualifies: npt.NDArray[np.bool_] = read.any(axis=1) | read.any(axis=0)
    return qualifies


def _quote_vectors(
    quotes: Sequence[tuple[Article, Quote]],
    dice: npt.NDArray[np.float64],
    fragment: list[list[bool]],
    embed: Embed,
    cfg: ClaimConfig,
) -> npt.NDArray[np.float32]:
    """The quotes' unit vectors, encoded only for quotes that :func:`_can_qualify`; the others'
    rows are zero (their cosines are never read). Quote contents were half the claims stage's
    encoding on BASIL (benchmarks/pipeline_speed.py, docs/speed.md). The matrix keeps every
    quote's row, so each cosine read is the same product as when every quote was encoded."""
    wanted = np.flatnonzero(_can_qualify(quotes, dice, fragment, cfg))
    if not len(wanted):
        return np.zeros((len(quotes), 384), dtype=np.float32)
    encoded = embed([quotes[int(i)][1].content for i in wanted])
    vectors = np.zeros((len(quotes), encoded.shape[1]), dtype=encoded.dtype)
    vectors[wanted] = encoded
    return vectors


_QUOTED = re.compile(r"[“\"‘]([^“”\"‘’]{6,80})[”\"’]")


@dataclass(frozen=True, slots=True)
class _Quoting:
    """A sentence that quotes short phrases, with the person names it mentions."""

    article_id: str
    sentence: Sentence
    text: str
    fragments: tuple[str, ...]  # normalized
    entity_ids: frozenset[str | None]
    surnames: frozenset[str]


def _quoting_sentences(
    articles: Sequence[Article], analyses: dict[str, Analysis]
) -> list[_Quoting]:
    """Every sentence of the story's and related articles that quotes a phrase, read once for
    all of a story's remarks (it was read again for each remark: a tenth of the stage on a
    story with 262 related articles)."""
    found: list[_Quoting] = []
    for article in articles:
        analysis = analyses.get(article.article_id)
        if analysis is None:
            continue
        persons: defaultdict[int, list[Mention]] = defaultdict(list)
        for m in analysis.mentions:
            if m.label == "PERSON":
                persons[m.sentence].append(m)
        for sentence in analysis.sentences:
            text = article.text[sentence.start : sentence.end]
            fragments = tuple(_norm(m.group(1)) for m in _QUOTED.finditer(text))
            if not fragments:
                continue
            names = persons[sentence.index]
            found.append(
                _Quoting(
                    article_id=article.article_id,
                    sentence=sentence,
                    text=text,
                    fragments=fragments,
                    entity_ids=frozenset(m.entity_id for m in names),
                    surnames=frozenset(name_key(m.text, "PERSON") for m in names),
                )
            )
    return found


def _fragment_renderings(
    contents: Sequence[str],
    speaker: Quote,
    quoting: Sequence[_Quoting],
    covered: set[str],
) -> list[QuoteRendering]:
    """Sentences elsewhere that name the speaker and quote a fragment of the remark
    (``contents``, normalized).

    "Putin referred to Pakistan as a “traditional partner” in Asia" renders the remark too,
    though quote extraction may not have made it a quote of its own. One sentence per article,
    the first.
    """
    key = speaker.speaker_entity_id
    surname = speaker_key(speaker) or ""
    found: list[QuoteRendering] = []
    done: set[str] = set(covered)
    for q in quoting:
        if q.article_id in done:
            continue
        if not any(_normed_fragment_of(f, c) for f in q.fragments for c in contents):
            continue
        if not ((key is not None and key in q.entity_ids) or (surname and surname in q.surnames)):
            continue
        found.append(
            QuoteRendering(
                article_id=q.article_id,
                quote_id=content_id("fragment", q.article_id, str(q.sentence.start)),
                kind="mixed",
                start=q.sentence.start,
                end=q.sentence.end,
                text=q.text.strip(),
            )
        )
        done.add(q.article_id)
    return found


def _short_fragment_of(a: str, b: str) -> bool:
    """One quote is a short quoted phrase (a few words) of the other."""
    short = min(_norm(a), _norm(b), key=len)
    return len(short.split()) <= 5 and _fragment_of(a, b)


def _short_fragments(contents: Sequence[str]) -> list[list[bool]]:
    """``_short_fragment_of(contents[i], contents[j])`` for every ``i != j``.

    Each text is normalized once, and only pairs whose shorter side can be a short fragment
    (2-5 words, 12 characters) are compared: the pairwise test over every two quotes was a
    twentieth of the claims stage on BASIL (benchmarks/pipeline_speed.py)."""
    norms = [_norm(c) for c in contents]
    lengths = [len(x) for x in norms]
    n = len(contents)
    fragment = [[False] * n for _ in range(n)]
    for s in range(n):
        if not (2 <= len(norms[s].split()) <= 5 and lengths[s] >= 12):
            continue
        for other in range(n):
            # The shorter text is the fragment; at equal lengths, the first of the pair.
            if other == s or lengths[other] < lengths[s]:
                continue
            hit = fuzz.partial_ratio(norms[s], norms[other]) >= 90
            fragment[s][other] = hit
            if lengths[other] > lengths[s]:
                fragment[other][s] = hit
    return fragment


def _fragment_of(a: str, b: str) -> bool:
    """A short quoted fragment ("traditional partner") found inside the other rendering."""
    return _normed_fragment_of(_norm(a), _norm(b))


def _normed_fragment_of(a: str, b: str) -> bool:
    """:func:`_fragment_of` of two normalized texts."""
    short, long = sorted((a, b), key=len)
    return len(short.split()) >= 2 and len(short) >= 12 and fuzz.partial_ratio(short, long) >= 90


def _speaker_conflict_records(
    story_id: str,
    quotes: Sequence[tuple[Article, Quote]],
    pairs: Sequence[tuple[int, int]],
    units: Sequence[Unit],
    group_of: dict[int, int],
    claims_by_group: dict[int, Claim],
) -> list[Conflict]:
    def claim_of(article: Article, q: Quote) -> Claim | None:
        for i, u in enumerate(units):
            if u.article is article and u.start <= q.content_start < u.end + 1:
                return claims_by_group.get(group_of[i])
        return None

    records = []
    for i, j in pairs:
        (art_a, qa), (art_b, qb) = quotes[i], quotes[j]
        ca, cb = claim_of(art_a, qa), claim_of(art_b, qb)
        if ca is None or cb is None or ca.claim_id == cb.claim_id:
            continue
        reason = (
            f"speaker differs: {source(art_a)} attributes {qa.content!r} to "
            f"{qa.speaker_name or qa.speaker_text}; {source(art_b)} to "
            f"{qb.speaker_name or qb.speaker_text}"
        )
        summary = (
            f"who said it: {qa.speaker_name} against {qb.speaker_name} "
            f"({outlet(art_a)} against {outlet(art_b)})"
        )
        records.append(
            Conflict(
                conflict_id=content_id("conflict", story_id, ca.claim_id, cb.claim_id, "speaker"),
                story_id=story_id,
                claim_a=ca.claim_id,
                claim_b=cb.claim_id,
                kind="speaker",
                reason=reason,
                summary=summary,
                confidence=_SPEAKER_CONFIDENCE,
            )
        )
    return records


