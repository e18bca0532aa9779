"""The claims stage in the pipeline: `show` and `export`, what it recomputes, the vectors it stores
and shares with the events stage."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from storyline.analyze import Analyzer
from storyline.claims import Embed
from storyline.claims import stage as claims_stage
from storyline.config import Config, EventConfig
from storyline.embed import MODEL_NAME, shared_embedder
from storyline.engines.local_claims import update_claims
from storyline.engines.local_events import update_events
from storyline.model import (
    Article,
    Claim,
    Conflict,
    SentenceVector,
    SourceFamily,
    Story,
    StorySummary,
)
from storyline.store import SQLiteStore, open_store
from tests.claims.helpers import (
    CFG,
    FORUM,
    HERALD,
    LEDGER,
    SUMMIT,
    TRIBUNE,
    WIRE,
    claim_with_stored,
    invoke,
)


def test_pipeline_show_and_export(tmp_path: Path, analyzer: Analyzer) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for art in (LEDGER, HERALD, TRIBUNE, SUMMIT, FORUM):
        (folder / f"{art.article_id}.txt").write_text(art.text + "\n", encoding="utf-8")
    db = tmp_path / "s.db"
    assert invoke(db, "-q", "ingest", str(folder))[0] == 0
    with open_store(db) as store:
        stored = {a.origin.rsplit("/", 1)[-1][:2]: a for a in store.all(Article)}
        store.put(analyzer(list(stored.values())))
        ids = {k: a.article_id for k, a in stored.items()}
        store.put([SourceFamily(family_id="fam_wire", article_ids=(ids["a1"], ids["a2"]))])
        store.put(
            [
                Story(
                    story_id="story_quay",
                    title="Crane collapse shuts Porto quay",
                    article_ids=(ids["a1"], ids["a2"], ids["a3"]),
                ),
                Story(
                    story_id="story_accord",
                    title="Fisheries accord signed",
                    article_ids=(ids["c1"], ids["c2"]),
                ),
            ]
        )
        # The claims stage alone: pipeline.run would also (re)assign these hand-made stories.
        told: list[tuple[int, int]] = []
        first = update_claims(store, Config().claims, progress=lambda *c: told.append(c)).line()
        assert first.startswith("2 stories updated")
        assert told == [(0, 2), (1, 2), (2, 2)]  # counted story by story, for an estimate
        # Every statement is encoded once, however many stories read it.
        assert " sentences encoded (0 stored) for " in first
        again = update_claims(store, Config().claims).line()  # nothing changed: no recompute
        assert again.startswith("0 stories updated") and "2 unchanged" in again
        assert again.endswith("0 sentences encoded (0 stored) for 0 read")
        texts = {a.article_id: a.text for a in store.all(Article)}

    code, out = invoke(db, "show", "story_quay")
    assert code == 0
    for heading in (
        "Summary",
        "Claims",
        "Conflicts",
        "Quotes by speaker",
        "Articles by source family",
    ):
        assert heading in out
    assert "Crane collapse shuts Porto quay" in out and "fam_wire" in out

    code, out = invoke(db, "show", "story_quay", "--json")
    data = json.loads(out)
    assert data["story"]["story_id"] == "story_quay"
    assert data["summary"]["sentences"] and data["claims"] and data["coverage"]["outlets"]
    assert {f["family_id"] for f in data["families"]} >= {"fam_wire"}

    code, out = invoke(db, "export", "claims", "--format", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert {r["story_id"] for r in rows} == {"story_quay", "story_accord"}
    for r in rows:
        assert r["text"] and r["source_ids"] and r["families"]
        for s in r["supports"]:
            assert texts[s["article_id"]][s["start"] : s["end"]] == s["text"]
    accord = [r for r in rows if r["story_id"] == "story_accord" and r["conflict_partners"]]
    assert len(accord) == 2  # the two occasions name each other

    code, out = invoke(db, "export", "conflicts", "--format", "jsonl")
    conflicts = [json.loads(line) for line in out.splitlines()]
    assert [(c["story_id"], c["kind"]) for c in conflicts] == [("story_accord", "occasion")]
    assert conflicts[0]["claim_a"]["supports"] and conflicts[0]["claim_b"]["source_ids"]

    code, _ = invoke(db, "show", "story_missing")
    assert code == 2  # a clear error, no traceback


def test_update_claims_recomputes_changed_stories_and_drops_gone_ones(
    store: SQLiteStore, analyzer: Analyzer, embed: Embed
) -> None:
    store.put([LEDGER, HERALD, TRIBUNE, SUMMIT, FORUM])
    store.put(analyzer([LEDGER, HERALD, TRIBUNE, SUMMIT, FORUM]))
    quay = Story(story_id="story_quay", title="quay", article_ids=("a1", "a2"))
    accord = Story(story_id="story_accord", title="accord", article_ids=("c1", "c2"))
    store.put([quay, accord])
    assert update_claims(store, CFG, embed).updated == 2
    before = {c.claim_id for c in store.all(Claim, story_id="story_quay")}
    # a new article joins one story: only that story is recomputed, its old claims replaced
    store.put([dataclasses.replace(quay, article_ids=("a1", "a2", "a3"))])
    again = update_claims(store, CFG, embed)
    assert (again.updated, again.unchanged) == (1, 1)
    after = {c.claim_id for c in store.all(Claim, story_id="story_quay")}
    assert after != before
    assert all(
        s.article_id in {"a1", "a2", "a3"}
        for c in store.all(Claim, story_id="story_quay")
        for s in c.supports
    )
    assert any(c.article_count == 3 for c in store.all(Claim, story_id="story_quay"))
    # a story that no longer exists (merged away) loses its claims, conflicts and summary
    store.delete(Story, ["story_accord"])
    gone = update_claims(store, CFG, embed)
    assert gone.removed == 1
    assert store.count(Claim, story_id="story_accord") == 0
    assert store.count(Conflict, story_id="story_accord") == 0
    assert store.get(StorySummary, "story_accord") is None


def test_stories_claimed_by_older_rules_are_claimed_again(
    store: SQLiteStore, analyzer: Analyzer, embed: Embed, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A store claimed before a change of the rules is recomputed, not mixed with new results."""
    store.put([LEDGER, HERALD])
    store.put(analyzer([LEDGER, HERALD]))
    store.put([Story(story_id="story_quay", title="quay", article_ids=("a1", "a2"))])
    assert update_claims(store, CFG, embed).updated == 1
    assert update_claims(store, CFG, embed).unchanged == 1
    monkeypatch.setattr(claims_stage, "RULES_REVISION", claims_stage.RULES_REVISION + 1)
    again = update_claims(store, CFG, embed)
    assert (again.updated, again.unchanged) == (1, 0)
    # Claimed again, from the vectors the first run stored: nothing is encoded twice.
    assert again.encoded == 0 and again.loaded > 0
    # Another sentence encoder (its own name) claims the story again, from its own vectors.
    other = _Counting()
    other.name = "another-encoder"
    switched = update_claims(store, CFG, other)
    assert (switched.updated, switched.loaded) == (1, 0) and switched.encoded == len(other.texts)


