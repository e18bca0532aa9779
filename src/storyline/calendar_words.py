"""Calendar words, the one home of every month and weekday name and of the full-date forms.

Shared by the two readers of dates: the publication date a text states at its top
(``cleaning/dates.py``) and the time expressions of its body (``analyze/time_values.py``,
``analyze/time_candidates.py``, ``analyze/times.py``); the claims stage can read its dates
from here too. A full date is read by :func:`read_full_date` only.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

# Month names and the abbreviations news writes ("Sept.", "Sep"), lower case.
MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        [
            "january jan",
            "february feb",
            "march mar",
            "april apr",
            "may",
            "june jun",
            "july jul",
            "august aug",
            "september sep sept",
            "october oct",
            "november nov",
            "december dec",
        ],
        start=1,
    )
    for name in names.split()
}
WEEKDAYS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        [
            "monday mon",
            "tuesday tue tues",
            "wednesday wed",
            "thursday thu thurs",
            "friday fri",
            "saturday sat",
            "sunday sun",
        ]
    )
    for name in names.split()
}
# A month name or abbreviation, with its optional full stop (match with re.IGNORECASE).
MONTH_PATTERN = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_MONTH = rf"(?P<month>{MONTH_PATTERN})"
# The complete dates news writes: "2025-09-02", "Sept. 2, 2025", "2nd Sep, 2025", "2 of May 2025".
FULL_DATE_FORMS = (
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b"),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_DAY}(?:\s+of)?\s+{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),
)


_NAMED_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")


def calendar_names(text: str) -> tuple[frozenset[int], frozenset[int], frozenset[str]]:
    """The weekdays, months and years a time expression names ("Tuesday", "Sept.", "2008"),
    whether or not it can be put on the calendar. Three-letter abbreviations ("sat", "sun",
    "mar") are not read: they are common words too."""
    words = [w.lower().rstrip(".") for w in re.findall(r"[A-Za-z]+\.?", text)]
    return (
        frozenset(WEEKDAYS[w] for w in words if w in WEEKDAYS and len(w) > 3),
        frozenset(MONTHS[w] for w in words if w in MONTHS and (len(w) > 3 or w == "may")),
        frozenset(_NAMED_YEAR.findall(text)),
    )


def month_number(word: str) -> int | None:
    """1-12 for a month name or abbreviation ("Sept.", "march"), else None."""
    return MONTHS.get(word.lower().rstrip("."))


def full_date(match: re.Match[str]) -> date | None:
    """The date a match of one of FULL_DATE_FORMS states (None for 31 February and the like)."""
    groups = match.groupdict()
    month = int(groups["mnum"]) if groups.get("mnum") else month_number(groups["month"])
    if month is None:
        return None
    try:
        return date(int(groups["year"]), month, int(groups["day"]))
    except ValueError:
        return None


def read_full_date(text: str) -> tuple[int, date] | None:
    """The earliest complete date (day, month and year) stated in ``text``, with its offset."""
    best: tuple[int, date] | None = None
    for form in FULL_DATE_FORMS:
        for match in form.finditer(text):
            value = full_date(match)
            if value is not None:
                if best is None or match.start() < best[0]:
                    best = (match.start(), value)
                break
    return best


def full_dates(text: str) -> list[date]:
    """Every complete date stated in ``text``, in text order (a span two forms read counts once)."""
    found = sorted(
        (match.start(), match.end(), value)
        for form in FULL_DATE_FORMS
        for match in form.finditer(text)
        if (value := full_date(match)) is not None
    )
    out: list[date] = []
    reached = -1
    for start, end, value in found:
        if start >= reached:
            out.append(value)
            reached = end
    return out


# --- holidays -------------------------------------------------------------------------------


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th (1-based; -1 for the last) given weekday of a month."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def _easter(year: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    weekday = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday) // 451
    month, day = divmod(h + weekday - 7 * m + 114, 31)
    return date(year, month, day + 1)


# Named days news dates events by, as (month, rule): a fixed day of the month, an n-th weekday
# (US holidays), or an offset from Easter. The month places the holiday in the year the way a
# month name is placed (analyze/time_values.py).
_HOLIDAYS: dict[str, tuple[int, object]] = {
    "new year's day": (1, 1),
    "new year's eve": (12, 31),
    "christmas": (12, 25),
    "christmas day": (12, 25),
    "christmas eve": (12, 24),
    "boxing day": (12, 26),
    "valentine's day": (2, 14),
    "st. patrick's day": (3, 17),
    "independence day": (7, 4),
    "the fourth of july": (7, 4),
    "fourth of july": (7, 4),
    "bastille day": (7, 14),
    "halloween": (10, 31),
    "veterans day": (11, 11),
    "armistice day": (11, 11),
    "martin luther king day": (1, ("nth", 0, 3)),
    "presidents day": (2, ("nth", 0, 3)),
    "presidents' day": (2, ("nth", 0, 3)),
    "mother's day": (5, ("nth", 6, 2)),
    "memorial day": (5, ("nth", 0, -1)),
    "father's day": (6, ("nth", 6, 3)),
    "labor day": (9, ("nth", 0, 1)),
    "columbus day": (10, ("nth", 0, 2)),
    "election day": (11, ("election",)),
    "thanksgiving": (11, ("nth", 3, 4)),
    "thanksgiving day": (11, ("nth", 3, 4)),
    "easter": (4, ("easter", 0)),
    "easter sunday": (4, ("easter", 0)),
    "easter monday": (4, ("easter", 1)),
    "good friday": (4, ("easter", -2)),
}


# Every holiday name above, longest first (for patterns that find them in text).
HOLIDAY_NAMES: tuple[str, ...] = tuple(sorted(_HOLIDAYS, key=len, reverse=True))


def _holiday_key(name: str) -> str:
    """Holiday names compared without case, possessives or a leading "the"."""
    key = re.sub(r"'s\b|'", "", name.lower().strip())
    return re.sub(r"^the ", "", key)


_HOLIDAY_KEYS = {_holiday_key(name): rule for name, rule in _HOLIDAYS.items()}


def holiday_month(name: str) -> int | None:
    """The month a holiday falls in (about, for Easter), or None when ``name`` is none."""
    entry = _HOLIDAY_KEYS.get(_holiday_key(name))
    return entry[0] if entry else None


def holiday_date(name: str, year: int) -> date | None:
    """The date of a named holiday in ``year``, or None when ``name`` is no holiday we know."""
    entry = _HOLIDAY_KEYS.get(_holiday_key(name))
    if entry is None:
        return None
    month, rule = entry
    if isinstance(rule, int):
        return date(year, month, rule)
    assert isinstance(rule, tuple)
    if rule[0] == "nth":
        return _nth_weekday(year, month, rule[1], rule[2])
    if rule[0] == "easter":
        return _easter(year) + timedelta(days=rule[1])
    # US Election Day: the Tuesday after the first Monday of November.
    return _nth_weekday(year, 11, 0, 1) + timedelta(days=1)
