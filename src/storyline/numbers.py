"""Numbers as news writes them: number words (shared by time resolution and claims) and the
interval a written quantity allows ("nearly 300", "more than $700 billion", "dozens")."""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass

ONES: dict[str, int] = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}
TEENS: dict[str, int] = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS: dict[str, int] = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
# one to nineteen, then the tens: every cardinal written as a single word below a hundred.
CARDINALS: dict[str, int] = {**ONES, **TEENS, **TENS}


# --------------------------------------------------------------------------------------------
# quantities: a number as written, and the interval of values it allows
# --------------------------------------------------------------------------------------------

SCALES: dict[str, float] = {
    "hundred": 1e2,
    "thousand": 1e3,
    "million": 1e6,
    "mln": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "trillion": 1e12,
}
# Words that stand for a rough count.
VAGUE_COUNTS: dict[str, tuple[float, float]] = {
    "dozen": (12, 12),
    "dozens": (24, 99),
    "hundreds": (200, 999),
    "thousands": (2_000, 9_999),
    "millions": (2e6, 9.99e8),
    "billions": (2e9, 9.99e11),
    "couple": (2, 2),
    "several": (3, 9),
}
# Words before a number that widen it: (low factor, high factor) of the written value.
APPROXIMATORS: dict[str, tuple[float, float]] = {
    "nearly": (0.9, 1.0),
    "almost": (0.9, 1.0),
    "about": (0.85, 1.15),
    "around": (0.85, 1.15),
    "roughly": (0.85, 1.15),
    "approximately": (0.85, 1.15),
    "some": (0.85, 1.15),
    "estimated": (0.85, 1.15),
    "over": (1.0, math.inf),
    "more than": (1.0, math.inf),
    "at least": (1.0, math.inf),
    "upwards of": (1.0, math.inf),
    "under": (0.0, 1.0),
    "less than": (0.0, 1.0),
    "fewer than": (0.0, 1.0),
    "up to": (0.0, 1.0),
    "at most": (0.0, 1.0),
    "as many as": (0.0, 1.0),
}
CURRENCY_SIGNS: dict[str, str] = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
# A currency named after the figure ("85 million euros", "74 million pounds").
CURRENCY_WORDS: dict[str, str] = {
    "dollars": "USD",
    "euros": "EUR",
    "pounds": "GBP",
    "sterling": "GBP",
    "yen": "JPY",
    "yuan": "CNY",
    "rupees": "INR",
}
# A round figure ("300", "5.7 billion") is itself a rounding of the true value.
ROUND_TOLERANCE = 0.05

_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")


@dataclass(frozen=True, slots=True)
class Amount:
    """The interval a written number allows, and its unit ("%", "USD", or "")."""

    low: float
    high: float
    unit: str = ""

    def overlaps(self, other: Amount) -> bool:
        return self.low <= other.high and other.low <= self.high


def number_value(word: str) -> float | None:
    """The value of one number word or figure ("297", "1,200", "5.7", "twelve"), else None."""
    word = word.lower().strip()
    if word in CARDINALS:
        return float(CARDINALS[word])
    if word in ("a", "an") or word in SCALES:
        return None
    if _DIGITS.match(word):
        return float(word.replace(",", ""))
    return None


def _last_digit_unit(written: str) -> float:
    """The place value of the last nonzero digit written: 1 for "297", 100 for "300", 0.1 for
    "5.7"."""
    digits = written.replace(",", "")
    whole, _, decimals = digits.partition(".")
    decimals = decimals.rstrip("0")
    if decimals:
        return 10.0 ** -len(decimals)
    stripped = whole.rstrip("0")
    return 10.0 ** (len(whole) - len(stripped)) if stripped else 1.0


