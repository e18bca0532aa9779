"""The subject of a reporting verb and the phrase it heads, read off the parse alone (no
entities): ``find_subject`` climbs from the cue to its subject, ``subject_span`` is the noun
phrase, and a few tests say what kind of noun a subject is (a thing said or written, its kind).
Who a subject refers to is ``analyze.speakers``' business.

spaCy makes a new Token object at each access: tokens are compared by ``.i``, never by ``is``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from storyline.analyze.lexicon import (
    ASKING_VERBS,
    DASHES,
    DOCUMENT_KINDS,
    INDIRECT_CUE_VERBS,
    OBLIGATION_MODALS,
    PERMISSION_VERBS,
    PERSON_DESCRIPTIONS,
    PERSON_PRONOUNS,
    REFUSAL_VERBS,
    SPEECH_NOUNS,
    WRITTEN_NOUNS,
)

SUBJECT_DEPS = {"nsubj", "nsubjpass"}
RELATIVES = {"who", "which", "that"}
# Named things that never speak, whatever the parse hangs on them: dates, times and places.
NEVER_SPEAK = frozenset({"DATE", "TIME", "GPE", "LOC", "FAC"})
# Named things that can speak or comment ("He called ...", "as TPM notes", "as Democrats say").
SOURCE_ENTITIES = frozenset({"PERSON", "ORG", "NORP"})
# Where the group a quantifier subject counts from may sit ("Farmers ... many said").
_GROUP_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos", "ROOT"})


@dataclass(slots=True)
class Speaker:
    """A speaker as written at the cue (its words and their span) and whom they name."""

    text: str
    start: int
    end: int
    name: str | None  # the resolved entity's name, None when unknown
    others: tuple[str, ...] = ()  # named with it as saying it too: "Pelosi and Schumer said"


def counted_group(quantifier: Any) -> str | None:
    """The plural noun a quantifier subject counts from, earlier in its sentence: "Farmers ...
    greeted the deal, though many said ..." -> "Farmers". None when the sentence names none."""
    sentence = quantifier.sent
    before = list(reversed(sentence[: quantifier.i - sentence.start]))
    plural = [t for t in before if t.tag_ in {"NNS", "NNPS"}]
    # A subject first ("Farmers in the ports ..., though many said"), else the nearest object.
    found = next((t for t in plural if t.dep_ in SUBJECT_DEPS), None)
    found = found or next((t for t in plural if t.dep_ in _GROUP_DEPS), None)
    if found is None:
        return None
    # Conjoined groups count together: "Dock workers and crane operators ...; several said".
    group = [
        t for t in (found, *found.conjuncts) if t.tag_ in {"NNS", "NNPS"} and t.i < quantifier.i
    ]
    first, last = min(group, key=lambda t: t.i), max(group, key=lambda t: t.i)
    words = [t for t in first.lefts if t.dep_ in {"compound", "amod"}] or [first]
    return str(quantifier.doc[words[0].i : last.i + 1].text)


def subject_span(tok: Any) -> Any:
    """The noun phrase of a subject token, without relative clauses or appositions."""
    doc = tok.doc
    left = tok.i
    for child in tok.lefts:
        if child.dep_ in {"det", "compound", "amod", "poss", "nmod", "nummod", "case", "prep"}:
            left = min(left, child.left_edge.i)
    right = tok.i
    for child in tok.rights:
        if (
            child.dep_ in {"compound", "prep", "case", "flat"}
            and "," not in doc[tok.i : child.right_edge.i + 1].text
            and not _tells_when(child)
        ):
            right = max(right, child.right_edge.i)
        elif child.dep_ == "amod" and child.i == tok.i + 1:
            # An adjective after its noun is part of the phrase ("Attorneys general in Utah",
            # "people familiar with the talks"), up to a relative clause inside it.
            cut = [t.left_edge.i for t in child.subtree if t.dep_ == "relcl"]
            right = max(right, (min(cut) - 1) if cut else child.right_edge.i)
        elif child.dep_ == "appos" and child.i == tok.i + 1 + sum(
            1 for c in child.lefts if c.dep_ == "compound"
        ):
            # "councillor Ruth Adeyemi": a name right after its title, no comma between.
            right = max(right, child.i)
    # An aside set off by a dash is no part of the phrase: "One of the highest-profile
    # Republicans in the House – where immigration reform will live or die – said".
    dash = next(
        (t.i for t in doc[tok.i + 1 : right + 1] if t.text in DASHES and t.text != "-"), None
    )
    if dash is not None:
        right = dash - 1
    return doc[left : right + 1]


