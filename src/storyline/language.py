"""The one home of the word lists and stemmers the stages share, per language.

Each stage asks for the lists of an article's language (``for_language(article.language)``);
English is the only language written so far, and an article in another or unknown language
falls back to it (the spaCy pipeline the analyzer loads is English too). Month and weekday
names live in ``calendar_words.py``, the one reader of dates.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


@dataclass(frozen=True, slots=True)
class Language:
    """The word lists of one language, each named by what it leaves out and why."""

    code: str
    # Pronouns, articles, prepositions, auxiliaries: words that say nothing about an event.
    function_words: frozenset[str]
    # Words every report uses to attribute ("said", "according"): shared by all, telling none apart.
    reporting_words: frozenset[str]
    # Left out of a story's terms: the above plus the vocabulary of news itself ("report",
    # "year", "new") that every story shares (tuned with benchmarks/stories_quality.py).
    story_stop_words: frozenset[str]
    # Left out of a statement's content words when claims compare statements.
    claim_stop_words: frozenset[str]
    # Frequent words of 4+ letters that carry no fact: left out of a passage's key terms (reuse).
    key_term_stop_words: frozenset[str]
    # A light suffix stemmer: "killed"/"kills"/"killing" as one form (story terms, names).
    normalize_word: Callable[[str], str]
    # A prefix stemmer: "relations"/"relationship", "invite"/"invitation" (claims' predicates).
    stem: Callable[[str], str]
    # How a line opens when it talks to the reader about the text rather than stating a fact:
    # it hangs on the sentence before ("Which brings us back to ...") or points at what follows
    # ("Here are the replies."). Lower case, matched as the line's first words.
    discourse_openers: tuple[str, ...] = ()
    # Subjects that point back at the sentence before ("He said ...", "Their lawyers ..."): a
    # sentence opening with one (after a linking word: "But they noticed ...") names no one
    # out of its article. Lower case, whole words.
    pointing_subjects: frozenset[str] = frozenset()
    linking_openers: frozenset[str] = frozenset()
    # Openers that may point back ("That separates ...", "It would require ...") or not ("This
    # week ...", "It is unclear ..."): a wording without them is preferred, none is refused.
    maybe_pointing: frozenset[str] = frozenset()


_ENGLISH_FUNCTION_WORDS = _words(
    """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself yourselves
    """
)
_ENGLISH_REPORTING_WORDS = _words("said says say told according")


@functools.lru_cache(maxsize=1 << 16)
def _english_normalize_word(word: str) -> str:
    # Cached: news vocabulary repeats, and every article's words pass here each run.
    w = word.lower().replace("\u2019", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) > 5 and w.endswith("ies"):
        return w[:-3] + "y"
    for suffix in ("ing", "ed", "es", "s"):
        if len(w) > len(suffix) + 3 and w.endswith(suffix) and not w.endswith("ss"):
            return w[: -len(suffix)]
    return w


def _english_stem(word: str) -> str:
    # Crude and language-light, and good enough to equate relations/relationship,
    # invite/invitation and cooperate/cooperation.
    return word[:5]


ENGLISH = Language(
    code="en",
    function_words=_ENGLISH_FUNCTION_WORDS,
    reporting_words=_ENGLISH_REPORTING_WORDS,
    story_stop_words=_ENGLISH_FUNCTION_WORDS
    | _ENGLISH_REPORTING_WORDS
    | _words(
        """news report reported reports reporting one two new year years time may might must
        shall us mr mrs ms per via"""
    ),
    claim_stop_words=_ENGLISH_FUNCTION_WORDS
    | _ENGLISH_REPORTING_WORDS
    | _words("tells added adding"),
    key_term_stop_words=_words(
        """
        that this with from have were been said will their they which would about there also
        after more other into than some what when over only such could these those them then
        says while being where both each very just like most made many much under between during
        before through against should does including since until because however among further
        first last even well still told added according your here upon within without across
        must same whose shall might make makes take took give gave come came want wants wanted
        going done doing thus hence therefore moreover furthermore addition often again ever
        never always already
        """
    ),
    normalize_word=_english_normalize_word,
    stem=_english_stem,
    discourse_openers=("which ", "here is ", "here are ", "here's ", "here\u2019s ",
                       "below is ", "below are "),
    pointing_subjects=frozenset({"he", "she", "they", "his", "her", "its", "their"}),
    maybe_pointing=frozenset({"it", "this", "that", "these", "those"}),
    linking_openers=frozenset({"but", "and", "so", "yet", "still", "also"}),
)

_LANGUAGES = {ENGLISH.code: ENGLISH}


def for_language(code: str | None) -> Language:
    """The word lists of a language code ("en", "en-GB"); English for one not written yet."""
    if code:
        found = _LANGUAGES.get(code.lower().split("-")[0].split("_")[0])
        if found is not None:
            return found
    return ENGLISH