def amount(
    value: float, *, written: str, scale: str = "", approximator: str = "", unit: str = ""
) -> Amount:
    """The interval of a number as written: "nearly 300" is 270-300, "297" is 297, "more
    than $700 billion" is 700 billion or more. A figure stands for the values that round to it,
    up to half its last written digit and at most ``ROUND_TOLERANCE`` of it: "300" is 285-315,
    "$716 billion" 715.5-716.5 billion, "5.7 billion" 5.65-5.75 billion."""
    factor = SCALES.get(scale.lower(), 1.0) if scale else 1.0
    base = value * factor
    if approximator:
        lo_f, hi_f = APPROXIMATORS[approximator.lower()]
        return Amount(low=base * lo_f, high=base * hi_f, unit=unit)
    half_digit = 0.5 * _last_digit_unit(written) * factor
    spread = 0.0 if half_digit <= 0.5 and not scale else min(half_digit, ROUND_TOLERANCE * base)
    return Amount(low=base - spread, high=base + spread, unit=unit)


def vague_amount(word: str, unit: str = "") -> Amount | None:
    """"dozens", "hundreds": the range such a word covers."""
    found = VAGUE_COUNTS.get(word.lower())
    return Amount(low=found[0], high=found[1], unit=unit) if found else None


def show_number(value: float) -> str:
    """A number for an editor: "716 billion", "5.7 million", "300", never "7.16e+11"."""
    if math.isinf(value):
        return "no limit"
    for name, scale in (("trillion", 1e12), ("billion", 1e9), ("million", 1e6)):
        if abs(value) >= scale:
            return f"{value / scale:.3g} {name}"
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:.3g}"


_APPROX_PATTERN = "|".join(sorted(APPROXIMATORS, key=len, reverse=True))
_FIGURE = re.compile(
    rf"(?P<approx>\b(?:{_APPROX_PATTERN})\s+)?(?:(?P<sign>[$€£¥])\s*)?"
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[a-z]+(?:-[a-z]+)?)"
    r"(?:\s*(?P<scale>hundred|thousand|million|mln|billion|bn|trillion)\b)?"
    r"(?:\s*(?P<percent>%|percent\b|per cent\b))?"
    rf"(?:\s+(?P<currency>{'|'.join(CURRENCY_WORDS)})\b)?",
    re.I,
)


def _word_number(word: str) -> float | None:
    """ "twenty-six", "seven": a number written in words below a hundred."""
    parts = word.lower().split("-")
    if len(parts) == 2 and parts[0] in TENS and parts[1] in ONES:
        return float(TENS[parts[0]] + ONES[parts[1]])
    return number_value(word) if len(parts) == 1 else None


def read_amount(text: str) -> Amount | None:
    """The interval a quantity as written allows ("nearly 300", "more than $700 billion",
    "55 percent", "twenty-six", "dozens"), or None when the text holds no number."""
    for word in re.findall(r"[A-Za-z]+", text):
        vague = vague_amount(word)
        if vague is not None and not re.search(r"\d", text):
            return vague
    for m in _FIGURE.finditer(text):
        number = m.group("number")
        value = _word_number(number) if number[:1].isalpha() else number_value(number)
        if value is None:
            continue
        return _match_amount(m, value)
    return None


def _match_amount(m: re.Match[str], value: float) -> Amount:
    unit = "%" if m.group("percent") else CURRENCY_SIGNS.get(m.group("sign") or "", "")
    unit = unit or CURRENCY_WORDS.get((m.group("currency") or "").lower(), "")
    approximator = " ".join((m.group("approx") or "").lower().split())
    return amount(
        value,
        written=m.group("number"),
        scale=m.group("scale") or "",
        approximator=approximator,
        unit=unit,
    )


# --------------------------------------------------------------------------------------------
# figures of running text: which count something, and which only look like counts
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Figure:
    """A number of running text, where its digits or word are, and the interval it allows as a
    count or measure; ``amount`` is None for digits that count nothing (``reason`` says what
    they are: a phone number, a time of day, a record, an ordinal, a name like "AK-47")."""

    start: int
    end: int
    amount: Amount | None
    reason: str = ""
    share: bool = False  # a share of a whole written as two counts ("two-in-three"), as a %


