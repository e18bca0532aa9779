"""Event mentions of one article: which clauses report an event, of which PLOVER type, by whom
to whom, where, when, and whether it is said to have happened.

The decision has two steps. The lexicon (events/lexicon.py) codes the clear cases from the
clause's predicate, or its predicate and object ("hold talks", "impose sanctions"). A sentence
the lexicon leaves uncoded is coded when its main clause names a doer and the sentence is close
enough to the prototype sentences of some type (``EventConfig.nearest_min_similarity``: whether
it reports an event at all); its type is then the learned decision's (events/learned.py: a
logistic regression over the clause's MiniLM vector, fitted on example sentences written for
this project and the dev set's tune half), else, without its weights, the nearest prototype's.
A verb that governs a coded complement of an agreement, threat, refusal or demand carries it
("agreed to meet" is AGREE, not CONSULT).

What a sentence does not assert is kept and marked: a negated clause is ``denied``, a question
``question``, a condition or a possibility ``hypothetical``, a plan or a "will" ``future``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from storyline.config import EventConfig
from storyline.events.actors import actors_of, pronoun_antecedent, role_person
from storyline.events.examples import PROTOTYPES
from storyline.events.geo import Gazetteer
from storyline.events.learned import TypeModel, clause_text, features
from storyline.events.learned import load as load_type_model
from storyline.events.lexicon import (
    ABSTRACT_OBJECTS,
    EVENT_NOUNS,
    GOVERNING_TYPES,
    LIGHT_EVENT_VERBS,
    MEETING_VERBS,
    REPORTING,
    VERB_OBJECTS,
    VERB_PREPOSITIONS,
    VERBS,
    Entry,
)
from storyline.events.ontology import DEFAULT_CAMEO, PLOVER_TYPES, PloverType, quad_class
from storyline.model import (
    Actor,
    Analysis,
    Article,
    Clause,
    Entity,
    EventMention,
    EventStatus,
    Mention,
    Place,
    content_id,
)

Embed = Callable[[Sequence[str]], npt.NDArray[np.float32]]

# Prepositions whose object is the one acted on when the verb has no object: "met *with*
# Sharif", "sanctions *on* Iran", "aid *to* Gaza", "protested *against* the law".
_TARGET_PREPOSITIONS = ("with", "to", "against", "on", "for", "from")
_MODIFIER_RELATIONS = frozenset({"amod", "compound"})
# Types of force and pressure: what a promise of them threatens.
_CONFLICT_TYPES = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "RETREAT"})
# Types of cooperation: what a commitment to them agrees.
_COOPERATIVE_TYPES = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID"})
# Modals by which a speaker commits ("will allow", "would meet") or demands ("must agree").
_COMMITMENT_MODALS = frozenset({"will", "would", "shall"})
_DEMAND_MODALS = frozenset({"must", "should"})
_READY_LINKS = frozenset({"ready", "willing", "prepared"})
_LOCATIVE = frozenset({"in", "at", "near", "outside", "inside"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
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
# Longest sentence the coder reads, in characters: a 10,000-word run-on "sentence" (a table, a
# list flattened by extraction) is still coded from its opening, never parsed whole twice.
MAX_SENTENCE_CHARS = 2000


@dataclass(frozen=True, slots=True)
class Decision:
    plover: PloverType
    cameo: str
    mode: str
    method: str  # "lexicon", "pattern", "intent", "learned", "nearest"
    confidence: float


def lexicon_decision(clause: Clause) -> Decision | None:
    """The lexicon's type for a clause: a verb-object pattern first, then the verb alone."""
    if clause.predicate in REPORTING:
        return None
    if clause.relation in _MODIFIER_RELATIONS:
        return None  # "pressing issues", "a wounded man": a verb form used as an adjective
    heads = [a.head for a in clause.arguments if a.role == "patient"]
    heads += [a.head for a in clause.arguments if a.role == "oblique"]
    if clause.relation == "acl" and clause.link:
        heads.append(clause.link)  # "a meeting held in Beijing": the noun it modifies
    verb = clause.predicate.split()[0]
    entry: Entry | None
    for head in heads:
        entry = VERB_OBJECTS.get((verb, head))
        if entry is not None:
            return Decision(entry[0], entry[1], entry[2], "pattern", 1.0)
    if verb in LIGHT_EVENT_VERBS:
        for head in heads:
            entry = EVENT_NOUNS.get(head)
            if entry is not None:
                return Decision(entry[0], entry[1], entry[2], "pattern", 1.0)
    for argument in clause.arguments:
        entry = VERB_PREPOSITIONS.get((verb, argument.preposition))
        if argument.role == "oblique" and entry is not None:
            return Decision(entry[0], entry[1], entry[2], "pattern", 1.0)
    particle = clause.predicate.split()[1:]
    if particle:
        entry = VERB_PREPOSITIONS.get((verb, particle[0]))
        if entry is not None:
            return Decision(entry[0], entry[1], entry[2], "pattern", 1.0)
    if (clause.predicate in MEETING_VERBS or verb in MEETING_VERBS) and any(
        a.head in ABSTRACT_OBJECTS for a in clause.arguments if a.role == "patient"
    ):
        return None  # "meeting its challenges": a goal met, nobody met
    entry = VERBS.get(clause.predicate) or VERBS.get(verb)
    if entry is None:
        return None
    return Decision(entry[0], entry[1], entry[2], "lexicon", 1.0)


