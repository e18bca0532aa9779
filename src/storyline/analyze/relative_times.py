"""Relative time expressions, read against the publication date: "yesterday", "three weeks
ago", "Tuesday", "last quarter", "the year-ago period", "earlier this month"; and the calendar
arithmetic they need (ISO weeks, month and quarter shifts).

``analyze/time_values.py`` reads the other forms (dates written out, years, decades, holidays,
durations) and hands what it cannot read alone to :func:`relative`; earnings language is read
against the quarter being reported (:func:`in_period`).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from storyline.calendar_words import WEEKDAYS
from storyline.numbers import CARDINALS

# Counts in durations and "... ago": every cardinal word, and the vague ones at a typical value.
NUMBERS = {"a": 1, "an": 1, **CARDINALS, "several": 3, "few": 3, "couple": 2}

SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}

NUM_WORD = (
    r"(?:\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"several|few|couple)"
)


def iso_week(d: date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year}-W{week:02d}"


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def count_word(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return NUMBERS.get(word)


_LATEST_PERIOD = {
    "this quarter",
    "the latest period",
    "latest period",
    "the period",
    "the latest quarter",
    "latest quarter",
    "the quarter",
    "quarter",
    "that quarter",
    "the same quarter",
    "the most recent quarter",
    "the same period",
}


def in_period(t: str, period: str) -> str | None:
    """Earnings language against the reported quarter ``period`` ("1989-Q3"): the year-ago
    comparison, "the latest period", "the 1988 period"."""
    year, quarter = int(period[:4]), period[-1]
    if t in _YEAR_AGO or re.match(
        r"^(?:the )?(?:(?:[a-z-]+ )?(?:quarter|period) (?:a year (?:ago|earlier)|last year)"
        r"|last year quarter)$",
        t,
    ):
        return f"{year - 1}-Q{quarter}"
    if t in _LATEST_PERIOD:
        return period
    m = re.match(r"^(?:the )?(1[5-9]\d\d|20\d\d) (?:period|quarter)$", t)
    if m:
        return f"{m.group(1)}-Q{quarter}"
    return None


def previous(unit: str, published: date) -> str | None:
    if unit == "Y":
        return str(published.year - 1)
    if unit == "M":
        y, m = shift_month(published.year, published.month, -1)
        return f"{y:04d}-{m:02d}"
    if unit == "W":
        return iso_week(published - timedelta(days=7))
    if unit == "D":
        return (published - timedelta(days=1)).isoformat()
    if unit == "Q":
        return quarter_shift(published, -1)
    return None


def quarter_shift(published: date, delta: int) -> str:
    index = published.year * 4 + (published.month - 1) // 3 + delta
    return f"{index // 4}-Q{index % 4 + 1}"


def relative(
    t: str, words: list[str], published: date, tense: str, season: str | None
) -> str | None:
    """Expressions whose value needs the publication date."""
    if t in {
        "today",
        "tonight",
        "this morning",
        "this afternoon",
        "this evening",
        "the day",
        "that day",
        "the same day",
        "today's",
    }:
        return published.isoformat()
    if t in {
        "yesterday",
        "a day earlier",
        "the day before",
        "a day ago",
        "one day earlier",
        "yesterday's",
        "last night",
    }:
        return (published - timedelta(days=1)).isoformat()
    if t in {"tomorrow", "a day later", "the next day", "the following day", "tomorrow's"}:
        return (published + timedelta(days=1)).isoformat()
    ago = re.match(
        rf"^(?:about |nearly |almost |some |more than )?({NUM_WORD}) "
        r"(day|week|month|year|decade)s? (ago|earlier|before|later|after|from now)$",
        t,
    )
    if ago:
        n = count_word(ago.group(1)) or 1
        sign = 1 if ago.group(3) in {"later", "after", "from now"} else -1
        unit = ago.group(2)
        if unit == "day":
            return (published + timedelta(days=sign * n)).isoformat()
        if unit == "week":
            return iso_week(published + timedelta(days=7 * sign * n))
        if unit == "month":
            y, m = shift_month(published.year, published.month, sign * n)
            return f"{y:04d}-{m:02d}"
        if unit == "year":
            return str(published.year + sign * n)
        return str(published.year + sign * 10 * n)[:3]
    weekday = next((WEEKDAYS[w] for w in words if w in WEEKDAYS), None)
    if weekday is not None and len(words) <= 3:
        delta = weekday - published.weekday()
        if "last" in words or "previous" in words:
            delta -= 7 if delta >= 0 else 0
        elif "next" in words or "coming" in words or tense == "future":
            delta += 7 if delta <= 0 else 0
        elif delta > 0:
            delta -= 7  # news leans to the past: "Tuesday" is the latest Tuesday
        return (published + timedelta(days=delta)).isoformat()
    if re.match(r"^the week (?:following|after|before)$", t):
        # "the week following last month's squeeze": a week an event pins, not the text.
        return f"{published.year:04d}-WXX"
    t = re.sub(
        r"^(?:the )?(?:latest|most recent|recent|just-ended|just-completed) quarter$",
        "last quarter",
        t,
    )
    rel = re.match(
        r"^(?:earlier |later |late |early )?(this|last|next|the past|the coming|the current|"
        r"that|the same|the previous|the prior|the following|the|a) "
        r"(year|month|week|quarter|weekend|decade|season|spring|summer|autumn|fall|winter)$",
        t,
    )
    if rel:
        which, unit = rel.group(1), rel.group(2)
        delta = {
            "last": -1,
            "the past": -1,
            "the previous": -1,
            "the prior": -1,
            "next": 1,
            "the coming": 1,
            "the following": 1,
        }.get(which, 0)
        if unit == "year":
            return str(published.year + delta)
        if unit == "month":
            y, m = shift_month(published.year, published.month, delta)
            return f"{y:04d}-{m:02d}"
        if unit == "week":
            if which in {"the", "that", "a", "the same"}:
                return f"{published.year:04d}-WXX"  # a week the text does not pin down
            return iso_week(published + timedelta(days=7 * delta))
        if unit == "weekend":
            saturday = (5 - published.weekday()) % 7
            just_gone = iso_week(published - timedelta(days=(7 - saturday) % 7)) + "-WE"
            if which in {"the", "that"}:
                # The weekend just gone, or the coming one when the verb looks ahead.
                if tense == "future":
                    return iso_week(published + timedelta(days=saturday)) + "-WE"
                return just_gone
            if which == "this" and tense == "past":
                # Told in the past on a weekday, "this weekend" is the one just gone: "appeared
                # unreceptive ... this weekend" in Monday's paper is Saturday and Sunday before.
                return just_gone
            return iso_week(published + timedelta(days=7 * delta)) + "-WE"
        if unit == "quarter":
            if which in {"the", "that", "the same"}:
                # In earnings news "the quarter" is the latest one reported: the last complete.
                return quarter_shift(published, -1)
            return quarter_shift(published, delta)
        if unit == "decade":
            return str(published.year + 10 * delta)[:3]
        if unit in SEASONS:
            return f"{published.year + delta}-{SEASONS[unit]}"
        return None
    if t in {
        "year-earlier",
        "year-ago",
        "a year earlier",
        "a year ago",
        "the year-earlier period",
        "the year-ago period",
        "year earlier",
        "a year before",
    }:
        return str(published.year - 1)
    fiscal = re.match(
        r"^(?:the |this )?(current |latest |last |previous |next |full |fiscal )*(?:fiscal )?year$",
        t,
    )
    if fiscal and ("fiscal" in words or "full" in words):
        # "the current fiscal year", "the full year": the year being reported, as TimeBank
        # marks it (a fiscal year is named by the calendar year it is mostly in).
        shift = -1 if {"latest", "last", "previous"} & set(words) else 0
        return str(published.year + shift + (1 if "next" in words else 0))
    if season is not None:
        year = published.year + (1 if "next" in words else -1 if "last" in words else 0)
        return f"{year}-{season}"
    if re.match(r"^(?:earlier|later|late|early) (?:this|in the) (year|month|week)$", t):
        unit = t.split()[-1]
        return {
            "year": str(published.year),
            "month": f"{published.year:04d}-{published.month:02d}",
            "week": iso_week(published),
        }[unit]
    return None


_YEAR_AGO = {
    "a year ago",
    "a year earlier",
    "year-earlier",
    "year-ago",
    "a year",
    "year earlier",
    "the year-earlier period",
    "the year-ago period",
    "the year-earlier quarter",
    "the year-ago quarter",
    "the comparable year-ago quarter",
}
