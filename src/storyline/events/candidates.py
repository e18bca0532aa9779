"""The clauses of a sentence to code: the lexicon-coded ones with complements of agreements,
threats, refusals and demands folded into their governor ("agreed to meet" is AGREE), and the
clause a sentence is about, for what the lexicon leaves.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from storyline.events.actor_words import (
    ARMED_GROUP_SECTORS,
    ARMED_SECTORS,
    CROWDS,
    PUBLIC_PROTEST_VERBS,
    PUBLIC_SECTORS,
    RIOTERS,
    SECTORS,
    WORKERS,
)
from storyline.events.decision import Decision, lexicon_decision
from storyline.events.lexicon import GOVERNING_TYPES, REPORTING
from storyline.model import Clause

# Types of force and pressure: what a promise of them threatens.
CONFLICT_TYPES = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "RETREAT"})
# Relations of a clause that stands for a noun or modifies one: no statement of the sentence.
# Relations of a clause that describes a noun ("a proposal *to station* monitors", "a man
# *who attacked* ..."): no complement of the verb above, whose promise it is not.
_NOUN_CLAUSES = frozenset({"acl", "relcl"})
_RELATIVE_PRONOUNS = ("which", "that", "who")
_NOUN_LIKE = frozenset({"acl", "amod", "compound", "nsubj", "nsubjpass", "csubj", "csubjpass"})


def _depth(clause: Clause, by_start: Mapping[int, Clause]) -> int:
    depth, node = 0, clause
    while node.governor is not None and depth < 10:
        parent = by_start.get(node.governor)
        if parent is None:
            break
        node, depth = parent, depth + 1
    return depth


@dataclass(frozen=True, slots=True)
class Candidate:
    """A clause chosen to be coded, with its decision (before actors, places, dates).
    ``announced``: the mention is the announcement of the clause's deed, which happened."""

    clause: Clause
    decision: Decision
    announced: bool = False


def _background(clause: Clause, decision: Decision, text: str) -> bool:
    """A past participle or a relative clause describing a noun by the verb alone ("thousands
    of people *injured* in the storm", "the earthquake, which *killed* ..."): what the noun
    underwent or did before, not the sentence's event (rules revision 9), unless it is the
    clause the sentence is about or a relative clause names its own doer. A participle read
    with its noun ("a meeting *held* in Beijing", a pattern) and an infinitive or "-ing" form
    ("a declaration *demanding* ...", "an attempt *to assassinate* ...") stay."""
    if clause.relation not in _NOUN_CLAUSES or decision.method != "lexicon" or not text:
        return False
    agent = next((a.head for a in clause.arguments if a.role == "agent"), None)
    if clause.relation == "relcl" and agent not in (None, *_RELATIVE_PRONOUNS):
        return False  # "..., where the ambassador *handed over* his letters": a deed of its own
    word = text[clause.start : clause.end].lower()
    before = text[max(0, clause.start - 4) : clause.start].split()
    return not word.endswith("ing") and not (before and before[-1].lower() == "to")


def sentence_candidates(clauses: Sequence[Clause], text: str = "") -> list[Candidate]:
    """The lexicon-coded clauses of one sentence, complements of agreements, threats, refusals
    and demands folded into their governor; the shallowest first. ``text`` (the article's)
    lets the surface words be read: a particle the parse left out, a participle's form."""
    by_start = {c.start: c for c in clauses}
    decided = {c.start: d for c in clauses if (d := lexicon_decision(c, text)) is not None}
    main = main_clause(clauses)
    decided = {k: d for k, d in decided.items()
               if main is None or k == main.start or not _background(by_start[k], d, text)}
    chosen: list[Candidate] = []
    for clause in clauses:
        decision = decided.get(clause.start)
        if decision is None:
            continue
        node, folded = clause, False
        for step in range(3):
            if node.governor is None or node.governor not in by_start:
                break
            above = decided.get(node.governor)
            if above is not None and above.plover in GOVERNING_TYPES:
                folded = True
                direct = step == 0 and clause.relation not in _NOUN_CLAUSES
                if direct and above.plover == "AGREE" and decision.plover in CONFLICT_TYPES:
                    # "vowed to fight", "pledged to punish": a promise of force is a threat;
                    # "accepted a proposal to station monitors" (a noun's clause) is none.
                    decided[node.governor] = Decision("THREATEN", "130", "", "pattern", 1.0)
                break
            node = by_start[node.governor]
        if not folded:
            chosen.append(Candidate(clause, decision))
    chosen = [Candidate(c.clause, _by_doer(c.clause, decided[c.clause.start], by_start))
              for c in chosen]
    # The shallowest first; a participle modifying a noun ("a letter *handed* to ...") after
    # the clauses that are the sentence's statements.
    chosen.sort(
        key=lambda c: (_depth(c.clause, by_start), c.clause.relation == "acl", c.clause.start)
    )
    return chosen


