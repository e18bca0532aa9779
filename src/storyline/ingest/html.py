"""HTML pages -> Report: main text, title, author, date and canonical URL via trafilatura.

trafilatura finds the main text and the metadata; the publication date comes from htmldate (which
trafilatura calls) with ``extensive_search`` off, so a date is read from the page's markup and URL
and never guessed from stray numbers in the text.
"""

from __future__ import annotations

import re
from typing import Any

import lxml.html  # type: ignore[import-untyped]
import trafilatura
from lxml import etree
from trafilatura.settings import Document

from storyline.ingest.common import (
    clean_str,
    declared_charset,
    decode,
    make_report,
    parse_date,
    reject,
)
from storyline.model import Rejection, Report, SourceKind

# htmldate settings: the original publication date (not the last update), from markup only.
_DATE_PARAMS: dict[str, Any] = {"extensive_search": False, "original_date": True}

_WHITESPACE = re.compile(r"\s+")
_HTML_LANG = re.compile(
    r"""<html\b[^>]*?\blang\s*=\s*["']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)""", re.I
)
# Block elements that end a line when HTML snippets (feed content) are turned into text.
_BLOCK_TAGS = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre"}
    | {"tr", "table", "section", "article", "header", "footer", "figure", "figcaption", "dd", "dt"}
)


def decode_html(data: bytes, header_charset: str | None = None) -> str:
    """HTML bytes -> str: BOM, UTF-8, then the charset from the HTTP header or <meta>."""
    return decode(data, declared_charset(data, header_charset))


def looks_like_html(head: str) -> bool:
    lowered = head[:2048].lstrip().lower()
    return lowered.startswith(("<!doctype html", "<html")) or (
        "<html" in lowered or "<body" in lowered or "<head" in lowered
    )


def html_report(
    html: str,
    *,
    origin: str,
    kind: SourceKind,
    max_text_bytes: int,
    url: str | None = None,
    url_is_authoritative: bool = False,
    metadata: dict[str, Any] | None = None,
) -> Report | Rejection:
    """Extract one page. ``url`` is where the page came from (fetch or WARC record), if known.

    The page's canonical URL wins over a fetched ``url`` for the report's URL, outlet and source
    ID, since it names the article rather than the address it was read from. A WARC record's URL
    is authoritative (``url_is_authoritative``): it is what the archive says was captured.
    """
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            date_extraction_params=_DATE_PARAMS,
        )
    except (ValueError, etree.LxmlError) as exc:
        return reject(origin, "bad-record", f"HTML could not be parsed: {exc}")
    if not isinstance(doc, Document) or not doc.text or not doc.text.strip():
        return reject(origin, "empty-text", "no main text found in the HTML page")
    text = paragraphs(doc.text)
    canonical = clean_str(doc.url)
    page_url = url if (url and url_is_authoritative) else (canonical or url)
    extra = dict(metadata or {})
    if doc.sitename:
        extra.setdefault("sitename", doc.sitename)
    if canonical and canonical != page_url:
        extra.setdefault("canonical_url", canonical)
    if url and url != page_url:
        extra.setdefault("fetched_url", url)
    return make_report(
        origin=origin,
        kind=kind,
        text=text,
        max_text_bytes=max_text_bytes,
        source_id=page_url,
        url=page_url,
        title=clean_str(doc.title),
        author=clean_str(doc.author),
        published=parse_date(doc.date),
        language=clean_str(doc.language) or page_language(html),
        metadata=extra,
    )


def page_language(html: str) -> str | None:
    """The language the page declares on its <html> element ("en", "pt-BR"), if any."""
    match = _HTML_LANG.search(html[:4096])
    return match.group(1) if match else None


def paragraphs(extracted: str) -> str:
    """trafilatura puts one block per line; separate blocks by a blank line, as text files do."""
    blocks = [line.strip() for line in extracted.split("\n")]
    return "\n\n".join(block for block in blocks if block)


def fragment_text(fragment: str) -> str:
    """An HTML snippet (a feed entry's content) as plain text, one block per paragraph."""
    if "<" not in fragment:
        return fragment.strip()
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return fragment.strip()
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    # Source line breaks are just spaces in HTML; only block elements end a paragraph.
    for element in root.iter():
        element.text = _spaces(element.text)
        element.tail = _spaces(element.tail)
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
            if element.tag.lower() != "br":
                element.text = "\n" + (element.text or "")
    text: str = root.text_content()
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n\n".join(line for line in lines if line)


def _spaces(text: str | None) -> str | None:
    return None if text is None else _WHITESPACE.sub(" ", text)
