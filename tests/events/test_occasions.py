"""Events rules revision 11: deeds named by a noun around a verb that only carries them, and
the CAMEO-class patterns added then. A reporting verb's own pattern ("declared a ceasefire"), a
journey for talks, a deed noun as the subject of a verb of happening ("talks opened"), an
undertaking named by the noun before it ("a mediation effort"), a joint undertaking, forces
and relief sent, a crowd's denunciation. Every sentence here is fiction written for these
tests; the lexicon alone codes them (no encoder)."""

from __future__ import annotations

from datetime import datetime

import pytest

from storyline.analyze import Analyzer, make_analyzer, resolve_entities
from storyline.config import AnalyzeConfig, EventConfig
from storyline.events.coder import Coder
from storyline.events.geo import shared_gazetteer
from storyline.model import Article


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return make_analyzer(AnalyzeConfig())


def _first(analyzer: Analyzer, text: str) -> tuple[str | None, str | None]:
    article = Article(article_id="art_o", report_id="rep_o", origin="test", kind="text",
                      text=text, published=datetime(2024, 9, 3))
    analyses, entities = resolve_entities(analyzer([article]))
    found = Coder(EventConfig(), shared_gazetteer(), None).code(
        article, analyses[0], {e.entity_id: e for e in entities}
    )
    return (found[0].plover, found[0].method) if found else (None, None)


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("The militia declared a ceasefire over the holiday.", "RETREAT"),
        ("The envoy arrived in Larvik on Sunday on a three-day visit.", "CONSULT"),
        ("The foreign minister flew to Norland for talks with his counterpart.", "CONSULT"),
        ("Talks between the government and the rebels opened in the capital on Monday.",
         "CONSULT"),
        ("The emir launched a mediation effort between the two kingdoms.", "CONSULT"),
        ("The air force began a bombing campaign against the rebel bases.", "ASSAULT"),
        ("The two ministries set up a joint commission to manage the dam.", "COOPERATE"),
        ("Hundreds of demonstrators gathered outside the palace to denounce the arrests.",
         "PROTEST"),
        ("The navy dispatched three warships to the strait.", "MOBILIZE"),
        ("The country rushed doctors and medicine to the flooded province.", "AID"),
        ("The prime minister paid tribute to the firefighters.", "SUPPORT"),
        ("The ministry lodged a complaint with the council over the incursion.", "ACCUSE"),
        ("The government scrapped the fuel tax increase after the strike.", "CONCEDE"),
        ("The parliament voted down the budget.", "REJECT"),
    ],
)
def test_the_lexicon_reads_the_deed_around_a_carrying_verb(
    analyzer: Analyzer, sentence: str, kind: str
) -> None:
    assert _first(analyzer, sentence)[0] == kind


def test_a_reporting_verb_without_a_pattern_is_still_no_event(analyzer: Analyzer) -> None:
    assert _first(analyzer, "The ministry announced the results on Friday.") == (None, None)


def test_a_deed_noun_that_is_the_object_is_not_read_as_the_subject(analyzer: Analyzer) -> None:
    # "opened fire" is the verb-object pattern, not a journey or an occasion.
    assert _first(analyzer, "Soldiers opened fire on the crowd.")[0] == "ASSAULT"
