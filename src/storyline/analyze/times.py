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

Where the expressions are is ``analyze/time_candidates.py``; what the governing verb says
(tense, a modal, a deadline or a plan) is ``analyze/verb_tense.py``. This module values each
candidate in its context: anaphoric times, reported quarters, parts of the day, clock times.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

from storyline.analyze import time_candidates, verb_tense
from storyline.analyze.doc_text import text_of
from storyline.analyze.relative_times import iso_week, quarter_shift, shift_month
from storyline.analyze.time_candidates import DAY_VALUE, PART_OF_DAY, Candidate
from storyline.analyze.time_values import YEAR_END, TimeKind, resolve, strip_expression
from storyline.calendar_words import WEEKDAYS
from storyline.model import TimeExpression

__all__ = ["doc_times", "resolve"]


def _pub_date(published: datetime | None) -> date | None:
    return published.date() if published is not None else None


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


def _after(doc: Any, cand: Candidate, words: frozenset[str]) -> bool:
    """Whether the word before the candidate is one of ``words``."""
    first = cand.span.start
    return first > 0 and doc[first - 1].lower_ in words


# Parts of the day, as TIMEX3 writes them after a day: "Wednesday night" is 2025-09-03TNI.
_PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}


def _part_of_day(text: str, before: TimeExpression | None, gap: str) -> str | None:
    """The value of a part of the day the model found apart from the day before it ("Wednesday
    | night", "early Friday | morning"): that day's part; None unless only spaces part it from
    the expression before it and that expression is a day."""
    m = PART_OF_DAY.match(strip_expression(text))
    if m is None or before is None or before.value is None or gap.strip():
        return None
    if not DAY_VALUE.match(before.value):
        return None
    return f"{before.value}T{_PARTS_OF_DAY[m.group(1)]}"


def _year_end_since(doc: Any, cand: Candidate, stripped: str, pub: date | None) -> str | None:
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
    if not _APPOSITION_GAP.match(gap) or not DAY_VALUE.match(before.value):
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
    candidates: list[Candidate] = []
    for cand in time_candidates.candidates(doc):
        candidates.extend(time_candidates.parts(cand, doc))
    for cand in candidates:
        sent = cand.span.sent
        tense = verb_tense.tense(cand.span.root)
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
            past = verb_tense.past_governed(cand.span.root)
            if verb_tense.looks_ahead(cand.span.root):
                tense, past = "future", False
            kind, value = resolve(cand.text, pub, tense, period, past)
            ahead = tense == "future" or verb_tense.modal(cand.span.root)
            if kind == "DURATION" and ahead and _after(doc, cand, frozenset({"in"})):
                # "redeemed in five years": a point that far ahead, not a stretch of time.
                kind, value = resolve(f"{stripped} from now", pub, tense, period, past)
        instant = _year_end_since(doc, cand, stripped, pub)
        if instant is not None:
            kind, value = "DATE", instant
        before = found[-1] if found else None
        gap = text_of(doc)[before.end : cand.start] if before else ""
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
    return _clock_times_on_days(found, text_of(doc))


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
            if day.value and DAY_VALUE.match(day.value) and _BETWEEN_TIME_AND_DAY.match(gap):
                out[k] = replace(time, kind="TIME", value=f"{day.value}T{clock}")
                break
    return out
