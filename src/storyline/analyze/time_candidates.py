"""Candidate time expressions of a doc, before any is valued (analyze/times.py values them).

Where the expressions are: full dates by pattern (the small model cuts them short), the model's
DATE and TIME entities with a determiner it left out put back, and the words and holidays the
model misses; then each candidate as the times it holds ("between 1994 and 1997", "in 1994, 1995
and 1997", "Thursday morning"), each of its own when each resolves by itself.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from storyline.analyze.doc_text import text_of
from storyline.analyze.time_values import YEAR_ALONE, day_month_year, resolve
from storyline.calendar_words import FULL_DATE_FORMS, HOLIDAY_NAMES

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

# Full dates the small model cuts short ("2nd Sep, 2025" comes out as "2025").
_FULL_DATE = FULL_DATE_FORMS

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
        elif _writes_a_decade(doc, start, end):
            end += 1  # "the 1930 | 's": the tokenizer split a decade's "'s" off as a possessive
        pivot = next((t.i for t in doc[start:end] if t.lower_ in {"ended", "ending"}), None)
        if pivot is not None and start < pivot < end - 1:
            parts.extend([doc[start:pivot], doc[pivot + 1 : end]])
        else:
            parts.append(doc[start:end])
    return parts


def _writes_a_decade(doc: Any, start: int, end: int) -> bool:
    """Whether the entity ``doc[start:end]`` is "the 1930" before a "'s" written against it: the
    decade "the 1930's". Without "the" ("2010's results") the "'s" stays a possessive."""
    if end >= len(doc) or doc[end].lower_ not in {"'s", "’s"}:
        return False
    year = doc[end - 1]
    return (
        not year.whitespace_
        and len(year.text) == 4
        and year.text.isdigit()
        and year.text.endswith("0")
        and any(t.lower_ == "the" for t in doc[start : end - 1])
    )


@dataclass(slots=True)
class Candidate:
    start: int
    end: int
    text: str
    span: Any  # the spaCy span it was found at
    label: str  # DATE, TIME (the model's label) or RULE (found by pattern)


def candidates(doc: Any) -> list[Candidate]:
    """Every expression to resolve, in text order: full dates by pattern, the model's DATE and
    TIME entities, then the words the model misses, each taken only where nothing else is."""
    found: list[Candidate] = []
    taken: list[tuple[int, int]] = []
    text: str = text_of(doc)

    def free(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in taken)

    for match in (m for form in _FULL_DATE for m in form.finditer(text)):
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is not None and free(*match.span()):
            found.append(Candidate(match.start(), match.end(), match.group(0), span, "RULE"))
            taken.append(match.span())
    for ent in _entity_parts(doc):
        start = ent.start_char
        if not free(start, ent.end_char):
            continue
        words = text[start : ent.end_char].rstrip(".,;: ")
        found.append(Candidate(start, start + len(words), words, ent, ent.label_))
        taken.append((start, ent.end_char))
    for match in (*_HOLIDAY_TEXT.finditer(text), *_EXTRA.finditer(text)):
        start, end = match.span()
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and free(start, end):
            found.append(Candidate(start, end, match.group(0), span, "RULE"))
    found.sort(key=lambda c: (c.start, c.end))
    return found



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


def parts(cand: Candidate, doc: Any) -> list[Candidate]:
    """The candidate as the times it holds: the ends of a range or the items of a list, each
    a candidate of its own when each resolves to a DATE value by itself; else the candidate,
    without a dangling "and" the model left on it."""
    text = _DANGLING.sub("", cand.text)
    match = _RANGE.match(text)
    pieces: list[tuple[int, str]] = []
    day_part = _DAY_AND_PART.match(text)
    if day_part is not None and DAY_VALUE.match(resolve(day_part.group(1), _PROBE_DATE)[1] or ""):
        # "yesterday afternoon", "Thursday morning": the day and its part, as the model
        # mostly finds them (times._part_of_day gives the part its value).
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
    found: list[Candidate] = []
    for offset, piece in pieces:
        piece = piece.strip()
        kind, value = resolve(piece, _PROBE_DATE)
        resolves = kind == "DATE" and value is not None and not re.fullmatch(r"\d{1,2}", piece)
        if not resolves and not PART_OF_DAY.match(piece.lower()):
            found = []
            break
        start = cand.start + offset + (len(text[offset:]) - len(text[offset:].lstrip()))
        span = doc.char_span(start, start + len(piece), alignment_mode="expand")
        if span is None:
            found = []
            break
        found.append(Candidate(start, start + len(piece), piece, span, cand.label))
    if len(found) > 1:
        return found
    if text != cand.text and text:
        span = doc.char_span(cand.start, cand.start + len(text), alignment_mode="expand")
        if span is not None:
            return [Candidate(cand.start, cand.start + len(text), text, span, cand.label)]
    return [cand]


# A part of the day ("early morning", "nights"), and the value of a day it may be put on.
PART_OF_DAY = re.compile(r"^(?:early |late |mid-?)?(morning|afternoon|evening|night)s?$")
DAY_VALUE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
