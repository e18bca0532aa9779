"""The revision pass: hand-built pair matrices and articles, and properties over arrival orders.

The articles here are written for these tests: two events of one kind (two quakes on one
island, two heists in one city) whose reports share the topic's words and differ in the words
and vectors of their own event, so the online engine, deciding each report once, puts the first
report of the second event into the first story.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline import query
from storyline.cli import cli
from storyline.config import StoryConfig
from storyline.engines.local_stories import add_and_store, resume_engine, revise_stories
from storyline.model import Story, StoryAssignment, StoryChange, WindowMember, content_id
from storyline.store import open_store
from storyline.stories import (
    ArticleFeatures,
    StoryEngine,
    add_batch,
    assign_stories,
    revise,
)
from storyline.stories.pair_scores import (
    average_link,
    content_scores,
    frame_conflicts,
    pair_scores,
    shared_neighbours,
)
from storyline.stories.state import Member

CFG = StoryConfig()
# The online engine alone, for comparison: no revision.
ONLINE = dataclasses.replace(CFG, revise_window=0)


def _unit(v: Sequence[float]) -> np.ndarray:
    a = np.asarray(v, dtype=np.float32)
    return a / np.linalg.norm(a)


def _article(
    article_id: str,
    words: str,
    vector: Sequence[float],
    *,
    day: date | None = None,
    years: frozenset[int] = frozenset(),
    lead_people: frozenset[str] = frozenset(),
    lead_venues: frozenset[tuple[str, ...]] = frozenset(),
) -> ArticleFeatures:
    return ArticleFeatures(
        article_id=article_id,
        title=words[:40],
        published=datetime.combine(day, datetime.min.time()) if day else None,
        event_date=day,
        years=years,
        terms={w: 1.0 for w in words.split()},
        entities={},
        names={},
        people=frozenset(),
        place=None,
        vector=_unit(vector),
        lead_people=lead_people,
        lead_venues=lead_venues,
    )


TOPIC = "quake island shook building collapse rescue team injured village aftershock"


def _two_quakes(per_event: int = 6, seed: int = 0) -> tuple[list[ArticleFeatures], dict[str, str]]:
    """Reports of two quakes on one island: the topic's words in every report, each event's
    own words (place, magnitude, toll) in most of its reports, vectors around two close
    directions."""
    rng = random.Random(seed)
    own = {
        "first": "qeshm magnitude5 2005 tolls13 fishermen harbour mosque",
        "second": "laft magnitude6 2008 tolls3 soldiers airport school",
    }
    centre = {"first": np.array([1.0, 0.0, 0.0, 0.0]), "second": np.array([0.8, 0.6, 0.0, 0.0])}
    out: list[ArticleFeatures] = []
    gold: dict[str, str] = {}
    for event in ("first", "second"):
        for i in range(per_event):
            words = rng.sample(TOPIC.split(), 6) + rng.sample(own[event].split(), 5)
            noise = np.array([rng.gauss(0, 0.08) for _ in range(4)])
            aid = f"{event}-{i}"
            out.append(_article(aid, " ".join(words), list(centre[event] + noise)))
            gold[aid] = event
    return out, gold


def _partition(result: list[StoryAssignment]) -> dict[str, str]:
    return {a.article_id: a.story_id for a in result}


def _purity(story_of: dict[str, str], gold: dict[str, str]) -> bool:
    """Each story holds one event's reports and each event is one story."""
    pairs = {(story_of[a], gold[a]) for a in gold}
    return len(pairs) == len({s for s, _ in pairs}) == len({g for _, g in pairs})


# --- the parts -------------------------------------------------------------------------------


def test_shared_neighbours_count_common_close_items() -> None:
    score = np.array(
        [
            [1.0, 0.6, 0.5, 0.1],
            [0.6, 1.0, 0.5, 0.1],
            [0.5, 0.5, 1.0, 0.4],
            [0.1, 0.1, 0.4, 1.0],
        ]
    )
    shared = shared_neighbours(score, k=2, floor=0.35)
    # 0 and 1 have each other and 2 as neighbours: everything in common.
    assert shared[0, 1] == pytest.approx(1.0)
    # 3's only neighbour is 2 (0.4); 0's are {0, 1, 2}: 3's neighbourhood {3, 2} shares 2.
    assert shared[0, 3] == pytest.approx(0.5)
    # Nothing scores at the floor with 3 but 2: 3 and 1 share only 2.
    assert shared[3, 3] == pytest.approx(1.0)
    strict = shared_neighbours(score, k=2, floor=0.45)
    assert strict[0, 3] == pytest.approx(0.0)  # 3 has no neighbour at 0.45


