"""Configuration: one frozen dataclass per stage, defaults in code, TOML overrides.

A TOML file has one table per stage (``[ingest]``, ``[reuse]``, ...); any key it sets replaces the
default, and an unknown table or key is a :class:`ConfigError` naming it. ``fingerprint()`` hashes
the effective configuration so stored results can say which settings produced them.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storyline.errors import ConfigError

# The metadata of a setting that changes how the work is spread, never what it produces: left
# out of the stage's fingerprint (stage_fingerprint), so changing it recomputes nothing.
NO_EFFECT = {"no_effect": True}


@dataclass(frozen=True, slots=True, kw_only=True)
class IngestConfig:
    max_text_bytes: int = 5_000_000  # larger inputs are rejected as "oversized"
    # Raw bytes of one document before extraction (an HTML or feed file, one JSONL line or CSV
    # row, one WARC record's payload); larger ones are "oversized" and never read whole.
    max_raw_bytes: int = 20_000_000
    fetch_timeout_s: float = 20.0
    max_fetch_bytes: int = 10_000_000
    user_agent: str = "storyline/0.1 (+https://github.com/storyline-news/storyline)"
    # Fetching private, loopback and link-local addresses is refused unless allowed (tests do).
    allow_private_addresses: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class CleanConfig:
    min_text_chars: int = 1  # shorter cleaned texts are rejected as "empty-text"
    detect_language: bool = True
    # Shorter texts keep language None: detectors guess wildly on a line or two.
    min_language_chars: int = 100
    straight_quotes: bool = True  # curly quotes and primes become ' and "
    # Head/tail zones (before the first / after the last body line): shorter lines without
    # sentence punctuation are labels. Checked by tests/test_clean_evalsets.py (articles of
    # basil and ecbplus keep > 90% of their characters) and the seed goldens.
    head_label_max_words: int = 3
    tail_label_max_words: int = 3
    body_min_words: int = 8  # a body line has at least this many words and a sentence end
    lead_lines: int = 8  # kept lines at the top where a dateline, stamp or lead caption may be


@dataclass(frozen=True, slots=True, kw_only=True)
class ReuseConfig:
    algorithm: str = "winnow-v1"  # a key of storyline.reuse.ALGORITHMS
    shingle_tokens: int = 4  # words per shingle hashed for copy candidates
    # Winnowing window: any shared run of window + shingle_tokens - 1 words yields a shared
    # fingerprint. 8 keeps passage recall >= 0.95 at ~0.2 fingerprints per word
    # (benchmarks/reuse_bench.py).
    window: int = 8
    min_shared_fingerprints: int = 2  # a pair sharing fewer is not a candidate
    # A copy fingerprint in more articles pairs each with its first few holders only (a wire
    # story reprinted by hundreds); a key-term fingerprint in more is boilerplate, skipped.
    max_fingerprint_articles: int = 200
    min_passage_tokens: int = 12  # shorter shared runs are common phrases, not copying
    max_gap_tokens: int = 12  # an edit (typo, dropped clause) up to this long stays in one passage
    duplicate_containment: float = 0.9  # both ways at least this: "duplicate"
    family_containment: float = 0.15  # copying at least this share of either article joins families
    paraphrase: bool = True  # also look for same-facts-same-order pairs without verbatim copying
    # Key-term fingerprints a pair must share to be checked for paraphrase. Seeds 002/004 share 8;
    # 4 cuts the spurious candidates of benchmarks/reuse_bench.py by most.
    paraphrase_min_shared_fingerprints: int = 4
    paraphrase_min_sentences: int = 3  # aligned sentences needed to call a pair a paraphrase
    paraphrase_threshold: float = 0.1  # minimum paraphrase score (seeds 002/004: see docs/reuse.md)


@dataclass(frozen=True, slots=True, kw_only=True)
class AnalyzeConfig:
    model: str = "en_core_web_sm"
    batch_size: int = 32
    # ... and at most this many characters a batch (past its first article): spaCy's memory
    # grows with a batch's text, and 32 long articles took a parsing process past 1 GB.
    batch_chars: int = 64_000
    # Worker processes for parsing and analysing (each a batch at a time) when there are at
    # least 4 batches a process; 2 uses both cores of a laptop (benchmarks/pipeline_speed.py).
    n_process: int = 2


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryConfig:
    algorithm: str = "online-v3"  # a key of storyline.stories.ALGORITHMS
    # Combined similarity of an article to a story (see stories.py). Weights and thresholds were
    # set on benchmarks/stories_quality.py (ECB+ dev and BASIL, one setting for both): the three
    # content weights from a logistic fit on same-topic article pairs, the rest by grid search.
    weight_lexical: float = 0.41
    weight_semantic: float = 0.31
    weight_entities: float = 0.27
    weight_time: float = 0.3  # subtracted, growing with the days between the events' dates
    # Without two dates to compare: subtracted when the article and the story name no year in
    # common, added when their latest named years agree (stories.named_years).
    weight_year: float = 0.3
    weight_year_match: float = 0.2
    year_chars: int = 3000  # years are read from this many characters at the top of the text
    # Added when a member and the article share a copied or paraphrased passage that opens both
    # (starts within lead_reuse_chars of each text; reuse links). ECB+ 0.917 -> 0.921 from 150
    # characters to 400, BASIL unchanged; at 400 the bundled sample's farmers' march, whose
    # second paragraph recycles the pact's lead, joined the pact story.
    weight_lead_reuse: float = 0.2
    lead_reuse_chars: int = 150
    weight_place: float = 0.0  # added when the main places agree (no gain on the benchmark)
    # Subtracted from a pair's score in a revision when one lead names two people and a venue
    # the other article never names (stories.pair_scores.frame_conflicts); splits seed 003 off.
    weight_frame: float = 0.15
    lead_chars: int = 400  # the lead: this many characters after the title
    lead_boost: float = 1.0  # extra count of a word or entity in the title or lead
    join_threshold: float = 0.35
    merge_threshold: float = 0.6  # an article matching two stories this well merges them
    # Stories this similar in content but not joined (other event, or outside the time window)
    # are linked as related; set on the seeds (tests/test_stories.py).
    related_threshold: float = 0.3
    time_window_days: int = 14  # stories whose event is further away are not candidates
    # ... unless the article is a follow-up: dated in another year than the story, it names the
    # story's year or the story's reports name its year (a trial of a 2010 shooting, a killing
    # recalled by the next year's reports). It may then join, with this subtracted instead of
    # the time penalty (stories.is_follow_up; ECB+ 0.921 -> 0.924, BASIL unchanged).
    weight_follow_up: float = 0.2
    # Revision (stories.revision): after a batch of arrivals, and every revise_every arrivals
    # within one, the recent articles' stories are re-decided by average link over a pair score
    # that adds shared neighbours to the online score. Set on benchmarks/stories_quality.py.
    revise_window: int = 1000  # the last this many arrivals can move; 0 turns revision off
    revise_every: int = 25
    revise_scope: float = 0.25  # stories an arrival scored this well against are revised with it
    revise_neighbours: int = 5  # an article's closest articles ...
    revise_neighbour_score: float = 0.35  # ... scoring at least this are its neighbours
    revise_shared_weight: float = 0.85  # weight of the shared-neighbour share in the pair score
    revise_threshold: float = 0.16  # average pair score at which two groups are one story
    revise_floor: float = 0.2  # a lone article's online pair scores must average this too
    # Candidate index (bounded cost per article): benchmarks/stories_speed.py.
    index_terms: int = 12
    index_entities: int = 8
    postings_per_key: int = 50
    max_candidates: int = 30
    # Story description.
    participant_share: float = 0.5  # a participant is named in at least this share of articles
    max_participants: int = 5


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimConfig:
    algorithm: str = "claims-v2"
    # A sentence (or line of one) shorter than this many words is no claim ("By |", "— Reuters").
    min_words: int = 5
    # Light edits: a rapidfuzz ratio at least this high over normalized text merges two sentences.
    verbatim_min_ratio: float = 90.0
    # Paraphrases: 0.5 * MiniLM cosine + 0.5 * IDF-weighted Dice of content words (+ frame_bonus
    # when they share a predicate with a participant) at least this, cosine at least
    # link_min_cosine, and no contradiction between them. Tuned on claims-gold (see
    # docs/claims.md for the figures on the half not tuned on).
    paraphrase_min_score: float = 0.45
    link_min_cosine: float = 0.4
    frame_bonus: float = 0.1
    # Added to the grouping score for each anchor (a resolved date, a figure, a content predicate)
    # two statements share that few statements of the story share (at most two count); not read
    # by the contradiction rules. Set on half A of claims-gold (benchmarks/claims_quality.py):
    # 0.05 and 0.08 gave the same, 0.15 raised a false conflict.
    anchor_bonus: float = 0.05
    # Complete-link floor: every pair of sentences in one claim scores at least this, so a long
    # sentence cannot chain two different facts into one claim.
    link_min_score: float = 0.4
    # At most this many sentences of one article in one claim (a lead and its restatement).
    max_per_article: int = 2
    # A sentence of an article a claim lacks joins it too (a sentence may state two facts) when
    # it scores at least this with every sentence of the claim.
    extend_min_score: float = 0.45
    # A related story's sentence (another event) is shown as a claim's support only when its
    # plain paraphrase score (no anchor or predicate bonus) with every statement of the story
    # in the claim is at least this. Set on 28 background supports of BASIL claims read by
    # hand (rules revision 14: 8 restated the fact, 20 did not; at 0.55, 5 and 2 stay), judged
    # again on another draw (docs/claims.md, revision 15).
    background_min_score: float = 0.55
    # Two statements are compared for a contradiction when they score at least this: alike
    # enough to sit in one claim (``link_min_score``). At 0.45 a pair that one claim had held
    # together was never compared once an altered name split it (the injection's restatements
    # of another holder of one office); at 0.4 no new conflict over BASIL or ECB+.
    conflict_min_score: float = 0.4
    # Contradictions less sure than this are not reported (0.5 to 0.9; see docs/claims.md).
    conflict_min_confidence: float = 0.5
    # Quote alignment: same speaker and a content score (as for paraphrases) at least this, or a
    # short quoted phrase of the other; every two renderings of one remark at least
    # quote_link_min_score (complete link). Tuned on the seeds' real quotes
    # (tests/claims/test_seeds.py).
    quote_min_score: float = 0.55
    quote_link_min_score: float = 0.45
    summary_sentences: int = 5
    # A summary sentence this similar to one already chosen is redundant and skipped.
    summary_max_cosine: float = 0.75
    # Worker processes that make stories' claims when a run recomputes at least 8 stories a
    # process (engines/local_claims.py); 2 uses both cores of a laptop. The records are the same
    # with any number, so it is no part of the stage's fingerprint.
    processes: int = field(default=2, metadata=NO_EFFECT)


@dataclass(frozen=True, slots=True, kw_only=True)
class EventConfig:
    algorithm: str = "events-v1"
    # A sentence no lexicon entry codes is coded by its nearest prototype (events/lexicon.py)
    # only when the MiniLM cosine (mean of the type's two best) reaches this; below, it is no
    # event. Set on the tune half of plover-gsr (benchmarks/events_quality.py).
    nearest_min_similarity: float = 0.55
    # Two mentions of one story are one event when nothing rules it out (events/merge.py) and
    # their score (the MiniLM cosine of their sentences; for two predicates, its mean with the
    # predicates' cosine) reaches: for one predicate lemma merge_same_lemma_similarity, for two
    # predicates of one PLOVER type merge_min_similarity, for two untyped predicates
    # merge_untyped_similarity. The first and the last were set on the ECB+ train topics
    # (benchmarks/events_quality.py reports the dev topics); merge_min_similarity by hand on
    # the seeds ("met" and "held talks"), as ECB+ mentions carry no PLOVER type.
    merge_min_similarity: float = 0.5
    merge_same_lemma_similarity: float = 0.3
    merge_untyped_similarity: float = 0.8
    # Added to the cosine of two mentions in the leads of two articles of one story (the lead
    # reports the story's event; a recalled earlier meeting sits further down).
    merge_lead_bonus: float = 0.15
    # Added to the score of two mentions of one PLOVER type placed in the same city (the
    # gazetteer's entry): set by hand on the seeds (003's credentials "presented" and "handed
    # over" in Moscow); ECB+ mentions carry neither type nor place, so it cannot move that score.
    merge_same_city_bonus: float = 0.15
    # Worker processes that code stories' events when a run recomputes at least 8 stories a
    # process (engines/local_events.py), as [claims] processes. The records are the same with
    # any number, so it is no part of the stage's fingerprint. Two workers coded the 1,072-article
    # store's stories in 22 s against 33 s in one process on a quiet 2-core machine, and more
    # slowly than one process beside other jobs (docs/speed.md).
    processes: int = field(default=2, metadata=NO_EFFECT)


@dataclass(frozen=True, slots=True, kw_only=True)
class Config:
    ingest: IngestConfig = field(default_factory=IngestConfig)
    clean: CleanConfig = field(default_factory=CleanConfig)
    reuse: ReuseConfig = field(default_factory=ReuseConfig)
    analyze: AnalyzeConfig = field(default_factory=AnalyzeConfig)
    stories: StoryConfig = field(default_factory=StoryConfig)
    claims: ClaimConfig = field(default_factory=ClaimConfig)
    events: EventConfig = field(default_factory=EventConfig)

    def fingerprint(self) -> str:
        """A short hash of every effective setting."""
        data = json.dumps(dataclasses.asdict(self), sort_keys=True, default=str)
        return hashlib.sha256(data.encode()).hexdigest()[:12]

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def stage_fingerprint(section: Any, rules_revision: int | str) -> str:
    """What a stage stores with each result to recognise it later: its settings and the
    revision of its rules (raised whenever a rule change alters results for the same input and
    settings), so results made another way are recomputed, never mixed with new ones. Settings
    marked :data:`NO_EFFECT` (how the work is spread) are left out."""
    spread = {f.name for f in dataclasses.fields(section) if f.metadata.get("no_effect")}
    settings = {k: v for k, v in dataclasses.asdict(section).items() if k not in spread}
    data = json.dumps({"rules": rules_revision, **settings}, sort_keys=True)
    return "config:" + hashlib.sha256(data.encode()).hexdigest()[:12]


def _override(section: Any, values: dict[str, Any], where: str) -> Any:
    known = {f.name: f for f in dataclasses.fields(section)}
    for key, value in values.items():
        if key not in known:
            raise ConfigError(f"{where}: unknown setting {key!r} (known: {', '.join(known)})")
        default = getattr(section, key)
        if isinstance(default, bool) != isinstance(value, bool) or (
            not isinstance(value, type(default))
            and not (isinstance(default, float) and isinstance(value, int))
        ):
            raise ConfigError(
                f"{where}: {key} must be {type(default).__name__}, got {value!r}"
            )
    return dataclasses.replace(section, **values)


def load_config(path: str | Path | None = None) -> Config:
    """The default configuration, with the overrides of a TOML file when one is given."""
    config = Config()
    if path is None:
        return config
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"config file not found: {path}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from exc
    sections = {f.name for f in dataclasses.fields(config)}
    replacements: dict[str, Any] = {}
    for name, values in data.items():
        if name not in sections or not isinstance(values, dict):
            raise ConfigError(f"{path}: unknown section [{name}] (known: {', '.join(sections)})")
        replacements[name] = _override(getattr(config, name), values, f"{path} [{name}]")
    return dataclasses.replace(config, **replacements)