def antecedent_of(relative: Any) -> Any:
    """The noun a relative pronoun stands for: the one its clause hangs on, or, when that is a
    date or a place inside a preposition ("Russians in June 2016 who said", "a candidate in
    Ohio's 16th District, who said"), the noun the preposition hangs on."""
    noun = relative.head.head
    if noun.ent_type_ in NEVER_SPEAK and noun.dep_ == "pobj" and noun.head.dep_ == "prep":
        prep = noun.head
        if prep.head.pos_ in {"NOUN", "PROPN"}:
            return prep.head
        # The parse hangs "in June" on the verb ("met traders in June 2016 who said"): the
        # pronoun is read with the noun right before the preposition.
        before = [t for t in prep.sent if t.i < prep.i and t.pos_ in {"NOUN", "PROPN"}]
        if before and before[-1].ent_type_ not in NEVER_SPEAK:
            return before[-1]
    return noun


def said_thing(tok: Any) -> bool:
    """Whether a noun names something said ("comments", "the statement"), not who said it."""
    return tok.pos_ == "NOUN" and tok.lemma_.lower() in SPEECH_NOUNS


def written_thing(tok: Any) -> bool:
    """Whether a noun names something written and put out ("the letter", "the memo")."""
    return tok.pos_ == "NOUN" and tok.lemma_.lower() in WRITTEN_NOUNS


def document_kind(tok: Any) -> str | None:
    """The kind of thing said or written a noun names ("release" is a statement), or None."""
    lemma: str = tok.lemma_.lower()
    if lemma not in SPEECH_NOUNS and lemma not in WRITTEN_NOUNS:
        return None
    return DOCUMENT_KINDS.get(lemma, lemma)


def verb_phrase(verb: Any) -> str:
    """A verb's lemma with its particle: "put out"."""
    particles = [c.lower_ for c in verb.children if c.dep_ == "prt"]
    return " ".join([verb.lemma_.lower(), *particles])


def _tells_when(prep: Any) -> bool:
    """Whether a prepositional phrase after a subject dates the saying rather than names the
    speaker: "Stone on Friday said", "The president over the weekend had tweeted" (a date or a
    time as its object), where "the mayor of London" keeps its phrase."""
    return prep.dep_ == "prep" and any(
        c.dep_ == "pobj" and c.ent_type_ in {"DATE", "TIME"} for c in prep.children
    )


def not_said(verb: Any) -> bool:
    """Whether a cue says that something was not said: "would not say", "refused to say the
    words", "declined to say whether"; or a saying owed or allowed, not made: "should insist
    that", "allows a business to assert"."""
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    if any(c.dep_ == "aux" and c.lower_ in OBLIGATION_MODALS for c in verb.children):
        return True
    head = verb.head.lemma_.lower()
    return verb.dep_ in {"xcomp", "ccomp"} and (
        (verb.dep_ == "xcomp" and head in REFUSAL_VERBS) or head in PERMISSION_VERBS
    )


def _name_after(to: Any) -> Any | None:
    """The source right after "according to" when the parse hung it elsewhere ("according to
    Lipper Analytical Services Inc." ending a sentence, "Inc." read as punctuation of the
    clause; "according to one of the officials present"): the last word of a run of name
    words, else the word itself."""
    if to.i + 1 >= len(to.doc) or to.doc[to.i + 1].pos_ not in {"PROPN", "NOUN", "NUM"}:
        return None
    head = to.doc[to.i + 1]
    while head.dep_ == "compound" and head.head.i > head.i:
        head = head.head
    return head


def _participle_subject(verb: Any) -> Any | None:
    """ "Senator Harry Reid of Nevada, the majority leader and a Democrat facing a difficult
    re-election fight, said ...": the parse gave the name to the participle in the aside
    ("facing") and left the cue none. A participle has no subject of its own, so one that
    opens the sentence before it is the cue's."""
    for clause in verb.children:
        if clause.dep_ != "advcl" or clause.i > verb.i or clause.tag_ not in {"VBG", "VBN"}:
            continue
        for c in clause.children:
            if c.dep_ == "nsubj" and c.i < clause.i and c.left_edge.i == verb.sent.start:
                return c
    return None