def _doer_head(clause: Clause, by_start: Mapping[int, Clause]) -> str | None:
    """The head of the clause's doer phrase, else of the nearest clause above that has one
    ("Thousands took to the streets *demanding* ...")."""
    node: Clause | None = clause
    for _ in range(3):
        if node is None:
            break
        agent = next((a for a in node.arguments if a.role == "agent"), None)
        if agent is not None:
            return agent.head
        node = by_start.get(node.governor) if node.governor is not None else None
    return None


def _by_doer(clause: Clause, decision: Decision, by_start: Mapping[int, Clause]) -> Decision:
    """The type as the doer makes it: a crowd's demand is a demonstration (PROTEST), the
    public's strike, occupation or storming a protest, rioters' violence a riot (PROTEST), an
    armed group's arrest an abduction (ASSAULT), an army's evacuation a withdrawal
    (RETREAT)."""
    head = _doer_head(clause, by_start)
    if head is None:
        return decision
    public = head in CROWDS or head in WORKERS or SECTORS.get(head) in PUBLIC_SECTORS
    verb = clause.predicate.split()[0]
    if decision.plover == "REQUEST" and (head in CROWDS or (public and clause.relation == "advcl")):
        # "Students staged a sit-in, *demanding* ...": the public's demand hung on its deed
        # is the demonstration's (rules revision 9; a crowd's demand always is).
        return Decision("PROTEST", "141", "demo", decision.method, decision.confidence)
    if decision.plover == "ACCUSE" and head in CROWDS and decision.mode != "investigate":
        # "Demonstrators gathered to *denounce* the killings": a crowd's denunciation is its
        # demonstration (rules revision 11, as its demand is).
        return Decision("PROTEST", "141", "demo", decision.method, decision.confidence)
    entry = PUBLIC_PROTEST_VERBS.get(verb)
    if entry is not None and public and decision.plover == "ASSAULT":
        return Decision(entry[0], entry[1], entry[2], decision.method, decision.confidence)
    if decision.plover == "ASSAULT" and head in RIOTERS:
        return Decision("PROTEST", "145", "riot", decision.method, decision.confidence)
    if decision.mode == "arrest" and SECTORS.get(head) in ARMED_GROUP_SECTORS:
        return Decision("ASSAULT", "181", "abduct", decision.method, decision.confidence)
    if verb == "evacuate" and SECTORS.get(head) in ARMED_SECTORS:
        return Decision("RETREAT", "0874", "withdraw", decision.method, decision.confidence)
    return decision


def main_clause(clauses: Sequence[Clause]) -> Clause | None:
    """The clause a sentence is about: the shallowest one that is no reporting verb (and no
    participle modifying a noun, where another is as shallow)."""
    by_start = {c.start: c for c in clauses}
    acting = [c for c in clauses if c.predicate not in REPORTING and c.predicate != "be"]
    if not acting:
        return None
    # A participle modifying a noun or read as a subject ("the Red Cross *operating* in Iraq
    # said ...") after the clauses that are the sentence's statements.
    return min(acting, key=lambda c: (_depth(c, by_start), c.relation in _NOUN_LIKE, c.start))
