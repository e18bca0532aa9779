"""The name a story's remark is shown under: a surname alone as the story's one full name.

Each article resolves its own names ("Brat" to "David Brat" when the article names him), and
the corpus joins an article's lone surname to a full name only when no one else in the corpus
bears it: "Trump" stays apart from "Donald Trump" in a corpus that also names Ivanka Trump. So
one person can head two lists of remarks in one story ("Hutchinson" from the outlet that never
wrote his given name, and "Asa Hutchinson" from the two that did). Within a story the reader
knows whom the surname means when the story's own articles give exactly one person of that
surname a full name: the remark is shown under it (:func:`full_speaker_names`). The quotes
themselves are not changed, and remarks are aligned by surname anyway (``speaker_keys``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

from storyline.analyze.clauses import name_key
from storyline.analyze.lexicon import PERSON_SUBJECT_PRONOUNS
from storyline.analyze.resolve import person_words
from storyline.model import Analysis, Quote

# A full name: the speaker's name and its entity.
FullName = tuple[str, str]


def full_speaker_names(analyses: Iterable[Analysis]) -> dict[str, FullName]:
    """For each surname key the one full name the given articles (a story's own) quote a
    resolved speaker by, when their person mentions and speakers give that surname one given
    name only ("Asa Hutchinson"; none for "Trump" when the articles name Donald and Melania)."""
    given: defaultdict[str, set[str]] = defaultdict(set)
    named: dict[str, FullName] = {}
    for analysis in analyses:
        for mention in analysis.mentions:
            if mention.label == "PERSON":
                _note(given, mention.text)
        for quote in analysis.quotes:
            if quote.speaker_name and quote.speaker_entity_id:
                key = _note(given, quote.speaker_name)
                if key is not None:
                    named.setdefault(key, (quote.speaker_name, quote.speaker_entity_id))
    return {key: name for key, name in named.items() if len(given[key]) == 1}


def _note(given: defaultdict[str, set[str]], text: str) -> str | None:
    """Record a full name's given name under its surname key; the key, or None for a name of
    one word."""
    words = person_words(text)
    if len(words) < 2:
        return None
    key = name_key(text, "PERSON")
    given[key].add(words[0])
    return key


def shown_name(
    name: str | None, entity: str | None, full: dict[str, FullName]
) -> tuple[str | None, str | None]:
    """The name and entity a remark is shown under: its speaker's, or for a surname alone
    (resolved to an entity or only as written: "Sellers" where the parse named no one), the
    story's one full name of that surname."""
    if name and name[:1].isupper() and len(person_words(name)) == 1:
        return full.get(name_key(name, "PERSON"), (name, entity))
    return name, entity


def story_analyses(
    analyses: dict[str, Analysis], article_ids: Sequence[str], background: set[str]
) -> list[Analysis]:
    """The analyses of a story's own articles (not the related stories' it reads)."""
    return [analyses[a] for a in article_ids if a in analyses and a not in background]


# Speakers written as a pronoun that the analysis resolved to a person ("he", "she"): the
# wording of a claim shows whom they stand for, where the pronoun is the sentence's own
# speaker: opening it (after "But", "Then", ...) or right after a quotation ('“...,” she
# said'). A pronoun inside a clause ("at a fundraiser in which he talked", "who is insistent
# he is not a candidate") is left as written: there the analysis's reading of who spoke is
# least sure.
_SPEAKER_AT = re.compile(r"(?:(?:But|And|Then|So|Still|Yet|Later)\s*,?\s*)?|.*[,.!?;:][\"”’']\s*")


def pronoun_speakers_named(
    wording: str, sentence: str, sentence_start: int, quotes: Sequence[Quote]
) -> str:
    """A claim's wording with each pronoun speaker of its sentence followed by the person it
    stands for, in brackets as an editor inserts a name: '“...,” she said.' reads '“...,” she
    [Nancy Pelosi] said.'. ``sentence`` is the statement's text as analysed (from
    ``sentence_start`` in its article), ``wording`` the same sentence as shown (the source's
    own characters, perhaps with a quotation mark added): the pronoun is found in it as the
    same occurrence of that word; a person is named once, and not when the sentence names them
    before the pronoun. A claim is read apart from its article, where "he" names no one."""
    named: dict[int, tuple[str, str]] = {}
    for q in quotes:
        if (
            q.speaker_name
            and q.speaker_text
            and q.speaker_text.lower() in PERSON_SUBJECT_PRONOUNS
            and q.speaker_start is not None
            and 0 <= q.speaker_start - sentence_start < len(sentence)
            and _SPEAKER_AT.fullmatch(sentence[: q.speaker_start - sentence_start])
        ):
            named[q.speaker_start - sentence_start] = (q.speaker_text, q.speaker_name)
    places: dict[str, int] = {}  # each person named once, at the first pronoun standing for them
    for offset, (pronoun, name) in sorted(named.items()):
        word = re.compile(rf"\b{re.escape(pronoun)}\b", re.IGNORECASE)
        nth = len(word.findall(sentence[:offset]))
        found = list(word.finditer(wording))
        if nth >= len(found) or name in places:
            continue
        at = found[nth].end()
        # Named before the pronoun already ("LePage was upset because he ..."): no need.
        surname = name.split()[-1]
        if not re.search(rf"\b{re.escape(surname)}\b", wording[:at]):
            places[name] = at
    for name, at in sorted(places.items(), key=lambda item: -item[1]):
        wording = f"{wording[:at]} [{name}]{wording[at:]}"
    return wording
