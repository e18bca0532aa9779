"""The clauses of a sentence to code: the lexicon-coded ones with complements of agreements,
threats, refusals and demands folded into their governor ("agreed to meet" is AGREE), and the
clause a sentence is about, for what the lexicon leaves.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from storyline.events.decision import Decision, lexicon_decision
from storyline.events.lexicon import GOVERNING_TYPES, REPORTING
from storyline.model import Clause

# Types of force and pressure: what a promise of them threatens.
CONFLICT_TYPES = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "RETREAT"})


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


def sentence_candidates(clauses: Sequence[Clause]) -> list[Candidate]:
    """The lexicon-coded clauses of one sentence, complements of agreements, threats, refusals
    and demands folded into their governor; the shallowest first."""
    by_start = {c.start: c for c in clauses}
    decided = {c.start: d for c in clauses if (d := lexicon_decision(c)) is not None}
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
                direct = step == 0
                if direct and above.plover == "AGREE" and decision.plover in CONFLICT_TYPES:
                    # "vowed to fight", "pledged to punish": a promise of force is a threat.
                    decided[node.governor] = Decision("THREATEN", "130", "", "pattern", 1.0)
                break
            node = by_start[node.governor]
        if not folded:
            chosen.append(Candidate(clause, decision))
    chosen = [Candidate(c.clause, decided[c.clause.start]) for c in chosen]
    # The shallowest first; a participle modifying a noun ("a letter *handed* to ...") after
    # the clauses that are the sentence's statements.
    chosen.sort(
        key=lambda c: (_depth(c.clause, by_start), c.clause.relation == "acl", c.clause.start)
    )
    return chosen


def main_clause(clauses: Sequence[Clause]) -> Clause | None:
    """The clause a sentence is about: the shallowest one that is no reporting verb."""
    by_start = {c.start: c for c in clauses}
    acting = [c for c in clauses if c.predicate not in REPORTING and c.predicate != "be"]
    if not acting:
        return None
    return min(acting, key=lambda c: (_depth(c, by_start), c.start))
