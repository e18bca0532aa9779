"""Time expressions: found by the model (DATE, TIME) and by a few rules, resolved to ISO values.

Values follow TIMEX3 (TimeML), the convention of the TimeBank gold: ``2025-09-02``, ``2025-09``,
``2025``, ``2025-Q3``, ``2025-W36``, ``2025-W36-WE``, ``2025-SU``, ``199X``, ``PRESENT_REF``,
``PAST_REF``, ``FUTURE_REF``, durations ``P3Y``, sets ``P1W``.

Relative expressions ("Tuesday", "last year", "a day earlier", "in November") resolve against the
publication date; without one they keep ``value=None``, while an expression that carries its own
year ("2nd Sep, 2025") resolves anyway. News leans to the past: a bare weekday or month is the
latest one on or before the publication date unless the governing verb looks ahead: future
tense, or a scheduled event ("set to resume Monday", "the ministers meet Friday")
(benchmarks/analyze_quality.py, TimeBank: past-leaning beat nearest-date).

Earnings news is read against the quarter it reports: once a sentence gives third-quarter
figures, "a year earlier", "the year-ago period" and "the latest period" name quarters
(``2024-Q3``, ``2025-Q3``) unless the sentence is about a half or a whole year. An unnamed week
("the week") is ``2025-WXX``, a vague stretch ("a few days") ``PXD``.

The rules are our own rather than dateparser: dateparser costs about a second per phrase it does
not know unless restricted, and it has no notion of TIMEX3 quarters, weeks or seasons.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any, Literal

from storyline.analyze.lexicon import REPORTING_VERBS
from storyline.calendar_words import (
    FULL_DATE_FORMS,
    HOLIDAY_NAMES,
    MONTHS,
    WEEKDAYS,
    holiday_date,
    holiday_month,
)
from storyline.model import TimeExpression
from storyline.numbers import CARDINALS, ONES, TENS

TimeKind = Literal["DATE", "TIME", "DURATION", "SET"]

# Counts in durations and "... ago": every cardinal word, and the vague ones at a typical value.
NUMBERS = {"a": 1, "an": 1, **CARDINALS, "several": 3, "few": 3, "couple": 2}
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
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}

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

# Words the model misses as DATE but TimeBank and news use constantly: found by pattern.
_EXTRA = re.compile(
    r"\b(?:now|currently|recently|today|tonight|yesterday|tomorrow|nowadays|"
    r"at present|the future|the past|then[- ]current|current|previously|formerly|these days|"
    r"soon|already|"
    r"future|recent|earlier(?=,)|the (?:near|short|long|longer) term|"
    r"(?:future|coming) quarters|the (?:latest|year-earlier|year-ago) (?:period|quarter)|"
    r"(?:the )?(?:fiscal[- ])?(?:first|second|third|fourth)[- ]quarter|"
    r"(?:the )?coming (?:days|weeks|months|years))\b",
    re.IGNORECASE,
)
# Named holidays the model does not tag ("last Thanksgiving"): capitalized, as names are.
_HOLIDAY_TEXT = re.compile(
    r"\b(?:(?:last|next|this) )?(?=(?-i:[A-Z]|the F))(?:"
    + "|".join(re.escape(name).replace("'", "['’]") for name in HOLIDAY_NAMES)
    + r")\b",
    re.IGNORECASE,
)
_NUM_WORD = (
    r"(?:\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"several|few|couple)"
)
_YEAR = re.compile(r"^(1[5-9]\d\d|20\d\d)$")
# "the first half of 1989", "the last half of the '80s": TIMEX3 writes halves as H1 and H2.
_HALF = re.compile(r"^(?:the )?(first|second|last|latter) half of (.+)$")
_YEAR_END = {"year-end", "year end", "year's end", "the end of the year", "end of the year"}
_DECADE = re.compile(r"^(?:the\s+)?(?:mid-|early |late )?(1[5-9]\d|20\d)0'?s$")
_CENTURY = re.compile(r"^(?:the\s+)?(?:early |late )?(\d{1,2})(?:st|nd|rd|th)[\s-]+century$")


# Verbs that put what they govern on a timetable: "set to resume Monday", "is scheduled Monday".
_SCHEDULE_VERBS = {"schedule", "set", "slate", "expect", "plan", "due", "intend", "aim"}
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


def _week(d: date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year}-W{week:02d}"


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return NUMBERS.get(word)


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


def _strip(text: str) -> str:
    text = _spelled_years(text.lower().strip().replace("’", "'"))
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


def _day_month_year(text: str) -> tuple[int | None, int | None, int | None]:
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
    t = _strip(text)
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
        rf"(?:(?:past|last|next|coming|first|previous) )?({_NUM_WORD})[- ]"
        r"(day|week|month|year|quarter|decade|hour|minute)s?(?:[- ]long| old)?$",
        t,
    )
    if duration and not re.search(r"\b(?:ago|earlier|later|before|after)\b", t):
        n = _number(duration.group(1)) or 1
        unit = UNITS[duration.group(2)]
        recent = t.startswith(("the past ", "the last ", "past ", "last "))
        if duration.group(1) in {"few", "several"}:
            # A vague stretch: TIMEX3 writes its amount as X, and "the last few months" is a
            # reference to the recent past (TimeBank).
            if recent:
                return "DATE", "PAST_REF"
            return "DURATION", f"PTX{unit[0]}" if unit in {"H", "MIN"} else f"PX{unit}"
        if recent and n == 1 and published:
            return "DATE", _previous(unit, published)
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
    if t in PRESENT_WORDS:
        return "DATE", "PRESENT_REF"
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
        value = _in_period(t, period)
        if value is not None:
            return "DATE", value
    # --- halves and the end of the year ---
    half = _HALF.match(t)
    if half:
        rest = half.group(2)
        which = "H1" if half.group(1) == "first" else "H2"
        if _YEAR.match(rest):
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
    if t in _YEAR_END and published is not None:
        return "DATE", str(published.year)  # "by year-end": the end of this year
    # --- absolute dates: a year is given ---
    if _YEAR.match(t):
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
    day, month, year = _day_month_year(t)
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
    value = _relative(t, words, published, tense, season)
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
        return published.year - (1 if month >= published.month else 0)
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


def _in_period(t: str, period: str) -> str | None:
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


def _previous(unit: str, published: date) -> str | None:
    if unit == "Y":
        return str(published.year - 1)
    if unit == "M":
        y, m = _shift_month(published.year, published.month, -1)
        return f"{y:04d}-{m:02d}"
    if unit == "W":
        return _week(published - timedelta(days=7))
    if unit == "D":
        return (published - timedelta(days=1)).isoformat()
    if unit == "Q":
        return _quarter_shift(published, -1)
    return None


def _quarter_shift(published: date, delta: int) -> str:
    index = published.year * 4 + (published.month - 1) // 3 + delta
    return f"{index // 4}-Q{index % 4 + 1}"


def _relative(
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
        rf"^(?:about |nearly |almost |some |more than )?({_NUM_WORD}) "
        r"(day|week|month|year|decade)s? (ago|earlier|before|later|after|from now)$",
        t,
    )
    if ago:
        n = _number(ago.group(1)) or 1
        sign = 1 if ago.group(3) in {"later", "after", "from now"} else -1
        unit = ago.group(2)
        if unit == "day":
            return (published + timedelta(days=sign * n)).isoformat()
        if unit == "week":
            return _week(published + timedelta(days=7 * sign * n))
        if unit == "month":
            y, m = _shift_month(published.year, published.month, sign * n)
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
            y, m = _shift_month(published.year, published.month, delta)
            return f"{y:04d}-{m:02d}"
        if unit == "week":
            if which in {"the", "that", "a", "the same"}:
                return f"{published.year:04d}-WXX"  # a week the text does not pin down
            return _week(published + timedelta(days=7 * delta))
        if unit == "weekend":
            if which in {"the", "that"}:
                # The weekend just gone, or the coming one when the verb looks ahead.
                if tense == "future":
                    return _week(published + timedelta(days=(5 - published.weekday()) % 7)) + "-WE"
                return _week(published - timedelta(days=(published.weekday() - 5) % 7)) + "-WE"
            return _week(published + timedelta(days=7 * delta)) + "-WE"
        if unit == "quarter":
            if which in {"the", "that", "the same"}:
                # In earnings news "the quarter" is the latest one reported: the last complete.
                return _quarter_shift(published, -1)
            return _quarter_shift(published, delta)
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
            "week": _week(published),
        }[unit]
    return None


# Full dates the small model cuts short ("2nd Sep, 2025" comes out as "2025").
_FULL_DATE = FULL_DATE_FORMS


def _pub_date(published: datetime | None) -> date | None:
    return published.date() if published is not None else None


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

    def free(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in taken)

    for match in (m for form in _FULL_DATE for m in form.finditer(doc.text)):
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is not None and free(*match.span()):
            found.append(_Candidate(match.start(), match.end(), match.group(0), span, "RULE"))
            taken.append(match.span())
    for ent in _entity_parts(doc):
        start = ent.start_char
        if not free(start, ent.end_char):
            continue
        text = doc.text[start : ent.end_char].rstrip(".,;: ")
        found.append(_Candidate(start, start + len(text), text, ent, ent.label_))
        taken.append((start, ent.end_char))
    for match in (*_HOLIDAY_TEXT.finditer(doc.text), *_EXTRA.finditer(doc.text)):
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
    r"(that|the following|the next|the previous|the prior|the same) "
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
        y, mo = _shift_month(year, month, shift)
        return f"{y:04d}-{mo:02d}"
    if parts.group(3) is None:
        return None
    day = date(year, month, int(parts.group(3)))
    if unit == "week":
        return _week(day + timedelta(days=7 * shift))
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
        _, month, year = _day_month_year(before.lower())
        if month is not None and year is None and _YEAR.match(after.strip()):
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
    | night", "early Friday | morning"): that day's part; None when nothing precedes it but
    spaces, or what precedes it is no day."""
    m = _PART_OF_DAY.match(_strip(text))
    if m is None or before is None or before.value is None or gap.strip():
        return None
    if not _DAY_VALUE.match(before.value):
        return None
    return f"{before.value}T{_PARTS_OF_DAY[m.group(1)]}"


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
                period = _quarter_shift(pub, -1)  # the latest complete quarter
        stripped = _strip(cand.text)
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
                (value < _quarter_shift(pub, 0) and _QUARTER_RESULTS.search(sent.text))
                or (
                    _FIGURES.search(sent.text)
                    and (
                        value < _quarter_shift(pub, 0)
                        or (value == _quarter_shift(pub, 0) and tense != "future")
                    )
                )
            )
        ):
            reported = value
        before = found[-1] if found else None
        part = _part_of_day(cand.text, before, doc.text[before.end : cand.start] if before else "")
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
