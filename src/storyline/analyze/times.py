"""Time expressions of a text: found by the model (DATE, TIME) and by a few rules, each valued
in its context (analyze/time_values.py reads the value of one expression).

What the context decides: whether the governing verb looks ahead (future tense, a scheduled
event such as "set to resume Monday", a modal reached through the nouns the time qualifies, a
deadline "by February"), which time an anaphoric expression is anchored to ("later that year",
"the previous Friday": the time the text spoke of last, not the publication date), and which
quarter earnings language is read against (benchmarks/analyze_quality.py, TimeBank: past-leaning
beat nearest-date).

Earnings news is read against the quarter it reports: once a sentence gives third-quarter
figures, or names results as the quarter's, "a year earlier", "the year-ago period" and "the
latest period" name quarters (``2024-Q3``, ``2025-Q3``) unless the sentence is about a half or a
whole year. A day and its part ("Wednesday night") are the day and ``2025-09-03TNI``; a clock
time on a day ("4 p.m. Friday") is ``2025-08-29T16:00``.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from storyline.analyze.lexicon import INTENT_VERBS, REPORTING_VERBS
from storyline.analyze.relative_times import iso_week, quarter_shift, shift_month
from storyline.analyze.time_values import (
    YEAR_ALONE,
    YEAR_END,
    TimeKind,
    day_month_year,
    resolve,
    strip_expression,
)
from storyline.calendar_words import FULL_DATE_FORMS, HOLIDAY_NAMES, WEEKDAYS
from storyline.model import TimeExpression

__all__ = ["doc_times", "resolve"]

# Words the model misses as DATE but TimeBank and news use constantly: found by pattern.
_EXTRA = re.compile(
    r"\b(?:now|currently|recently|today|tonight|yesterday|tomorrow|nowadays|"
    r"at present|the future|the past|then[- ]current|current|previously|formerly|these days|"
    r"soon|already|this (?:[a-z]+ )?moment|at the time(?! of)|"
    r"future|recent|earlier(?=,)|the (?:near|short|long|longer) term|"
    r"(?:future|coming) quarters|the (?:latest|year-earlier|year-ago) (?:period|quarter)|"
    r"(?:the )?(?:fiscal[- ])?(?:first|second|third|fourth)[- ]quarter|"
    r"(?:the )?coming (?:days|weeks|months|years)|(?:that|the) same (?:day|week|month|year))\b",
    re.IGNORECASE,
)
# Named holidays the model does not tag ("last Thanksgiving"): capitalized, as names are.
_HOLIDAY_TEXT = re.compile(
    r"\b(?:(?:last|next|this) )?(?=(?-i:[A-Z]|the F))(?:"
    + "|".join(re.escape(name).replace("'", "['’]") for name in HOLIDAY_NAMES)
    + r")\b",
    re.IGNORECASE,
)

# Verbs that put what they govern on a timetable: "set to resume Monday", "is scheduled Monday".
_SCHEDULE_VERBS = {"schedule", "set", "slate", "expect", "plan", "due", "intend", "aim"}
# Verbs that state an intention or a commitment: told in the past, what they govern still
# points ahead of the telling ("agreed to buy the line in February", written in October, is
# next February; benchmarks/analyze_quality.py, TimeBank A+B1: one more right, none lost).
# Not an expectation or a timetable, which may have passed, nor an attempt, which happened
# when it was made ("tried to reach him Monday").
_NOT_PLANS = {"expect", "try", "attempt", "seek", "consider", "prepare", "offer"}
_PLAN_VERBS = (INTENT_VERBS | {"agree", "decide"}) - _NOT_PLANS
_PAST_AUX = {"had", "has", "have", "did", "was", "were"}
# Verbs whose past tense is spelled as the present: "hurt" after a plural subject is past.
_SAME_PAST = {"hurt", "cut", "put", "set", "hit", "cost", "let", "quit", "shut", "spread", "bid"}


def _tense(token: Any) -> str:
    """ "future", "past" or "present" of the verb that governs ``token``.

    Scheduled events count as future: an infinitive under a timetable verb or a present-tense
    verb ("is to resume Tuesday", "is scheduled to close Monday", "the talks resume Monday");
    a present-tense reporting verb ("says Monday") is past, as in broadcast news.
    """
    if token.dep_ == "poss":
        return "present"  # "follows Tuesday's vote": the day is not when the verb happens
    head = token
    for _ in range(6):
        if head.pos_ in {"VERB", "AUX"} or head.dep_ == "ROOT":
            break
        head = head.head
    children = list(head.children)
    lowered = {c.lower_ for c in children if c.dep_ in {"aux", "auxpass"}}
    if lowered & {"will", "'ll", "shall", "wo"} or any(c.lower_ == "going" for c in children):
        return "future"
    scheduled = head.tag_ in {"VBZ", "VBP", "VB"} or (
        head.tag_ == "VBN" and bool(lowered & {"is", "are", "'s", "be"})
    )
    if head.tag_ == "VB" and "to" in lowered:
        governor = head.head
        if (
            governor.i != head.i
            and (governor.lemma_ in _SCHEDULE_VERBS or governor.tag_ in {"VBZ", "VBP"})
            and not {c.lower_ for c in governor.children} & _PAST_AUX
            and governor.tag_ != "VBD"
        ):
            return "future"
        # A plan told in the past still looks ahead of when it was told ("said they did not
        # plan to remove him Thursday"); not a plan that had been overtaken ("had planned to
        # leave Friday"), nor an expectation or a timetable, which may have passed ("was
        # expected to close Monday").
        if (
            governor.i != head.i
            and governor.lemma_ in _PLAN_VERBS
            and not {c.lower_ for c in governor.children if c.dep_ in {"aux", "auxpass"}}
            & {"had"}
        ):
            return "future"
    if head.lemma_ in _SCHEDULE_VERBS and scheduled and not lowered & _PAST_AUX:
        return "future"
    if head.tag_ in {"VBD"} or lowered & _PAST_AUX:
        return "past"
    if head.tag_ == "VBN":
        return "past"
    if (
        head.tag_ in {"VBZ", "VBP"}
        and head.lemma_ not in REPORTING_VERBS | {"be", "have"}
        and not (head.tag_ == "VBP" and head.lower_ in _SAME_PAST)
    ):
        return "future"
    return "present"


def _past_governed(token: Any) -> bool:
    """Whether a verb in the simple past governs ``token`` directly or through one preposition
    ("changed ... in December"), not through a chain of words ("authorized a split, payable
    Dec. 7", where the date belongs to "payable")."""
    head = token.head
    if head.dep_ == "prep" and head.i != token.i:
        head = head.head
    return bool(head.tag_ == "VBD")


# Full dates the small model cuts short ("2nd Sep, 2025" comes out as "2025").
_FULL_DATE = FULL_DATE_FORMS


def _pub_date(published: datetime | None) -> date | None:
    return published.date() if published is not None else None


_DETERMINERS = {"this", "last", "next", "that", "the", "earlier", "later", "early", "late"}


def _entity_parts(doc: Any) -> list[Any]:
    """The model's DATE/TIME entities, with a determiner it left out put back ("This | year")
    and "the quarter ended Sept. 30" split in two, as TimeBank marks them."""
    parts: list[Any] = []
    for ent in doc.ents:
        if ent.label_ not in {"DATE", "TIME"}:
            continue
        start = ent.start
        while start > ent.sent.start and doc[start - 1].lower_ in _DETERMINERS:
            start -= 1
        if (
            start >= 2
            and doc[start - 1].lower_ in {"period", "quarter"}
            and ent.text.lower() in {"last year", "a year ago", "a year earlier"}
        ):
            # "the corresponding period | last year": the period is the time, a year back.
            k = start - 2
            while k > ent.sent.start and doc[k].pos_ == "ADJ":
                k -= 1
            if doc[k].lower_ == "the":
                start = k
        end = ent.end
        if end < len(doc) and doc[end].lower_ in {"period", "quarter"} and doc[end - 1].like_num:
            end += 1  # "the 1988 | period": the year names a period of the text
        pivot = next((t.i for t in doc[start:end] if t.lower_ in {"ended", "ending"}), None)
        if pivot is not None and start < pivot < end - 1:
            parts.extend([doc[start:pivot], doc[pivot + 1 : end]])
        else:
            parts.append(doc[start:end])
    return parts


# A sentence about a half, nine months or a whole year compares years, not quarters.
_ANNUAL_CONTEXT = re.compile(
    r"\b(?:nine|six|12|twelve)[- ]months?\b|\b(?:first|second) half\b|\b(?:full|fiscal) year\b"
    r"|\byear (?:ended|ending|to date)\b|\bfor the year\b",
    re.IGNORECASE,
)
_QUARTER_VALUE = re.compile(r"^\d{4}-Q[1-4]$")
# Results are figures: a quarter is the one reported when its sentence gives one, or names
# the results as the quarter's ("a sharp decline in net income for its third quarter").
_FIGURES = re.compile(r"[$%#£€¥]|\bcents?\b|\b(?:million|billion)\b")
_RESULT = r"(?:net |operating )?(?:income|profits?|earnings|loss|revenues?|sales|results)"
_QUARTER_RESULTS = re.compile(
    rf"\b(?:first|second|third|fourth)[- ]quarter {_RESULT}\b"
    rf"|\b{_RESULT} (?:for|in) (?:its|the) (?:fiscal )?(?:first|second|third|fourth)[- ]quarter",
    re.IGNORECASE,
)
_ORDINAL_QUARTER = re.compile(r"\b(?:first|second|third|fourth)[- ]quarter", re.IGNORECASE)


@dataclass(slots=True)
class _Candidate:
    start: int
    end: int
    text: str
    span: Any  # the spaCy span it was found at
    label: str  # DATE, TIME (the model's label) or RULE (found by pattern)


def _candidates(doc: Any) -> list[_Candidate]:
    """Every expression to resolve, in text order: full dates by pattern, the model's DATE and
    TIME entities, then the words the model misses, each taken only where nothing else is."""
    found: list[_Candidate] = []
    taken: list[tuple[int, int]] = []
    # spaCy joins Doc.text from its tokens on every read: read once (it was a fifth of the
    # analyze stage, benchmarks/pipeline_speed.py).
    text: str = doc.text

    def free(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in taken)

    for match in (m for form in _FULL_DATE for m in form.finditer(text)):
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is not None and free(*match.span()):
            found.append(_Candidate(match.start(), match.end(), match.group(0), span, "RULE"))
            taken.append(match.span())
    for ent in _entity_parts(doc):
        start = ent.start_char
        if not free(start, ent.end_char):
            continue
        words = text[start : ent.end_char].rstrip(".,;: ")
        found.append(_Candidate(start, start + len(words), words, ent, ent.label_))
        taken.append((start, ent.end_char))
    for match in (*_HOLIDAY_TEXT.finditer(text), *_EXTRA.finditer(text)):
        start, end = match.span()
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and free(start, end):
            found.append(_Candidate(start, end, match.group(0), span, "RULE"))
    found.sort(key=lambda c: (c.start, c.end))
    return found


# Anaphoric expressions: "that year", "later that year", "the following month", "the previous
# day" name a time relative to the one the text last mentioned, not to the publication date
# (TIMEX3 anchors them there; TimeBank and AQUAINT alike).
_ANAPHORIC = re.compile(
    r"^(?:(earlier|later|late|early) )?"
    r"(that|that same|the following|the next|the previous|the prior|the same) "
    r"(day|week|month|year)$|^the (day|week|month|year) (before|after)$"
)
_ANAPHORIC_WEEKDAY = re.compile(
    r"^(the previous|the prior|the following|the next) ("
    + "|".join(sorted(WEEKDAYS, key=len, reverse=True))
    + r")$"
)
_SHIFTS = {
    "the following": 1,
    "the next": 1,
    "after": 1,
    "the previous": -1,
    "the prior": -1,
    "before": -1,
}
_DATED = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _anaphoric(t: str, anchor: str) -> str | None:
    """The value of an anaphoric expression ``t`` against ``anchor``, the value of the time the
    text mentioned last (``1998``, ``1998-06``, ``1998-06-14``); None when the anchor is not
    precise enough for it (a day after a mere year)."""
    parts = _DATED.match(anchor)
    weekday = _ANAPHORIC_WEEKDAY.match(t)
    if weekday is not None and parts is not None and parts.group(3) is not None:
        # "the previous Friday": the Friday before the day the text spoke of last.
        day = date(int(parts.group(1)), int(parts.group(2)), int(parts.group(3)))
        delta = WEEKDAYS[weekday.group(2)] - day.weekday()
        if weekday.group(1) in {"the previous", "the prior"}:
            delta -= 7 if delta >= 0 else 0
        else:
            delta += 7 if delta <= 0 else 0
        return (day + timedelta(days=delta)).isoformat()
    m = _ANAPHORIC.match(t)
    if m is None or parts is None:
        return None
    which, unit = (m.group(2), m.group(3)) if m.group(3) else (m.group(5), m.group(4))
    shift = _SHIFTS.get(which, 0)
    year = int(parts.group(1))
    if unit == "year":
        return str(year + shift)
    if parts.group(2) is None:
        return None
    month = int(parts.group(2))
    if unit == "month":
        y, mo = shift_month(year, month, shift)
        return f"{y:04d}-{mo:02d}"
    if parts.group(3) is None:
        # "that same day" after "last October": a day of that month the text does not give.
        # TIMEX3 keeps the expression's granularity and writes the unknown digits as X.
        return f"{year:04d}-{month:02d}-XX" if unit == "day" and shift == 0 else None
    day = date(year, month, int(parts.group(3)))
    if unit == "week":
        return iso_week(day + timedelta(days=7 * shift))
    return (day + timedelta(days=shift)).isoformat()


# A day and a part of it in one expression: "Thursday morning", "yesterday afternoon".
_DAY_AND_PART = re.compile(
    r"^(.+?)\s+((?:early |late )?(?:morning|afternoon|evening|night))$", re.IGNORECASE
)

# Two times joined as a range ("between 1994 and 1997", "from Aug. 26 to Oct. 20", "today
# through Nov. 17") or listed ("in 1994, 1995 and 1997"): TIMEX3 marks each on its own.
_RANGE = re.compile(
    r"^(?:between |from )?(?P<a>.+?)\s+(?:and|to|through|until|till|[-–])\s+(?P<b>.+)$",
    re.IGNORECASE,
)
_LIST_SEPARATOR = re.compile(r",\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+", re.IGNORECASE)
_DANGLING = re.compile(r"(?:,|\s+(?:and|or))+\s*$", re.IGNORECASE)  # "1994, 1995 and"
_PROBE_DATE = date(2000, 6, 15)  # any date: only whether a part resolves at all is asked


def _completes_a_date(pieces: list[tuple[int, str]]) -> bool:
    """Whether a year in the list completes the day and month before it ("March 26, 1996")."""
    for (_, before), (_, after) in itertools.pairwise(pieces):
        _, month, year = day_month_year(before.lower())
        if month is not None and year is None and YEAR_ALONE.match(after.strip()):
            return True
    return False


def _parts(cand: _Candidate, doc: Any) -> list[_Candidate]:
    """The candidate as the times it holds: the ends of a range or the items of a list, each
    a candidate of its own when each resolves to a DATE value by itself; else the candidate,
    without a dangling "and" the model left on it."""
    text = _DANGLING.sub("", cand.text)
    match = _RANGE.match(text)
    pieces: list[tuple[int, str]] = []
    day_part = _DAY_AND_PART.match(text)
    if day_part is not None and _DAY_VALUE.match(resolve(day_part.group(1), _PROBE_DATE)[1] or ""):
        # "yesterday afternoon", "Thursday morning": the day and its part, as the model
        # mostly finds them (_part_of_day gives the part its value).
        pieces = [(0, day_part.group(1)), (day_part.start(2), day_part.group(2))]
    elif match is not None:
        pieces = [(match.start(k), match.group(k)) for k in ("a", "b")]
    elif _LIST_SEPARATOR.search(text):
        at = 0
        for sep in _LIST_SEPARATOR.finditer(text):
            pieces.append((at, text[at : sep.start()]))
            at = sep.end()
        pieces.append((at, text[at:]))
        if _completes_a_date(pieces):
            pieces = []  # "March 26, 1996" is one date, not a list
    found: list[_Candidate] = []
    for offset, piece in pieces:
        piece = piece.strip()
        kind, value = resolve(piece, _PROBE_DATE)
        resolves = kind == "DATE" and value is not None and not re.fullmatch(r"\d{1,2}", piece)
        if not resolves and not _PART_OF_DAY.match(piece.lower()):
            found = []
            break
        start = cand.start + offset + (len(text[offset:]) - len(text[offset:].lstrip()))
        span = doc.char_span(start, start + len(piece), alignment_mode="expand")
        if span is None:
            found = []
            break
        found.append(_Candidate(start, start + len(piece), piece, span, cand.label))
    if len(found) > 1:
        return found
    if text != cand.text and text:
        span = doc.char_span(cand.start, cand.start + len(text), alignment_mode="expand")
        if span is not None:
            return [_Candidate(cand.start, cand.start + len(text), text, span, cand.label)]
    return [cand]


def _modal(token: Any) -> bool:
    """Whether the verb governing ``token`` has a modal ("would be redeemed", "could rise")."""
    head = token
    for _ in range(6):
        if head.pos_ in {"VERB", "AUX"} or head.dep_ == "ROOT":
            break
        head = head.head
    return any(c.tag_ == "MD" for c in head.children)


def _looks_ahead(token: Any) -> bool:
    """Whether the time ``token`` heads is a deadline or a plan, so one still to come: the
    object of "by"/"until" ("pay down the loan by February", "gave it until mid-November"), or
    governed through one preposition by a verb with a modal ("would be paid in January"); not
    when that verb is in the past perfect ("until Thursday, they had not called him")."""
    head = token.head
    prep = head if head.dep_ == "prep" and head.i != token.i else None
    verb = prep.head if prep is not None else head
    # Through the nouns the time qualifies, and a gerund after a preposition, to the verb they
    # hang on: "would be paid on a date in January", "can help in planning the summit in April".
    for _ in range(_NOUN_HOPS):
        gerund = verb.tag_ == "VBG" and verb.dep_ in {"pcomp", "pobj"}
        if (verb.pos_ not in {"NOUN", "PROPN"} and not gerund) or verb.dep_ == "ROOT":
            break
        verb = verb.head.head if verb.head.dep_ == "prep" else verb.head
    if verb.pos_ not in {"VERB", "AUX"}:
        return False
    auxiliaries = {c.lower_ for c in verb.children if c.dep_ in {"aux", "auxpass"}}
    if "had" in auxiliaries:
        return False
    deadline = token.dep_ == "pobj" and prep is not None and prep.lower_ in _DEADLINE_WORDS
    return deadline or any(c.tag_ == "MD" for c in verb.children)


# How many nouns a time may qualify on its way to the verb whose modal makes it a plan.
_NOUN_HOPS = 3

# Words before a time that make it a deadline, so one still to come.
_DEADLINE_WORDS = frozenset({"by", "until", "till"})


def _after(doc: Any, cand: _Candidate, words: frozenset[str]) -> bool:
    """Whether the word before the candidate is one of ``words``."""
    first = cand.span.start
    return first > 0 and doc[first - 1].lower_ in words


# Parts of the day, as TIMEX3 writes them after a day: "Wednesday night" is 2025-09-03TNI.
_PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
_PART_OF_DAY = re.compile(r"^(?:early |late |mid-?)?(morning|afternoon|evening|night)s?$")
_DAY_VALUE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _part_of_day(text: str, before: TimeExpression | None, gap: str) -> str | None:
    """The value of a part of the day the model found apart from the day before it ("Wednesday
    | night", "early Friday | morning"): that day's part; None unless only spaces part it from
    the expression before it and that expression is a day."""
    m = _PART_OF_DAY.match(strip_expression(text))
    if m is None or before is None or before.value is None or gap.strip():
        return None
    if not _DAY_VALUE.match(before.value):
        return None
    return f"{before.value}T{_PARTS_OF_DAY[m.group(1)]}"


def _year_end_since(doc: Any, cand: _Candidate, stripped: str, pub: date | None) -> str | None:
    """The last year-end gone for a year-end something is counted from ("the change since
    year-end" is ``2024-12-31`` in 2025, as TimeBank writes it): "since" needs a point in the
    past, where a bare year-end is this year's. "By year-end" keeps the year (TimeBank writes
    it as the year twice of three times); None unless "since" leads the expression."""
    if stripped not in YEAR_END or pub is None:
        return None
    first = cand.text.lower().split()[0]
    if first != "since" and not _after(doc, cand, frozenset({"since"})):
        return None
    return f"{pub.year - 1}-12-31"


# "Oct. 12, the day before the crash": "the day" set off by a comma after a day names that day.
_THE_DAY = frozenset({"the day", "that day"})
_APPOSITION_GAP = re.compile(r"^\s*,\s*$")


def _named_day(stripped: str, before: TimeExpression | None, gap: str) -> str | None:
    """The day an expression in apposition names: "the day" right after a day and a comma is
    that day (TIMEX3 values the apposition as the time it describes), not the publication
    date; None otherwise."""
    if stripped not in _THE_DAY or before is None or before.value is None:
        return None
    if not _APPOSITION_GAP.match(gap) or not _DAY_VALUE.match(before.value):
        return None
    return before.value


def doc_times(
    doc: Any, sentence_of: dict[int, int], published: datetime | None
) -> list[TimeExpression]:
    """Time expressions of a doc with their kinds and resolved values.

    Resolved in text order so that earnings language can lean on the quarter the passage
    reports: after "third-quarter profit rose", "a year earlier" and "the year-ago period" are
    that quarter a year back and "the latest period" is that quarter (TimeBank's WSJ gold).
    """
    pub = _pub_date(published)
    found: list[TimeExpression] = []
    reported: str | None = None  # the latest quarter the text reports results for
    anchor: str | None = None  # the value of the time the text mentioned last
    candidates: list[_Candidate] = []
    for cand in _candidates(doc):
        candidates.extend(_parts(cand, doc))
    for cand in candidates:
        sent = cand.span.sent
        tense = _tense(cand.span.root)
        period = None
        if not _ANNUAL_CONTEXT.search(sent.text):
            if reported is not None:
                period = reported
            elif pub is not None and "quarter" in sent.text.lower():
                period = quarter_shift(pub, -1)  # the latest complete quarter
        stripped = strip_expression(cand.text)
        told = _anaphoric(stripped, anchor) if anchor is not None else None
        kind: TimeKind
        value: str | None
        if told is not None:
            kind, value = "DATE", told
        else:
            past = _past_governed(cand.span.root)
            if _looks_ahead(cand.span.root):
                tense, past = "future", False
            kind, value = resolve(cand.text, pub, tense, period, past)
            ahead = tense == "future" or _modal(cand.span.root)
            if kind == "DURATION" and ahead and _after(doc, cand, frozenset({"in"})):
                # "redeemed in five years": a point that far ahead, not a stretch of time.
                kind, value = resolve(f"{stripped} from now", pub, tense, period, past)
        instant = _year_end_since(doc, cand, stripped, pub)
        if instant is not None:
            kind, value = "DATE", instant
        before = found[-1] if found else None
        gap = doc.text[before.end : cand.start] if before else ""
        named = _named_day(stripped, before, gap)
        if named is not None:
            kind, value = "DATE", named
        # "later that year" after "June 2022" keeps the month for "the following month".
        dated = kind == "DATE" and value is not None and _DATED.match(value) is not None
        if dated and value is not None and (anchor is None or not anchor.startswith(value)):
            anchor = value
        if (
            value is not None
            and _QUARTER_VALUE.match(value)
            and _ORDINAL_QUARTER.search(cand.text)
            and pub is not None
            # A quarter that has ended, or the current one given figures in the past; results
            # merely named are reported only for an ended quarter ("the impact on
            # fourth-quarter results" looks ahead).
            and (
                (value < quarter_shift(pub, 0) and _QUARTER_RESULTS.search(sent.text))
                or (
                    _FIGURES.search(sent.text)
                    and (
                        value < quarter_shift(pub, 0)
                        or (value == quarter_shift(pub, 0) and tense != "future")
                    )
                )
            )
        ):
            reported = value
        part = _part_of_day(cand.text, before, gap)
        if part is not None:
            kind, value = "TIME", part
        if cand.label == "TIME" and kind == "DATE":
            kind = "TIME"
            if (
                value is None
                and pub is not None
                and re.search(
                    r"\b(?:tonight|this morning|this evening|this afternoon)\b", cand.text.lower()
                )
            ):
                value = pub.isoformat()
        found.append(
            TimeExpression(
                start=cand.start,
                end=cand.end,
                text=cand.text,
                kind=kind,
                sentence=sentence_of[cand.span.start],
                value=value,
            )
        )
    return _clock_times_on_days(found, doc.text)


# A clock time ("4 a.m.", "10:30 p.m. EDT", "noon"), which TIMEX3 writes on its day.
_CLOCK = re.compile(
    r"^(?:at )?(?:(?P<hour>[01]?\d)(?::(?P<minute>[0-5]\d))?\s*(?P<half>[ap])\.?m\.?"
    r"|(?P<word>noon|midnight))(?:\s+[A-Z]{2,4})?$",
    re.IGNORECASE,
)
_BETWEEN_TIME_AND_DAY = re.compile(r"^\.?[\s,]*(?:on\s+)?$")  # the "." ends "p.m."


def _clock_value(text: str) -> str | None:
    """"hh:mm" of a clock time, or None when ``text`` is none."""
    m = _CLOCK.match(text.strip())
    if m is None:
        return None
    if m.group("word"):
        return "12:00" if m.group("word").lower() == "noon" else "24:00"
    hour = int(m.group("hour")) % 12 + (12 if m.group("half").lower() == "p" else 0)
    return f"{hour:02d}:{int(m.group('minute') or 0):02d}"


def _clock_times_on_days(found: list[TimeExpression], text: str) -> list[TimeExpression]:
    """Clock times the text puts on a day next to them ("Thursday at 4 p.m.", "4 a.m. EDT
    Thursday") take that day: ``2025-09-04T16:00``. The day may come on either side."""
    out = list(found)
    for k, time in enumerate(found):
        clock = _clock_value(time.text)
        if clock is None or time.value is not None:
            continue
        neighbours = []
        if k > 0:
            neighbours.append((found[k - 1], text[found[k - 1].end : time.start]))
        if k + 1 < len(found):
            neighbours.append((found[k + 1], text[time.end : found[k + 1].start]))
        for day, gap in neighbours:
            gap = re.sub(r"\bat\b", "", gap)
            if day.value and _DAY_VALUE.match(day.value) and _BETWEEN_TIME_AND_DAY.match(gap):
                out[k] = replace(time, kind="TIME", value=f"{day.value}T{clock}")
                break
    return out
