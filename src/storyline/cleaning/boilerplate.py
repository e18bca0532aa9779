"""Line rules: which lines of a report are page furniture rather than the article, and which
lines are halves of one broken paragraph.

The rules are general shapes, not lists of one site's strings:

- *strong* rules judge a line on its own, anywhere in the text: comment and sharing prompts,
  navigation/section labels made only of section vocabulary, desk bylines ("Web Desk"), empty
  bylines ("By |"), icon/avatar placeholders (CSS-class-like tokens), style sheet residue, social
  handles and photo credits on a line of their own;
- an author or desk *blurb*: a self-description ("The X Desk provides ... coverage") of a name
  given on a line just above it; both lines go;
- *duplicates*: a line whose letters and digits repeat an earlier line's (a caption or headline
  shown twice) is dropped, the first copy kept;
- *zone* rules: before the first and after the last line of body text (a line of at least
  ``body_min_words`` words holding sentence punctuation), short lines without sentence punctuation
  are labels ("Top Stories", a bare author name); the title line is never dropped by them;
- *joins*: a line ending without terminal punctuation followed by one starting in lower case is
  one paragraph broken in two, and a line of closing quotes/brackets belongs to the line before.

``clean_lines`` applies them until nothing changes, so cleaning a cleaned text is a no-op.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from storyline.cleaning.text import Line

# Why a line was dropped; stable strings, used in tests and docs.
PROMPT = "prompt"
NAV_LABEL = "nav-label"
DESK_BYLINE = "desk-byline"
EMPTY_BYLINE = "empty-byline"
ICON = "icon-placeholder"
MARKUP = "markup"
CREDIT = "credit"
BLURB = "author-blurb"
DUPLICATE = "duplicate"
HEAD_LABEL = "head-label"
TAIL_LABEL = "tail-label"


@dataclass(frozen=True, slots=True, kw_only=True)
class ZoneLimits:
    head_label_max_words: int
    tail_label_max_words: int
    body_min_words: int


@dataclass(frozen=True, slots=True)
class Verdict:
    """A line of the first pass and why it was dropped (None: kept)."""

    line: Line
    reason: str | None


# ---- shapes of a line ------------------------------------------------------------------------

_CLOSERS = "\"')]}»›"
_TERMINAL = ".!?…:;"
_SENTENCE_PUNCT = re.compile(r"[.!?…][\"')\]]*(?:\s|$)")
_CLOSING_ONLY = re.compile(r"^[\"')\]»]+[.,;:!?]*$")


def words(text: str) -> list[str]:
    return text.split()


def ends_sentence(text: str) -> bool:
    """True when the line ends with terminal punctuation (closing quotes/brackets ignored)."""
    stripped = text.rstrip(_CLOSERS + " ")
    return bool(stripped) and stripped[-1] in _TERMINAL


def is_body(text: str, body_min_words: int) -> bool:
    """A line of running text: long enough and holding at least one sentence end."""
    return len(words(text)) >= body_min_words and bool(_SENTENCE_PUNCT.search(text))


_DATE_LINE = re.compile(
    r"^(?:\w+,?\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,9}\.?,?\s+\d{4}|"
    r"[A-Za-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{4}-\d{2}-\d{2})$"
)


def is_date_line(text: str) -> bool:
    """A line that is only a date ("September 2, 2025", "Tue 2 Sep 2025"): data, not a label."""
    return bool(_DATE_LINE.match(text))


# \w is str.isalnum() plus "_": this removes exactly the characters that are not alphanumeric.
_NOT_ALNUM = re.compile(r"[\W_]+")


def line_key(text: str) -> str:
    """Letters and digits only, case-folded: two lines with equal keys say the same thing."""
    return _NOT_ALNUM.sub("", text.casefold())


def _vocabulary(text: str) -> frozenset[str]:
    return frozenset(text.split())


# ---- strong rules ----------------------------------------------------------------------------

_PROMPT = re.compile(
    r"""^(?:
      (?:\d+\s+)?comments?(?:\s*\(\d+\))?
    | (?:show|view|load|read|hide|post|add|leave|write|see)\s+(?:a\s+|all\s+|the\s+|\d+\s+|your\s+)?
        (?:comments?|repl(?:y|ies)|responses?|thoughts)
    | see\s+what\s+(?:people|others|readers|everyone)\s+(?:are|is)\s+
        (?:discussing|saying|talking\s+about)
    | (?:join|start)\s+the\s+(?:conversation|discussion|debate)
    | (?:share|tweet|email|e-mail|print|save|bookmark)(?:\s+(?:this|the))?
        (?:\s+(?:article|story|page|post))?
        (?:\s+(?:on|via)\s+\w+)?
    | follow\s+us(?:\s+on\s+.+)?
    | sign\s+up\b.* | subscribe\b.* | .*\bnewsletters?\b.*
    | advertisement | sponsored(?:\s+content)? | ad | promoted
    | scroll\s+(?:down\s+)?to\s+continue.* | continue\s+reading.* | read\s+more\b.*
    | read\s+(?:the\s+)?full\s+(?:story|article).* | click\s+here\b.* | also\s+read\b.*
    | you\s+(?:may|might)\s+also\s+(?:like|enjoy|be\s+interested\s+in)
    | in\s+case\s+you\s+missed\s+it
    | (?:more|related|recommended|latest|trending|popular)\s+
        (?:stories|articles|news|coverage|content|reads|videos)
        (?:\s+(?:from|on|about|in)\s+.+)?
    | recommended(?:\s+for\s+you)? | (?:don'?t|do\s+not)\s+miss\b.*
    | skip\s+to\s+(?:main\s+)?content | back\s+to\s+top
    | (?:toggle|open|close)\s+(?:the\s+)?(?:menu|navigation|search)
    | loading | (?:watch|listen)(?:\s+(?:now|live|the\s+video|to\s+this\s+article))?
    )[\s.:!>»|…-]*$""",
    re.IGNORECASE | re.VERBOSE,
)
_COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright\b).*|.*\ball rights reserved\.?$", re.IGNORECASE)

# Section vocabulary: a line made only of these words (and fillers) is a navigation label.
_NAV_WORDS = _vocabulary(
    """top stories story news latest breaking trending popular most read viewed shared related
    more world national international local regional business economy markets politics opinion
    opinions sports sport entertainment lifestyle culture health science technology tech home
    homepage menu search video videos photos photo gallery galleries live updates editorial
    editorials picks recommended featured headlines desk web staff section sections newsletters
    podcasts podcast weather travel columns columnists blogs blog features analysis multimedia
    archive archives topics tags categories category"""
)
_FILLERS = _vocabulary("the and & of in for from our all a to | / - • › » > +")
_DESK = re.compile(
    r"^(?:by\s+)?(?:[\w.'-]+\s+){0,3}(?:desk|bureau|staff|correspondents?|reporters?|agencies|"
    r"news\s+service|wire\s+services?)$",
    re.IGNORECASE,
)
_EMPTY_BYLINE = re.compile(
    r"^by\s*(?:[|,;:·•/\-–—]\s*)*(?:(?:[|·•]\s*)(?:published|updated|posted)\b.*)?$",
    re.IGNORECASE,
)
_UI_WORDS = _vocabulary(
    """icon icons avatar logo img image placeholder thumb thumbnail svg sprite spinner loader
    badge btn button arrow caret chevron glyph fa default profile user"""
)
# Style sheet residue an extractor left in the text: "width:100%;", ".bio-text {", "}".
_CSS = re.compile(
    r"^(?:[.#]?[a-z][\w-]*(?:[\s,>.#:]+[\w-]+)*\s*\{|\}|"
    r"-?[a-z]+(?:-[a-z]+)*\s*:\s*[^;{}]{1,60};(?:\s*\})?)$"
)
_CSS_TOKEN = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)+$")
_NETWORKS = r"(?:x|twitter|instagram|facebook|telegram|tiktok|youtube|threads|bluesky|linkedin|vk)"
_HANDLE_CREDIT = re.compile(
    rf"""^(?:
      (?:(?:photo|image|picture|video|credit|source)s?(?:\s+credit)?\s*[:/-]?\s*)?@?[\w.]{{2,40}}\s*/\s*
        {_NETWORKS}(?:\.com)?
    | {_NETWORKS}\s*/\s*@?[\w.]{{2,40}}
    | @[\w.]{{2,40}}
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_PHOTO_CREDIT = re.compile(
    r"""^(?:
      (?:photo|image|picture|file\s+photo|photograph|credit)s?(?:\s+credit)?\s*[:/]\s*\S.{0,60}
    | \(?(?:ap|afp|reuters|epa|getty\s+images|shutterstock|xinhua|anadolu|ani|pti|app)
        (?:\s*(?:photo|images?))?(?:\s*/\s*[\w .'-]{1,40})?\)?
    )$""",
    re.IGNORECASE | re.VERBOSE,
)


def strong_reason(text: str) -> str | None:
    """Why a line is boilerplate wherever it stands, or None."""
    tokens = words(text)
    n = len(tokens)
    sentence = ends_sentence(text) and not text.rstrip().endswith(":")
    if n <= 12 and _PROMPT.match(text) and (not sentence or n <= 3):
        return PROMPT
    if n <= 20 and _COPYRIGHT.match(text):
        return PROMPT
    if n <= 3 and _EMPTY_BYLINE.match(text):
        return EMPTY_BYLINE
    if n <= 8 and _CSS.match(text):
        return MARKUP
    if sentence:
        return None
    if n == 1:
        token = tokens[0]
        if token.casefold() in _UI_WORDS or (
            _CSS_TOKEN.match(token) and _UI_WORDS.intersection(re.split(r"[-_]", token))
        ):
            return ICON
    if n <= 5:
        folded = [t.casefold().strip(",:") for t in tokens]
        if any(t in _NAV_WORDS for t in folded) and all(
            t in _NAV_WORDS or t in _FILLERS for t in folded
        ):
            return NAV_LABEL
        if _DESK.match(text):
            return DESK_BYLINE
    if n <= 8 and (_HANDLE_CREDIT.match(text) or _PHOTO_CREDIT.match(text)):
        return CREDIT
    return None


# ---- author / desk blurbs --------------------------------------------------------------------

_BLURB = re.compile(
    r"^(?:the\s+)?(?P<subject>[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,4})\s+"
    r"(?:is|was|are|provides|provide|covers|cover|writes|write|reports|report|has\s+been|"
    r"have\s+been|brings|offers|delivers|focuses|specializes|specialises|joined)\b"
)
_BLURB_NOUNS = re.compile(
    r"\b(?:coverage|covers|covering|reporting|reports|journalist|journalism|reporter|writer|"
    r"correspondent|editor|contributor|columnist|author|newsroom|stories|articles)\b",
    re.IGNORECASE,
)
# A blurb with no name line above it must be about a desk ("The News Desk provides ..."); a
# team or a person needs the name line ("The England team is covering ..." is news).
_DESK_SUBJECT = _vocabulary("desk bureau newsroom staff")


def _is_name_line(text: str) -> bool:
    tokens = words(text)
    return 0 < len(tokens) <= 5 and not ends_sentence(text) and all(t[:1].isupper() for t in tokens)


def blurb_of(lines: Sequence[str], index: int) -> int | None:
    """If line ``index`` describes an author or desk, the index of the bare name line it
    describes (or ``index`` itself when the subject is a desk with no name line above)."""
    text = lines[index]
    match = _BLURB.match(text)
    if not match or len(words(text)) > 60 or not _BLURB_NOUNS.search(text):
        return None
    subject = match.group("subject").casefold()
    for back in range(index - 1, max(-1, index - 4), -1):
        if _is_name_line(lines[back]) and lines[back].casefold().removeprefix("the ") == subject:
            return back
    if subject.split()[-1] in _DESK_SUBJECT:
        return index
    return None


# ---- the passes ------------------------------------------------------------------------------


def _first_pass_reasons(texts: Sequence[str]) -> list[str | None]:
    reasons = [strong_reason(text) for text in texts]
    for index in range(len(texts)):
        if reasons[index] is None:
            name_line = blurb_of(texts, index)
            if name_line is not None:
                reasons[index] = BLURB
                reasons[name_line] = reasons[name_line] or BLURB
    return reasons


# A title line longer than this is a paragraph (a plain-text report's title is its first line).
_HEADLINE_MAX_WORDS = 20


def _is_headline(text: str, title_key: str) -> bool:
    """The title line, when it is headline-sized: it ends without punctuation, yet what follows
    it is not its second half."""
    if not title_key or len(words(text)) > _HEADLINE_MAX_WORDS:
        return False
    return line_key(text) == title_key


def _join_broken(lines: Sequence[Line], title_key: str) -> list[Line]:
    out: list[Line] = []
    for line in lines:
        if out and _CLOSING_ONLY.match(line.text):
            out[-1] = out[-1].joined(line, "")
        elif (
            out
            and line.text[:1].islower()
            and not ends_sentence(out[-1].text)
            and not _is_headline(out[-1].text, title_key)
        ):
            out[-1] = out[-1].joined(line, " ")
        else:
            out.append(line)
    return out


def _drop_duplicates(lines: Sequence[Line]) -> tuple[list[Line], list[bool]]:
    seen: set[str] = set()
    kept: list[Line] = []
    dropped: list[bool] = []
    for line in lines:
        key = line_key(line.text)
        repeat = bool(key) and key in seen
        seen.add(key)
        dropped.append(repeat)
        if not repeat:
            kept.append(line)
    return kept, dropped


def _zone_reasons(texts: Sequence[str], title_key: str, limits: ZoneLimits) -> list[str | None]:
    body = [i for i, text in enumerate(texts) if is_body(text, limits.body_min_words)]
    reasons: list[str | None] = [None] * len(texts)
    if not body:  # no running text: head and tail cannot be told from the body
        return reasons
    for i, text in enumerate(texts):
        n = len(words(text))
        is_title = bool(title_key) and line_key(text) == title_key
        if ends_sentence(text) or is_title or is_date_line(text):
            continue
        if i < body[0] and n <= limits.head_label_max_words:
            reasons[i] = HEAD_LABEL
        elif i > body[-1] and n <= limits.tail_label_max_words:
            reasons[i] = TAIL_LABEL
    return reasons


def _one_pass(lines: Sequence[Line], title_key: str, limits: ZoneLimits) -> list[Line]:
    texts = [line.text for line in lines]
    reasons = _first_pass_reasons(texts)
    kept = [line for line, reason in zip(lines, reasons, strict=True) if reason is None]
    kept, _ = _drop_duplicates(_join_broken(kept, title_key))
    zone = _zone_reasons([line.text for line in kept], title_key, limits)
    return [line for line, reason in zip(kept, zone, strict=True) if reason is None]


def first_pass_verdicts(
    lines: Sequence[Line], title_key: str, limits: ZoneLimits
) -> list[Verdict]:
    """Every raw line with the reason the first pass dropped it (before any join), for the
    readers that want to see dropped lines too (dates, title repair, tests)."""
    texts = [line.text for line in lines]
    reasons = _first_pass_reasons(texts)
    survivors = [i for i, reason in enumerate(reasons) if reason is None]
    _, repeats = _drop_duplicates([lines[i] for i in survivors])
    for i, repeat in zip(survivors, repeats, strict=True):
        if repeat:
            reasons[i] = DUPLICATE
    survivors = [i for i, reason in enumerate(reasons) if reason is None]
    zone = _zone_reasons([texts[i] for i in survivors], title_key, limits)
    for i, reason in zip(survivors, zone, strict=True):
        reasons[i] = reason
    return [Verdict(line, reason) for line, reason in zip(lines, reasons, strict=True)]


def clean_lines(lines: Sequence[Line], title_key: str, limits: ZoneLimits) -> list[Line]:
    """The paragraphs of the article: boilerplate dropped, broken paragraphs joined, applied
    until a pass changes nothing (so the result is a fixed point: cleaning it again is a no-op)."""
    current = list(lines)
    for _ in range(8):
        following = _one_pass(current, title_key, limits)
        if [line.text for line in following] == [line.text for line in current]:
            return following
        current = following
    return current
