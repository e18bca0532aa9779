"""The editor's corrections (splits, merges, moves, dismissed or confirmed conflicts), which
stories and claims respect.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar, Literal

from storyline.model.claims import Conflict

CorrectionKind = Literal["split", "merge", "move", "dismiss-conflict", "confirm-conflict"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Correction:
    """An editor's decision about stories or conflicts, kept as a record of its own.

    Every later run respects it (``storyline.corrections``): the stories stage re-applies the
    splits, merges and moves after it assigns new articles, and the claims stage drops a
    conflict an editor dismissed. Corrections apply in ``seq`` order.

    - ``split``: ``article_ids`` leave ``story_id`` for a new story, ``new_story_id``;
    - ``merge``: ``from_story_id`` (and every article later assigned to it) joins ``story_id``;
      ``article_ids`` are the articles it held when merged;
    - ``move``: ``article_ids`` leave ``from_story_id`` for ``story_id``;
    - ``dismiss-conflict`` / ``confirm-conflict``: the conflict ``conflict_id`` of ``story_id``
      is not one / is one. ``conflict`` is the record as it was decided, ``a_supports`` and
      ``b_supports`` the sentences of its two sides ("article_id:start:end"), by which a later
      run recognises the same disagreement after its claims were recomputed under new IDs.
    """

    KEY: ClassVar[str] = "correction_id"

    correction_id: str
    kind: CorrectionKind
    seq: int
    made_at: datetime
    story_id: str | None = None
    from_story_id: str | None = None
    new_story_id: str | None = None
    article_ids: tuple[str, ...] = ()
    conflict_id: str | None = None
    conflict: Conflict | None = None
    a_supports: tuple[str, ...] = ()
    b_supports: tuple[str, ...] = ()
    note: str = ""  # the editor's reason, as typed
