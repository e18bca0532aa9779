"""What a run keeps of an article for the later stories that read it.

A related story's articles are read by every story related to it, so a run that makes its
stories in a known order keeps what it derived from an article (its statements, its decoded
records) until the last story that reads it is made, and no longer.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from typing import Generic, TypeVar

V = TypeVar("V")


class KeptForReaders(Generic[V]):
    """Values by article ID, bounded two ways. :meth:`expect` tells the index of the last story
    that reads each article and :meth:`finished` drops the articles no later story reads; and at
    most ``capacity`` are kept, the least recently read dropped first, whatever the order."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._kept: OrderedDict[str, V] = OrderedDict()
        self._last_reader: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._kept)

    def get(self, article_id: str) -> V | None:
        value = self._kept.get(article_id)
        if value is not None:
            self._kept.move_to_end(article_id)
        return value

    def put(self, article_id: str, value: V) -> None:
        self._kept[article_id] = value
        self._kept.move_to_end(article_id)
        while len(self._kept) > self.capacity:
            self._kept.popitem(last=False)

    def expect(self, last_reader: Mapping[str, int]) -> None:
        """The index of the last story that reads each of these articles."""
        self._last_reader.update(last_reader)

    def finished(self, index: int) -> None:
        """Story ``index`` is made (stories are made in increasing index): drop the articles
        no later story reads."""
        done = [a for a, last in self._last_reader.items() if last <= index]
        for article_id in done:
            self._kept.pop(article_id, None)
            del self._last_reader[article_id]
