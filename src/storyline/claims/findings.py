"""What a contradiction between two statements is (``Finding``), and what the rules that find
one share: place containment read off the story's texts, calendar spans that meet, two reports
that cannot tell one occurrence, parties named alike."""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from storyline.analyze.lexicon import OUTCOME_SIDES, RUNNING_TALLY_WORDS
from storyline.claims.facts import (
    date_interval,
    key_of,
    same_party,
    stem,
)
from storyline.claims.units import STOPWORDS, Unit
from storyline.events.geo import shared_gazetteer
from storyline.model import Analysis
from storyline.numbers import Amount, figure_at, figures


@dataclass(frozen=True, slots=True)
class Finding:
    """One way two statements contradict each other."""

    kind: str  # "number", "date", "place", "occasion", "participant", "speaker"
    detail: str  # what differs, as the texts write it: "'12' against '15'"
    confidence: float
    about: str = ""  # what the values are of: "people killed", "sign"


@dataclass(frozen=True, slots=True)
class Places:
    """Which places the story's texts put inside which ("Alexandria, Virginia")."""

    inside: frozenset[tuple[str, str]]

    def related(self, a: str, b: str) -> bool:
        return (
            (a, b) in self.inside
            or (b, a) in self.inside
            or a in b
            or b in a
            or _abbreviates(a, b)
            or _abbreviates(b, a)
            or _in_country(a, b)
            or _in_country(b, a)
        )


@functools.lru_cache(maxsize=1 << 14)
def _in_country(place: str, country: str) -> bool:
    """A place the gazetteer puts in a country the other name is ("Paris" and "France"), though
    no text of the story writes "Paris, France"."""
    return shared_gazetteer().lies_in(place, country)


def _abbreviates(short: str, long: str) -> bool:
    """ "n h" (N.H.) for "new hampshire", "us" for "united states"."""
    letters = short.replace(" ", "")
    words = long.split()
    return len(words) > 1 and len(letters) == len(words) and letters == "".join(w[0] for w in words)


def places_of(analyses: Iterable[Analysis], texts: dict[str, str]) -> Places:
    """Place containment read off the texts: two place names joined by a comma or "in"."""
    inside: set[tuple[str, str]] = set()
    for analysis in analyses:
        text = texts.get(analysis.article_id, "")
        places = [m for m in analysis.mentions if m.label in ("GPE", "LOC", "FAC")]
        for first, second in itertools.pairwise(places):
            # "Alexandria, Virginia", "the Lakeside Conference Hall in Kestrel City"
            if re.fullmatch(r",\s*|\s+in\s+(?:the\s+)?", text[first.end : second.start]):
                inside.add((key_of(first.text, first.label), key_of(second.text, second.label)))
    return Places(frozenset(inside))


Span = tuple[date, date]


def spans_meet(a: Span, b: Span) -> bool:
    """Two calendar spans meet: "2010-06" and "2010-06-11" agree, "2024" and "2025-09" do not."""
    return a[0] <= b[1] and b[0] <= a[1]


def fresh_reports(da: Span, db: Span, a: Unit, b: Unit) -> bool:
    """Two reports that cannot be telling one occurrence: one dates it after the other was
    published ("met on Sunday" in Sunday's paper, "met on Thursday" in Thursday's: two
    meetings, not two dates for one)."""
    pa, pb = a.article.published, b.article.published
    if pa is None or pb is None:
        return False
    return da[0] > pb.date() or db[0] > pa.date()


# A deed dated within this many days before its report is the news of the day; one dated more
# than a year before its report is recounted from the past.
_RECENT_DAYS = 14
_PAST_DAYS = 365


