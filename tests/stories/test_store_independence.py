"""A story split must not depend on what else the store holds.

Term weights come from document frequencies over the store: with the bundled sample alone,
"Estoria", "Norland" and "water" occur in every article and weigh almost nothing; with other,
unrelated articles in the store they weigh more, and every pair score inside the sample rises
a little. Before the revision required a lone article to fit a group as a story and kept two
leads framing two events from being each other's neighbours, that was enough to put the
farmers' march into the pact story (its average pair score with the pact's reports went from
0.188 to 0.208, over the 0.2 floor) and seed 003 (the credentials ceremony) into the meeting
story (its best pair score went from 0.31 to 0.35, the neighbour score). The unrelated
articles in ``data/unrelated`` were written for these tests: a chess final and a bridge
closure in a made-up city.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.config import Config
from storyline.model import Article, Story
from storyline.pipeline import run
from storyline.store import SQLiteStore, open_store
from tests.conftest import REPO, SEEDS

SAMPLE = REPO / "examples" / "corpus"
UNRELATED = Path(__file__).parent / "data" / "unrelated"
XFAIL = pytest.mark.xfail(
    strict=True,
    reason="term weights from a tiny store move the revision's margins: the farmers' march "
    "averages 0.188 -> 0.208 against the pact (revise_floor 0.2); 003 is kept apart by the "
    "frame bar, the farmers' march would need the lone-article rule of branch "
    "stories-s21-fix, which costs ECB+ 0.944 < its floor 0.945",
)


def _stories(store: SQLiteStore) -> list[tuple[str, ...]]:
    """Each story as the sorted titles of its articles."""
    title = {a.article_id: a.title or Path(a.origin).name for a in store.all(Article)}
    return sorted(tuple(sorted(title[a] for a in s.article_ids)) for s in store.all(Story))


def _run(tmp: Path, *inputs: Path) -> list[tuple[str, ...]]:
    tmp.mkdir(parents=True, exist_ok=True)
    store = open_store(tmp / "store.db")
    try:
        run(store, [str(p) for p in inputs], Config())
        return _stories(store)
    finally:
        store.close()


def _sample_split(stories: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The stories holding an article of the sample about the pact or the march."""
    return [s for s in stories if any("Silverrun" in t or "farmers march" in t for t in s)]


@pytest.fixture(scope="module")
def sample_alone(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, ...]]:
    return _run(tmp_path_factory.mktemp("alone"), SAMPLE)


@XFAIL
def test_the_sample_splits_the_same_with_unrelated_articles_in_the_store(
    sample_alone: list[tuple[str, ...]], tmp_path: Path
) -> None:
    alone = _sample_split(sample_alone)
    assert sorted(len(s) for s in alone) == [1, 5]
    assert any(s == ("Estorian farmers march on capital over water quotas",) for s in alone)
    mixed = _run(tmp_path, SAMPLE, UNRELATED)
    assert _sample_split(mixed) == alone
    # The unrelated articles make their own two stories (the final, the bridge).
    others = [s for s in mixed if s not in alone]
    assert sorted(len(s) for s in others) == [2, 3]


@pytest.mark.slow
@XFAIL
def test_the_sample_and_the_seeds_in_one_store_keep_both_splits(
    sample_alone: list[tuple[str, ...]], tmp_path: Path
) -> None:
    """The seeds (read from ../shared) alone give the meeting story and 003 apart; with the
    sample in the same store, both splits hold: four stories."""
    seeds_alone = _run(tmp_path / "seeds", SEEDS)
    assert sorted(len(s) for s in seeds_alone) == [1, 4]
    both = _run(tmp_path / "both", SAMPLE, SEEDS)
    assert len(both) == 4
    assert sorted(both) == sorted(_sample_split(sample_alone) + seeds_alone)


@pytest.mark.slow
def test_003_stays_apart_from_the_meeting_with_the_sample_in_the_store(tmp_path: Path) -> None:
    """The half that holds: the frame bar keeps seed 003 (the credentials ceremony) out of the
    meeting story whatever else the store holds, because two leads framing two events are never
    each other's neighbours (before the bar, 003 joined the meeting once the sample raised the
    weight of Putin, Russia and Pakistan)."""
    seeds_alone = _run(tmp_path / "seeds", SEEDS)
    assert sorted(len(s) for s in seeds_alone) == [1, 4]
    both = _run(tmp_path / "both", SAMPLE, SEEDS)
    for story in seeds_alone:
        assert story in both
