"""The checkable content of one statement: its clauses (from the analyze stage's parse) and the
names, occasions and time references of its text.

Two statements are compared clause by clause: a value (a count, a date, a place, who acted)
only conflicts with a value *of the same thing*, a clause with the same predicate and a shared
participant. A sentence naming other people or other numbers than another is no evidence they
disagree: they may simply say different things.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from rapidfuzz import fuzz

from storyline.analyze.clauses import name_key, split_suffix, unaccented
from storyline.analyze.lexicon import LIGHT_VERBS, REPORTING_VERBS
from storyline.analyze.resolve import name_words
from storyline.language import ENGLISH
from storyline.model import Analysis, Clause, Quantity
from storyline.numbers import figures, season_at

_WORD = re.compile(r"[a-z0-9]+")

# -- direction words -----------------------------------------------------------------------------

# Two statements on the same axis with opposite signs ("rose" / "fell") never merge.
POLARITY: dict[str, tuple[str, int]] = {}
for _axis, _plus, _minus in (
    (
        "change",
        "rise rises rose risen rising increase increased increases increasing grew grow grows "
        "growing gain gains gained higher climb climbed climbs surge surged surges jump jumped "
        "jumps soar soared soars boost boosted expand expanded expands",
        "fall falls fell fallen falling decrease decreased decreases decreasing decline declined "
        "declines declining drop dropped drops lower shrank shrink shrinks plunge plunged plunges "
        "slump slumped slumps reduce reduced reduces contract contracted",
    ),
    ("outcome", "win wins won victory winner", "lose loses lost defeat defeated loser"),
    ("decision", "approve approved approves accept accepted accepts", "reject rejected rejects"),
    ("agreement", "agree agreed agrees", "disagree disagreed disagrees"),
    ("truth", "confirm confirmed confirms", "denied denies deny"),
    ("stance", "support supported supports backed favour favor", "oppose opposed opposes"),
    ("state", "open opened opens reopened", "close closed closes shut"),
    ("strength", "strengthen strengthened strengthens", "weaken weakened weakens"),
    ("custody", "arrest arrested arrests detained", "release released releases freed"),
    ("life", "survived survive survives alive rescued", "died dies dead killed kill"),
    ("verdict", "guilty convicted", "innocent acquitted"),
):
    for _word in _plus.split():
        POLARITY[_word] = (_axis, 1)
    for _word in _minus.split():
        POLARITY[_word] = (_axis, -1)

# -- occasions ----------------------------------------------------------------------------------

_OCCASION_HEAD = (
    r"summit|forum|conference|congress|assembly|games|olympics|festival|ceremony|convention|"
    r"expo|session|meeting|talks|council|dialogue|cup|championship|election"
)
# "on the sidelines of the Belt and Road Forum", "at the SCO summit", "during the G20 meeting"
_OCCASION = re.compile(
    r"\b(?:sidelines|margins|side-lines|at|during|ahead of|after|before|of|to|attend)\s+(?:the\s+)?"
    r"((?:(?:[A-Z][\w’'.&-]*|\d+\w*|of|and|for|on|the)\s+){0,7}?)"
    r"(?:\(([A-Z]{2,})\)\s+)?((?i:" + _OCCASION_HEAD + r"))\b",
)
_SIDELINES = re.compile(
    r"\b(?:sidelines|margins|side-lines) of\s+(?:the\s+)?((?:[A-Z][\w’'.&-]*\s*)+)"
)
# A visit of a kind: "an official visit", "a state visit" (bilateral, unlike a summit).
_VISIT = re.compile(r"\b(official|state|working|bilateral|private)\s+visit\b", re.I)

# Time references that move a statement away from the story's own event: "last year", "a year
# ago", "earlier" recount another occurrence. A possessive names a thing, not when the statement
# happened: "declined the request ... into meddling in last year's election" is today's news
# (such a statement was kept out of its fact's claim).
_OTHER_TIME = re.compile(
    r"\b(last|previous|next|earlier this|past)\s+(year|month|week|time|meeting|summit)\b(?![’']s)|"
    r"\b(years?|months?|weeks?|days?)\s+ago\b|\bago\b|\bpreviously\b",
    re.I,
)
_ISO_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


# Prefix stemming (language.py): relations/relationship, invite/invitation as one predicate.
stem = ENGLISH.stem


# Endings that turn a verb into its noun or its other forms: "meet"/"meeting",
# "invite"/"invitation", "indict"/"indictment", "announce"/"announcement".
_DERIVATIONS = ("ing", "ment", "ement", "ion", "tion", "ation", "ance", "ence", "s", "ed", "er")


def same_predicate(a: str, b: str) -> bool:
    """One predicate in two forms: the same lemma, or a verb and its noun ("invite" and
    "invitation", "meet" and "meeting"); "sign" and "signal" are two predicates."""
    if a == b:
        return True
    head_a, head_b = a.split()[0], b.split()[0]
    short, long = sorted((head_a, head_b), key=len)
    base = short[:-1] if short.endswith("e") else short
    return len(base) >= 3 and long.startswith(base) and long[len(base) :] in _DERIVATIONS


# Two names this alike are one name spelled two ways (rapidfuzz ratio).
_SPELLING_RATIO = 85.0


def key_of(text: str, label: str) -> str:
    """How the claims compare a name: analyze's ``name_key`` (without accents, any script)."""
    return name_key(text, label)


