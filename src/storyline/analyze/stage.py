"""The analyze stage as records in, records out: which stored analyses are stale, and what a run
changes once its new analyses join the corpus (entities resolved corpus-wide).

The local engine (``engines/local.py``) reads the store, analyses the articles this names with
``make_analyzer``, streams every analysis through ``analyze.resolve.EntityResolver`` and writes
back what :func:`relinked` and :func:`entity_changes` return; nothing here touches the store.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from storyline.analyze import is_current
from storyline.analyze.resolve import CorpusEntities
from storyline.model import Analysis, Entity, Rejection, failure_rejection


def stale_models(models: Iterable[str | None], current: str) -> list[str]:
    """The stored analyses' model names (``Analysis.model``) that are not ``current``
    (``analyze.current_model``): made by another version of the analysis (which lacks what this
    one records) or another spaCy pipeline or version of it; their articles are analysed again."""
    return sorted(m for m in models if m is not None and not is_current(m, current))


def relinked(analyses: Iterable[Analysis], corpus: CorpusEntities) -> list[Analysis]:
    """``analyses`` (as stored) linked to the ``corpus`` entities: those whose links moved.

    Resolution runs over all analyses, not only a run's new ones, so an alias seen in a new
    article can join an old entity; it is deterministic, so unchanged inputs give unchanged
    entity IDs. Only analyses whose links moved are written back: a run that adds a few articles
    to a large store rewrites a few records, not all of them (its new analyses, stored unlinked
    first, are all among them unless they name nothing).
    """
    return [new for old in analyses if (new := corpus.link(old)) != old]


@dataclass(frozen=True, slots=True, kw_only=True)
class EntityChanges:
    """What resolution changes among the stored entities: those made or changed, and those no
    analysis names any more."""

    entities: list[Entity]
    gone: list[str]
    total: int  # entities after the change


def entity_changes(entities: Sequence[Entity], before: Mapping[str, Entity]) -> EntityChanges:
    """The corpus ``entities`` against those stored ``before`` (by ID)."""
    return EntityChanges(
        entities=[e for e in entities if before.get(e.entity_id) != e],
        gone=sorted(before.keys() - {e.entity_id for e in entities}),
        total=len(entities),
    )


def failure_rejections(analyses: Iterable[Analysis]) -> list[Rejection]:
    """A Rejection for each analysis a part of which failed (``Analysis.failure``): the article
    is kept with what was made, and the failure listed with the inputs that could not be read
    (``storyline rejections``), keyed by the article."""
    return [
        failure_rejection(a.article_id, "analyze", a.failure)
        for a in analyses
        if a.failure is not None
    ]


def summary_line(analysed: int, quotes: int, entities: int, failed: int = 0) -> str:
    """The stage's line in the run summary: articles analysed in this run, their quotes, and
    the corpus entities; and the articles whose analysis failed in part, if any."""
    line = f"{analysed} articles analyzed, {quotes} quotes, {entities} entities"
    if failed:
        line += f"; {failed} analyzed in part, a rule failed on them (see `storyline rejections`)"
    return line
