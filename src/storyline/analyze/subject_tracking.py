"""Which subject each sentence has, read in order: the people and organisations a later
pronoun or role noun may stand for (``SpeakerResolver.note_subject``), and whom a pronoun that
is itself a sentence's subject stands for (``Referent``: "He settled into a corner booth" is
the person the text was about), so a sentence read apart from its article can name them.
A mixin of ``QuoteFinder``, which walks the sentences in order."""

from __future__ import annotations

from typing import Any

from storyline.analyze.lexicon import CONDITION_MARKERS, DASHES, PERSON_SUBJECT_PRONOUNS
from storyline.analyze.speakers import SpeakerResolver
from storyline.analyze.subjects import SUBJECT_DEPS, subject_span
from storyline.model import Referent

# Subject pronouns a referent is recorded for: "he" and "she", a person. "It" at a cue is the
# organisation that was the latest subject (the speaker reader's rule), but as the subject of
# any other verb it is as often the thing the organisation put forward or an expletive ("The
# White House insists that its package has teeth. It would provide ...", "It was the first
# time ..."): 1 of 5 BASIL claims it would have named was right.
REFERRING_PRONOUNS = frozenset({"he", "she"})


class SubjectTracker:
    """Notes each sentence's subject as the sentences are read in order."""

    doc: Any
    quoted: list[bool]
    resolver: SpeakerResolver
    referents: list[Referent]
    sentences: list[Any]

    def _carries_on(self, pronoun: Any, entity: int, index: int) -> bool:
        """Whether a subject pronoun plainly carries on the subject before it: "he" or "she"
        the person the resolver reads, only when that person is also the latest subject noted,
        in this sentence or the one before. Where the resolver fell back on someone mentioned
        further back ("... Twitter's Adam Sharp wrote. He urged offices to ...": Sharp, not
        read as a person, was the subject, and the resolver read Anthony Weiner, named before)
        the sentence is shown as written: a claim read apart from its article must not name
        the wrong person.
        """
        if pronoun.lower_ not in REFERRING_PRONOUNS:
            return False
        since = self.sentences[max(0, index - 1)].start_char
        latest = self.resolver.latest_subject(pronoun.idx, within=pronoun.idx - since)
        return latest is not None and (latest, entity) in self.resolver.subject_refs

    def _track_subject(self, sent: Any, index: int) -> None:
        """Note the subjects of sentence ``sent``, the ``index``-th of the parse."""
        root = sent.root
        subjects = [
            c for c in root.children if c.dep_ in SUBJECT_DEPS and not self.quoted[c.idx]
        ]
        pronoun = next((c for c in subjects if c.lower_ in PERSON_SUBJECT_PRONOUNS), None)
        if pronoun is not None:
            self._note_earlier_subject(sent, pronoun.i, root, pronoun)
        for child in subjects:
            span = subject_span(child)
            joins = any(c.dep_ == "conj" for c in child.children)
            entity = self.resolver.resolve_tokens(child, span)
            if entity is not None and self._carries_on(child, entity, index):
                self.referents.append(
                    Referent(
                        sentence=index,
                        start=child.idx,
                        end=child.idx + len(child),
                        text=child.text,
                        name=self.resolver.entities[entity].canonical(),  # as a speaker's name
                    )
                )
            self.resolver.note_subject(span.start_char, entity, child if joins else None)
        if not subjects and (
            self.quoted[root.idx]
            or any(c.dep_ in SUBJECT_DEPS and self.quoted[c.idx] for c in root.children)
        ):
            # The root is inside a quotation ("Trump later confirmed in the Rose Garden,
            # "Absolutely I said that," while ...": the root is the quoted "said"): the first
            # person named as a subject stands in for its subject.
            self._note_earlier_subject(sent, sent.end, root, None)

    def _note_earlier_subject(self, sent: Any, before: int, root: Any, pronoun: Any) -> None:
        """Note the first person named, before token ``before``, as the subject of a clause
        hung on the sentence's root.

        Before the root's pronoun subject, that person is whom the pronoun stands for:
        "Former Rep. Ashcroft, who led the review, appeared to ease off ... -- he said ..."
        parses "said" as the root and "appeared" as what he said, and the sentence before
        named another man as a subject. Not the subject of what the pronoun is reported to
        have said before it ("Moore did take her home, she said": whom she told of, not who
        told), unless a dash sets the saying apart; not the subject of a condition ("If Lane
        is elected, he said, ..."); not a subject deeper down ("Expressing certainty that Dr.
        Lane had offers, he said": she is what he was certain of); and a name only: no
        pronoun is resolved here, so no reading carries over."""
        dashed = (
            pronoun is not None
            and pronoun.i > sent.start
            and self.doc[pronoun.i - 1].text in DASHES
        )
        told = (
            [c for c in root.children if c.dep_ == "ccomp" and c.i < pronoun.i]
            if pronoun is not None and not dashed
            else []
        )
        for tok in self.doc[sent.start : before]:
            if tok.dep_ not in SUBJECT_DEPS or self.quoted[tok.idx]:
                continue
            clause = tok.head
            if clause.i == root.i or clause.head.i != root.i:
                continue
            if any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKERS for c in clause.children):
                continue  # "If Trump is not the nominee, he said, ...": what he supposes
            if any(t.left_edge.i <= tok.i <= t.right_edge.i for t in told):
                continue
            named = self.resolver.named_person(tok)
            if named is not None:
                self.resolver.note_subject(subject_span(tok).start_char, named)
                return