def test_leads_framing_two_events_are_never_neighbours() -> None:
    score = np.array(
        [
            [1.0, 0.6, 0.5, 0.4],
            [0.6, 1.0, 0.5, 0.4],
            [0.5, 0.5, 1.0, 0.4],
            [0.4, 0.4, 0.4, 1.0],
        ]
    )
    free = shared_neighbours(score, k=3, floor=0.35)
    assert free[3, 0] == pytest.approx(1.0)  # 3's neighbourhood is everything: all shared
    barred = np.zeros((4, 4), dtype=bool)
    barred[3, :3] = barred[:3, 3] = True  # 3's lead frames another event than theirs
    apart = shared_neighbours(score, k=3, floor=0.35, barred=barred)
    assert apart[3, 0] == apart[3, 1] == apart[3, 2] == pytest.approx(0.0)
    assert apart[0, 1] == pytest.approx(1.0)  # the others keep theirs


def test_average_link_stops_at_the_threshold_and_the_floor_and_never_joins_apart_items() -> None:
    sim = np.array(
        [
            [1.0, 0.9, 0.2, 0.0],
            [0.9, 1.0, 0.3, 0.0],
            [0.2, 0.3, 1.0, 0.8],
            [0.0, 0.0, 0.8, 1.0],
        ]
    )
    assert average_link(sim, 0.5, sim, 0.0) == [[0, 1], [2, 3]]
    assert average_link(sim, 0.12, sim, 0.0) == [[0, 1, 2, 3]]  # the two pairs average 0.125
    # A lone item needs its pair scores to average the floor too; groups do not.
    low = np.where(sim < 0.5, 0.1, sim)
    assert average_link(sim, 0.12, low, 0.15) == [[0, 1, 2, 3]]
    lone = sim[:3, :3]
    assert average_link(lone, 0.12, low[:3, :3], 0.15) == [[0, 1], [2]]
    assert average_link(lone, 0.12, low[:3, :3], 0.05) == [[0, 1, 2]]
    apart = sim.copy()
    apart[0, 3] = apart[3, 0] = -1e9
    assert average_link(apart, 0.12, apart, -1e10) == [[0, 1], [2, 3]]


def _member(f: ArticleFeatures, seq: int) -> Member:
    return StoryEngine._member(f, seq, _unitdict(f.terms), {}, ())


def _unitdict(d: dict[str, float]) -> dict[str, float]:
    norm = float(np.sqrt(sum(v * v for v in d.values())))
    return {k: v / norm for k, v in d.items()}


def test_frame_conflicts_need_two_new_people_and_a_new_venue() -> None:
    kremlin = _article(
        "c", "ambassador tirmizi lavrov putin credential kremlin", [1, 0],
        lead_people=frozenset({"tirmizi", "lavrov", "putin"}),
        lead_venues=frozenset({("kremlin",)}),
    )
    meeting = _article(
        "m", "putin sharif talk beijing summit", [1, 0],
        lead_people=frozenset({"putin", "sharif"}), lead_venues=frozenset({("beij",)}),
    )
    one_person = _article(
        "o", "putin sharif talk summit tirmizi", [1, 0],
        lead_people=frozenset({"putin", "sharif"}),
    )
    members = [_member(f, i) for i, f in enumerate((kremlin, meeting, one_person))]
    conflict = frame_conflicts(members)
    assert conflict[0, 1] and conflict[1, 0]  # Tirmizi, Lavrov and the Kremlin: new to "m"
    # "o" names Tirmizi: only Lavrov is new to it, with the Kremlin: one person is not enough.
    assert not conflict[0, 2]
    assert not conflict[1, 2]


def test_pair_scores_carry_the_time_year_and_shared_lead_terms() -> None:
    words = "flood river town rescue"
    a = _article("a", words, [1, 0], day=date(2024, 5, 1), years=frozenset({2024}))
    b = _article("b", words, [1, 0], day=date(2024, 5, 8), years=frozenset({2024}))
    c = _article("c", words, [1, 0], years=frozenset({2024}))  # undated, same latest year
    d = _article("d", words, [1, 0], years=frozenset({2019}))  # undated, another year
    e = dataclasses.replace(
        _article("e", words, [1, 0], day=date(2024, 5, 1)), lead_copies=frozenset({"a"})
    )
    members = [_member(f, i) for i, f in enumerate((a, b, c, d, e))]
    content = content_scores(members, CFG)
    score = pair_scores(members, content, CFG)
    same = CFG.weight_lexical + CFG.weight_semantic  # identical words and vectors
    assert content[0, 1] == pytest.approx(same)
    assert score[0, 1] == pytest.approx(same - CFG.weight_time * 7 / CFG.time_window_days)
    assert score[0, 2] == pytest.approx(same + CFG.weight_year_match)
    assert score[2, 3] == pytest.approx(same - CFG.weight_year)
    assert score[0, 4] == pytest.approx(same + CFG.weight_lead_reuse)
    assert np.allclose(score, score.T)


