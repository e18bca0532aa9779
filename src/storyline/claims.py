"""Story -> claims with their independent sources, conflicts, aligned quotes and a cited summary.

A *claim* is one statement of fact, supported by every sentence across the story's articles that
states it: verbatim copies and light edits (rapidfuzz ratio), and paraphrases (MiniLM cosine plus
the IDF-weighted overlap of content words). Similarity alone would merge "trade rose 5%" with
"trade fell 7%", so every merge is CHECKED: the two sentences must agree on the numbers, dates,
places, occasions and people they carry, on negation, and on direction words ("rose"/"fell").

Two sentences that would describe the same thing but disagree on exactly one such slot are a
*conflict* ("on the sidelines of the Belt and Road Forum" against "of the SCO summit").

Articles of related stories can be passed as ``background``: their sentences that restate this
story's facts join its claims as background supports, and the ones that contradict it are kept as
claims of their own so the conflict has both sides. Background-only claims that contradict nothing
are left to their own story.

Everything here is a pure function of records; the only model it calls is ``embed``.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz

from storyline.cleaning.dates import carries_date_stamp
from storyline.config import ClaimConfig
from storyline.errors import ConfigError
from storyline.model import (
    AlignedQuote,
    Analysis,
    Article,
    Claim,
    Conflict,
    Coverage,
    CoverageRow,
    Quote,
    QuoteRendering,
    SourceFamily,
    Story,
    StorySummary,
    SummarySentence,
    Support,
    content_id,
)
from storyline.numbers import CARDINALS
from storyline.store import Store

Embed = Callable[[Sequence[str]], npt.NDArray[np.float32]]

ALGORITHMS = ("claims-v1",)


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimSet:
    """Everything the claims stage found for one story."""

    story_id: str
    claims: tuple[Claim, ...]
    conflicts: tuple[Conflict, ...]
    quotes: tuple[AlignedQuote, ...]
    summary: StorySummary
    coverage: Coverage


# --------------------------------------------------------------------------------------------
# the facts a sentence carries
# --------------------------------------------------------------------------------------------


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


_STOPWORDS = _wordset(
    """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself yourselves
    said says say told tells according added adding further
    """
)


_PRONOUN_START = re.compile(r"^\W*(he|she|it|they|this|that|these|those|his|her|their)\b", re.I)

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE_PATTERNS = (
    # "September 2, 2025", "Sep 2nd"
    re.compile(
        rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+((?:19|20)\d\d))?", re.I
    ),
    # "2 September 2025", "2nd Sep, 2025"
    re.compile(
        rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_RE})\b\.?(?:,?\s+((?:19|20)\d\d))?", re.I
    ),
)
_MONTH_ONLY = re.compile(rf"\b({_MONTH_RE})\b", re.I)
# A four-digit number is a year after a time preposition or before punctuation ("in 2024",
# "the 2024 vote." is not matched, "1900 containers" stays a number).
_YEAR = re.compile(
    r"(?:\b(?:in|since|by|of|from|until|till|before|after|during|early|late|mid)\s+)"
    r"((?:19|20)\d\d)\b|\b((?:19|20)\d\d)(?=\s*(?:[,.;:)\]]|$))"
)
_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b", re.I)
# Time references that move a sentence away from the story's own event: a sentence with one of
# these recounts an earlier (or later) occurrence, so it is not the same event as one without.
_OTHER_TIME = re.compile(
    r"\b(last|previous|next|earlier this|past)\s+(year|month|week|time|meeting|summit)\b|"
    r"\b(years?|months?|weeks?|days?)\s+ago\b|\bago\b|\bearlier\b|\bpreviously\b|\bformer\b",
    re.I,
)

_NUMBER_WORDS = {
    **CARDINALS,
    "hundred": 100,
    "dozen": 12,
    "dozens": 24,
    "hundreds": 200,
}
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_NUMBER = re.compile(
    r"(?<![\w.])(\d+(?:[.,]\d+)*|" + "|".join(_NUMBER_WORDS) + r")(?:st|nd|rd|th)?"
    r"(?:\s*(%|percent|per cent))?(?:\s+(thousand|million|billion|trillion))?\b",
    re.I,
)

_NEGATIONS = re.compile(
    r"\b(not|never|no|none|nobody|nothing|neither|nor|without|cannot|denied|denies|deny|"
    r"refused|refuses|refuse|failed to|fails to)\b|n't\b",
    re.I,
)

# "not only ... but also", "no doubt", "nothing but" assert rather than deny.
_NOT_NEGATIONS = re.compile(r"\b(not only|no doubt|nothing but|not least)\b", re.I)

# Direction words: two sentences on the same axis with opposite signs never merge.
_POLARITY: dict[str, tuple[str, int]] = {}
for _axis, _plus, _minus in (
    (
        "change",
        "rise rises rose risen rising increase increased increases increasing grew grow grows "
        "growing gain gains gained higher climb climbed climbs surge surged surges jump jumped "
        "jumps soar soared soars up boost boosted expand expanded expands",
        "fall falls fell fallen falling decrease decreased decreases decreasing decline declined "
        "declines declining drop dropped drops lower shrank shrink shrinks plunge plunged plunges "
        "slump slumped slumps down cut cuts reduce reduced reduces contract contracted",
    ),
    ("outcome", "win wins won victory winner", "lose loses lost defeat defeated loser"),
    ("decision", "approve approved approves accept accepted accepts", "reject rejected rejects"),
    ("agreement", "agree agreed agrees", "disagree disagreed disagrees"),
    ("truth", "confirm confirmed confirms", "denied denies deny"),
    ("stance", "support supported supports backed favour favor", "oppose opposed opposes"),
    ("state", "open opened opens reopened", "close closed closes shut"),
    ("strength", "strengthen strengthened strengthens", "weaken weakened weakens"),
    ("custody", "arrest arrested arrests detained", "release released releases freed"),
    ("life", "survived survive survives alive rescued", "died dies dead killed kill"),
    ("verdict", "guilty convicted", "innocent acquitted"),
    ("phase", "begin began begins start started starts", "end ended ends stop stopped stops"),
):
    for _word in _plus.split():
        _POLARITY[_word] = (_axis, 1)
    for _word in _minus.split():
        _POLARITY[_word] = (_axis, -1)

_OCCASION_HEAD = (
    r"summit|forum|conference|congress|assembly|games|olympics|festival|ceremony|convention|"
    r"expo|session|meeting|talks|council|dialogue|cup|championship|election"
)
# "on the sidelines of the Belt and Road Forum", "at the SCO summit", "during the G20 meeting"
_OCCASION = re.compile(
    r"\b(?:sidelines|margins|side-lines|at|during|ahead of|after|before|of)\s+(?:the\s+)?"
    r"((?:(?:[A-Z][\w’'.&-]*|\d+\w*|of|and|for|on|the)\s+){0,7}?)"
    r"(?:\(([A-Z]{2,})\)\s+)?((?i:" + _OCCASION_HEAD + r"))\b",
)
_SIDELINES = re.compile(
    r"\b(?:sidelines|margins|side-lines) of\s+(?:the\s+)?((?:[A-Z][\w’'.&-]*\s*)+)"
)
_LOCATIVE = re.compile(r"\b(in|at|near|outside|inside|across)\s+(the\s+)?$", re.I)
_WORD = re.compile(r"[a-z0-9]+")
_SENTENCE_ENDS = (".", "!", "?", "\"", "\u201d", "\u2019", "'")


def _key(text: str) -> str:
    text = text.lower().replace("’", "'")
    text = re.sub(r"'s\b|^the\s+", "", text)
    return " ".join(_WORD.findall(text))


def _person_key(text: str) -> str:
    words = _key(text).split()
    return words[-1] if words else ""


def _stem(word: str) -> str:
    # Prefix stemming: crude, language-light, and good enough to equate relations/relationship,
    # complementary/complimentary and cooperate/cooperation for an overlap score.
    return word[:5]


def _content_stems(text: str) -> frozenset[str]:
    return frozenset(
        _stem(w)
        for w in _WORD.findall(text.lower().replace("’", "'"))
        if len(w) > 2 and w not in _STOPWORDS and not w.isdigit()
    )


def _number_value(token: str, unit: str | None, scale: str | None) -> str:
    word = token.lower()
    if word in _NUMBER_WORDS:
        value = float(_NUMBER_WORDS[word])
    else:
        value = (
            float(word.replace(",", "")) if word.count(".") <= 1 else float(word.replace(".", ""))
        )
    if scale:
        value *= _SCALES[scale.lower()]
    text = f"{value:g}"
    return text + "%" if unit else text


@dataclass(frozen=True, slots=True, kw_only=True)
class _Facts:
    """The checkable content of one sentence."""

    numbers: frozenset[str]
    dates: frozenset[tuple[str, str]]  # ("year", "2025"), ("month", "9"), ("day", "2"), ...
    places: frozenset[str]  # locative places only: "in Beijing", not "ties with India"
    people: frozenset[str]
    occasions: tuple[tuple[str, frozenset[str]], ...]  # as written, and its name words
    negated: bool
    polarity: frozenset[tuple[str, int]]
    other_time: bool  # recounts another occurrence ("last year", "a year ago")
    # How the sentence writes each place and person key (keys are often entity IDs).
    names: dict[str, str] = field(default_factory=dict)

    def keys(self) -> int:
        return (
            len(self.numbers)
            + len(self.dates)
            + len(self.places)
            + len(self.people)
            + len(self.occasions)
        )


def _occasions(text: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """Each named occasion as written, with its name words and acronym for comparison."""
    found: list[tuple[str, frozenset[str]]] = []
    for match in list(_OCCASION.finditer(text)) + list(_SIDELINES.finditer(text)):
        name = match.group(1) or ""
        words = re.findall(r"[A-Za-z0-9’'&.-]+", name)
        capital = [w for w in words if w[:1].isupper() or w[:1].isdigit()]
        if len(match.groups()) >= 2 and match.group(2):
            capital.append(match.group(2))
        if not capital:
            continue  # "at the meeting": no name, nothing to compare
        name_words = {w.lower().strip(".") for w in capital}
        initials = "".join(w[0] for w in capital if not w.isupper())
        if len(initials) >= 2:
            name_words.add(initials.lower())
        start = match.start(1) if match.group(1) else match.start()
        written = re.sub(
            r"^(?:(?:of|the|at|on|for|and)\s+)+", "", text[start : match.end()].strip()
        )
        found.append((written, frozenset(name_words)))
    unique: list[tuple[str, frozenset[str]]] = []
    for written, keys in found:
        subsumed = any(keys < other for _, other in found)
        if not subsumed and keys not in {k for _, k in unique}:
            unique.append((written, keys))
    return tuple(unique)


def _dates(
    text: str, extra: Iterable[str]
) -> tuple[frozenset[tuple[str, str]], list[tuple[int, int]]]:
    keys: set[tuple[str, str]] = set()
    spans: list[tuple[int, int]] = []
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            spans.append(m.span())
            groups = m.groups()
            month, day = (
                (groups[0], groups[1]) if not groups[0].isdigit() else (groups[1], groups[0])
            )
            keys.add(("month", str(_MONTHS[month.lower()])))
            keys.add(("day", str(int(day))))
            if groups[2]:
                keys.add(("year", groups[2]))
    for m in _MONTH_ONLY.finditer(text):
        word = m.group(1)
        # "may" and "march" are verbs too: only capitalized month names count on their own.
        if word[0].isupper():
            keys.add(("month", str(_MONTHS[word.lower()])))
            spans.append(m.span())
    for m in _YEAR.finditer(text):
        group = 1 if m.group(1) else 2
        keys.add(("year", m.group(group)))
        spans.append(m.span(group))
    for m in _WEEKDAY.finditer(text):
        keys.add(("weekday", m.group(1).lower()))
        spans.append(m.span())
    for value in extra:  # ISO values the analyze stage resolved ("2025-09-02", "2024-W10")
        parts = value.split("-")
        if parts and parts[0].isdigit() and len(parts[0]) == 4:
            keys.add(("year", parts[0]))
            if len(parts) > 1 and parts[1].isdigit():
                keys.add(("month", str(int(parts[1]))))
            if len(parts) > 2 and parts[2][:2].isdigit():
                keys.add(("day", str(int(parts[2][:2]))))
    return frozenset(keys), spans


def _facts(text: str, offset: int, analysis: Analysis, sentence: int) -> _Facts:
    """Facts of ``text`` (the sentence span starting at ``offset`` in the article)."""
    end = offset + len(text)
    mentions = [
        m
        for m in analysis.mentions
        if m.sentence == sentence and offset <= m.start and m.end <= end
    ]
    time_values = [
        t.value for t in analysis.times if t.value and offset <= t.start and t.end <= end
    ]
    dates, date_spans = _dates(text, time_values)
    for m in mentions:
        if m.label in ("DATE", "TIME"):
            date_spans.append((m.start - offset, m.end - offset))
    numbers: set[str] = set()
    for found in _NUMBER.finditer(text):
        if any(s <= found.start() < e for s, e in date_spans):
            continue
        try:
            numbers.add(_number_value(found.group(1), found.group(2), found.group(3)))
        except ValueError:
            continue
    places: set[str] = set()
    people: set[str] = set()
    names: dict[str, str] = {}
    # Who a sentence cites ("Minister Halvorsen said", "according to a copy seen by the Wire")
    # is its source, not a participant of the fact it states.
    sources = [
        (q.speaker_start, q.speaker_end)
        for q in analysis.quotes
        if q.speaker_start is not None and q.speaker_end is not None
        and offset <= q.speaker_start < end
    ]
    for m in mentions:
        if any(s <= m.start and m.end <= e for s, e in sources):
            continue
        if m.label == "PERSON":
            key = m.entity_id or _person_key(m.text)
            if key:
                people.add(key)
                names.setdefault(key, m.text)
        elif m.label in ("GPE", "LOC", "FAC") and _LOCATIVE.search(text[: m.start - offset]):
            key = m.entity_id or _key(m.text)
            places.add(key)
            names.setdefault(key, m.text)
    polarity = frozenset(_POLARITY[w] for w in _WORD.findall(text.lower()) if w in _POLARITY)
    return _Facts(
        numbers=frozenset(numbers),
        dates=dates,
        places=frozenset(places),
        people=frozenset(people),
        occasions=_occasions(text),
        negated=len(_NEGATIONS.findall(_NOT_NEGATIONS.sub(" ", text))) % 2 == 1,
        polarity=polarity,
        other_time=bool(_OTHER_TIME.search(text)),
        names=names,
    )


def _disagreements(a: _Facts, b: _Facts) -> list[tuple[str, str]]:
    """The factual slots on which two sentences cannot both be true, with what differs."""
    found: list[tuple[str, str]] = []
    if a.numbers and b.numbers and not (a.numbers <= b.numbers or b.numbers <= a.numbers):
        found.append(
            ("number", f"{_show(a.numbers - b.numbers)} against {_show(b.numbers - a.numbers)}")
        )
    kinds_a = {k for k, _ in a.dates}
    for kind in sorted(kinds_a & {k for k, _ in b.dates}):
        va = {v for k, v in a.dates if k == kind}
        vb = {v for k, v in b.dates if k == kind}
        if not va & vb:
            found.append(("date", f"{kind} {_show(va)} against {_show(vb)}"))
            break
    if a.places and b.places and not a.places & b.places:
        found.append(("place", f"{_named(a.places, a)} against {_named(b.places, b)}"))
    if a.occasions and b.occasions and not _same_occasion(a, b):
        found.append(
            ("occasion", f"{_show_occasions(a.occasions)} against {_show_occasions(b.occasions)}")
        )
    if a.people and b.people and not a.people & b.people:
        found.append(("participant", f"{_named(a.people, a)} against {_named(b.people, b)}"))
    return found


def _opposed(a: _Facts, b: _Facts) -> str | None:
    """Why two sentences state opposite things (negation or direction), if they do."""
    if a.negated != b.negated:
        return "one is negated"
    axes_a = {axis for axis, _ in a.polarity}
    for axis in axes_a & {axis for axis, _ in b.polarity}:
        signs_a = {s for x, s in a.polarity if x == axis}
        signs_b = {s for x, s in b.polarity if x == axis}
        if len(signs_a) == 1 and len(signs_b) == 1 and signs_a != signs_b:
            return f"opposite {axis}"
    return None


def _show(values: Iterable[str]) -> str:
    return ", ".join(sorted(values)) or "none"


def _named(keys: Iterable[str], facts: _Facts) -> str:
    """Places or people as the sentence writes them, not as their entity IDs."""
    return _show(facts.names.get(k, k) for k in keys)


def _show_occasions(occasions: Iterable[tuple[str, frozenset[str]]]) -> str:
    return "; ".join(repr(written) for written, _ in occasions)


def _same_occasion(a: _Facts, b: _Facts) -> bool:
    return any(x & y for _, x in a.occasions for _, y in b.occasions)


# --------------------------------------------------------------------------------------------
# sentences of a story
# --------------------------------------------------------------------------------------------


@dataclass(slots=True, kw_only=True)
class _Unit:
    """One candidate statement: a sentence, or one line of a sentence that spans line breaks."""

    article: Article
    sentence: int
    start: int
    end: int
    text: str
    family_id: str
    background: bool
    facts: _Facts
    stems: frozenset[str] = field(default_factory=frozenset)

    @property
    def norm(self) -> str:
        return " ".join(_WORD.findall(self.text.lower()))


def _units(
    articles: Sequence[Article],
    analyses: dict[str, Analysis],
    family_of: dict[str, str],
    background_ids: set[str],
    cfg: ClaimConfig,
) -> list[_Unit]:
    units: list[_Unit] = []
    for article in articles:
        analysis = analyses.get(article.article_id)
        if analysis is None:
            continue
        for sentence in analysis.sentences:
            # A sentence the splitter ran across line breaks (headline + byline + lead) is
            # several statements: each line stands alone.
            for m in re.finditer(r"[^\n]+", article.text[sentence.start : sentence.end]):
                line = m.group(0)
                stripped = line.strip()
                if not stripped:
                    continue
                start = sentence.start + m.start() + (len(line) - len(line.lstrip()))
                words = re.findall(r"[A-Za-z]{2,}", stripped)
                # Datelines, bylines and headlines in title case are not statements: a
                # statement has running (lower-case) words.
                running = sum(1 for w in words if w.islower() and w not in _STOPWORDS)
                if len(words) < cfg.min_words or running < 2:
                    continue
                # A release header the cleaner kept with its date stamp ("Ministry of ... -
                # press release date 2026-03-14") is no statement; a sentence ends in a stop.
                if not stripped.endswith(_SENTENCE_ENDS) and carries_date_stamp(stripped):
                    continue
                units.append(
                    _Unit(
                        article=article,
                        sentence=sentence.index,
                        start=start,
                        end=start + len(stripped),
                        text=stripped,
                        family_id=family_of[article.article_id],
                        background=article.article_id in background_ids,
                        facts=_facts(stripped, start, analysis, sentence.index),
                        stems=_content_stems(stripped),
                    )
                )
    return units


def _dice_matrix(stem_sets: Sequence[frozenset[str]]) -> npt.NDArray[np.float64]:
    """IDF-weighted Dice overlap of content words between every pair of texts."""
    n = len(stem_sets)
    df = Counter(s for stems in stem_sets for s in stems)
    vocab = {s: i for i, s in enumerate(df)}
    weights = np.zeros((n, len(vocab)), dtype=np.float64)
    for row, stems in enumerate(stem_sets):
        for s in stems:
            weights[row, vocab[s]] = math.log(1.0 + n / df[s])
    binary = (weights > 0).astype(np.float64)
    shared = weights @ binary.T  # shared[i, j]: IDF mass of i's words also in j
    shared = np.minimum(shared, shared.T)
    totals = weights.sum(axis=1)
    denom = totals[:, None] + totals[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        dice = np.where(denom > 0, 2.0 * shared / denom, 0.0)
    return np.asarray(dice, dtype=np.float64)


# --------------------------------------------------------------------------------------------
# grouping sentences into claims
# --------------------------------------------------------------------------------------------


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


def _relayed(q: Quote) -> bool:
    """An "according to" attribution names where the reporter read or heard a statement (a
    document, an agency, "a copy seen by ..."), which can relay what a person said: the same
    words attributed to that person elsewhere are no contradiction."""
    return (q.cue or "").lower() == "according to"


def _complete_link(
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


def _compatible(a: _Unit, b: _Unit) -> bool:
    return not _disagreements(a.facts, b.facts) and _opposed(a.facts, b.facts) is None


def _group(
    units: Sequence[_Unit],
    cos: npt.NDArray[np.float32],
    score: npt.NDArray[np.float64],
    cfg: ClaimConfig,
) -> list[list[int]]:
    n = len(units)
    norms = [u.norm for u in units]
    candidates: list[tuple[float, int, int]] = []
    rows, cols = np.nonzero(np.triu(cos >= cfg.link_min_cosine, k=1))
    for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
        same_text = fuzz.ratio(norms[i], norms[j]) >= cfg.verbatim_min_ratio
        if same_text:
            candidates.append((2.0 + float(score[i, j]), i, j))  # copies first
        elif score[i, j] >= cfg.paraphrase_min_score:
            candidates.append((float(score[i, j]), i, j))

    def may_join(left: list[int], right: list[int]) -> bool:
        return all(
            cos[a, b] >= cfg.link_min_cosine
            and score[a, b] >= cfg.link_min_score
            and _compatible(units[a], units[b])
            for a in left
            for b in right
        )

    return _complete_link(n, candidates, may_join)


def _wording(units: Sequence[_Unit]) -> _Unit:
    """The most complete wording: in-story first, a named subject, most facts, then longest."""
    return max(
        units,
        key=lambda u: (
            not u.background,
            u.text[:1] not in "\"“‘'",  # reported speech reads better than a bare quotation
            not _PRONOUN_START.match(u.text),
            u.facts.keys(),
            len(u.stems),
            -u.start,
        ),
    )


def _outlet(article: Article) -> str:
    return article.outlet or article.source_id or article.article_id


def _support(u: _Unit) -> Support:
    return Support(
        article_id=u.article.article_id,
        sentence=u.sentence,
        start=u.start,
        end=u.end,
        text=u.text,
        family_id=u.family_id,
        background=u.background,
    )


def _claim(story_id: str, members: Sequence[_Unit], importance: float) -> Claim:
    ordered = sorted(members, key=lambda u: (u.background, u.article.article_id, u.start))
    supports = tuple(_support(u) for u in ordered)
    article_ids = {u.article.article_id for u in members}
    families = {u.family_id for u in members}
    return Claim(
        claim_id=content_id(
            "claim", story_id, *sorted(f"{s.article_id}:{s.start}:{s.end}" for s in supports)
        ),
        story_id=story_id,
        text=_wording(members).text,
        supports=supports,
        outlets=tuple(sorted({_outlet(u.article) for u in members})),
        article_count=len(article_ids),
        family_count=len(families),
        single_source=len(families) == 1,
        importance=round(importance, 4),
    )


# --------------------------------------------------------------------------------------------
# the stage
# --------------------------------------------------------------------------------------------


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
) -> ClaimSet:
    """Claims, conflicts, aligned quotes, summary and coverage of one story.

    ``articles`` are the story's own articles; ``background`` are articles of related stories
    whose sentences may restate or contradict this story's facts. ``analyses`` must cover both.
    """
    if cfg.algorithm not in ALGORITHMS:
        raise ConfigError(f"unknown claims algorithm {cfg.algorithm!r} (known: {ALGORITHMS})")
    own_ids = {a.article_id for a in articles if a.article_id in story.article_ids}
    own = [a for a in articles if a.article_id in own_ids]
    extra = [a for a in background if a.article_id not in own_ids]
    every = own + extra
    by_id = {a.article_id: a for a in analyses}
    family_of = family_index(every, families)
    units = _units(every, by_id, family_of, {a.article_id for a in extra}, cfg)
    vectors = embed([u.text for u in units]) if units else np.zeros((0, 384), dtype=np.float32)
    cos = (vectors @ vectors.T).astype(np.float32)
    score = (
        0.5 * cos.astype(np.float64) + 0.5 * _dice_matrix([u.stems for u in units])
        if units
        else np.zeros((0, 0))
    )
    groups = _group(units, cos, score, cfg)

    group_of = {i: g for g, members in enumerate(groups) for i in members}
    conflicts_raw = _conflicts(units, groups, group_of, cos, score, cfg)
    in_conflict = {g for pair in conflicts_raw for g in pair[:2]}
    keep = [
        g
        for g, members in enumerate(groups)
        if any(not units[i].background for i in members) or g in in_conflict
    ]
    importance = _importance(units, groups, keep, vectors, len(own))
    claims_by_group = {
        g: _claim(story.story_id, [units[i] for i in groups[g]], importance[g]) for g in keep
    }
    claims = sorted(claims_by_group.values(), key=lambda c: (-c.importance, c.claim_id))
    conflicts = _conflict_records(story.story_id, conflicts_raw, claims_by_group)
    quotes, speaker_conflicts = _align_quotes(
        story.story_id,
        every,
        by_id,
        {a.article_id for a in extra},
        units,
        group_of,
        claims_by_group,
        embed,
        cfg,
    )
    # The same words from two speakers: "speaker" says more than the participant difference.
    quoted_pairs = {frozenset((c.claim_a, c.claim_b)) for c in speaker_conflicts}
    conflicts = [
        c
        for c in conflicts
        if not (c.kind == "participant" and frozenset((c.claim_a, c.claim_b)) in quoted_pairs)
    ]
    conflicts = list({c.conflict_id: c for c in [*conflicts, *speaker_conflicts]}.values())
    summary = _summary(story.story_id, claims, conflicts, groups, claims_by_group, vectors, cfg)
    return ClaimSet(
        story_id=story.story_id,
        claims=tuple(claims),
        conflicts=tuple(conflicts),
        quotes=tuple(quotes),
        summary=summary,
        coverage=coverage(story.story_id, claims, own),
    )


def _importance(
    units: Sequence[_Unit],
    groups: Sequence[Sequence[int]],
    keep: Sequence[int],
    vectors: npt.NDArray[np.float32],
    own_articles: int,
) -> dict[int, float]:
    """Independent families first, then centrality in the story, then how early it is told."""
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


# --------------------------------------------------------------------------------------------
# conflicts
# --------------------------------------------------------------------------------------------

_ConflictRaw = tuple[int, int, str, str]  # group a, group b, kind, reason


def _conflicts(
    units: Sequence[_Unit],
    groups: Sequence[Sequence[int]],
    group_of: dict[int, int],
    cos: npt.NDArray[np.float32],
    score: npt.NDArray[np.float64],
    cfg: ClaimConfig,
) -> list[_ConflictRaw]:
    """Pairs of groups whose sentences tell the same thing with one slot different.

    The pair must be about the same occurrence: similar enough, sharing a participant, place or
    occasion, and neither side recounting another time ("a year ago") that the other does not.
    Disagreeing on two or more slots means two different occurrences, not a conflict.
    """
    found: dict[tuple[int, int], list[_ConflictRaw]] = {}
    rows, cols = np.nonzero(np.triu(cos >= cfg.conflict_min_cosine, k=1))
    for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
        gi, gj = group_of[i], group_of[j]
        a, b = units[i], units[j]
        if gi == gj or (a.background and b.background) or a.article is b.article:
            continue
        if score[i, j] < cfg.conflict_min_score or a.facts.other_time != b.facts.other_time:
            continue
        fa, fb = a.facts, b.facts
        shared = fa.people & fb.people or fa.places & fb.places or _same_occasion(fa, fb)
        # Sentences that would otherwise be one claim need no shared name to be about one thing.
        if not shared and score[i, j] < cfg.paraphrase_min_score:
            continue
        slots = _disagreements(fa, fb)
        if not slots or _opposed(fa, fb) is not None:
            continue
        if len(slots) > 1 and not _one_deed_told_two_ways(slots, fa, fb, score[i, j], cfg):
            continue
        # A participant difference is ordinary between sentences about different people: only
        # sentences that would otherwise be one claim conflict on it.
        if slots[0][0] == "participant" and score[i, j] < cfg.paraphrase_min_score:
            continue
        pair = (min(gi, gj), max(gi, gj))
        if pair in found:
            continue  # the first sentence pair found speaks for the two claims
        first, second = (a, b) if gi < gj else (b, a)
        found[pair] = [
            (
                pair[0],
                pair[1],
                kind,
                f"{kind} differs ({detail if gi < gj else _swap(detail)}): "
                f"{_cite(first)} says {first.text!r}; {_cite(second)} says {second.text!r}",
            )
            for kind, detail in slots
        ]
    return [conflict for conflicts in found.values() for conflict in conflicts]


def _one_deed_told_two_ways(
    slots: Sequence[tuple[str, str]], a: _Facts, b: _Facts, score: float, cfg: ClaimConfig
) -> bool:
    """Two sentences that differ on several slots are most often about two occurrences ("met in
    Astana last year" against "met in Beijing"). They are one deed told two ways, each slot a
    conflict, when they would otherwise be one claim, name the same people, and differ only on
    how much and where ("gives 45 percent ... in Port Aurel" against "40 percent ... in Kestrel
    City"), not on when or on which occasion."""
    if {kind for kind, _ in slots} != {"number", "place"}:
        return False
    # One value against one on each slot: a sentence full of ages, years and street numbers
    # against another is not one deed with a wrong figure.
    one_each = all(
        len(x - y) == 1 and len(y - x) == 1
        for x, y in ((a.numbers, b.numbers), (a.places, b.places))
    )
    return one_each and bool(a.people & b.people) and score >= cfg.paraphrase_min_score


def _swap(detail: str) -> str:
    head, _, rest = detail.partition(" against ")
    prefix = ""
    if " " in head and head.split(" ", 1)[0] in ("year", "month", "day", "weekday"):
        prefix, head = head.split(" ", 1)
        prefix += " "
    return f"{prefix}{rest} against {head}"


def _source(article: Article) -> str:
    """The outlet and the article ID, or the ID alone when the outlet is not known."""
    outlet = _outlet(article)
    return outlet if outlet == article.article_id else f"{outlet} ({article.article_id})"


def _cite(u: _Unit) -> str:
    outlet = _outlet(u.article)
    if outlet == u.article.article_id:
        where = f"{outlet} (sentence {u.sentence})"
    else:
        where = f"{outlet} ({u.article.article_id}, sentence {u.sentence})"
    return where + (" in a related story" if u.background else "")


def _conflict_records(
    story_id: str, raw: Sequence[_ConflictRaw], claims_by_group: dict[int, Claim]
) -> list[Conflict]:
    records = []
    for ga, gb, kind, reason in raw:
        a, b = claims_by_group[ga], claims_by_group[gb]
        records.append(
            Conflict(
                conflict_id=content_id("conflict", story_id, a.claim_id, b.claim_id, kind),
                story_id=story_id,
                claim_a=a.claim_id,
                claim_b=b.claim_id,
                kind=kind,
                reason=reason,
            )
        )
    return records


# --------------------------------------------------------------------------------------------
# quotes
# --------------------------------------------------------------------------------------------


def _speaker_key(q: Quote) -> str | None:
    if q.speaker_entity_id:
        return q.speaker_entity_id
    name = q.speaker_name or q.speaker_text
    if not name or _PRONOUN_START.match(name + " "):
        return None
    return _person_key(name) or None


def _align_quotes(
    story_id: str,
    articles: Sequence[Article],
    analyses: dict[str, Analysis],
    background_ids: set[str],
    units: Sequence[_Unit],
    group_of: dict[int, int],
    claims_by_group: dict[int, Claim],
    embed: Embed,
    cfg: ClaimConfig,
) -> tuple[list[AlignedQuote], list[Conflict]]:
    """One AlignedQuote per remark: same speaker, same content, however it was rendered."""
    quotes: list[tuple[Article, Quote]] = [
        (a, q) for a in articles if a.article_id in analyses for q in analyses[a.article_id].quotes
    ]
    if not quotes:
        return [], []
    vectors = embed([q.content for _, q in quotes])
    cos = vectors @ vectors.T
    # As for claims: MiniLM scores one speaker's remarks on a topic alike, the shared rare
    # words tell one remark from another.
    score = 0.5 * cos + 0.5 * _dice_matrix([_content_stems(q.content) for _, q in quotes])
    speakers = [_speaker_key(q) for _, q in quotes]
    n = len(quotes)
    fragment = [
        [
            i != j and _short_fragment_of(quotes[i][1].content, quotes[j][1].content)
            for j in range(n)
        ]
        for i in range(n)
    ]
    candidates: list[tuple[float, int, int]] = []
    speaker_conflicts: list[tuple[int, int]] = []
    for i in range(n):
        for j in range(i + 1, n):
            if quotes[i][0].article_id == quotes[j][0].article_id:
                continue
            if not (score[i, j] >= cfg.quote_min_score or fragment[i][j]):
                continue
            if speakers[i] is not None and speakers[i] == speakers[j]:
                candidates.append((max(float(score[i, j]), cfg.quote_min_score), i, j))
            elif (
                speakers[i] is not None
                and speakers[j] is not None
                and cos[i, j] >= 0.8
                and not (_relayed(quotes[i][1]) or _relayed(quotes[j][1]))
            ):
                speaker_conflicts.append((i, j))
    # Best pairs first; a remark has one rendering per article and every two renderings of it
    # must be alike (complete link), so one speaker's many remarks on a topic stay apart.
    def may_join(left: list[int], right: list[int]) -> bool:
        if {quotes[a][0].article_id for a in left} & {quotes[b][0].article_id for b in right}:
            return False
        return all(
            score[a, b] >= cfg.quote_link_min_score or fragment[a][b] for a in left for b in right
        )

    aligned: list[AlignedQuote] = []
    for members in _complete_link(n, candidates, may_join):
        if all(quotes[i][0].article_id in background_ids for i in members):
            continue  # a remark only a related story carries belongs to that story
        ordered = sorted(
            members,
            key=lambda i: (
                quotes[i][0].article_id in background_ids,
                quotes[i][0].article_id,
                quotes[i][1].content_start,
            ),
        )
        first = quotes[ordered[0]][1]
        named = next((quotes[i][1] for i in ordered if quotes[i][1].speaker_name), first)
        renderings = [
            QuoteRendering(
                article_id=quotes[i][0].article_id,
                quote_id=quotes[i][1].quote_id,
                kind=quotes[i][1].kind,
                start=quotes[i][1].content_start,
                end=quotes[i][1].content_end,
                text=quotes[i][1].content,
            )
            for i in ordered
        ]
        renderings.extend(
            _fragment_renderings(
                [quotes[i][1].content for i in members],
                named,
                articles,
                analyses,
                {quotes[i][0].article_id for i in members},
            )
        )
        aligned.append(
            AlignedQuote(
                aligned_id=content_id("quote", story_id, *sorted(r.quote_id for r in renderings)),
                story_id=story_id,
                speaker_entity_id=named.speaker_entity_id,
                speaker_name=named.speaker_name or named.speaker_text,
                renderings=tuple(renderings),
            )
        )
    conflicts = _speaker_conflict_records(
        story_id, quotes, speaker_conflicts, units, group_of, claims_by_group
    )
    return aligned, conflicts


_QUOTED = re.compile(r"[“\"‘]([^“”\"‘’]{6,80})[”\"’]")


def _fragment_renderings(
    contents: Sequence[str],
    speaker: Quote,
    articles: Sequence[Article],
    analyses: dict[str, Analysis],
    covered: set[str],
) -> list[QuoteRendering]:
    """Sentences elsewhere that name the speaker and quote a fragment of the remark.

    "Putin referred to Pakistan as a “traditional partner” in Asia" renders the remark too,
    though quote extraction may not have made it a quote of its own.
    """
    key = speaker.speaker_entity_id
    surname = _person_key(speaker.speaker_name or speaker.speaker_text or "")
    found: list[QuoteRendering] = []
    for article in articles:
        analysis = analyses.get(article.article_id)
        if analysis is None or article.article_id in covered:
            continue
        for sentence in analysis.sentences:
            text = article.text[sentence.start : sentence.end]
            fragments = [m.group(1) for m in _QUOTED.finditer(text)]
            if not any(_fragment_of(f, c) for f in fragments for c in contents):
                continue
            names = [
                m for m in analysis.mentions if m.sentence == sentence.index and m.label == "PERSON"
            ]
            if not any(
                (key is not None and m.entity_id == key)
                or (surname and _person_key(m.text) == surname)
                for m in names
            ):
                continue
            found.append(
                QuoteRendering(
                    article_id=article.article_id,
                    quote_id=content_id("fragment", article.article_id, str(sentence.start)),
                    kind="mixed",
                    start=sentence.start,
                    end=sentence.end,
                    text=text.strip(),
                )
            )
            break
    return found


def _short_fragment_of(a: str, b: str) -> bool:
    """One quote is a short quoted phrase (a few words) of the other."""
    short = min(_key(a), _key(b), key=len)
    return len(short.split()) <= 5 and _fragment_of(a, b)


def _fragment_of(a: str, b: str) -> bool:
    """A short quoted fragment ("traditional partner") found inside the other rendering."""
    short, long = sorted((_key(a), _key(b)), key=len)
    return len(short.split()) >= 2 and len(short) >= 12 and fuzz.partial_ratio(short, long) >= 90


def _speaker_conflict_records(
    story_id: str,
    quotes: Sequence[tuple[Article, Quote]],
    pairs: Sequence[tuple[int, int]],
    units: Sequence[_Unit],
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
            f"speaker differs: {_source(art_a)} attributes {qa.content!r} to "
            f"{qa.speaker_name or qa.speaker_text}; {_source(art_b)} to "
            f"{qb.speaker_name or qb.speaker_text}"
        )
        records.append(
            Conflict(
                conflict_id=content_id("conflict", story_id, ca.claim_id, cb.claim_id, "speaker"),
                story_id=story_id,
                claim_a=ca.claim_id,
                claim_b=cb.claim_id,
                kind="speaker",
                reason=reason,
            )
        )
    return records


# --------------------------------------------------------------------------------------------
# summary and coverage
# --------------------------------------------------------------------------------------------


def _summary(
    story_id: str,
    claims: Sequence[Claim],
    conflicts: Sequence[Conflict],
    groups: Sequence[Sequence[int]],
    claims_by_group: dict[int, Claim],
    vectors: npt.NDArray[np.float32],
    cfg: ClaimConfig,
) -> StorySummary:
    """The most important claims the story's own articles state, without repeating one another.

    Every sentence is a claim's wording, which is a source sentence: nothing appears that no
    source states. A disputed claim appears only when more independent families state it than
    state the other side; a tie leaves both out.
    """
    group_by_claim = {c.claim_id: g for g, c in claims_by_group.items()}
    by_id = {c.claim_id: c for c in claims}
    outweighed: set[str] = set()
    for conflict in conflicts:
        a, b = by_id[conflict.claim_a], by_id[conflict.claim_b]
        if a.family_count <= b.family_count:
            outweighed.add(a.claim_id)
        if b.family_count <= a.family_count:
            outweighed.add(b.claim_id)
    centroids = {
        c.claim_id: vectors[list(groups[group_by_claim[c.claim_id]])].mean(axis=0) for c in claims
    }
    chosen: list[Claim] = []
    for claim in claims:  # already ordered by importance
        if len(chosen) >= cfg.summary_sentences:
            break
        own = [s for s in claim.supports if not s.background]
        if not own or claim.claim_id in outweighed or claim.text.rstrip().endswith("?"):
            continue
        vec = centroids[claim.claim_id]
        vec = vec / (float(np.linalg.norm(vec)) or 1.0)
        if any(
            float(
                vec
                @ (centroids[c.claim_id] / (float(np.linalg.norm(centroids[c.claim_id])) or 1.0))
            )
            >= cfg.summary_max_cosine
            for c in chosen
        ):
            continue
        chosen.append(claim)
    return StorySummary(
        story_id=story_id,
        sentences=tuple(
            SummarySentence(
                claim_id=c.claim_id,
                text=c.text,
                family_count=c.family_count,
                citations=c.supports,
            )
            for c in chosen
        ),
    )


def coverage(story_id: str, claims: Sequence[Claim], articles: Sequence[Article]) -> Coverage:
    """The claims-by-outlets matrix over the story's own outlets."""
    outlets = tuple(sorted({_outlet(a) for a in articles}))
    outlet_of = {a.article_id: _outlet(a) for a in articles}
    rows = []
    for claim in claims:
        reported = {outlet_of[s.article_id] for s in claim.supports if s.article_id in outlet_of}
        rows.append(
            CoverageRow(claim_id=claim.claim_id, reported_by=tuple(o in reported for o in outlets))
        )
    return Coverage(story_id=story_id, outlets=outlets, rows=tuple(rows))


def claims_by_story(claims: Iterable[Claim]) -> dict[str, list[Claim]]:
    grouped: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        grouped[claim.story_id].append(claim)
    return grouped


# --------------------------------------------------------------------------------------------
# over a store
# --------------------------------------------------------------------------------------------


@dataclass(slots=True, kw_only=True)
class ClaimsRun:
    """What one pass of the claims stage over a store did."""

    updated: int = 0
    unchanged: int = 0
    removed: int = 0  # stories that no longer exist, whose claims were dropped
    claims: int = 0
    conflicts: int = 0
    quotes: int = 0

    def line(self) -> str:
        return (
            f"{self.updated} stories updated ({self.claims} claims, {self.conflicts} conflicts, "
            f"{self.quotes} aligned quotes), {self.unchanged} unchanged, {self.removed} removed"
        )


def _fingerprint(cfg: ClaimConfig) -> str:
    data = json.dumps(asdict(cfg), sort_keys=True)
    return "config:" + hashlib.sha256(data.encode()).hexdigest()[:12]


def update_claims(store: Store, cfg: ClaimConfig, embed: Embed | None = None) -> ClaimsRun:
    """Recompute the claims of every story whose articles (or related stories') changed.

    A story's results are replaced in one transaction, so a reader never sees half of them.
    """
    run = ClaimsRun()
    stories = {s.story_id: s for s in store.all(Story)}
    with store.transaction():
        record_type: type[Claim | Conflict | AlignedQuote]
        for record_type in (Claim, Conflict, AlignedQuote):
            gone = [
                getattr(r, record_type.KEY)
                for r in store.all(record_type)
                if r.story_id not in stories
            ]
            store.delete(record_type, gone)
        gone_summaries = [s.story_id for s in store.all(StorySummary) if s.story_id not in stories]
        store.delete(StorySummary, gone_summaries)
        run.removed = len(gone_summaries)
    if not stories:
        return run
    families = list(store.all(SourceFamily))
    family_of = {a: f.family_id for f in families for a in f.article_ids}
    analysed = store.keys(Analysis)
    fingerprint = _fingerprint(cfg)

    def state(article_id: str) -> str:
        # A story is recomputed when an article arrives or leaves, gets its analysis, or moves
        # to another source family (the reuse stage re-ran).
        done = "analysed" if article_id in analysed else "pending"
        return f"{article_id}:{family_of.get(article_id, '-')}:{done}"

    for story in stories.values():
        background_ids = sorted(
            {
                a
                for related in story.related
                if (other := stories.get(related.story_id)) is not None
                for a in other.article_ids
            }
            - set(story.article_ids)
        )
        inputs = (
            fingerprint,
            *sorted(state(a) for a in story.article_ids),
            "|",
            *(state(a) for a in background_ids),
        )
        stored = store.get(StorySummary, story.story_id)
        if stored is not None and stored.inputs == inputs:
            run.unchanged += 1
            continue
        if embed is None:
            from storyline.embed import shared_embedder

            embed = shared_embedder()
        articles = [a for i in story.article_ids if (a := store.get(Article, i)) is not None]
        background = [a for i in background_ids if (a := store.get(Article, i)) is not None]
        analyses = [
            x
            for a in (*articles, *background)
            if (x := store.get(Analysis, a.article_id)) is not None
        ]
        result = build_claims(story, articles, analyses, families, cfg, embed, background)
        _replace_story(store, result, inputs)
        run.updated += 1
        run.claims += len(result.claims)
        run.conflicts += len(result.conflicts)
        run.quotes += len(result.quotes)
    return run


def _replace_story(store: Store, result: ClaimSet, inputs: tuple[str, ...]) -> None:
    story_id = result.story_id
    with store.transaction():
        record_type: type[Claim | Conflict | AlignedQuote]
        for record_type in (Claim, Conflict, AlignedQuote):
            old = [getattr(r, record_type.KEY) for r in store.all(record_type, story_id=story_id)]
            store.delete(record_type, old)
        store.put([*result.claims, *result.conflicts, *result.quotes])
        store.put([replace(result.summary, inputs=inputs)])