def same_party(a: str, b: str) -> bool:
    """Two name keys for one party: equal, one the tail of the other ("republican state
    committee" and "new jersey republican state committee"), or one name spelled two ways
    ("Peña" and "Pena"; "Muammar" and "Moammar")."""
    if a == b:
        return True
    a, b = unaccented(a), unaccented(b)
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    # ... or one spelled two ways ("Muammar" and "Moammar").
    return long.endswith(" " + short) or fuzz.ratio(a, b) >= _SPELLING_RATIO


def is_name(text: str, label: str) -> bool:
    """A person's mention names someone, not only a title or rank ("Sgt.", "Ms", "Sergeant")."""
    return label != "PERSON" or bool(name_words(text))


def one_person(a: str, b: str) -> bool:
    """Two written names of one person: one surname (:func:`same_party`), or a name of one
    word that is the other's given name spelled alike ("Katherine" and "Catherine Gomes")."""
    if same_party(key_of(a, "PERSON"), key_of(b, "PERSON")):
        return True
    words_a, words_b = name_words(a), name_words(b)
    if one_surname_written_apart(a, b):
        return True
    short, long = sorted((words_a, words_b), key=len)
    return len(short) == 1 and len(long) > 1 and fuzz.ratio(short[0], long[0]) >= _SPELLING_RATIO


def one_surname_written_apart(a: str, b: str) -> bool:
    """Two names ending in one surname written in one word or two ("Vincent DelGiudice",
    "Vincent Del Giudice")."""
    return bool(_surname_spellings(name_words(a)) & _surname_spellings(name_words(b)))


def _surname_spellings(words: tuple[str, ...]) -> set[str]:
    """A name's last word, and its last two words written as one ("del" + "giudice"), in letters
    only and without accents; with the suffix after them ("Moss Jr." is "mossjr", not "jr"; an
    ordinal is left out: :func:`~storyline.analyze.clauses.split_suffix`)."""
    rest, suffix = split_suffix(words)
    joined = [re.sub(r"[\W_]+", "", unaccented(w)) for w in rest[-2:]]
    if not joined or not joined[-1]:
        return set()
    return {joined[-1] + suffix, "".join(joined) + suffix}


@dataclass(frozen=True, slots=True)
class Marked:
    """A span of a statement that names or measures something, relative to its start."""

    start: int
    end: int
    kind: str  # "person", "place", "date", "number"
    key: str  # name key, ISO date value, or ""
    low: float = 0.0  # for numbers: the interval the figure allows
    high: float = 0.0


@dataclass(frozen=True, slots=True, kw_only=True)
class Facts:
    """The checkable content of one statement."""

    clauses: tuple[Clause, ...]  # asserted or not; the values hang on them
    people: frozenset[str]  # surname keys of the people it names, not of whom it cites
    places: frozenset[str]  # where things happen in it ("in Beijing")
    occasions: tuple[tuple[str, frozenset[str]], ...]  # as written, and its name words
    other_time: bool  # recounts another occurrence ("last year", "a year ago")
    polarity: frozenset[tuple[str, int]]
    frames: frozenset[tuple[str, str]]  # (predicate stem, participant key) of its content verbs
    names: dict[str, str] = field(default_factory=dict)  # key -> as the text writes it
    # people and organisations it names, not whom it cites (the small model calls some people
    # organisations)
    parties: frozenset[str] = frozenset()
    marked: tuple[Marked, ...] = ()  # where it names people and places, dates and figures

    def keys(self) -> int:
        """How much it pins down: a wording with more names, values and occasions is fuller."""
        values = sum(len(c.quantities) + len(c.dates) for c in self.clauses)
        return values + len(self.places) + len(self.people) + len(self.occasions)

    @property
    def predicates(self) -> frozenset[str]:
        return frozenset(stem(c.predicate) for c in self.clauses if content_predicate(c))


