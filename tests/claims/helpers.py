"""What the claims tests share: the hand-written reports (fiction written for these tests,
published on one Wednesday) and small ways to run a story and find a claim in its result."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path

import numpy as np
import numpy.typing as npt
from click.testing import CliRunner

from storyline.analyze import Analyzer
from storyline.claims import ClaimSet, Embed, build_claims
from storyline.claims.facts import Facts, unit_facts
from storyline.claims.units import Unit
from storyline.cli import cli
from storyline.config import ClaimConfig
from storyline.model import (
    Analysis,
    Article,
    Claim,
    Quote,
    Sentence,
    SourceFamily,
    Story,
)
from storyline.store import SQLiteStore

CFG = ClaimConfig()


# Every hand-written report is published on one Wednesday, so "on Tuesday" is a day.
PUBLISHED = datetime(2026, 3, 4, 9, 0)


def article(article_id: str, outlet: str, text: str) -> Article:
    return Article(
        article_id=article_id,
        report_id=article_id,
        origin=f"{article_id}.txt",
        kind="text",
        text=text,
        outlet=outlet,
        published=PUBLISHED,
    )


def run_story(
    analyzer: Analyzer,
    embed: Embed,
    articles: Sequence[Article],
    families: Sequence[SourceFamily] = (),
    background: Sequence[Article] = (),
    quotes: Mapping[str, Sequence[Quote]] | None = None,
) -> ClaimSet:
    analyses = analyzer([*articles, *background])
    if quotes:
        analyses = [
            dataclasses.replace(a, quotes=tuple(quotes.get(a.article_id, ()))) for a in analyses
        ]
    story = Story(
        story_id="story_t", title="test", article_ids=tuple(a.article_id for a in articles)
    )
    return build_claims(story, articles, analyses, families, CFG, embed, background=background)


def claim_with(result: ClaimSet, words: str) -> Claim:
    found = [c for c in result.claims if any(words in s.text for s in c.supports)]
    assert len(found) == 1, f"{len(found)} claims state {words!r}: {[c.text for c in found]}"
    return found[0]


def articles_of(claim: Claim) -> set[str]:
    return {s.article_id for s in claim.supports}


LEDGER = article(
    "a1",
    "Daily Ledger",
    "The harbour authority of Porto closed the northern quay after a crane collapsed on Monday "
    "morning. Two dock workers were taken to hospital with minor injuries, the authority said. "
    "Shipping companies were told to divert cargo to the southern terminal.",
)
HERALD = article(
    "a2",
    "Coast Herald",
    "Cargo ships will dock elsewhere for now. The harbour authority of Porto closed the northern "
    "quay after a crane collapsed on Monday morning. Two dock workers were taken to hospital with "
    "minor injuries, the authority said in a statement.",
)
TRIBUNE = article(
    "a3",
    "Porto Tribune",
    "A crane collapse on Monday morning led Porto's harbour authority to shut the northern quay. "
    "Insurers expect the repairs to take at least a month. The quay handles most of the city's "
    "fruit imports.",
)
WIRE = SourceFamily(family_id="fam_wire", article_ids=("a1", "a2"))


# One fact told in other words: the same Tuesday, the same $4.2 million, little wording shared.
LIBRARY_POST = article(
    "m1",
    "Valley Post",
    "The Brennick town council approved $4.2 million for a new public library on Tuesday. The "
    "vote followed two hours of debate. Residents had asked for longer opening hours at the old "
    "building.",
)
LIBRARY_COURIER = article(
    "m2",
    "Hill Courier",
    "On Tuesday Brennick's elected officials voted to pay $4.2 million for a building where "
    "readers can borrow books. Critics said the money should repair roads instead. The mayor "
    "thanked volunteers.",
)


SUMMIT = article(
    "c1",
    "Daily Ledger",
    "Foreign Minister Ana Duarte and her Moroccan counterpart Karim Bennani signed the fisheries "
    "accord on the sidelines of the Atlantic Ocean Summit in Lisbon. The accord sets new quotas "
    "for sardine fleets.",
)
FORUM = article(
    "c2",
    "Coast Herald",
    "Foreign Minister Ana Duarte and her Moroccan counterpart Karim Bennani signed the fisheries "
    "accord on the sidelines of the Mediterranean Trade Forum in Lisbon. Fishing crews in Peniche "
    "had waited two years for it.",
)


def quote(art: Article, content: str, kind: str, speaker: str, entity: str) -> Quote:
    start = art.text.index(content)
    return Quote(
        quote_id=f"q_{art.article_id}_{start}",
        sentence=0,
        kind=kind,  # type: ignore[arg-type]
        content_start=start,
        content_end=start + len(content),
        content=content,
        speaker_text=speaker,
        speaker_name=speaker,
        speaker_entity_id=entity,
    )


def invoke(db: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)
    return result.exit_code, result.stdout


def claim_with_stored(store: SQLiteStore, words: str) -> Claim:
    found = [c for c in store.all(Claim) if any(words in s.text for s in c.supports)]
    assert len(found) == 1
    return found[0]


def statement(article_id: str, text: str) -> Unit:
    """One statement of its own outlet's article (outlet and family named by the ID), for the
    tests of the grouping rules that set the scores by hand."""
    return Unit(
        article=article(article_id, f"Outlet {article_id}", text),
        sentence=0,
        start=0,
        end=len(text),
        text=text,
        family_id=f"family_{article_id}",
        background=False,
        facts=facts_of(text),
    )


def set_scores(size: int, pairs: Mapping[tuple[int, int], float]) -> npt.NDArray[np.float64]:
    """A square of paraphrase scores, 0 but for the ``pairs`` given (both ways)."""
    matrix = np.zeros((size, size))
    for (i, j), value in pairs.items():
        matrix[i, j] = matrix[j, i] = value
    return matrix


def facts_of(text: str) -> Facts:
    analysis = Analysis(
        article_id="p",
        model="none",
        sentences=(Sentence(index=0, start=0, end=len(text), text=text),),
    )
    return unit_facts(text, 0, analysis, 0)
