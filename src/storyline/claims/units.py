"""Which sentences of a story are statements of fact: the units claims are made of.

A sentence the splitter ran across line breaks (headline + byline + lead) is several lines, and
each line stands alone. A line is a statement when it reads as one: enough words, running
lower-case words, a sentence end (or the length of a paragraph), and none of these:

* a headline or a title-case line ("Putin tells PM Shehbaz ...", "By |");
* a bullet of a summary box ("• PM Shehbaz, President Putin hold talks");
* a question ("Do you fully support the Obama agenda?");
* a release header with its date stamp ("Ministry of ... - press release date 2026-03-14");
* a bare quotation: a line inside quotation marks that names no speaker ("“We greatly value
  these ties.”" on a line of its own); the remark stays in the aligned quotes, where its
  speaker is known;
* the tail of a sentence the splitter cut after a quotation: a line that opens in lower case
  ("the seven-term congressman demands.", "he said at the end of a post.");
* a line that talks to the reader about the text: one that hangs on the sentence before or
  points at what follows (the language's ``discourse_openers``: "Which brings us back to ...",
  "Here are the replies."), or an imperative, a line that opens with its own verb in the
  base form and no one doing it ("Let's recap what we saw.", "See the letter below.").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from storyline.claims.facts import Facts, key_of, stem, unit_facts
from storyline.claims.kept import KeptForReaders
from storyline.cleaning.dates import carries_date_stamp
from storyline.config import ClaimConfig
from storyline.language import ENGLISH
from storyline.model import Analysis, Article
from storyline.quotation import QuoteSpan, scan_quote_marks

WORD = re.compile(r"[a-z0-9]+")

# Claims compare statements in the articles' language (English until another is written).
LANGUAGE = ENGLISH
STOPWORDS = LANGUAGE.claim_stop_words
_SENTENCE_ENDS = (".", "!", "\"", "\u201d", "\u2019", "'", ")")
_QUOTE_ENDS = ("\"", "\u201d", "\u2019", "'")
_STOPS = (".", "!", ",", "?", "…")
_BULLETS = ("•", "·", "▪", "◦", "‣", "-", "*", "–", "—")
# A line this long is a paragraph even without a sentence end (the splitter dropped it).
_PARAGRAPH_WORDS = 20


@dataclass(slots=True, kw_only=True)
class Unit:
    """One statement: a sentence, or one line of a sentence that spans line breaks."""

    article: Article
    sentence: int
    start: int
    end: int
    text: str
    family_id: str
    background: bool
    facts: Facts
    stems: frozenset[str] = field(default_factory=frozenset)
    speakers: frozenset[str] = frozenset()  # who the statement quotes, as name keys
    # Everyone its quotations name as making the remark, co-makers of a joint statement too:
    # (name key, name) pairs.
    makers: tuple[tuple[str, str], ...] = ()

    @property
    def norm(self) -> str:
        return " ".join(WORD.findall(self.text.lower()))


def content_stems(text: str) -> frozenset[str]:
    return frozenset(
        stem(w)
        for w in WORD.findall(text.lower().replace("’", "'"))
        if len(w) > 2 and w not in STOPWORDS and not w.isdigit()
    )


def quote_the_same_words(a: str, b: str) -> bool:
    """Both statements quote one phrase: the words (two or more) inside one's quotation marks
    stand inside the other's ("“very close” to naming" and "was “very close” to choosing")."""

    def quoted(text: str) -> list[str]:
        return [
            " ".join(words)
            for span in scan_quote_marks(text)
            if len(words := WORD.findall(text[span.start : span.end].lower())) >= 2
        ]

    inside_b = quoted(b)
    return any(f" {x} " in f" {y} " or f" {y} " in f" {x} " for x in quoted(a) for y in inside_b)


def is_statement(line: str, cfg: ClaimConfig) -> bool:
    """Whether one line of text reads as a statement of fact (see the module docstring)."""
    # Whole words only: the "nd" of "2nd Sep" is no running word (a dateline is no statement).
    words = re.findall(r"\b[A-Za-z]{2,}\b", line)
    running = sum(1 for w in words if w.islower() and w not in STOPWORDS)
    if len(words) < cfg.min_words or running < 2:
        return False
    if line[:1].islower() or line.lower().startswith(LANGUAGE.discourse_openers):
        return False
    if line.startswith(_BULLETS) or line.rstrip().endswith("?"):
        return False
    end = line.rstrip()
    if end.endswith(_QUOTE_ENDS) and end[-2:-1] not in _STOPS:
        return False  # a headline quoting someone: 'Putin says ties ‘mutually beneficial’'
    if end.endswith(_SENTENCE_ENDS):
        return True
    return len(words) >= _PARAGRAPH_WORDS and not carries_date_stamp(line)


def points_back(line: str, or_may: bool = False) -> bool:
    """Whether a sentence's subject is a word pointing at the sentence before ("He said he
    had never ...", "But they noticed ..."): such a sentence needs its article to be read.
    ``or_may``: also an opener that may point back ("That separates ...", "This week ...")."""
    words = re.findall(r"[a-z]+", line[:80].lower())
    while words and words[0] in LANGUAGE.linking_openers:
        words = words[1:]
    if not words:
        return False
    return words[0] in LANGUAGE.pointing_subjects or (
        or_may and words[0] in LANGUAGE.maybe_pointing
    )


