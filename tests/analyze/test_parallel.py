"""Analysis in worker processes gives the records one process gives, in the same order."""

from __future__ import annotations

from dataclasses import replace

from storyline.analyze import MIN_BATCHES_PER_PROCESS, Analyzer
from storyline.config import AnalyzeConfig
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
    shared = Analyzer(two)(articles)
    assert [a.article_id for a in shared] == [a.article_id for a in articles]
    assert shared == alone


def test_few_articles_stay_in_one_process(analyzer: Analyzer) -> None:
    # Fewer than MIN_BATCHES_PER_PROCESS batches a worker: no worker is started, and the
    # result is the one-process result (the session analyzer has the default n_process).
    articles = seed_articles()[:2]
    assert analyzer.cfg.n_process == 2
    assert analyzer(articles) == Analyzer(replace(analyzer.cfg, n_process=1))(articles)