# --- the pass over an engine -----------------------------------------------------------------


def test_the_first_report_of_a_second_event_is_split_off_with_its_event() -> None:
    feats, gold = _two_quakes()
    online = assign_stories(feats, ONLINE)
    assert not _purity(_partition(online.assignments), gold)  # online, the events mix
    revised = assign_stories(feats, CFG)
    story_of = _partition(revised.assignments)
    assert _purity(story_of, gold)
    # The first event's story keeps the ID its first report gave it; the second event's story
    # takes its ID from its earliest report.
    assert story_of["first-0"] == content_id("story", "first-0")
    assert story_of["second-0"] == content_id("story", "second-0")
    splits = [c for c in revised.changes if c.kind == "split"]
    assert splits and all(c.reason.startswith("revision of the") for c in splits)
    assert all(c.story_ids[0] in c.result_ids for c in splits)  # the first story stayed


def test_a_revision_keeps_the_ids_of_unchanged_stories_and_reports_what_it_did() -> None:
    feats, _ = _two_quakes()
    engine = StoryEngine(CFG)
    add_batch(engine, feats)
    before = {s: tuple(st.article_ids) for s, st in engine.stories.items()}
    again = revise(engine, everything=True)
    assert again.moved == 0 and again.changes == 0
    assert {s: tuple(st.article_ids) for s, st in engine.stories.items()} == before
    assert again.articles == len(feats)


def test_revision_off_leaves_the_online_stories() -> None:
    feats, _ = _two_quakes()
    engine = StoryEngine(ONLINE)
    add_batch(engine, feats)
    assert engine.window == {} and revise(engine).articles == 0


def test_older_members_outside_the_window_stay_with_their_story() -> None:
    feats, gold = _two_quakes(per_event=6)
    cfg = dataclasses.replace(CFG, revise_window=8, revise_every=4)
    engine = StoryEngine(cfg)
    add_batch(engine, feats)
    result = engine.result()
    story_of = _partition(result.assignments)
    # Every story's record holds exactly the articles assigned to it, old or recent.
    for story in result.stories:
        mine = [a for a, s in story_of.items() if s == story.story_id]
        assert sorted(story.article_ids) == sorted(mine)
    assert sorted(story_of) == sorted(gold)
    assert len(engine.window) <= 2 * cfg.revise_window


# --- stable IDs, as a property -----------------------------------------------------------------


def _check_ids(
    before: dict[str, set[str]], after: dict[str, set[str]], changes: list[StoryChange]
) -> None:
    """A story whose majority of articles stays together keeps its ID (or was merged, with a
    record, into an older story that took them); every ID that disappears has a successor."""
    successor = {
        gone: c.result_ids[0]
        for c in changes
        for gone in c.story_ids
        if gone not in c.result_ids and c.result_ids
    }

    def current(sid: str) -> str:
        seen = set()
        while sid not in after and sid in successor and sid not in seen:
            seen.add(sid)
            sid = successor[sid]
        return sid

    for sid, articles in before.items():
        holder = [s for s, members in after.items() if 2 * len(members & articles) > len(articles)]
        if sid not in after:
            assert sid in successor, f"{sid} disappeared without a recorded successor"
            assert current(sid) in after
            for h in holder:
                assert current(sid) == h  # its majority went where its successor is
        else:
            assert holder in ([], [sid]), f"{sid}'s majority is in {holder}, under another ID"


def _snapshot(engine: StoryEngine) -> dict[str, set[str]]:
    return {s: set(story.article_ids) for s, story in engine.stories.items()}


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 10_000), every=st.integers(2, 9), window=st.sampled_from([5, 9, 1000])
)
def test_adding_articles_in_any_order_never_renames_a_story_whose_majority_stays(
    seed: int, every: int, window: int
) -> None:
    """Checked at every step (an arrival, a revision): between two steps, a story whose
    majority of articles stays together keeps its ID, and an ID that disappears has a
    recorded successor. (Over a whole batch an ID can pass on legitimately: the reports that
    arrived in between may become most of the story before a revision splits it.)"""
    feats, _ = _two_quakes(per_event=12, seed=seed % 7)
    random.Random(seed).shuffle(feats)
    # Small windows leave older members outside, moved only with their story (as one item).
    engine = StoryEngine(dataclasses.replace(CFG, revise_every=every, revise_window=window))
    engine.observe(feats)
    for f in feats:
        before, known = _snapshot(engine), len(engine.changes)
        engine.add(f)
        _check_ids(before, _snapshot(engine), engine.changes[known:])
        if len(engine.pending) >= every:
            before, known = _snapshot(engine), len(engine.changes)
            revise(engine)
            _check_ids(before, _snapshot(engine), engine.changes[known:])
    members = sorted(a for m in _snapshot(engine).values() for a in m)
    assert members == sorted(f.article_id for f in feats)
    assert sorted(engine.assignment) == members
    for sid, story in engine.stories.items():
        assert all(engine.assignment[a].story_id == sid for a in story.article_ids)
        if window >= len(feats):
            # A story's sums are its members' sums, however often they moved.
            expected: dict[str, float] = {}
            for a in story.article_ids:
                for k, v in engine.window[a].lex.items():
                    expected[k] = expected.get(k, 0.0) + v
            assert story.lex.keys() == expected.keys()
            assert all(abs(story.lex[k] - v) < 1e-9 for k, v in expected.items())
            vectors = sum(engine.window[a].vector for a in story.article_ids)
            assert np.allclose(story.vector_sum, vectors, atol=1e-5)


