"""The editor's corrections: made on records built by hand, then respected by real runs of the
pipeline (a later run never undoes a split, a merge or a move, nor raises a dismissed conflict)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli import cli
from storyline.config import Config
from storyline.corrections import SPLIT_FROM, SPLIT_OFF, CorrectionError
from storyline.engines.local_corrections import (
    apply_story_corrections,
    decide_conflict,
    merge_stories,
    move_articles,
    resolve_story,
    split_story,
    without_dismissed,
)
from storyline.model import (
    Article,
    Claim,
    Conflict,
    Correction,
    Story,
    StoryAssignment,
    StorySummary,
    Support,
)
from storyline.pipeline import run
from storyline.store import SQLiteStore, open_store
from tests.conftest import REPO


def _article(n: int, day: int, text: str) -> Article:
    return Article(
        article_id=f"art_{n:016d}", report_id=f"rep_{n}", origin=f"f{n}.txt", kind="text",
        text=text, title=f"Report {n}", outlet=f"Outlet {n}",
        published=datetime(2026, 3, day), place="Vell" if n == 3 else None,
    )


@pytest.fixture
def two_stories(store: SQLiteStore) -> SQLiteStore:
    """S1 = articles 1-3 (a river pact), S2 = articles 4-5 (a march)."""
    articles = [
        _article(1, 10, "Halvorsen and Reyes signed the river pact."),
        _article(2, 10, "The pact was signed by Halvorsen."),
        _article(3, 12, "Farmers marched in Vell; Reyes spoke."),
        _article(4, 20, "Farmers marched on the capital."),
        _article(5, 21, "The march ended peacefully."),
    ]
    store.put(articles)
    ids = [a.article_id for a in articles]
    store.put(
        StoryAssignment(article_id=a, story_id="story_1" if n < 3 else "story_2", seq=n, score=0.5)
        for n, a in enumerate(ids)
    )
    store.put([
        Story(story_id="story_1", title="Report 1", article_ids=tuple(ids[:3]),
              participants=("Anya Halvorsen", "Tomas Reyes")),
        Story(story_id="story_2", title="Report 4", article_ids=tuple(ids[3:])),
    ])
    return store


def _members(store: SQLiteStore, story_id: str) -> list[str]:
    story = store.get(Story, story_id)
    assert story is not None
    assigned = sorted(a.article_id for a in store.all(StoryAssignment, story_id=story_id))
    assert sorted(story.article_ids) == assigned  # the record and the assignments agree
    return list(story.article_ids)


A1, A2, A3, A4, A5 = (f"art_{n:016d}" for n in range(1, 6))


def test_a_split_makes_a_story_of_the_articles(two_stories: SQLiteStore) -> None:
    made = split_story(two_stories, "story_1", [A3], note="the march, not the pact")
    assert made.kind == "split" and made.seq == 1 and made.note == "the march, not the pact"
    assert made.new_story_id is not None
    assert _members(two_stories, "story_1") == [A1, A2]
    assert _members(two_stories, made.new_story_id) == [A3]
    new = two_stories.get(Story, made.new_story_id)
    assert new is not None
    assert new.title == "Report 3" and new.place == "Vell" and new.participants == ("Tomas Reyes",)
    assert new.start == datetime(2026, 3, 12)
    assert [(r.story_id, r.reason) for r in new.related] == [("story_1", SPLIT_FROM)]
    old = two_stories.get(Story, "story_1")
    assert old is not None and (made.new_story_id, SPLIT_OFF) in [
        (r.story_id, r.reason) for r in old.related
    ]
    assert apply_story_corrections(two_stories) == 0  # applying again changes nothing


def test_a_later_run_that_reverts_the_records_is_corrected_again(
    two_stories: SQLiteStore,
) -> None:
    split = split_story(two_stories, "story_1", [A3])
    merge_stories(two_stories, "story_1", "story_2")
    assert resolve_story(two_stories, "story_2") == "story_1"
    assert _members(two_stories, "story_1") == [A1, A2, A4, A5]
    # What the stories engine writes from its own state: the split article back in story_1,
    # story_2 alive again with a newcomer.
    late = _article(6, 22, "Another march.")
    two_stories.put([late])
    two_stories.put([
        StoryAssignment(article_id=A3, story_id="story_1", seq=2, score=0.5),
        StoryAssignment(article_id=late.article_id, story_id="story_2", seq=6, score=0.6),
        Story(story_id="story_1", title="Report 1", article_ids=(A1, A2, A3)),
        Story(story_id="story_2", title="Report 4", article_ids=(A4, A5, late.article_id)),
    ])
    assert apply_story_corrections(two_stories) == 2
    assert split.new_story_id is not None
    assert _members(two_stories, split.new_story_id) == [A3]
    assert _members(two_stories, "story_1") == [A1, A2, A4, A5, late.article_id]
    assert two_stories.get(Story, "story_2") is None


def test_a_move_and_what_cannot_be_done(two_stories: SQLiteStore) -> None:
    move_articles(two_stories, [A3], "story_2", note="belongs with the march")
    assert _members(two_stories, "story_2") == [A3, A4, A5]
    assert _members(two_stories, "story_1") == [A1, A2]
    for bad in (
        lambda: split_story(two_stories, "story_9", [A1]),
        lambda: split_story(two_stories, "story_1", [A4]),
        lambda: split_story(two_stories, "story_1", [A1, A2]),
        lambda: split_story(two_stories, "story_1", []),
        lambda: merge_stories(two_stories, "story_1", "story_1"),
        lambda: move_articles(two_stories, [A1], "story_1"),
        lambda: move_articles(two_stories, [A1, A4], "story_2"),
        lambda: move_articles(two_stories, ["art_nope"], "story_2"),
        lambda: decide_conflict(two_stories, "conflict_nope", dismiss=True),
    ):
        with pytest.raises(CorrectionError):
            bad()
    assert two_stories.count(Correction) == 1  # the refused ones wrote nothing


def _claim(claim_id: str, *supports: tuple[str, int]) -> Claim:
    return Claim(
        claim_id=claim_id, story_id="story_1", text=claim_id, outlets=(),
        article_count=len(supports), family_count=len(supports), single_source=False,
        supports=tuple(
            Support(article_id=a, sentence=0, start=s, end=s + 10, text="x", family_id=a)
            for a, s in supports
        ),
    )


def test_a_dismissed_conflict_is_not_raised_again_under_new_ids(store: SQLiteStore) -> None:
    a, b = _claim("claim_a", (A1, 0)), _claim("claim_b", (A2, 5))
    conflict = Conflict(conflict_id="conflict_x", story_id="story_1", claim_a="claim_a",
                        claim_b="claim_b", kind="number", reason="r", summary="s")
    store.put([a, b, conflict])
    made = decide_conflict(store, "conflict_x", dismiss=True, note="same figure")
    assert store.get(Conflict, "conflict_x") is None  # gone at once
    assert made.a_supports == (f"{A1}:0:10",) and made.conflict == conflict
    # A later run: a new article supports claim a, so both claims and the conflict get new IDs.
    a2 = _claim("claim_a2", (A1, 0), (A3, 7))
    b2 = _claim("claim_b2", (A2, 5))
    again = Conflict(conflict_id="conflict_y", story_id="story_1", claim_a="claim_b2",
                     claim_b="claim_a2", kind="number", reason="r")
    other_kind = Conflict(conflict_id="conflict_z", story_id="story_1", claim_a="claim_a2",
                          claim_b="claim_b2", kind="place", reason="r")
    elsewhere = Conflict(conflict_id="conflict_w", story_id="story_1", claim_a="claim_a2",
                         claim_b="claim_c", kind="number", reason="r")
    claims = [a2, b2, _claim("claim_c", (A4, 1))]
    kept = without_dismissed(store, [again, other_kind, elsewhere], claims)
    assert [c.conflict_id for c in kept] == ["conflict_z", "conflict_w"]
    # Confirming it brings the stored conflict back and lets later runs raise it.
    decide_conflict(store, "conflict_x", dismiss=False)
    assert store.get(Conflict, "conflict_x") == conflict
    assert len(without_dismissed(store, [again, other_kind], claims)) == 2


# -- real runs ------------------------------------------------------------------------------------

# A further report of the sample's river pact (written for this test), so that a second run
# adds an article to the pact story and recomputes its claims.
LATE_REPORT = """Silverrun pact: ministers promise the commission will meet within a month

