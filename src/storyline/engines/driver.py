"""The stages a distributed engine can run on its driver, over records in memory: reuse and
stories, with the pure functions the local engine calls (``reuse.find_reuse``; the stories
engine, ``stories.revision.add_batch`` and ``stories.stage.story_writes``), for a run that
starts from nothing (no store, no earlier runs' state, no editor's corrections).

Stories is not spread over workers: it is the ordered stage, each article assigned in arrival
order against the stories the earlier ones made, so it is one online pass. The Ray engine
(``engines/ray.py``) runs it here, between analyze and the per-story stages it runs on Ray.
Reuse runs on Ray (``engines/ray_reuse.py``, maps and reduces by fingerprint bucket, by pair and
by component); :func:`reuse_records` is the same stage in one process, what the Ray engine's
reuse must equal (``tests/engines/test_ray_reuse.py``).

What a run writes is what the local engine writes into an empty store, record for record:
``tests/engines/test_ray.py`` loads the Ray engine's output into a store and compares it with a
local run's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from storyline.config import ReuseConfig, StoryConfig
from storyline.embed import encoder_name, lead_embedder, lead_encoder
from storyline.model import Analysis, Article, LeadVector, ReuseLink
from storyline.reuse import ReuseIndex, ReuseResult, find_reuse
from storyline.store.codec import decode_array, encode_array
from storyline.stories.features import TextEmbedder, extract_features, lead_copies, lead_text
from storyline.stories.revision import add_batch
from storyline.stories.stage import StoryWrites, resumed_engine, story_writes
from storyline.stories.state import Member, OpenStory, Vector


def reuse_records(articles: Sequence[Article], cfg: ReuseConfig) -> ReuseResult:
    """The reuse stage over ``articles``, none indexed before (as ``update_reuse`` over a store
    holding no sketches): their sketches, links and source families."""
    by_id = {a.article_id: a for a in articles}
    index = ReuseIndex.from_records((), (), cfg, by_id.get)
    return find_reuse([by_id[i] for i in sorted(by_id)], cfg, index, lookup=by_id.get)


class RunState:
    """The stories engine's ``StateSource`` for a run from nothing: no stories, postings,
    counts or window members stored before, and the lead vectors of this run's articles (the
    local engine stores those before it assigns, and the engine reads them back)."""

    def __init__(self, vectors: Mapping[str, Vector]) -> None:
        self._vectors = vectors

    def stories(self, story_ids: Sequence[str]) -> dict[str, OpenStory]:
        return {}

    def postings(self, keys: Sequence[str]) -> dict[str, list[str]]:
        return {}

    def document_counts(self, keys: Sequence[str]) -> dict[str, int]:
        return {}

    def vectors(self, article_ids: Sequence[str]) -> dict[str, Vector]:
        return {a: self._vectors[a] for a in article_ids if a in self._vectors}

    def members(self, article_ids: Sequence[str]) -> dict[str, Member]:
        return {}


@dataclass(frozen=True, slots=True, kw_only=True)
class StoriesRun:
    writes: StoryWrites
    lead_vectors: list[LeadVector]
    moved: int  # articles a revision put into another story


def story_records(
    articles: Sequence[Article],
    analyses: Mapping[str, Analysis],
    links: Sequence[ReuseLink],
    cfg: StoryConfig,
    embedder: TextEmbedder | None = None,
) -> StoriesRun:
    """The stories stage over ``articles`` in ingest order (the order undated articles arrive
    in), as ``update_stories`` over a store holding them, their ``analyses`` and reuse
    ``links`` and nothing of the stage yet: lead vectors embedded, features extracted, every
    article assigned in arrival order with the revisions, and what the local engine would write
    back."""
    model = encoder_name(embedder) or lead_encoder()
    embed = embedder if embedder is not None else lead_embedder()
    leads = [
        LeadVector(article_id=a.article_id, model=model, vector=encode_array(v, "<f4"))
        for a, v in zip(articles, embed([lead_text(a) for a in articles]), strict=True)
    ]
    vectors = {v.article_id: decode_array(v.vector, "<f4") for v in leads}
    copies = lead_copies(links, cfg.lead_reuse_chars)
    features = [
        extract_features(
            a,
            analyses.get(a.article_id),
            np.asarray(vectors[a.article_id], dtype=np.float32),
            cfg,
            copies.get(a.article_id, frozenset()),
        )
        for a in articles
    ]
    engine = resumed_engine(cfg, RunState(vectors), {}, ())
    first_seq = engine.seq
    moved = add_batch(engine, features)
    result = engine.result(touched_only=True)
    writes = story_writes(engine, result, {}, {}, 0, first_seq)
    return StoriesRun(writes=writes, lead_vectors=leads, moved=moved)
