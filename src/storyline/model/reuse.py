"""What the reuse stage makes: links between articles that share passages (duplicates, copies,
paraphrases), source families, and the persistent sketch index.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal


@dataclass(frozen=True, slots=True, kw_only=True)
class SharedPassage:
    """A passage found in both articles of a reuse link, with its span in each cleaned text."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    similarity: float  # 1.0 for verbatim, lower for light edits


ReuseKind = Literal["duplicate", "copy", "paraphrase"]
Direction = Literal["a->b", "b->a", "unknown"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ReuseLink:
    """Text shared by two articles. ``article_a`` < ``article_b`` by ID, so a pair has one link."""

    KEY: ClassVar[str] = "link_id"

    link_id: str
    article_a: str
    article_b: str
    kind: ReuseKind
    containment_a: float  # share of A's text found in B
    containment_b: float  # share of B's text found in A
    score: float
    direction: Direction = "unknown"  # earlier -> later by publication time; never guessed
    passages: tuple[SharedPassage, ...] = ()
    # Share of A's (B's) own prose, its words outside quotation marks, inside passages that are
    # not quotations in either article: what decides families, since quoting one statement is not
    # copying. None on links stored before it was measured (recomputed when families are built).
    prose_a: float | None = None
    prose_b: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceFamily:
    """Articles connected by copying: one independent source. A lone article is its own family."""

    KEY: ClassVar[str] = "family_id"

    family_id: str
    article_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ReuseSketch:
    """An article's entry in the persistent reuse index, so a later run compares only new articles.

    ``fingerprints`` (copied text) and ``key_fingerprints`` (fact/keyword sequence, for
    paraphrases) are base64 of sorted little-endian uint64 hashes; ``algorithm`` names the
    sketch version that produced them (a changed algorithm recomputes them).
    """

    KEY: ClassVar[str] = "article_id"

    article_id: str
    algorithm: str
    fingerprints: str
    key_fingerprints: str
