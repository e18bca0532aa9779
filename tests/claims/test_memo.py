"""How long a claims run keeps an article's statements (``claims.units.StatementMemo``).

A related story's articles are read again by every story related to it, so their statements are
kept between stories; kept for every article a worker ever read (about 100 KB an article), they
would take some 1 GB a worker at 10,000 articles. The memo drops an article once the last story
that reads it is made, and never keeps more than its capacity."""

from __future__ import annotations

from pathlib import Path

from storyline.claims import stage
from storyline.claims.units import Line, StatementMemo
from storyline.engines.local_claims import ArticleReads, last_readers
from storyline.model import Analysis, Article, RelatedStory, Report, Story
from storyline.store import SQLiteStore, open_store

# The memo keeps whatever statements it is given; an empty list is an article without any.
NONE: list[Line] = []


def test_an_article_is_dropped_once_the_last_story_reading_it_is_made() -> None:
    memo = StatementMemo()
    memo.expect({"a1": 0, "a2": 2})
    memo.put("a1", NONE)
    memo.put("a2", NONE)
    memo.finished(0)
    assert memo.get("a1") is None  # no later story reads it
    assert memo.get("a2") == []  # story 2 still will
    memo.finished(1)
    assert len(memo) == 1
    memo.finished(2)
    assert len(memo) == 0


def test_the_memo_never_keeps_more_than_its_capacity_the_least_recently_read_first() -> None:
    memo = StatementMemo(capacity=2)
    memo.put("a1", [])
    memo.put("a2", [])
    assert memo.get("a1") == []  # read again: now the most recent
    memo.put("a3", [])
    assert len(memo) == 2
    assert memo.get("a2") is None
    assert memo.get("a1") == [] and memo.get("a3") == []


def test_last_readers_name_the_last_story_of_the_run_that_reads_each_article() -> None:
    # Three stories: the harbour story is related to the ferry story, so the ferry story's
    # articles are read by both; the school story reads only its own.
    harbour = Story(
        story_id="s1",
        title="Harbour",
        article_ids=("h1", "h2"),
        related=(RelatedStory(story_id="s3", reason="shared participants"),),
    )
    school = Story(story_id="s2", title="School", article_ids=("c1",))
    ferry = Story(
        story_id="s3",
        title="Ferry",
        article_ids=("f1",),
        related=(RelatedStory(story_id="s1", reason="shared participants"),),
    )
    stories = {s.story_id: s for s in (harbour, school, ferry)}
    todo, unchanged = stage.plan(stories, {}, "fingerprint", {}, {})
    assert unchanged == 0 and [t.story.story_id for t in todo] == ["s1", "s2", "s3"]
    readers = last_readers(todo)
    # The harbour articles are read last by the ferry story (index 2), as background.
    assert readers[0] == {"h1": 2, "h2": 2, "f1": 2}
    assert readers[1] == {"c1": 1}
    assert readers[2] == {"f1": 2, "h1": 2, "h2": 2}
    memo = StatementMemo()
    for index, reads in enumerate(readers):
        memo.expect(reads)
        for article_id in reads:
            if memo.get(article_id) is None:
                memo.put(article_id, [])
        memo.finished(index)
        kept_after = len(memo)
        if index == 1:
            # The school article is gone; the harbour and ferry articles wait for story 2.
            assert kept_after == 3
    assert len(memo) == 0


def _stored_articles(tmp_path: Path) -> SQLiteStore:
    store = open_store(tmp_path / "reads.db")
    for aid in ("a1", "a2", "a3"):
        store.put([
            Report(report_id=f"r-{aid}", origin=f"{aid}.txt", kind="text", text=f"Raw {aid}."),
            Article(
                article_id=aid, report_id=f"r-{aid}", origin=f"{aid}.txt", kind="text",
                text=f"Text {aid}.",
            ),
            Analysis(article_id=aid, model="test"),
        ])
    return store


def test_article_reads_decode_each_article_once_until_its_last_reader_is_made(
    tmp_path: Path,
) -> None:
    store = _stored_articles(tmp_path)
    reads = ArticleReads()
    reads.expect({"a1": 0, "a2": 1})
    first = reads.read(store, "a2")
    assert first.article is not None and first.article.article_id == "a2"
    assert first.analysis == store.get(Analysis, "a2") and first.source == "Raw a2."
    reads.read(store, "a1")
    reads.finished(0)
    assert len(reads) == 1  # a1 is read by no later story
    assert reads.read(store, "a2") is first  # the same decoded records, not decoded again
    reads.finished(1)
    assert len(reads) == 0
    assert reads.read(store, "a2") is not first and reads.read(store, "a2") == first
    missing = reads.read(store, "gone")
    assert missing.article is None and missing.analysis is None and missing.source is None
    store.close()


def test_article_reads_keep_at_most_their_capacity(tmp_path: Path) -> None:
    store = _stored_articles(tmp_path)
    reads = ArticleReads(capacity=2)
    a1 = reads.read(store, "a1")
    reads.read(store, "a2")
    assert reads.read(store, "a1") is a1  # read again: now the most recent
    reads.read(store, "a3")
    assert len(reads) == 2
    assert reads.read(store, "a1") is a1  # a2 went first
    store.close()