def recent_against_past(da: Span, db: Span, a: Unit, b: Unit) -> bool:
    """One report dates the deed to its own days, the other to years before: two occurrences
    told apart by their dates ("endorsed Perry on Tuesday" against "endorsed Romney in 2008"),
    not one dated wrongly. Two dates both in the past still contradict ("since 2002" against
    "since 2003")."""
    pa, pb = a.article.published, b.article.published
    if pa is None or pb is None:
        return False

    def recent(span: Span, published: date) -> bool:
        return (published - span[1]).days <= _RECENT_DAYS

    def past(span: Span, published: date) -> bool:
        return (published - span[1]).days > _PAST_DAYS

    da_recent, db_recent = recent(da, pa.date()), recent(db, pb.date())
    return (da_recent and past(db, pb.date())) or (db_recent and past(da, pa.date()))


# A date this long or shorter names a day of the news ("Wednesday", "March 2"), not a season.
_DAY_SPAN_DAYS = 7


def news_of_the_day(span: Span, u: Unit) -> bool:
    """The statement dates a deed to a day within its report's days ("on Wednesday" in
    Thursday's paper), not to a year, a season or a day long before."""
    published = u.article.published
    if published is None or (span[1] - span[0]).days >= _DAY_SPAN_DAYS:
        return False
    return 0 <= (published.date() - span[1]).days <= _RECENT_DAYS


def told_of_the_past(u: Unit) -> bool:
    """The statement recounts a time before its report's days ("in 1991", "this past December",
    "last year"): a figure it gives is closed, and another report's other figure for it is no
    update of a count that grew."""
    if u.facts.other_time:
        return True
    published = u.article.published
    if published is None:
        return False
    for m in u.facts.marked:
        span = date_interval(m.key) if m.kind == "date" and m.key else None
        if span is not None and (published.date() - span[1]).days > _RECENT_DAYS:
            return True
    return False


def count_grew(
    a_low: float,
    a_high: float,
    b_low: float,
    b_high: float,
    a: Unit,
    b: Unit,
    span_a: tuple[int, int],
    span_b: tuple[int, int],
) -> bool:
    """The report published later gives the larger figure of a running tally (a toll that rose
    overnight), of a deed neither report dates to the past (a vote in 1991 keeps its tally): an
    update, nobody contradicted. A figure of anything else is closed when told (52 seats, 2,750
    agents proposed): another report's larger one contradicts it. The one reading of updates,
    for copies, restated slots and clauses alike; ``span_a``, ``span_b`` are where each figure
    stands in its statement."""
    pa, pb = a.article.published, b.article.published
    if pa is None or pb is None or pa.date() == pb.date() or (pa.tzinfo is None) != (
        pb.tzinfo is None
    ):
        return False
    if not (running_tally(a, span_a) or running_tally(b, span_b)):
        return False
    if told_of_the_past(a) or told_of_the_past(b):
        return False
    return b_low > a_high if pa < pb else a_low > b_high


def running_tally(u: Unit, span: tuple[int, int]) -> bool:
    """The figure at ``span`` of the statement counts what is still being counted after the
    event: the clause that carries it names harm to people or what follows it (killed, injured,
    arrested, evacuated, the toll, cases; lexicon.RUNNING_TALLY_WORDS) as its deed, a
    participant or the thing counted."""
    lo, hi = u.start + span[0], u.start + span[1]
    for clause in u.facts.clauses:
        held = [q for q in clause.quantities if q.start < hi and lo < q.end]
        if not held:
            continue
        words = {clause.predicate, *clause.agents, *clause.patients, *(q.counted for q in held)}
        if words & RUNNING_TALLY_WORDS:
            return True
    return False


# A word after a doer that adds them to others who did the deed.
_ADDED = re.compile(r"\s*(?:also|too|likewise)\b", re.I)


def one_more_doer(text: str, end: int) -> bool:
    """The doer named just before ``end`` joins others who did the deed ("Allen also set a
    record"), not one put in another's place: no other participant."""
    return bool(_ADDED.match(text, end))


def same_parties_named(a: Sequence[str], b: Sequence[str]) -> bool:
    """Both name the same parties in a role, or one leaves the role unnamed."""
    if not a or not b:
        return True
    return all(any(same_party(x, y) for y in b) for x in a) and all(
        any(same_party(y, x) for x in a) for y in b
    )


