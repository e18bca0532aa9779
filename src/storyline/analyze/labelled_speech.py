"""Speakers named by a label rather than a cue: a headline or transcript line ("Clinton: I
support statehood.", "KATE BOULDUAN: Why not debate?"), a name and a colon before a quotation
("Trump: ‘I’m the worst thing ...’") and a signed quotation ("“...” — Maria Lopez"). A mixin of
``analyze.quotes.QuoteFinder``, as ``analyze.indirect_speech`` is.
"""

from __future__ import annotations

import re
from typing import Any

from storyline.analyze.indirect_speech import Found
from storyline.analyze.lexicon import NOT_SPEAKER_LABELS
from storyline.analyze.speakers import SpeakerResolver
from storyline.analyze.subjects import Speaker
from storyline.quotation import QuoteSpan, scan_quote_marks

# A line that opens with a short capitalized label and a colon: "Clinton: I support ...".
_LABELLED_LINE = re.compile(
    r"^(?P<label>[A-Z][\w.’'&-]*(?:[ \t][A-Z][\w.’'&-]*){0,3}):[ \t]+"
    r"(?P<content>[^\n“\"‘']\S[^\n]{6,}?)[ \t]*$",
    re.MULTILINE,
)
_SENTENCE_END = re.compile(r"[.!?][\"”’']?\s+")
# A word of a line's running text: headline style capitalises every one of four letters or more
# ("Governor Names Former Aide To Replace ..."), sentence style hardly any.
_LONG_WORD = re.compile(r"\b[^\W\d_]{4,}")
# "“...” — Maria Lopez": a dash, then a capitalized name of one to four words ending the line
# or running into the next quote.
_DASH_NAME = re.compile(
    r"[ \t]*[―—–-][ \t]*([A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,3})[.,]?[ \t]*(?=$|\n|[“\"/])",
    re.MULTILINE,
)


def headline(line: str) -> bool:
    """Whether the words after a label's colon are in headline style ("Kell Names Former Aide
    To Run Port"): three or more long words, all capitalised, and no quotation marks (a
    headline quoting someone keeps the marks and is read by them)."""
    words = _LONG_WORD.findall(line)
    return (
        len(words) >= 3
        and all(w[0].isupper() for w in words)
        and not scan_quote_marks(line)
    )


class LabelledSpeech:
    """Readers of speakers named by a label over one parsed text."""

    doc: Any
    text: str
    quoted: list[bool]
    resolver: SpeakerResolver

    def _labelled_lines(self, found: list[Found]) -> list[Found]:
        """Headlines and transcripts without quote marks: "Clinton: I support statehood.",
        "KATE BOULDUAN: Why not debate?" (a short name, a colon, the rest of the line)."""
        out: list[Found] = []
        for m in _LABELLED_LINE.finditer(self.text):
            start, end = m.start("content"), m.end("content")
            while end > start and self.text[end - 1] in " .":
                end -= 1
            if self.quoted[m.start()] or any(f.start < end and start < f.end for f in found):
                continue
            label = self.doc.char_span(m.start("label"), m.end("label"), alignment_mode="expand")
            colon = self.doc.char_span(m.end("label"), m.end("label") + 1)
            if not label or not colon or len(label) > 4 or label.text.lower() in NOT_SPEAKER_LABELS:
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
            if headline(self.text[start:end]) and not self._named_elsewhere(
                entity, m.start(), m.end()
            ):
                # "Mo Ferris Harbour: Kell Names Former Aide To Run Port": a headline whose
                # label the article never names again is its topic, not its speaker ("Obama:
                # I'm Optimistic ..." over a report naming Obama is his remark; PolNeAR
                # counts such headlines).
                continue
            speaker = Speaker(
                text=label.text,
                start=label.start_char,
                end=label.end_char,
                name=self.resolver.name(entity),
            )
            out.append(Found("indirect", start, end, self.text[start:end], colon[0], speaker))
        return out

    def _named_elsewhere(self, entity: int | None, lo: int, hi: int) -> bool:
        """Whether the text names ``entity`` outside ``lo:hi``."""
        return entity is not None and any(
            e == entity and not lo <= k < hi for k, e in self.resolver.mention_at.items()
        )

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
