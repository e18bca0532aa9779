"""What the claims stage makes: claims with their supporting sentences, conflicts, aligned quotes,
story summaries and the coverage table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal


@dataclass(frozen=True, slots=True, kw_only=True)
class Support:
    """One sentence stating a claim: the provenance of every fact."""

    article_id: str
    sentence: int
    start: int  # span in the article's cleaned text
    end: int
    text: str  # the sentence as the source wrote it (its own quotes and dashes)
    family_id: str
    # True when the sentence comes from an article of a related story that recounts this
    # story's event as background: it corroborates (or contradicts) without joining the story.
    background: bool = False
    raw_start: int | None = None  # span in the source text as ingested (Report.text)
    raw_end: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Claim:
    KEY: ClassVar[str] = "claim_id"

    claim_id: str
    story_id: str
    text: str  # the most complete wording
    supports: tuple[Support, ...]
    outlets: tuple[str, ...]
    article_count: int
    family_count: int  # independent source families: wire copies count once
    single_source: bool
    importance: float = 0.0


@dataclass(frozen=True, slots=True, kw_only=True)
class Conflict:
    """Two claims of one story that cannot both be true."""

    KEY: ClassVar[str] = "conflict_id"

    conflict_id: str
    story_id: str
    claim_a: str
    claim_b: str
    kind: str  # "date", "number", "place", "occasion", "participant", "speaker"
    reason: str  # why it was judged a conflict, quoting both sides with their sources
    summary: str = ""  # one line: what differs, and about what ("how many people were struck")
    confidence: float = 0.0  # how sure: 0.5 (similar statements) to 0.9 (one clause, one value)


@dataclass(frozen=True, slots=True, kw_only=True)
class QuoteRendering:
    article_id: str
    quote_id: str
    kind: Literal["direct", "indirect", "mixed"]
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class AlignedQuote:
    """The same remark by the same speaker across outlets, quoted directly or paraphrased."""

    KEY: ClassVar[str] = "aligned_id"

    aligned_id: str
    story_id: str
    speaker_entity_id: str | None
    speaker_name: str | None
    renderings: tuple[QuoteRendering, ...]
    co_speakers: tuple[str, ...] = ()  # who made the remark with the speaker (a joint statement)


@dataclass(frozen=True, slots=True, kw_only=True)
class SummarySentence:
    claim_id: str
    text: str
    family_count: int
    citations: tuple[Support, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class StorySummary:
    KEY: ClassVar[str] = "story_id"

    story_id: str
    sentences: tuple[SummarySentence, ...]
    # What the story's claims were computed from: the claims config fingerprint, then
    # "article_id:family_id:analysed|pending" for the story's articles and (after "|") for its
    # related stories' background articles. The pipeline recomputes a story only when it changes.
    inputs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class CoverageRow:
    claim_id: str
    reported_by: tuple[bool, ...]  # one flag per outlet of the matrix, in its column order


@dataclass(frozen=True, slots=True, kw_only=True)
class Coverage:
    """Which outlet reported which claim of a story (derived from the claims, not stored)."""

    story_id: str
    outlets: tuple[str, ...]
    rows: tuple[CoverageRow, ...]
