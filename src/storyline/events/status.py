"""Whether a clause is said to have happened: a question, a denial, a condition or a
possibility, a plan or a "will", read from the clause, the clause it hangs on and its words.

What a sentence does not assert is kept and marked: a negated clause is ``denied``, a question
``question``, a condition or a possibility ``hypothetical``, a plan or a "will" ``future``, else
``happened``.
"""

from __future__ import annotations

from collections.abc import Mapping

from storyline.events.lexicon import REPORTING
from storyline.model import Clause, EventStatus

_FUTURE_MODALS = frozenset({"will", "shall", "plan"})
# Nouns a clause can hang on that make it a plan, a proposal or a call, not a deed.
_PLAN_LINKS = frozenset(
    {"plan", "proposal", "call", "offer", "threat", "intention", "bid", "attempt", "effort",
     "promise", "pledge", "commitment", "hope", "readiness", "ready", "willing", "able",
     "invitation", "agenda", "roadmap", "opportunity", "intent", "desire", "keen", "need",
     "willingness", "wish", "aim", "goal", "ambition"}
)
_DENIAL_GOVERNORS = frozenset({"deny", "reject", "dismiss", "refute"})
# Governors whose complement (of any relation) is still to come: "looking forward to visit".
_FUTURE_GOVERNORS = frozenset(
    {"look", "look forward", "plan", "intend", "hope", "want", "wish", "aim", "prepare",
     "expect", "invite", "propose", "decide", "schedule"}
)


def _non_finite(clause: Clause, governor: Clause) -> bool:
    """A complement without a subject of its own ("... to undertake a visit"): its doers are
    all its governor's (analyze passes them down); "as he held talks" has its own."""
    if clause.relation in ("xcomp", "acl"):
        return True
    own = {a.start for a in clause.arguments if a.role == "agent"}
    above = {a.start for a in governor.arguments if a.role == "agent"}
    return clause.relation == "advcl" and own <= above


def status_of(clause: Clause, by_start: Mapping[int, Clause]) -> EventStatus:
    """Whether a clause is asserted as having happened, or how it is not."""
    if clause.modal == "?":
        return "question"
    if clause.negated:
        return "denied"
    if clause.modal == "if":
        return "hypothetical"
    governor = by_start.get(clause.governor) if clause.governor is not None else None
    denial = governor is not None and governor.predicate in _DENIAL_GOVERNORS
    if denial and clause.relation == "ccomp":
        return "denied"
    if clause.link in _PLAN_LINKS:
        return "future"
    if governor is not None and governor.predicate in _FUTURE_GOVERNORS and clause.relation in (
        "xcomp", "advcl", "ccomp", "prep", "pcomp"
    ):
        return "future"
    if governor is not None and _non_finite(clause, governor) and any(
        a.head in _PLAN_LINKS for a in governor.arguments if a.role == "patient"
    ):
        return "future"  # "extended an invitation to *undertake* a visit"
    if clause.modal in _FUTURE_MODALS:
        return "future"
    if clause.modal:
        reported = governor is not None and governor.predicate in REPORTING
        return "future" if reported and clause.modal == "would" else "hypothetical"
    if governor is not None and governor.modal == "if" and clause.relation == "conj":
        return "hypothetical"
    return "happened"
