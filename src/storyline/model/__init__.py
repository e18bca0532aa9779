"""Every record type storyline passes between stages and keeps in the store.

The model is the contract: stages take and return these records, never dict bags. Records are
frozen, slotted, keyword-only dataclasses linked by string IDs. ``None`` means "genuinely unknown"
(an article whose text states no date has ``published=None``), never "not computed yet".
Datetimes are naive and in UTC (ingest converts zoned values), so any two compare.

Each top-level record (one the store keeps in its own table) names its primary-key field in
``KEY``; nested records (a passage inside a reuse link, a sentence inside an analysis) have none.
The store derives its tables from ``STORED_RECORDS`` below, so adding a record type there (and a
numbered migration) is all it takes to persist it.
"""

from __future__ import annotations

from typing import Any

from storyline.model.analysis import (
    Analysis,
    Argument,
    Clause,
    Entity,
    Mention,
    Quantity,
    Quote,
    Referent,
    Sentence,
    TimeExpression,
    speakers_shown,
)
from storyline.model.base import JsonValue, content_id
from storyline.model.claims import (
    AlignedQuote,
    Claim,
    Conflict,
    Coverage,
    CoverageRow,
    QuoteRendering,
    StorySummary,
    SummarySentence,
    Support,
)
from storyline.model.corrections import (
    Correction,
    CorrectionKind,
)
from storyline.model.events import (
    Actor,
    Event,
    EventConflict,
    EventInputs,
    EventMention,
    EventStatus,
    Place,
)
from storyline.model.ingest import (
    Article,
    DateOrigin,
    OffsetRun,
    Rejection,
    RejectionReason,
    Report,
    SourceKind,
    failure_rejection,
    failure_rejection_id,
)
from storyline.model.reuse import (
    Direction,
    ReuseKind,
    ReuseLink,
    ReuseSketch,
    SharedPassage,
    SourceFamily,
)
from storyline.model.runs import (
    RunRecord,
    StageVersion,
)
from storyline.model.stories import (
    IndexPosting,
    LeadVector,
    RelatedStory,
    SentenceVector,
    Story,
    StoryAssignment,
    StoryChange,
    StoryState,
    TermCount,
    WindowMember,
)

# Every record the store keeps in a table of its own, in the order their tables were created.
STORED_RECORDS: tuple[type[Any], ...] = (
    Report,
    Article,
    Rejection,
    ReuseLink,
    SourceFamily,
    Analysis,
    Entity,
    StoryAssignment,
    Story,
    StoryChange,
    Claim,
    Conflict,
    AlignedQuote,
    StorySummary,
    ReuseSketch,
    LeadVector,
    StoryState,
    IndexPosting,
    TermCount,
    WindowMember,
    Correction,
    Event,
    EventInputs,
    SentenceVector,
    RunRecord,
)

__all__ = [
    "STORED_RECORDS",
    "Actor",
    "AlignedQuote",
    "Analysis",
    "Argument",
    "Article",
    "Claim",
    "Clause",
    "Conflict",
    "Correction",
    "CorrectionKind",
    "Coverage",
    "CoverageRow",
    "DateOrigin",
    "Direction",
    "Entity",
    "Event",
    "EventConflict",
    "EventInputs",
    "EventMention",
    "EventStatus",
    "IndexPosting",
    "JsonValue",
    "LeadVector",
    "Mention",
    "OffsetRun",
    "Place",
    "Quantity",
    "Quote",
    "QuoteRendering",
    "Referent",
    "Rejection",
    "RejectionReason",
    "RelatedStory",
    "Report",
    "ReuseKind",
    "ReuseLink",
    "ReuseSketch",
    "RunRecord",
    "Sentence",
    "SentenceVector",
    "SharedPassage",
    "SourceFamily",
    "SourceKind",
    "StageVersion",
    "Story",
    "StoryAssignment",
    "StoryChange",
    "StoryState",
    "StorySummary",
    "SummarySentence",
    "Support",
    "TermCount",
    "TimeExpression",
    "WindowMember",
    "content_id",
    "failure_rejection",
    "failure_rejection_id",
    "speakers_shown",
]
