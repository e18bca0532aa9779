"""Fit the learned PLOVER type decision (src/storyline/events/learned.py) on the dev set.

    python -m benchmarks.events_train_types [--cache DIR] [--out PATH]

Each record of ``plover-gsr.dev.jsonl`` gives one example: the clause the lexicon codes first
(its shallowest coded clause), else the sentence's main clause, with the lexicon's vote (none
for the latter), the sentence's prototype scores and the record's gold type. The coder applies
the model to the clauses the lexicon leaves (vote none); the votes teach it the clauses whose
words the lexicon knows, which are most of the records. The model is fitted on all of them
and written to the package (``events/data/plover_types.npz``); benchmarks/events_quality.py
scores the same procedure by k-fold cross-validation, so every figure quoted comes from records
the model that scored them never saw.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from benchmarks.common import EVALSETS, read_jsonl, require_data
from storyline.config import EventConfig
from storyline.embed import shared_embedder
from storyline.events.coder import MAX_SENTENCE_CHARS, Coder, Prototypes, main_clause
from storyline.events.geo import shared_gazetteer
from storyline.events.learned import WEIGHTS, clause_text, features, fit
from storyline.model import Analysis, Article, Entity

# The regression's inverse regularisation: set by 10-fold cross-validation over the dev
# records (benchmarks/events_quality.py; 1 and 4 within 0.02 of each other).
C = 4.0


@dataclass(frozen=True)
class Examples:
    ids: list[str]
    texts: list[str]  # the clause texts the model reads
    votes: list[str | None]  # the lexicon's vote
    gold: list[str]
    x: npt.NDArray[np.float64]
    unvoted: npt.NDArray[np.float64]  # the same without the lexicon's vote


def examples(
    records: list[dict[str, object]],
    articles: list[Article],
    analyses: list[Analysis],
    entities: dict[str, Entity],
) -> Examples:
    lexicon = Coder(EventConfig(), shared_gazetteer(), None)  # the lexicon alone
    texts: list[str] = []
    votes: list[str | None] = []
    for article, analysis in zip(articles, analyses, strict=True):
        coded = lexicon.code(article, analysis, entities)
        first = coded[0] if coded else None
        clause = None
        if first is not None:
            clause = next((c for c in analysis.clauses if c.start == first.trigger_start), None)
        if clause is None:
            clause = main_clause(list(analysis.clauses))
        texts.append(clause_text(article.text, clause) if clause is not None else article.text)
        votes.append(first.plover if first is not None and clause is not None else None)
    embed = shared_embedder()
    vectors = embed(texts)
    scores = Prototypes(embed).scores(embed([a.text[:MAX_SENTENCE_CHARS] for a in articles]))
    return Examples(
        ids=[str(r["id"]) for r in records],
        texts=texts,
        votes=votes,
        gold=[str(r["event_polecat"]) for r in records],
        x=features(vectors, votes, scores),
        unvoted=features(vectors, [None] * len(votes), scores),
    )


def main(argv: list[str] | None = None) -> int:
    from benchmarks.events_quality import _article, analyse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=WEIGHTS)
    args = parser.parse_args(argv)
    require_data("evalsets/plover-gsr.dev.jsonl")
    records = list(read_jsonl(EVALSETS / "plover-gsr.dev.jsonl"))
    articles = [_article(f"gsr_{i}", r["text"], r.get("date")) for i, r in enumerate(records)]
    analyses, entities, _ = analyse(articles, args.cache, "plover")
    found = examples(records, articles, analyses, entities)
    model = fit(found.x, found.gold, C)
    model.save(args.out)
    print(f"fitted on {len(found.gold)} records, {len(model.classes)} types: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