# Digit groups written as one: "0845 125 2222", "3:30", "52-3", "45-7-2", "10-15".
_GROUP = r"\d+(?:[.,]\d+)*"
_RUN = re.compile(rf"{_GROUP}(?:(?:\s?[-–/:]\s?| ){_GROUP})*")
_CLOCK = re.compile(r"\s*(?:[ap]\.?\s?m\b\.?|o['’]clock\b)", re.I)
_ORDINAL = re.compile(r"(?:st|nd|rd|th)\b", re.I)
_DECADE = re.compile(r"['’]?s\b")
# A letter right before, or a letter and a hyphen: "G20", "AK-47", "F-16", "COVID-19".
_NAMED = re.compile(r"[A-Za-z](?:\s?[-–]\s?)?$")
_BETWEEN = re.compile(r"\bbetween\s+[$€£¥]?\s*$", re.I)
_AND = re.compile(rf"(?:\s*(?:{'|'.join(SCALES)}))?\s+and\s+[$€£¥]?\s*", re.I)
# A group opening with a zero is a code (a dialling code "0845"), not a count.
_CODE = re.compile(r"0\d{2,}")
# Digits this many or more in two or more groups are a phone number, not a count.
_PHONE_DIGITS = 7
# A share of a whole written as two counts: "a two-in-three chance", "one in five voters", "1 out
# of 4". Written with spaces it may be two counts of their own ("3 in 12 hours"), so not before
# a unit of time; a whole above this is a year ("won 3 in 2010"), not a whole.
_SHARE = re.compile(
    r"\b(?P<part>\d+|[a-z]+)(?:(?P<joined>-in-)|\s+(?:in|out\s+of)\s+)(?P<whole>\d+|[a-z]+)\b"
    r"(?!-)(?P<time>\s+(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?)\b)?",
    re.I,
)
_SHARE_MAX_WHOLE = 1000
# A season or a fiscal year written as two years in a row: "1982-83", "2007-08", "1999-2000".
_SEASON = re.compile(r"((?:1[5-9]|20)\d\d)\s?[-–/]\s?(\d\d(?:\d\d)?)\b")


def season_at(text: str, start: int) -> tuple[int, int] | None:
    """The two years of a season written from ``start`` on ("1982-83": 1982 and 1983; "the
    1999-2000 season"), or None when no season is written there."""
    m = _SEASON.match(text, start)
    if m is None:
        return None
    first, second = int(m.group(1)), m.group(2)
    last = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
    if last <= first and len(second) == 2:
        last += 100  # "1999-00"
    return (first, last) if last == first + 1 else None


# A score or a record as two figures joined by a hyphen: "31-24", "10 - 5".
_SCORE = re.compile(r"\b\d+\s?-\s?\d+\b")


def written_scores(text: str) -> frozenset[str]:
    """The scores (or splits, records) the text writes, each without its spaces ("10 - 5" is
    "10-5"), so two texts writing one score write the same."""
    return frozenset("".join(f.split()) for f in _SCORE.findall(text))


def _run_kind(run: str) -> str:
    """What a run of digit groups is when it is no single figure ("" when each is a count)."""
    groups = re.findall(_GROUP, run)
    if len(groups) == 2 and season_at(run, 0) is not None:
        return "season"  # "1982-83": the years of one season, no count and no score
    if ":" in run:
        return "time of day"  # "3:30", "3: 33"
    digits = sum(len(g) for g in groups)
    if (len(groups) >= 2 and digits >= _PHONE_DIGITS) or any(_CODE.fullmatch(g) for g in groups):
        return "phone number"  # "0845 125 2222", "745-4811", "0800"
    if len(groups) >= 3 and re.search(r"[-–]", run):
        return "record"  # "45-7-2": wins, losses and draws, a tally that grows fight by fight
    return ""