# Figures each statement gives and the other does not, from which on two statements count two
# tallies rather than one told wrongly.
_OTHER_TALLY_FIGURES = 2


def _counts(u: Unit) -> list[Amount]:
    """The counts a statement gives (no dates, phone numbers, scores: numbers.figures)."""
    dated = [(m.start, m.end) for m in u.facts.marked if m.kind == "date"]
    return [
        f.amount
        for f in figures(u.text)
        if f.amount is not None and not any(s <= f.start and f.end <= e for s, e in dated)
    ]


def other_tallies(a: Unit, b: Unit) -> bool:
    """Each statement gives two or more figures the other does not ("25 points and 16 rebounds"
    against "22 points and nine rebounds", "six rifles, 12 magazines" against "14 rifles, 31
    magazines so far"): two tallies (another game, another span, another raid), not one figure
    told wrongly, which leaves the statement's other figures as they were."""
    xs, ys = _counts(a), _counts(b)
    lone_a = [x for x in xs if not any(x.overlaps(y) for y in ys)]
    lone_b = [y for y in ys if not any(y.overlaps(x) for x in xs)]
    return len(lone_a) >= _OTHER_TALLY_FIGURES and len(lone_b) >= _OTHER_TALLY_FIGURES


# The outcome a share is of is named within this many words after it, before a comma or the
# sentence's end: "a two-in-three chance that we win", "a "one-in-three chance" of losing" (BASIL's
# Boehner story: "two-in-three chance that we win control" is four words to its outcome).
_OUTCOME_WORDS = 6
_OUTCOME_SPAN = re.compile(r"[^,;:.!?]*")
# Percentage points two complementary shares may miss a whole by, written rounded ("66 percent"
# and "one in three").
_COMPLEMENT_SLACK = 1.0


def outcome_side(text: str, start: int, end: int) -> int:
    """The side of the outcome the figure at ``text[start:end]`` (or the share it is part of:
    "two" of "two-in-three") is a share of (``OUTCOME_SIDES``: 1 to hold or win, -1 to lose or
    fail), 0 when none is named by it: first the words after it ("a one-in-three chance of
    losing"), else those before it ("the chance that the dam will hold is one in four"), within
    its part of the sentence."""
    shares = [f for f in figures(text) if f.share and f.start < end and start < f.end]
    start = min([start, *(f.start for f in shares)])
    end = max([end, *(f.end for f in shares)])
    after = _OUTCOME_SPAN.match(text, end)
    before = _OUTCOME_SPAN.match(text[:start][::-1])
    for words in (
        re.findall(r"[a-z]+", (after.group() if after else "").lower())[:_OUTCOME_WORDS],
        re.findall(r"[a-z]+", (before.group()[::-1] if before else "").lower())[::-1][
            :_OUTCOME_WORDS
        ],
    ):
        side = next((OUTCOME_SIDES[w] for w in words if w in OUTCOME_SIDES), 0)
        if side:
            return side
    return 0


def complementary(
    x: Amount, a: str, span_a: tuple[int, int], y: Amount, b: str, span_b: tuple[int, int]
) -> bool:
    """Two shares (the figures ``x`` at ``span_a`` of text ``a`` and ``y`` at ``span_b`` of
    ``b``) of the two outcomes of which one must happen, adding up to the whole ("a
    two-in-three chance of holding" and "a one-in-three chance of losing"): the same odds seen
    from the other side, not another value. Shares of one outcome are compared as they are."""
    if x.unit != "%" or y.unit != "%":
        return False
    if outcome_side(a, *span_a) * outcome_side(b, *span_b) != -1:
        return False
    return x.low + y.low <= 100 + _COMPLEMENT_SLACK and x.high + y.high >= 100 - _COMPLEMENT_SLACK


