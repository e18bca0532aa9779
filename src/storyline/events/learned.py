"""The learned PLOVER type decision: a multinomial logistic regression over the MiniLM vector of
an event clause, for the clauses the lexicon does not code (the lexicon keeps the clear cases).

Its weights (``data/plover_types.npz``, a few dozen kilobytes) are fitted by
``benchmarks/events_train_types.py`` on the example sentences written for this project
(``events/examples.py``, about thirty-five per type) together with the "tune" half of
``plover-gsr.dev.jsonl``, its regularisation chosen by cross-validation on that half (the
written examples in every training fold); ``benchmarks/events_quality.py`` reports it on the
untouched "test" half, and the same procedure by k-fold cross-validation over all records.
Applying it needs numpy only: scikit-learn fits it, it is not needed to read it.

Until events rules revision 5 the features also held the lexicon's vote (always none where the
model is applied) and the sentence's prototype scores; fitted on the written examples, whose
prototype scores are their own, those would leak, and the vector alone did as well in the
tune-half cross-validation (0.552 either way, against 0.448 for the 87 records alone).

The features of a clause (:func:`clause_text`, :func:`features`) are built here and nowhere else,
so what the model was fitted on and what it is applied to cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from storyline.events.ontology import PLOVER_TYPES, PloverType
from storyline.model import Clause, Mention

WEIGHTS = Path(__file__).parent / "data" / "plover_types.npz"
# Longest clause text embedded, in characters (a run-on sentence is cut, not parsed whole).
MAX_CLAUSE_CHARS = 400


# What a name in a clause is read as (rules revision 8): the type is in the deed, not in who
# did it, and the written examples name their actors by role ("the minister", "the country").
# Masking the names raised the tune-half cross-validated accuracy of the model from 0.552 to
# 0.609 (benchmarks/events_train_types.py, 323 written examples, best C of each).
NAME_PLACEHOLDERS: dict[str, str] = {
    "PERSON": "the leader",
    "GPE": "the country",
    "ORG": "the organisation",
    "NORP": "national",
    "LOC": "the region",
    "FAC": "the building",
}


def clause_text(text: str, clause: Clause, mentions: Sequence[Mention] = ()) -> str:
    """The words of a clause: from its first argument to its last (the predicate in between),
    without the reporting frame around it ("..., the White House announced Tuesday"), each
    name among ``mentions`` read as its kind (NAME_PLACEHOLDERS: "Jordan" is "the country")."""
    start = min([clause.start, *(a.start for a in clause.arguments)])
    end = max([clause.end, *(a.end for a in clause.arguments)])
    parts, at = [], start
    for m in sorted(mentions, key=lambda m: m.start):
        if m.start < at or m.end > end or m.label not in NAME_PLACEHOLDERS:
            continue
        parts += [text[at : m.start], NAME_PLACEHOLDERS[m.label]]
        at = m.end
    parts.append(text[at:end])
    return "".join(parts)[:MAX_CLAUSE_CHARS]


def features(
    clauses: npt.NDArray[np.float32],
    predicates: npt.NDArray[np.float32],
    sentences: npt.NDArray[np.float32],
) -> npt.NDArray[np.float64]:
    """One row per clause: the MiniLM vector of its text (:func:`clause_text`), its predicate's
    own token vector read in its sentence (``embed.span_vectors``) and its sentence's vector.

    Rules revision 9 added the last two: in the tune half's 5-fold cross-validation (written
    examples in every training fold, best C of each) 0.609 for the clause vector alone, 0.655
    with the predicate's vector, 0.678 with both; fitted on the written examples alone and
    scored on the whole tune half, 0.414, 0.621 and 0.632 (benchmarks/events_train_types.py)."""
    return np.hstack([clauses, predicates, sentences]).astype(np.float64)


@dataclass(frozen=True)
class TypeModel:
    """Weights (types x features) and intercepts of the fitted regression."""

    coef: npt.NDArray[np.float64]
    intercept: npt.NDArray[np.float64]
    classes: tuple[PloverType, ...]

    def probabilities(self, x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        z = x @ self.coef.T + self.intercept
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        out: npt.NDArray[np.float64] = e / e.sum(axis=1, keepdims=True)
        return out

    def decide(self, x: npt.NDArray[np.float64]) -> list[tuple[PloverType, float]]:
        """The most probable type of each row of :func:`features` and its probability."""
        if len(x) == 0:
            return []
        p = self.probabilities(x)
        best = p.argmax(axis=1)
        return [(self.classes[int(b)], float(p[i, b])) for i, b in enumerate(best)]

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            path,
            coef=self.coef.astype(np.float32),
            intercept=self.intercept.astype(np.float32),
            classes=np.array(self.classes),
        )


def fit(x: npt.NDArray[np.float64], labels: Sequence[str], c: float) -> TypeModel:
    """Fit the regression (scikit-learn, at training and benchmark time only)."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(max_iter=5000, C=c)
    model.fit(x, list(labels))
    classes = tuple(str(k) for k in model.classes_)
    coef = np.asarray(model.coef_, dtype=np.float64)
    intercept = np.asarray(model.intercept_, dtype=np.float64)
    if len(classes) == 2:  # scikit-learn keeps one row for two classes: the second's odds
        coef = np.vstack([np.zeros_like(coef), coef])
        intercept = np.concatenate([[0.0], intercept])
    return TypeModel(coef, intercept, classes)  # type: ignore[arg-type]


def load(path: Path = WEIGHTS) -> TypeModel | None:
    """The shipped model, None when its weights are absent (the nearest prototypes decide)."""
    if not path.exists():
        return None
    data = np.load(path)
    classes = tuple(str(k) for k in data["classes"])
    if not set(classes) <= set(PLOVER_TYPES):
        return None
    return TypeModel(
        data["coef"].astype(np.float64),
        data["intercept"].astype(np.float64),
        classes,  # type: ignore[arg-type]
    )