class Prototypes:
    """The nearest-example decision: each type's prototype sentences as MiniLM vectors."""

    def __init__(self, embed: Embed) -> None:
        self.embed = embed
        self.kinds: list[PloverType] = []
        texts: list[str] = []
        for kind in PLOVER_TYPES:
            for sentence in PROTOTYPES[kind]:
                self.kinds.append(kind)
                texts.append(sentence)
        self.vectors = embed(texts)

    def scores(self, vectors: npt.NDArray[np.float32]) -> npt.NDArray[np.float64]:
        """Per sentence (rows) and type (columns, PLOVER_TYPES order): the mean cosine of the
        type's two nearest prototypes."""
        sims = vectors @ self.vectors.T
        out = np.zeros((len(vectors), len(PLOVER_TYPES)))
        kinds = np.array([PLOVER_TYPES.index(k) for k in self.kinds])
        for j in range(len(PLOVER_TYPES)):
            block = np.sort(sims[:, kinds == j], axis=1)[:, -2:]
            out[:, j] = block.mean(axis=1)
        return out


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
                if direct and above.plover == "AGREE" and decision.plover in _CONFLICT_TYPES:
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


class Coder:
    """Codes the event mentions of articles from their analyses (no spaCy here: the parse is
    in the clauses)."""

    def __init__(
        self,
        cfg: EventConfig,
        gazetteer: Gazetteer,
        embed: Embed | None = None,
        types: TypeModel | None = None,
    ) -> None:
        """Without ``embed`` the lexicon alone codes; with it, the prototypes' gate and the
        learned type decision (``types``, else the shipped weights) code what it leaves."""
        self.cfg = cfg
        self.gazetteer = gazetteer
        self.embed = embed
        self.prototypes = Prototypes(embed) if embed is not None else None
        self.types = (types or load_type_model()) if embed is not None else None

    def code(
        self,
        article: Article,
        analysis: Analysis,
        entities: Mapping[str, Entity],
    ) -> list[EventMention]:
        by_sentence: dict[int, list[Clause]] = {}
        for clause in analysis.clauses:
            by_sentence.setdefault(clause.sentence, []).append(clause)
        mentions_by_sentence: dict[int, list[Mention]] = {}
        for m in analysis.mentions:
            mentions_by_sentence.setdefault(m.sentence, []).append(m)
        context = self._context(article, analysis)
        chosen: list[tuple[int, Candidate]] = []
        undecided: list[tuple[int, Clause]] = []
        for sentence in analysis.sentences:
            clauses = by_sentence.get(sentence.index, [])
            if sentence.end - sentence.start > MAX_SENTENCE_CHARS:
                clauses = [c for c in clauses if c.start < sentence.start + MAX_SENTENCE_CHARS]
            found = sentence_candidates(clauses)
            if found:
                chosen.extend((sentence.index, c) for c in found)
                continue
            main = main_clause(clauses)
            if main is not None and main.modal in _DEMAND_MODALS:
                # "X said Y must ensure ...": what is put to others is a demand.
                demand = Decision("REQUEST", DEFAULT_CAMEO["REQUEST"], "", "intent", 1.0)
                chosen.append((sentence.index, Candidate(main, demand, announced=True)))
            elif main is not None and self._names_doer(
                main, mentions_by_sentence, sentence.index
            ):
                undecided.append((sentence.index, main))
        chosen.extend(self._nearest(undecided, analysis, article.text))
        chosen = self._with_intents(chosen, by_sentence)
        out = []
        for index, candidate in chosen:
            sentence = analysis.sentences[index]
            mention = self._mention(
                article, sentence.index, sentence.start, sentence.end, candidate,
                by_sentence.get(index, []), mentions_by_sentence.get(index, []),
                entities, context,
            )
            if not mention.sources:
                mention = self._pronoun_source(mention, candidate.clause, article.text,
                                               analysis.mentions, entities)
            if mention.sources:
                # "Pakistan's new ambassador": the person the article names in that role.
                person = role_person(mention.sources[0], article.text, analysis.mentions,
                                     entities, self.gazetteer)
                if person is not None:
                    mention = replace(mention, sources=(person, *mention.sources[1:]))
            out.append(mention)
        return out

    def _pronoun_source(
        self,
        mention: EventMention,
        clause: Clause,
        text: str,
        mentions: Sequence[Mention],
        entities: Mapping[str, Entity],
    ) -> EventMention:
        """A doer told as "he" or "she" ("He also expressed his condolences") is the person
        named just before (actors.pronoun_antecedent); other doers stay unknown."""
        agent = next((a for a in clause.arguments if a.role == "agent"), None)
        if agent is None:
            return mention
        found = pronoun_antecedent(agent, text, mentions, mention.sentence)
        if found is None:
            return mention
        sources = actors_of(found, text, mentions, entities, self.gazetteer)
        return replace(mention, sources=tuple(sources)) if sources else mention

    def _with_intents(
        self, chosen: Sequence[tuple[int, Candidate]], by_sentence: Mapping[int, list[Clause]]
    ) -> list[tuple[int, Candidate]]:
        """Before a deed that is only announced, the announcement as an event of its own, as
        PLOVER codes it: a commitment to cooperate ("Turkey will allow ...") is AGREE, one to
        use force or pressure ("will withdraw its force unless ...") THREATEN, a "must" or
        "should" put to others REQUEST, a refusal in the future ("will not accept") REJECT.
        The announced deed stays, marked future or hypothetical."""
        out: list[tuple[int, Candidate]] = []
        for index, candidate in chosen:
            clause, decision = candidate.clause, candidate.decision
            by_start = {c.start: c for c in by_sentence.get(index, [])}
            status = status_of(clause, by_start)
            kind: PloverType | None = None
            if clause.modal == "?":
                pass  # a question commits no one
            elif clause.modal in _DEMAND_MODALS:
                kind = "REQUEST"
            elif clause.modal in _COMMITMENT_MODALS and status == "denied":
                kind = "REJECT" if decision.plover in _COOPERATIVE_TYPES else None
            elif (clause.modal in _COMMITMENT_MODALS or clause.link in _READY_LINKS) and status in (
                "future", "hypothetical"
            ):
                if decision.plover in _COOPERATIVE_TYPES:
                    kind = "AGREE"
                elif decision.plover in _CONFLICT_TYPES:
                    kind = "THREATEN"
            if kind is not None and kind != decision.plover:
                intent = Decision(kind, DEFAULT_CAMEO[kind], "", "intent", decision.confidence)
                out.append((index, Candidate(clause, intent, announced=True)))
            out.append((index, candidate))
        return out

    def _names_doer(
        self, clause: Clause, mentions: Mapping[int, list[Mention]], sentence: int
    ) -> bool:
        agents = [a for a in clause.arguments if a.role == "agent"]
        return any(
            a.start <= m.start and m.end <= a.end
            for a in agents
            for m in mentions.get(sentence, [])
            if m.label in ("PERSON", "ORG", "GPE", "NORP")
        )

    def _nearest(
        self, undecided: Sequence[tuple[int, Clause]], analysis: Analysis, text: str
    ) -> list[tuple[int, Candidate]]:
        if self.prototypes is None or not undecided:
            return []
        texts = [analysis.sentences[i].text[:MAX_SENTENCE_CHARS] for i, _ in undecided]
        scores = self.prototypes.scores(self.prototypes.embed(texts))
        gated = [k for k, row in enumerate(scores) if row.max() >= self.cfg.nearest_min_similarity]
        learned: dict[int, tuple[PloverType, float]] = {}
        if self.types is not None and gated:
            vectors = self._clause_vectors([clause_text(text, undecided[k][1]) for k in gated])
            x = features(vectors)
            learned = dict(zip(gated, self.types.decide(x), strict=True))
        found = []
        for k in gated:
            index, clause = undecided[k]
            if k in learned:
                kind, p = learned[k]
                decision = Decision(kind, DEFAULT_CAMEO[kind], "", "learned", p)
            else:
                best = int(np.argmax(scores[k]))
                kind = PLOVER_TYPES[best]
                decision = Decision(
                    kind, DEFAULT_CAMEO[kind], "", "nearest", float(scores[k][best])
                )
            found.append((index, Candidate(clause, decision)))
        return found

    def _clause_vectors(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """MiniLM vectors of clause texts: the learned decision's one call for vectors."""
        assert self.embed is not None
        return self.embed(texts)

    def _context(self, article: Article, analysis: Analysis) -> Counter[str]:
        """The countries an article's places point to; its dateline counts three times."""
        names = [m.text for m in analysis.mentions if m.label in ("GPE", "LOC")]
        votes = self.gazetteer.context(names)
        if article.place:
            for country in self.gazetteer.context([article.place]):
                votes[country] += 3
        return votes

    def _mention(
        self,
        article: Article,
        sentence: int,
        start: int,
        end: int,
        candidate: Candidate,
        clauses: Sequence[Clause],
        mentions: Sequence[Mention],
        entities: Mapping[str, Entity],
        context: Counter[str],
    ) -> EventMention:
        clause, decision = candidate.clause, candidate.decision
        text = article.text
        by_start = {c.start: c for c in clauses}
        sources, targets, place, date = self.arguments(
            text, clause, by_start, mentions, entities, context
        )
        cameo = decision.cameo
        status: EventStatus = "happened" if candidate.announced else status_of(clause, by_start)
        if text[start:end].rstrip().endswith("?"):
            status = "question"  # "Will Iran release ...?": asked, whatever its auxiliary
        return EventMention(
            mention_id=content_id(
                "evm", article.article_id, str(clause.start), decision.plover, decision.method
            ),
            article_id=article.article_id,
            sentence=sentence,
            start=start,
            end=end,
            trigger_start=clause.start,
            trigger_end=clause.end,
            trigger=clause.predicate,
            plover=decision.plover,
            mode=decision.mode,
            cameo=cameo,
            quad_class=quad_class(cameo),
            status=status,
            sources=tuple(sources),
            targets=tuple(targets),
            place=place,
            date=date,
            method=decision.method,
            confidence=round(decision.confidence, 3),
            text=text[start : min(end, start + MAX_SENTENCE_CHARS)],
        )

    def arguments(
        self,
        text: str,
        clause: Clause,
        by_start: Mapping[int, Clause],
        mentions: Sequence[Mention],
        entities: Mapping[str, Entity],
        context: Counter[str],
    ) -> tuple[list[Actor], list[Actor], Place | None, str | None]:
        """Who, to whom, where and when of one clause, whatever its type: what a mention
        carries, and what the ECB+ benchmark reads for the gold mentions it merges."""
        sources, targets = self._actors(clause, by_start, text, mentions, entities)
        place = self._place(text, clause, mentions, context)
        date = clause.dates[0] if clause.dates else None
        if date is None and clause.governor is not None and clause.governor in by_start:
            governor = by_start[clause.governor]
            date = governor.dates[0] if governor.dates else None
        return sources, targets, place, date

    def context(self, article: Article, analysis: Analysis) -> Counter[str]:
        """The countries an article's places point to (see :meth:`_context`)."""
        return self._context(article, analysis)

    def _resolve(self, text: str, m: Mention, start: int, context: Counter[str]) -> Place:
        place = self.gazetteer.resolve(m.text, context)
        if place.feature == "unresolved":  # "the Kremlin's Grand Palace": a venue's seat
            found = self.gazetteer.landmark(text[max(0, start) : m.end], context)
            if found is not None:
                return found
        return place

    def _actors(
        self,
        clause: Clause,
        by_start: Mapping[int, Clause],
        text: str,
        mentions: Sequence[Mention],
        entities: Mapping[str, Entity],
    ) -> tuple[list[Actor], list[Actor]]:
        """Who acts and who is acted on. The doer is the clause's agent, else (a pronoun, a
        complement) the agent of the clause it hangs on ("Iraq said *it* would allow").
        The target is the first actor with a country among, in order: the objects, the
        prepositional phrases of a target ("with", "to", "against", ...), the same in the
        clauses it governs ("offered to hand over *to Great Britain*"), the place it happens
        in ("refused to deploy peacekeepers *in Iraq*"); else the first actor found at all."""

        def find(of: Clause, roles: tuple[str, ...], preps: Sequence[str] = ()) -> list[Actor]:
            found: list[Actor] = []
            for argument in of.arguments:
                if argument.role not in roles:
                    continue
                if argument.role == "oblique" and argument.preposition not in preps:
                    continue
                found.extend(actors_of(argument, text, mentions, entities, self.gazetteer))
            return found

        sources = find(clause, ("agent",))
        node = clause
        for _ in range(3):
            if sources or node.governor is None or node.governor not in by_start:
                break
            node = by_start[node.governor]
            sources = find(node, ("agent",))
        below = [c for c in by_start.values() if c.governor == clause.start]
        below += [c for c in by_start.values() if c.governor in {b.start for b in below}]
        tiers = [
            find(clause, ("patient",)),
            find(clause, ("oblique",), _TARGET_PREPOSITIONS),
            [a for c in below for a in find(c, ("patient",))],
            [a for c in below for a in find(c, ("oblique",), _TARGET_PREPOSITIONS)],
            # The country it happens in ("deploy peacekeepers in Iraq"), not a building.
            [a for a in find(clause, ("oblique",), tuple(_LOCATIVE)) if a.label == "GPE"],
            [a for c in below for a in find(c, ("oblique",), tuple(_LOCATIVE))
             if a.label == "GPE"],
        ]
        taken = {(a.start, a.end) for a in sources}
        candidates = [a for tier in tiers for a in tier if (a.start, a.end) not in taken]
        targets = [a for a in candidates if a.country] or candidates
        return sources, targets[:3]

    def _place(
        self, text: str, clause: Clause, mentions: Sequence[Mention], context: Counter[str]
    ) -> Place | None:
        """Where the clause puts its event: a place named after a locative preposition of the
        clause, else of its sentence ("..., where the ambassador handed over ..."); a place the
        gazetteer knows before one it does not (a venue's name, then its city)."""
        found: list[Place] = []
        for argument in clause.arguments:
            if argument.role != "oblique" or argument.preposition not in _LOCATIVE:
                continue
            for m in mentions:
                if m.label in _PLACE_LABELS and argument.start <= m.start < argument.end:
                    found.append(self._resolve(text, m, argument.start, context))
        if not any(p.feature != "unresolved" for p in found):
            for m in mentions:
                before = text[max(0, m.start - 40) : m.start].split()
                words = [w.lower() for w in before[-3:]]
                if not any(w in _LOCATIVE for w in words):
                    continue
                if m.label in _PLACE_LABELS:
                    found.append(self._resolve(text, m, m.start - 40, context))
                elif (seat := self.gazetteer.landmark(m.text, context)) is not None:
                    found.append(seat)  # "at the Kremlin" (an ORG to the parser)
        resolved = [p for p in found if p.feature not in ("unresolved", "region")]
        if resolved:
            return min(resolved, key=lambda p: p.feature != "city")  # the finest first
        return found[0] if found else None
