"""The events stage over a real store: a run decodes only what its changed stories need, and
reads the vectors of sentences the claims stage stored without their line breaks."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt
import pytest

from storyline.analyze import Analyzer, make_analyzer, resolve_entities
from storyline.config import AnalyzeConfig, EventConfig
from storyline.embed import VectorCache, shared_embedder
from storyline.engines import local_events
from storyline.engines.local_events import update_events
from storyline.engines.local_vectors import StoredVectors
from storyline.model import Analysis, Article, Entity, Event, EventInputs, Story
from storyline.store import SQLiteStore

R = TypeVar("R")

TEXTS = {
    "a1": "Egyptian Foreign Minister Omar Saleh met Jordanian officials in Amman on Monday.\n\n"
    "Three soldiers were killed by rebels near the border.",
    "a2": "Omar Saleh met Jordanian officials in Amman, the ministry said on Monday.",
    "b1": "Police arrested two protesters outside the parliament in Lisbon on Tuesday.",
    "b2": "Two protesters were arrested outside the Portuguese parliament on Tuesday.",
}


class CountingStore(SQLiteStore):
    """The real SQLite store, counting the records each read decodes, by type."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.decoded: Counter[str] = Counter()
        self.scanned: Counter[str] = Counter()  # whole-table reads

    def get(self, cls: type[R], key: str) -> R | None:
        found = super().get(cls, key)
        self.decoded[cls.__name__] += found is not None
        return found

    def get_many(self, cls: type[R], keys: Iterable[str]) -> list[R]:
        found = super().get_many(cls, keys)
        self.decoded[cls.__name__] += len(found)
        return found

    def all(self, cls: type[R], **where: Any) -> Iterator[R]:
        self.scanned[cls.__name__] += not where
        for record in super().all(cls, **where):
            self.decoded[cls.__name__] += 1
            yield record


class Counting:
    """The real model under its name, recording what it is asked to encode."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.name = str(getattr(shared_embedder(), "name", ""))

    def __call__(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        self.texts.extend(texts)
        return shared_embedder()(texts)


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return make_analyzer(AnalyzeConfig())


def fill(store: SQLiteStore, analyzer: Analyzer) -> None:
    articles = [
        Article(article_id=a, report_id=f"rep_{a}", origin="test", kind="text", text=text,
                published=datetime(2024, 3, 6), outlet=f"Outlet {a}")
        for a, text in TEXTS.items()
    ]
    analyses, entities = resolve_entities(analyzer(articles))
    store.put(articles)
    store.put(analyses)
    store.put(entities)
    store.put([Story(story_id="story_a", title="a", article_ids=("a1", "a2")),
               Story(story_id="story_b", title="b", article_ids=("b1",))])


def test_a_run_decodes_only_what_its_changed_stories_need(
    tmp_path: Path, analyzer: Analyzer
) -> None:
    store = CountingStore(tmp_path / "s.db")
    fill(store, analyzer)
    embed = Counting()
    first = update_events(store, EventConfig(), embed)
    assert (first.updated, first.unchanged) == (2, 0) and first.events
    assert first.encoded == len(set(embed.texts)) > 0
    events_a = sorted(e.event_id for e in store.all(Event, story_id="story_a"))
    # Nothing changed: no analysis, article or entity is decoded, nothing encoded.
    store.decoded.clear()
    store.scanned.clear()
    again = update_events(store, EventConfig(), embed)
    assert (again.updated, again.unchanged, again.encoded) == (0, 2, 0)
    assert store.decoded["Analysis"] == store.decoded["Entity"] == 0
    assert store.decoded["Article"] == store.decoded["Event"] == 0
    # One story gains an article: only its articles' analyses and entities are decoded.
    store.put([Story(story_id="story_b", title="b", article_ids=("b1", "b2"))])
    store.decoded.clear()
    grown = update_events(store, EventConfig(), embed)
    assert (grown.updated, grown.unchanged) == (1, 1)
    assert store.decoded["Analysis"] == store.decoded["Article"] == 2
    assert store.scanned["Entity"] == store.scanned["Analysis"] == 0
    needed = {m.entity_id for a in ("b1", "b2") for m in store_analysis(store, a).mentions}
    assert 0 < store.decoded["Entity"] <= len(needed - {None})
    assert sorted(e.event_id for e in store.all(Event, story_id="story_a")) == events_a
    store.close()


def store_analysis(store: SQLiteStore, article_id: str) -> Analysis:
    found = SQLiteStore.get(store, Analysis, article_id)
    assert found is not None
    return found


def test_a_sentence_ending_in_line_breaks_reads_the_stripped_vector(
    tmp_path: Path, analyzer: Analyzer
) -> None:
    """The claims stage stores a statement stripped; the events stage's sentence is the same
    tokens with its line breaks, so it reads that vector instead of encoding it again."""
    store = CountingStore(tmp_path / "s.db")
    fill(store, analyzer)
    first_sentence = TEXTS["a1"].split("\n\n")[0]
    # As the claims stage stores a stripped line.
    claims = VectorCache(Counting(), StoredVectors(store))
    claims([first_sentence])
    embed = Counting()
    update_events(store, EventConfig(), embed)
    assert first_sentence not in embed.texts
    assert all(t == t.strip() for t in embed.texts)
    # ... and it is the vector the model gives the sentence with its line breaks.
    with_breaks = shared_embedder()([first_sentence + "\n\n"])[0]
    assert np.allclose(with_breaks, shared_embedder()([first_sentence])[0], atol=1e-6)
    store.close()


def test_entities_read_are_the_ones_the_mentions_resolve_to(
    tmp_path: Path, analyzer: Analyzer
) -> None:
    store = CountingStore(tmp_path / "s.db")
    fill(store, analyzer)
    # An entity no mention of these stories resolves to is never decoded.
    store.put([Entity(entity_id="ent_elsewhere", kind="PERSON", name="Nobody Here")])
    store.decoded.clear()
    update_events(store, EventConfig(), Counting())
    in_stories = ("a1", "a2", "b1")  # b2 is in no story yet
    wanted = {m.entity_id for a in in_stories for m in store_analysis(store, a).mentions}
    assert 0 < store.decoded["Entity"] == len(wanted - {None})
    store.close()


def test_too_few_stories_or_a_callers_encoder_keep_the_stage_in_this_process(
    tmp_path: Path, analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Workers start only for at least `min_stories_per_process` stories a process, with the
    # shared encoder and gazetteer (a caller's own cannot be sent to a spawned process).
    def no_workers(*args: Any) -> Any:
        raise AssertionError("no worker process should start")

    monkeypatch.setattr(local_events, "_in_workers", no_workers)
    store = SQLiteStore(tmp_path / "s.db")
    fill(store, analyzer)
    assert update_events(store, EventConfig(), processes=2).updated == 2  # 2 < 2 x 8
    store.delete(EventInputs, sorted(store.keys(EventInputs)))
    run = update_events(store, EventConfig(), Counting(), processes=2, min_stories_per_process=1)
    assert run.updated == 2
    store.close()
