"""The read side of events: the stored events listings, `storyline export events` and the
GDELT 2.0 lines are made from (the rows themselves are ``events.export``'s, from records)."""

from __future__ import annotations

from collections.abc import Iterator

from storyline.events.export import (
    Row,
    event_data,
    gdelt_events,
    gdelt_text,
    listed,
    mention_article_ids,
)
from storyline.model import Article, Event
from storyline.store import Store


def list_events(
    store: Store, story_id: str | None = None, kind: str | None = None
) -> list[Event]:
    """Stored events, the most mentioned first; of one story and/or one PLOVER type."""
    return listed(store.all(Event, story_id=story_id) if story_id else store.all(Event), kind)


def _source_articles(store: Store, events: list[Event]) -> dict[str, Article]:
    ids = mention_article_ids(events)
    return {i: a for i in ids if (a := store.get(Article, i)) is not None}


def event_rows(store: Store) -> Iterator[Row]:
    """Rows of `storyline export events --format jsonl|parquet`: one per event."""
    events = list_events(store)
    articles = _source_articles(store, events)
    for event in events:
        yield event_data(event, articles)


def gdelt_lines(store: Store, header: bool = True) -> Iterator[str]:
    """GDELT 2.0 Events lines, tab-separated, for events that happened (plans, denials,
    questions and conditions are no GDELT events)."""
    events = gdelt_events(list_events(store))
    yield from gdelt_text(events, _source_articles(store, events), header)
