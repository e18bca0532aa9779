"""An error of one rule on one story in the claims or events stage: the story is recorded as
a rejection, the other stories get their claims and events, and the run goes on.

No story known today makes a rule fail (each one found was fixed), so the fault is put into
the real claims and events builders for the story that names a marker word; everything around
it (spaCy, MiniLM, the SQLite store, the CLI) is the real thing.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import storyline.engines.local_claims as local_claims
import storyline.events.stage as events_stage
from storyline.cli import cli
from storyline.config import ClaimConfig
from storyline.engines.local_claims import update_claims
from storyline.model import Claim, Event, Rejection, Story, StorySummary, failure_rejection_id
from storyline.store import open_store

# Written for these tests: two reports of a ferry's return (the story the fault is in) and one
# of a bridge's closing.
_FERRY = (
    "ZANZIBAR — The ferry between Zanzibar and Dar es Salaam will sail again on Monday, the "
    "port authority said on Friday. The ferry was halted on March 3 after a fire in its engine "
    "room. \u201cWe have repaired both engines,\u201d said Amina Juma, the port director.",
    "ZANZIBAR — Ferry service from Zanzibar to Dar es Salaam resumes Monday, port officials "
    "said Friday. A fire in the engine room stopped the ferry on March 3. Amina Juma, who "
    "directs the port, said both engines had been repaired.",
)
_BRIDGE = (
    "TROMSØ — The city council of Tromsø voted on Tuesday to close the old harbour bridge to "
    "lorries. \u201cIt is no longer safe for heavy traffic,\u201d said Erik Dahl, the council's "
    "engineer. Repairs will cost 40 million kroner."
)


def _fails_on_zanzibar(texts: Any) -> bool:
    return any("Zanzibar" in a.text for a in texts)


@pytest.fixture
def faulty_stories(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The real claims and events builders, failing as an unforeseen construction would on
    the story whose articles name Zanzibar."""
    real_claims, real_events = local_claims.build_claims, events_stage.build_events

    def build_claims(story: Story, articles: Any, *args: Any) -> Any:
        if _fails_on_zanzibar(articles):
            raise KeyError("claim_0")
        return real_claims(story, articles, *args)

    def build_events(story: Story, articles: Any, *args: Any) -> Any:
        if _fails_on_zanzibar(articles):
            raise ValueError("no clause at 412")
        return real_events(story, articles, *args)

    monkeypatch.setattr(local_claims, "build_claims", build_claims)
    monkeypatch.setattr(events_stage, "build_events", build_events)
    yield


def _inputs(folder: Path) -> Path:
    folder.mkdir()
    for n, text in enumerate(_FERRY):
        (folder / f"ferry{n}.txt").write_text(text, encoding="utf-8")
    (folder / "bridge.txt").write_text(_BRIDGE, encoding="utf-8")
    return folder


@pytest.mark.usefixtures("faulty_stories")
def test_a_run_goes_on_past_a_story_a_rule_failed_on(tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    runner = CliRunner()
    result = runner.invoke(cli, ["--db", str(db), "--quiet", "run", str(_inputs(tmp_path / "in"))])
    assert result.exit_code == 0, result.output
    lines = {line.split(":")[0]: line for line in result.stdout.splitlines() if ":" in line}
    assert lines["claims"].endswith(
        "; 1 failed, a rule failed on them (see `storyline rejections`)"
    )
    assert lines["events"].endswith(
        "; 1 failed, a rule failed on them (see `storyline rejections`)"
    )
    with open_store(db) as store:
        stories = list(store.all(Story))
        assert len(stories) == 2
        ferry = next(s for s in stories if len(s.article_ids) == 2)
        bridge = next(s for s in stories if s is not ferry)
        # The failed story has no claims and no events, and a summary with no sentences that
        # records its inputs; the other story has both.
        assert list(store.all(Claim, story_id=ferry.story_id)) == []
        assert list(store.all(Event, story_id=ferry.story_id)) == []
        summary = store.get(StorySummary, ferry.story_id)
        assert summary is not None and summary.sentences == () and summary.inputs
        assert list(store.all(Claim, story_id=bridge.story_id))
        rejections = {(r.stage, r.record_id): r.detail for r in store.all(Rejection)}
        assert rejections == {
            ("claims", ferry.story_id): "failed: KeyError: 'claim_0'",
            ("events", ferry.story_id): "failed: ValueError: no clause at 412",
        }
    listed = runner.invoke(cli, ["--db", str(db), "rejections", "--json"])
    assert sorted(r["stage"] for r in json.loads(listed.stdout)) == ["claims", "events"]
    # The story's inputs are recorded: the next run does not try it again (it would fail the
    # same way).
    again = runner.invoke(cli, ["--db", str(db), "--quiet", "run", str(tmp_path / "in")])
    assert again.exit_code == 0
    assert "claims: 0 stories updated" in again.stdout
    assert "events: 0 stories updated" in again.stdout


def test_a_story_made_whole_again_drops_its_rejection(
    tmp_path: Path, faulty_stories: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "r.db"
    result = CliRunner().invoke(
        cli, ["--db", str(db), "--quiet", "run", str(_inputs(tmp_path / "in"))]
    )
    assert result.exit_code == 0, result.output
    monkeypatch.undo()  # the rule is fixed
    with open_store(db) as store:
        ferry = next(s for s in store.all(Story) if len(s.article_ids) == 2)
        summary = store.get(StorySummary, ferry.story_id)
        assert summary is not None
        # Inputs that changed (here: forgotten) make the story's claims again.
        store.put([replace(summary, inputs=())])
        run = update_claims(store, ClaimConfig())
        assert run.updated == 1 and run.failed == 0 and run.claims > 0
        assert list(store.all(Claim, story_id=ferry.story_id))
        assert store.get(Rejection, failure_rejection_id(ferry.story_id, "claims")) is None
        assert store.get(Rejection, failure_rejection_id(ferry.story_id, "events")) is not None
