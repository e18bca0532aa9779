"""The learned PLOVER type decision: real scikit-learn fitting on vectors written here, the
shipped weights, and the coder using them on a sentence the lexicon does not code."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import numpy as np

from storyline.events.learned import clause_text, features, fit, load
from storyline.events.ontology import PLOVER_TYPES
from storyline.model import Argument, Clause


def _data() -> tuple[np.ndarray, list[str]]:
    rng = np.random.default_rng(7)
    centres = {"ASSAULT": np.eye(384)[0], "AGREE": np.eye(384)[1]}
    vectors, labels = [], []
    for kind, centre in centres.items():
        for _ in range(10):
            v = centre + 0.02 * rng.standard_normal(384)
            vectors.append(v / np.linalg.norm(v))
            labels.append(kind)
    return np.array(vectors, dtype=np.float32), labels


def test_features_are_the_clause_predicate_and_sentence_vectors() -> None:
    vectors, _ = _data()
    x = features(vectors[:2], vectors[2:4], vectors[4:6])
    assert x.shape == (2, 3 * 384) and x.dtype == np.float64
    assert np.allclose(x[:, :384], vectors[:2]) and np.allclose(x[:, 384:768], vectors[2:4])
    assert np.allclose(x[:, 768:], vectors[4:6])


def test_a_fitted_model_decides_and_survives_saving(tmp_path: Path) -> None:
    vectors, labels = _data()
    x = features(vectors, vectors, vectors)
    model = fit(x, labels, 4.0)
    decided = model.decide(x)
    assert [kind for kind, _ in decided] == labels
    assert all(0.5 < p <= 1.0 for _, p in decided)
    model.save(tmp_path / "m.npz")
    again = load(tmp_path / "m.npz")
    assert again is not None and again.classes == model.classes
    assert np.allclose(again.probabilities(x), model.probabilities(x), atol=1e-4)
    assert load(tmp_path / "absent.npz") is None


def test_the_shipped_weights_load_with_plover_types() -> None:
    shipped = load()
    assert shipped is not None
    assert set(shipped.classes) <= set(PLOVER_TYPES) and len(shipped.classes) >= 12
    assert shipped.coef.shape[1] == 3 * 384  # clause, predicate in its sentence, sentence


def test_clause_text_spans_the_arguments_not_the_reporting_frame() -> None:
    text = "Officials said the army shelled the old port on Friday."
    start = text.index("shelled")
    clause = Clause(
        sentence=0, start=start, end=start + 7, predicate="shell",
        arguments=(
            Argument(role="agent", start=text.index("the army"), end=text.index(" shelled"),
                     head="army"),
            Argument(role="patient", start=text.index("the old"), end=text.index(" on"),
                     head="port"),
        ),
    )
    assert clause_text(text, clause) == "the army shelled the old port"


def test_the_coder_types_an_uncoded_sentence_with_the_learned_decision() -> None:
    from storyline.analyze import make_analyzer, resolve_entities
    from storyline.config import AnalyzeConfig, EventConfig
    from storyline.embed import shared_embedder
    from storyline.events.coder import Coder
    from storyline.events.geo import shared_gazetteer
    from storyline.model import Article

    text = "Farmers from Norland marched through the streets of Oslo, waving banners."
    article = Article(article_id="art_l", report_id="rep_l", origin="test", kind="text",
                      text=text, published=datetime(2024, 3, 6))
    analyses, entities = resolve_entities(make_analyzer(AnalyzeConfig())([article]))
    coder = Coder(EventConfig(nearest_min_similarity=0.0), shared_gazetteer(), shared_embedder())
    found = coder.code(article, analyses[0], {e.entity_id: e for e in entities})
    assert found and found[0].method in ("learned", "lexicon", "pattern")
    assert found[0].plover in PLOVER_TYPES
    assert 0.0 < found[0].confidence <= 1.0


def test_a_model_of_another_width_leaves_the_decision_to_the_prototypes() -> None:
    from storyline.analyze import make_analyzer, resolve_entities
    from storyline.config import AnalyzeConfig, EventConfig
    from storyline.embed import shared_embedder
    from storyline.events.coder import Coder
    from storyline.events.geo import shared_gazetteer
    from storyline.model import Article

    text = "The Norland minister looked over the harbour of Vardo on Monday."
    article = Article(article_id="art_w", report_id="rep_w", origin="test", kind="text",
                      text=text, published=datetime(2024, 3, 6))
    analyses, entities = resolve_entities(make_analyzer(AnalyzeConfig())([article]))
    vectors, labels = _data()
    narrow = fit(features(vectors, vectors, vectors)[:, :384], labels, 4.0)  # one vector wide
    coder = Coder(EventConfig(nearest_min_similarity=0.0), shared_gazetteer(),
                  shared_embedder(), types=narrow)
    found = coder.code(article, analyses[0], {e.entity_id: e for e in entities})
    assert found and found[0].method == "nearest", [(m.trigger, m.method) for m in found]
    shipped = Coder(EventConfig(nearest_min_similarity=0.0), shared_gazetteer(),
                    shared_embedder())
    found = shipped.code(article, analyses[0], {e.entity_id: e for e in entities})
    assert found and found[0].method == "learned", [(m.trigger, m.method) for m in found]
