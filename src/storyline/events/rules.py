"""What rules a pair of mentions out of one event (compatible), and what only counts against
it (one_sentence)."""

from __future__ import annotations

import re
from datetime import date as Date

from storyline.events.keys import MentionKey

# Dates further apart than this are two occasions, not a disagreement about one (a "Tuesday"
# read from the wrong week is a week off at most).
MAX_DATE_GAP_DAYS = 7
# A calendar value of the time tagger (analyze/time_values.py): a year, a month or a day.
_CALENDAR = re.compile(r"\d{4}(?:-|$)")
_FULL_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _day(value: str | None) -> Date | None:
    if value is None or len(value) < 4 or not value[:4].isdigit():
        return None
    parts = value[:10].split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
        day = int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else 0
        return Date(year, month or 1, day or 1) if month else Date(year, 1, 1)
    except ValueError:
        return None


def _dates_apart(a: str | None, b: str | None) -> bool:
    """Whether two dates are two occasions: another year, or full days more than a week apart.
    Only calendar values are compared: a duration ("P3Y"), a reference ("PRESENT_REF") or a
    decade ("195") the time tagger gives for "three years", "now" or "the 1950s" says nothing
    about when the event happened (compared as years, they split ECB+ gold events: 33 of the
    34 gold-coreferent train pairs this rule blocked, against 241 of its 285 right blocks)."""
    if a is None or b is None or not (_CALENDAR.match(a) and _CALENDAR.match(b)):
        return False
    if a[:4] != b[:4]:
        return True
    da, db = _day(a), _day(b)
    full = _FULL_DAY.match(a) is not None and _FULL_DAY.match(b) is not None
    return full and da is not None and db is not None and abs((da - db).days) > MAX_DATE_GAP_DAYS


def compatible(a: MentionKey, b: MentionKey) -> bool:
    if a.group != b.group or a.status != b.status:
        return False
    if a.kind is not None and b.kind is not None and a.kind != b.kind:
        return False
    if a.kind is not None and b.kind is not None and a.recalled != b.recalled:
        # "they had agreed" after a meeting a year ago is not "on Tuesday agreed": the
        # pluperfect recounts an earlier occasion (coded mentions only: ECB+'s gold mentions
        # often tell one event both ways, "police said he had shot" and "the shooting").
        return False
    if _other_people(a, b):
        return False
    if a.countries and b.countries and not (
        a.countries <= b.countries or b.countries <= a.countries
    ):
        return False
    if a.place_country and b.place_country and a.place_country != b.place_country:
        return False
    return not _dates_apart(a.date, b.date)


def one_sentence(a: MentionKey, b: MentionKey) -> bool:
    """Whether two mentions come from one sentence: two events it tells are most often two
    ("fired ... killing two"). Counted against a join (probability 0 in the group's mean, rules
    revision 8), no longer a veto: ECB+ also tells one event twice in one sentence ("the
    shooting ... killed"), and as a veto one such pair kept two whole groups apart for good
    (train topics of ECB+: CoNLL F1 0.771 with the veto, 0.781 without, cross-validated by topic).
    The hand-set decision (``merge.threshold_cluster``) still reads it as a veto."""
    return bool(a.document) and a.document == b.document and a.sentence == b.sentence >= 0


def _other_people(a: MentionKey, b: MentionKey) -> bool:
    """Whether two mentions have one person in common and different people opposite them:
    the ambassador presenting his credentials to Putin is not Sharif lauding Putin, though
    both are Pakistan to Russia. Either side may be the common one ("A met B" is "B met A").
    Two names sharing a word are taken for one person (the resolution does not always join
    "Ellen DeGeneres" and "Comedian Ellen DeGeneres" across articles); a side that is no
    person named in full is left to the countries. Vetoing every pair with different people
    on either side, organisations included, cost 0.024 CoNLL F1 on ECB+'s gold mentions (it
    split events whose doers the resolution or the parse got wrong); this rule cost nothing."""
    sides_a = ((a.source_person, a.target_person), (a.target_person, a.source_person))
    sides_b = ((b.source_person, b.target_person), (b.target_person, b.source_person))
    return any(
        bool(common & other_common) and bool(x) and bool(y) and not x & y
        for common, x in sides_a
        for other_common, y in sides_b
    )

