"""The example sentences written for the 16 PLOVER types (events/examples.py): every type has
enough of them, none is repeated, the gate's prototypes are the first four of each, and the
lexicon codes a written example of a clear case with its own type."""

from __future__ import annotations

from datetime import datetime

import pytest

from storyline.events.examples import EXAMPLES, PROTOTYPES
from storyline.events.ontology import PLOVER_TYPES


def test_every_type_has_ten_or_more_distinct_examples() -> None:
    assert set(EXAMPLES) == set(PLOVER_TYPES)
    assert all(len(EXAMPLES[k]) >= 10 for k in PLOVER_TYPES)
    every = [s for k in PLOVER_TYPES for s in EXAMPLES[k]]
    assert len(every) == len(set(every))


def test_the_gate_reads_the_first_four_examples_of_each_type() -> None:
    assert all(PROTOTYPES[k] == EXAMPLES[k][:4] for k in PLOVER_TYPES)


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Armed men kidnapped the mayor on his way home.", "ASSAULT"),
        ("The government closed its border with the neighbouring country.", "SANCTION"),
        ("The prisoners were tortured in the army barracks.", "ASSAULT"),
        ("Police arrested dozens of opposition activists.", "COERCE"),
    ],
)
def test_the_lexicon_codes_clear_examples_with_their_type(sentence: str, kind: str) -> None:
    from storyline.analyze import make_analyzer, resolve_entities
    from storyline.config import AnalyzeConfig, EventConfig
    from storyline.events.coder import Coder
    from storyline.events.geo import shared_gazetteer
    from storyline.model import Article

    assert sentence in EXAMPLES[kind]  # type: ignore[index]
    article = Article(article_id="art_x", report_id="rep_x", origin="test", kind="text",
                      text=sentence, published=datetime(2024, 3, 6))
    analyses, entities = resolve_entities(make_analyzer(AnalyzeConfig())([article]))
    found = Coder(EventConfig(), shared_gazetteer(), None).code(
        article, analyses[0], {e.entity_id: e for e in entities}
    )
    assert found and found[0].plover == kind and found[0].method in ("lexicon", "pattern")
