"""Who holds an office: two similar statements of one story's own articles naming different
people as the holder of one office ("Colorado Attorney General John Suthers" against
"Colorado's attorney general, Adam Hayward") contradict each other, whatever else differs. An
office is read from the title phrase written right before a name, in apposition before it
("BuzzFeed's editor in chief, Ben Smith", from its article on: "sent to the Senate majority
leader, Ellen Marsh") or after it ("Trey Gowdy, the committee chairman");
it counts only when it names an office one person holds at a time
(analyze.lexicon.OFFICE_HEADS, never a shared role such as "senator" or "lawyer") and nothing
marks the person as a past or future holder ("former", "then", "incoming", "a"). An
organisation written out is the one another statement names by its initials ("Republican
National Committee Chairman", "RNC Chairman").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from storyline.analyze.lexicon import (
    NOT_THE_HOLDER,
    OFFICE_GENERAL_PARTS,
    OFFICE_HEADS,
    SHARED_ROLE_WORDS,
    TITLE_ROLES,
)
from storyline.claims.facts import Marked, same_party
from storyline.claims.findings import Finding
from storyline.claims.units import STOPWORDS, Unit

# Confidence of an office-holder conflict: the office is read from a few words next to a name.
OFFICE_CONFIDENCE = 0.7
# Longest title phrase read (in words), and the fewest words an office key keeps: one word
# ("President", "Gov.") names a title many people hold somewhere.
_MAX_TITLE_WORDS = 6
_MIN_KEY_WORDS = 2
# Words of a title phrase that do not tell one office from another: the country it serves
# ("U.S."), and "current"/"acting" (the holder either way).
_NEUTRAL = frozenset({"u", "s", "us", "current", "acting"})
_TOKEN = re.compile(r"\w+")
# Courtesy and chamber titles written between an office and a name ("Committee Chairman Rep.
# Colin Powell"): the analysis's abbreviated titles (and "Rev."), skipped when reading the
# office back from the name.
# A legislator's title written in full ("Representative", "Senator") is one too: a role many
# hold at once, never the office.
_COURTESY = frozenset(
    t for t, role in TITLE_ROLES.items() if t.endswith(".") or role == "legislator"
) | {"rev."}


@dataclass(frozen=True, slots=True)
class Office:
    """A person named as the holder of an office, in one statement."""

    key: frozenset[str]  # the office's words, order and case aside
    # The keys of the phrase with an organisation's name written as its initials: "Republican
    # National Committee Chairman" is "RNC Chairman" where another statement writes that.
    initials: frozenset[frozenset[str]]
    written: str  # the title phrase as written
    person: str  # the person's name key
    name: str  # the name as written


def _office_key(phrase: str) -> frozenset[str] | None:
    """The office a title phrase names, or None when it names no single office."""
    words = [w.lower().removesuffix("'s").removesuffix("’s") for w in _TOKEN.findall(phrase)]
    if any(w in NOT_THE_HOLDER for w in words) or any(w in SHARED_ROLE_WORDS for w in words):
        return None
    key = frozenset(w for w in words if w not in STOPWORDS and w not in _NEUTRAL)
    head = key & OFFICE_HEADS or ({"general"} & key if key & OFFICE_GENERAL_PARTS else set())
    if len(key) < _MIN_KEY_WORDS or not head:
        return None
    return key


def _initials_keys(phrase: str) -> frozenset[frozenset[str]]:
    """The office keys of a title phrase with a run of two or more capitalized words written as
    its initials (an organisation's acronym). They are matched only against a key as written:
    "House Minority Leader" and "House Majority Leader" both shorten to "HM Leader"."""
    words = phrase.split()
    phrases = []
    for i in range(len(words)):
        for j in range(i + 2, len(words) + 1):
            run = words[i:j]
            if not all(w[:1].isupper() for w in run):
                break
            phrases.append(" ".join([*words[:i], "".join(w[0] for w in run), *words[j:]]))
    return frozenset(key for p in phrases if (key := _office_key(p)) is not None)


def _before(text: str, start: int) -> str:
    """The title phrase written right before a name: capitalized words back from it
    ("U.S. Deputy Attorney General"), "of"/"the" between them ("Secretary of the Interior"),
    courtesy titles skipped; or, after a comma, the phrase back to the previous comma or the
    sentence's start ("Colorado's attorney general, Adam Hayward")."""
    head = text[:start].rstrip()
    # "the board's chairman, Representative Tom Reyes": the courtesy title goes first.
    while head and head.split()[-1].lower() in _COURTESY:
        head = head[: head.rfind(head.split()[-1])].rstrip()
    if head.endswith(","):
        phrase = head[:-1].rsplit(",", 1)[-1]
        for mark in (":", "―", "—", "–", '"', "“", "”"):
            phrase = phrase.rsplit(mark, 1)[-1]
        words = _from_determiner(phrase.split())
        return " ".join(words) if len(words) <= _MAX_TITLE_WORDS else ""
    words = head.split()
    taken: list[str] = []
    while words and len(taken) < _MAX_TITLE_WORDS:
        word = words[-1]
        if not (word[:1].isupper() or (taken and word.lower() in ("of", "the"))):
            break
        if word.endswith(","):
            break  # "On Wednesday, Senate Majority Leader ...": the comma ends the title
        taken.insert(0, words.pop())
    while taken and taken[0].lower() in ("of", "the"):
        taken.pop(0)
    if taken and words and words[-1].lower() in NOT_THE_HOLDER:
        return ""  # "former New York City Mayor Michael Bloomberg"
    return " ".join(taken)


def _from_determiner(words: list[str]) -> list[str]:
    """An appositive title phrase from its article on: the words before it belong to the
    sentence ("sent to the Senate majority leader, Ellen Marsh" names the office "Senate
    majority leader"). The "the" of an "of the" phrase is inside the title ("the secretary of
    the Interior"); without a "the" the phrase is kept whole ("Colorado's attorney general")."""
    for k in range(len(words) - 1, -1, -1):
        if words[k].lower() == "the" and (k == 0 or words[k - 1].lower() != "of"):
            return words[k:]
    return words


def _after(text: str, end: int) -> str:
    """The title phrase in apposition after a name: ", the committee chairman," (starting with
    "the", up to the next comma or the sentence's end)."""
    rest = text[end:]
    match = re.match(r"\s*(?:\([^)]*\))?\s*,\s*(the\s[^,.;:()]+)", rest, re.IGNORECASE)
    if match is None:
        return ""
    words = match.group(1).split()
    return " ".join(words) if len(words) <= _MAX_TITLE_WORDS else ""


@functools.lru_cache(maxsize=1 << 14)
def _offices(text: str, persons: tuple[Marked, ...]) -> tuple[Office, ...]:
    found: list[Office] = []
    for person in persons:
        if not person.key:
            continue
        name = text[person.start : person.end]
        for phrase in (_before(text, person.start), _after(text, person.end)):
            key = _office_key(phrase) if phrase else None
            if key is not None:
                found.append(Office(key, _initials_keys(phrase), phrase, person.key, name))
                break
    return tuple(found)


def offices(u: Unit) -> tuple[Office, ...]:
    """The offices a statement names a holder of."""
    persons = tuple(m for m in u.facts.marked if m.kind == "person")
    return _offices(u.text, persons) if persons else ()


def office_holders(a: Unit, b: Unit) -> list[Finding]:
    """Two statements about one thing naming different people as the holder of one office,
    both the story's own (a related story's article may be from another term of office), when
    neither statement names the other's person at all (then both are told apart, not
    confused)."""
    if a.background or b.background:
        return []
    named_a = [m.key for m in a.facts.marked if m.kind == "person"]
    named_b = [m.key for m in b.facts.marked if m.kind == "person"]
    for x in offices(a):
        for y in offices(b):
            if not _one_office(x, y) or same_party(x.person, y.person):
                continue
            if _names(a, y, named_a) or _names(b, x, named_b):
                continue
            shown = f"{x.written} {x.name} against {y.written} {y.name}"
            return [Finding("participant", shown, OFFICE_CONFIDENCE, "holder of the office")]
    return []


def _one_office(x: Office, y: Office) -> bool:
    return x.key == y.key or x.key in y.initials or y.key in x.initials


def _names(u: Unit, holder: Office, named: Sequence[str]) -> bool:
    """Whether a statement names ``holder``'s person: a name the parse found, or the surname
    written (the small model misses names inside a relative clause)."""
    surname = holder.name.split()[-1]
    return any(same_party(holder.person, k) for k in named) or bool(
        re.search(rf"\b{re.escape(surname)}\b", u.text)
    )