def content_predicate(clause: Clause) -> bool:
    """A predicate that carries a fact of its own (not "say", "be", "have")."""
    return clause.predicate.split()[0] not in LIGHT_VERBS


def saying(clause: Clause) -> bool:
    """A clause that reports what was said ("said", "told", "announced"), a deed done again
    on other days."""
    return clause.predicate.split()[0] in REPORTING_VERBS


def occasions(text: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """Each named occasion as written, with its name words and acronym for comparison."""
    found: list[tuple[str, frozenset[str]]] = []
    for match in list(_OCCASION.finditer(text)) + list(_SIDELINES.finditer(text)):
        name = match.group(1) or ""
        words = re.findall(r"[A-Za-z0-9’'&.-]+", name)
        capital = [w for w in words if w[:1].isupper() or w[:1].isdigit()]
        if len(match.groups()) >= 2 and match.group(2):
            capital.append(match.group(2))
        if not capital:
            continue  # "at the meeting": no name, nothing to compare
        name_words = {w.lower().strip(".") for w in capital}
        initials = "".join(w[0] for w in capital if not w.isupper())
        if len(initials) >= 2:
            name_words.add(initials.lower())
        start = match.start(1) if match.group(1) else match.start()
        written = re.sub(
            r"^(?:(?:of|the|at|on|for|and|to|attend)\s+)+", "", text[start : match.end()].strip()
        )
        found.append((written, frozenset(name_words)))
    for match in _VISIT.finditer(text):
        found.append((match.group(0), frozenset({"visit:" + match.group(1).lower()})))
    unique: list[tuple[str, frozenset[str]]] = []
    for written, keys in found:
        subsumed = any(keys < other for _, other in found)
        if not subsumed and keys not in {k for _, k in unique}:
            unique.append((written, keys))
    return tuple(unique)


def same_occasion(a: Facts, b: Facts) -> bool:
    return any(x & y for _, x in a.occasions for _, y in b.occasions)


def unit_facts(text: str, start: int, analysis: Analysis, sentence: int) -> Facts:
    """Facts of the statement ``text`` that starts at ``start`` in its article."""
    end = start + len(text)
    seasons = _seasons(text, start, analysis)
    clauses = tuple(
        _in_seasons(_counting(c, text, start), seasons)
        for c in analysis.clauses
        if c.sentence == sentence and start <= c.start < end
    )
    # Whom a statement cites ("Minister Halvorsen said", "according to the Wire") is its
    # source, not a participant of the fact it states.
    sources = [
        (q.speaker_start, q.speaker_end)
        for q in analysis.quotes
        if q.speaker_start is not None
        and q.speaker_end is not None
        and start <= q.speaker_start < end
    ]
    people: set[str] = set()
    parties: set[str] = set()
    names: dict[str, str] = {}
    for m in analysis.mentions:
        if m.sentence != sentence or not (start <= m.start and m.end <= end):
            continue
        if not is_name(m.text, m.label):
            continue
        if any(s <= m.start and m.end <= e for s, e in sources):
            continue
        key = key_of(m.text, m.label)
        if not key:
            continue
        names.setdefault(key, m.text)
        if m.label == "PERSON":
            people.add(key)
        if m.label in ("PERSON", "ORG"):
            parties.add(key)
    marked: list[Marked] = []
    for m in analysis.mentions:
        inside = m.sentence == sentence and start <= m.start and m.end <= end
        if inside and is_name(m.text, m.label):
            kind = {"PERSON": "person", "GPE": "place", "LOC": "place", "FAC": "place"}.get(
                m.label
            )
            if kind:
                key = key_of(m.text, m.label)
                marked.append(Marked(m.start - start, m.end - start, kind, key))
    for t in analysis.times:
        if start <= t.start and t.end <= end:
            value = seasons.get(t.value or "", t.value or "")
            marked.append(Marked(t.start - start, t.end - start, "date", value))
    for c in clauses:
        for q in c.quantities:
            marked.append(Marked(q.start - start, q.end - start, "number", q.unit, q.low, q.high))
    places = frozenset(p for c in clauses for p in c.places)
    frames = frozenset(
        (stem(c.predicate), arg)
        for c in clauses
        if content_predicate(c)
        for arg in (*c.agents, *c.patients)
    )
    return Facts(
        clauses=clauses,
        people=frozenset(people),
        parties=frozenset(parties),
        places=places,
        occasions=occasions(text),
        other_time=bool(_OTHER_TIME.search(text)),
        polarity=frozenset(POLARITY[w] for w in _WORD.findall(text.lower()) if w in POLARITY),
        frames=frames,
        names=names,
        marked=tuple(sorted(marked, key=lambda x: (x.start, x.end))),
    )


def _counting(clause: Clause, text: str, start: int) -> Clause:
    """The clause's quantities read where they stand (:func:`storyline.numbers.figures`):
    without those whose digits count nothing (a phone number, a time of day, a record), and
    the counts of a share of a whole ("two" and "three" of "a two-in-three chance") as the one
    share they write, its percentage."""
    if not clause.quantities:
        return clause  # nothing to keep or drop: the text need not be read
    found = figures(text)

    def counts(q: Quantity) -> bool:
        inside = [f for f in found if q.start - start <= f.start and f.end <= q.end - start]
        return not inside or any(f.amount is not None for f in inside)

    kept: list[Quantity] = []
    shares: dict[int, int] = {}  # a share's start -> where its quantity is in ``kept``
    for q in clause.quantities:
        share = next(
            (f for f in found if f.share and f.start < q.end - start and q.start - start < f.end),
            None,
        )
        if share is None or share.amount is None:
            if counts(q):
                kept.append(q)
            continue
        if share.start in shares:
            first = kept[shares[share.start]]
            if not first.counted and q.counted:
                kept[shares[share.start]] = replace(first, counted=q.counted)
            continue
        shares[share.start] = len(kept)
        kept.append(
            replace(
                q,
                start=start + share.start,
                end=start + share.end,
                text=text[share.start : share.end],
                low=share.amount.low,
                high=share.amount.high,
                unit="%",
            )
        )
    return clause if kept == list(clause.quantities) else replace(clause, quantities=tuple(kept))


def _seasons(text: str, start: int, analysis: Analysis) -> dict[str, str]:
    """The years the statement's dates write as a season ("in 1982-83", which the time
    expressions resolve to the year 1982), as the ISO interval of both years: "1982/1983"."""
    found: dict[str, str] = {}
    end = start + len(text)
    for t in analysis.times:
        if not (start <= t.start and t.end <= end and t.value and _YEAR.match(t.value)):
            continue
        digit = re.search(r"\d", t.text)
        years = season_at(text, t.start - start + digit.start()) if digit else None
        if years is not None and str(t.value) in {str(y) for y in years}:
            found[t.value] = f"{years[0]}/{years[1]}"
    return found


def _in_seasons(clause: Clause, seasons: dict[str, str]) -> Clause:
    if not seasons or not any(d in seasons for d in clause.dates):
        return clause
    return replace(clause, dates=tuple(seasons.get(d, d) for d in clause.dates))


_YEAR = re.compile(r"^\d{4}$")
_YEARS = re.compile(r"^(\d{4})/(\d{4})$")
_ISO_WEEK = re.compile(r"^(\d{4})-W(\d{2})(-WE)?$")
_DECADE_VALUE = re.compile(r"^[12]\d{2}$")


def date_interval(value: str) -> tuple[date, date] | None:
    """The days an ISO value covers: "2010" a year, "2010-06" a month, "2010-06-11" a day,
    "2010-W23" a week, "2010-W23-WE" its weekend, "193" a decade (TIMEX3's "the 1930s"),
    "1982/1983" a season of two years; None
    for seasons, quarters and the like."""
    if _DECADE_VALUE.match(value):
        return date(int(value) * 10, 1, 1), date(int(value) * 10 + 9, 12, 31)
    years = _YEARS.match(value)
    if years:  # a season of two years, "1982/1983" (:func:`_seasons`)
        return date(int(years.group(1)), 1, 1), date(int(years.group(2)), 12, 31)
    try:
        if _ISO_DATE.match(value):
            parts = [int(p) for p in value.split("-")]
            if len(parts) == 3:
                day = date(parts[0], parts[1], parts[2])
                return day, day
            if len(parts) == 2:
                first = date(parts[0], parts[1], 1)
                last = date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1) - timedelta(days=1)
                return first, last
            return date(parts[0], 1, 1), date(parts[0], 12, 31)
        week = _ISO_WEEK.match(value)
        if week:
            monday = date.fromisocalendar(int(week.group(1)), int(week.group(2)), 1)
            if week.group(3):
                return monday + timedelta(days=5), monday + timedelta(days=6)
            return monday, monday + timedelta(days=6)
    except ValueError:
        return None
    return None


def date_intervals(clause: Clause) -> tuple[tuple[date, date], ...]:
    """The calendar spans of a clause's dates (years, months, weeks, days)."""
    return tuple(span for d in clause.dates if (span := date_interval(d)) is not None)
