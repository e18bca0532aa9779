"""Whose a thing said or written is: "Rice's comments", "the statement from Grimm's lawyer",
"a statement released by the ministry", or "the statement" alone, whoever put out the latest
one before it. The speaker resolver (``analyze.speakers``) asks this when a cue's subject is
something said rather than someone saying it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from storyline.analyze.lexicon import (
    DEFINITE_DETERMINERS,
    DIRECT_CUE_VERBS,
    INDIRECT_CUE_VERBS,
    ISSUING_VERBS,
    POSSESSIVE_PRONOUNS,
    PRONOUNS,
)
from storyline.analyze.subjects import (
    NEVER_SPEAK,
    RELATIVES,
    Speaker,
    document_kind,
    find_subject,
    subject_span,
    verb_phrase,
)

if TYPE_CHECKING:
    from storyline.analyze.speakers import SpeakerResolver


class SpeechOwners:
    """The owners of things said over one parsed text, for its speaker resolver."""

    def __init__(self, resolver: SpeakerResolver, window: int) -> None:
        self.resolver = resolver
        # How far back (characters) "the statement" still means the latest one put out before
        # it: the resolver's salience window.
        self.window = window
        # The owner found for each "the statement" (by token), once: "" when two were named.
        self._earlier: dict[int, str | None] = {}

    def owner_of_speech(self, noun: Any, verb: Any) -> Speaker | None:
        """The speaker of a cue whose subject names something said ("Her comments", "the
        statement"): whoever it belongs to, else no one. "Rice's comments" is Rice, "Her
        comments" whoever "she" is, "an FBI statement" the FBI, "the statement from Grimm's
        lawyer" and "a statement released by the ministry" the lawyer and the ministry; "the
        statement" with none of these, whoever put it out ("Ortiz issued a statement saying"),
        else whoever put out the latest statement before it (:meth:`_earlier_owner`), shown as
        "the statement" under that owner's name."""
        doc = noun.doc
        if noun.i < verb.i and "," in doc[noun.i : verb.i].text:
            # "Her comments, said Tom Hale, are ...": a cue set off by commas is inverted, and
            # its speaker is the name right after it.
            name: list[Any] = []
            for t in doc[verb.i + 1 : min(len(doc), verb.i + 6)]:
                if t.pos_ != "PROPN":
                    break
                name.append(t)
            if name and (e := self.resolver.speaker_at(name[-1])) is not None:
                return self._as_speaker(doc[name[0].i : name[-1].i + 1], e)
        own = self._own_owner(noun)
        if own is not None:
            return own[1]
        putter, _ = self._putter(noun)
        if putter is not None and not any(c.dep_ == "conj" for c in putter.children):
            # "Mayor Ortiz issued a statement saying ...": who put it out.
            return self._phrase_speaker(putter)
        earlier = self._earlier_owner(noun)
        if not earlier:
            return None
        span = subject_span(noun)
        return Speaker(text=span.text, start=span.start_char, end=span.end_char, name=earlier)

    def _own_owner(self, noun: Any) -> tuple[Any, Speaker] | None:
        """The owner a thing said or written names itself, with the word heading its name: a
        possessor, a name compounded with it, or the object of "from" or of "by" after a verb
        of putting out ("released by the ministry"; "a letter seen by Reuters" is not
        Reuters')."""
        doc = noun.doc
        for child in noun.children:
            if child.dep_ == "poss":
                pronoun = POSSESSIVE_PRONOUNS.get(child.lower_)
                if pronoun is None:
                    return child, self._phrase_speaker(child)
                # Resolved as the pronoun is: "her" as "she" would be.
                person = (
                    self.resolver.salient_person(child.idx, "m" if pronoun == "he" else "f")
                    if pronoun in {"he", "she"}
                    else None
                )
                return child, self._as_speaker(doc[child.i : child.i + 1], person)
        names = [c for c in noun.lefts if c.dep_ == "compound"]
        if names and (e := self.resolver.speaker_at(names[-1])) is not None:
            return names[-1], self._as_speaker(doc[names[0].i : names[-1].i + 1], e)
        for child in noun.rights:
            by: Any | None = None
            if child.dep_ == "prep" and child.lower_ in {"from", "by"}:
                by = child
            elif child.dep_ == "acl" and verb_phrase(child) in ISSUING_VERBS:
                by = next((c for c in child.children if c.dep_ == "agent"), None)
            owner = None if by is None else next(
                (c for c in by.children if c.dep_ == "pobj"), None
            )
            if owner is not None:
                return owner, self._phrase_speaker(owner)
        return None

    def _earlier_owner(self, noun: Any) -> str | None:
        """Who "the statement" (a thing said or written, named with "the" or "this", and no
        owner of its own) belongs to: the owner of the latest one of its kind within
        ``window`` characters before it ("The mayor's office issued a statement. ...
        the statement said"), when every one of that kind in that sentence names the same
        owner; else no one (None, or "" when two are named)."""
        if noun.i in self._earlier:
            return self._earlier[noun.i]
        self._earlier[noun.i] = None
        det = next((c.lower_ for c in noun.lefts if c.dep_ == "det"), None)
        if det not in DEFINITE_DETERMINERS:
            return None
        kind = document_kind(noun)
        latest = None
        for t in reversed(noun.doc[: noun.i]):
            if noun.idx - t.idx > self.window:
                break
            if t.pos_ == "NOUN" and document_kind(t) == kind and not self.resolver.quoted[t.idx]:
                latest = t
                break
        if latest is None or kind is None:
            return None
        names = {
            self._owner_name(t)
            for t in latest.sent
            if t.i <= latest.i
            and t.pos_ == "NOUN"
            and document_kind(t) == kind
            and not self.resolver.quoted[t.idx]
        }
        found = names.pop() if len(names) == 1 else ""
        self._earlier[noun.i] = found
        return found

    def _owner_name(self, noun: Any) -> str | None:
        """The name of whoever put out ``noun`` (an earlier thing said or written), "" when two
        are named together ("Solberg and Hale issued statements"), else None. The sayer of "X
        said in a statement" first, then the owner the noun names itself, then the subject of
        a verb of putting out ("X issued a statement"), then, for
        "the statement" itself, the owner of the one before it."""
        subject, verb = self._putter(noun)
        if subject is not None and verb.lemma_ in DIRECT_CUE_VERBS:
            return self._subject_name(subject)
        own = self._own_owner(noun)
        if own is not None:
            return _shown_name(own[0], own[1])
        if subject is not None:
            return self._subject_name(subject)
        return self._earlier_owner(noun)

    def _putter(self, noun: Any) -> tuple[Any, Any]:
        """The active subject and verb that put ``noun`` out, or (None, None): "issued a
        statement", "said in a statement". Only a verb of saying says whose a thing is by
        "in": "criticism comes in a letter" did not write it."""
        head = noun.head
        if noun.dep_ == "dobj" and verb_phrase(head) in ISSUING_VERBS:
            verb = head
        elif (
            noun.dep_ == "pobj"
            and head.lower_ == "in"
            and head.head.lemma_ in DIRECT_CUE_VERBS | INDIRECT_CUE_VERBS
        ):
            verb = head.head
        else:
            return None, None
        subject = find_subject(verb)
        if subject is None or subject.dep_ != "nsubj" or subject.lower_ in RELATIVES:
            return None, None
        return subject, verb

    def _subject_name(self, subject: Any) -> str | None:
        if any(c.dep_ == "conj" for c in subject.children):
            return ""  # "Solberg and Hale issued statements": whose is "the statement"?
        span = subject_span(subject)
        entity = self.resolver.resolve_tokens(subject, span)
        return _shown_name(subject, self._as_speaker(span, entity))

    def _phrase_speaker(self, head: Any) -> Speaker:
        """The speaker a noun phrase names, without its possessive ending ("Rice's" is Rice)."""
        span = subject_span(head)
        while len(span) > 1 and span[-1].dep_ == "case":
            span = span[:-1]
        return self._as_speaker(span, self.resolver.resolve_tokens(head, span))

    def _as_speaker(self, span: Any, entity: int | None) -> Speaker:
        name = self.resolver.name(entity)
        return Speaker(text=span.text, start=span.start_char, end=span.end_char, name=name)


def _shown_name(head: Any, owner: Speaker) -> str | None:
    """The name an owner goes by when a later "the statement" speaks for it: its entity's,
    else its words when they name someone ("the tech giant"), never a pronoun, a place or a
    date."""
    if owner.name is not None:
        return owner.name
    if head.lower_ in PRONOUNS or head.pos_ not in {"NOUN", "PROPN"}:
        return None
    if head.ent_type_ in NEVER_SPEAK:
        return None
    return owner.text
