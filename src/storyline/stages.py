"""The stage contract: every stage of the pipeline described once, in the order a run takes them.

A :class:`Stage` says what an engine needs to know to run it: its name and the configuration
table it reads (``[reuse]``), its versioned algorithms and the pure function that implements each
one, its grain (a ``map`` over records, a ``reduce`` grouped by a key, or ``ordered``: an online
pass whose result depends on arrival order), the record types it reads and writes, and the
optional extra it needs. :data:`REGISTRY` is the one registry of algorithm names: reuse, stories
and claims read theirs from it (``algorithm_names``), and :func:`check` validates a configuration
against it before any work, so an unknown algorithm or a missing extra stops a run before it
ingests anything.

Functions are named by import path (``"storyline.reuse:find_reuse"``) and resolved only when
asked for: the registry imports no stage, so it is cheap to read (``storyline stats``), stage
modules can read their names from it without an import cycle, and a distributed engine can ship
a reference to a worker that imports it there.

Each stage's *fingerprint* under a configuration (:meth:`Stage.fingerprint`) is
``config.stage_fingerprint`` of its settings and the revision of its rules: the value the claims
and events stages store with each story's results, and the value every run records
(``RunRecord``), so results made under another configuration can be told apart.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from storyline import model
from storyline.config import Config, stage_fingerprint
from storyline.errors import ConfigError, MissingCapability

Grain = Literal["map", "reduce", "ordered"]


def resolve(reference: str) -> Any:
    """The object an import path names: ``"package.module:attribute"``."""
    module, _, attribute = reference.partition(":")
    return getattr(importlib.import_module(module), attribute)


@dataclass(frozen=True, slots=True, kw_only=True)
class Algorithm:
    """One versioned algorithm of a stage: a behaviour change is a new name, so results made by
    the old one stay explainable."""

    name: str
    summary: str
    implementation: str  # import path of the pure function (or model object) that does the work

    def function(self) -> Callable[..., Any]:
        function: Callable[..., Any] = resolve(self.implementation)
        return function


@dataclass(frozen=True, slots=True, kw_only=True)
class Stage:
    name: str
    section: str  # the configuration table (``Config`` field) of its settings
    grain: Grain
    key: str  # what a map runs over, or what a reduce groups by (the unit of parallel work)
    reads: tuple[type[Any], ...]
    writes: tuple[type[Any], ...]
    algorithms: tuple[Algorithm, ...]  # the first is the default
    # The optional extra the stage needs ("nlp"), and the modules that extra installs (checked
    # before a run, by import spec: nothing is loaded).
    extra: str | None = None
    needs: tuple[str, ...] = ()
    # Import path of the revision of the stage's rules (raised when a rule change alters results
    # for the same settings); None for a stage whose algorithm name alone says it.
    rules: str | None = None
    # Import path of a function of the stage's settings naming the model its results depend on
    # (the spaCy pipeline and its version), part of its fingerprint; None for a stage with none.
    model: str | None = None
    # Import path of the function that runs the stage over a store (the local engine).
    over_store: str = ""
    # Whether its results depend on the sentence encoder (its stored fingerprint names it).
    encodes_sentences: bool = False

    def algorithm(self, cfg: Config) -> Algorithm:
        """The algorithm ``cfg`` selects (a section without an ``algorithm`` setting has one)."""
        chosen = getattr(getattr(cfg, self.section), "algorithm", self.algorithms[0].name)
        return self.algorithm_named(chosen)

    def algorithm_named(self, name: str) -> Algorithm:
        for algorithm in self.algorithms:
            if algorithm.name == name:
                return algorithm
        known = ", ".join(a.name for a in self.algorithms)
        raise ConfigError(f"[{self.section}] algorithm {name!r} is unknown (known: {known})")

    def rules_revision(self) -> int | str:
        if self.rules is None:
            return 0
        revision: int | str = resolve(self.rules)
        return revision

    def fingerprint(self, cfg: Config) -> str:
        """What this stage's results under ``cfg`` are recognised by (config.stage_fingerprint,
        the model it runs where it names one, and the sentence encoder in use where the stage
        encodes sentences)."""
        section = getattr(cfg, self.section)
        fingerprint = stage_fingerprint(section, self.rules_revision())
        if self.model is not None:
            fingerprint = f"{fingerprint}:{resolve(self.model)(section)}"
        if self.encodes_sentences:
            from storyline.embed import active_encoder  # loads no model

            fingerprint = f"{fingerprint}:{active_encoder()}"
        return fingerprint

    def missing(self) -> list[str]:
        """The modules of its extra that are not installed."""
        return [m for m in self.needs if importlib.util.find_spec(m) is None]


REGISTRY: tuple[Stage, ...] = (
    Stage(
        name="ingest",
        section="ingest",
        grain="map",
        key="input document (a file, a record of a JSONL/CSV file, a WARC record, a URL)",
        reads=(),
        writes=(model.Report, model.Rejection),
        algorithms=(
            Algorithm(
                name="ingest-v1",
                summary="text, HTML (trafilatura), JSONL/CSV, RSS/Atom, WARC, guarded URLs",
                implementation="storyline.ingest:read_planned",
            ),
        ),
        over_store="storyline.engines.local:ingest",
    ),
    Stage(
        name="clean",
        section="clean",
        grain="map",
        key="report",
        reads=(model.Report,),
        writes=(model.Article, model.Rejection),
        algorithms=(
            Algorithm(
                name="clean-v1",
                summary="boilerplate lines, captions, broken paragraphs, datelines and dates, "
                "with clean-to-raw offsets",
                implementation="storyline.clean:clean_report",
            ),
        ),
        # Cleaned in ingest's batches: an article and its report commit together.
        over_store="storyline.engines.local:ingest",
    ),
    Stage(
        name="reuse",
        section="reuse",
        grain="reduce",
        key="fingerprint bucket (articles sharing a winnowed fingerprint)",
        reads=(model.Article, model.ReuseSketch),
        writes=(model.ReuseSketch, model.ReuseLink, model.SourceFamily),
        algorithms=(
            Algorithm(
                name="winnow-v1",
                summary="word-shingle winnowing (shingles with a content word) + key-term "
                "winnowing, 4-gram alignment",
                implementation="storyline.reuse:find_reuse",
            ),
        ),
        over_store="storyline.engines.local:update_reuse",
    ),
    Stage(
        name="analyze",
        section="analyze",
        grain="map",
        key="article (spaCy nlp.pipe batches); entities are then resolved over the corpus",
        reads=(model.Article,),
        writes=(model.Analysis, model.Entity),
        algorithms=(
            Algorithm(
                name="analysis-a22",
                summary="sentences, mentions, quotes, time expressions, clauses with their "
                "arguments (analyze.ANALYSIS_VERSION a22)",
                implementation="storyline.analyze:make_analyzer",
            ),
        ),
        extra="nlp",
        needs=("spacy",),
        rules="storyline.analyze:ANALYSIS_VERSION",
        model="storyline.analyze:current_model",
        over_store="storyline.engines.local:update_analyses",
    ),
    Stage(
        name="stories",
        section="stories",
        grain="ordered",
        key="arrival order within a time window (candidates from a term and entity index)",
        reads=(
            model.Article,
            model.Analysis,
            model.ReuseLink,
            model.Correction,
            model.LeadVector,
            model.StoryState,
            model.IndexPosting,
            model.TermCount,
            model.WindowMember,
        ),
        writes=(
            model.StoryAssignment,
            model.Story,
            model.StoryChange,
            model.LeadVector,
            model.StoryState,
            model.IndexPosting,
            model.TermCount,
            model.WindowMember,
        ),
        # online-v2 (2026-12): years named in the text stand in for missing dates, dated
        # articles are sorted only between undated ones, and reports sharing their opening
        # passage count as one report passed on. online-v1's stored stories stay as they were
        # decided. online-v3 (2026-12): online-v2 with the revision pass (stories.revision)
        # after a batch of arrivals; online-v2 is the same engine with revision off.
        algorithms=(
            Algorithm(
                name="online-v3",
                summary="online assignment with a revision of the recent arrivals",
                implementation="storyline.stories.engine:StoryEngine",
            ),
            Algorithm(
                name="online-v2",
                summary="online assignment, no revision",
                implementation="storyline.stories.engine:StoryEngine",
            ),
        ),
        extra="nlp",
        needs=("sentence_transformers",),
        over_store="storyline.engines.local_stories:update_stories",
    ),
    Stage(
        name="claims",
        section="claims",
        grain="reduce",
        # Per story: claims.stage.plan picks the stories whose inputs changed (their stored
        # StorySummary.inputs), build_claims makes one story's records, story_records what
        # replaces them (the editor's dismissed conflicts left out).
        key="story (with its related stories' articles as background)",
        reads=(
            model.Story,
            model.Article,
            model.Report,
            model.Analysis,
            model.SourceFamily,
            model.Correction,
            model.StorySummary,
            model.SentenceVector,
        ),
        writes=(
            model.Claim, model.Conflict, model.AlignedQuote, model.StorySummary,
            model.SentenceVector,
        ),
        encodes_sentences=True,
        algorithms=(
            Algorithm(
                # statements only (no headlines, bullets, questions, bare quotations); claims
                # may share a sentence that states two facts; contradictions only between
                # values of one clause.
                name="claims-v2",
                summary="statements grouped by MiniLM and content-word overlap, complete link; "
                "contradictions between values of one clause",
                implementation="storyline.claims.build:build_claims",
            ),
        ),
        extra="nlp",
        needs=("sentence_transformers",),
        rules="storyline.claims.stage:RULES_REVISION",
        over_store="storyline.engines.local_claims:update_claims",
    ),
    Stage(
        name="events",
        section="events",
        grain="reduce",
        # Per story: events.stage.plan picks the stories whose inputs changed (their stored
        # EventInputs), story_events codes one story's articles and merges their mentions.
        key="story (mentions coded per article, merged per story)",
        reads=(
            model.Story,
            model.Article,
            model.Analysis,
            model.Entity,
            model.SourceFamily,
            model.EventInputs,
            model.SentenceVector,
        ),
        writes=(model.Event, model.EventInputs, model.SentenceVector),
        encodes_sentences=True,
        algorithms=(
            Algorithm(
                name="events-v1",
                summary="PLOVER/CAMEO mentions from clauses (lexicon, then nearest prototype), "
                "merged per story",
                implementation="storyline.events.build:build_events",
            ),
        ),
        extra="nlp",
        needs=("sentence_transformers",),
        rules="storyline.events.stage:RULES_REVISION",
        over_store="storyline.engines.local_events:update_events",
    ),
)

# Stages that run per input while it is read (ingest and clean commit together per batch);
# the others run over what the store holds after ingest.
INPUT_STAGES = ("ingest", "clean")


def stage(name: str) -> Stage:
    for candidate in REGISTRY:
        if candidate.name == name:
            return candidate
    raise KeyError(name)


def corpus_stages() -> Iterator[Stage]:
    """The stages a run takes after ingest, in order."""
    return (s for s in REGISTRY if s.name not in INPUT_STAGES)


def algorithm_names(name: str) -> tuple[str, ...]:
    """The algorithm names of one stage, the default first."""
    return tuple(a.name for a in stage(name).algorithms)


def check_algorithm(name: str, section: Any) -> None:
    """A ConfigError naming the known algorithms when ``section`` selects an unknown one."""
    chosen = getattr(section, "algorithm", None)
    if chosen is not None:
        stage(name).algorithm_named(chosen)


def check(cfg: Config, names: tuple[str, ...] | None = None) -> None:
    """Before any work: every stage selects a known algorithm and has its extra installed.

    ``names`` limits the check to the stages a command will run (``ingest`` runs two)."""
    for s in REGISTRY:
        if names is not None and s.name not in names:
            continue
        s.algorithm(cfg)
        if s.missing() and s.extra is not None:
            raise MissingCapability(f"the {s.name} stage", s.extra)


def versions(cfg: Config) -> list[tuple[str, str, str]]:
    """``(stage, algorithm, fingerprint)`` of every stage under ``cfg``."""
    return [(s.name, s.algorithm(cfg).name, s.fingerprint(cfg)) for s in REGISTRY]
