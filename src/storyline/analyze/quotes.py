"""Quotes and their speakers: quote-mark scanning plus the dependency parse.

* **Direct** quotes are found by their marks (straight, curly, and single marks used as quotes),
  joined when split around the cue ("“A,” he said, “B.”") and continued into a following quoted
  sentence that has no cue of its own. The cue is the nearest reporting verb outside the marks in
  the same sentence; the speaker is that verb's subject (climbing from "adding" to the verb it
  hangs on, reading "X quoted Putin as saying" as Putin, "according to X" as X).
* **Indirect** speech is a reporting verb (or a verb of finding or fearing) with a clausal
  complement ("said that ...", "stressed ...", "the poll shows ..."), a cue set off by commas
  inside the clause it reports, "according to X" before or after a clause, or a headline label
  ("Clinton: I support ..."). When the complement holds a quoted phrase, or the reporter's own
  words open a quoted clause ("The plan “was dead,” she said"), it is **mixed**.
* **Speakers** named at the cue resolve to the article's entity by name; a pronoun ("he") to the
  person the text was last talking about, of the pronoun's gender where the text marks one; a
  role noun ("the premier", "the Russian president") to the last person with that role (and
  nationality). Anything else stays unknown.

spaCy makes a new Token object at each access: tokens are compared by ``.i``, never by ``is``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from storyline.analyze.lexicon import (
    DIRECT_CUE_VERBS,
    INDIRECT_CUE_VERBS,
    ROLE_NOUNS,
    country_of,
)
from storyline.analyze.resolve import LocalEntity, find_by_name
from storyline.model import Mention, Quote, content_id
from storyline.quotation import QuoteSpan, scan_quote_marks

# Subjects that are never speakers of what follows.
_EXPLETIVES = {"it", "this", "that", "there", "which", "who"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass"}
_RELATIVES = {"who", "which", "that"}
# A bare quantifier as subject ("though many said ...") speaks for the group it counts from.
_QUANTIFIERS = frozenset({"many", "some", "most", "others", "several", "few", "both", "all"})
_GROUP_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos", "ROOT"})
# A line that opens with a short capitalized label and a colon: "Clinton: I support ...".
_LABELLED_LINE = re.compile(
    r"^(?P<label>[A-Z][\w.’'&-]*(?:[ \t][A-Z][\w.’'&-]*){0,3}):[ \t]+"
    r"(?P<content>[^\n“\"‘']\S[^\n]{6,}?)[ \t]*$",
    re.MULTILINE,
)
# Labels of a line that are no source: sections, notes, media credits.
_NOT_SPEAKERS = {
    "update",
    "updated",
    "note",
    "editor's note",
    "editor’s note",
    "photo",
    "photos",
    "video",
    "watch",
    "related",
    "read more",
    "source",
    "sources",
    "correction",
    "q",
    "a",
    "caption",
    "video transcript",
    "transcript",
    "advertisement",
    "see also",
    "listen",
    "credit",
}
_SENTENCE_END = re.compile(r"[.!?][\"”’']?\s+")
# "“...” — Maria Lopez": a dash, then a capitalized name of one to four words ending the line
# or running into the next quote.
_DASH_NAME = re.compile(
    r"[ \t]*[―—–-][ \t]*([A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,3})[.,]?[ \t]*(?=$|\n|[“\"/])",
    re.MULTILINE,
)
# What a letter, report or statement does: "it read", "it said", "it states".
_DOCUMENT_CUES = {"read", "say", "state", "note", "add", "warn", "conclude", "declare", "claim"}
# Speakers are people and organisations; a place ("Texas said") or a nationality ("Russian")
# names no one who spoke.
_SPEAKER_KINDS = {"PERSON", "ORG"}
# How far back (characters) a person subject stays the referent of "he"/"she"; beyond it the
# latest person mentioned is taken instead (seeds: paragraphs of 200-400 characters).
SALIENCE_WINDOW = 600


@dataclass(slots=True)
class Speaker:
    text: str
    start: int
    end: int
    name: str | None  # the resolved entity's name, None when unknown


def _holds(roles: Iterable[str], role: str) -> bool:
    """Whether a person with these roles answers to ``role``: "the minister" is also the
    foreign or the finance minister."""
    return any(r == role or r.endswith(" " + role) for r in roles)


def _counted_group(quantifier: Any) -> str | None:
    """The plural noun a quantifier subject counts from, earlier in its sentence: "Farmers ...
    greeted the deal, though many said ..." -> "Farmers". None when the sentence names none."""
    sentence = quantifier.sent
    before = list(reversed(sentence[: quantifier.i - sentence.start]))
    plural = [t for t in before if t.tag_ in {"NNS", "NNPS"}]
    # A subject first ("Farmers in the ports ..., though many said"), else the nearest object.
    found = next((t for t in plural if t.dep_ in _SUBJECT_DEPS), None)
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
        # (start offset, entity index) of every person reference, in text order: the mentions
        # outside quotes, then the subjects resolved by `resolve`.
        self.refs: list[tuple[int, int]] = []
        for m, e in zip(mentions, mention_entity, strict=True):
            if e is not None and entities[e].kind == "PERSON" and not quoted[m.start]:
                self.refs.append((m.start, e))
        self.subject_refs: list[tuple[int, int]] = []
        self.mention_at = {}
        for m, e in zip(mentions, mention_entity, strict=True):
            if e is not None:
                for k in range(m.start, m.end):
                    self.mention_at[k] = e
        self.gender = _genders(doc.text, mentions, mention_entity, entities)

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
            if s < before and (gender is None or self.gender.get(e, gender) == gender)
        ]
        if subjects and before - max(subjects)[0] <= SALIENCE_WINDOW:
            return max(subjects)[1]
        return self.last_person(before, gender=gender)

    def salient_role(self, before: int, role: str, nationality: str | None) -> int | None:
        """The person a role noun refers to ("the minister"): as for pronouns, the latest person
        with that role who was a subject nearby, else the latest one mentioned ("Foreign Minister
        Halvorsen signed ... with Water Minister Reyes ... The minister stressed" is Halvorsen)."""
        subjects = [
            (s, e)
            for s, e in self.subject_refs
            if s < before and self._fits(e, role, nationality)
        ]
        if subjects and before - max(subjects)[0] <= SALIENCE_WINDOW:
            return max(subjects)[1]
        return self.last_person(before, role, nationality)

    def _fits(self, e: int, role: str, nationality: str | None) -> bool:
        entity = self.entities[e]
        return _holds(entity.roles, role) and (
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
            if start >= before or (gender is not None and self.gender.get(e, gender) != gender):
                continue
            entity = self.entities[e]
            if role is not None and not _holds(entity.roles, role):
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
                return self.salient_person(span.start_char, "m" if lower in {"he", "him"} else "f")
            return None
        # The name the phrase is headed by: "Senate President Mike Thibodeau" is Thibodeau, not
        # the Senate that modifies his title; "BuzzFeed's editor in chief, Ben Smith" is Smith;
        # "the House speaker" is whoever holds that role, never the House.
        named = self._speaker_at(head)
        if named is not None:
            return named
        for child in head.children:
            if child.dep_ == "appos" and (named := self._speaker_at(child)) is not None:
                return named
        if head.pos_ == "PROPN":
            for tok in sorted(span, key=lambda t: -t.i):
                e = self.mention_at.get(tok.idx)
                if e is not None and tok.i >= head.i - 3 and self.entities[e].kind == "PERSON":
                    return e
        words = [t for t in span if t.pos_ != "DET"]
        phrase = " ".join(t.lower_ for t in words).replace("’s", "").strip()
        role_phrase = " ".join(t.lower_ for t in words if country_of(t.text) is None)
        for role_noun in sorted(ROLE_NOUNS, key=len, reverse=True):
            if role_phrase.endswith(role_noun) and (
                role_phrase == role_noun or head.pos_ != "PROPN" or role_noun == "pm"
            ):
                nationality = next((c for t in words if (c := country_of(t.text))), None)
                return self.salient_role(span.start_char, ROLE_NOUNS[role_noun], nationality)
        if head.pos_ == "PROPN" and phrase:
            return find_by_name(self.entities, span.text, tuple(_SPEAKER_KINDS))
        return None

    def _speaker_at(self, tok: Any) -> int | None:
        """The person or organisation whose name covers this token."""
        e = self.mention_at.get(tok.idx)
        return e if e is not None and self.entities[e].kind in _SPEAKER_KINDS else None

    def note_subject(self, start: int, entity: int | None) -> None:
        if entity is not None and self.entities[entity].kind == "PERSON":
            self.subject_refs.append((start, entity))


# Words right before a name that say the person's gender ("Mrs. Clinton", "congressman Ruiz").
_MALE_MARKS = frozenset(
    [
        "mr",
        "mr.",
        "sir",
        "lord",
        "king",
        "prince",
        "father",
        "brother",
        "uncle",
        "duke",
        "spokesman",
        "chairman",
        "congressman",
        "businessman",
        "councilman",
        "assemblyman",
    ]
)
_FEMALE_MARKS = frozenset(
    [
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "miss",
        "madam",
        "madame",
        "lady",
        "dame",
        "queen",
        "princess",
        "mother",
        "sister",
        "aunt",
        "duchess",
        "spokeswoman",
        "chairwoman",
        "congresswoman",
        "businesswoman",
        "councilwoman",
        "assemblywoman",
    ]
)


def _genders(
    text: str,
    mentions: list[Mention],
    mention_entity: list[int | None],
    entities: list[LocalEntity],
) -> dict[int, str]:
    """The gender ("m" or "f") the text itself gives a person, by the titles before its
    mentions; a person marked both ways, or not at all, is left out."""
    votes: dict[int, set[str]] = {}
    for m, e in zip(mentions, mention_entity, strict=True):
        if e is None or entities[e].kind != "PERSON":
            continue
        before = text[max(0, m.start - 24) : m.start].lower().split()[-2:]
        for word in before + m.text.lower().split()[:1]:
            if word in _MALE_MARKS:
                votes.setdefault(e, set()).add("m")
            elif word in _FEMALE_MARKS:
                votes.setdefault(e, set()).add("f")
    return {e: next(iter(v)) for e, v in votes.items() if len(v) == 1}


def _subject_span(tok: Any) -> Any:
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
        ):
            right = max(right, child.right_edge.i)
        elif child.dep_ == "appos" and child.i == tok.i + 1 + sum(
            1 for c in child.lefts if c.dep_ == "compound"
        ):
            # "councillor Ruth Adeyemi": a name right after its title, no comma between.
            right = max(right, child.i)
    return doc[left : right + 1]


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
        subjects = [c for c in tok.children if c.dep_ in _SUBJECT_DEPS]
        if subjects:
            # The nearest: the parse sometimes hangs a quoted word on the verb as a second one.
            return min(subjects, key=lambda c: abs(c.i - tok.i))
        if (
            tok.dep_ in {"advcl", "xcomp", "conj", "pcomp", "acl", "dep", "acomp", "prep", "pobj"}
            and tok.head.i != tok.i
        ):
            tok = tok.head
            continue
        break
    return None


