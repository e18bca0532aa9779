"""Quotation marks in running text: where each quoted passage opens and closes.

Pure text, no parse: the analyze stage builds quotes and their speakers on these spans, and the
reuse stage leaves quoted words out when it decides whether two reports share a reporter's prose
(quoting the same statement is not copying).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_OPEN_CLOSE = {"“": "”", "‘": "’", '"': '"', "'": "'", "«": "»"}

# A quoted passage this long, or ending in sentence punctuation, is speech; shorter ones are
# scare quotes or titles that only make the indirect speech around them "mixed".
MIN_DIRECT_WORDS = 4

@dataclass(slots=True)
class QuoteSpan:
    open: int  # offset of the opening mark
    close: int  # offset just past the closing mark
    start: int  # content start (inside the marks)
    end: int  # content end
    direct: bool


_DOUBLE_APOSTROPHE_OPEN = re.compile(r"''(?=[^\s'])")
_DOUBLE_APOSTROPHE_CLOSE = re.compile(r"(?<=\S)''")


def _normalize_marks(text: str) -> str:
    """Two apostrophes used as a quote mark (''...'', the New York Times style) become one
    straight double mark plus a space, keeping every offset."""
    if "''" not in text:
        return text
    text = _DOUBLE_APOSTROPHE_OPEN.sub(' "', text)
    return _DOUBLE_APOSTROPHE_CLOSE.sub('" ', text)


def scan_quote_marks(text: str) -> list[QuoteSpan]:
    """Quoted passages by their marks. A passage left open runs to the end of its paragraph."""
    text = _normalize_marks(text)
    spans: list[QuoteSpan] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch not in _OPEN_CLOSE or not _opens(text, i):
            i += 1
            continue
        closer = _OPEN_CLOSE[ch]
        j = i + 1
        end = -1
        while j < n:
            c = text[j]
            if c == "\n":
                break  # a quote open at the end of its paragraph runs to the paragraph's end
            if (c == closer or (ch == '"' and c == "”") or (ch == "“" and c == '"')) and _closes(
                text, j, ch
            ):
                end = j
                break
            if ch in "'‘" and j - i > 400:
                break
            j += 1
        if end < 0:
            if ch in "'‘":
                i += 1
                continue
            para_end = text.find("\n\n", i)
            end = n if para_end < 0 else para_end
            close = end
        else:
            close = end + 1
        start = i + 1
        content = text[start:end]
        stripped_end = end
        while stripped_end > start and text[stripped_end - 1] in " \n":
            stripped_end -= 1
        words = len(content.split())
        # A short quote is speech when it ends in punctuation and opens a sentence
        # ("“Safety,” said Grimm."); inside a sentence it is a scare quote or a phrase.
        opens_sentence = text[:i].rstrip()[-1:] in ("", "\n", ".", "!", "?", ":", '"', "”")
        sentence_like = opens_sentence and content.rstrip()[-1:] in ",.!?…"
        direct = (
            words >= MIN_DIRECT_WORDS
            or (words >= 2 and content.rstrip()[-1:] in ".!?…")
            or sentence_like
        ) and not (_is_title(content) and not sentence_like)
        if words:
            spans.append(
                QuoteSpan(open=i, close=close, start=start, end=stripped_end, direct=direct)
            )
        i = close
    return spans


def _is_title(content: str) -> bool:
    """ "Fox & Friends," or "State of the Union": a show or slogan, every word capitalized."""
    words = [w for w in content.strip(" ,.").split() if w[:1].isalpha()]
    small = {"of", "the", "and", "a", "an", "in", "on", "for", "to", "at", "with"}
    return (
        0 < len(words) <= 6
        and all(w[:1].isupper() or w in small for w in words)
        and not content.rstrip().endswith(("!", "?"))
    )


def _opens(text: str, i: int) -> bool:
    ch = text[i]
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if ch in "“«":
        return True
    if ch in "'‘’":
        if text[i + 1 : i + 3].isdigit() and not text[i + 3 : i + 4].isdigit():
            return False  # a year cut short: "in ‘08", "the '90s"
        # An apostrophe inside a word ("Pakistan's") never opens a quote.
        return (before.isspace() or before in "([—–-:") and (after.isalnum() or after in '“"')
    return not after.isspace() or before.isspace() or i == 0  # straight double mark


def _closes(text: str, j: int, opener: str) -> bool:
    if opener in "'‘":
        after = text[j + 1] if j + 1 < len(text) else " "
        before = text[j - 1]
        return (after.isspace() or after in ',.;:!?)—–-"”') and not before.isspace()
    return True


def balanced(sentence: str) -> str:
    """A sentence cut out of a longer quotation, with the mark it lacks: "You are the man,”
    Holder said." reads "“You are the man,” Holder said.", and "He added, “I will always
    work for it." (the quotation running on into the next sentence) gets its closing mark.
    Curly double marks, and straight ones where the first mark closes a quotation; a sentence
    mixing the two kinds ("“will not cave" on the wall") is left as it is."""
    opened, closed = sentence.count("“"), sentence.count("”")
    if (opened or closed) and '"' in sentence:
        return sentence
    if closed > opened:
        sentence = "“" + sentence
    elif opened > closed:
        sentence = sentence + "”"
    elif not opened and sentence.count('"') % 2:
        first = sentence.index('"')
        closes = first > 0 and not sentence[first - 1].isspace()
        sentence = '"' + sentence if closes else sentence + '"'
    return sentence