# --- over a store ------------------------------------------------------------------------------


def _store_stories(store) -> dict[str, set[str]]:  # type: ignore[no-untyped-def]
    out: dict[str, set[str]] = {}
    for a in store.all(StoryAssignment):
        out.setdefault(a.story_id, set()).add(a.article_id)
    return out


def test_later_runs_revise_with_the_stored_window_and_old_ids_lead_to_their_successor(
    tmp_path: Path,
) -> None:
    feats, gold = _two_quakes(per_event=6)
    first = [f for f in feats if f.article_id.startswith("first")]
    second = [f for f in feats if f.article_id.startswith("second")]
    db = tmp_path / "r.db"
    with open_store(db) as store:
        # The first event, then the second one report per run: the first report of the
        # second event joins the first story; later runs split the second event off.
        add_and_store(store, resume_engine(store, CFG), first, {})
        for f in second:
            stored = {a.article_id: a for a in store.all(StoryAssignment)}
            before = _store_stories(store)
            known = {c.change_id for c in store.all(StoryChange)}
            add_and_store(store, resume_engine(store, CFG, stored), [f], stored)
            new = [c for c in store.all(StoryChange) if c.change_id not in known]
            _check_ids(before, _store_stories(store), new)
        story_of = {a.article_id: a.story_id for a in store.all(StoryAssignment)}
        assert _purity(story_of, gold)
        # Every story's record, state and assignments agree.
        for story in store.all(Story):
            assert sorted(story.article_ids) == sorted(
                a for a, s in story_of.items() if s == story.story_id
            )
        assert store.keys(WindowMember) == set(story_of)  # all inside the window
        # A story ID that disappeared reads as its successor.
        for change in store.all(StoryChange):
            for sid in change.story_ids:
                if sid not in change.result_ids:
                    live = {s.story_id for s in store.all(Story)}
                    assert query.current_story_id(store, sid) in live
                    view = query.story_view(store, sid)
                    assert view.story.story_id != sid


def test_the_window_keeps_only_the_recent_articles_in_the_store(tmp_path: Path) -> None:
    feats, _ = _two_quakes(per_event=6)
    cfg = dataclasses.replace(CFG, revise_window=5)
    with open_store(tmp_path / "w.db") as store:
        for batch in (feats[:4], feats[4:9], feats[9:]):
            stored = {a.article_id: a for a in store.all(StoryAssignment)}
            add_and_store(store, resume_engine(store, cfg, stored), batch, stored)
        by_seq = sorted(store.all(StoryAssignment), key=lambda a: a.seq)
        assert store.keys(WindowMember) == {a.article_id for a in by_seq[-5:]}


def test_stories_revise_on_the_command_line(tmp_path: Path) -> None:
    feats, gold = _two_quakes(per_event=6)
    db = tmp_path / "c.db"
    on_request = dataclasses.replace(CFG, revise_every=0)  # revise only when asked
    with open_store(db) as store:
        add_and_store(store, resume_engine(store, on_request), feats, {})
        mixed = {a.article_id: a.story_id for a in store.all(StoryAssignment)}
        assert not _purity(mixed, gold)  # the online decisions, kept
        assert store.keys(WindowMember) == set(mixed)
    runner = CliRunner()
    listed = runner.invoke(cli, ["--db", str(db), "stories", "--revise"])
    assert listed.exit_code == 0, listed.output
    assert "revised:" in listed.output and "articles moved by revision" in listed.output
    with open_store(db) as store:
        story_of = {a.article_id: a.story_id for a in store.all(StoryAssignment)}
        assert _purity(story_of, gold)
        assert revise_stories(store, CFG).moved == 0  # a second revision changes nothing
    moved = next(a for a in story_of if story_of[a] != mixed[a])
    shown = runner.invoke(cli, ["--db", str(db), "show", mixed[moved]])
    assert shown.exit_code == 0, shown.output
