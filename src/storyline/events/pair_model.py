"""The learned pairwise decision of event merging: what it reads of two mentions
(PAIR_FEATURES, pair_features) and the logistic regression over them (PairModel), fitted on the
ECB+ train topics by benchmarks/events_train_pairs.py."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from storyline.events.keys import MentionKey

PAIR_WEIGHTS = Path(__file__).parent / "data" / "event_pairs.npz"
# What the pairwise model reads of two mentions (pair_features builds them, here only, so what
# it was fitted on and what it is applied to cannot drift apart).
PAIR_FEATURES: tuple[str, ...] = (
    "same_lemma",
    "lemma_cosine",  # of the predicates' MiniLM vectors (1 for one lemma)
    "sentence_cosine",
    "same_lemma_x_sentence_cosine",
    "same_document",
    "both_leads",  # in the opening sentences of two articles
    "word_overlap",  # Jaccard of the sentences' content words
    "name_overlap",  # ... of their names and numbers
    "same_date",
    "other_date",
    "same_place",
    "other_place",
    "shared_participant",
    "no_shared_participant",
    "one_recalled",  # one told in the pluperfect, the other not
    # The predicates read in their sentences (rules revision 8): the cosine of MiniLM's own
    # vectors of the predicate's tokens, from the encoding of the whole sentence ("shot" in
    # "police said the gunman shot two guards"), and of the predicates' words as written,
    # encoded alone ("killed" and "murdered"). Each raised train-topic CoNLL F1 on ECB+ (0.750
    # to 0.773 and 0.777 in-sample; 0.742 to 0.768 and 0.771 cross-validated by topic).
    "trigger_cosine",
    "word_cosine",
)
# Two predicates the coder gave one PLOVER type count as this close ("met" and "held talks"):
# the type says they name one kind of act. ECB+ mentions carry no type, so the pairwise model
# cannot learn it; set by hand on the seeds (the Putin-Sharif meeting, the credentials).
TYPED_LEMMA_COSINE = 0.55


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def _same_date(a: str, b: str) -> bool:
    return a.startswith(b) or b.startswith(a)  # "2025-09" and "2025-09-02" agree


def pair_features(
    a: MentionKey,
    b: MentionKey,
    sentence_cosine: float,
    lemma_cosine: float,
    trigger_cosine: float | None = None,
    word_cosine: float | None = None,
) -> list[float]:
    """The features of one pair of mentions, in PAIR_FEATURES order. Without the predicates'
    vectors in context (``trigger_cosine``) or as written (``word_cosine``) their lemmas'
    cosine stands for each."""
    same = a.lemma == b.lemma
    trigger = lemma_cosine if trigger_cosine is None else trigger_cosine
    word = lemma_cosine if word_cosine is None else word_cosine
    if a.kind is not None and a.kind == b.kind:
        # One type: the predicates name one kind of act, however far their vectors are.
        lemma_cosine = max(lemma_cosine, TYPED_LEMMA_COSINE)
        trigger = max(trigger, TYPED_LEMMA_COSINE)
        word = max(word, TYPED_LEMMA_COSINE)
    dated = a.date is not None and b.date is not None
    placed = a.place is not None and b.place is not None
    with_parts = bool(a.participants) and bool(b.participants)
    shared = bool(a.participants & b.participants)
    return [
        float(same),
        1.0 if same else lemma_cosine,
        sentence_cosine,
        sentence_cosine if same else 0.0,
        float(bool(a.document) and a.document == b.document),
        float(a.lead and b.lead and a.document != b.document),
        _jaccard(a.words, b.words),
        _jaccard(a.names, b.names),
        float(dated and _same_date(a.date or "", b.date or "")),
        float(dated and not _same_date(a.date or "", b.date or "")),
        float(placed and a.place == b.place),
        float(placed and a.place != b.place),
        float(with_parts and shared),
        float(with_parts and not shared),
        float(a.recalled != b.recalled),
        trigger,
        word,
    ]


@dataclass(frozen=True)
class PairModel:
    """A logistic regression over PAIR_FEATURES: the probability that two mentions report one
    event; groups join while their mean pairwise probability reaches ``threshold``."""

    coef: npt.NDArray[np.float64]
    intercept: float
    threshold: float

    def probabilities(self, x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        z = np.clip(x @ self.coef + self.intercept, -50.0, 50.0)
        out: npt.NDArray[np.float64] = 1.0 / (1.0 + np.exp(-z))
        return out

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            path,
            coef=self.coef.astype(np.float32),
            intercept=np.array([self.intercept], dtype=np.float32),
            threshold=np.array([self.threshold], dtype=np.float32),
            features=np.array(PAIR_FEATURES),
        )


def load_pair_model(path: Path = PAIR_WEIGHTS) -> PairModel | None:
    """The shipped pairwise model; None when its weights are absent or were fitted on other
    features (the similarity thresholds of the configuration decide then)."""
    if not path.exists():
        return None
    data = np.load(path)
    if tuple(str(f) for f in data["features"]) != PAIR_FEATURES:
        return None
    return PairModel(
        data["coef"].astype(np.float64),
        float(data["intercept"][0]),
        float(data["threshold"][0]),
    )


SHIPPED_PAIR_MODEL = load_pair_model()
