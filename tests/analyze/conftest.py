"""Analyze fixtures: the spaCy pipeline loads once per test session."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from spacy.tokens import Doc

from storyline.analyze import Analyzer, load_spacy, make_analyzer
from storyline.config import AnalyzeConfig
from storyline.model import Analysis, Article, Quote
from tests.conftest import SEEDS


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    return make_analyzer(AnalyzeConfig())


def article(text: str, article_id: str = "art_test", published: datetime | None = None) -> Article:
    return Article(
        article_id=article_id,
        report_id=article_id,
        origin="test",
        kind="text",
        text=text,
        source_id=f"src-{article_id}",
        published=published,
    )


def quote_saying(analyzer: Analyzer, text: str, words: str) -> Quote:
    """The first quote of ``text`` whose content holds ``words`` (fails listing them when none
    does)."""
    (analysis,) = analyzer([article(text)])
    found = [q for q in analysis.quotes if words in q.content]
    assert found, [q.content for q in analysis.quotes]
    return found[0]


def seed_articles() -> list[Article]:
    """The five seeds as articles (published 2 September 2025, the day they report)."""
    return [
        article(path.read_text(encoding="utf-8"), path.stem, datetime(2025, 9, 2))
        for path in sorted(SEEDS.glob("*.txt"))
    ]


@pytest.fixture(scope="session")
def seed_analyses(analyzer: Analyzer) -> list[Analysis]:
    return analyzer(seed_articles())


def parsed_as(rows: list[tuple[str, str, str, str, int]]) -> Any:
    """A spaCy Doc with the parse given row by row, (word, lemma, pos, dep, head): a parse the
    small English model gave a real report, rebuilt over a sentence of our own."""
    nlp = load_spacy("en_core_web_sm")
    return Doc(
        nlp.vocab,
        words=[r[0] for r in rows],
        lemmas=[r[1] for r in rows],
        pos=[r[2] for r in rows],
        deps=[r[3] for r in rows],
        heads=[r[4] for r in rows],
    )
