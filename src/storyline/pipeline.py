"""The library's front to the local engine (``engines/local.py``): ``ingest()`` and ``run()``
over a store, the ``Progress`` callback they tell, their summaries, and the rejection of a record
a stage failed on (``model.failure_rejection``, which the Ray engine records too).

Kept as the stable name the public API (``storyline.ingest``, ``storyline.run``), the CLI and
the desk call; the engine itself, and every read and write of the store a run makes, is in
``storyline.engines.local``.
"""

from __future__ import annotations

from storyline.engines.local import (
    INGEST_BATCH,
    STAGES,
    IngestSummary,
    Progress,
    RunSummary,
    ingest,
    run,
)
from storyline.model import failure_rejection

__all__ = [
    "INGEST_BATCH",
    "STAGES",
    "IngestSummary",
    "Progress",
    "RunSummary",
    "failure_rejection",
    "ingest",
    "run",
]
