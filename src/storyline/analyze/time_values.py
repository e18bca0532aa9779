"""The value of one time expression: its TIMEX3 kind and ISO value, read from its words and the
publication date.

Values follow TIMEX3 (TimeML), the convention of the TimeBank gold: ``2025-09-02``, ``2025-09``,
``2025``, ``2025-Q3``, ``2025-H2``, ``2025-W36``, ``2025-W36-WE``, ``2025-SU``, ``199``,
``PRESENT_REF``, ``PAST_REF``, ``FUTURE_REF``, durations ``P3Y``, sets ``P1W``.

Relative expressions ("Tuesday", "last year", "a day earlier", "in November") resolve against the
publication date; without one they keep ``value=None``, while an expression that carries its own
year ("2nd Sep, 2025") resolves anyway. News leans to the past: a bare weekday or month is the
latest one on or before the publication date unless the caller says the governing verb looks
ahead (``tense="future"``; analyze/verb_tense.py reads that from the parse).

The rules are our own rather than dateparser: dateparser costs about a second per phrase it does
not know unless restricted, and it has no notion of TIMEX3 quarters, weeks or seasons. Month and
weekday names and holidays come from their one home, ``storyline/calendar_words.py``; the
expressions read against the publication date alone ("yesterday", "last quarter") and the calendar
arithmetic are in ``analyze/relative_times.py``.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from storyline.analyze.relative_times import (
    NUM_WORD,
    SEASONS,
    count_word,
    in_period,
    previous,
    relative,
)
from storyline.calendar_words import MONTHS, holiday_date, holiday_month
from storyline.numbers import ONES, TENS

TimeKind = Literal["DATE", "TIME", "DURATION", "SET"]

UNITS = {
    "day": "D",
    "week": "W",
    "month": "M",
    "year": "Y",
    "quarter": "Q",
    "decade": "DE",
    "century": "CE",
    "hour": "H",
    "minute": "MIN",
}
ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
    "last": 4,
}
# A bare month up to this many months after publication is taken as the coming one
# (benchmarks/analyze_quality.py on TimeBank).
MONTHS_AHEAD = 2

PRESENT_WORDS = {
    "now",
    "current",
    "already",
    "so far",
    "to date",
    "the moment",
    "currently",
    "present",
    "at present",
    "nowadays",
    "these days",
    "right now",
    "today's",
    "at the moment",
    "the present",
}
PAST_WORDS = {
    "recent",
    "recently",
    "the past",
    "lately",
    "previously",
    "earlier",
    "formerly",
    "once",
    "recent days",
    "recent weeks",
    "recent months",
    "recent years",
    "then current",  # "the then current price": the present of a past time
    "then-current",
}
FUTURE_WORDS = {
    "the future",
    "the near future",
    "the near term",
    "a later date",
    "the long term",
    "the longer term",
    "the short term",
    "future quarters",
    "coming quarters",
    "future",
    "soon",
    "in the future",
    "later",
    "coming days",
    "coming weeks",
    "coming months",
    "coming years",
    "the coming days",
    "the coming weeks",
    "the coming months",
    "the coming years",
}

YEAR_ALONE = re.compile(r"^(1[5-9]\d\d|20\d\d)$")
# "the first half of 1989", "the last half of the '80s": TIMEX3 writes halves as H1 and H2.
_HALF = re.compile(r"^(?:the )?(first|second|last|latter) half of (.+)$")
YEAR_END = {"year-end", "year end", "year's end", "the end of the year", "end of the year"}
_DECADE = re.compile(r"^(?:the\s+)?(?:mid-|early |late )?(1[5-9]\d|20\d)0'?s$")
_CENTURY = re.compile(r"^(?:the\s+)?(?:early |late )?(\d{1,2})(?:st|nd|rd|th)[\s-]+century$")


_SPELLED_YEAR = re.compile(
    r"\b(nineteen|twenty) (" + "|".join(TENS) + r")(?:[- ](" + "|".join(ONES) + r"))?\b"
)
_DECADE_WORDS = {
    "twenties": 2,
    "thirties": 3,
    "forties": 4,
    "fifties": 5,
    "sixties": 6,
    "seventies": 7,
    "eighties": 8,
    "nineties": 9,
}


def _spelled_years(text: str) -> str:
    """ "nineteen ninety-six" -> "1996", "the year two thousand" -> "the year 2000" (broadcast
    transcripts in TimeBank spell years out)."""

    def year(m: re.Match[str]) -> str:
        century = 1900 if m.group(1) == "nineteen" else 2000
        return str(century + TENS[m.group(2)] + (ONES[m.group(3)] if m.group(3) else 0))

    text = _SPELLED_YEAR.sub(year, text)
    return re.sub(r"\btwo thousand\b", "2000", text)


def strip_expression(text: str) -> str:
    text = _spelled_years(text.lower().strip().replace("’", "'"))
    # "the 1930's" is a decade, written the old way; any other "'s" is a possessive.
    text = re.sub(r"\bthe ((?:mid-|early |late )?\d{3}0)'s\b", r"the \1s", text)
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"^(?:just|only|as recently as|as early as|as late as|since|until) ", "", text)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(
        r"^(?:on|in|at|during|by|since|until|from|of|for|the end of|the start of) ", "", text
    )
    return re.sub(r"[.,;:]+$", "", text)


_ORDINAL_WORDS = {
    word: n
    for n, word in enumerate(
        [
            "first",
            "second",
            "third",
            "fourth",
            "fifth",
            "sixth",
            "seventh",
            "eighth",
            "ninth",
            "tenth",
            "eleventh",
            "twelfth",
            "thirteenth",
            "fourteenth",
            "fifteenth",
            "sixteenth",
            "seventeenth",
            "eighteenth",
            "nineteenth",
            "twentieth",
        ],
        start=1,
    )
}
_ORDINAL_WORDS["thirtieth"] = 30


def _spelled_day(words: list[str], k: int) -> int | None:
    """A day spelled out next to its month, as broadcast transcripts write it: "March eighth",
    "March twenty-first", "the eighth of March"."""
    w = words[k]
    last = k  # the ordinal's last word
    if w in {"twenty", "thirty"} and k + 1 < len(words) and words[k + 1] in _ORDINAL_WORDS:
        n: int | None = (20 if w == "twenty" else 30) + _ORDINAL_WORDS[words[k + 1]]
        last = k + 1
    else:
        n = _ORDINAL_WORDS.get(w)
        if n is None or (k > 0 and words[k - 1] in {"twenty", "thirty"}):
            return None
    after_month = k > 0 and words[k - 1] in MONTHS
    before_month = last + 2 < len(words) and words[last + 1] == "of" and words[last + 2] in MONTHS
    if n is None or n > 31 or not (after_month or before_month):
        return None
    return n


def day_month_year(text: str) -> tuple[int | None, int | None, int | None]:
    """Day, month and year named in an absolute date ("2nd Sep, 2025", "Sept. 29", "May 1998")."""
    words = re.findall(r"[a-z]+|\d+", text)
    day = month = year = None
    for k, w in enumerate(words):
        spelled = _spelled_day(words, k)
        if spelled is not None and day is None:
            day = spelled
        if w in MONTHS and month is None:
            month = MONTHS[w]
        elif w.isdigit():
            n = int(w)
            if len(w) == 4 and 1500 <= n <= 2100:
                year = n
            elif 1 <= n <= 31 and day is None:
                day = n
    return day, month, year


def resolve(
    text: str,
    published: date | None,
    tense: str = "past",
    period: str | None = None,
    past_verb: bool = False,
) -> tuple[TimeKind, str | None]:
    """The TIMEX3 kind and value of one expression, resolved against ``published``.

    ``period`` is the quarter ("2025-Q2") whose results the passage reports, when it reports
    quarterly results: "a year earlier" is then that quarter a year back. ``past_verb`` says a
    verb in the simple past governs the expression directly ("changed ... in December").
    """
    t = strip_expression(text)
    words = t.split()
    if not words:
        return "DATE", None
    if t in {"one day", "some day", "someday"} and tense == "future":
        return "DATE", "FUTURE_REF"  # "Islam will one day be ...": some time to come
    # --- sets and durations ---
    if re.match(r"^(?:every|each|per) ", t) or t in {
        "daily",
        "weekly",
        "monthly",
        "annually",
        "yearly",
        "a year",
        "a day",
    }:
        unit = next((UNITS[w.rstrip("s")] for w in words if w.rstrip("s") in UNITS), None)
        if t in {"daily", "weekly", "monthly", "annually", "yearly"}:
            unit = {"daily": "D", "weekly": "W", "monthly": "M"}.get(t, "Y")
        if t not in {"a year", "a day"}:
            return "SET", f"P1{unit}" if unit else None
    duration = re.match(
        rf"^(?:(?:the|about|nearly|almost|more than|over|some|at least|a further|another) )*"
        rf"(?:(?:past|last|next|coming|first|previous) )?({NUM_WORD})[- ]"
        r"(day|week|month|year|quarter|decade|hour|minute)s?(?:[- ]long| old)?$",
        t,
    )
    if duration and not re.search(r"\b(?:ago|earlier|later|before|after)\b", t):
        n = count_word(duration.group(1)) or 1
        unit = UNITS[duration.group(2)]
        recent = t.startswith(("the past ", "the last ", "past ", "last "))
        if duration.group(1) in {"few", "several"}:
            # A vague stretch: TIMEX3 writes its amount as X, and "the last few months" is a
            # reference to the recent past (TimeBank).
            if recent:
                return "DATE", "PAST_REF"
            return "DURATION", f"PTX{unit[0]}" if unit in {"H", "MIN"} else f"PX{unit}"
        if recent and n == 1 and published:
            return "DATE", previous(unit, published)
        if unit in {"H", "MIN"}:
            return "DURATION", f"PT{n}{unit[0]}"
        if unit == "DE":
            return "DURATION", f"P{n * 10}Y"
        if unit == "Q":
            return "DURATION", f"P{n * 3}M"
        return "DURATION", f"P{n}{unit}"
    # --- references to the present, past, future ---
    ordinal_day = re.match(r"^the (\w+) (?:straight |consecutive )?day$", t)
    if (
        ordinal_day
        and ordinal_day.group(1) in _ORDINAL_WORDS
        and tense == "present"
        and published is not None
    ):
        return "DATE", published.isoformat()  # "today is the eighth day of the operation"
    if t in PRESENT_WORDS or re.match(r"^this (?:[a-z]+ )?(?:moment|juncture)$", t):
        return "DATE", "PRESENT_REF"  # "at this crucial moment" (TimeBank)
    if re.match(r"^at the time$", text.strip().lower()):
        return "DATE", "PAST_REF"  # "saying at the time he was willing": then, in the past
    if (
        t in PAST_WORDS
        or re.match(r"^(?:recent|past) (?:days|weeks|months|years)$", t)
        # Some time ago, not said how long: "several years ago", "a few weeks earlier".
        or re.match(r"^(?:several|a few|some|many) (?:day|week|month|year)s (?:ago|earlier)$", t)
    ):
        return "DATE", "PAST_REF"
    if t in FUTURE_WORDS:
        return "DATE", "FUTURE_REF"
    if period is not None and published is not None:
        value = in_period(t, period)
        if value is not None:
            return "DATE", value
    # --- halves and the end of the year ---
    half = _HALF.match(t)
    if half:
        rest = half.group(2)
        which = "H1" if half.group(1) == "first" else "H2"
        if YEAR_ALONE.match(rest):
            return "DATE", f"{rest}-{which}"
        decade = _DECADE.match(rest) or re.match(r"^(?:the )?'(\d)0s$", rest)
        if decade:  # a half of a decade is written as the decade
            digits = decade.group(1)
            return "DATE", digits if len(digits) == 3 else f"19{digits}"
        if rest in {"the year", "this year"} and published is not None:
            return "DATE", f"{published.year}-{which}"
    if t in {"the first half", "the second half", "the latter half"} and published is not None:
        # Without a year a half is this year's ("expects growth in the second half").
        return "DATE", f"{published.year}-{'H1' if 'first' in t else 'H2'}"
    short = re.match(r"^(?:the )?([qh])([1-4])(?: of)?[ ']*(\d{2}|1[5-9]\d\d|20\d\d)$", t)
    if short and (short.group(1) == "q" or short.group(2) in "12"):
        # "Q3 2024", "H1 '25": the abbreviations of quarters and halves, with their year.
        named_year = int(short.group(3)) + (2000 if len(short.group(3)) == 2 else 0)
        return "DATE", f"{named_year}-{short.group(1).upper()}{short.group(2)}"
    if t in YEAR_END and published is not None:
        return "DATE", str(published.year)  # "by year-end": the end of this year
    # --- absolute dates: a year is given ---
    if YEAR_ALONE.match(t):
        return "DATE", t
    m = _DECADE.match(t)
    if m:
        return "DATE", m.group(1)  # TIMEX3 writes a decade as its first three digits
    m = re.match(r"^(?:the )?(?:early |late |mid-)?(" + "|".join(_DECADE_WORDS) + ")$", t)
    if m:
        return "DATE", f"19{_DECADE_WORDS[m.group(1)]}"
    m = _CENTURY.match(t)
    if m:
        return "DATE", f"{int(m.group(1)) - 1:02d}"
    if re.match(r"^\d{4}-\d{2}-\d{2}$", t):
        return "DATE", t
    if re.match(r"^\d{1,2}/\d{1,2}/\d{2,4}$", t):
        month_s, day_s, year_s = t.split("/")
        year_n = int(year_s) + (1900 if len(year_s) == 2 else 0)
        return "DATE", f"{year_n:04d}-{int(month_s):02d}-{int(day_s):02d}"
    q = re.search(
        r"\b(first|second|third|fourth|1st|2nd|3rd|4th|last)[- ]quarter\b|\bq([1-4])\b", t
    )
    year_in = re.search(r"\b(1[5-9]\d\d|20\d\d)\b", t)
    if q:
        quarter: int = ORDINALS[q.group(1)] if q.group(1) else int(q.group(2))
        if year_in:
            return "DATE", f"{year_in.group(1)}-Q{quarter}"
        if published is None:
            return "DATE", None
        q_year = published.year
        if re.search(r"\b(?:last year|year-earlier|year-ago|a year (?:earlier|ago))\b", t) or (
            tense == "past" and quarter > (published.month - 1) // 3 + 1
        ):
            q_year -= 1
        elif "next year" in t:
            q_year += 1
        return "DATE", f"{q_year}-Q{quarter}"
    season = next((SEASONS[w] for w in words if w in SEASONS), None)
    holiday = _HOLIDAY.match(t)
    if holiday:
        name = holiday.group(2)
        month_of = holiday_month(name)
        if month_of is not None:
            named = int(holiday.group(3)) if holiday.group(3) else None
            when = named or _year_of_month(month_of, published, words, tense, past_verb)
            found = holiday_date(name, when) if when else None
            return "DATE", found.isoformat() if found else None
    day, month, year = day_month_year(t)
    if month is not None and not re.search(r"\b(?:ago|earlier|later)\b", t):
        if year is None:
            year = _year_of_month(month, published, words, tense, past_verb)
            if year is None:
                return "DATE", None
        if day is not None:
            try:
                return "DATE", date(year, month, day).isoformat()
            except ValueError:
                return "DATE", f"{year:04d}-{month:02d}"
        return "DATE", f"{year:04d}-{month:02d}"
    if season and year_in:
        return "DATE", f"{year_in.group(1)}-{season}"
    if year_in and not re.search(r"\b(?:ago|earlier|later)\b", t):
        return "DATE", year_in.group(1)
    if published is None:
        return "DATE", None
    value = relative(t, words, published, tense, season)
    if value is None and len(words) > 1:
        # "d'etat last year", "just last month": the time words are at the end.
        return resolve(" ".join(words[1:]), published, tense, period, past_verb)
    return "DATE", value


def _year_of_month(
    month: int, published: date | None, words: list[str], tense: str, past_verb: bool
) -> int | None:
    """The year of a month (or a day in it) named without one, from the publication date."""
    if published is None:
        return None
    if "last" in words:
        # The month just gone is "last month" to a writer: "last February" written in March
        # is a year back (TimeBank), as is the current month's name.
        return published.year - (1 if month >= published.month - 1 else 0)
    if "next" in words:
        return published.year + (1 if month <= published.month else 0)
    if tense == "future" or "this" in words:
        return published.year + (1 if month < published.month and "this" not in words else 0)
    if 0 < (month - published.month) % 12 <= MONTHS_AHEAD and not past_verb:
        # Past-leaning, but a month just ahead is the coming one (TimeBank: "March 30" in a
        # February article, "Jan. 2" in a November one), unless a verb in the simple past
        # governs it ("changed to a calendar year in December", written in October).
        return published.year + (1 if month < published.month else 0)
    return published.year - (1 if month > published.month else 0)


# A named holiday, maybe with "last"/"next"/"this" before it or its year after it.
_HOLIDAY = re.compile(r"^(?:(last|next|this|that) )?(.+?)(?:,? (1[5-9]\d\d|20\d\d))?$")