class _Counting:
    """The real model under its own name, recording what it is asked to encode."""

    name = MODEL_NAME

    def __init__(self) -> None:
        self.texts: list[str] = []

    def __call__(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        self.texts.extend(texts)
        return shared_embedder()(texts)


def test_the_events_stage_reads_the_vectors_the_claims_stage_stored(
    tmp_path: Path, analyzer: Analyzer
) -> None:
    def fill(store: SQLiteStore) -> None:
        store.put([LEDGER, HERALD])
        store.put(analyzer([LEDGER, HERALD]))
        store.put([Story(story_id="story_quay", title="quay", article_ids=("a1", "a2"))])

    with open_store(tmp_path / "alone.db") as alone:
        fill(alone)
        events_alone = _Counting()
        update_events(alone, EventConfig(), events_alone)
    with open_store(tmp_path / "both.db") as both:
        fill(both)
        claims_model, events_model = _Counting(), _Counting()
        update_claims(both, CFG, claims_model)
        update_events(both, EventConfig(), events_model)
        everything = claims_model.texts + events_model.texts
        assert len(everything) == len(set(everything))  # no text encoded twice
        assert both.count(SentenceVector) == len(everything)
    # The sentences the claims stage had encoded are read back, not encoded again.
    assert len(events_model.texts) < len(events_alone.texts)
    assert set(events_alone.texts) - set(events_model.texts) <= set(claims_model.texts)


def test_update_claims_waits_for_analyses_and_follows_family_changes(
    store: SQLiteStore, analyzer: Analyzer, embed: Embed
) -> None:
    store.put([LEDGER, HERALD])
    store.put([Story(story_id="story_quay", title="quay", article_ids=("a1", "a2"))])
    update_claims(store, CFG, embed)
    assert store.count(Claim) == 0  # nothing analysed yet
    store.put(analyzer([LEDGER, HERALD]))
    assert update_claims(store, CFG, embed).updated == 1  # analyses arrived: recomputed
    wire = claim_with_stored(store, "Two dock workers")
    assert wire.family_count == 2
    store.put([WIRE])  # the reuse stage finds the copy: one family now
    assert update_claims(store, CFG, embed).updated == 1
    assert claim_with_stored(store, "Two dock workers").family_count == 1


def test_an_article_analysed_by_another_version_has_its_story_claimed_again(
    store: SQLiteStore, analyzer: Analyzer, embed: Embed
) -> None:
    """After an upgrade the analyze stage analyses every article again (its speakers and
    clauses may differ); the claims built on the old analyses are rebuilt, never kept."""
    store.put([LEDGER, HERALD, SUMMIT, FORUM])
    analyses = analyzer([LEDGER, HERALD, SUMMIT, FORUM])
    store.put(analyses)
    store.put([
        Story(story_id="story_quay", title="quay", article_ids=("a1", "a2")),
        Story(story_id="story_accord", title="accord", article_ids=("c1", "c2")),
    ])
    assert update_claims(store, CFG, embed).updated == 2
    assert update_claims(store, CFG, embed).unchanged == 2
    ledger = next(a for a in analyses if a.article_id == "a1")
    store.put([dataclasses.replace(ledger, model=ledger.model + "-next")])
    again = update_claims(store, CFG, embed)
    assert (again.updated, again.unchanged) == (1, 1)