KESTREL CITY, March 15, 2026 (Meridian Wire) - Norland and Estoria will convene the joint
commission created by the Silverrun Water Agreement within a month, Norland's foreign minister
Anya Halvorsen said on Sunday, a day after she signed the pact with Estorian Water Minister
Tomas Reyes in Kestrel City.

The agreement gives Estoria 40 percent of the river's summer flow and sets up a joint commission
to measure it. Halvorsen said the first measurements would be published in the spring.
"""


@pytest.fixture(scope="module")
def ran(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SQLiteStore, Path]]:
    folder = tmp_path_factory.mktemp("corrections")
    store = open_store(folder / "c.db")
    run(store, [str(REPO / "examples" / "corpus")], Config())
    yield store, folder
    store.close()


def test_a_later_run_respects_every_correction(ran: tuple[SQLiteStore, Path]) -> None:
    store, folder = ran
    pact = next(s for s in store.all(Story) if "Silverrun" in s.title)
    number = next(c for c in store.all(Conflict, story_id=pact.story_id) if c.kind == "number")
    place = next(c for c in store.all(Conflict, story_id=pact.story_id) if c.kind == "place")
    release = next(
        a.article_id for a in store.get_many(Article, pact.article_ids)
        if a.origin.endswith("ministry_press_release.txt")
    )
    db = str(store.path)
    runner = CliRunner()
    said = runner.invoke(cli, ["--db", db, "correct", "dismiss", number.conflict_id,
                               "--note", "the wire rounds it"])
    assert said.exit_code == 0, said.output
    said = runner.invoke(cli, ["--db", db, "correct", "split", pact.story_id, release])
    assert said.exit_code == 0 and "split 1 article(s)" in said.output, said.output
    split = next(c for c in store.all(Correction) if c.kind == "split")
    assert split.new_story_id is not None
    late = folder / "late_report.txt"
    late.write_text(LATE_REPORT)
    summary = run(store, [str(late)], Config())
    assert summary.ingest.new == 1
    late_id = summary.ingest.new_article_ids[0]
    # The new report joined the pact story; the split stands, the dismissed conflict stays gone.
    pact_now = store.get(Story, pact.story_id)
    assert pact_now is not None and late_id in pact_now.article_ids
    assert release not in pact_now.article_ids
    new_story = store.get(Story, split.new_story_id)
    assert new_story is not None and new_story.article_ids == (release,)
    assert store.get(StorySummary, split.new_story_id) is not None  # its claims were computed
    recomputed = store.get(StorySummary, pact.story_id)
    assert recomputed is not None and any(late_id in i for i in recomputed.inputs)
    kinds = [c.kind for c in store.all(Conflict, story_id=pact.story_id)]
    assert "number" not in kinds and "place" in kinds, kinds
    assert place.kind in kinds
    listed = runner.invoke(cli, ["--db", db, "correct", "list"])
    assert "dismissed conflict" in listed.output and "the wire rounds it" in listed.output
    missing = runner.invoke(cli, ["--db", db, "correct", "merge", pact.story_id, "story_nope"])
    assert missing.exit_code == 2 and "no story 'story_nope'" in missing.output


def test_a_revision_of_every_story_keeps_the_editors_merge_and_splits(
    ran: tuple[SQLiteStore, Path],
) -> None:
    """`storyline stories --revise` re-decides every article of the revision window; the
    editor's merge (and any split made before) is applied again on top of what it decides."""
    store, _ = ran
    pact = next(s for s in store.all(Story) if "Silverrun" in s.title)
    farmers = next(s for s in store.all(Story) if "farmers" in s.title.casefold())
    marchers = farmers.article_ids
    runner = CliRunner()
    db = str(store.path)
    said = runner.invoke(cli, ["--db", db, "correct", "merge", pact.story_id, farmers.story_id])
    assert said.exit_code == 0, said.output
    revised = runner.invoke(cli, ["--db", db, "stories", "--revise"])
    assert revised.exit_code == 0, revised.output
    pact_now = store.get(Story, pact.story_id)
    assert pact_now is not None and set(marchers) <= set(pact_now.article_ids)
    assert store.get(Story, farmers.story_id) is None
    assert resolve_story(store, farmers.story_id) == pact.story_id
    for split in (c for c in store.all(Correction) if c.kind == "split"):
        assert split.new_story_id is not None
        made = store.get(Story, split.new_story_id)
        assert made is not None and set(made.article_ids) == set(split.article_ids)
    # Every article is in exactly one story, and each story lists what is assigned to it.
    for story in store.all(Story):
        assigned = {a.article_id for a in store.all(StoryAssignment, story_id=story.story_id)}
        assert assigned == set(story.article_ids)
