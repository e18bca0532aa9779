"""Contradictions between two statements: the same thing told with values that cannot both hold.

Real contradictions between outlets are rare and every false alarm costs an editor's trust, so a
difference counts only between values **of the same thing**:

* two clauses with the same predicate ("arrest" / "arrested"), both asserted (no "will", "if",
  "plans to"), both negated or neither, sharing a participant ("Stone"), and neither statement
  recounting another occurrence ("last year", "a year ago") unless both do;
* a **number** only against a number counting the same thing in the same unit ("four people
  struck" and "six people injured" are two counts of two things), whose intervals do not meet
  ("nearly 300" and "297" meet; a round "$700 billion" and "$716 billion" meet); a later report
  with a larger count is an update, not a contradiction;
* a **date** only against a date at a precision both give ("2010-06" and "2010-06-11" agree);
* a **place** only when neither place is inside the other, as the story's own texts write them
  ("Alexandria, Virginia");
* a **participant** only between statements that would otherwise be one claim;
* an **occasion** ("the SCO summit" against "the Belt and Road Forum"; "an official visit"
  against a summit) between statements about the same meeting: similar, sharing people or
  places.

Two statements that differ on several of these tell two occurrences ("met in Astana last year"
against "met in Beijing"), not one told wrongly; the one exception is a deed told with another
figure and another place ("gives 45 percent ... in Port Aurel" against "40 percent ... in
Kestrel City"), which is two contradictions.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher

from storyline.analyze.lexicon import LOCATIVE_PREPOSITIONS
from storyline.claims.facts import (
    Facts,
    Marked,
    content_predicate,
    date_interval,
    date_intervals,
    key_of,
    same_occasion,
    same_party,
    same_predicate,
)
from storyline.claims.units import STOPWORDS, Unit
from storyline.config import ClaimConfig
from storyline.model import Analysis, Clause, Quantity
from storyline.numbers import read_amount

# Confidence of a finding: a value of the same clause (same predicate, shared participant) is
# good evidence; statements that would otherwise be one claim are better still.
_CLAUSE_CONFIDENCE = 0.6
_PARAPHRASE_BONUS = 0.2
_SHARED_BONUS = 0.1  # two or more participants in common
_OCCASION_CONFIDENCE = 0.55
_RECOUNTED_CONFIDENCE = 0.55
# Who did it differs only between near restatements: "Rother of AARP accepted" and "AARP
# accepted" name one actor two ways; below this score a different actor is a different deed.
_PARTICIPANT_MIN_SCORE = 0.6


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
        )


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


def _overlap(a: Span, b: Span) -> bool:
    """Two calendar spans meet: "2010-06" and "2010-06-11" agree, "2024" and "2025-09" do not."""
    return a[0] <= b[1] and b[0] <= a[1]


def _show_span(span: Span) -> str:
    first, last = span
    if first == last:
        return first.isoformat()
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31) and first.year == last.year:
        return str(first.year)
    if first.day == 1 and first.replace(day=28) <= last and last.month == first.month:
        return first.strftime("%Y-%m")
    return f"{first.isoformat()}/{last.isoformat()}"


def _quantity_label(q: Quantity) -> str:
    return " ".join(w for w in (q.unit if q.unit not in ("", "%") else "", q.counted) if w)


def _is_update(qa: Quantity, qb: Quantity, a: Unit, b: Unit) -> bool:
    """A later report with a larger count: the count grew, nobody is contradicted."""
    pa, pb = a.article.published, b.article.published
    if pa is None or pb is None or pa.date() == pb.date():
        return False
    if (pa.tzinfo is None) != (pb.tzinfo is None):
        return False
    earlier, later = (qa, qb) if pa < pb else (qb, qa)
    return later.low > earlier.high


def _fresh_reports(da: Span, db: Span, a: Unit, b: Unit) -> bool:
    """Two reports that cannot be telling one occurrence: one dates it after the other was
    published ("met on Sunday" in Sunday's paper, "met on Thursday" in Thursday's: two
    meetings, not two dates for one)."""
    pa, pb = a.article.published, b.article.published
    if pa is None or pb is None:
        return False
    return da[0] > pb.date() or db[0] > pa.date()


def _alone(quantities: Sequence[Quantity], like: Quantity) -> Quantity | None:
    """The one quantity of a clause counting what ``like`` counts; None when there are more."""
    same = [q for q in quantities if q.unit == like.unit and q.counted == like.counted]
    return same[0] if len(same) == 1 else None


def _states_figure(facts: Facts, q: Quantity) -> bool:
    """The statement gives a figure within the interval ``q`` allows, wherever it hangs."""
    return any(
        m.kind == "number" and m.low <= q.high and q.low <= m.high for m in facts.marked
    )


def _clause_findings(
    ca: Clause, cb: Clause, a: Unit, b: Unit, places: Places
) -> list[Finding]:
    """Values of two clauses of one deed that cannot both hold: one value against one."""
    found: list[Finding] = []
    for qa in ca.quantities:
        if not (qa.unit or qa.counted) or _alone(ca.quantities, qa) is None:
            continue
        qb = _alone(cb.quantities, qa)
        if qb is None or (qa.low <= qb.high and qb.low <= qa.high) or _is_update(qa, qb, a, b):
            continue
        if _states_figure(a.facts, qb) and _states_figure(b.facts, qa):
            # Both statements give both figures ("Romney 21 percent, Trump 17"): the parse hung
            # them on other words, the statements agree.
            continue
        what = _quantity_label(qa)
        about = f"{what}, {ca.predicate}" if what else ca.predicate
        found.append(Finding("number", f"{qa.text!r} against {qb.text!r}", 0.0, about))
    da, db = date_intervals(ca), date_intervals(cb)
    if (
        len(da) == 1
        and len(db) == 1
        and not _overlap(da[0], db[0])
        and not _fresh_reports(da[0], db[0], a, b)
    ):
        detail = f"{_show_span(da[0])} against {_show_span(db[0])}"
        found.append(Finding("date", detail, 0.0, ca.predicate))
    if (
        ca.places
        and cb.places
        and not any(places.related(x, y) for x in ca.places for y in cb.places)
    ):
        shown_a = ", ".join(a.facts.names.get(p, p) for p in ca.places)
        shown_b = ", ".join(b.facts.names.get(p, p) for p in cb.places)
        found.append(Finding("place", f"{shown_a} against {shown_b}", 0.0, ca.predicate))
    return found


def _show_places(facts: Facts) -> str:
    return ", ".join(sorted(facts.names.get(p, p) for p in facts.places))


def _same_parties(a: Sequence[str], b: Sequence[str]) -> bool:
    """Both name the same parties in a role, or one leaves the role unnamed."""
    if not a or not b:
        return True
    return all(any(same_party(x, y) for y in b) for x in a) and all(
        any(same_party(y, x) for x in a) for y in b
    )


def _participant(ca: Clause, cb: Clause, a: Facts, b: Facts) -> Finding | None:
    """The same deed done to the same party by another person."""
    if not ca.patients or not _same_parties(ca.patients, cb.patients):
        return None
    named_a = [x for x in ca.agents if x in a.people]
    named_b = [x for x in cb.agents if x in b.people]
    if not named_a or not named_b:
        return None
    # Another actor must be absent from the other statement: "signed by Halvorsen and Reyes"
    # and "Halvorsen signed it with Reyes" name the same two people in other roles.
    if any(same_party(x, y) for x in named_a for y in b.people) or any(
        same_party(y, x) for y in named_b for x in a.people
    ):
        return None
    if any(same_party(x, y) for x in named_a for y in named_b):
        return None
    shown_a = ", ".join(a.names[x] for x in named_a)
    shown_b = ", ".join(b.names[x] for x in named_b)
    return Finding("participant", f"{shown_a} against {shown_b}", 0.0, ca.predicate)


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
_TOKEN = re.compile(r"\w+")


def _tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group().lower(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


@functools.lru_cache(maxsize=1 << 16)
def _word_bag(text: str) -> Counter[str]:
    """The words of ``_tokens(text)`` as a multiset (read-only: it is shared)."""
    return Counter(w for w, _, _ in _tokens(text))


def _marked_in(facts: Facts, lo: int, hi: int) -> list[Marked]:
    return [m for m in facts.marked if m.start < hi and lo < m.end]


def _value_change(
    a: Unit, b: Unit, span_a: tuple[int, int], span_b: tuple[int, int], places: Places
) -> Finding | bool | None:
    """What one replaced stretch of a copy changes: a Finding for a value of the same kind
    changed, True when the stretch is a value that agrees, False for an ordinary edit."""
    figure = _figure_change(a, b, span_a, span_b)
    if figure is not None:
        return figure
    for kind in ("number", "date", "person", "place"):
        xs = [m for m in _marked_in(a.facts, *span_a) if m.kind == kind]
        ys = [m for m in _marked_in(b.facts, *span_b) if m.kind == kind]
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
            if x.key != y.key:
                return False
            differ = not (x.low <= y.high and y.low <= x.high) and not _grew(x, y, a, b)
        elif kind == "date":
            sx, sy = date_interval(x.key), date_interval(y.key)
            if sx is not None and sy is not None:
                differ = not _overlap(sx, sy)
            else:
                differ = _normal_words(a.text[x.start : x.end]) != _normal_words(
                    b.text[y.start : y.end]
                )
        elif kind == "person":
            differ = not same_party(x.key, y.key)
        else:
            differ = not places.related(x.key, y.key)
        if not differ:
            return True
        return Finding(named, shown, _COPY_CONFIDENCE)
    return False


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
    x, y = read_amount(written_a), read_amount(written_b)
    if x is None or y is None:
        return None
    dated = any(m.kind == "date" for m in _marked_in(a.facts, *span_a)) and any(
        m.kind == "date" for m in _marked_in(b.facts, *span_b)
    )
    if dated:
        # A year or a day is exact: "2020" does not stand for 2015-2025 as a round count would.
        if written_a.replace(",", "") == written_b.replace(",", ""):
            return True
    elif x.overlaps(y) or _later_is_larger(x.low, x.high, y.low, y.high, a, b):
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
    if any(w.lower().strip(".,") in STOPWORDS for w in words) or _marked_in(u.facts, *span):
        return []  # "He", "With" opening a sentence; a name the parse gave another kind
    label = "PERSON" if kind == "person" else "GPE"
    return [Marked(span[0], span[1], kind, key_of(u.text[span[0] : span[1]], label))]


def _grew(x: Marked, y: Marked, a: Unit, b: Unit) -> bool:
    """A count the later report gives higher: an update, not a contradiction."""
    return _later_is_larger(x.low, x.high, y.low, y.high, a, b)


def _later_is_larger(
    a_low: float, a_high: float, b_low: float, b_high: float, a: Unit, b: Unit
) -> bool:
    """The report published later gives the larger figure (a toll that rose overnight)."""
    pa, pb = a.article.published, b.article.published
    if pa is None or pb is None or pa.date() == pb.date() or (pa.tzinfo is None) != (
        pb.tzinfo is None
    ):
        return False
    return b_low > a_high if pa < pb else a_low > b_high


def _normal_words(text: str) -> str:
    return " ".join(w for w, _, _ in _tokens(text))


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
    if (bag_a & bag_b).total() < _COPY_SHARE * shorter:
        return None
    ta, tb = _tokens(a.text), _tokens(b.text)
    matcher = SequenceMatcher(None, [w for w, _, _ in ta], [w for w, _, _ in tb], autojunk=False)
    if sum(block.size for block in matcher.get_matching_blocks()) < _COPY_SHARE * shorter:
        return None
    findings: list[Finding] = []
    edits = 0
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if tag != "replace":
            continue  # a detail added or dropped ("at a rally here"): the rest is still one text
        span_a, span_b = (ta[i1][1], ta[i2 - 1][2]), (tb[j1][1], tb[j2 - 1][2])
        change = _value_change(a, b, span_a, span_b, places)
        if isinstance(change, Finding):
            findings.append(change)
        elif change is False:
            edits += max(i2 - i1, j2 - j1)
    kinds = {f.kind for f in findings}
    allowed = max(_COPY_MAX_EDITS, int(_COPY_EDIT_SHARE * min(len(ta), len(tb))))
    if edits > allowed or (len(kinds) > 1 and kinds != {"number", "place"}):
        return []  # rewritten, or another occurrence told with the same words
    return findings


# -- one restatement altered in one slot ------------------------------------------------------

# Two outlets telling one fact in their own words still often share the phrase a value sits in
# ("Fifteen of the 19 hijackers were Saudi nationals" / "Fifteen of the 19 hijackers on 9/11 were
# Saudi citizens"): when two statements that would otherwise be one claim give one slot of such a
# phrase another value (a figure, a date, a place after "in" or "at", a person the other
# statement does not name), the slot is one referent told two ways. The phrase: words agreeing
# on both sides of the slot (or the sentence's own start or end), at least _SLOT_CONTEXT of them,
# some of them content words; the slot at most _SLOT_MAX_WORDS words, found by a word-by-word
# alignment or as two values of one kind wherever they sit (a phrase told in another order).
# Set on the injection's restatement tier and the BASIL conflict listing
# (benchmarks/claims_quality.py).
_SLOT_CONTEXT = 3
_SLOT_MAX_WORDS = 4
_RESTATED_CONFIDENCE = 0.7


def _agreeing(wa: Sequence[str], wb: Sequence[str], i: int, j: int, step: int) -> int:
    """How many words agree from ``wa[i]`` and ``wb[j]`` on, walking by ``step`` (at most
    ``_SLOT_CONTEXT``); both texts ending there agree as a whole phrase."""
    count = 0
    while count < _SLOT_CONTEXT:
        x, y = i + step * count, j + step * count
        inside_a, inside_b = 0 <= x < len(wa), 0 <= y < len(wb)
        if not inside_a and not inside_b:
            return _SLOT_CONTEXT
        if not (inside_a and inside_b) or wa[x] != wb[y]:
            break
        count += 1
    return count


def _word_range(tokens: Sequence[tuple[str, int, int]], lo: int, hi: int) -> tuple[int, int]:
    """The words of ``tokens`` inside characters ``lo`` to ``hi``, as [first, last + 1)."""
    inside = [k for k, (_, s, e) in enumerate(tokens) if lo <= s and e <= hi]
    return (inside[0], inside[-1] + 1) if inside else (0, 0)


def _slots(a: Unit, b: Unit) -> list[tuple[int, int, int, int]]:
    """Stretches of the two texts that may be one slot told two ways, as word ranges: what a
    word-by-word alignment replaces, and each two values of one kind (a figure, a date, a
    person, a place) wherever they sit, so that a phrase shared in another order counts too."""
    ta, tb = _tokens(a.text), _tokens(b.text)
    wa, wb = [w for w, _, _ in ta], [w for w, _, _ in tb]
    found = {
        (i1, i2, j1, j2)
        for tag, i1, i2, j1, j2 in SequenceMatcher(None, wa, wb, autojunk=False).get_opcodes()
        if tag == "replace"
    }
    for x in a.facts.marked:
        for y in b.facts.marked:
            if x.kind == y.kind and (x.key != y.key or x.low != y.low or x.high != y.high):
                found.add(
                    _word_range(ta, x.start, x.end) + _word_range(tb, y.start, y.end)
                )
    return sorted(s for s in found if s[0] < s[1] and s[2] < s[3])


def restated_slot(a: Unit, b: Unit, places: Places) -> list[Finding]:
    """Values two restatements give one slot of a shared phrase, when they differ (see above);
    an empty list when none does, or when slots of several kinds differ (another occurrence)."""
    ta, tb = _tokens(a.text), _tokens(b.text)
    wa, wb = [w for w, _, _ in ta], [w for w, _, _ in tb]
    found: dict[tuple[int, int], Finding] = {}
    for i1, i2, j1, j2 in _slots(a, b):
        if max(i2 - i1, j2 - j1) > _SLOT_MAX_WORDS:
            continue
        before = _agreeing(wa, wb, i1 - 1, j1 - 1, -1)
        after = _agreeing(wa, wb, i2, j2, 1)
        if min(before, after) < 1 or before + after < _SLOT_CONTEXT:
            continue
        context = wa[max(0, i1 - before) : i1] + wa[i2 : i2 + after]
        if all(w in STOPWORDS or w.isdigit() for w in context):
            continue  # "of the 35 and": no phrase of the fact's own
        span_a, span_b = (ta[i1][1], ta[i2 - 1][2]), (tb[j1][1], tb[j2 - 1][2])
        change = _value_change(a, b, span_a, span_b, places)
        if not isinstance(change, Finding) or not _restated(change, a, b, span_a, span_b, places):
            continue
        if change.kind == "place" and (i1 == 0 or wa[i1 - 1] not in LOCATIVE_PREPOSITIONS):
            continue  # where it happened ("in Omaha"), not a country as a party ("America")
        found.setdefault(
            span_a, Finding(change.kind, change.detail, _RESTATED_CONFIDENCE, change.about)
        )
    findings = list(found.values())
    return findings if len({f.kind for f in findings}) == 1 else []


def _restated(
    finding: Finding,
    a: Unit,
    b: Unit,
    span_a: tuple[int, int],
    span_b: tuple[int, int],
    places: Places,
) -> bool:
    """A slot's other value is the same referent told otherwise, not another one: the values
    hang on deeds of the same parties (:func:`_carriers_agree`), a date is not after the other
    report's publication ("met on Sunday" in Sunday's paper, "on Thursday" in Thursday's are two
    meetings), and neither value is given anywhere in the other statement ("Halvorsen called
    for ..., and Reyes agreed" against "Reyes called for ..., as did Halvorsen" name both
    senators in other roles; "a two-in-three chance we win ..., a one-in-three chance we could
    lose" gives both odds)."""
    xs, ys = _marked_in(a.facts, *span_a), _marked_in(b.facts, *span_b)
    if finding.kind == "date":
        da = [s for m in xs if m.kind == "date" and (s := date_interval(m.key)) is not None]
        db = [s for m in ys if m.kind == "date" and (s := date_interval(m.key)) is not None]
        if da and db and _fresh_reports(da[0], db[0], a, b):
            return False
    if finding.kind in ("number", "date", "place") and not _carriers_agree(
        _carriers(a, xs, span_a), _carriers(b, ys, span_b), a.facts, b.facts
    ):
        return False
    kind = {"participant": "person", "speaker": "person"}.get(finding.kind, finding.kind)
    return not any(
        _same_value(x, y, places)
        for mine, theirs in ((xs, b.facts.marked), (ys, a.facts.marked))
        for x in mine
        if x.kind == kind
        for y in theirs
        if y.kind == kind
    )


def _same_value(x: Marked, y: Marked, places: Places) -> bool:
    """Two marked values of one kind that agree (one figure, date, person or place)."""
    if x.kind == "number":
        return x.key == y.key and x.low <= y.high and y.low <= x.high
    if x.kind == "date":
        sx, sy = date_interval(x.key), date_interval(y.key)
        return x.key == y.key or (sx is not None and sy is not None and _overlap(sx, sy))
    if x.kind == "person":
        return same_party(x.key, y.key)
    return places.related(x.key, y.key)


def _carriers(u: Unit, marks: Sequence[Marked], span: tuple[int, int]) -> list[Clause]:
    """The clauses of ``u`` a value in ``span`` hangs on (a figure, a date or a place)."""
    lo, hi = u.start + span[0], u.start + span[1]
    dates = {m.key for m in marks if m.kind == "date" and m.key}
    spots = {m.key for m in marks if m.kind == "place" and m.key}
    return [
        c
        for c in u.facts.clauses
        if any(q.start < hi and lo < q.end for q in c.quantities)
        or dates & set(c.dates)
        or spots & set(c.places)
    ]


def _carriers_agree(
    xs: Sequence[Clause], ys: Sequence[Clause], fa: Facts, fb: Facts
) -> bool:
    """Whether the deeds two values hang on are done by and to the same named parties:
    "Hillary and Bill Clinton earned $141 million" and "Mr. Clinton earned $20 million" count two
    earnings. Values the parse hung on nothing agree by default."""
    if not xs or not ys:
        return True
    return any(
        _same_parties(_named(ca.agents, fa), _named(cb.agents, fb))
        and _same_parties(_named(ca.patients, fa), _named(cb.patients, fb))
        for ca in xs
        for cb in ys
    )


def _named(keys: Sequence[str], facts: Facts) -> list[str]:
    return [k for k in keys if k in facts.names]


# -- statements that state one fact --------------------------------------------------------------


def contradictions(
    a: Unit, b: Unit, score: float, cfg: ClaimConfig, places: Places
) -> list[Finding]:
    """How two statements of different articles contradict each other (none: they do not).

    Both must be about the same thing as wholes (score at least ``conflict_min_score``): a
    clause in common ("asked Clinton") between statements about two different occasions is
    no evidence that either is wrong.
    """
    if a.article.article_id == b.article.article_id:
        return []
    copied = altered_copy(a, b, places)
    if copied:
        return copied
    if score < cfg.conflict_min_score:
        return []
    fa, fb = a.facts, b.facts
    if fa.other_time != fb.other_time:
        return []
    paraphrase = score >= cfg.paraphrase_min_score
    found: list[Finding] = []
    other_times = False  # some clause of one is dated otherwise than its match in the other
    for ca in fa.clauses:
        if not content_predicate(ca):
            continue
        for cb in fb.clauses:
            if not content_predicate(cb) or not same_predicate(ca.predicate, cb.predicate):
                continue
            if ca.modal != cb.modal or ca.negated != cb.negated:
                continue
            shared = [
                x
                for x in (*ca.agents, *ca.patients)
                if any(same_party(x, y) for y in (*cb.agents, *cb.patients))
            ]
            if not shared:
                continue
            other_times |= bool(ca.dates and cb.dates and set(ca.dates) != set(cb.dates))
            # A value only contradicts a value of statements that would otherwise be one claim
            # ("met on Sunday" and "met on Thursday" in two different sentences are most often
            # two meetings), about the same parties: "the couple earned $141 million" and
            # "Mr. Clinton earned $20 million" count two different earnings.
            same_parties = _same_parties(
                [x for x in ca.agents if x in fa.names], [y for y in cb.agents if y in fb.names]
            ) and _same_parties(
                [x for x in ca.patients if x in fa.names],
                [y for y in cb.patients if y in fb.names],
            )
            findings = (
                _clause_findings(ca, cb, a, b, places) if paraphrase and same_parties else []
            )
            if score >= _PARTICIPANT_MIN_SCORE:
                participant = _participant(ca, cb, fa, fb)
                if participant is not None:
                    findings.append(participant)
            confidence = (
                _CLAUSE_CONFIDENCE
                + (_PARAPHRASE_BONUS if paraphrase else 0.0)
                + (_SHARED_BONUS if len(set(shared)) >= 2 else 0.0)
            )
            found.extend(
                Finding(f.kind, f.detail, round(confidence, 2), f.about) for f in findings
            )
    if not found and paraphrase:
        found = restated_slot(a, b, places)
    kinds = {f.kind for f in found}
    if kinds == {"number"} and fa.places and fb.places and not any(
        places.related(x, y) for x in fa.places for y in fb.places
    ):
        # One deed told with another figure is one deed: where each statement puts it is
        # compared too, though the parse hung the place on another of its words.
        shown = f"{_show_places(fa)} against {_show_places(fb)}"
        found.append(Finding("place", shown, max(f.confidence for f in found)))
        kinds.add("place")
    if len(kinds) > 1 and kinds != {"number", "place"}:
        return []  # another date and place: another occurrence, not a wrong one
    if other_times and "date" not in kinds:
        # Other times ("from 2007 to 2014" against "between 2011 and 2014"): another figure or
        # place belongs to another occurrence.
        return []
    by_kind: dict[str, Finding] = {}
    for f in sorted(found, key=lambda f: -f.confidence):
        by_kind.setdefault(f.kind, f)
    if not by_kind and not other_times:
        for finding in (_occasion(a, b, score, cfg), _recounted_date(a, b, score, cfg)):
            if finding is not None:
                by_kind.setdefault(finding.kind, finding)
    return list(by_kind.values())


def _one_span(u: Unit) -> Span | None:
    spans = {span for c in u.facts.clauses for span in date_intervals(c)}
    return next(iter(spans)) if len(spans) == 1 else None


def _recounted_date(a: Unit, b: Unit, score: float, cfg: ClaimConfig) -> Finding | None:
    """Two restatements of one earlier occurrence that date it differently: "met in September
    last year at the summit in Astana" against "their last meeting in Astana in 2024". Only
    between statements that both recount an earlier time, would otherwise be one claim, put it
    in the same place, and each give one date."""
    if score < cfg.paraphrase_min_score or not (a.facts.other_time and b.facts.other_time):
        return None
    if not a.facts.places & b.facts.places:
        return None
    da, db = _one_span(a), _one_span(b)
    if da is None or db is None or _overlap(da, db) or _fresh_reports(da, db, a, b):
        return None
    return Finding("date", f"{_show_span(da)} against {_show_span(db)}", _RECOUNTED_CONFIDENCE)


def _occasion(a: Unit, b: Unit, score: float, cfg: ClaimConfig) -> Finding | None:
    """Two statements about one meeting that name different occasions for it."""
    fa, fb = a.facts, b.facts
    if not fa.occasions or not fb.occasions or same_occasion(fa, fb):
        return None
    if score < cfg.conflict_min_score:
        return None
    shared = fa.people & fb.people or fa.places & fb.places or fa.predicates & fb.predicates
    if not shared and score < cfg.paraphrase_min_score:
        return None  # statements that would otherwise be one claim need no shared name
    shown_a = "; ".join(repr(w) for w, _ in fa.occasions)
    shown_b = "; ".join(repr(w) for w, _ in fb.occasions)
    bonus = _PARAPHRASE_BONUS if score >= cfg.paraphrase_min_score else 0.0
    confidence = _OCCASION_CONFIDENCE + bonus
    return Finding("occasion", f"{shown_a} against {shown_b}", round(confidence, 2))
