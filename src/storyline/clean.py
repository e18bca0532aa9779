"""Report -> Article | Rejection: boilerplate, broken paragraphs, datelines, normalization.

The cleaned text is built from the report's lines (``cleaning.text``), kept or dropped and joined
by the line rules (``cleaning.boilerplate``), and laid out one paragraph per line with a blank line
between paragraphs. ``Article.offsets`` maps it back to ``Report.text``: each run is copied
unchanged (``article.text[clean:clean+length] == report.text[raw:raw+length]`` exactly); the
characters normalization produced (straight quotes, single spaces, NFC compositions, separators)
lie between runs. ``cleaning.text.raw_span`` maps any clean span to its raw span.

When the metadata has no date, the date and place stated at the top of the text
(``cleaning.dates``) are used; nothing else ever sets ``published``. When neither the record nor
the URL names an outlet, the one a dateline credits ("ISLAMABAD, (UrduPoint / Pakistan Point News
- 2nd Sep, 2025)") is the article's outlet.
"""

from __future__ import annotations

import py3langid

from storyline.cleaning.boilerplate import (
    ZoneLimits,
    clean_lines,
    first_pass_verdicts,
    line_key,
    strong_reason,
    words,
)
from storyline.cleaning.dates import read_text_date
from storyline.cleaning.text import assemble, normalize_segment, split_lines
from storyline.config import CleanConfig
from storyline.model import Article, DateOrigin, Rejection, Report, content_id

# Kinds whose metadata date came from the page itself (htmldate), not from a feed or record.
_HTML_KINDS = frozenset({"html", "warc", "url"})
# Language detection reads the start of the text: enough for a stable answer, cheap on long texts.
_LANGUAGE_SAMPLE_CHARS = 1000
# A title longer than this is a paragraph, not a headline (used when repairing a title).
_TITLE_MAX_WORDS = 30


def clean_report(report: Report, cfg: CleanConfig) -> Article | Rejection:
    """Clean one report into an article, or reject it when no text is left."""
    limits = ZoneLimits(
        head_label_max_words=cfg.head_label_max_words,
        tail_label_max_words=cfg.tail_label_max_words,
        body_min_words=cfg.body_min_words,
    )
    lines = split_lines(report.text, straight_quotes=cfg.straight_quotes)
    title = _normalized(report.title, cfg)
    title_key = line_key(title) if title else ""
    paragraphs = clean_lines(lines, title_key, limits)
    text, offsets = assemble(paragraphs)
    if len(text) < max(1, cfg.min_text_chars):
        return Rejection(
            rejection_id=content_id("rej", report.origin, "clean", "empty-text"),
            record_id=report.origin,
            stage="clean",
            reason="empty-text",
            detail=f"{len(text)} characters left after cleaning {len(report.text)}",
        )

    verdicts = first_pass_verdicts(lines, title_key, limits)
    stated = read_text_date(verdicts, cfg.lead_lines, cfg.body_min_words)
    published = report.published
    date_origin: DateOrigin = "none"
    if published is not None:
        date_origin = "html" if report.kind in _HTML_KINDS else "metadata"
    elif stated.published is not None:
        published = stated.published
        date_origin = "dateline" if stated.origin == "dateline" else "text"

    return Article(
        article_id=content_id("art", report.outlet or report.url or "", text),
        report_id=report.report_id,
        origin=report.origin,
        kind=report.kind,
        text=text,
        source_id=report.source_id,
        url=report.url,
        # The record's or URL's outlet, else the one the dateline credits (the ID above keeps
        # using the report's own, so articles stored before keep their IDs).
        outlet=report.outlet or stated.credit,
        title=_repaired_title(report.title, title, paragraphs[0].text),
        author=report.author,
        published=published,
        date_origin=date_origin,
        place=stated.place,
        language=report.language or _language(text, cfg),
        offsets=offsets,
        metadata=report.metadata,
    )


def _normalized(value: str | None, cfg: CleanConfig) -> str | None:
    """A title normalized like a line of the text, so that it can be compared with the lines."""
    if value is None:
        return None
    one_line = " ".join(value.split())
    return normalize_segment(one_line, 0, len(one_line), cfg.straight_quotes).text


def _repaired_title(original: str | None, normalized: str | None, first: str) -> str | None:
    """The report's title, unless it is itself boilerplate: a plain-text report's title is its
    first line, which can be a navigation label ("Top Stories"); then the first kept line is."""
    if normalized and strong_reason(normalized) is not None:
        return first if len(words(first)) <= _TITLE_MAX_WORDS else original
    return original


def _language(text: str, cfg: CleanConfig) -> str | None:
    if not cfg.detect_language or len(text) < cfg.min_language_chars:
        return None
    sample = text[:_LANGUAGE_SAMPLE_CHARS]
    if not any(c.isalpha() for c in sample):  # no letters to judge by
        return None
    # py3langid (langid.py's model, bundled in the wheel): deterministic, and 5-8x faster than
    # langdetect on news leads, which made up most of the clean stage's time.
    language: str = py3langid.classify(sample)[0]
    return language
