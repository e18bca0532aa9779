"""Clean over every text of two third-party evalsets: nothing raises, nothing real is lost.

basil (300 articles from three outlets) and ecbplus.dev (772 news documents) were written by
nobody on the team, so they show what the line rules do to text they were not tuned on.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from storyline.clean import clean_report
from storyline.cleaning.boilerplate import is_body, line_key
from storyline.cleaning.text import split_lines
from storyline.config import CleanConfig
from storyline.model import Article, Report, content_id
from tests.conftest import EVALSETS

CFG = CleanConfig()
FILES = ("basil.jsonl", "ecbplus.dev.jsonl")


def reports() -> Iterator[Report]:
    for name in FILES:
        with (EVALSETS / name).open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, 1):
                record = json.loads(line)
                origin = f"{name}#L{number}"
                yield Report(
                    report_id=content_id("rep", origin, record["text"]),
                    origin=origin,
                    kind="jsonl",
                    text=record["text"],
                    source_id=record["id"],
                    outlet=record.get("source"),
                    title=record.get("title"),
                )


@pytest.fixture(scope="module")
def cleaned() -> list[tuple[Report, Article]]:
    pairs = []
    for report in reports():
        article = clean_report(report, CFG)
        assert isinstance(article, Article), (report.origin, article)
        pairs.append((report, article))
    return pairs


def test_every_record_becomes_an_article(cleaned: list[tuple[Report, Article]]) -> None:
    assert len(cleaned) == 300 + 772
    for report, article in cleaned:
        assert article.source_id == report.source_id
        for run in article.offsets:
            assert article.text[run.clean : run.clean + run.length] == (
                report.text[run.raw : run.raw + run.length]
            )


def test_no_sentence_is_dropped_wholesale(cleaned: list[tuple[Report, Article]]) -> None:
    for report, article in cleaned:
        kept = line_key(article.text)
        for line in split_lines(report.text):
            if is_body(line.text, CFG.body_min_words):
                assert line_key(line.text) in kept, (report.origin, line.text[:80])


def test_articles_keep_over_90_percent_of_their_distinct_text(
    cleaned: list[tuple[Report, Article]],
) -> None:
    """Characters (letters and digits) of the distinct lines: a line repeated verbatim in the
    source is kept once, which is not a loss."""
    ratios = []
    for report, article in cleaned:
        distinct = {line_key(line.text) for line in split_lines(report.text)}
        before = sum(len(key) for key in distinct)
        ratio = len(line_key(article.text)) / before
        assert ratio > 0.9, (report.origin, ratio)
        ratios.append(ratio)
    assert sum(ratios) / len(ratios) > 0.99


def test_dates_read_from_text_are_stamps_not_story_dates(
    cleaned: list[tuple[Report, Article]],
) -> None:
    """These reports carry no metadata date, so every date found comes from the text;
    each must be stated in the first lines of its article."""
    found = 0
    for _, article in cleaned:
        if article.published is None:
            assert article.date_origin == "none"
            continue
        found += 1
        assert article.date_origin in ("dateline", "text")
        head = "\n\n".join(article.text.split("\n\n")[: CFG.lead_lines + 1])
        assert str(article.published.year) in head
    assert found > 0
