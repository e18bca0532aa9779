"""Analyses -> stories: online assignment of articles to real-world events, with stable IDs.

Articles arrive in publication order (ingest order where no date is known). Each one is compared
with a bounded set of candidate stories, found through an inverted index over its rarest terms and
entities and filtered by a time window, and joins the best one if the combined similarity clears a
threshold; otherwise it founds a new story whose ID derives from the founding article's ID, so IDs
never depend on what arrives later. When an article matches two existing stories well enough that
they are one event, the younger story is merged into the older and a :class:`StoryChange` records
it. After a batch of arrivals (and every ``revise_every`` arrivals within one) a revision
(``stories.revision``) re-decides the recent articles' stories with the whole window's evidence,
splitting and merging stories; a story keeps its ID while most of its articles stay, and every
change is recorded.

The similarity separates *same event* from *same topic* by combining these signals:

- lexical: TF-IDF cosine over normalized word forms, title and lead words counted extra;
- semantic: cosine of all-MiniLM-L6-v2 vectors of title + lead;
- entities: TF-IDF cosine over named people, places and organisations;
- time: distance between the events' dates (resolved time expressions or explicit dates in the
  text, else the publication date); where either side has none, the years both name; a
  follow-up dated in another year that names the event's year may join beyond the window;
- reuse: a member sharing a copied or paraphrased passage that opens both reports;
- place: whether the main places agree (weighted 0 by default);
- in a revision, shared neighbours: how many of the articles closest to one are closest to the
  other.

The package: ``features`` (one article), ``engine`` (online assignment), ``revision`` (the
revision pass), ``state`` (what is kept between runs), ``stage`` (the stage as records in,
records out; the local engine, ``engines/local_stories.py``, runs it over a store).

Everything here is deterministic: the same articles in the same order give the same stories.
"""

from __future__ import annotations

from collections.abc import Sequence

from storyline.config import StoryConfig
from storyline.stories.engine import (
    ALGORITHMS,
    Match,
    StoryEngine,
    StoryResult,
    check_algorithm,
    is_follow_up,
)
from storyline.stories.features import (
    ArticleFeatures,
    TextEmbedder,
    arrival_order,
    event_date,
    extract_features,
    featurize,
    lead_copies,
    lead_text,
    named_years,
    normalize_word,
)
from storyline.stories.revision import Revision, add_batch, revise
from storyline.stories.stage import (
    StoriesSummary,
    StoryWrites,
    rebuilt_engine,
    resumed_engine,
    story_writes,
)


def assign_stories(features: Sequence[ArticleFeatures], cfg: StoryConfig) -> StoryResult:
    """Assign a batch from scratch, in arrival order, revising as the stage does (the pure
    function behind the stage)."""
    engine = StoryEngine(cfg)
    add_batch(engine, features)
    return engine.result()


__all__ = [
    "ALGORITHMS",
    "ArticleFeatures",
    "Match",
    "Revision",
    "StoriesSummary",
    "StoryEngine",
    "StoryResult",
    "StoryWrites",
    "TextEmbedder",
    "add_batch",
    "arrival_order",
    "assign_stories",
    "check_algorithm",
    "event_date",
    "extract_features",
    "featurize",
    "is_follow_up",
    "lead_copies",
    "lead_text",
    "named_years",
    "normalize_word",
    "rebuilt_engine",
    "resumed_engine",
    "revise",
    "story_writes",
]
