"""Quote contents are encoded only when a pair of theirs can still be one remark or a speaker
conflict (claims.quotes._can_qualify): the alignment is the one every quote encoded gives, and
a quote that cannot reach ``quote_min_score`` with another article's quote of its speaker (or
be the same words from another speaker) is never encoded."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pytest

from storyline.analyze import Analyzer
from storyline.claims import Embed, quotes
from storyline.claims.grouping import dice_matrix
from storyline.claims.quotes import align_quotes
from storyline.claims.units import content_stems
from storyline.model import AlignedQuote, Analysis, Article
from tests.claims.helpers import CFG, article, quote

# Fiction written for this test: one mayor's flood promise, told three ways, and remarks that
# share no words with any other outlet's.
LEDGER = article(
    "v1",
    "Daily Ledger",
    "“We will rebuild every school the flood destroyed before winter comes,” Mayor Lena Sorvik "
    "said on Tuesday. “The harbour dredging contract goes to tender in May,” she added.",
)
HERALD = article(
    "v2",
    "Coast Herald",
    "Mayor Lena Sorvik said all flood-damaged schools will be rebuilt before the cold season. "
    "“Nobody on this council voted for higher parking fees,” said Tomas Reyes, and he repeated: "
    "“Nobody on this council ever voted for parking fees.”",
)
TRIBUNE = article(
    "v3",
    "Porto Tribune",
    "“If they ask us to close the children's hospital in Harwick while patients in the valley "
    "still wait months for beds, surgeons and nurses, we will not do that, not this year and not "
    "ever,” Mayor Lena Sorvik told the county assembly.",
)
GAZETTE = article(
    "v4",
    "Valley Gazette",
    "Lena Sorvik repeated that “we will not do that” when asked about the hospital.",
)
COURIER = article(
    "v5",
    "Hill Courier",
    "Ada Morel, who chairs the budget committee, said nobody on the council had voted for higher "
    "parking fees.",
)

PROMISE = "We will rebuild every school the flood destroyed before winter comes"
PARAPHRASE = "all flood-damaged schools will be rebuilt before the cold season"
DREDGING = "The harbour dredging contract goes to tender in May"
FEES = "Nobody on this council voted for higher parking fees"
FEES_AGAIN = "Nobody on this council ever voted for parking fees"
HOSPITAL = (
    "If they ask us to close the children's hospital in Harwick while patients in the valley "
    "still wait months for beds, surgeons and nurses, we will not do that, not this year and not "
    "ever"
)
REFUSAL = "we will not do that"
NOBODY = "nobody on the council had voted for higher parking fees"

SORVIK = ("Lena Sorvik", "ent_sorvik")


class Counting:
    """The real encoder, remembering every text it was asked for."""

    def __init__(self, embed: Embed) -> None:
        self.embed = embed
        self.texts: list[str] = []

    def __call__(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        self.texts.extend(texts)
        return self.embed(texts)


@pytest.fixture(scope="module")
def story(analyzer: Analyzer) -> tuple[list[Article], dict[str, Analysis]]:
    found = {
        "v1": [
            quote(LEDGER, PROMISE, "direct", *SORVIK),
            quote(LEDGER, DREDGING, "direct", *SORVIK),
        ],
        "v2": [
            quote(HERALD, PARAPHRASE, "indirect", *SORVIK),
            quote(HERALD, FEES, "direct", "Tomas Reyes", "ent_reyes"),
            quote(HERALD, FEES_AGAIN, "direct", "Tomas Reyes", "ent_reyes"),
        ],
        "v3": [quote(TRIBUNE, HOSPITAL, "direct", *SORVIK)],
        "v4": [quote(GAZETTE, REFUSAL, "direct", *SORVIK)],
        "v5": [quote(COURIER, NOBODY, "indirect", "Ada Morel", "ent_morel")],
    }
    articles = [LEDGER, HERALD, TRIBUNE, GAZETTE, COURIER]
    analyses = {
        a.article_id: dataclasses.replace(a, quotes=tuple(found[a.article_id]))
        for a in analyzer(articles)
    }
    return articles, analyses


def align(story: tuple[list[Article], dict[str, Analysis]], embed: Embed) -> list[AlignedQuote]:
    articles, analyses = story
    aligned, _ = align_quotes("story_v", articles, analyses, set(), [], {}, {}, embed, CFG)
    return aligned


def texts_of(aligned: list[AlignedQuote]) -> list[list[str]]:
    return sorted([r.text for r in q.renderings] for q in aligned)


def test_the_fixture_has_the_pairs_it_means(embed: Embed) -> None:
    # The paraphrase shares few words (half its Dice alone is below quote_min_score) and
    # qualifies on the cosine; the refusal is a short fragment with no content word at all.
    contents = [PROMISE, PARAPHRASE, DREDGING, FEES, FEES_AGAIN, HOSPITAL, REFUSAL, NOBODY]
    dice = dice_matrix([content_stems(c) for c in contents])
    vectors = embed([PROMISE, PARAPHRASE])
    cos = float(vectors[0] @ vectors[1])
    assert 0.5 * dice[0, 1] < CFG.quote_min_score <= 0.5 * cos + 0.5 * dice[0, 1]
    assert dice[5, 6] == 0.0
    assert quotes._short_fragment_of(HOSPITAL, REFUSAL)
    # The dredging remark shares no content word with another article's quote; the two fee
    # remarks share many, but with each other only, in one article.
    assert dice[2, [0, 1, 3, 4, 5, 6, 7]].max() < 2 * CFG.quote_min_score - 1
    # Reyes's fee remarks share many words with each other (one article) and with Morel's
    # (another speaker, reported, so no speaker conflict either), none with the rest.
    assert min(dice[3, 4], dice[3, 7], dice[4, 7]) > 0.5
    assert dice[[3, 4, 7]][:, [0, 1, 2, 5, 6]].max() < 2 * CFG.quote_min_score - 1


def test_skipping_changes_no_alignment(
    story: tuple[list[Article], dict[str, Analysis]],
    embed: Embed,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    skipping = Counting(embed)
    aligned = align(story, skipping)
    # The reference: every quote encoded, as before the skip.
    monkeypatch.setattr(quotes, "_can_qualify", lambda found, *_: np.ones(len(found), dtype=bool))
    every = Counting(embed)
    reference = align(story, every)
    assert aligned == reference
    assert len(every.texts) == 8
    # The paraphrase with few shared words and the fragment with none are each one remark.
    assert [PROMISE, PARAPHRASE] in texts_of(aligned)
    assert [HOSPITAL, REFUSAL] in texts_of(aligned)
    # Quotes no pair can align are still each a remark of their own.
    assert [DREDGING] in texts_of(aligned)
    assert [FEES] in texts_of(aligned) and [FEES_AGAIN] in texts_of(aligned)
    assert [NOBODY] in texts_of(aligned)


def test_a_quote_that_cannot_qualify_is_never_encoded(
    story: tuple[list[Article], dict[str, Analysis]], embed: Embed
) -> None:
    counting = Counting(embed)
    align(story, counting)
    assert sorted(counting.texts) == sorted([PROMISE, PARAPHRASE, HOSPITAL, REFUSAL])


def test_no_pair_that_can_qualify_means_no_encoding(
    story: tuple[list[Article], dict[str, Analysis]], embed: Embed
) -> None:
    articles, analyses = story
    counting = Counting(embed)
    aligned, _ = align_quotes(
        "story_v",
        articles[:2],
        {k: analyses[k] for k in ("v1",)},
        set(),
        [],
        {},
        {},
        counting,
        CFG,
    )
    assert counting.texts == []
    assert texts_of(aligned) == [[DREDGING], [PROMISE]]
