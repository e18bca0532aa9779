"""The REST API's response and request shapes, as served in its OpenAPI schema.

Field names are the exports' (``tests/web/test_api.py`` checks each row against the rows of the
matching ``storyline export``); what only the desk shows is named here. Every model forbids
fields it does not declare, so a row that grows a field the schema lacks fails loudly.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid")


# -- stories (export stories --per story) -------------------------------------------------------


class RelatedRef(_Row):
    story_id: str
    reason: str


class StoryRow(_Row):
    story_id: str
    title: str
    start: str | None
    end: str | None
    place: str | None
    participants: list[str]
    article_count: int
    family_count: int = Field(description="independent source families among its articles")
    claim_count: int
    conflict_count: int
    outlets: list[str]
    article_ids: list[str]
    source_ids: list[str]
    related: list[RelatedRef]
    single_source: bool = Field(description="every article comes from one source family")


class StoryList(_Row):
    total: int = Field(description="stories matching the filters, over all pages")
    offset: int
    limit: int
    stories: list[StoryRow]


# -- claims and conflicts (export claims, export conflicts) -------------------------------------


class SupportRow(_Row):
    source_id: str
    outlet: str
    article_id: str
    sentence: int
    start: int
    end: int
    text: str
    raw_start: int | None
    raw_end: int | None
    family_id: str
    background: bool


class ClaimRow(_Row):
    story_id: str
    claim_id: str
    text: str
    article_count: int
    family_count: int = Field(description="independent source families stating it")
    single_source: bool
    importance: float
    outlets: list[str]
    source_ids: list[str]
    families: list[str]
    supports: list[SupportRow]
    conflict_partners: list[str]


class ConflictSide(_Row):
    claim_id: str
    text: str | None = None
    source_ids: list[str] = []
    outlets: list[str] = []
    families: list[str] = []
    supports: list[SupportRow] = []


class ConflictSentence(_Row):
    article_id: str
    outlet: str
    sentence: int
    start: int
    end: int
    text: str
    background: bool
    differs: list[str] = Field(description="the values that differ, as they appear in it")


class CorrectionRow(_Row):
    correction_id: str
    kind: Literal["split", "merge", "move", "dismiss-conflict", "confirm-conflict"]
    seq: int
    made_at: str
    story_id: str | None
    from_story_id: str | None
    new_story_id: str | None
    article_ids: list[str]
    conflict_id: str | None
    a_supports: list[str]
    b_supports: list[str]
    note: str
    conflict_summary: str | None


class ConflictRow(_Row):
    story_id: str
    conflict_id: str
    kind: str
    summary: str
    confidence: float
    reason: str
    claim_a: ConflictSide
    claim_b: ConflictSide
    sentences: list[ConflictSentence] = Field(description="the two sentences that disagree")
    decision: CorrectionRow | None = Field(description="the editor's latest word on it")


# -- summary, quotes, families (export summaries, aligned-quotes, families) ---------------------


class CitationRow(_Row):
    article_id: str
    source_id: str | None
    outlet: str
    sentence: int
    start: int
    end: int
    text: str
    family_id: str
    background: bool


class SummaryRow(_Row):
    story_id: str
    rank: int
    claim_id: str
    text: str
    family_count: int
    outlets: list[str]
    citations: list[CitationRow]


class RenderingRow(_Row):
    article_id: str
    source_id: str | None
    outlet: str
    quote_id: str
    kind: str
    start: int
    end: int
    text: str


class AlignedQuoteRow(_Row):
    story_id: str
    aligned_id: str
    speaker_name: str | None
    speaker_entity_id: str | None
    co_speakers: list[str]
    outlets: list[str]
    renderings: list[RenderingRow]


class FamilyRow(_Row):
    family_id: str
    article_count: int
    outlets: list[str]
    article_ids: list[str]
    source_ids: list[str]
    story_ids: list[str]


# -- the story page -----------------------------------------------------------------------------


class Signal(_Row):
    signal: str
    weight: float = Field(description="its configured weight in the joining score")
    value: float
    detail: str


class Why(_Row):
    how: Literal["founded the story", "joined", "placed by an editor"]
    score: float = Field(description="the stories engine's joining score (0 for a founder)")
    threshold: float
    weights: dict[str, float]
    signals: list[Signal]
    correction_id: str | None


class StoryArticle(_Row):
    article_id: str
    source_id: str | None
    outlet: str
    title: str | None
    url: str | None
    published: str | None
    seq: int
    score: float
    family_id: str | None
    why: Why


class CoverageLine(_Row):
    claim_id: str
    reported_by: list[bool]


class CoverageGrid(_Row):
    story_id: str
    outlets: list[str]
    rows: list[CoverageLine]


class RelatedStoryRow(_Row):
    story_id: str
    title: str
    reason: str
    recounted_claims: list[str]
    recounted_count: int
    copied_passages: int
    shared_names: list[str]


class StoryChangeRow(_Row):
    change_id: str
    kind: str
    story_ids: list[str]
    result_ids: list[str]
    reason: str


class StoryDetail(_Row):
    story: StoryRow
    articles: list[StoryArticle]
    families: list[FamilyRow]
    summary: list[SummaryRow]
    claims: list[ClaimRow]
    conflicts: list[ConflictRow]
    quotes: list[AlignedQuoteRow]
    coverage: CoverageGrid
    related: list[RelatedStoryRow]
    changes: list[StoryChangeRow]
    corrections: list[CorrectionRow]
    claims_current: bool = Field(
        description="false when an editor changed its articles since its claims were computed"
    )


# -- articles -----------------------------------------------------------------------------------


class ArticleRecord(_Row):
    id: str | None = Field(description="the source's own identifier (export articles `id`)")
    article_id: str
    url: str | None
    source: str | None = Field(description="the outlet as the record gave it")
    outlet: str
    title: str | None
    author: str | None
    published: str | None
    date_origin: str
    place: str | None
    language: str | None
    origin: str
    text: str
    metadata: dict[str, Any]


class SentenceSpan(_Row):
    sentence: int
    start: int
    end: int


class Span(_Row):
    kind: Literal["claim", "quote", "mention", "passage"]
    start: int
    end: int
    ref: str | None
    label: str
    story_id: str | None = None
    family_count: int | None = None
    background: bool | None = None
    in_conflict: bool | None = None
    speaker_entity_id: str | None = None
    entity_kind: str | None = None
    other_article_id: str | None = None


class Passage(_Row):
    link_id: str
    kind: str
    relation: Literal["came from", "copied by", "shared with"]
    start: int
    end: int
    similarity: float
    other_article_id: str
    other_outlet: str
    other_title: str | None
    other_start: int
    other_end: int
    text: str


class EntityRef(_Row):
    entity_id: str
    name: str
    kind: str


class ArticleDetail(_Row):
    article: ArticleRecord
    story_id: str | None
    story_title: str | None
    analysed: bool
    sentences: list[SentenceSpan]
    spans: list[Span]
    passages: list[Passage]
    entities: list[EntityRef]


class ArticleListRow(_Row):
    article_id: str
    source_id: str | None
    outlet: str
    title: str | None
    published: str | None
    story_id: str | None


class ArticleList(_Row):
    total: int
    offset: int
    limit: int
    articles: list[ArticleListRow]


# -- entities, search, stats --------------------------------------------------------------------


class EntityRow(_Row):
    entity_id: str
    kind: str
    name: str
    aliases: list[str]
    titles: list[str]
    nationality: str | None
    role: str | None


class EntityList(_Row):
    total: int
    offset: int
    limit: int
    entities: list[EntityRow]


class EntityArticle(_Row):
    article_id: str
    outlet: str
    title: str | None
    mentions: int
    story_id: str | None


class EntityStory(_Row):
    story_id: str
    title: str
    start: str | None
    article_count: int
    mentioning: int


class EntityQuote(_Row):
    article_id: str
    quote_id: str
    kind: str
    text: str
    start: int
    end: int


class EntityDetail(_Row):
    entity: EntityRow
    articles: list[EntityArticle]
    stories: list[EntityStory]
    quotes: list[EntityQuote]


class SearchHit(_Row):
    article_id: str
    source_id: str | None
    title: str | None
    snippet: str
    score: float
    outlet: str
    story_id: str | None


class SearchResult(_Row):
    query: str
    hits: list[SearchHit]


class Stats(_Row):
    records: dict[str, int]
    rejections_by_reason: dict[str, int]
    outlets: int
    schema_version: int


# -- writes -------------------------------------------------------------------------------------


class Session(_Row):
    csrf_token: str = Field(description="send it back as the X-CSRF-Token header on every write")


class CorrectionRequest(_Row):
    kind: Literal["split", "merge", "move", "dismiss-conflict", "confirm-conflict"]
    story_id: str | None = Field(
        None, description="split: the story split; merge: the story kept; move: the destination"
    )
    other_story_id: str | None = Field(None, description="merge: the story folded in")
    article_ids: list[str] = Field(
        [], description="split: the articles that leave; move: those moved"
    )
    conflict_id: str | None = Field(None, description="dismiss-conflict, confirm-conflict")
    note: str = ""


class IngestResult(_Row):
    lines: list[str]
    read: int
    new: int
    known: int
    rejected: int


class Problem(_Row):
    detail: str
