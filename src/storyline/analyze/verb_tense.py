"""The tense of the verb that governs a time expression, and whether the time points ahead.

What analyze/times.py asks of the parse before it values an expression: "future", "past" or
"present" of the governing verb (a scheduled event or a plan counts as future, a present-tense
reporting verb as past), whether a verb in the simple past governs the time directly, whether
that verb has a modal, and whether the time is a deadline or a plan ("by February", "would be
paid in January"), so one still to come.
"""

from __future__ import annotations

from typing import Any

from storyline.analyze.lexicon import INTENT_VERBS, REPORTING_VERBS

# Verbs that put what they govern on a timetable: "set to resume Monday", "is scheduled Monday".
_SCHEDULE_VERBS = {"schedule", "set", "slate", "expect", "plan", "due", "intend", "aim"}
# Verbs that state an intention or a commitment: told in the past, what they govern still
# points ahead of the telling ("agreed to buy the line in February", written in October, is
# next February; benchmarks/analyze_quality.py, TimeBank A+B1: one more right, none lost).
# Not an expectation or a timetable, which may have passed, nor an attempt, which happened
# when it was made ("tried to reach him Monday").
_NOT_PLANS = {"expect", "try", "attempt", "seek", "consider", "prepare", "offer"}
_PLAN_VERBS = (INTENT_VERBS | {"agree", "decide"}) - _NOT_PLANS
_PAST_AUX = {"had", "has", "have", "did", "was", "were"}
# Verbs whose past tense is spelled as the present: "hurt" after a plural subject is past.
_SAME_PAST = {"hurt", "cut", "put", "set", "hit", "cost", "let", "quit", "shut", "spread", "bid"}


def tense(token: Any) -> str:
    """ "future", "past" or "present" of the verb that governs ``token``.

    Scheduled events count as future: an infinitive under a timetable verb or a present-tense
    verb ("is to resume Tuesday", "is scheduled to close Monday", "the talks resume Monday");
    a present-tense reporting verb ("says Monday") is past, as in broadcast news.
    """
    if token.dep_ == "poss":
        return "present"  # "follows Tuesday's vote": the day is not when the verb happens
    head = token
    for _ in range(6):
        if head.pos_ in {"VERB", "AUX"} or head.dep_ == "ROOT":
            break
        head = head.head
    children = list(head.children)
    lowered = {c.lower_ for c in children if c.dep_ in {"aux", "auxpass"}}
    if lowered & {"will", "'ll", "shall", "wo"} or any(c.lower_ == "going" for c in children):
        return "future"
    scheduled = head.tag_ in {"VBZ", "VBP", "VB"} or (
        head.tag_ == "VBN" and bool(lowered & {"is", "are", "'s", "be"})
    )
    if head.tag_ == "VB" and "to" in lowered:
        governor = head.head
        if (
            governor.i != head.i
            and (governor.lemma_ in _SCHEDULE_VERBS or governor.tag_ in {"VBZ", "VBP"})
            and not {c.lower_ for c in governor.children} & _PAST_AUX
            and governor.tag_ != "VBD"
        ):
            return "future"
        # A plan told in the past still looks ahead of when it was told ("said they did not
        # plan to remove him Thursday"); not a plan that had been overtaken ("had planned to
        # leave Friday"), nor an expectation or a timetable, which may have passed ("was
        # expected to close Monday").
        if (
            governor.i != head.i
            and governor.lemma_ in _PLAN_VERBS
            and not {c.lower_ for c in governor.children if c.dep_ in {"aux", "auxpass"}}
            & {"had"}
        ):
            return "future"
    if head.lemma_ in _SCHEDULE_VERBS and scheduled and not lowered & _PAST_AUX:
        return "future"
    if head.tag_ in {"VBD"} or lowered & _PAST_AUX:
        return "past"
    if head.tag_ == "VBN":
        return "past"
    if (
        head.tag_ in {"VBZ", "VBP"}
        and head.lemma_ not in REPORTING_VERBS | {"be", "have"}
        and not (head.tag_ == "VBP" and head.lower_ in _SAME_PAST)
    ):
        return "future"
    return "present"


def past_governed(token: Any) -> bool:
    """Whether a verb in the simple past governs ``token`` directly or through one preposition
    ("changed ... in December"), not through a chain of words ("authorized a split, payable
    Dec. 7", where the date belongs to "payable")."""
    head = token.head
    if head.dep_ == "prep" and head.i != token.i:
        head = head.head
    return bool(head.tag_ == "VBD")


def modal(token: Any) -> bool:
    """Whether the verb governing ``token`` has a modal ("would be redeemed", "could rise")."""
    head = token
    for _ in range(6):
        if head.pos_ in {"VERB", "AUX"} or head.dep_ == "ROOT":
            break
        head = head.head
    return any(c.tag_ == "MD" for c in head.children)


def looks_ahead(token: Any) -> bool:
    """Whether the time ``token`` heads is a deadline or a plan, so one still to come: the
    object of "by"/"until" ("pay down the loan by February", "gave it until mid-November"), or
    governed through one preposition by a verb with a modal ("would be paid in January"); not
    when that verb is in the past perfect ("until Thursday, they had not called him")."""
    head = token.head
    prep = head if head.dep_ == "prep" and head.i != token.i else None
    verb = prep.head if prep is not None else head
    # Through the nouns the time qualifies, and a gerund after a preposition, to the verb they
    # hang on: "would be paid on a date in January", "can help in planning the summit in April".
    for _ in range(_NOUN_HOPS):
        gerund = verb.tag_ == "VBG" and verb.dep_ in {"pcomp", "pobj"}
        if (verb.pos_ not in {"NOUN", "PROPN"} and not gerund) or verb.dep_ == "ROOT":
            break
        verb = verb.head.head if verb.head.dep_ == "prep" else verb.head
    if verb.pos_ not in {"VERB", "AUX"}:
        return False
    auxiliaries = {c.lower_ for c in verb.children if c.dep_ in {"aux", "auxpass"}}
    if "had" in auxiliaries:
        return False
    deadline = token.dep_ == "pobj" and prep is not None and prep.lower_ in _DEADLINE_WORDS
    return deadline or any(c.tag_ == "MD" for c in verb.children)


# How many nouns a time may qualify on its way to the verb whose modal makes it a plan.
_NOUN_HOPS = 3

# Words before a time that make it a deadline, so one still to come.
_DEADLINE_WORDS = frozenset({"by", "until", "till"})
