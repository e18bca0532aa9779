"""The analyze stage as records in, records out: which stored analyses are stale, and what a run
changes once its new analyses join the corpus (entities resolved corpus-wide).

The local engine (``engines/local.py``) reads the store, analyses the articles this names with
``make_analyzer`` and writes back what :func:`analysis_changes` returns; nothing here touches
the store.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from storyline.analyze import is_current, resolve_entities
from storyline.model import Analysis, Entity


def stale_models(models: Iterable[str | None], current: str) -> list[str]:
    """The stored analyses' model names (``Analysis.model``) that are not ``current``
    (``analyze.current_model``): made by another version of the analysis (which lacks what this
    one records) or another spaCy pipeline or version of it; their articles are analysed again."""
    return sorted(m for m in models if m is not None and not is_current(m, current))


@dataclass(frozen=True, slots=True, kw_only=True)
class AnalysisChanges:
    """What a run of the stage writes: the new analyses and the stored ones whose entity links
    moved, the entities made or changed, and the entities no analysis names any more."""

    analyses: list[Analysis]
    entities: list[Entity]
    gone: list[str]
    analysed: int  # articles analysed in this run
    quotes: int  # their quotes
    entities_total: int

    def line(self) -> str:
        return (
            f"{self.analysed} articles analyzed, {self.quotes} quotes, "
            f"{self.entities_total} entities"
        )


def analysis_changes(
    stored: Sequence[Analysis], fresh: Sequence[Analysis], before: Mapping[str, Entity]
) -> AnalysisChanges:
    """Resolve entities over ``stored`` (the analyses kept from earlier runs, those of the
    articles analysed again left out) and ``fresh`` (this run's), against the entities stored
    ``before``.

    Resolution runs over all analyses, not only the new ones, so an alias seen in a new article
    can join an old entity; it is deterministic, so unchanged inputs give unchanged entity IDs.
    Only analyses whose entity links moved are written back: a run that adds a few articles to
    a large store rewrites a few records, not all of them.
    """
    resolved, entities = resolve_entities([*stored, *fresh])
    relinked = [
        new for old, new in zip(stored, resolved[: len(stored)], strict=True) if new != old
    ]
    return AnalysisChanges(
        analyses=relinked + resolved[len(stored) :],
        entities=[e for e in entities if before.get(e.entity_id) != e],
        gone=sorted(before.keys() - {e.entity_id for e in entities}),
        analysed=len(fresh),
        quotes=sum(len(a.quotes) for a in fresh),
        entities_total=len(entities),
    )
