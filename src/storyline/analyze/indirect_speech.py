"""Indirect speech: a reporting verb with the clause it reports ("said that ...", "the poll
shows ..."), a cue set off by commas inside the clause it reports (left out of what was said),
"according to X" before or after a clause, and a report of a report ("..., the judge said,
according to the Post"). A question put ("was asked whether ..."), a saying denied or held
back ("would not say whether ...", "refused to say that ...", "did not believe that ...") are
no remark of the person's; a saying held back or someone else's report joined inside what was
said ends it.

One of the readers :class:`storyline.analyze.quotes.QuoteFinder` inherits (with
``analyze.labelled_speech``); the finder finds the direct quotes by their marks, and all share
its parse, quote marks and speaker resolver, declared below. A clause that holds quoted words
is a **mixed** quote.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from storyline.analyze.lexicon import (
    ADDRESSEE_VERBS,
    ADVERBIAL_MARKERS,
    ASKING_VERBS,
    CONDITION_MARKERS,
    DASHES,
    DIRECT_CUE_VERBS,
    FREE_RELATIVES,
    INDIRECT_CUE_VERBS,
    QUESTION_OPENERS,
    REFLEXIVE_PRONOUNS,
    REFUSAL_VERBS,
    SET_PHRASES_NOT_SAID,
)
from storyline.analyze.speakers import SpeakerResolver
from storyline.analyze.subjects import (
    SOURCE_ENTITIES,
    SUBJECT_DEPS,
    Speaker,
    find_subject,
    misread_apposition,
    not_said,
    repeated_cue,
)
from storyline.quotation import QuoteSpan


@dataclass(slots=True)
class Found:
    """A quote or report found in the text, before it becomes a record."""

    kind: str
    start: int
    end: int
    content: str
    cue: Any | None
    speaker: Speaker | None



class IndirectSpeech:
    """Readers of indirect speech over one parsed text (a mixin of ``QuoteFinder``)."""

    doc: Any
    text: str
    spans: list[QuoteSpan]
    quoted: list[bool]
    sentences: list[Any]
    sentence_starts: list[int]
    resolver: SpeakerResolver

    def sentence_index(self, offset: int) -> int:
        lo, hi = 0, len(self.sentence_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.sentence_starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def _closes_quotation(self, tokens: list[Any]) -> bool:
        """Whether the last token is the closing mark of a quotation (as the text's quote marks
        pair up, ``quotation.scan_quote_marks``) opened among the others."""
        last = tokens[-1]
        end = last.idx + len(last)
        return any(s.close == end and s.open >= tokens[0].idx for s in self.spans)

    def _mark(self, tok: Any) -> bool:
        """Whether a token is a quotation's opening or closing mark (not an apostrophe:
        "Republicans’ commitment")."""
        return tok.is_quote and any(
            tok.idx in (span.open, span.close - 1) for span in self.spans
        )

    def _with_rest_of_clause(self, tokens: list[Any], later_clauses: list[Any]) -> list[Any]:
        """What was said with the rest of its clause the parse hung on the cue as a second
        clause right after the first, with nothing but quotation marks between ("said that
        accusations that she had misled Congress were false"), or the hyphen of a word the
        parse cut in two ("said Mr. Banky co-founded the company": "co", "-" and "founded"
        three clauses). Not a report of its own ("..., the Daily News reported") nor anything
        set off by a comma or a dash."""
        for later in later_clauses:
            words = [t for t in tokens if not (t.is_punct or t.is_space)]
            first = next((t for t in later.subtree if not (t.is_punct or t.is_space)), None)
            if (
                first is not None
                and words
                and later.i > words[-1].i
                and later.lemma_ not in INDIRECT_CUE_VERBS | DIRECT_CUE_VERBS
                and all(
                    self._mark(t) or _word_hyphen(t)
                    for t in self.doc[words[-1].i + 1 : first.i]
                )
            ):
                tokens = tokens + list(self.doc[tokens[-1].i + 1 : later.right_edge.i + 1])
        return tokens

    def _paragraph(self, offset: int) -> tuple[int, int]:
        start = self.text.rfind("\n", 0, offset) + 1
        end = self.text.find("\n", offset)
        return start, len(self.text) if end < 0 else end

    def _according_to(self, tok: Any, used_spans: set[int]) -> Found | None:
        """What "according to X" sources: the clause it sits in (the whole of it when set
        inside, the sentence when it closes one), never X named again after it."""
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
        source = find_subject(tok)
        if source is not None and source.i > tok.i:
            pp_end = max(pp_end, source.right_edge.i)  # a source the parse hung elsewhere
        closing = tok.i > 0 and self.doc[tok.i - 1].text == "," and all(
            t.is_punct or t.is_space for t in self.doc[pp_end + 1 : tok.sent.end]
        )
        while closing and clause.dep_ in {"relcl", "acl"} and clause.head.i != clause.i:
            # "... with WikiLeaks, the group that released a trove of emails, according to
            # four officials": closing the sentence, it sources the sentence, not the
            # clause on the last noun the parse hung it on.
            clause = clause.head
            while clause.pos_ not in {"VERB", "AUX"} and clause.head.i != clause.i:
                clause = clause.head
        words = [t for t in clause.subtree if not (t.is_punct or t.is_space)]
        before = [t for t in words if t.i < tok.i]
        after = [t for t in words if t.i > pp_end]
        if clause.i > tok.i and not any(t.dep_ in SUBJECT_DEPS for t in before):
            # "But according to X, ...", "Then, on September 10, according to X, ...",
            # "reported that, according to X, ...": the reporter's words, not the source's.
            before = []
        if clause.i < tok.i and not _goes_on(after, tok):
            after = []  # "..., according to a study by X, an organization that ..."
        rest = before + after
        if len(rest) < 3:
            return None
        start, end = rest[0].idx, rest[-1].idx + len(rest[-1])
        said = self.text[start:end]
        if self.text[end : end + 1] == ")" and said.count("(") > said.count(")"):
            end += 1  # "... total return (the price change plus dividends)"
        # Set inside the clause ("The lawyers, according to officials, were working to
        # ..."): what was said runs across it and leaves it out.
        last = self.doc[pp_end]
        cut = (tok.idx, last.idx + len(last)) if before and after else None
        return self._complement("indirect", tok, start, end, used_spans, cut)

    def _indirect(self, tok: Any, used_spans: set[int]) -> Found | None:
        if (
            tok.lower_ == "according"
            and tok.i + 1 < len(self.doc)
            and self.doc[tok.i + 1].lower_ == "to"
        ):
            return self._according_to(tok, used_spans)
        if tok.lemma_ not in INDIRECT_CUE_VERBS or tok.pos_ not in {"VERB", "AUX"}:
            return None
        if not_said(tok):
            return None  # "would not say whether ...", "refused to say that ...": no saying
        if tok.i > 0 and (self.doc[tok.i - 1].lower_, tok.lower_) in SET_PHRASES_NOT_SAID:
            return None  # "rest assured that ...": no one says it
        if tok.dep_ in {"ccomp", "advcl"} and any(
            c.dep_ == "mark" and c.lower_ in CONDITION_MARKERS for c in tok.children
        ):
            # "would not say whether the White House believes she broke the law", "if the
            # mayor says the bridge is safe, ...": a saying asked about or supposed, not made.
            return None
        if any(
            c.dep_ == "dobj" and c.lower_ in FREE_RELATIVES and c.i < tok.i for c in tok.children
        ) and any(
            c.dep_ == "ccomp"
            and any(g.dep_ in SUBJECT_DEPS for g in c.children)
            and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)
            for c in tok.children
        ):
            # "did not cite what Mrs. Ortiz said that he considered a lie": what she said is
            # the thing talked of, and a that-clause of its own after it is no report of hers
            # ("what she said were punitive policies", "what researchers say they need" are).
            return None
        # "said that ..." after the verb, or "..., the PM Office said in a press release."
        misread = misread_apposition(tok)
        # The cue and its speaker set off inside what was said ("Within two years, the
        # inspectors said, most ..."): the span runs across them, the content leaves them out.
        cue_words: tuple[int, int] | None = None
        comps = [
            c
            for c in tok.children
            if c.dep_ == "ccomp"
            and (c.i > tok.i or "," in self.doc[c.right_edge.i : tok.i].text)
            and (misread is None or c.i != misread.i)
            # "two days after the Times reported ..., she announced that ...": a clause of
            # time or cause the parse hangs before the cue is the reporter's, not what was
            # said (after it, "saying while some support the deal ...", it is).
            and not (c.i < tok.i and _adverbial(c))
            # "But asked if Mr. Trump should recalibrate ..., Mr. Gowdy said, ...": the
            # question put to the speaker, which the parse hangs on the cue, is not his answer.
            and not (
                c.i < tok.i
                and c.lemma_ in ASKING_VERBS
                and not any(g.dep_ in SUBJECT_DEPS for g in c.children)
            )
            # "found itself defending ...": the subject's own state, nothing found or said
            # ("confirms the actress has herself checked in" is a report).
            and not any(
                g.dep_ in SUBJECT_DEPS and g.lower_ in REFLEXIVE_PRONOUNS and g.i == tok.i + 1
                for g in c.children
            )
        ]
        if comps:
            tokens = self._with_rest_of_clause(
                _with_lost_subject(tok, comps[0]) + list(comps[0].subtree), comps[1:]
            )
            if tokens[0].lower_ in QUESTION_OPENERS and (
                tokens[0].head.i == comps[0].i or tok.lemma_ in ASKING_VERBS
            ):
                # "was asked whether ...": the question put, not an answer. An "if" opening a
                # condition inside what was said is no question: "said if the council approved
                # the tolls, the bridge would close to trucks".
                return None
            repeat = next(
                (
                    t
                    for t in tokens
                    if ((r := repeated_cue(t)) is not None and r.i == tok.i)
                    or _saying_held_back(t, comps[0])
                    or (_report_of_its_own(t) and not self.quoted[t.idx])
                ),
                None,
            )
            if repeat is not None:
                # "said the council ruined the plan and said her rival ...", "said the fire is
                # being investigated, though did not say whether ...": the second saying (or
                # the one held back) and what it reports are not part of the first's.
                tokens = [t for t in tokens if t.i < repeat.left_edge.i]
                while tokens and (
                    (tokens[-1].is_punct and not self._closes_quotation(tokens))
                    or tokens[-1].dep_ == "cc"
                    or tokens[-1].dep_ == "mark"
                ):
                    # The closing mark of a quotation inside what was said stays with it ("he
                    # agrees Trump is a “total opportunist” and said ...").
                    tokens.pop()
                if not tokens:
                    return None
            # Words before the cue are part of what was said only when the cue is set off
            # ("Within two years, the inspectors said, most ..."), not when a clause of the
            # reporter's opens the sentence ("While he declined to comment, he said he agrees").
            between = self.doc[tok.i : comps[0].left_edge.i]
            # Set off right after the cue, not after the one it told ("In letters sent on Oct.
            # 19, Weich told two critics, Senators X and Y, that ...": the letters are his),
            # unless the words before are the reported clause's missing subject
            # ("Progressivism, he told the conference, is a cancer").
            set_off = "," in between.text and (
                not any(t.dep_ in {"dobj", "dative"} and t.head.i == tok.i for t in between)
                or not any(c.dep_ in SUBJECT_DEPS for c in comps[0].children)
            )
            fronted = self._fronted(tok) if comps[0].i > tok.i and set_off else None
            quoted = any(self.quoted[t.idx] for t in tokens)
            if fronted is not None and not quoted:
                cue_words = (fronted[-1].idx + len(fronted[-1]), tokens[0].idx)
                tokens = list(fronted) + tokens
        else:
            tokens, cue_words = self._parenthetical_clause(tok)
            if not tokens:
                return None
            if all(self.quoted[t.idx] for t in tokens if not (t.is_punct or t.is_space)):
                # "“If it is standardless,” he said, “then why is there commonality?”": a
                # quotation split around its cue is the direct reader's, joined there.
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
        if len([w for w in self.text[start:end].split() if w.lower() != "that"]) < 2:
            return None  # a clause the parse cut to one word: "insisting that he'd" (rather ...)
        return self._complement("indirect", tok, start, end, used_spans, cue_words)

    def _fronted(self, verb: Any) -> Any | None:
        """ "Within two years, the inspectors said, most ...": words of the reported clause put
        before the cue and its subject, set off by a comma."""
        subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
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

    def _parenthetical_clause(self, verb: Any) -> tuple[list[Any], tuple[int, int] | None]:
        """ "Within marriages, they said, women now have more say": a cue set off by commas
        inside the clause it reports (the parse hangs it on the clause's verb). The content is
        that clause without the cue and its subject, and the stretch of the cue within it. A
        clause the parse joins to the cue ("..., the mayor said, and will reopen next year")
        goes on with what was said."""
        head = verb.head
        if head.i == verb.i or head.pos_ not in {"VERB", "AUX"}:
            return [], None
        hung = (
            verb.dep_ == "parataxis"
            or (verb.dep_ in {"advcl", "ccomp"} and head.i < verb.i)
            # "As he promised in May, the bridge reopened": a comment opening the sentence.
            or (verb.dep_ == "advcl" and any(c.lower_ == "as" for c in verb.children))
        )
        subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS and c.i < verb.i]
        if not (hung and subjects):
            return [], None
        # The nearest: the parse may give the reported clause's subject to the cue as well
        # ("Voters, Clinton suggested, don't have to worry").
        if not self._set_off(verb, subjects[-1]):
            return [], None
        going_on = [
            c
            for c in verb.children
            if verb.dep_ == "parataxis" and c.dep_ in {"conj", "cc"} and c.i > verb.i
        ]
        # Clauses the parse joins to the cue that go on with what was said, and a first subject
        # it gives the cue that is the reported clause's ("Voters, Clinton suggested, ...").
        joined = {t.i for c in [*going_on, *subjects[:-1]] for t in c.subtree}
        mine = {t.i for t in verb.subtree if t.i not in joined}
        first = last = verb.i
        while first - 1 in mine:
            first -= 1
        while last + 1 in mine:
            last += 1
        tokens = sorted(
            [t for t in head.subtree if t.i not in mine] + [self.doc[i] for i in joined],
            key=lambda t: t.i,
        )
        # Punctuation at either end is no part of what was said: the comma after a comment
        # ("As he promised, the bridge ..."), the full stop after a closing cue ("“...,” Ortiz
        # told the Post.", whose quotation the direct quote holds).
        while tokens and tokens[0].is_punct and not tokens[0].is_quote:
            tokens.pop(0)
        while tokens and (
            (tokens[-1].is_punct and not tokens[-1].is_quote) or tokens[-1].dep_ == "cc"
        ):
            tokens.pop()
        return tokens, (self.doc[first].idx, self.doc[last].idx + len(self.doc[last]))

    def _set_off(self, verb: Any, subject: Any) -> bool:
        """Whether a cue and its subject stand apart from the clause they report: after a comma
        or a dash ("..., the mayor said", "“... fight,” he testified, ..."), or as a comment
        with "as" and nothing of its own reported ("..., as TPM notes, ...", "As he promised,
        ..."). Not a clause that reports inside another ("said that Ms. Ortiz told him ...")."""
        opening = subject.left_edge.i
        marks = [c for c in verb.children if c.dep_ == "mark" and c.i == opening - 1]
        if marks and marks[0].lower_ == "as":
            if any(c.dep_ in {"ccomp", "xcomp", "dobj"} for c in verb.children):
                return False  # "as he described this as a salve": a deed of his, not a comment
            if subject.pos_ not in {"PRON", "PROPN"} and subject.ent_type_ not in SOURCE_ENTITIES:
                return False  # "As committee hearings concluded, ...": a time, not a source
            opening -= 1
            if opening == verb.sent.start:
                return True
        before = opening - 1
        while before > 0 and self.doc[before].is_quote:
            before -= 1  # the closing mark after a quotation's comma: "“... fight,” he said"
        return before >= 0 and self.doc[before].text in {",", *DASHES}

    def _reported_report(self, according: Any, cue: Any) -> Found | None:
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
        return Found(
            "indirect",
            start,
            end,
            self.text[start:end],
            according,
            self.resolver.speaker_of(according),
        )

    def _complement(
        self,
        kind: str,
        cue: Any,
        start: int,
        end: int,
        used: set[int],
        cue_words: tuple[int, int] | None = None,
    ) -> Found | None:
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
        speaker = self.resolver.speaker_of(cue)
        return Found(kind, start, end, _without(self.text, start, end, cue_words), cue, speaker)


def _without(text: str, start: int, end: int, cut: tuple[int, int] | None) -> str:
    """The text from ``start`` to ``end`` without the stretch ``cut`` inside it and the commas
    that set it off: "All information acquired, he said, “is subject to ...”" reads "All
    information acquired “is subject to ...”"."""
    if cut is None or not start < cut[0] < cut[1] < end:
        return text[start:end]
    left = text[start : cut[0]].rstrip(" ,")
    right = text[cut[1] : end].lstrip(" ,")
    return f"{left} {right}" if left and right else left or right


def _report_of_its_own(tok: Any) -> bool:
    """A clause joined after what was said that reports what someone else says: "Mr. Stone
    said he will plead not guilty, and people close to him have predicted that ..." (their
    prediction, not his). Not a second complement of the same saying ("testified that Mr.
    Gigante was lucid and that he had acknowledged that ...": both are the testimony)."""
    return (
        tok.dep_ == "conj"
        and tok.lemma_ in INDIRECT_CUE_VERBS
        and tok.pos_ in {"VERB", "AUX"}
        and any(c.dep_ in SUBJECT_DEPS for c in tok.children)
        and any(c.dep_ == "ccomp" and c.i > tok.i for c in tok.children)
        and not any(c.dep_ == "mark" for c in tok.children)
    )


def _saying_held_back(tok: Any, clause: Any) -> bool:
    """A saying not made, with no subject of its own, joined inside a reported clause: "said
    the fire is being investigated, though did not say whether ..." and "... but declined to
    say why" are the reporter's account of the same speaker."""
    if tok.i == clause.i or tok.dep_ not in {"advcl", "conj"} or tok.pos_ not in {"VERB", "AUX"}:
        return False
    if any(c.dep_ in SUBJECT_DEPS for c in tok.children):
        return False
    if tok.lemma_ in INDIRECT_CUE_VERBS and not_said(tok):
        return True
    return tok.lemma_ in REFUSAL_VERBS and any(
        c.dep_ == "xcomp" and c.lemma_ in INDIRECT_CUE_VERBS for c in tok.children
    )


def _adverbial(clause: Any) -> bool:
    """Whether a clause the parse gives as a complement opens with a word of time, cause or
    concession and with no "that" of its own: "after the Times reported ..." is, "that
    globalization and job losses since 2000 have ..." is not."""
    marks = [c for c in clause.children if c.dep_ == "mark"]
    return all(m.lower_ != "that" for m in marks) and any(
        # A capital inside the sentence is a name's ("Reem As Saba'ee had been traveling").
        m.lower_ in ADVERBIAL_MARKERS and (m.text.islower() or m.i == m.sent.start)
        for m in marks
    )


def _goes_on(after: list[Any], according: Any) -> bool:
    """Whether the words after "according to X" go on with the clause before it ("He was,
    according to the Times, the last great mafioso"; "..., according to the Post, and is
    already moving") rather than name X again, as the parse may hang them on the clause
    ("..., according to the panel's top Democrat, Sen. Dianne Feinstein"; "grant
    citizenship, according to a study by X, an organization that ...", a second object)."""
    inside = {t.i for t in after}
    tops = [t for t in after if t.head.i not in inside]

    def continues(t: Any) -> bool:
        if t.pos_ in {"VERB", "AUX"} and (
            t.tag_ in {"VBD", "VBZ", "VBP", "MD"}
            or any(c.dep_ in {"aux", "auxpass"} for c in t.children)
        ):
            return True
        if t.dep_ in {"attr", "acomp", "oprd", "ccomp", "xcomp"}:
            return not any(c.dep_ == t.dep_ and c.i < according.i for c in t.head.children)
        if t.dep_ == "dobj":
            return not any(c.dep_ == "dobj" and c.i < according.i for c in t.head.children)
        return False

    return any(continues(t) for t in tops)


def _with_lost_subject(cue: Any, clause: Any) -> list[Any]:
    """The words of a reported clause's subject the parse made the cue's object: "who said
    people at a recent public meeting were furious" reads "people" as what was said and the
    clause as having no subject. A clause with a verb of its own and no subject after an
    object of the cue, never a pronoun ("told him was ..." is no English)."""
    if cue.lemma_ in ADDRESSEE_VERBS:
        return []  # "told the conference, ..., is a cancer": whom he told
    if clause.i < cue.i or any(c.dep_ in {*SUBJECT_DEPS, "expl"} for c in clause.children):
        return []
    if clause.pos_ not in {"VERB", "AUX"} or clause.tag_ not in {"VBD", "VBZ", "VBP", "MD"}:
        return []
    objects = [
        c for c in cue.children if c.dep_ == "dobj" and cue.i < c.i < clause.i and c.pos_ != "PRON"
    ]
    if not objects:
        return []
    doc = cue.doc
    return list(doc[objects[0].left_edge.i : clause.left_edge.i])


def _word_hyphen(tok: Any) -> bool:
    """Whether a token is the hyphen inside a word ("co-founded"), no space on either side."""
    return (
        tok.text == "-"
        and tok.i > 0
        and not tok.whitespace_
        and not tok.doc[tok.i - 1].whitespace_
    )
