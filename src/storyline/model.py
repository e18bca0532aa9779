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

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar, Literal

# JSON-compatible metadata carried through from sources (unknown JSONL/CSV fields, feed tags).
JsonValue = Any


def content_id(prefix: str, *parts: str | None) -> str:
    """A stable, content-derived ID: ``prefix`` + 16 hex chars of SHA-256 over the parts.

    Parts are joined with a separator that cannot occur in text we hash, so ("ab", "c") and
    ("a", "bc") differ, and ``None`` differs from the empty string.
    """
    digest = hashlib.sha256()
    for part in parts:
        digest.update(b"\x00" if part is None else b"\x01" + part.encode("utf-8"))
        digest.update(b"\x1f")
    return f"{prefix}_{digest.hexdigest()[:16]}"


# --------------------------------------------------------------------------------------------
# ingest and clean
# --------------------------------------------------------------------------------------------

SourceKind = Literal["text", "html", "jsonl", "csv", "rss", "warc", "url"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    """One input document as read by ingest, before cleaning.

    ``text`` is the raw main text (for HTML: what trafilatura extracted); the clean stage maps
    every kept character of the cleaned text back to an offset in it.
    """

    KEY: ClassVar[str] = "report_id"

    report_id: str
    origin: str  # where it was read from: a path, "path#L12" for a JSONL line, or a URL
    kind: SourceKind
    text: str
    source_id: str | None = None  # the source's own identifier: JSONL/CSV `id`, else the URL
    url: str | None = None
    outlet: str | None = None  # publisher, from the record or the URL's domain
    title: str | None = None
    author: str | None = None
    published: datetime | None = None
    language: str | None = None
    metadata: dict[str, JsonValue] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class OffsetRun:
    """``length`` characters copied unchanged from raw offset ``raw`` to clean offset ``clean``."""

    clean: int
    raw: int
    length: int


DateOrigin = Literal["metadata", "html", "dateline", "text", "none"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """One cleaned report: the unit every later stage works on.

    ``article_id`` derives from the outlet (or URL) and the normalized text, so re-ingesting the
    same article is a no-op while the same text published by two outlets is two articles.
    """

    KEY: ClassVar[str] = "article_id"

    article_id: str
    report_id: str
    origin: str
    kind: SourceKind
    text: str  # cleaned text; every offset in later stages points into it
    source_id: str | None = None
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    author: str | None = None
    published: datetime | None = None
    date_origin: DateOrigin = "none"  # where `published` came from
    place: str | None = None  # dateline place ("ISLAMABAD"), when the text gives one
    language: str | None = None
    offsets: tuple[OffsetRun, ...] = ()  # clean -> raw mapping into Report.text
    metadata: dict[str, JsonValue] = field(default_factory=dict)


RejectionReason = Literal[
    "empty-text",
    "binary",
    "undecodable",
    "oversized",
    "unreadable",
    "unsupported-kind",
    "bad-record",
    "fetch-failed",
    "blocked-address",
    "not-found",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class Rejection:
    """An input that could not become an article, kept so it is counted and explainable."""

    KEY: ClassVar[str] = "rejection_id"

    rejection_id: str
    record_id: str  # what was rejected: a path, "path#L12", a URL
    stage: str  # "ingest", "clean", ...
    reason: RejectionReason
    detail: str = ""


# --------------------------------------------------------------------------------------------
# reuse
# --------------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------------
# analyze
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Mention:
    """A named-entity mention, cleaned of the model's slips, with the entity it resolves to."""

    start: int
    end: int
    text: str
    label: str  # spaCy label: PERSON, ORG, GPE, LOC, NORP, FAC, DATE, ...
    sentence: int
    entity_id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Quote:
    """Who said what. The speaker is kept both as written at the cue and as the resolved entity."""

    quote_id: str
    sentence: int
    kind: Literal["direct", "indirect", "mixed"]
    content_start: int
    content_end: int
    content: str
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    speaker_text: str | None = None  # "he", "the premier", "Putin": the words at the cue
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_entity_id: str | None = None  # None when the speaker cannot be resolved
    speaker_name: str | None = None  # the resolved entity's canonical name


@dataclass(frozen=True, slots=True, kw_only=True)
class TimeExpression:
    start: int
    end: int
    text: str
    kind: Literal["DATE", "TIME", "DURATION", "SET"]
    sentence: int
    value: str | None = None  # ISO value resolved against the publication date; None if unknown


@dataclass(frozen=True, slots=True, kw_only=True)
class Quantity:
    """A number as written, the interval of values it allows, and what it counts."""

    start: int
    end: int
    text: str  # "nearly 300", "$716 billion", "four"
    low: float  # "nearly 300" allows 270-300, a round "300" 285-315, "297" just 297
    high: float  # inf for "more than ..."
    unit: str = ""  # "%", "USD", a measure ("mile"), or "" for a count
    counted: str = ""  # lemma of what it counts ("people", "officer"), "" when the parse says none


@dataclass(frozen=True, slots=True, kw_only=True)
class Argument:
    """One argument of a clause as a phrase of the text: who acts, who undergoes it, and the
    prepositional phrases hung on the verb or its object ("sanctions on Iran", "aid to Gaza").
    The events stage reads actors and places from these spans (names, nationalities, titles)."""

    role: Literal["agent", "patient", "oblique"]
    start: int  # the phrase, without relative clauses and appositions hung on it
    end: int
    head: str  # lemma of the phrase's head word
    preposition: str = ""  # obliques: "to", "against", "with", "on", "from", ...


@dataclass(frozen=True, slots=True, kw_only=True)
class Clause:
    """One predicate of a sentence, who it involves and the values attached to it, read off the
    parse: what tells two statements of one fact from two facts, and a contradiction from two
    different things ("four people struck" and "six people injured" count different things)."""

    sentence: int
    start: int  # the predicate word
    end: int
    predicate: str  # lemma, with its particle ("call off")
    negated: bool = False
    modal: str = ""  # "will", "would", "if", "plan", "?": not asserted as having happened
    agents: tuple[str, ...] = ()  # who does it: name keys (surnames for people) or noun lemmas
    patients: tuple[str, ...] = ()  # whom or what it is done to
    quantities: tuple[Quantity, ...] = ()
    dates: tuple[str, ...] = ()  # resolved ISO values of the time expressions attached to it
    places: tuple[str, ...] = ()  # where it happens ("in Beijing"), as name keys
    # How the clause hangs in its sentence (analysis a3): the dependency label of the predicate
    # ("ROOT", "xcomp" for "agreed to *meet*", "ccomp" for "said it *will withdraw*", "conj",
    # "advcl", ...) and the start of the predicate it hangs on (None at the root), so a
    # commitment, a threat or a demand can be read with what it commits to.
    relation: str = ""
    governor: int | None = None
    link: str = ""  # the head word between them when it is no verb: "ready", "plan", "call"
    passive: bool = False
    arguments: tuple[Argument, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Analysis:
    """Everything the language analysis found in one article."""

    KEY: ClassVar[str] = "article_id"

    article_id: str
    model: str  # e.g. "en_core_web_sm-3.8.0+a2": the spaCy model and the analysis version
    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[Mention, ...] = ()
    quotes: tuple[Quote, ...] = ()
    times: tuple[TimeExpression, ...] = ()
    clauses: tuple[Clause, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Entity:
    """One person, organization or place across the corpus, with every alias seen for it."""

    KEY: ClassVar[str] = "entity_id"

    entity_id: str
    kind: str  # PERSON, ORG, GPE, ...
    name: str  # canonical (most complete) name
    aliases: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()  # "President", "Prime Minister"
    nationality: str | None = None  # "Russia" for "Russian President"
    role: str | None = None  # "head of state", "head of government", ...


# --------------------------------------------------------------------------------------------
# stories
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryAssignment:
    """Which story an article joined, in arrival order, and how well it matched."""

    KEY: ClassVar[str] = "article_id"

    article_id: str
    story_id: str
    seq: int  # arrival position (publication order, ingest order where no date is known)
    score: float  # similarity to the story it joined; 0.0 when it started the story


@dataclass(frozen=True, slots=True, kw_only=True)
class RelatedStory:
    story_id: str
    reason: str  # "shared participants: Vladimir Putin, Shehbaz Sharif"


@dataclass(frozen=True, slots=True, kw_only=True)
class Story:
    KEY: ClassVar[str] = "story_id"

    story_id: str
    title: str
    article_ids: tuple[str, ...]
    start: datetime | None = None
    end: datetime | None = None
    place: str | None = None
    participants: tuple[str, ...] = ()
    related: tuple[RelatedStory, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class LeadVector:
    """An article's sentence vector of title + lead, kept so a later run embeds only new articles.

    ``vector`` is base64 of little-endian float32 values; ``model`` names the embedding model
    that produced it (a vector of another model is computed again, never mixed in).
    """

    KEY: ClassVar[str] = "article_id"

    article_id: str
    model: str
    vector: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SentenceVector:
    """One text's vector under one encoder, computed once and read back by every stage after.

    ``vector_id`` is ``content_id("sv", encoder, text)``: the same text under the same encoder
    is never encoded twice, and a vector of another encoder (another model, or the same model
    through another runtime) has another key, so the two never mix. ``vector`` is base64 of
    little-endian float32 values. The text itself is not kept (the analyses hold it).
    """

    KEY: ClassVar[str] = "vector_id"

    vector_id: str
    encoder: str
    vector: str


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryState:
    """The stories engine's running sums for one open story, kept between runs.

    A later run loads the states of the stories an arriving article can join (found through
    ``IndexPosting``), not every stored article: adding one article never reads the whole store.
    Weights are base64 little-endian float64 (float32 for the vector sum), parallel to their keys.
    """

    KEY: ClassVar[str] = "story_id"

    story_id: str
    founded_seq: int
    article_ids: tuple[str, ...] = ()  # in arrival order
    titles: tuple[str, ...] = ()  # the members' headlines, parallel to article_ids
    lex_keys: tuple[str, ...] = ()  # sum of the members' unit TF-IDF vectors
    lex_weights: str = ""
    ent_keys: tuple[str, ...] = ()  # sum of the members' unit entity vectors
    ent_weights: str = ""
    vector_sum: str = ""  # sum of the members' lead vectors
    event_dates: tuple[str, ...] = ()  # ISO dates of the members' events
    years: dict[str, int] = field(default_factory=dict)
    published: tuple[datetime, ...] = ()
    places: dict[str, int] = field(default_factory=dict)
    people: dict[str, int] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    index_keys: tuple[str, ...] = ()  # the keys it is posted under


@dataclass(frozen=True, slots=True, kw_only=True)
class IndexPosting:
    """The most recent stories posted under one index key (a distinctive term or an entity)."""

    KEY: ClassVar[str] = "term"

    term: str
    story_ids: tuple[str, ...]  # oldest first; at most the engine's postings_per_key


@dataclass(frozen=True, slots=True, kw_only=True)
class TermCount:
    """How many assigned articles carry a term or entity key: the stories engine's IDF."""

    KEY: ClassVar[str] = "term"

    term: str
    documents: int


@dataclass(frozen=True, slots=True, kw_only=True)
class WindowMember:
    """A recent article as the stories engine added it, kept while it is inside the revision
    window (the last ``revise_window`` arrivals), so a revision re-decides its story without
    reading its analysis again. Weights are base64 little-endian float64, parallel to the keys;
    ``vector`` is its lead vector (base64 little-endian float32) as it was scored."""

    KEY: ClassVar[str] = "article_id"

    article_id: str
    seq: int
    title: str
    published: datetime | None = None
    event_date: str | None = None  # ISO date
    years: tuple[int, ...] = ()
    lex_keys: tuple[str, ...] = ()  # its unit TF-IDF vector as it was added
    lex_weights: str = ""
    ent_keys: tuple[str, ...] = ()
    ent_weights: str = ""
    index_keys: tuple[str, ...] = ()
    names: dict[str, str] = field(default_factory=dict)
    people: tuple[str, ...] = ()
    place: str | None = None
    lead_copies: tuple[str, ...] = ()
    lead_people: tuple[str, ...] = ()  # surnames named in the lead, as word forms
    lead_venues: tuple[str, ...] = ()  # where the lead puts the event, word forms by spaces
    vector: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryChange:
    """A merge or split of stories, recorded so that no change is silent.

    A story ID in ``story_ids`` but not in ``result_ids`` is gone; ``result_ids[0]`` is its
    successor (the story most of its articles went to)."""

    KEY: ClassVar[str] = "change_id"

    change_id: str
    kind: Literal["merge", "split"]
    story_ids: tuple[str, ...]  # stories before the change
    result_ids: tuple[str, ...]  # stories after it, the one taking most articles first
    reason: str = ""


# --------------------------------------------------------------------------------------------
# claims
# --------------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------------
# the editor's corrections
# --------------------------------------------------------------------------------------------

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


# --------------------------------------------------------------------------------------------
# events
# --------------------------------------------------------------------------------------------

EventStatus = Literal["happened", "future", "hypothetical", "denied", "question"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Place:
    """A place name resolved against the gazetteer (GeoNames, offline). ``feature`` is "city",
    "state" or "country"; "unresolved" keeps a name that matched nothing as text only.
    Countries carry no coordinates (GeoNames' country table has none)."""

    text: str  # as written
    name: str  # the gazetteer's name
    country: str | None = None  # ISO-3166 alpha-3
    latitude: float | None = None
    longitude: float | None = None
    geonameid: int | None = None
    feature: str = "unresolved"


@dataclass(frozen=True, slots=True, kw_only=True)
class Actor:
    """Who acts or is acted on, as written, with the resolved entity, country and sector."""

    text: str
    start: int
    end: int
    name: str  # the resolved entity's canonical name, else the text
    entity_id: str | None = None
    country: str | None = None  # ISO-3166 alpha-3, "IGO" for the UN, NATO, the EU, ...
    sector: str | None = None  # GOV, MIL, REB, OPP, BUS, MED, CVL, COP, JUD, LEG, ...
    label: str = ""  # the named entity's label (PERSON, ORG, GPE, ...); "" for a phrase


@dataclass(frozen=True, slots=True, kw_only=True)
class EventMention:
    """One sentence's report of an event, coded in PLOVER and CAMEO, with its provenance."""

    mention_id: str
    article_id: str
    sentence: int
    start: int  # the sentence's span in the article's cleaned text
    end: int
    trigger_start: int  # the predicate's span
    trigger_end: int
    trigger: str  # its lemma ("meet", "call off")
    plover: str  # one of the 16 PLOVER types
    mode: str = ""  # PLOVER mode where the text says it ("visit", "strike", "arrest")
    cameo: str = ""  # CAMEO code (3-4 digits)
    quad_class: int = 0  # CAMEO quad class 1-4
    status: EventStatus = "happened"  # what is not asserted as having happened is kept, marked
    sources: tuple[Actor, ...] = ()
    targets: tuple[Actor, ...] = ()
    place: Place | None = None
    date: str | None = None  # ISO value resolved against the publication date; None: unknown
    method: str = "lexicon"  # "lexicon", "pattern" or "nearest" (the prototype decision)
    confidence: float = 1.0
    text: str = ""  # the sentence


@dataclass(frozen=True, slots=True, kw_only=True)
class EventConflict:
    """Two mentions of one event that disagree about one of its arguments."""

    kind: str  # "date", "place", "source", "target"
    mention_a: str
    mention_b: str
    reason: str  # quoting both values with the articles that give them


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """One real-world event of a story with every mention behind it: the record GDELT and
    POLECAT do not have (they keep one row per sentence, copies counted as sources)."""

    KEY: ClassVar[str] = "event_id"

    event_id: str
    story_id: str
    plover: str
    cameo: str
    quad_class: int
    status: EventStatus
    mode: str = ""
    source_name: str = ""
    source_country: str | None = None
    source_sector: str | None = None
    target_name: str = ""
    target_country: str | None = None
    target_sector: str | None = None
    place: Place | None = None
    date: str | None = None
    mentions: tuple[EventMention, ...] = ()
    article_ids: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    family_count: int = 0  # independent source families among the mentions' articles
    conflicts: tuple[EventConflict, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class EventInputs:
    """What a story's events were computed from, so the stage recomputes only changed stories:
    the events config fingerprint and "article_id:family_id:analysis model" per article."""

    KEY: ClassVar[str] = "story_id"

    story_id: str
    inputs: tuple[str, ...]


# --------------------------------------------------------------------------------------------
# runs
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class StageVersion:
    """One stage as a run ran it: its algorithm, its fingerprint (``config.stage_fingerprint`` of
    its settings and rules, what the claims and events stages store with their results) and its
    one-line result ("" when the run did not reach it)."""

    stage: str
    algorithm: str
    fingerprint: str
    result: str = ""
    # Items the stage made or remade in the run: new articles (ingest, clean, reuse), articles
    # analysed, articles assigned (stories), stories recomputed (claims, events).
    made: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class RunRecord:
    """One `storyline run` or `ingest` over a store, recorded when it starts and again when it
    ends (``finished`` None: it was interrupted, or is still going), with the effective
    configuration, so every stored result can be traced to the settings that made it."""

    KEY: ClassVar[str] = "run_id"

    run_id: str
    number: int  # 1, 2, ... in the order runs started on this store
    command: Literal["run", "ingest"]
    started: datetime
    finished: datetime | None = None
    config_fingerprint: str
    config: dict[str, JsonValue] = field(default_factory=dict)  # the effective configuration
    stages: tuple[StageVersion, ...] = ()
    new_articles: int = 0


# --------------------------------------------------------------------------------------------

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
