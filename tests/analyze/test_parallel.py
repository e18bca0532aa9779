"""Analysis in worker processes gives the records one process gives, in the same order; and the
batches spaCy parses are bounded in text as well as in count, without changing the analysis."""

from __future__ import annotations

from dataclasses import replace

import pytest

from storyline.analyze import MIN_BATCHES_PER_PROCESS, Analyzer, parse_batches
from storyline.config import AnalyzeConfig
from storyline.errors import ConfigError
from tests.analyze.conftest import article, seed_articles

# Fiction written for this test: short reports, so the batches are many and small.
EXTRA = [
    "The harbour board of Velm said on Monday it would close the north pier for repairs.",
    "Officials in Orlan confirmed that 40 families were moved after the river rose overnight.",
    "\"We will reopen the bridge by Friday,\" the mayor of Tessaly, Ana Marec, told reporters.",
]


def test_workers_give_the_same_analyses_in_order() -> None:
    articles = seed_articles() + [article(t, f"extra_{i}") for i, t in enumerate(EXTRA)]
    one = AnalyzeConfig(batch_size=1, n_process=1)
    two = replace(one, n_process=2)
    assert len(articles) >= 2 * MIN_BATCHES_PER_PROCESS  # so two workers do run
    alone = Analyzer(one)(articles)
    parent = Analyzer(two)
    shared = parent(articles)
    assert [a.article_id for a in shared] == [a.article_id for a in articles]
    assert shared == alone
    # The workers parsed every batch: this process never loaded the pipeline.
    assert not parent.loaded
    assert {a.model for a in shared} == {parent.model_name}


def test_few_articles_stay_in_one_process(analyzer: Analyzer) -> None:
    # Fewer than MIN_BATCHES_PER_PROCESS batches a worker: no worker is started, and the
    # result is the one-process result (the session analyzer has the default n_process).
    articles = seed_articles()[:2]
    assert analyzer.cfg.n_process == 2
    assert analyzer(articles) == Analyzer(replace(analyzer.cfg, n_process=1))(articles)


def test_batches_are_bounded_in_characters_as_well_as_in_articles() -> None:
    articles = [article("x" * n, f"sized_{i}") for i, n in enumerate((30, 50, 10, 90, 5, 5, 5))]
    cfg = AnalyzeConfig(batch_size=3, batch_chars=100)
    batches = parse_batches(articles, cfg)
    assert [[len(a.text) for a in b] for b in batches] == [[30, 50, 10], [90, 5, 5], [5]]
    # A text longer than the budget is a batch of its own; none is dropped or reordered.
    tight = parse_batches(articles, AnalyzeConfig(batch_size=32, batch_chars=60))
    assert [[len(a.text) for a in b] for b in tight] == [[30], [50, 10], [90], [5, 5, 5]]
    assert [a for b in tight for a in b] == articles


def test_the_analysis_does_not_depend_on_how_texts_are_batched() -> None:
    articles = seed_articles() + [article(t, f"extra_{i}") for i, t in enumerate(EXTRA)]
    whole = Analyzer(AnalyzeConfig(batch_size=64, batch_chars=10**9, n_process=1))(articles)
    # Every article a batch of its own: the budget is smaller than any text.
    each = Analyzer(AnalyzeConfig(batch_size=64, batch_chars=1, n_process=1))(articles)
    assert each == whole


def test_a_pipeline_that_is_not_installed_is_told_before_any_worker_starts() -> None:
    # The pipeline loads lazily, but one that cannot be found is looked for at once: a worker
    # process failing to start would only be started again.
    with pytest.raises(ConfigError, match="'xx_no_such_pipeline' is not installed"):
        Analyzer(AnalyzeConfig(model="xx_no_such_pipeline", n_process=2))
