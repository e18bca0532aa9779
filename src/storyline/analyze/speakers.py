"""Who spoke: the subject of a reporting verb, and the person a name, a pronoun or a role noun
refers to at a point of the text (``SpeakerResolver``). The quote rules (``analyze.quotes``) find
the cue; this module says whom it belongs to.

spaCy makes a new Token object at each access: tokens are compared by ``.i``, never by ``is``.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from storyline.analyze.doc_text import text_of
from storyline.analyze.lexicon import (
    DOCUMENT_CUES,
    INDEFINITES,
    PERSON_DESCRIPTIONS,
    PRONOUNS,
    ROLE_NOUNS,
    country_of,
    title_gender,
)
from storyline.analyze.resolve import LocalEntity, find_by_name, genders
from storyline.analyze.speech_owners import SpeechOwners
from storyline.analyze.subjects import (
    NEVER_SPEAK,
    RELATIVES,
    SUBJECT_DEPS,
    Speaker,
    antecedent_of,
    counted_group,
    find_subject,
    is_description,
    said_thing,
    subject_span,
    written_thing,
)
from storyline.model import Mention
from storyline.quotation import QuoteSpan

# Subjects that are never speakers of what follows.
_EXPLETIVES = {"it", "this", "that", "there", "which", "who"}
# A bare quantifier as subject ("though many said ...") speaks for the group it counts from.
_QUANTIFIERS = frozenset({"many", "some", "most", "others", "several", "few", "both", "all"})
# Speakers are people and organisations; a place ("Texas said") or a nationality ("Russian")
# names no one who spoke.
_SPEAKER_KINDS = {"PERSON", "ORG"}
# How far back (characters) a person subject stays the referent of "he"/"she"; beyond it the
# latest person mentioned is taken instead (seeds: paragraphs of 200-400 characters).
SALIENCE_WINDOW = 600


class SpeakerResolver:
    """Who a subject refers to at a point of the text: names, pronouns and role nouns."""

    def __init__(
        self,
        doc: Any,
        mentions: list[Mention],
        entities: list[LocalEntity],
        mention_entity: list[int | None],
        quoted: list[bool],
    ) -> None:
        self.doc = doc
        self.entities = entities
        self.quoted = quoted  # per character: inside a direct quote
        # (start offset, entity index) of every person reference, in text order: the mentions
        # outside quotes, then the subjects resolved by `resolve`.
        self.refs: list[tuple[int, int]] = []
        for m, e in zip(mentions, mention_entity, strict=True):
            if e is not None and entities[e].kind == "PERSON" and not quoted[m.start]:
                self.refs.append((m.start, e))
        self.subject_refs: list[tuple[int, int]] = []
        # (start offset, person entity or None) of every subject noted, whoever or whatever it
        # is: a description refers back only to a person who was the latest subject.
        self.subjects: list[tuple[int, int | None]] = []
        # Start offset -> organisation entity, of the subjects noted that are organisations:
        # whom "it" may refer to.
        self.organisation_subjects: dict[int, int] = {}
        # Start offset -> head token, of the subjects noted that join others by "and".
        self.joined_subjects: dict[int, Any] = {}
        self.mention_at = {}
        for m, e in zip(mentions, mention_entity, strict=True):
            if e is not None:
                for k in range(m.start, m.end):
                    self.mention_at[k] = e
        self.gender = genders(text_of(doc), mentions, mention_entity, entities)
        # The gender of the pronoun a person was read as ("she said" for Clinton): no pronoun
        # is resolved by it, but a description of the other gender is no one it names.
        self.pronoun_gender: dict[int, str] = {}
        # Whose a thing said is ("the statement said"): its owner, read once per thing.
        self.owners = SpeechOwners(self, SALIENCE_WINDOW)

    def name(self, index: int | None) -> str | None:
        return None if index is None else self.entities[index].canonical()

    def salient_person(self, before: int, gender: str | None = None) -> int | None:
        """The person a pronoun refers to: the latest person subject nearby, else the latest
        person mentioned (subjects win over objects: "the prime minister appreciated President
        Putin ... He observed" is the prime minister). A person the text marks as the other
        gender ("Mrs. Okafor" for "he") is passed over."""
        subjects = [
            (s, e)
            for s, e in self.subject_refs
            if s < before and (gender is None or (self._gender_of(e) or gender) == gender)
        ]
        latest_subject = self.latest_subject(before)
        if latest_subject is not None and (not subjects or latest_subject > max(subjects)[0]):
            # A latest subject that is plainly no person ("That did not satisfy Justice Scalia.
            # “...,” he said"): the one person its sentence names is whom the text goes on about.
            only = (
                self._only_person_after(latest_subject, before, gender)
                if self._thing_subject(latest_subject)
                else None
            )
            if only is not None:
                return only
            # "Huckabee's religion has played a prominent role in his career. He wrote ...":
            # the latest subject is a person's thing, and the text goes on about its owner.
            owner = self._subject_owner(latest_subject, gender)
            named_since = any(
                latest_subject < s < before and e != owner for s, e in self.refs
            )  # "..., but Capt. Johnson said he believed ...": the one named since
            if owner is not None and not named_since:
                return owner
        if subjects and before - max(subjects)[0] <= SALIENCE_WINDOW:
            return max(subjects)[1]
        return self.last_person(before, gender=gender)

    def _token_at(self, offset: int) -> Any | None:
        """The token covering the character at ``offset`` (a mention's or subject's start)."""
        at = self.doc.char_span(offset, offset + 1, alignment_mode="expand")
        return at[0] if at is not None and len(at) else None

    def _thing_subject(self, start: int) -> bool:
        """Whether the subject starting at offset ``start`` is plainly no person: "that",
        "it", a thing said or written ("the statement"), a clause. A noun that may be a person
        unnamed ("the minister", "the lawyer") is not."""
        head = self._token_at(start)
        if head is None:
            return False
        while head.dep_ not in SUBJECT_DEPS and head.head.i != head.i:
            head = head.head
        if head.dep_ in {"csubj", "csubjpass"}:
            return True
        if head.pos_ == "PRON":
            return head.lower_ in _EXPLETIVES
        return said_thing(head) or written_thing(head)

    def _only_person_after(self, subject: int, before: int, gender: str | None) -> int | None:
        """The one person (of ``gender``) named in the sentence of the subject at offset
        ``subject``, from that subject on; None when there is none or more than one."""
        at = self._token_at(subject)
        if at is None:
            return None
        end = min(at.sent.end_char, before)
        found = {
            e
            for s, e in self.refs
            if subject <= s < end
            and (gender is None or (self._gender_of(e) or gender) == gender)
            and not self._possessor(s)
        }
        return next(iter(found)) if len(found) == 1 else None

    def _subject_owner(self, start: int, gender: str | None) -> int | None:
        """The person (of ``gender``) who owns the subject at offset ``start`` when that subject
        is a thing ("Huckabee's religion", "her campaign" no: a name only), not a person
        unnamed ("Trump's lawyer" is the lawyer)."""
        head = self._token_at(start)
        if head is None:
            return None
        while head.dep_ not in SUBJECT_DEPS and head.head.i != head.i:
            head = head.head
        if head.pos_ != "NOUN" or head.lower_ in PERSON_DESCRIPTIONS or head.lower_ in ROLE_NOUNS:
            return None
        for child in head.children:
            if child.dep_ != "poss":
                continue
            owner = self.named_person(child)
            if owner is None:
                continue
            if gender is None or (self._gender_of(owner) or gender) == gender:
                return owner
        return None

    def _possessor(self, start: int) -> bool:
        """Whether the name at offset ``start`` only owns a thing ("it condemned Mr. Trump's
        approach"): the text is about the thing, not the person."""
        head = self._token_at(start)
        if head is None:
            return False
        while head.dep_ in {"compound", "flat"} and head.head.i > head.i:
            head = head.head  # "Mr. Donald Trump's": the name's last word owns
        return head.dep_ == "poss" or any(c.dep_ == "case" for c in head.children)

    def _gender_of(self, e: int) -> str | None:
        """The gender the text gives a person by a title or a given name, else the one a
        pronoun read as them gave ("She had suffered a heart attack" makes Bettie Page no
        "he"), else None."""
        return self.gender.get(e) or self.pronoun_gender.get(e)

    def salient_role(self, before: int, role: str, nationality: str | None) -> int | None:
        """The person a role noun refers to ("the minister"): the latest person with that role
        who was a subject, else the latest one mentioned ("Foreign Minister Halvorsen signed
        ... with Water Minister Reyes ... The minister stressed" is Halvorsen). A holder named
        only in passing ("during the tenure of another Republican, Gov. Mike Huckabee") is not
        whom "the governor" later means when the article's own governor acted in it, however
        far back."""
        subjects = [
            (s, e) for s, e in self.subject_refs if s < before and self._fits(e, role, nationality)
        ]
        if subjects:
            return max(subjects)[1]
        return self.last_person(before, role, nationality)

    def _fits(self, e: int, role: str, nationality: str | None) -> bool:
        entity = self.entities[e]
        return entity.holds(role) and (
            nationality is None or not entity.nationalities or nationality in entity.nationalities
        )

    def last_person(
        self,
        before: int,
        role: str | None = None,
        nationality: str | None = None,
        gender: str | None = None,
    ) -> int | None:
        best: tuple[int, int] | None = None
        for start, e in self.refs + self.subject_refs:
            if start >= before or (gender is not None and (self._gender_of(e) or gender) != gender):
                continue
            entity = self.entities[e]
            if role is not None and not entity.holds(role):
                continue
            if (
                nationality is not None
                and entity.nationalities
                and nationality not in entity.nationalities
            ):
                continue
            if best is None or start > best[0]:
                best = (start, e)
        return None if best is None else best[1]

    def resolve_tokens(self, head: Any, span: Any) -> int | None:
        """The entity a subject phrase (``span`` headed by ``head``) refers to, or None."""
        lower = head.lower_
        if head.pos_ == "PRON" or lower in {"he", "she", "i", "we", "they", "it"}:
            if lower in {"he", "she", "him", "her"}:
                gender = "m" if lower in {"he", "him"} else "f"
                found = self.salient_person(span.start_char, gender)
                if found is not None:
                    self.pronoun_gender.setdefault(found, gender)
                return found
            if lower == "it":
                return self.organisation_subject(span.start_char)
            return None
        # The name the phrase is headed by: "Senate President Mike Thibodeau" is Thibodeau, not
        # the Senate that modifies his title; "BuzzFeed's editor in chief, Ben Smith" is Smith;
        # "the House speaker" is whoever holds that role, never the House.
        named = self.speaker_at(head)
        if named is not None:
            return named
        for child in head.children:
            if child.dep_ == "appos" and (named := self.speaker_at(child)) is not None:
                return named
        if head.pos_ == "PROPN":
            for tok in sorted(span, key=lambda t: -t.i):
                e = self.mention_at.get(tok.idx)
                if e is not None and tok.i >= head.i - 3 and self.entities[e].kind == "PERSON":
                    return e
        words = [t for t in span if t.pos_ != "DET"]
        phrase = " ".join(t.lower_ for t in words).replace("’s", "").strip()
        role_phrase = " ".join(t.lower_ for t in words if country_of(t.text) is None)
        if head.pos_ in {"NOUN", "PROPN"} and head.lower_ in PERSON_DESCRIPTIONS:
            # "The Democrat, Representative Ada Brandt of Vermont, said": the parse may take
            # the capitalised noun for a name.
            named = self._named_after_phrase(head)
            if named is not None:
                return named
        if span[0].lower_ in INDEFINITES:
            return None  # "a Rust Belt congressman who said": someone not named before
        described = is_description(head, span)
        for role_noun in sorted(ROLE_NOUNS, key=len, reverse=True):
            if (
                role_phrase.endswith(role_noun)
                # The role is the phrase's head: "some close to the GOP chairman" are not he.
                and head.lower_ == role_noun.split()[-1]
                and (role_phrase == role_noun or head.pos_ != "PROPN" or role_noun == "pm")
                # A capitalised role word alone, with no determiner, is a name: "Judge doesn't
                # have the name recognition of Grassley" is Patty Judge ("PM said" is the PM).
                and not (len(span) == 1 and head.pos_ == "PROPN" and head.text.istitle())
            ):
                nationality = next((c for t in words if (c := country_of(t.text))), None)
                role = ROLE_NOUNS[role_noun]
                found = self.salient_role(span.start_char, role, nationality)
                if found is None and described:
                    found = self.described_person(span.start_char, role, head.lower_)
                return found
        if head.pos_ == "PROPN" and phrase:
            found = find_by_name(self.entities, span.text, tuple(_SPEAKER_KINDS))
            if found is not None:
                return found
        return self.described_person(span.start_char, None, head.lower_) if described else None

    def described_person(self, before: int, role: str | None, noun: str) -> int | None:
        """The person a description refers back to when no one named holds its role ("Sarah
        Palin ... said ... The former Alaska governor said", "Sen. John McCain said ... The
        Arizona Republican said"): the latest subject, if it is a person, is near, and no other
        person was named since; never one whose roles the text gave are others, or whose
        gender the noun contradicts ("the congresswoman" is no Mr. Ruiz)."""
        earlier = [(s, e) for s, e in self.subjects if s < before]
        if not earlier:
            return None
        start, e = max(earlier)
        if e is None or before - start > SALIENCE_WINDOW:
            return None
        if any(
            start < k < before and other != e and self.entities[other].kind == "PERSON"
            for k, other in self.mention_at.items()
        ):
            return None  # "Mr. Trump said that Mr. Mattis ... The president said": which one?
        if role is not None and self.entities[e].roles and not self.entities[e].holds(role):
            return None
        gender = title_gender(noun)
        known = self._gender_of(e)
        if gender is not None and known is not None and known != gender:
            return None
        return e

    def _named_after_phrase(self, head: Any) -> int | None:
        """The person named, set off by commas, after a role's own phrase: "the mayor of
        Hoboken, Dawn Zimmer, said" and "The chairman of the House Oversight Committee,
        Representative Trey Gowdy, said" (the parse hangs the name on the committee, or makes
        it a second subject). Never one joined by "and": that is a second speaker."""
        for tok in head.subtree:
            if tok.i <= head.i or tok.dep_ not in {"appos", "conj"}:
                continue
            if tok.head.i != head.i and tok.head.dep_ != "pobj":
                continue
            if tok.left_edge.i == 0 or tok.doc[tok.left_edge.i - 1].text != ",":
                continue
            if any(c.dep_ == "cc" and c.i < tok.i for c in tok.head.children):
                continue
            return self.speaker_at(tok, {"PERSON"})
        return None

    def speaker_of(self, verb: Any, quote: QuoteSpan | None = None) -> Speaker | None:
        subject = find_subject(verb)
        if (
            subject is not None
            and subject.lower_ in RELATIVES
            and subject.head.dep_ == "relcl"
            and not self.quoted[subject.idx]
        ):
            # "Reuters, which said ...": the speaker's mention is the relative pronoun, and it
            # refers to its antecedent.
            antecedent = antecedent_of(subject)
            if said_thing(antecedent):
                return self.owners.owner_of_speech(antecedent, verb)  # "Rice's remarks, which said"
            phrase = subject_span(antecedent)
            entity = self._person_before(subject) if subject.lower_ == "who" else None
            if entity is None:
                entity = self.resolve_tokens(antecedent, phrase)
            if entity is None and antecedent.dep_ == "appos":
                # "Anna Lind, a nurse in Kestrel County, who said": the role stands in
                # apposition to the name it describes.
                entity = self.speaker_at(antecedent.head)
            if (
                entity is None
                and antecedent.pos_ in {"NOUN", "PROPN"}
                and antecedent.ent_type_ not in NEVER_SPEAK
            ):
                # "a group of Republicans who say ...": no one named, so the speaker is the
                # phrase the relative pronoun stands for, never the pronoun itself.
                return Speaker(
                    text=phrase.text, start=phrase.start_char, end=phrase.end_char, name=None
                )
            return Speaker(
                text=subject.text,
                start=subject.idx,
                end=subject.idx + len(subject),
                name=self.name(entity),
            )
        if (
            subject is not None
            and subject.lower_ in _EXPLETIVES
            and not (
                # "“...,” it read": a letter or statement, named before, is the speaker.
                subject.lower_ == "it" and subject.dep_ == "nsubj" and verb.lemma_ in DOCUMENT_CUES
            )
        ):
            return None
        if subject is None or self.quoted[subject.idx]:
            # The parse lost the subject (often inside the quote): read it off the word order,
            # "“...,” campaign manager Robby Mook said" or "“...,” said Steve Duprey, ...".
            found = self._positional_subject(verb, quote) if quote is not None else None
            if found is None:
                found = self._name_before(verb)
            if found is None:
                return None
            subject, span = found
        else:
            if said_thing(subject) and subject.dep_ in SUBJECT_DEPS and subject.head.i != verb.i:
                # "Rice's comments came as Netanyahu turned down ..., saying": a participle's
                # doer is never what was said, nor whoever said that.
                return None
            span = subject_span(subject)
        if said_thing(subject):
            return self.owners.owner_of_speech(subject, verb)
        while len(span) > 1 and self.quoted[span[0].idx]:
            span = span[1:]  # the parse sometimes hangs quoted words on the subject
        if "\n" in span.text:
            span = span.doc[max(t.i for t in span if "\n" in t.text) + 1 : span.end]
            if len(span) == 0:
                return None
        entity = self.resolve_tokens(subject, span)
        if entity is None and subject.lower_ == "they":
            joined = self.joined_subject(span.start_char)
            if joined is not None:
                return Speaker(
                    text=span.text,
                    start=span.start_char,
                    end=span.end_char,
                    name=self.name(joined[0]),
                    others=joined[1],
                )
        if entity is None and written_thing(subject):
            # "the letter reads": its owner speaks when named; else the letter, as written
            # ("its FEC reports" whose "its" is no one stays as it is).
            owner = self.owners.owner_of_speech(subject, verb)
            if owner is not None and (owner.name or owner.text.lower() not in PRONOUNS):
                return owner
        name = self.name(entity)
        if entity is None and len(span) == 1 and subject.lower_ in _QUANTIFIERS:
            name = counted_group(subject)
        # Others joined by "and" to a speaker named in its own phrase (or a pronoun): when the
        # speaker is read from a role ("CHA president and chief executive officer Sister Carol
        # Keehan"), the "and" most often joins a second title of one person.
        named_here = subject.pos_ in {"PRON", "PROPN"} or any(
            self.mention_at.get(t.idx) == entity for t in span
        )
        others = self._joint_speakers(subject) if name is not None and named_here else ()
        return Speaker(
            text=span.text, start=span.start_char, end=span.end_char, name=name, others=others
        )

    def _joint_speakers(self, subject: Any) -> tuple[str, ...]:
        """The people and organisations a subject joins to the speaker with "and" ("Ms. Pelosi
        and Mr. Schumer said in a joint statement", "Yeltsin and Kuchma called for"), each as
        its resolved name: a remark they made together is each one's. Only names the text
        resolves count."""
        chain: list[Any] = []
        # A list the parse reads as an apposition: "Mayor Lena Ortiz, Senator Tom Vance and
        # Governor Ana Ruiz" (Vance apposed to Ortiz, Ruiz joined to Vance).
        listed = [
            c
            for c in subject.children
            if c.dep_ == "appos"
            and c.pos_ == "PROPN"
            and any(g.dep_ == "cc" and g.lower_ in {"and", "&"} for g in c.children)
            and any(g.dep_ == "conj" and g.pos_ == "PROPN" for g in c.children)
        ]
        pending = [c for c in subject.children if c.dep_ == "conj"] + listed
        while pending:
            conj = pending.pop(0)
            chain.append(conj)
            pending.extend(c for c in conj.children if c.dep_ == "conj")
        # "A and B", or "A, B and C" (the parse hangs the "and" on B).
        if not any(
            c.dep_ == "cc" and c.lower_ in {"and", "&"}
            for head in (subject, *chain)
            for c in head.children
        ):
            return ()
        others: list[str] = []
        for conj in chain:
            if conj.pos_ not in {"PROPN", "NOUN", "PRON"} or self.quoted[conj.idx]:
                continue
            entity = self.resolve_tokens(conj, subject_span(conj))
            after = conj.doc[conj.i + 1] if conj.i + 1 < len(conj.doc) else None
            if entity is None and after is not None and after.pos_ == "PROPN":
                # "Senate Democratic Leader Chuck Schumer": the parse may make the title the
                # conjunct and hang the name after it elsewhere.
                entity = self.speaker_at(after)
            if entity is not None and self.entities[entity].kind in _SPEAKER_KINDS:
                name = self.name(entity)
                if name is not None and name not in others:
                    others.append(name)
        return tuple(others)

    def _positional_subject(self, verb: Any, quote: QuoteSpan) -> tuple[Any, Any] | None:
        doc = self.doc
        if verb.idx > quote.close:
            between = doc.char_span(quote.close, verb.idx, alignment_mode="contract")
            words = [t for t in between or [] if not t.is_punct]
            # A subject never opens with a preposition: "“...” in a new television ad airing in
            # Iowa, railing against ..." names where it was said, not who.
            if (
                1 <= len(words) <= 8
                and words[-1].pos_ in {"PROPN", "NOUN", "PRON"}
                and words[0].pos_ != "ADP"
            ):
                span = doc[words[0].i : words[-1].i + 1]
                return words[-1], span
            if not words:
                after = []
                for t in doc[verb.i + 1 : min(len(doc), verb.i + 12)]:
                    if t.is_punct or t.pos_ in {"ADP", "VERB", "AUX", "SCONJ"}:
                        break
                    after.append(t)
                if after and after[-1].pos_ in {"PROPN", "NOUN"}:
                    return after[-1], doc[after[0].i : after[-1].i + 1]
        return None

    def _name_before(self, verb: Any) -> tuple[Any, Any] | None:
        """A person or organisation named right before a cue the parse gave no subject: "...
        for his wife, mayoral front-runner Lena Ortiz, former mayor Tom Ortiz said his wife
        was ..." hangs "Tom Ortiz" on "Lena Ortiz" as one more of a list, yet he is who said
        it. Only a name written right against the cue, outside quotation marks, opening its
        sentence or set off by a comma: "lawyers for both Jesse Jackson Jr. and Sandra Jackson
        said" is the lawyers, whom the parse lost too."""
        if verb.i == 0:
            return None
        before = verb.doc[verb.i - 1]
        if self.quoted[before.idx] or self.speaker_at(before) is None:
            return None
        span = subject_span(before)
        opening = span.start == span.sent.start or verb.doc[span.start - 1].text == ","
        return (before, span) if opening else None

    def _person_before(self, relative: Any) -> int | None:
        """The person named right before "who" ("Justice Antonin Scalia who said", "Ilse
        Marrow, who said"): "who" stands for a person, whatever noun the parse hangs it on."""
        before = relative.i - 1
        if before >= 0 and relative.doc[before].text == ",":
            before -= 1
        # A person only: in "senior members of Congress who said", "who" is the members.
        return None if before < 0 else self.speaker_at(relative.doc[before], {"PERSON"})

    def speaker_at(self, tok: Any, kinds: Collection[str] = _SPEAKER_KINDS) -> int | None:
        """The person or organisation (of ``kinds``) whose name covers this token."""
        e = self.mention_at.get(tok.idx)
        return e if e is not None and self.entities[e].kind in kinds else None

    def named_person(self, tok: Any) -> int | None:
        """The person whose name covers this token, or None (no pronoun or role is read)."""
        return self.speaker_at(tok, {"PERSON"})

    def latest_subject(self, before: int, within: int = SALIENCE_WINDOW) -> int | None:
        """The start of the latest subject noted before offset ``before``, when within reach."""
        latest = max((s for s, _ in self.subjects if s < before), default=None)
        return latest if latest is not None and before - latest <= within else None

    def organisation_subject(self, before: int) -> int | None:
        """The organisation "it" refers to: the latest subject noted, when it is one and near
        ("Microsoft estimated Monday that ... Additionally, it said ..."). A latest subject
        that is a person, a place or a thing ("The plan was approved. It said ...") names no
        one."""
        latest = self.latest_subject(before)
        if latest is None or latest not in self.organisation_subjects:
            return None
        if "according to" in text_of(self.doc)[latest:before].lower():
            # "The Islamic State has called for attacks, according to the SITE Intelligence
            # Group ... It said": the source named since is as likely the one.
            return None
        return self.organisation_subjects[latest]

    def joined_subject(self, before: int) -> tuple[int, tuple[str, ...]] | None:
        """Whom "they" refers to when the latest subject, near, joins people or organisations
        by name ("Senate President David Long and House Speaker Brian Bosma held a press
        conference. They said ..."): the first and the others, as a joint remark's speakers.
        A group no name is given for ("Critics ... They") is no one named."""
        latest = self.latest_subject(before)
        if latest is None or latest not in self.joined_subjects:
            return None
        subject = self.joined_subjects[latest]
        entity = self.resolve_tokens(subject, subject_span(subject))
        if entity is None or self.entities[entity].kind not in _SPEAKER_KINDS:
            return None
        others = self._joint_speakers(subject)
        return (entity, others) if others else None

    def note_subject(self, start: int, entity: int | None, token: Any = None) -> None:
        """Note a sentence's subject at ``start``, the ``entity`` it resolved to and, for a
        subject joining several by "and", its head ``token`` ("they" reads them back)."""
        if token is not None:
            self.joined_subjects[start] = token
        person = entity is not None and self.entities[entity].kind == "PERSON"
        if entity is not None and self.entities[entity].kind == "ORG":
            self.organisation_subjects[start] = entity
        self.subjects.append((start, entity if person else None))
        if entity is not None and person:
            self.subject_refs.append((start, entity))

