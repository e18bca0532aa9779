"""A parsed doc's text, read once.

spaCy's ``Doc.text`` is no stored string: every read joins the text of every token again (about
2 ms for a news article), and the analysis reads it in several places, once per time expression
in one of them. The first read is kept in the doc's ``user_data``.
"""

from __future__ import annotations

from typing import Any

_KEY = "storyline.text"


def text_of(doc: Any) -> str:
    """``doc.text``, joined on the first call for this doc and kept with it."""
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.user_data[_KEY] = doc.text
    return str(text)