@functools.lru_cache(maxsize=1 << 14)
def figures(text: str) -> tuple[Figure, ...]:
    """Every number of ``text`` read where it stands: with the words that bound or round it
    ("more than 26,000", "about 300"), its scale and currency ("$108 million", "74 million
    pounds"), a range ("between $140 million and $150 million", "10-15"); and digits that only
    look like counts marked as such (phone numbers, times of day, records, ordinals, names,
    digits beside a character the text lost); a share of a whole written as two counts
    ("two-in-three", "one in five") is one figure, its percentage. "one" is left out: most
    often a pronoun."""
    runs = [(m.start(), m.end(), m.group()) for m in _RUN.finditer(text)]
    found = list(_shares(text))
    for m in _FIGURE.finditer(text):
        number = m.group("number")
        start, end = m.start("number"), m.end("number")
        if any(f.start <= start and end <= f.end for f in found if f.share):
            continue  # a count of a share ("two" of "two-in-three"): the share is the figure
        value = _word_number(number) if number[:1].isalpha() else number_value(number)
        if value is None or number.lower() == "one":
            continue
        if number[:1].isalpha():
            found.append(Figure(start, end, _match_amount(m, value)))
            continue
        run = next((r for r in runs if r[0] <= start and end <= r[1]), (start, end, number))
        reason = _run_kind(run[2])
        if not reason and _CLOCK.match(text, run[1]):
            reason = "time of day"  # "3 p.m."
        elif not reason and _ORDINAL.match(text, end):
            reason = "ordinal"  # "23rd"
        elif not reason and number.endswith("0") and _DECADE.match(text, end):
            reason = "decade"  # "the 1930s", "the 1930's": ten years, no count
        elif not reason and _NAMED.search(text[max(0, start - 4) : start]):
            reason = "name"  # "AK-47", "G20"
        if "\ufffd" in text[max(0, start - 1) : end + 1]:
            reason = "unreadable"  # "4\ufffd" was "4½": the text lost a character
        if reason:
            found.append(Figure(start, end, None, reason))
            continue
        read = _match_amount(m, value)
        groups = re.findall(_GROUP, run[2])
        if len(groups) == 2 and re.search(r"[-–]", run[2]):
            low, high = (float(g.replace(",", "")) for g in groups)
            if low < high:
                # A range puts its low end first ("10-15 people"); a score or a split its
                # larger figure ("71-57", "31-12"), two counts of their own.
                read = Amount(low=low, high=high, unit=read.unit)
        found.append(Figure(start, end, read))
    found.sort(key=lambda f: (f.start, f.end))
    return tuple(_ranges(text, found))


def _shares(text: str) -> list[Figure]:
    """Shares of a whole written as two counts ("a two-in-three chance", "one in five voters",
    "1 out of 4"), each one figure: the percentage of the whole it is."""
    found: list[Figure] = []
    for m in _SHARE.finditer(text):
        part, whole = m.group("part"), m.group("whole")
        p = _word_number(part) if part[:1].isalpha() else number_value(part)
        w = _word_number(whole) if whole[:1].isalpha() else number_value(whole)
        if p is None or w is None or not 0 < p <= w <= _SHARE_MAX_WHOLE or w < 2:
            continue
        if m.group("time") and not m.group("joined"):
            continue  # "3 in 12 hours": a count in a span of time
        percent = 100.0 * p / w
        found.append(Figure(m.start(), m.end("whole"), Amount(percent, percent, "%"), share=True))
    return found


def figure_at(text: str, start: int, end: int) -> Amount | None:
    """The amount of the figure whose digits lie in ``text[start:end]`` (or the share they are
    part of: "two" of "two-in-three"), read where it stands (:func:`figures`); None when there
    it counts nothing or there is none."""
    found = [
        f
        for f in figures(text)
        if (start <= f.start and f.end <= end) or (f.share and f.start < end and start < f.end)
    ]
    return found[0].amount if len(found) == 1 else None


def _ranges(text: str, found: list[Figure]) -> list[Figure]:
    """ "between A and B": both figures allow A to B."""
    out = list(found)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if a.amount is None or b.amount is None or not _BETWEEN.search(text[: a.start][-40:]):
            continue
        gap = text[a.end : b.start]
        if _AND.fullmatch(gap):
            # The two ends as written: "between 140 and 150" is no wider for their rounding.
            low, high = (a.amount.low + a.amount.high) / 2, (b.amount.low + b.amount.high) / 2
            both = Amount(low=low, high=high, unit=a.amount.unit or b.amount.unit)
            out[i], out[i + 1] = (
                Figure(a.start, a.end, both),
                Figure(b.start, b.end, both),
            )
    return out
