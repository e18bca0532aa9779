"""Publication date and place from the text itself, for reports whose metadata has no date.

Only three places in a report state *its own* date, and only those are read:

- a dateline opening a paragraph near the top: "ISLAMABAD, (Agency - 2nd Sep, 2025) ...",
  "WASHINGTON, Sept. 2, 2025 (Reuters) - ...", "BEIJING: ...", "WASHINGTON — ..." (the place is
  read even when the dateline states no date, and the outlet or agency the parentheses credit,
  "Agency", "Reuters", is kept as the dateline's credit);
- a date stamp at the start of a line near the top: "date 2025-09-02", "Published: 2 September
  2025", or a line that is only a date; an explicit "date ..." stamp may also stand inside a
  heading-like line (no sentence end): "Ministry of ..., press release, date 2026-03-14";
- the caption of the lead photo: a caption-shaped line above the body text that carries a full
  date ("... in Beijing, September 2, 2025. — Reuters").

Dates of other events mentioned in the body ("met in September last year", "on 4 July 2024") are
never taken: scanning stops at the dateline or at the first line of body text that is not a
caption. A date without a year is not completed from anywhere: no date is invented.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, time

from storyline.calendar_words import FULL_DATE_FORMS, MONTH_PATTERN, full_date, read_full_date
from storyline.cleaning.boilerplate import CREDIT, DUPLICATE, Verdict, is_body, line_key

_MONTH = rf"(?P<month>{MONTH_PATTERN})"
_DATE_FORMS = FULL_DATE_FORMS
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|mon|tue|wed|thu|fri|sat|sun)\.?,?\s+"
_STAMP = re.compile(
    r"^(?:(?:story|article|page|first|last|originally)\s+)?"
    r"(?:date|dated|published|posted|updated|created)(?:\s+(?:on|at))?\s*:?\s*",
    re.IGNORECASE,
)
# What may follow a bare date on its line: a time and a zone ("10:44 BST", "at 3.15 pm (GMT)").
_INLINE_STAMP = re.compile(r"\b(?:date|dated)\b", re.IGNORECASE)
_TIME_TAIL = re.compile(
    r"^[,\s]*(?:at\s+)?(?:[0-2]?\d[:.][0-5]\d(?:\s*[ap]\.?m\.?)?)?[\s\w+:()-]{0,20}$"
)

# A dateline place: one to four words in capitals ("NEW YORK", "ISLAMABAD").
_PLACE = re.compile(r"(?P<place>[A-Z][A-Z'.-]*[A-Z.](?:\s+[A-Z][A-Z'.-]*[A-Z.]){0,3})(?![\w'])")
_NOT_PLACES = frozenset(
    re.split(
        r"\s+",
        """UPDATE UPDATED BREAKING WATCH EXCLUSIVE ANALYSIS OPINION EDITORIAL VIDEO PHOTOS PHOTO
        LIVE NEW READ ALSO NOTE CORRECTION FILE EDITOR'S EDITORS SPONSORED ADVERTISEMENT LISTEN
        POSTED PUBLISHED DATE DATED CREATED STORY BY SOURCE TAGS""",
    )
)
# The dash after a dateline: an em or en dash, a horizontal bar ("WASHINGTON ― "), one or two
# hyphens, or two of them run together ("WASHINGTON –- ").
_DASH = r"[—–―-]{1,2}"
_DATELINE_TAILS = (
    re.compile(r"^\s*:\s+"),  # BEIJING: ...
    re.compile(rf"^\s+{_DASH}\s*"),  # WASHINGTON — ...
    re.compile(rf"^\s*\((?P<paren>[^()]{{1,80}})\)\s*(?:(?:{_DASH}|:)\s*)?"),  # NEW YORK (AP) — ...
    # ISLAMABAD, (Agency - 2nd Sep, 2025) ... / WASHINGTON, Sept. 2 (Reuters) - ...
    re.compile(
        rf"^\s*,\s*(?P<mid>[^()\n]{{0,40}}?)\s*\((?P<paren>[^()]{{1,80}})\)\s*(?:(?:{_DASH}|:)\s*)?"
    ),
    # MOSCOW, Sept. 2, 2025 — ... / LONDON, England -- ...
    re.compile(rf"^\s*,\s*(?P<mid>[^()\n—–―]{{1,40}}?)\s+{_DASH}\s+"),
)
_TRAILING_CREDIT = re.compile(r"(?:[—–]|\s-)\s*[A-Z][\w.&/' ]{0,39}\w$")
# Highlights above the body ("• PM Shehbaz, President Putin hold talks.") are not body text yet.
_BULLET = re.compile(r"^[•·*▪►‣◦-]\s")
_PHOTO_WORDS = re.compile(r"\b(?:photo|photograph|pictured)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True, kw_only=True)
class TextDate:
    published: datetime | None = None
    origin: str = "none"  # "dateline", "text" or "none"
    place: str | None = None
    credit: str | None = None  # who the dateline credits: "Reuters", "UrduPoint / ..."


# A dateline credit is a name, not a sentence: at most this many words.
_CREDIT_MAX_WORDS = 6
_CREDIT_PARTS = re.compile(r"\s+[-–—]\s*|\s*[–—]\s+|,")
_DATE_WORD = re.compile(
    rf"^(?:{_MONTH}|(?:mon|tues|wednes|thurs|fri|satur|sun)day|today|yesterday)$", re.IGNORECASE
)


def _credit(paren: str | None) -> str | None:
    """The outlet or agency a dateline's parentheses name, without the date beside it:
    "UrduPoint / Pakistan Point News - 2nd Sep, 2025" -> "UrduPoint / Pakistan Point News"."""
    if not paren:
        return None
    for part in _CREDIT_PARTS.split(paren):
        part = part.strip(" .")
        words = part.split()
        if (
            words
            and len(words) <= _CREDIT_MAX_WORDS
            and not any(ch.isdigit() for ch in part)
            and any(ch.isalpha() for ch in part)
            and not all(_DATE_WORD.match(w.strip(".,")) for w in words)
        ):
            return part
    return None


def find_date(text: str) -> datetime | None:
    """The earliest complete date (day, month and year) stated in ``text``."""
    found = read_full_date(text)
    return datetime.combine(found[1], time()) if found else None


def _to_datetime(match: re.Match[str]) -> datetime | None:
    value = full_date(match)
    return datetime.combine(value, time()) if value else None


def _date_stamp(text: str) -> tuple[datetime | None, int]:
    """A date stamp opening the line: its date and where the rest of the line starts."""
    stamp = _STAMP.match(text)
    rest = text[stamp.end() :] if stamp else text
    weekday = re.match(_WEEKDAY, rest, re.IGNORECASE)
    if weekday:
        rest = rest[weekday.end() :]
    for form in _DATE_FORMS:
        match = form.match(rest)
        if match:
            value = _to_datetime(match)
            tail = rest[match.end() :]
            # A prefixed stamp may run on into the text; a bare date must be the whole line.
            if value is not None and (stamp or _TIME_TAIL.match(tail)):
                return value, len(text) - len(tail)
    return None, 0


def _inline_stamp(text: str) -> datetime | None:
    """An explicit "date ..." stamp inside a heading-like line ("release, date 2026-03-14")."""
    for match in _INLINE_STAMP.finditer(text):
        date, _ = _date_stamp(text[match.start() :])
        if date is not None:
            return date
    return None


def carries_date_stamp(text: str) -> bool:
    """Whether a line opens with or holds a date stamp ("date 2026-03-14", "Updated: May 2,
    2013"): a masthead or release header, which states when it was published, not a fact."""
    return _date_stamp(text)[0] is not None or _inline_stamp(text) is not None


def _running_text(text: str, min_words: int) -> bool:
    """Enough words, mostly in lower case: a paragraph, not a headline in capitals."""
    letters = [ch for ch in text if ch.isalpha()]
    lower = sum(ch.islower() for ch in letters)
    return len(text.split()) >= min_words and lower > len(letters) / 2


def _names_a_place(words: str) -> bool:
    """Whether the capitals opening a line can be a dateline's place (not "UPDATED", "BY")."""
    place = words.rstrip(".")
    letters = sum(ch.isalpha() for ch in place)
    return letters >= 3 and place not in _NOT_PLACES and not place.startswith("EDITOR")


def _readings(text: str) -> Iterator[tuple[str, int, re.Match[str]]]:
    """Each way a dateline may open ``text``: its place, where each tail that fits ends, and
    that tail's match (its parentheses' credit and date), in the tails' order."""
    match = _PLACE.match(text)
    if not match or not _names_a_place(match.group("place")):
        return
    rest = text[match.end() :]
    for tail in _DATELINE_TAILS:
        found = tail.match(rest)
        if found:
            yield match.group("place").rstrip("."), match.end() + found.end(), found


def dateline_length(text: str) -> int:
    """How many characters of ``text`` a dateline opening it takes ("WASHINGTON — ", "NEW
    YORK (AP) — "), 0 for none, whatever follows: a phrase read off a lead with its dateline
    in front ("WASHINGTON — AARP") is told from it."""
    return next((end for _, end, _ in _readings(text)), 0)


def _dateline(text: str, min_words: int) -> tuple[str, datetime | None, str | None] | None:
    """The place, stated date and credit of a dateline opening ``text``, or None. A dateline
    opens a paragraph of running text ("REPORT: COUNCIL BACKS BRIDGE" is a headline, not a
    dateline)."""
    for place, end, found in _readings(text):
        if _running_text(text[end:], min_words):
            return place, find_date(found.group(0)), _credit(found.groupdict().get("paren"))
    return None


def _caption_like(verdicts: Sequence[Verdict], index: int) -> bool:
    text = verdicts[index].line.text
    if _TRAILING_CREDIT.search(text) or _PHOTO_WORDS.search(text):
        return True
    if index + 1 < len(verdicts) and verdicts[index + 1].reason == CREDIT:
        return True
    key = line_key(text)
    return any(v.reason == DUPLICATE and line_key(v.line.text) == key for v in verdicts)


def read_text_date(verdicts: Sequence[Verdict], lead_lines: int, body_min_words: int) -> TextDate:
    """Date and place stated at the top of a report (see the module docstring)."""
    stamp_date: datetime | None = None
    caption_date: datetime | None = None
    seen = 0
    for index, verdict in enumerate(verdicts):
        if seen >= lead_lines:
            break
        text = verdict.line.text
        date, rest_at = _date_stamp(text)
        if date is None and not is_body(text, body_min_words):
            date = _inline_stamp(text)
        stamp_date = stamp_date or date
        dateline = _dateline(text[rest_at:].lstrip(), body_min_words)
        if dateline is not None and verdict.reason is None:
            place, dateline_date, credit = dateline
            if dateline_date is not None:
                return TextDate(
                    published=dateline_date, origin="dateline", place=place, credit=credit
                )
            return _best(stamp_date, caption_date, place, credit)
        if verdict.reason is not None:
            continue
        seen += 1
        if _caption_like(verdicts, index):
            caption_date = caption_date or find_date(text)
        elif date is None and not _BULLET.match(text) and is_body(text, body_min_words):
            break  # body text: any date from here on is about something else
    return _best(stamp_date, caption_date, None)


def _best(
    stamp: datetime | None, caption: datetime | None, place: str | None, credit: str | None = None
) -> TextDate:
    chosen = stamp or caption
    return TextDate(
        published=chosen, origin="text" if chosen else "none", place=place, credit=credit
    )

