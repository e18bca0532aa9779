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

The lexicon's and the prototypes' decisions are ``events/decision.py``, the clauses of a
sentence to code ``events/candidates.py``, the status ``events/status.py``; this module is the
``Coder``: the gate and the learned type, announcements as events of their own, and each
mention's actors, place and date.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np
import numpy.typing as npt

from storyline.config import EventConfig
from storyline.embed import span_vectors
from storyline.events.actors import actors_of, pronoun_antecedent, role_person
from storyline.events.candidates import CONFLICT_TYPES, Candidate, main_clause, sentence_candidates
from storyline.events.decision import Decision, Embed, Prototypes, no_event
from storyline.events.geo import Gazetteer
from storyline.events.learned import TypeModel, clause_text, features
from storyline.events.learned import load as load_type_model
from storyline.events.ontology import DEFAULT_CAMEO, PLOVER_TYPES, PloverType, quad_class
from storyline.events.status import status_of
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

# Prepositions whose object is the one acted on when the verb has no object: "met *with*
# Sharif", "sanctions *on* Iran", "aid *to* Gaza", "protested *against* the law".
_TARGET_PREPOSITIONS = ("with", "to", "against", "on", "for", "from")
# Types of cooperation: what a commitment to them agrees.
_COOPERATIVE_TYPES = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID"})
# Modals by which a speaker commits ("will allow", "would meet") or demands ("must agree").
_COMMITMENT_MODALS = frozenset({"will", "would", "shall"})
_DEMAND_MODALS = frozenset({"must", "should"})
_READY_LINKS = frozenset({"ready", "willing", "prepared"})
_LOCATIVE = frozenset({"in", "at", "near", "outside", "inside"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Longest sentence the coder reads, in characters: a 10,000-word run-on "sentence" (a table, a
# list flattened by extraction) is still coded from its opening, never parsed whole twice.
MAX_SENTENCE_CHARS = 2000


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
            found = sentence_candidates(clauses, article.text)
            main = main_clause(clauses)
            if found:
                if (
                    main is not None
                    and main.modal in _DEMAND_MODALS
                    and all(c.clause.start != main.start for c in found)
                ):
                    # "X said Y must ensure security to allow ...": the uncoded clause the
                    # sentence is about puts a demand to others, whatever it asks for.
                    demand = Decision("REQUEST", DEFAULT_CAMEO["REQUEST"], "", "intent", 1.0)
                    chosen.append((sentence.index, Candidate(main, demand, announced=True)))
                chosen.extend((sentence.index, c) for c in found)
                continue
            if main is not None and main.modal in _DEMAND_MODALS:
                # "X said Y must ensure ...": what is put to others is a demand.
                demand = Decision("REQUEST", DEFAULT_CAMEO["REQUEST"], "", "intent", 1.0)
                chosen.append((sentence.index, Candidate(main, demand, announced=True)))
            elif (
                main is not None
                and not no_event(main, article.text)  # "fired its coach": a dismissal
                and self._names_doer(main, mentions_by_sentence, sentence.index)
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
                elif decision.plover in CONFLICT_TYPES:
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
        sentence_vectors = self.prototypes.embed(texts)
        scores = self.prototypes.scores(sentence_vectors)
        gated = [k for k, row in enumerate(scores) if row.max() >= self.cfg.nearest_min_similarity]
        learned: dict[int, tuple[PloverType, float]] = {}
        if self.types is not None and gated:
            vectors = self._clause_vectors(
                [clause_text(text, undecided[k][1], analysis.mentions) for k in gated]
            )
            spans = []
            for k in gated:
                index, clause = undecided[k]
                start = analysis.sentences[index].start
                spans.append((texts[k], clause.start - start, clause.end - start))
            predicates = span_vectors(spans)
            if predicates is not None:  # an encoder without token vectors: the prototypes
                x = features(vectors, predicates, sentence_vectors[gated])
                if x.shape[1] == self.types.coef.shape[1]:
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