# What a figure counts, as written after it: a word joined to it ("five-time", "five - time"),
# then up to three words of its noun ("NBA All-Star guard"), up to a stop word, a punctuation
# mark or a predicate of the statement ("12 people were injured", "12 people injured").
_JOINED = re.compile(r"\s?-\s?([A-Za-z]+)\b(?!\s?-)")
_NEXT_WORD = re.compile(r"[\s\"“”‘’'(]*([A-Za-z][\w’']*(?:\s?-\s?[A-Za-z][\w’']*)*)")
_COUNTED_WORDS = 3
# Words of the noun after a joined word ("five-time NBA All-Star") that say what is counted: two,
# for ECB+ run through the pipeline ("five - time NBA All - Defensive Team honoree" against
# "four - time NBA all - star"); one would read "NBA" alone.
_JOINED_WORDS = 2


def counted_after(u: Unit, start: int, end: int) -> tuple[str, tuple[str, ...]]:
    """What the figure at ``start:end`` of the statement counts, as written after it (or after
    the share it is part of): the word joined to it ("time" of "five-time") and the stems of
    the words of its noun ("NBA All-Star guard"), which end at a stop word, a punctuation mark
    or one of the statement's predicates."""
    text = u.text
    end = max([end, *(f.end for f in figures(text) if f.share and f.start < end and start < f.end)])
    joined = _JOINED.match(text, end)
    pos = joined.end() if joined else end
    verbs = [(c.start - u.start, c.end - u.start) for c in u.facts.clauses]
    words: list[str] = []
    while len(words) < _COUNTED_WORDS:
        m = _NEXT_WORD.match(text, pos)
        if m is None or m.group(1).lower() in STOPWORDS:
            break
        if any(s <= m.start(1) < e for s, e in verbs):
            break  # "12 people injured": the deed, not what is counted
        words.append(stem(re.sub(r"\s", "", m.group(1).lower())))
        pos = m.end()
    return (joined.group(1).lower() if joined else ""), tuple(words)


def counts_other_things(a: Unit, span_a: tuple[int, int], b: Unit, span_b: tuple[int, int]) -> bool:
    """Two figures (at ``span_a`` of ``a`` and ``span_b`` of ``b``) that count different
    things, as the words after them write them: "25 points" against "22 rebounds", "about
    200ft" against "about 60m". Their nouns differ at the first word, neither word in the
    other's noun ("12 injured people" and "18 people" count people; ".38-caliber revolver" and
    ".357 caliber gun" count calibers); a figure whose noun is unwritten ("18 were injured") may
    count anything. A figure joined to a word ("five-time") counts what follows that word: "a
    five-time NBA All-Defensive Team honoree" and "a four-time NBA all-star" count two honours
    (two words of it are read, so "a five-time All-Star guard" and "a four-time All-Star
    forward" count two things too). The clause rule asks the same besides the parse's counted
    noun; this reads it where a copy or a restated slot puts the figure too."""
    joined_a, words_a = counted_after(a, *span_a)
    joined_b, words_b = counted_after(b, *span_b)
    if joined_a and joined_b:
        if joined_a != joined_b:
            return True
        for x, y in zip(words_a[:_JOINED_WORDS], words_b[:_JOINED_WORDS], strict=False):
            if x != y:
                return x not in words_b and y not in words_a
        return False
    seq_a = (stem(joined_a), *words_a) if joined_a else words_a
    seq_b = (stem(joined_b), *words_b) if joined_b else words_b
    if not seq_a or not seq_b or seq_a[0] == seq_b[0]:
        return False
    return seq_a[0] not in seq_b and seq_b[0] not in seq_a


def figure_elsewhere(u: Unit, span: tuple[int, int], other: Unit) -> bool:
    """The figure in ``u``'s slot is given in the other statement too, wherever it stands and
    whether or not the parse hung it on a clause ("12 people were injured" against "18 were
    injured and 12 arrested")."""
    mine = figure_at(u.text, *span)
    return mine is not None and any(
        f.amount is not None and f.amount.unit == mine.unit and f.amount.overlaps(mine)
        for f in figures(other.text)
    )
