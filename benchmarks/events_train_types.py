"""Fit the learned PLOVER type decision (src/storyline/events/learned.py) on the written example
sentences and the tune half of the dev set.

    python -m benchmarks.events_train_types [--cache DIR] [--out PATH]

Each record of ``plover-gsr.dev.jsonl`` gives one example: the clause the lexicon codes first
(its shallowest coded clause), else the sentence's main clause, read as its text's vector, its
predicate's token vector in the sentence and the sentence's vector (``learned.features``), with
the record's gold type; each written example likewise (analysed as the records are). The
coder applies the model only to the clauses the lexicon leaves, so it reads no lexicon vote
(fitted with the lexicon's vote, an earlier model learned to copy it and overfitted the
records the lexicon was written from). Its training
records are the example sentences written for this project (``events/examples.py``, about 560,
each labelled with its type) and the records of the "tune" half (events_quality.half): the
regularisation C is the one of C_GRID with the best 5-fold cross-validated accuracy over the
tune half, the written examples in every training fold; the model is then fitted on the
examples and the whole tune half and written to the package (``events/data/plover_types.npz``).
The "test" half is never looked at here, and benchmarks/events_quality.py reports it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from benchmarks.common import EVALSETS, read_jsonl, require_data
from storyline.config import EventConfig
from storyline.embed import shared_embedder, span_vectors
from storyline.events.candidates import main_clause
from storyline.events.coder import Coder
from storyline.events.examples import EXAMPLES
from storyline.events.geo import shared_gazetteer
from storyline.events.learned import WEIGHTS, TypeModel, clause_text, features, fit
from storyline.model import Analysis, Article, Entity

# The regularisations tried (inverse, scikit-learn's C) by cross-validation on the tune half.
C_GRID = (0.03, 0.1, 0.3, 1.0, 4.0, 16.0)
CV_FOLDS = 5


@dataclass(frozen=True)
class Examples:
    ids: list[str]
    texts: list[str]  # the clause texts the model reads
    votes: list[str | None]  # the lexicon's vote
    gold: list[str]
    x: npt.NDArray[np.float64]  # the features of each record's clause
    written: npt.NDArray[np.float64]  # the features of the written examples
    written_types: list[str]


def _chosen(
    articles: Sequence[Article], analyses: Sequence[Analysis], entities: dict[str, Entity]
) -> tuple[list[str], list[str | None], list[tuple[str, int, int]]]:
    """For each single-sentence article: the text of the clause the lexicon codes first, else
    of its main clause (:func:`clause_text`), the lexicon's vote, and the predicate's span."""
    lexicon = Coder(EventConfig(), shared_gazetteer(), None)  # the lexicon alone
    texts: list[str] = []
    votes: list[str | None] = []
    spans: list[tuple[str, int, int]] = []
    for article, analysis in zip(articles, analyses, strict=True):
        coded = lexicon.code(article, analysis, entities)
        first = coded[0] if coded else None
        clause = None
        if first is not None:
            clause = next((c for c in analysis.clauses if c.start == first.trigger_start), None)
        if clause is None:
            clause = main_clause(list(analysis.clauses))
        texts.append(
            clause_text(article.text, clause, analysis.mentions)
            if clause is not None else article.text
        )
        votes.append(first.plover if first is not None and clause is not None else None)
        spans.append((article.text, clause.start, clause.end) if clause is not None
                     else (article.text, 0, len(article.text)))
    return texts, votes, spans


def _features(
    texts: Sequence[str], spans: Sequence[tuple[str, int, int]]
) -> npt.NDArray[np.float64]:
    embed = shared_embedder()
    predicates = span_vectors(spans)
    assert predicates is not None, "the sentence encoder gives no token vectors"
    return features(embed(list(texts)), predicates, embed([text for text, _, _ in spans]))


def examples(
    records: list[dict[str, object]],
    articles: list[Article],
    analyses: list[Analysis],
    entities: dict[str, Entity],
    cache: Path | None = None,
) -> Examples:
    """The features of each record's clause and of each written example's (the written
    examples are analysed like the records, their analyses cached in ``cache``)."""
    from benchmarks.events_quality import _article, analyse

    texts, votes, spans = _chosen(articles, analyses, entities)
    written = [(kind, sentence) for kind, sentences in EXAMPLES.items() for sentence in sentences]
    written_articles = [_article(f"w_{i}", sentence, None)
                        for i, (_, sentence) in enumerate(written)]
    written_analyses, written_entities, _ = analyse(written_articles, cache, "written")
    written_texts, _, written_spans = _chosen(written_articles, written_analyses,
                                              written_entities)
    return Examples(
        ids=[str(r["id"]) for r in records],
        texts=texts,
        votes=votes,
        gold=[str(r["event_polecat"]) for r in records],
        x=_features(texts, spans),
        written=_features(written_texts, written_spans),
        written_types=[kind for kind, _ in written],
    )


def _fit(found: Examples, rows: Sequence[int], c: float) -> TypeModel:
    """The model fitted on the written examples and the records ``rows``."""
    x = np.vstack([found.written, found.x[list(rows)]])
    return fit(x, [*found.written_types, *(found.gold[i] for i in rows)], c)


def choose_c(found: Examples, idx: Sequence[int]) -> tuple[float, list[tuple[float, float]]]:
    """The C of C_GRID whose model (fitted on the written examples and the other folds) is right
    most often on held-out records of ``idx`` (CV_FOLDS folds, shuffled, seed 0); the smaller C
    among equals."""
    from sklearn.model_selection import KFold

    rows = np.asarray(idx)
    grid = []
    for c in C_GRID:
        right = 0
        for train, test in KFold(CV_FOLDS, shuffle=True, random_state=0).split(rows):
            model = _fit(found, list(rows[train]), c)
            decided = model.decide(found.x[rows[test]])
            right += sum(t == found.gold[i] for (t, _), i in zip(decided, rows[test], strict=True))
        grid.append((round(right / len(rows), 3), c))
    best = max(grid, key=lambda g: (g[0], -g[1]))
    return best[1], grid


def fit_on(found: Examples, idx: Sequence[int]) -> tuple[TypeModel, float]:
    """The shipped procedure on the records ``idx``: C chosen by cross-validation on them, then
    the model fitted on the written examples and all of them."""
    c, _ = choose_c(found, idx)
    return _fit(found, idx, c), c


def main(argv: list[str] | None = None) -> int:
    from benchmarks.events_quality import _article, analyse, half

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=WEIGHTS)
    args = parser.parse_args(argv)
    require_data("evalsets/plover-gsr.dev.jsonl")
    records = list(read_jsonl(EVALSETS / "plover-gsr.dev.jsonl"))
    articles = [_article(f"gsr_{i}", r["text"], r.get("date")) for i, r in enumerate(records)]
    analyses, entities, _ = analyse(articles, args.cache, "plover")
    found = examples(records, articles, analyses, entities, args.cache)
    tune = [i for i, r in enumerate(records) if half(str(r["id"])) == "tune"]
    c, grid = choose_c(found, tune)
    model = _fit(found, tune, c)
    model.save(args.out)
    print(f"tune half, {CV_FOLDS}-fold accuracy by C: {grid}; chosen C {c}")
    print(f"fitted on the {len(found.written)} written examples and the {len(tune)} tune records,"
          f" {len(model.classes)} types: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
