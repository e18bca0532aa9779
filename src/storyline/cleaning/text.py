"""Lines of a raw text, normalized, each with an exact clean -> raw offset mapping.

The mapping is a list of runs ``(clean, raw, length)``: characters copied *unchanged* from the raw
text. A run is exact by construction (``clean_text[clean:clean+length] == raw[raw:raw+length]``).
Characters the normalization produced (a straight quote for a curly one, a space for a no-break
space or a collapsed run of whitespace, a composed "é" for "e" + combining acute, the paragraph
separators and the space that joins a broken paragraph) belong to no run: they sit in the gaps
between runs, and a span that touches them maps to raw offsets through the neighbouring runs
(:func:`raw_span`).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from storyline.model import OffsetRun

# A run local to one line: (offset in the line's text, raw offset, length).
LocalRun = tuple[int, int, int]
# One character of a line being normalized, with its raw offset (None: produced by normalization).
Token = tuple[str, int | None]

PARAGRAPH_SEPARATOR = "\n\n"
# Longer lines are cut into several (see _pieces).
MAX_LINE_CHARS = 50_000

# Curly quotes and primes become straight ASCII quotes; the two Unicode hyphens become "-".
_REPLACEMENTS = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u2010": "-",
    "\u2011": "-",
}
# Invisible characters with no meaning in running text: zero-width space, BOM, soft hyphen,
# word joiner. (ZWJ/ZWNJ stay: they shape emoji and Indic scripts.)
_REMOVED = frozenset("\u200b\ufeff\u00ad\u2060")
_CONTROLS = frozenset(chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)])

# Line boundaries: exactly the characters str.splitlines() breaks on.
_LINE = re.compile(r"[^\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")
# Anything the slow path must look at; a line without it is copied as one run.
_SPECIAL = re.compile(
    "[" + "".join(_REPLACEMENTS) + "".join(_REMOVED) + r"\x00-\x1f\x7f-\xa0"
    r"\u1680\u2000-\u200a\u202f\u205f\u3000]|  "
)


@dataclass(frozen=True, slots=True)
class Line:
    """One normalized line (a paragraph, once joined) and where its characters came from."""

    text: str
    runs: tuple[LocalRun, ...]

    def joined(self, other: Line, separator: str) -> Line:
        shift = len(self.text) + len(separator)
        runs = self.runs + tuple((c + shift, r, n) for c, r, n in other.runs)
        return Line(self.text + separator + other.text, _merge(runs))


def split_lines(raw: str, straight_quotes: bool = True) -> list[Line]:
    """The non-blank lines of ``raw``, each NFC-normalized with quotes and whitespace made
    consistent, in order."""
    lines = []
    for match in _LINE.finditer(raw):
        for start, end in _pieces(raw, match.start(), match.end()):
            line = normalize_segment(raw, start, end, straight_quotes)
            if line.text:
                lines.append(line)
    return lines


def _pieces(raw: str, start: int, end: int) -> list[tuple[int, int]]:
    """A line cut into pieces of at most MAX_LINE_CHARS, after a space where there is one.

    Only pathological inputs (a whole book on one line, minified data) have such lines; cutting
    them bounds the memory the character-by-character normalization needs.
    """
    pieces = []
    while end - start > MAX_LINE_CHARS:
        cut = raw.rfind(" ", start + 1, start + MAX_LINE_CHARS) + 1 or start + MAX_LINE_CHARS
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


def normalize_segment(raw: str, start: int, end: int, straight_quotes: bool = True) -> Line:
    """Normalize ``raw[start:end]`` (one line: no line breaks inside)."""
    segment = raw[start:end]
    if not _SPECIAL.search(segment) and unicodedata.is_normalized("NFC", segment):
        stripped = segment.strip(" ")
        if not stripped:
            return Line("", ())
        offset = start + segment.index(stripped)
        return Line(stripped, ((0, offset, len(stripped)),))
    tokens: list[Token] = [(ch, start + i) for i, ch in enumerate(segment)]
    # Each step can expose work for another (removing a zero-width space can bring a letter next
    # to a combining mark, NFC can turn U+2000 into U+2002): repeat until nothing changes.
    text = segment
    for _ in range(4):
        tokens = _collapse_spaces(_map_chars(_nfc(tokens), straight_quotes))
        new_text = "".join(ch for ch, _ in tokens)
        if new_text == text or _is_clean(new_text):
            text = new_text
            break
        text = new_text
    return Line(text, _runs(tokens))


def _is_clean(text: str) -> bool:
    """Nothing left to normalize (the fast-path test): a further pass would change nothing."""
    return not _SPECIAL.search(text) and text == text.strip(" ") and unicodedata.is_normalized(
        "NFC", text
    )


def _nfc(tokens: list[Token]) -> list[Token]:
    text = "".join(ch for ch, _ in tokens)
    if unicodedata.is_normalized("NFC", text):
        return tokens
    # Compose cluster by cluster (a starter and its combining marks), so that characters outside
    # the clusters NFC changes keep their raw offsets.
    out: list[Token] = []
    cluster: list[Token] = []

    def flush() -> None:
        part = "".join(ch for ch, _ in cluster)
        composed = unicodedata.normalize("NFC", part)
        out.extend(cluster if composed == part else [(ch, None) for ch in composed])
        cluster.clear()

    for token in tokens:
        ch = token[0]
        starts_cluster = unicodedata.combining(ch) == 0 and not 0x1161 <= ord(ch) <= 0x11C2
        if starts_cluster and cluster:
            flush()
        cluster.append(token)
    if cluster:
        flush()
    result = "".join(ch for ch, _ in out)
    if not unicodedata.is_normalized("NFC", result):
        # Rare compositions across clusters (Hangul syllables, some Indic vowel signs): the whole
        # line is recomposed and left unmapped rather than mapped wrongly.
        return [(ch, None) for ch in unicodedata.normalize("NFC", text)]
    return out


def _map_chars(tokens: list[Token], straight_quotes: bool) -> list[Token]:
    out: list[Token] = []
    for ch, raw in tokens:
        if ch in _REMOVED or (ch in _CONTROLS and not ch.isspace()):
            continue
        if straight_quotes and ch in _REPLACEMENTS:
            out.append((_REPLACEMENTS[ch], None))
        elif ch.isspace():
            out.append((" ", raw if ch == " " else None))
        else:
            out.append((ch, raw))
    return out


def _collapse_spaces(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    for token in tokens:
        if token[0] == " " and (not out or out[-1][0] == " "):
            continue
        out.append(token)
    while out and out[-1][0] == " ":
        out.pop()
    return out


def _runs(tokens: Sequence[Token]) -> tuple[LocalRun, ...]:
    runs: list[LocalRun] = []
    for pos, (_, raw) in enumerate(tokens):
        if raw is None:
            continue
        if runs:
            c, r, n = runs[-1]
            if c + n == pos and r + n == raw:
                runs[-1] = (c, r, n + 1)
                continue
        runs.append((pos, raw, 1))
    return tuple(runs)


def _merge(runs: Sequence[LocalRun]) -> tuple[LocalRun, ...]:
    merged: list[LocalRun] = []
    for c, r, n in runs:
        if merged:
            pc, pr, pn = merged[-1]
            if pc + pn == c and pr + pn == r:
                merged[-1] = (pc, pr, pn + n)
                continue
        merged.append((c, r, n))
    return tuple(merged)


def assemble(paragraphs: Sequence[Line]) -> tuple[str, tuple[OffsetRun, ...]]:
    """The cleaned text (paragraphs separated by a blank line) and its offset runs."""
    parts: list[str] = []
    runs: list[LocalRun] = []
    pos = 0
    for index, paragraph in enumerate(paragraphs):
        if index:
            parts.append(PARAGRAPH_SEPARATOR)
            pos += len(PARAGRAPH_SEPARATOR)
        parts.append(paragraph.text)
        runs.extend((c + pos, r, n) for c, r, n in paragraph.runs)
        pos += len(paragraph.text)
    return "".join(parts), tuple(OffsetRun(clean=c, raw=r, length=n) for c, r, n in _merge(runs))


def raw_span(runs: Sequence[OffsetRun], start: int, end: int) -> tuple[int, int]:
    """The raw span ``[raw_start, raw_end)`` a clean span ``[start, end)`` came from.

    Exact where the span's ends fall inside runs; an end that falls in a gap (a normalized
    character, a separator) is placed just after the run before it, or at the start of the first
    run when nothing precedes it.
    """
    return _raw_offset(runs, start, is_end=False), _raw_offset(runs, end, is_end=True)


def _raw_offset(runs: Sequence[OffsetRun], offset: int, is_end: bool) -> int:
    if not runs:
        return 0
    index = bisect_right(runs, offset, key=lambda run: run.clean) - 1
    if index < 0:
        return runs[0].raw
    run = runs[index]
    if offset < run.clean + run.length or (is_end and offset == run.clean + run.length):
        return run.raw + offset - run.clean
    # In a gap after `run`: normalized characters replace raw ones one for one in the common
    # case (quotes, spaces), so step forward by the distance into the gap, never past the next run.
    guess = run.raw + offset - run.clean
    if index + 1 < len(runs):
        guess = min(guess, runs[index + 1].raw)
    return guess
