"""A story read with many copies of its statements and quotes (a wire story's reprints) is scored
with each copy folded into the first: on a small story, folding changes nothing it finds."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

import storyline.claims.build as build
import storyline.claims.quotes as quotes_module
from storyline.analyze import Analyzer
from storyline.claims import Embed
from storyline.claims.build import fold_copies
from storyline.claims.quotes import fold_quote_copies
from storyline.claims.units import statements
from tests.claims.helpers import CFG, LEDGER, TRIBUNE, article, quote, run_story

REPRINTS = [
    dataclasses.replace(LEDGER, article_id=f"r{n}", report_id=f"r{n}", outlet=f"Outlet {n}")
    for n in range(1, 4)
]
SAID = "Two dock workers were taken to hospital with minor injuries"


def _quotes() -> dict[str, list]:  # type: ignore[type-arg]
    found = {
        a.article_id: [quote(a, SAID, "indirect", "harbour authority", "ent_authority")]
        for a in (LEDGER, *REPRINTS)
    }
    # the same words with no speaker resolved: each copy stays a remark of its own
    found["r3"].append(
        dataclasses.replace(
            quote(REPRINTS[2], "divert cargo", "indirect", "", ""),
            speaker_name=None,
            speaker_entity_id=None,
        )
    )
    return found


def test_copies_fold_into_the_first_of_them(analyzer: Analyzer, embed: Embed) -> None:
    articles = [LEDGER, *REPRINTS, TRIBUNE]
    analyses = {a.article_id: a for a in analyzer(articles)}
    units = statements(articles, analyses, {a.article_id: a.article_id for a in articles},
                       set(), CFG)
    vectors = embed([u.text for u in units])
    kept, kept_vectors, copies = fold_copies(units, vectors)
    assert len(kept) == len({u.text for u in units})
    assert sum(len(copies[id(u)]) for u in kept) == len(units)
    assert np.array_equal(kept_vectors, vectors[[units.index(u) for u in kept]])
    ledger = [u for u in kept if u.article.article_id == "a1"]
    assert all([c.article.article_id for c in copies[id(u)]] == ["a1", "r1", "r2", "r3"]
               for u in ledger)


def test_folding_finds_what_scoring_every_copy_finds(
    analyzer: Analyzer, embed: Embed, monkeypatch: pytest.MonkeyPatch
) -> None:
    articles = [LEDGER, *REPRINTS, TRIBUNE]
    every = run_story(analyzer, embed, articles, quotes=_quotes())
    monkeypatch.setattr(build, "FOLD_COPIES_FROM", 0)
    monkeypatch.setattr(quotes_module, "FOLD_QUOTES_FROM", 0)
    folded = run_story(analyzer, embed, articles, quotes=_quotes())
    assert folded.claims == every.claims
    assert folded.quotes == every.quotes
    assert folded.conflicts == every.conflicts
    assert folded.summary == every.summary
    assert folded.coverage == every.coverage
    assert len(every.quotes) == 2  # the authority's remark in four articles, and the unnamed one


def test_quote_copies_fold_once_per_article() -> None:
    first = article("x1", "A", "“We will rebuild,” the mayor said. “We will rebuild,” she said.")
    other = article("x2", "B", "“We will rebuild,” the mayor said.")
    a, b = (quote(first, "We will rebuild", "direct", "Mayor", "ent_m"),
            quote(other, "We will rebuild", "direct", "Mayor", "ent_m"))
    again = dataclasses.replace(a, quote_id="q_x1_again", content_start=36)
    kept, copies = fold_quote_copies([(first, a), (first, again), (other, b)])
    assert copies == [[0, 2], [1]]
    assert [q.quote_id for _, q in kept] == [a.quote_id, "q_x1_again"]