def find_subject(verb: Any) -> Any | None:
    """The speaker token of a reporting verb: its subject, or that of the verb it hangs on."""
    tok = verb
    for _ in range(4):
        if tok.lemma_ == "say" and tok.dep_ == "pcomp" and tok.head.lower_ == "as":
            quoter = tok.head.head  # "X quoted Putin as saying": Putin is the speaker
            objects = [c for c in quoter.children if c.dep_ == "dobj"]
            if objects:
                return objects[0]
        if tok.lower_ == "according":
            for child in tok.children:
                if child.dep_ == "prep":
                    objs = [c for c in child.children if c.dep_ == "pobj"]
                    if objs:
                        return objs[0]
                    named = _name_after(child)
                    if named is not None:
                        return named
        subjects = [c for c in tok.children if c.dep_ in SUBJECT_DEPS]
        if subjects:
            # The nearest: the parse sometimes hangs a quoted word on the verb as a second one.
            subject = min(subjects, key=lambda c: abs(c.i - tok.i))
            if (
                tok.i == verb.i
                and subject.dep_ == "nsubjpass"
                and not _has_contracted(tok)
                and not _seen_doing(tok)
            ):
                # A cue in the passive ("were added to the law", "was told that ..."): its
                # subject is what was said or who heard it; the speaker is its agent, if named.
                return _agent(tok)
            if tok.i != verb.i and subject.lower_ in RELATIVES:
                # "the program that allows ... and said the leak could cause harm": the parse
                # joined the cue to a clause on a thing; it continues the sentence's own verb.
                owner = _clause_owner(subject)
                if owner is not None:
                    return owner
            return subject
        answering = _asked_and_answering(tok) if tok.i == verb.i else None
        if answering is not None:
            return answering
        stolen = _participle_subject(tok)
        if stolen is not None:
            return stolen
        repeated = repeated_cue(tok)
        if repeated is not None:
            tok = repeated
            continue
        if (
            tok.dep_ == "acl"
            and tok.tag_ == "VBG"
            and (said_thing(tok.head) or written_thing(tok.head))
            and "," not in tok.doc[tok.head.i : tok.i].text
        ):
            # "issued a statement saying ...": the thing said speaks, for whoever put it out.
            # Not set off by a comma ("downplayed Tlaib's remarks, expressing distaste ..." is
            # the downplayer's), nor a past participle ("requested in a letter written before
            # his death that ..." is the requester's).
            return tok.head
        if (
            tok.dep_ in {"advcl", "xcomp", "conj", "pcomp", "acl", "dep", "acomp", "prep", "pobj"}
            or (tok.dep_ == "advmod" and tok.pos_ == "ADV")  # "went so far as to say"
        ) and tok.head.i != tok.i:
            tok = tok.head
            continue
        misread = misread_apposition(tok)
        if misread is not None:
            inner = [c for c in misread.children if c.dep_ in SUBJECT_DEPS]
            return inner[0] if inner else None
        break
    return None


def _has_contracted(verb: Any) -> bool:
    """Whether the verb's auxiliary is a contracted "'s", which the parse may read as "is"
    (passive) where it is "has": "he's maintained in interviews that ..."."""
    return any(c.dep_ == "auxpass" and c.lower_ in {"'s", "’s"} for c in verb.children)


def _seen_doing(verb: Any) -> bool:
    """Whether a passive verb shows its subject doing something: "is shown lecturing", "was
    heard saying" (the subject speaks)."""
    return any(c.tag_ == "VBG" and c.dep_ in {"xcomp", "advcl", "ccomp"} for c in verb.children)


def _asked_and_answering(cue: Any) -> Any | None:
    """Who answered when asked: "Mr. O'Rourke, asked if he supported impeaching Mr. Trump,
    said ...". The parse reads "asked" as the subject's own verb, with the cue as its complement
    or the other way round, so the cue has no subject; the one asked is it. Only with both
    commas, before "asked" and before the cue."""
    doc = cue.doc
    if cue.i == 0 or doc[cue.i - 1].text != ",":
        return None
    if cue.dep_ == "ccomp" and cue.head.i < cue.i:
        candidates = [cue.head]
    else:
        candidates = [c for c in cue.children if c.dep_ == "ccomp" and c.i < cue.i]
    for asked in candidates:
        if asked.lemma_ in ASKING_VERBS and asked.i > 0 and doc[asked.i - 1].text == ",":
            subjects = [c for c in asked.children if c.dep_ in SUBJECT_DEPS and c.i < asked.i]
            if subjects:
                return subjects[0]
    return None


