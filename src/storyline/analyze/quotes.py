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
  words open a quoted clause ("The plan “was dead,” she said"), it is **mixed**. Those readers
  live in ``analyze.indirect_speech``; the readers of a speaker named by a label (a headline
  or transcript line, "Trump: ‘...’", a signed "“...” — Maria Lopez") in
  ``analyze.labelled_speech``.
* **Speakers** named at the cue resolve to the article's entity by name; a pronoun ("he") to the
  person the text was last talking about, of the pronoun's gender where the text marks one; a
  role noun ("the premier", "the Russian president") to the last person with that role (and
  nationality). Anything else stays unknown. That part lives in ``analyze.speakers``
  (and, for the syntax of subjects alone, ``analyze.subjects``).

spaCy makes a new Token object at each access: tokens are compared by ``.i``, never by ``is``.
"""

from __future__ import annotations

from typing import Any

from storyline.analyze.doc_text import text_of
from storyline.analyze.indirect_speech import Found, IndirectSpeech
from storyline.analyze.labelled_speech import LabelledSpeech
from storyline.analyze.lexicon import (
    ASPECTUAL_VERBS,
    CHARACTERIZING_VERBS,
    DIRECT_CUE_PHRASES,
    DIRECT_CUE_VERBS,
    PERSON_SUBJECT_PRONOUNS,
    SPEAKING_VERBS,
)
from storyline.analyze.resolve import LocalEntity
from storyline.analyze.speakers import SpeakerResolver
from storyline.analyze.subject_tracking import SubjectTracker
from storyline.analyze.subjects import (
    RELATIVES,
    SUBJECT_DEPS,
    Speaker,
    find_subject,
    not_said,
)
from storyline.model import Mention, Quote, Referent, content_id
from storyline.quotation import QuoteSpan, scan_quote_marks

# How a quoted phrase hangs on a characterizing verb when it names the thing itself: "called
# the plan “a disgrace”" (object predicate), "called it “reckless”" (adjectival complement).
_NAMING_DEPS = frozenset({"oprd", "acomp", "xcomp", "dobj", "ccomp"})



def _naming(verb: Any, span: QuoteSpan) -> bool:
    """A participle naming the noun before it ("Armed school staff, called campus safety
    officers, would have to pass a “background check ...”"): a name given, no one's cue for
    the quote. Hung on the noun with no subject of its own, or set off by commas where the
    parse took it for the sentence's verb; never when the name it gives is the quote ("one
    lawmaker called Trump “the orange prince ...”" is the lawmaker's word for him)."""
    named = [c for c in verb.children if c.dep_ == "oprd"]
    if not named or verb.tag_ != "VBN" or any(span.open <= c.idx < span.close for c in named):
        return False
    if verb.dep_ == "acl":
        return not any(c.dep_ in SUBJECT_DEPS for c in verb.children)
    doc = verb.doc
    after = named[-1].right_edge.i + 1
    set_off = after < len(doc) and doc[after].text == ","
    return bool(verb.i > 0 and doc[verb.i - 1].text == "," and set_off)


def _verb_read_as_noun(tok: Any) -> bool:
    """ "“Who are you!” the seven-term congressman demands.": the tagger read the cue as a
    plural noun, but it heads its clause and has a subject, as only a verb does."""
    return (
        tok.pos_ == "NOUN"
        and tok.tag_ == "NNS"
        and tok.dep_ == "ROOT"
        and any(c.dep_ == "nsubj" and c.i < tok.i for c in tok.children)
    )


def _phrasal_cue(verb: Any) -> bool:
    """ "“...,” he went on", "Managers, he went on, “are ...”": a verb and particle that cue a
    quotation (``DIRECT_CUE_PHRASES``) with a person as its subject and no object or place of
    its own ("the talks went on for hours" cues nothing)."""
    if verb.pos_ != "VERB" or not any(
        c.dep_ == "prt" and (verb.lemma_, c.lower_) in DIRECT_CUE_PHRASES for c in verb.children
    ):
        return False
    subject = find_subject(verb)
    if subject is None or not (
        subject.lower_ in PERSON_SUBJECT_PRONOUNS or subject.ent_type_ == "PERSON"
    ):
        return False
    return not any(c.dep_ in {"dobj", "prep", "xcomp", "agent"} for c in verb.children)


def _aspectual(verb: Any, span: QuoteSpan) -> bool:
    """A verb of going on or starting with the deed it goes on with ("the panel has begun to
    see “...”", "continued to spend"): the deed's, no saying. Still a cue when it goes on with
    the quotation itself ("“...,” he continued", whose quoted verb the parse may hang on it) or
    with talking ("began talking about what will happen “if we do not win”")."""
    if verb.lemma_ not in ASPECTUAL_VERBS:
        return False
    deeds = [
        c
        for c in verb.children
        if c.dep_ == "xcomp" and not span.open <= c.idx < span.close
    ]
    return any(c.lemma_ not in SPEAKING_VERBS | DIRECT_CUE_VERBS for c in deeds)


class QuoteFinder(IndirectSpeech, LabelledSpeech, SubjectTracker):
    """The quotes of one parsed text, in order: direct quotes by their marks here, indirect
    speech by the readers it inherits (``analyze.indirect_speech``), each sentence's subject
    noted as it goes (``analyze.subject_tracking``), with whom its subject pronoun stands for
    (``referents``)."""

    def __init__(
        self,
        doc: Any,
        article_id: str,
        mentions: list[Mention],
        entities: list[LocalEntity],
        mention_entity: list[int | None],
    ) -> None:
        self.doc = doc
        self.text: str = text_of(doc)
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
        self.referents: list[Referent] = []

    def find(self) -> list[Quote]:
        found: list[Found] = []
        used_spans: set[int] = set()
        # Walk the sentences in order so pronouns and role nouns see the people before them.
        for index, sent in enumerate(self.sentences):
            self._track_subject(sent, index)
            for tok in sent:
                if self.quoted[tok.idx]:
                    continue
                item = self._indirect(tok, used_spans)
                if item is not None:
                    found.append(item)
            for k, span in enumerate(self.spans):
                if k in used_spans or not sent.start_char <= span.open < sent.end_char:
                    continue
                item = self._direct(k, found) if span.direct else self._characterized(span)
                used_spans.add(k)
                if item is not None:
                    found.append(item)
        found.extend(self._labelled_lines(found))
        found = self._join_split(found)
        return [self._record(f) for f in _outermost(found)]

    def _characterized(self, span: QuoteSpan) -> Found | None:
        """A short quoted phrase a verb gives as someone's name for a thing ("called the plan
        “a disgrace,” citing ...", "described the ad as “dishonest and hypocritical”"): the
        subject's words, a mixed quote."""
        for root in self._quote_roots(span):
            head = root.head
            if head.lower_ == "as" and head.dep_ == "prep":
                verb = head.head  # "described the ad as “...”"
            elif root.dep_ == "appos" and head.dep_ == "dobj":
                verb = head.head  # "called the plan “a disgrace”", parsed as the plan's apposition
            elif root.dep_ in _NAMING_DEPS:
                verb = head
            else:
                continue
            if verb.lemma_ not in CHARACTERIZING_VERBS or verb.pos_ != "VERB":
                continue
            speaker = self.resolver.speaker_of(verb, span)
            if speaker is None or speaker.name is None:
                # "which locals call “the Old Lady”": a name in use, no one's remark.
                return None
            # The content runs from the word after the verb ("the plan “a disgrace”", "the ad
            # as “...”", "as “...”"): the reporter's words with the quoted ones, a mixed quote.
            # With nothing between them ("who she dubbed “the little senator”") the phrase
            # names someone the sentence put earlier: a nickname, not read.
            after = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
            if after is None or after.idx >= span.open:
                return None
            start = after.idx
            return Found("mixed", start, span.end, self.text[start : span.end], verb, speaker)
        return None

    def _cue_candidates(self, lo: int, hi: int, span: QuoteSpan) -> list[Any]:
        return [
            t
            for t in self.doc.char_span(lo, hi, alignment_mode="expand") or []
            if not self.quoted[t.idx]
            and (
                (
                    t.lemma_ in DIRECT_CUE_VERBS
                    and (t.pos_ in {"VERB", "AUX"} or _verb_read_as_noun(t))
                    and not _naming(t, span)
                    and not _aspectual(t, span)
                    and not not_said(t)
                )
                or _phrasal_cue(t)
                or (
                    t.lower_ == "according" and t.nbor(1).lower_ == "to"
                    if t.i + 1 < len(self.doc)
                    else False
                )
            )
        ]

    def _direct(self, k: int, found: list[Found]) -> Found | None:
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
        candidates = self._cue_candidates(lo, hi, span)
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

            def named_after(t: Any) -> bool:
                # "“...,” Elliott Maynard, a Republican trying to unseat ..., said": the one
                # who said it is named right after the closing mark, however long the aside
                # before the cue.
                subject = find_subject(t)
                return subject is not None and 0 <= subject.left_edge.idx - span.close <= 3

            if (distance(cue) > 120 and not named_after(cue)) or (
                continued is not None
                and not (right_after(cue) or (linked(cue) and 0 <= cue.idx - span.close <= 40))
            ):
                cue = None
        if cue is None and continued is None:
            cue = self._frame_verb(span, lo, hi)
        if cue is None:
            labelled = self._name_colon(span, para_lo) or self._dash_name(span)
            if labelled is not None:
                return Found("direct", span.start, span.end, content, labelled[0], labelled[1])
        if cue is None:
            if continued is not None:
                return Found(
                    "direct", span.start, span.end, content, continued.cue, continued.speaker
                )
            return Found("direct", span.start, span.end, content, None, None)
        speaker = self.resolver.speaker_of(cue, span)
        lead = self._lead_in(span, cue, speaker, lo)
        if lead is not None:
            # "The plan “was dead,” she said": the reporter's words open the quoted clause, so
            # the quote is mixed and its content starts with them.
            return Found("mixed", lead, span.end, self.text[lead : span.end], cue, speaker)
        return Found("direct", span.start, span.end, content, cue, speaker)

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

    def _continues(self, span: QuoteSpan, found: list[Found], para_lo: int) -> Found | None:
        """The attributed quote this one continues: “A,” X said. “B.” (same paragraph, or the
        next one when the quote opens it and the previous paragraph ended in an attributed
        quote)."""
        backed = self._backs_report(span, found, para_lo)
        if backed is not None:
            return backed
        prev = next((f for f in reversed(found) if f.kind == "direct" and f.end <= span.open), None)
        # A cue with no speaker continues too: "“A,” the statement said. “B.”" is one remark
        # of whoever the statement is (analysis a9), as it was when the statement spoke.
        if prev is None or prev.cue is None:
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

    def _backs_report(self, span: QuoteSpan, found: list[Found], para_lo: int) -> Found | None:
        """The reported remark a paragraph that is one quotation alone backs with the words
        said: "Hoyer said negotiation can progress after the government reopens." / "“With the
        government open, we can negotiate ...”" is Hoyer's, as a reader takes it. Only when the
        remark, made by someone named, ends the paragraph right before and the quotation is
        the whole of its own."""
        if self.text[para_lo : span.open].strip():
            return None
        line_end = self.text.find("\n", span.close)
        if self.text[span.close : len(self.text) if line_end < 0 else line_end].strip():
            return None
        prev = next((f for f in reversed(found) if f.end <= span.open), None)
        if prev is None or prev.kind == "direct" or prev.cue is None:
            return None
        if prev.speaker is None or prev.speaker.name is None:
            return None
        between = self.text[prev.end : span.open]
        if between.count("\n") == 0 or len(between.strip()) > 2 or between.strip(".\n \t”\"’"):
            return None  # the remark does not end the paragraph before
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
                if subject is not None and subject.lower_ not in RELATIVES | {"what"}:
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

    def _join_split(self, found: list[Found]) -> list[Found]:
        """“A,” he said, “B.” -> one quote whose span runs from A to B."""
        out: list[Found] = []
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
                out[-1] = Found(
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

    def _record(self, f: Found) -> Quote:
        cue = f.cue
        speaker = f.speaker
        # What was said opens with its first word, not the reporter's comma before a quotation
        # ("writes of Christie today, “his status ...”").
        content = f.content.lstrip(" ,;:")
        start = f.start + (len(f.content) - len(content))
        if self.text[f.start : start].strip(" ,;:"):
            start = f.start  # a content joined from pieces: its span stays as found
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
            quote_id=content_id("quote", self.article_id, str(start), str(f.end)),
            sentence=self.sentence_index(start),
            kind=f.kind,  # type: ignore[arg-type]
            content_start=start,
            content_end=f.end,
            content=content,
            cue=cue_text,
            cue_start=cue_start,
            cue_end=cue_end,
            speaker_text=speaker.text if speaker else None,
            speaker_start=speaker.start if speaker else None,
            speaker_end=speaker.end if speaker else None,
            speaker_name=speaker.name if speaker else None,
            co_speakers=tuple(o for o in speaker.others if o != speaker.name) if speaker else (),
        )


def doc_quotes(
    doc: Any,
    article_id: str,
    mentions: list[Mention],
    entities: list[LocalEntity],
    mention_entity: list[int | None],
) -> tuple[list[Quote], list[Referent]]:
    """The quotes of a parsed text, and whom its sentences' subject pronouns stand for."""
    finder = QuoteFinder(doc, article_id, mentions, entities, mention_entity)
    quotes = finder.find()
    return quotes, finder.referents


def _outermost(found: list[Found]) -> list[Found]:
    """The quotes without those reported inside another of the same speaker's: "told the paper
    he found it “very difficult ...”" is one remark of Baron's, not a second one from "found"
    whose "he" is Baron again. A remark another person is said to have made ("X said that Y
    claimed ...") stays Y's."""
    def inside(inner: Found, outer: Found) -> bool:
        return (
            inner is not outer
            and inner.kind != "direct"
            and outer.kind != "direct"
            and outer.start <= inner.start
            and inner.end <= outer.end
            and (inner.start, inner.end) != (outer.start, outer.end)
            and inner.speaker is not None
            and outer.speaker is not None
            and inner.speaker.name is not None
            and inner.speaker.name == outer.speaker.name
        )

    return [f for f in found if not any(inside(f, other) for other in found)]