@dataclass(slots=True)
class _Found:
    kind: str
    start: int
    end: int
    content: str
    cue: Any | None
    speaker: Speaker | None


class QuoteFinder:
    def __init__(
        self,
        doc: Any,
        article_id: str,
        mentions: list[Mention],
        entities: list[LocalEntity],
        mention_entity: list[int | None],
    ) -> None:
        self.doc = doc
        self.text: str = doc.text
        self.article_id = article_id
        self.spans = scan_quote_marks(self.text)
        self.quoted = [False] * (len(self.text) + 1)
        for s in self.spans:
            if s.direct:
                for k in range(s.open, min(s.close, len(self.text))):
                    self.quoted[k] = True
        self.resolver = SpeakerResolver(doc, mentions, entities, mention_entity, self.quoted)
        self.sentences = list(doc.sents)
        self.sentence_starts = [s.start_char for s in self.sentences]

    def sentence_index(self, offset: int) -> int:
        lo, hi = 0, len(self.sentence_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.sentence_starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def speaker_of(self, verb: Any, quote: QuoteSpan | None = None) -> Speaker | None:
        subject = find_subject(verb)
        if (
            subject is not None
            and subject.lower_ in _RELATIVES
            and subject.head.dep_ == "relcl"
            and not self.quoted[subject.idx]
        ):
            # "Reuters, which said ...": the speaker's mention is the relative pronoun, and it
            # refers to its antecedent.
            antecedent = subject.head.head
            entity = self.resolver.resolve_tokens(antecedent, _subject_span(antecedent))
            return Speaker(
                text=subject.text,
                start=subject.idx,
                end=subject.idx + len(subject),
                name=self.resolver.name(entity),
            )
        if (
            subject is not None
            and subject.lower_ in _EXPLETIVES
            and not (
                # "“...,” it read": a letter or statement, named before, is the speaker.
                subject.lower_ == "it" and subject.dep_ == "nsubj" and verb.lemma_ in _DOCUMENT_CUES
            )
        ):
            return None
        if subject is None or self.quoted[subject.idx]:
            # The parse lost the subject (often inside the quote): read it off the word order,
            # "“...,” campaign manager Robby Mook said" or "“...,” said Steve Duprey, ...".
            found = self._positional_subject(verb, quote) if quote is not None else None
            if found is None:
                return None
            subject, span = found
        else:
            span = _subject_span(subject)
        while len(span) > 1 and self.quoted[span[0].idx]:
            span = span[1:]  # the parse sometimes hangs quoted words on the subject
        if "\n" in span.text:
            span = span.doc[max(t.i for t in span if "\n" in t.text) + 1 : span.end]
            if len(span) == 0:
                return None
        entity = self.resolver.resolve_tokens(subject, span)
        name = self.resolver.name(entity)
        if entity is None and len(span) == 1 and subject.lower_ in _QUANTIFIERS:
            name = _counted_group(subject)
        return Speaker(text=span.text, start=span.start_char, end=span.end_char, name=name)

    def _positional_subject(self, verb: Any, quote: QuoteSpan) -> tuple[Any, Any] | None:
        doc = self.doc
        if verb.idx > quote.close:
            between = doc.char_span(quote.close, verb.idx, alignment_mode="contract")
            words = [t for t in between or [] if not t.is_punct]
            if 1 <= len(words) <= 8 and words[-1].pos_ in {"PROPN", "NOUN", "PRON"}:
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

    def find(self) -> list[Quote]:
        found: list[_Found] = []
        used_spans: set[int] = set()
        # Walk the sentences in order so pronouns and role nouns see the people before them.
        for sent in self.sentences:
            self._track_subject(sent)
            for tok in sent:
                if self.quoted[tok.idx]:
                    continue
                item = self._indirect(tok, used_spans)
                if item is not None:
                    found.append(item)
            for k, span in enumerate(self.spans):
                if k in used_spans or not span.direct:
                    continue
                if sent.start_char <= span.open < sent.end_char:
                    item = self._direct(k, found)
                    used_spans.add(k)
                    if item is not None:
                        found.append(item)
        found.extend(self._labelled_lines(found))
        found = self._join_split(found)
        return [self._record(f) for f in found]

    def _labelled_lines(self, found: list[_Found]) -> list[_Found]:
        """Headlines and transcripts without quote marks: "Clinton: I support statehood.",
        "KATE BOULDUAN: Why not debate?" (a short name, a colon, the rest of the line)."""
        out: list[_Found] = []
        for m in _LABELLED_LINE.finditer(self.text):
            start, end = m.start("content"), m.end("content")
            while end > start and self.text[end - 1] in " .":
                end -= 1
            if self.quoted[m.start()] or any(f.start < end and start < f.end for f in found):
                continue
            label = self.doc.char_span(m.start("label"), m.end("label"), alignment_mode="expand")
            colon = self.doc.char_span(m.end("label"), m.end("label") + 1)
            if not label or not colon or len(label) > 4 or label.text.lower() in _NOT_SPEAKERS:
                continue
            entity = self.resolver.resolve_tokens(label.root, label)
            # A named person or organization, or a transcript's speaker in capitals
            # ("KATE BOULDUAN:"); not a place, a section ("The Latest:") or a credit.
            transcript = (
                2 <= len(label) <= 3
                and label.text.isupper()
                and all(t.is_alpha and not t.is_stop for t in label)
            )
            if not transcript and (
                entity is None or self.resolver.entities[entity].kind not in {"PERSON", "ORG"}
            ):
                continue
            if "@" in self.text[start:end]:
                continue
            speaker = Speaker(
                text=label.text,
                start=label.start_char,
                end=label.end_char,
                name=self.resolver.name(entity),
            )
            out.append(_Found("indirect", start, end, self.text[start:end], colon[0], speaker))
        return out

    def _track_subject(self, sent: Any) -> None:
        root = sent.root
        for child in root.children:
            if child.dep_ in _SUBJECT_DEPS and not self.quoted[child.idx]:
                span = _subject_span(child)
                self.resolver.note_subject(
                    span.start_char, self.resolver.resolve_tokens(child, span)
                )

    def _cue_candidates(self, lo: int, hi: int) -> list[Any]:
        return [
            t
            for t in self.doc.char_span(lo, hi, alignment_mode="expand") or []
            if not self.quoted[t.idx]
            and (
                (t.lemma_ in DIRECT_CUE_VERBS and t.pos_ in {"VERB", "AUX"})
                or (
                    t.lower_ == "according" and t.nbor(1).lower_ == "to"
                    if t.i + 1 < len(self.doc)
                    else False
                )
            )
        ]

    def _paragraph(self, offset: int) -> tuple[int, int]:
        start = self.text.rfind("\n", 0, offset) + 1
        end = self.text.find("\n", offset)
        return start, len(self.text) if end < 0 else end

    def _direct(self, k: int, found: list[_Found]) -> _Found | None:
        span = self.spans[k]
        first = self.sentence_index(span.open)
        last = self.sentence_index(max(span.open, span.close - 1))
        # The cue is looked for in the quote's sentences, never across a line break: the small
        # model often runs a sentence on into the next paragraph.
        para_lo = self._paragraph(span.open)[0]
        para_hi = self._paragraph(max(span.open, span.close - 1))[1]
        lo = max(self.sentences[first].start_char, para_lo)
        hi = min(self.sentences[last].end_char, para_hi)
        # "“...,” he said." is often split off as a sentence of its own, and so is the cue
        # after a quote that ends in "?" or "!" ("“... who knows?” Trump told ITV ...").
        if last + 1 < len(self.sentences):
            nxt = self.sentences[last + 1]
            if nxt.start_char < para_hi and (
                len(nxt) <= 12
                or nxt.text[:1].islower()
                or (
                    nxt.start_char - span.close <= 2
                    and any(
                        t.lemma_ in DIRECT_CUE_VERBS and t.pos_ == "VERB" and t.i > nxt.start
                        for t in nxt[:8]
                    )
                )
            ):
                hi = min(nxt.end_char, para_hi)
        # "He said:" closing the previous paragraph introduces the quote that opens this one.
        if self.text[para_lo : span.open].strip() == "":
            before = self.text[:para_lo].rstrip()
            if before.endswith(":"):
                lo = self.sentences[self.sentence_index(len(before) - 1)].start_char
        content = self.text[span.start : span.end]
        continued = self._continues(span, found, para_lo)
        candidates = self._cue_candidates(lo, hi)
        cue = None
        if candidates:

            def distance(t: Any) -> int:
                idx: int = t.idx
                return span.open - idx if idx < span.open else idx - span.close

            roots = self._quote_roots(span)

            def linked(t: Any) -> bool:
                return any(t == r.head or t in r.ancestors for r in roots)

            # “...,” ends on a comma: its cue follows it ("“...,” Greenman told CNN").
            trails = content.rstrip()[-1:] == ","

            def misplaced(t: Any) -> bool:
                return trails and t.idx < span.open

            cue = min(candidates, key=lambda t: (not linked(t), misplaced(t), distance(t), t.idx))

            def right_after(t: Any) -> bool:
                subject = find_subject(t)
                return (
                    0 <= t.idx - span.close <= 40
                    and subject is not None
                    and (subject.idx >= span.close)
                )

            if distance(cue) > 120 or (
                continued is not None
                and not (right_after(cue) or (linked(cue) and 0 <= cue.idx - span.close <= 40))
            ):
                cue = None
        if cue is None and continued is None:
            cue = self._frame_verb(span, lo, hi)
        if cue is None:
            labelled = self._name_colon(span, para_lo) or self._dash_name(span)
            if labelled is not None:
                return _Found("direct", span.start, span.end, content, labelled[0], labelled[1])
        if cue is None:
            if continued is not None:
                return _Found(
                    "direct", span.start, span.end, content, continued.cue, continued.speaker
                )
            return _Found("direct", span.start, span.end, content, None, None)
        speaker = self.speaker_of(cue, span)
        lead = self._lead_in(span, cue, speaker, lo)
        if lead is not None:
            # "The plan “was dead,” she said": the reporter's words open the quoted clause, so
            # the quote is mixed and its content starts with them.
            return _Found("mixed", lead, span.end, self.text[lead : span.end], cue, speaker)
        return _Found("direct", span.start, span.end, content, cue, speaker)

    def _lead_in(self, span: QuoteSpan, cue: Any, speaker: Speaker | None, lo: int) -> int | None:
        """Where the reporter's words that open the quoted clause begin ("The plan “was dead”",
        "is that “...”"), or None when the quote opens its clause ("She said, “...”").

        Read backwards from the opening mark over the words that belong to the quoted clause:
        their chain of heads reaches a word inside the marks before it reaches the cue. The
        cue, the speaker and the cue's own adverbials and objects ("told reporters:") end it.
        """
        inner = self.doc.char_span(span.start, span.end, alignment_mode="expand")
        if inner is None:
            return None
        lo = max(lo, self.sentences[self.sentence_index(span.open)].start_char)
        earlier = [s.close for s in self.spans if lo <= s.close <= span.open and s is not span]
        lo = max([lo, *earlier])
        before = self.doc.char_span(lo, span.open, alignment_mode="contract")
        if before is None:
            return None
        lead: int | None = None
        for tok in reversed(before):
            if tok.is_space or (tok.is_punct and lead is None):
                continue
            if tok.text in {",", ":", ";", "—", "–", "(", ")"} or self.quoted[tok.idx]:
                break
            if (speaker is not None and speaker.start <= tok.idx < speaker.end) or (
                cue is not None and tok.i == cue.i
            ):
                break
            head = tok
            belongs = False
            for _ in range(8):
                if inner.start <= head.i < inner.end:
                    belongs = True
                    break
                if (cue is not None and head.i == cue.i) or head.head.i == head.i:
                    break
                head = head.head
            if not belongs:
                break
            lead = int(tok.idx)
        return lead

    def _name_colon(self, span: QuoteSpan, para_lo: int) -> tuple[Any, Speaker] | None:
        """Headlines and transcripts: "Trump: ‘I’m the worst thing ...’", "TAPPER: ..."."""
        before = self.text[para_lo : span.open]
        stripped = before.rstrip()
        if not stripped.endswith(":"):
            return None
        # "Clinton: “...” Bush: “...”": the label opens a sentence inside the paragraph.
        boundaries = list(_SENTENCE_END.finditer(stripped))
        if boundaries:
            boundary = boundaries[-1]
            para_lo += boundary.end()
            stripped = stripped[boundary.end() :]
        # "Headline words - Carl Bialik:" names its source after the last dash.
        dash = max(stripped.rfind(" - "), stripped.rfind(" — "), stripped.rfind(" – "))
        if dash >= 0:
            para_lo += dash + 3
            stripped = stripped[dash + 3 :]
        if len(stripped) > 60:
            return None
        phrase = self.doc.char_span(para_lo, para_lo + len(stripped) - 1, alignment_mode="expand")
        if phrase is None or len(phrase) == 0 or len(phrase) > 6:
            return None
        if (
            not all(t.pos_ in {"PROPN", "PUNCT", "DET", "NOUN", "CCONJ"} for t in phrase)
            or not phrase.text[:1].isupper()
        ):
            return None
        colon = self.doc.char_span(para_lo + len(stripped) - 1, para_lo + len(stripped))
        if colon is None:
            return None
        entity = self.resolver.resolve_tokens(phrase.root, phrase)
        return colon[0], Speaker(
            text=phrase.text,
            start=phrase.start_char,
            end=phrase.end_char,
            name=self.resolver.name(entity),
        )

    def _dash_name(self, span: QuoteSpan) -> tuple[Any, Speaker] | None:
        """A signed quote: "“...” — Maria Lopez" (the name after a dash ends the line)."""
        m = _DASH_NAME.match(self.text, span.close)
        if m is None:
            return None
        name = self.doc.char_span(m.start(1), m.end(1), alignment_mode="contract")
        dash = self.doc.char_span(m.start(), m.start(1), alignment_mode="expand")
        if not name or not dash or not all(t.pos_ == "PROPN" for t in name):
            return None
        entity = self.resolver.resolve_tokens(name[-1], name)
        marker = next((t for t in dash if t.is_punct), dash[0])
        return marker, Speaker(
            text=name.text,
            start=name.start_char,
            end=name.end_char,
            name=self.resolver.name(entity),
        )

    def _continues(self, span: QuoteSpan, found: list[_Found], para_lo: int) -> _Found | None:
        """The attributed quote this one continues: “A,” X said. “B.” (same paragraph, or the
        next one when the quote opens it and the previous paragraph ended in an attributed
        quote)."""
        prev = next((f for f in reversed(found) if f.kind == "direct" and f.end <= span.open), None)
        if prev is None or prev.speaker is None or prev.cue is None:
            return None
        between = self.text[prev.end : span.open]
        opens_sentence = (
            self.text[para_lo : span.open].strip() == ""
            or self.text[: span.open].rstrip()[-1:] in ".!?”\"'’"
        )
        if not opens_sentence or len(between) > 250:
            return None
        if "\n" in between.strip():
            return None
        if prev.cue.idx < prev.end and "\n" in between:
            return None  # X said: “A.” / new paragraph “B.” — a new paragraph, a new cue
        return prev

    def _quote_roots(self, span: QuoteSpan) -> list[Any]:
        """Tokens inside the quote whose syntactic head lies outside it."""
        inner = self.doc.char_span(span.start, span.end, alignment_mode="expand")
        if inner is None:
            return []
        return [t for t in inner if not (inner.start <= t.head.i < inner.end)][:6]

    def _frame_verb(self, span: QuoteSpan, lo: int, hi: int) -> Any | None:
        """A cue that is no reporting verb: "Cruz called them on it: “...”" (the verb of the
        clause before a colon) or "“...,” he joked" (a verb with a subject right after)."""
        before = self.text[lo : span.open].rstrip()
        if before.endswith(":"):
            if self._name_colon(span, self._paragraph(span.open)[0]) is not None:
                return None  # "Pollsters agree - Carl Bialik: “...”": the name is the speaker
            tokens = [
                t
                for t in self.doc.char_span(lo, span.open, alignment_mode="expand") or []
                if t.pos_ in {"VERB", "AUX"} and not self.quoted[t.idx]
            ]
            for t in reversed(tokens):
                subject = find_subject(t)
                # "apologized for what happened:": a relative clause's verb is not the frame.
                if subject is not None and subject.lower_ not in _RELATIVES | {"what"}:
                    return t
        content = self.text[span.start : span.end].rstrip()
        sentence_start = self.sentences[self.sentence_index(span.open)].start_char
        if not (
            content[-1:] in ",!?" or self.text[max(lo, sentence_start) : span.open].strip() == ""
        ):
            return None  # a fragment inside a sentence: the verb after it is not its cue
        after = self.doc.char_span(span.close, min(hi, span.close + 40), alignment_mode="expand")
        for t in after or []:
            if t.pos_ == "VERB" and not self.quoted[t.idx]:
                subject = find_subject(t)
                if subject is not None and subject.i < t.i and subject.idx >= span.close:
                    return t
                break
        return None

    def _indirect(self, tok: Any, used_spans: set[int]) -> _Found | None:
        if (
            tok.lower_ == "according"
            and tok.i + 1 < len(self.doc)
            and self.doc[tok.i + 1].lower_ == "to"
        ):
            clause = tok.head if tok.head.i != tok.i else None
            if clause is None:
                return None
            if clause.lemma_ in DIRECT_CUE_VERBS and clause.pos_ in {"VERB", "AUX"}:
                return self._reported_report(tok, clause)
            # "... under Trump's plan, according to an analysis": the parse may hang the phrase
            # on the last noun; what it sources is the clause of the nearest verb above.
            while clause.pos_ not in {"VERB", "AUX"} and clause.head.i != clause.i:
                clause = clause.head
            pp_end = max(t.i for t in tok.subtree)
            rest = [t for t in clause.subtree if t.i > pp_end and not (t.is_punct or t.is_space)]
            if not rest:
                rest = [t for t in clause.subtree if t.i < tok.i and not (t.is_punct or t.is_space)]
            if len(rest) < 3:
                return None
            start, end = rest[0].idx, rest[-1].idx + len(rest[-1])
            return self._complement("indirect", tok, start, end, used_spans)
        if tok.lemma_ not in INDIRECT_CUE_VERBS or tok.pos_ not in {"VERB", "AUX"}:
            return None
        # "said that ..." after the verb, or "..., the PM Office said in a press release."
        comps = [
            c
            for c in tok.children
            if c.dep_ == "ccomp" and (c.i > tok.i or "," in self.doc[c.right_edge.i : tok.i].text)
        ]
        if comps:
            tokens = list(comps[0].subtree)
            fronted = self._fronted(tok) if comps[0].i > tok.i else None
            quoted = any(self.quoted[t.idx] for t in tokens)
            if fronted is not None and not quoted:
                tokens = list(fronted) + tokens
        else:
            tokens = self._parenthetical_clause(tok)
            if not tokens:
                return None
        start = tokens[0].idx
        last = tokens[-1]
        end = last.idx + len(last)
        paragraph = self.text.find("\n\n", start, end)
        if paragraph >= 0:
            end = paragraph  # a clause never runs across a paragraph break (headlines do)
        while end > start and self.text[end - 1] in ".,;: \n":
            end -= 1
        if end - start < 8:
            return None
        return self._complement("indirect", tok, start, end, used_spans)

    def _fronted(self, verb: Any) -> Any | None:
        """ "Within two years, the inspectors said, most ...": words of the reported clause put
        before the cue and its subject, set off by a comma."""
        subjects = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS]
        if not subjects:
            return None
        subject = subjects[0]
        lefts = [
            c
            for c in verb.lefts
            if c.i < subject.i and c.dep_ in {"prep", "advmod", "npadvmod", "advcl"}
        ]
        if not lefts:
            return None
        first = lefts[0].left_edge
        last = max(c.right_edge.i for c in lefts)
        if self.doc[last + 1].text != "," or last + 2 != subject.left_edge.i:
            return None
        sentence = self.sentences[self.sentence_index(verb.idx)]
        if first.i < sentence.start or self.quoted[first.idx]:
            return None
        return self.doc[first.i : last + 1]

    def _parenthetical_clause(self, verb: Any) -> list[Any]:
        """ "Within marriages, they said, women now have more say": a cue set off by commas
        inside the clause it reports (the parse hangs it on the clause's verb). The content is
        that clause without the cue and its subject."""
        head = verb.head
        if head.i == verb.i or head.pos_ not in {"VERB", "AUX"}:
            return []
        hung = verb.dep_ == "parataxis" or (verb.dep_ in {"advcl", "ccomp"} and head.i < verb.i)
        has_subject = any(c.dep_ in _SUBJECT_DEPS for c in verb.children)
        set_off = any(t.text == "," for t in self.doc[max(verb.i - 6, 0) : verb.i])
        if not (hung and has_subject and set_off):
            return []
        own = {t.i for t in verb.subtree}
        return [t for t in head.subtree if t.i not in own]

    def _reported_report(self, according: Any, cue: Any) -> _Found | None:
        """ "“...,” the judge said, according to the Post": the Post is the source of the whole
        report (what the judge said, and that the judge said it). The quote keeps its own
        speaker; this is a second, nested attribution whose content is the reported clause."""
        pp = {t.i for t in according.subtree}
        words = [t for t in cue.subtree if t.i not in pp and not t.is_punct and not t.is_space]
        if not words:
            return None
        start, end = words[0].idx, words[-1].idx + len(words[-1])
        sent_start = self.sentences[self.sentence_index(cue.idx)].start_char
        for span in self.spans:
            if span.direct and sent_start <= span.open < start and span.close <= cue.idx:
                start = span.open  # the quote the cue closes belongs to the report
                break
        para_lo, para_hi = self._paragraph(cue.idx)
        start, end = max(start, para_lo), min(end, para_hi)
        if end - start < 8:
            return None
        return _Found(
            "indirect", start, end, self.text[start:end], according, self.speaker_of(according)
        )

    def _complement(
        self, kind: str, cue: Any, start: int, end: int, used: set[int]
    ) -> _Found | None:
        overlapping = [k for k, s in enumerate(self.spans) if s.open < end and start < s.close]
        for k in overlapping:
            s = self.spans[k]
            before = len(self.text[start : s.open].split())
            after = len(self.text[s.close : end].split())
            if s.direct and before == 0 and after <= 2:
                return None  # the complement is the direct quote: found as such
        if overlapping:
            # Words of the reporter's before the marks ("says Kaine “has a passion ...”"): the
            # whole clause is the content, a mixed quote, running to the end of the quoted words.
            kind = "mixed"
            if start <= self.spans[overlapping[-1]].open:
                end = max(end, self.spans[overlapping[-1]].end)
            used.update(k for k in overlapping if self.spans[k].open >= start - 1)
        speaker = self.speaker_of(cue)
        return _Found(kind, start, end, self.text[start:end], cue, speaker)

    def _join_split(self, found: list[_Found]) -> list[_Found]:
        """“A,” he said, “B.” -> one quote whose span runs from A to B."""
        out: list[_Found] = []
        for item in sorted(found, key=lambda f: f.start):
            prev = out[-1] if out else None
            if (
                prev is not None
                and prev.kind == item.kind == "direct"
                and prev.cue is not None
                and item.cue is not None
                and item.cue.i == prev.cue.i
                and prev.end < prev.cue.idx < item.start
            ):
                out[-1] = _Found(
                    "direct",
                    prev.start,
                    item.end,
                    f"{prev.content} {item.content}",
                    prev.cue,
                    prev.speaker,
                )
                continue
            out.append(item)
        return out

    def _record(self, f: _Found) -> Quote:
        cue = f.cue
        speaker = f.speaker
        cue_text = None
        cue_start = cue_end = None
        if cue is not None:
            cue_start = cue.idx
            if cue.lower_ == "according":
                cue_end = cue.idx + len("according to")
            else:
                cue_end = cue.idx + len(cue)
            cue_text = self.text[cue_start:cue_end]
        return Quote(
            quote_id=content_id("quote", self.article_id, str(f.start), str(f.end)),
            sentence=self.sentence_index(f.start),
            kind=f.kind,  # type: ignore[arg-type]
            content_start=f.start,
            content_end=f.end,
            content=f.content,
            cue=cue_text,
            cue_start=cue_start,
            cue_end=cue_end,
            speaker_text=speaker.text if speaker else None,
            speaker_start=speaker.start if speaker else None,
            speaker_end=speaker.end if speaker else None,
            speaker_name=speaker.name if speaker else None,
        )


def doc_quotes(
    doc: Any,
    article_id: str,
    mentions: list[Mention],
    entities: list[LocalEntity],
    mention_entity: list[int | None],
) -> list[Quote]:
    return QuoteFinder(doc, article_id, mentions, entities, mention_entity).find()