def _agent(verb: Any) -> Any | None:
    """The agent of a passive verb: "was told by aides" -> aides."""
    for child in verb.children:
        if child.dep_ == "agent":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    return None


def _clause_owner(relative: Any) -> Any | None:
    """The subject of the verb above a relative clause on a thing ("He called the disclosure
    of the program that ..." -> He), when the pronoun stands for a thing that cannot speak: no
    name, no person noun, nothing said or written. None otherwise ("a neighbor who lives nearby
    and said she heard shots" is the neighbor's)."""
    clause = relative.head
    if clause.dep_ != "relcl" or relative.lower_ not in {"that", "which"}:
        return None
    noun = clause.head
    if noun.ent_type_ or noun.pos_ != "NOUN" or said_thing(noun) or written_thing(noun):
        return None
    if noun.lemma_.lower() in PERSON_DESCRIPTIONS:
        return None
    tok = noun
    while tok.head.i != tok.i and tok.pos_ not in {"VERB", "AUX"}:
        tok = tok.head
    owners = [
        c
        for c in tok.children
        if c.dep_ == "nsubj"
        and (c.lower_ in PERSON_PRONOUNS or c.ent_type_ in SOURCE_ENTITIES)
    ]
    return owners[0] if owners and tok.pos_ in {"VERB", "AUX"} else None


def repeated_cue(verb: Any) -> Any | None:
    """The cue a subjectless cue repeats when the parse hangs it inside what the first one
    reports: "Ortiz said the council ruined the plan and said her rival paid no price" makes
    the second "said" a conjunct of "ruined", whose subject is the council's; it is Ortiz's,
    the subject of the same verb whose reported clause holds it. So is a participle of saying
    hung on a finite verb of what another participle reports: "saying it represents a breach
    and noting that personal accounts are less secure" notes what the same people said."""
    if verb.dep_ != "conj":
        return None
    participle = (
        verb.tag_ == "VBG" and verb.lemma_ in INDIRECT_CUE_VERBS and verb.head.tag_ != "VBG"
    )
    tok = verb.head
    while tok.head.i != tok.i:
        if tok.dep_ == "ccomp" and (
            tok.head.lemma_ == verb.lemma_
            or (participle and tok.head.tag_ == "VBG" and tok.head.lemma_ in INDIRECT_CUE_VERBS)
        ):
            return tok.head
        tok = tok.head
    return None


def misread_apposition(verb: Any) -> Any | None:
    """A clause the parse hangs before a cue that also reports one after it: the subject's
    apposition misread as a clause ("Tomas Brevik, a Tampa, Fla., rabbi helping to organize the
    vigil, said he and other rabbis were ..." makes "rabbi" a verb whose subject is Brevik).
    None when the cue reports one clause (a clause before it, "..., the office said", is what
    was said)."""
    doc = verb.doc
    before = [c for c in verb.children if c.dep_ == "ccomp" and c.i < verb.i]
    after = [c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i]
    if not (before and after) or "," not in doc[before[0].right_edge.i : verb.i].text:
        return None
    clause = before[0]
    # Read as a clause: a name set off by a comma as its subject, no quoted words in it (a
    # quotation before the cue, "“...,” he said ... “...”", is what was said).
    subjects = [c for c in clause.children if c.dep_ in SUBJECT_DEPS]
    if not subjects or subjects[0].pos_ != "PROPN" or subjects[0].i + 1 >= len(doc):
        return None
    if doc[subjects[0].i + 1].text != ",":
        return None
    words = doc[clause.left_edge.i : clause.right_edge.i + 1].text
    if any(mark in words for mark in ('"', "“", "”", "''")):
        return None
    return clause


def is_description(head: Any, span: Any) -> bool:
    """Whether a subject phrase describes one person the way a report refers back to someone
    it has named: "the" and a noun of ``PERSON_DESCRIPTIONS``, nothing after the noun to
    single out someone else ("the chairman of the committee" may be another man)."""
    return (
        span[0].lower_ == "the"
        and head.lower_ in PERSON_DESCRIPTIONS
        and head.tag_ in {"NN", "NNP"}
        and not any(c.dep_ in {"prep", "poss", "acl"} for c in head.children)
    )