def _bare_quotation(
    line_start: int, line_end: int, analysis: Analysis, quoted: Sequence[QuoteSpan]
) -> bool:
    """A line inside quotation marks whose speaker is named outside it."""
    if not any(s.start <= line_start + 1 and line_end - 1 <= s.close for s in quoted):
        return False
    cued_inside = any(
        q.cue_start is not None and line_start <= q.cue_start < line_end for q in analysis.quotes
    )
    return not cued_inside


def _imperative(line: str, line_start: int, sentence: int, analysis: Analysis) -> bool:
    """A line that opens with a verb in its base form that no one does: the parse's clause at the
    line's first word, its surface form its lemma ("See", "Let", not "Said one official:"),
    unless another clause is the sentence's root with someone doing it ("Consider the cost:
    the plan takes 40 million." states the cost)."""
    first = re.match(r"([A-Za-z]+)(?:\s+([A-Z]))?", line)
    if first is None or first.group(2):
        return False  # a run of capitals is a name ("Make America Awesome PAC paid for the ads")
    word = first.group(1)
    own = [c for c in analysis.clauses if c.sentence == sentence]
    if not any(
        c.start == line_start and not c.agents and c.predicate.split()[0] == word.lower()
        for c in own
    ):
        return False
    if any(word in m.text.split() for m in analysis.mentions):
        # A name the parser took for a verb, known as a name where the article's entities are
        # found ("Trump over the weekend denied ...").
        return False
    return not any(c.relation == "ROOT" and c.agents and c.start != line_start for c in own)


def _speakers(start: int, end: int, analysis: Analysis) -> frozenset[str]:
    return frozenset(
        key
        for q in analysis.quotes
        if q.content_start < end and start < q.content_end
        and (key := key_of(q.speaker_name or "", "PERSON"))
    )


def _makers(start: int, end: int, analysis: Analysis) -> tuple[tuple[str, str], ...]:
    """Who made the remarks the statement quotes, joint statements' co-makers included, as
    (name key, name) pairs in the order written."""
    found: dict[str, str] = {}
    for q in analysis.quotes:
        if q.content_start < end and start < q.content_end:
            for name in (q.speaker_name or "", *q.co_speakers):
                if key := key_of(name, "PERSON"):
                    found.setdefault(key, name)
    return tuple(found.items())


@dataclass(frozen=True, slots=True)
class Line:
    """A statement of one article as any story reads it (the story adds its family and whether
    the article is background)."""

    sentence: int
    start: int
    end: int
    text: str
    facts: Facts
    stems: frozenset[str]
    speakers: frozenset[str]
    makers: tuple[tuple[str, str], ...]


def article_statements(article: Article, analysis: Analysis, cfg: ClaimConfig) -> list[Line]:
    """Every statement of one article, in text order."""
    lines: list[Line] = []
    quoted = scan_quote_marks(article.text)
    for sentence in analysis.sentences:
        for m in re.finditer(r"[^\n]+", article.text[sentence.start : sentence.end]):
            line = m.group(0)
            stripped = line.strip()
            if not stripped or stripped == article.title or not is_statement(stripped, cfg):
                continue
            start = sentence.start + m.start() + (len(line) - len(line.lstrip()))
            end = start + len(stripped)
            if _bare_quotation(start, end, analysis, quoted) or _imperative(
                stripped, start, sentence.index, analysis
            ):
                continue
            lines.append(
                Line(
                    sentence=sentence.index,
                    start=start,
                    end=end,
                    text=stripped,
                    facts=unit_facts(stripped, start, analysis, sentence.index),
                    stems=content_stems(stripped),
                    speakers=_speakers(start, end, analysis),
                    makers=_makers(start, end, analysis),
                )
            )
    return lines


# Articles whose statements a StatementMemo keeps at most. An article's statements take about
# 100 KB in memory (BASIL: 300 articles, 6,586 statements, 30 MB): kept for every article a
# worker reads, some 1 GB a worker at 10,000 articles.
MEMO_ARTICLES = 2000


class StatementMemo(KeptForReaders[list[Line]]):
    """Each article's statements, kept for the next story of a run that reads the article (a
    related story's articles are read by every story related to it); it must be dropped when an
    analysis or ``cfg`` changes. Bounded as :class:`KeptForReaders` is: on the plan of ECB+ dev
    and BASIL, simulated with two workers taking stories in turn, at most 129 articles a worker,
    not 861."""

    def __init__(self, capacity: int = MEMO_ARTICLES) -> None:
        super().__init__(capacity)


def statements(
    articles: Sequence[Article],
    analyses: dict[str, Analysis],
    family_of: dict[str, str],
    background_ids: set[str],
    cfg: ClaimConfig,
    memo: StatementMemo | None = None,
) -> list[Unit]:
    """Every statement of the articles, in article order then text order; ``memo`` keeps
    each article's statements for the next story that reads it."""
    units: list[Unit] = []
    for article in articles:
        analysis = analyses.get(article.article_id)
        if analysis is None:
            continue
        known = None if memo is None else memo.get(article.article_id)
        lines = known if known is not None else article_statements(article, analysis, cfg)
        if memo is not None and known is None:
            memo.put(article.article_id, lines)
        units.extend(
            Unit(
                article=article,
                sentence=line.sentence,
                start=line.start,
                end=line.end,
                text=line.text,
                family_id=family_of[article.article_id],
                background=article.article_id in background_ids,
                facts=line.facts,
                stems=line.stems,
                speakers=line.speakers,
                makers=line.makers,
            )
            for line in lines
        )
    return units
