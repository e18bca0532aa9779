"""Numbers as news writes them: number words (shared by time resolution and claims) and the
interval a written quantity allows ("nearly 300", "more than $700 billion", "dozens")."""

from __future__ import annotations

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
    rf"(?P<approx>\b(?:{_APPROX_PATTERN})\s+)?(?P<sign>[$€£¥])?\s*"
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[a-z]+(?:-[a-z]+)?)"
    r"(?:\s*(?P<scale>hundred|thousand|million|mln|billion|bn|trillion)\b)?"
    r"(?:\s*(?P<percent>%|percent\b|per cent\b))?",
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
        unit = "%" if m.group("percent") else CURRENCY_SIGNS.get(m.group("sign") or "", "")
        approximator = " ".join((m.group("approx") or "").lower().split())
        return amount(
            value,
            written=number,
            scale=m.group("scale") or "",
            approximator=approximator,
            unit=unit,
        )
    return None
