"""One text copied with light edits and altered in one slot (a figure, a date, a place, a
person): such a slot is one referent told two ways, whatever the parse reads. Who made a copied
remark and whom it was said to are compared too. A restatement altered in one slot (two outlets'
own words sharing the phrase a value sits in) is read in ``claims.restated``, with the readers
of words and values this module keeps.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from difflib import SequenceMatcher

from storyline.calendar_words import calendar_names
from storyline.claims.facts import (
    Facts,
    Marked,
    date_interval,
    is_name,
    key_of,
    one_person,
    same_party,
    saying,
)
from storyline.claims.findings import (
    Finding,
    Places,
    complementary,
    count_grew,
    counts_other_things,
    one_more_doer,
    spans_meet,
)
from storyline.claims.units import STOPWORDS, Unit
from storyline.numbers import Amount, figure_at, read_amount

# -- one copy altered in one slot --------------------------------------------------------------

# Two statements whose words are this much one sequence (of the shorter one's words) are one
# text, copied or quoted, with light edits, the shorter one perhaps inside a longer sentence
# ("Romney said: ..."); a value changed between them is a contradiction however the parse reads
# them.
_COPY_SHARE = 0.75
_COPY_MIN_WORDS = 6
# Words a copy may replace besides the value and stay one text ("said" -> "added"): a few, or
# one word in ten of a long sentence. Words added or dropped do not count.
_COPY_MAX_EDITS = 3
_COPY_EDIT_SHARE = 0.1
_COPY_CONFIDENCE = 0.9
# A figure is one word with its decimals and thousands ("$1.375 billion" is not "1" and "375",
# which would align the "1" of "$1.6 billion" as a shared word around the slot).
_TOKEN = re.compile(r"\d+(?:[.,]\d+)+|\w+")


def tokens_of(text: str) -> tuple[tuple[str, int, int], ...]:
    """The words of ``text``, lower-cased, with where each stands: read only for the few pairs
    whose words align (kept for every text, they took some 5.6 KB a statement, 365 MB a worker
    with the cache full)."""
    return tuple((m.group().lower(), m.start(), m.end()) for m in _TOKEN.finditer(text))


# A statement is compared with many others (every candidate pair of its story, and again in each
# story that reads it): its words are read once (on ECB+ dev and BASIL, 94,920 readings of the
# same texts were 3.4 of the claims stage's 107 CPU-s, benchmarks/pipeline_speed.py).
@functools.lru_cache(maxsize=1 << 16)
def words_of(text: str) -> tuple[str, ...]:
    """The words of :func:`tokens_of`, without their places (shared: never changed)."""
    return tuple(m.group().lower() for m in _TOKEN.finditer(text))


@functools.lru_cache(maxsize=1 << 16)
def _word_bag(text: str) -> Counter[str]:
    """The words of ``tokens_of(text)`` as a multiset (read-only: it is shared)."""
    return Counter(words_of(text))


def _shared_words(bag_a: Counter[str], bag_b: Counter[str]) -> int:
    """How many words two multisets share: ``(bag_a & bag_b).total()``, without building it."""
    if len(bag_b) < len(bag_a):
        bag_a, bag_b = bag_b, bag_a
    return sum(min(n, bag_b[w]) for w, n in bag_a.items() if w in bag_b)


def marked_in(facts: Facts, lo: int, hi: int) -> list[Marked]:
    return [m for m in facts.marked if m.start < hi and lo < m.end]


def value_change(
    a: Unit, b: Unit, span_a: tuple[int, int], span_b: tuple[int, int], places: Places
) -> Finding | bool | None:
    """What one replaced stretch of a copy changes: a Finding for a value of the same kind
    changed, True when the stretch is a value that agrees, False for an ordinary edit."""
    figure = _figure_change(a, b, span_a, span_b)
    if figure is not None:
        return figure
    for kind in ("number", "date", "person", "place"):
        xs = [m for m in marked_in(a.facts, *span_a) if m.kind == kind]
        ys = [m for m in marked_in(b.facts, *span_b) if m.kind == kind]
        if kind == "person":
            # The small model may tag one copy's name and miss the other's: a name against a
            # bare capitalized name is still a name.
            xs = xs or _bare_name(a, span_a, kind, ys)
            ys = ys or _bare_name(b, span_b, kind, xs)
        spoke = kind == "person" and (
            any(m.key in a.speakers for m in xs) or any(m.key in b.speakers for m in ys)
        )
        # Another person in a copy: another participant, or another speaker of its words.
        named = "speaker" if spoke else {"person": "participant"}.get(kind, kind)
        if (
            kind in ("person", "place")
            and xs
            and ys
            and (len(xs) > 1 or len(ys) > 1)
            and _covers(xs, span_a)
            and _covers(ys, span_b)
        ):
            # "joins Barack Obama" against "joins Elizabeth Warren, Sherrod Brown": other
            # people altogether, or some of the same ones.
            related = same_party if kind == "person" else places.related
            if any(related(x.key, y.key) for x in xs for y in ys):
                return True
            shown = (
                f"{', '.join(a.text[x.start : x.end] for x in xs)} against "
                f"{', '.join(b.text[y.start : y.end] for y in ys)}"
            )
            return Finding(named, shown, _COPY_CONFIDENCE)
        if len(xs) != 1 or len(ys) != 1:
            continue
        if not (_covers(xs, span_a) and _covers(ys, span_b)):
            return False  # more than the value changed ("Manley said" -> "reads a statement
            # from Reid's office"): a rewording around it, not another value
        x, y = xs[0], ys[0]
        shown = f"{a.text[x.start : x.end]} against {b.text[y.start : y.end]}"
        if kind == "number":
            if x.key != y.key or counts_other_things(a, (x.start, x.end), b, (y.start, y.end)):
                return False  # another unit, or another thing counted: no value of one thing
            meet = x.low <= y.high and y.low <= x.high
            differ = not (
                meet
                or count_grew(
                    x.low, x.high, y.low, y.high, a, b, (x.start, x.end), (y.start, y.end)
                )
                or complementary(
                    Amount(x.low, x.high, x.key),
                    a.text,
                    (x.start, x.end),
                    Amount(y.low, y.high, y.key),
                    b.text,
                    (y.start, y.end),
                )
            )
        elif kind == "date":
            sx, sy = date_interval(x.key), date_interval(y.key)
            if sx is not None and sy is not None:
                differ = not spans_meet(sx, sy)
            else:
                differ = _named_days_differ(a.text[x.start : x.end], b.text[y.start : y.end])
        elif kind == "person":
            differ = not one_person(a.text[x.start : x.end], b.text[y.start : y.end])
            if one_more_doer(a.text, span_a[1]) or one_more_doer(b.text, span_b[1]):
                return True
        else:
            differ = not places.related(x.key, y.key)
        if not differ:
            return True
        return Finding(named, shown, _COPY_CONFIDENCE)
    return False


def _named_days_differ(x: str, y: str) -> bool:
    """Two dates the reader could not put on the calendar (no publication date to count
    "Tuesday" or "yesterday" from, or a duration, "four years") differ only when both name a
    weekday, a month or a year and name another one: "Tuesday" against "Friday" cannot both
    hold, "Tuesday" against "yesterday" can, "four years" against "four seasons" is no date."""
    return any(
        mine and theirs and mine != theirs
        for mine, theirs in zip(calendar_names(x), calendar_names(y), strict=True)
    )


_FIGURE_ONLY = re.compile(r"\d[\d,.]*")


def _figure_change(
    a: Unit, b: Unit, span_a: tuple[int, int], span_b: tuple[int, int]
) -> Finding | bool | None:
    """Only a figure changed, the words around it kept ("at least 544 store managers" against
    "at least 823"; "from 1965 to 1970" against "from 1962"): the sources give different
    figures, a date when the figure is part of one. None when more than a figure changed."""
    written_a, written_b = a.text[span_a[0] : span_a[1]], b.text[span_b[0] : span_b[1]]
    if not (_FIGURE_ONLY.fullmatch(written_a) and _FIGURE_ONLY.fullmatch(written_b)):
        return None
    # Read where it stands for what it is: "$108 million" and "74 million pounds" are one sum
    # in two currencies, "0845 125 2222" a phone number, "3:30" a time of day.
    at_a, at_b = figure_at(a.text, *span_a), figure_at(b.text, *span_b)
    if at_a is None or at_b is None:
        return True  # no count: a phone number, a time of day, a record, a lost character
    if at_a.unit != at_b.unit or counts_other_things(a, span_a, b, span_b):
        return True  # another unit or another thing counted ("five-time All-Star"): no value
    if complementary(at_a, a.text, span_a, at_b, b.text, span_b):
        return True  # the same odds from the other side: "holding" against "losing"
    # Compared as written, not as the bound the words around it make: those words are the
    # same in both copies, so "at least 544" against "at least 823" is one copy's figure
    # changed, though two lower bounds can both hold.
    x, y = read_amount(written_a), read_amount(written_b)
    if x is None or y is None:
        return None
    dated = any(m.kind == "date" for m in marked_in(a.facts, *span_a)) and any(
        m.kind == "date" for m in marked_in(b.facts, *span_b)
    )
    if dated:
        # A year or a day is exact: "2020" does not stand for 2015-2025 as a round count would.
        if written_a.replace(",", "") == written_b.replace(",", ""):
            return True
    elif x.overlaps(y) or count_grew(x.low, x.high, y.low, y.high, a, b, span_a, span_b):
        return True
    kind = "date" if dated else "number"
    return Finding(kind, f"{written_a} against {written_b}", _COPY_CONFIDENCE)
# Share of a replaced stretch a value must make up for the stretch to be that value changed.
_VALUE_COVER = 0.6


def _covers(marks: list[Marked], span: tuple[int, int]) -> bool:
    inside = sum(min(m.end, span[1]) - max(m.start, span[0]) for m in marks)
    return inside >= _VALUE_COVER * (span[1] - span[0])


def _bare_name(u: Unit, span: tuple[int, int], kind: str, other: list[Marked]) -> list[Marked]:
    """A stretch of capitalized words standing where the other copy has a name of ``kind``."""
    words = u.text[span[0] : span[1]].split()
    if len(other) != 1 or not words or not all(w[:1].isupper() for w in words):
        return []
    if any(w.lower().strip(".,") in STOPWORDS for w in words) or marked_in(u.facts, *span):
        return []  # "He", "With" opening a sentence; a name the parse gave another kind
    label = "PERSON" if kind == "person" else "GPE"
    if not is_name(u.text[span[0] : span[1]], label):
        return []  # "Ms." where the other copy has "Robyn": a title, no other person
    return [Marked(span[0], span[1], kind, key_of(u.text[span[0] : span[1]], label))]


def _reworded(left: int, right: int, *, ends: bool) -> int:
    """How many words of a copy a replaced stretch of ``left`` words against ``right`` rewords.
    A word told as a short phrase ("conducting" / "carrying out") is one word reworded, and so
    is a stretch that ends one of the texts: the rest runs on (the parse cut one copy short at
    "(Libyan strongman Moammar)", the other ran on to the sentence's end). A stretch told in
    far fewer words ("at the Lakeside Conference Hall in Kestrel City" / "and") is rewritten."""
    fewer, more = sorted((left, right))
    return fewer if ends or more <= 2 * fewer else more


def altered_copy(a: Unit, b: Unit, places: Places) -> list[Finding] | None:
    """For two statements that are one text copied (or quoted) with light edits: the values
    one copy changed (an empty list when none); None when they are not one text."""
    bag_a, bag_b = _word_bag(a.text), _word_bag(b.text)
    shorter = min(bag_a.total(), bag_b.total())
    if shorter < _COPY_MIN_WORDS:
        return None
    # The words two texts share (as multisets) bound what any alignment of them can match:
    # most pairs fail here without the alignment (it was the costliest test of the claims
    # stage after the sentence model, benchmarks/pipeline_speed.py).
    if _shared_words(bag_a, bag_b) < _COPY_SHARE * shorter:
        return None
    matcher = SequenceMatcher(None, words_of(a.text), words_of(b.text), autojunk=False)
    if sum(block.size for block in matcher.get_matching_blocks()) < _COPY_SHARE * shorter:
        return None
    ta, tb = tokens_of(a.text), tokens_of(b.text)
    findings: list[Finding] = []
    edits = 0
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if tag != "replace":
            continue  # a detail added or dropped ("at a rally here"): the rest is still one text
        span_a, span_b = (ta[i1][1], ta[i2 - 1][2]), (tb[j1][1], tb[j2 - 1][2])
        change = value_change(a, b, span_a, span_b, places)
        if isinstance(change, Finding):
            findings.append(change)
        elif change is False:
            edits += _reworded(i2 - i1, j2 - j1, ends=i2 == len(ta) or j2 == len(tb))
    kinds = {f.kind for f in findings}
    # Who made the remark and whom it was said to are compared however the attribution around
    # them is worded: outlets quoting one remark word it their own way ("Kennedy told lawyer
    # Joseph Sellers, who represents the women" against "Kennedy said to Joseph Sellers").
    attribution = [
        found
        for other, kind in ((_other_makers, "speaker"), (_other_addressees, "participant"))
        if kind not in kinds and (found := other(a, b)) is not None
    ]
    allowed = max(_COPY_MAX_EDITS, int(_COPY_EDIT_SHARE * min(len(ta), len(tb))))
    if edits > allowed or (len(kinds) > 1 and kinds != {"number", "place"}):
        return attribution  # rewritten, or another occurrence told with the same words
    return findings + attribution


def _people_named(u: Unit) -> set[str]:
    """The keys of every person a statement names, the makers of its quotations too."""
    return {m.key for m in u.facts.marked if m.kind == "person"} | {k for k, _ in u.makers}


def _other_makers(a: Unit, b: Unit) -> Finding | None:
    """One joint remark, copied, made by other people: each copy names a maker the other names
    nowhere ("Pelosi and Schumer said in a joint statement" against "Pelosi and Coulter said");
    one copy naming fewer of them ("Pelosi said") or naming the other's maker in its own words
    ("said Schumer, who wrote it with Pelosi") is no other maker. One speaker against another
    is the aligned quotes' to judge (``claims.quotes``): an office's counsel and the office
    ("Bauer" against "the White House") are often one speaker told two ways."""
    if len(a.makers) < 2 or len(b.makers) < 2:
        return None
    named_a, named_b = _people_named(a), _people_named(b)
    only_a = [n for k, n in a.makers if not any(same_party(k, o) for o in named_b)]
    only_b = [n for k, n in b.makers if not any(same_party(k, o) for o in named_a)]
    if not only_a or not only_b:
        return None
    shown = f"{', '.join(n for _, n in a.makers)} against {', '.join(n for _, n in b.makers)}"
    return Finding("speaker", shown, _COPY_CONFIDENCE)


def _addressees(u: Unit) -> list[Marked]:
    """The people a statement's speaker addresses: whom they tell, ask or warn, or say it to
    ("Kennedy told lawyer Joseph Sellers", "Kennedy said to Joseph Sellers")."""
    heads = [
        x.head
        for c in u.facts.clauses
        if saying(c)
        for x in c.arguments
        if x.role == "patient" or (x.role == "oblique" and x.preposition == "to")
    ]
    return [
        m
        for m in u.facts.marked
        if m.kind == "person" and any(same_party(h, m.key) for h in heads)
    ]


def _other_addressees(a: Unit, b: Unit) -> Finding | None:
    """One remark, copied, said to another person: each copy's addressee is named nowhere in
    the other."""
    to_a, to_b = _addressees(a), _addressees(b)
    if not to_a or not to_b:
        return None
    named_a, named_b = _people_named(a), _people_named(b)
    if any(same_party(m.key, o) for m in to_a for o in named_b) or any(
        same_party(m.key, o) for m in to_b for o in named_a
    ):
        return None
    shown_a = ", ".join(a.text[m.start : m.end] for m in to_a)
    shown_b = ", ".join(b.text[m.start : m.end] for m in to_b)
    return Finding("participant", f"{shown_a} against {shown_b}", _COPY_CONFIDENCE)
