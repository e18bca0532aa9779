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

from collections import defaultdict
from collections.abc import Iterable, Sequence

from storyline.analyze.clauses import name_key
from storyline.analyze.resolve import person_words
from storyline.model import Analysis

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
