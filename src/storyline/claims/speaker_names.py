"""The name a story's remark is shown under: a surname alone as the story's one full name.

Each article resolves its own names ("Brat" to "David Brat" when the article names him), and
the corpus joins an article's lone surname to a full name only when no one else in the corpus
bears it: "Trump" stays apart from "Donald Trump" in a corpus that also names Ivanka Trump. So
one person can head two lists of remarks in one story ("Hutchinson" from the outlet that never
wrote his given name, and "Asa Hutchinson" from the two that did). Within a story the reader
knows whom the surname means when the story's own articles give exactly one person of that
surname a full name: the remark is shown under it (:func:`full_speaker_names`). The quotes
themselves are not changed, and remarks are aligned by surname anyway (``speaker_keys``).

Also who a remark's speaker is when outlets are compared: one surname (:func:`speaker_key`),
one person's name written two ways (:func:`same_speaker`), or one of the makers of a remark
made jointly (:func:`joint_remark`, :func:`joint_makers`); and a claim's wording with a
speaker written "he" or "she" or as the holder of a role ("the governor"), or a subject
pronoun opening it, named (:func:`pronoun_speakers_named`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

from storyline.analyze.clauses import name_key
from storyline.analyze.lexicon import ROLE_NOUNS, SPEAKER_PRONOUNS
from storyline.analyze.resolve import person_words
from storyline.claims.facts import one_surname_written_apart
from storyline.model import Analysis, Quote, Referent, speakers_shown

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


# Speakers written as a pronoun that the analysis resolved ("he", "she" to a person, "it" to an
# organisation, "they" to people named together): the wording of a claim shows whom they stand
# for, where the pronoun is the sentence's own
# speaker: opening it (after "But", "Then", ...), right after a quotation ('“...,” she
# said') or between the pieces of its quotation. A pronoun inside a clause ("at a fundraiser
# in which he talked", "who is insistent he is not a candidate") is left as written: there the
# analysis's reading of who spoke is least sure.
_OPENING = (
    r"(?:(?:But|And|Then|So|Still|Yet|Later)\s*,?\s*)?"
    # and one opening phrase set off by a comma, with no quotation in it: "On Thursday, he
    # told reporters ...", "In a statement, she said ...", "As governor, he called for ..."
    r"(?:[^\W\d_][^,\"“”]{0,60},\s*)?"
)
_SPEAKER_AT = re.compile(_OPENING + r"|.*[,.!?;:][\"”’']\s*")
# A pronoun that is the sentence's subject (``Analysis.referents``) is named where it opens the
# sentence, after at most one of those words: "He settled into a corner booth as residents
# explained ..." reads "He [Eric Holder] settled ...".
_SUBJECT_AT = re.compile(_OPENING)


# A speaker written as the holder of a role ("the governor", "the former vice president", "the
# seven-term congressman"): "the" and at most this many words, the last of them a role noun.
_DESCRIPTION_MAX_WORDS = 4


def _role_description(text: str) -> bool:
    """Whether a speaker's words are a definite role description, which names no one to a
    reader of the claim alone ("“I'm not that cool,” the governor replied")."""
    words = text.lower().split()
    return (
        1 < len(words) <= _DESCRIPTION_MAX_WORDS
        and words[0] == "the"
        and any(" ".join(words[-len(r.split()) :]) == r for r in ROLE_NOUNS)
    )


def pronoun_speakers_named(
    wording: str,
    sentence: str,
    sentence_start: int,
    quotes: Sequence[Quote],
    referents: Sequence[Referent] = (),
) -> str:
    """A claim's wording with each pronoun speaker of its sentence followed by the person it
    stands for, in brackets as an editor inserts a name: '“...,” she said.' reads '“...,” she
    [Nancy Pelosi] said.', "it said" "it [Microsoft] said", "they said" "they [David Long and
    Brian Bosma] said"; a speaker written as the holder of a role likewise ("the governor
    [Deval Patrick] replied"). ``sentence`` is the statement's text as analysed (from
    ``sentence_start`` in its article), ``wording`` the same sentence as shown (the source's
    own characters, perhaps with a quotation mark added): the pronoun is found in it as the
    same occurrence of that word; a person is named once, and not when the sentence names them
    before the pronoun (a role description: anywhere in it). A claim is read apart from its
    article, where "he" or "the governor" names no one. The
    ``referents`` name a pronoun that opens the sentence as its subject the same way ("He
    [Eric Holder] settled into a corner booth ...")."""
    named: dict[int, tuple[str, str, str]] = {}  # offset -> pronoun, shown, first speaker
    for q in quotes:
        if (
            q.speaker_name
            and q.speaker_text
            and (q.speaker_text.lower() in SPEAKER_PRONOUNS or _role_description(q.speaker_text))
            and q.speaker_start is not None
            and 0 <= q.speaker_start - sentence_start < len(sentence)
            and (
                _SPEAKER_AT.fullmatch(sentence[: q.speaker_start - sentence_start])
                # or set between the two pieces of its quotation: '“And if I did” spend the
                # funds, he said, “it was an accident.”'
                or q.content_start < q.speaker_start < q.content_end
            )
        ):
            shown = speakers_shown(q.speaker_name, q.co_speakers) or q.speaker_name
            named[q.speaker_start - sentence_start] = (q.speaker_text, shown, q.speaker_name)
    for r in referents:
        offset = r.start - sentence_start
        if 0 <= offset < len(sentence) and _SUBJECT_AT.fullmatch(sentence[:offset]):
            named.setdefault(offset, (r.text, r.name, r.name))
    places: dict[str, int] = {}  # each person named once, at the first pronoun standing for them
    for offset, (pronoun, name, first) in sorted(named.items()):
        word = re.compile(rf"\b{re.escape(pronoun)}\b", re.IGNORECASE)
        nth = len(word.findall(sentence[:offset]))
        found = list(word.finditer(wording))
        if nth >= len(found) or name in places:
            continue
        at = found[nth].end()
        # Named before the pronoun already ("LePage was upset because he ..."): no need; nor
        # after a description, which a name in apposition often follows ("the mayor of
        # Hoboken, Dawn Zimmer, said").
        surname = first.split()[-1]
        seen = wording if _role_description(pronoun) else wording[:at]
        if not re.search(rf"\b{re.escape(surname)}\b", seen):
            places[name] = at
    for name, at in sorted(places.items(), key=lambda item: -item[1]):
        wording = f"{wording[:at]} [{name}]{wording[at:]}"
    return wording


# -- who a remark's speaker is ---------------------------------------------------------------


def speaker_key(q: Quote) -> str | None:
    """Who said it, compared by surname ("Brat" and "David Brat" are one speaker); None when
    the speaker is not resolved to a person or organisation (a pronoun, a place)."""
    if not q.speaker_name:
        return None
    return name_key(q.speaker_name, "PERSON") or None


def speaker_keys(quotes: Sequence[Quote]) -> list[str | None]:
    """:func:`speaker_key` of each quote, one key for the speakers whose names end in one
    surname written in one word or two ("Rosa DelVecchio", "Rosa Del Vecchio"): the key of the
    first such name."""
    keys = [speaker_key(q) for q in quotes]
    first_name: dict[str, str] = {}  # a key -> the first full name seen with it
    for key, q in zip(keys, quotes, strict=True):
        if key is not None and q.speaker_name:
            first_name.setdefault(key, q.speaker_name)
    same: dict[str, str] = {}
    names = list(first_name.items())
    for i, (key, name) in enumerate(names):
        for earlier, earlier_name in names[:i]:
            if one_surname_written_apart(name, earlier_name):
                same[key] = same.get(earlier, earlier)
                break
    return [same.get(k, k) if k is not None else None for k in keys]


def same_speaker(a: Quote, b: Quote) -> bool:
    """Whether two quotes are one speaker's: one entity, one surname, one of a joint remark's
    makers, or one person's name written two ways."""
    if a.speaker_entity_id is not None and a.speaker_entity_id == b.speaker_entity_id:
        return True
    if speaker_key(a) == speaker_key(b) or joint_remark(a, b):
        return True
    # One person's name written two ways ("Vincent DelGiudice", "Vincent Del Giudice").
    return bool(
        a.speaker_name
        and b.speaker_name
        and one_surname_written_apart(a.speaker_name, b.speaker_name)
    )


def joint_remark(a: Quote, b: Quote) -> bool:
    """Whether one quote's speaker made the remark together with the other's ("Pelosi and
    Schumer said in a joint statement" against "Mr. Schumer said"): one remark, not two
    speakers of the same words."""
    if not (a.co_speakers or b.co_speakers):
        return False  # most remarks: no surname to read
    key_a, key_b = speaker_key(a), speaker_key(b)
    return (key_b is not None and key_b in _co_speaker_keys(a)) or (
        key_a is not None and key_a in _co_speaker_keys(b)
    )


def _co_speaker_keys(q: Quote) -> set[str]:
    return {k for name in q.co_speakers if (k := name_key(name, "PERSON"))}


def joint_makers(renderings: Sequence[Quote], shown: str | None) -> tuple[str, ...]:
    """Who made a remark with the speaker it is shown under: every rendering's co-speakers, and
    the speakers of renderings that name one of them alone ("Mr. Schumer said" beside "Pelosi
    and Schumer said" shown under Pelosi)."""
    joint = [name for q in renderings for name in q.co_speakers]
    keys = {name_key(name, "PERSON") for name in joint}
    joint += [q.speaker_name for q in renderings if q.speaker_name and speaker_key(q) in keys]
    skip = {name_key(shown, "PERSON")} if shown else set()
    makers: dict[str, str] = {}
    for name in joint:
        key = name_key(name, "PERSON")
        if key and key not in skip:
            makers.setdefault(key, name)
    return tuple(makers.values())
