"""Hostile input: each case a user found crashing storyline, and the attacks that held.

Every case says what the bad input gets (stored, or rejected with which reason) and that what was
stored before stays intact; listings print article data as the text it is. The generated fuzz run
over every input kind is benchmarks/hostile_inputs.py; killed and concurrent runs are
tests/test_interrupted_runs.py.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner

from storyline.cli import cli
from storyline.config import Config, IngestConfig
from storyline.ingest import read_inputs
from storyline.model import (
    AlignedQuote,
    Article,
    Claim,
    Conflict,
    QuoteRendering,
    Rejection,
    Story,
    Support,
)
from storyline.pipeline import ingest
from storyline.store import SQLiteStore, open_store

GOOD = (
    "Ferry line opens\n\nThe council of Port Ellis opened a ferry line to the northern islands "
    "on Monday, the mayor said.\n"
)
MARKUP = ":fire: [/] [/b] [bold]loud[/bold] [link=file:///etc/passwd]x[/link] [red"


def invoke(db: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _stored_before(folder: Path, db: Path) -> list[Article]:
    """A store holding one good article, the 'earlier articles' every case must keep."""
    folder.mkdir(exist_ok=True)
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    with open_store(db) as store:
        ingest(store, [str(folder / "good.txt")], Config())
        return list(store.all(Article))


# --- inputs that once crashed ingest ------------------------------------------------------------


def test_a_file_name_that_is_not_utf8_is_stored_under_a_printable_origin(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    before = _stored_before(tmp_path / "in", db)
    name = os.fsencode(tmp_path / "in") + b"/caf\xe9 \xff report.txt"
    with open(name, "wb") as out:
        out.write(b"Harbour fire\n\nA fire broke out in the harbour warehouse on Sunday night.\n")
    code, out, err = invoke(db, "-q", "ingest", str(tmp_path / "in"))
    assert code == 0 and "Traceback" not in err
    assert out.strip() == "read 2: 1 new, 1 already known, 0 rejected"
    with open_store(db) as store:
        articles = list(store.all(Article))
    assert articles[: len(before)] == before
    (fire,) = [a for a in articles if "fire" in a.text]
    assert fire.origin.endswith("/caf\\xe9 \\xff report.txt")  # the bytes, written as ls -b does
    assert fire.source_id == "caf\\xe9 \\xff report.txt"
    code, out, _ = invoke(db, "articles")
    assert code == 0 and "caf\\xe9" in out


def test_a_lone_surrogate_in_a_record_becomes_a_replacement_character(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    before = _stored_before(tmp_path / "in", db)
    records = tmp_path / "in" / "odd.jsonl"
    records.write_text(
        '{"id": "s1", "title": "bad \\udc80 title", "source": "Gazette \\ud800",'
        ' "text": "The bridge reopened on Tuesday, the council said.", "tags": ["\\udfff"]}\n',
        encoding="utf-8",
    )
    code, out, err = invoke(db, "-q", "ingest", str(records))
    assert code == 0 and "read 1: 1 new" in out and "Traceback" not in err
    with open_store(db) as store:
        articles = list(store.all(Article))
    assert articles[: len(before)] == before
    stored = articles[-1]
    assert (stored.title, stored.outlet) == ("bad \ufffd title", "Gazette \ufffd")
    assert stored.metadata == {"tags": ["\ufffd"]}
    code, out, _ = invoke(db, "export", "articles")
    assert code == 0 and json.loads(out.splitlines()[-1])["title"] == "bad \ufffd title"


def test_a_record_nested_900_deep_is_rejected_and_the_next_record_is_stored(
    tmp_path: Path,
) -> None:
    db = tmp_path / "s.db"
    before = _stored_before(tmp_path / "in", db)
    records = tmp_path / "in" / "deep.jsonl"
    deep = '{"id": "d1", "text": "A deep record about the harbour.", "meta": '
    deeper = '{"id": "d0", "text": "Deeper still.", "meta": '
    records.write_text(
        deep + "[" * 900 + "]" * 900 + "}\n"
        + deeper + "[" * 100_000 + "]" * 100_000 + "}\n"  # too deep for json itself
        + '{"id": "d2", "text": "The good record after the deep ones: a bridge opened."}\n',
        encoding="utf-8",
    )
    code, out, err = invoke(db, "-q", "ingest", str(records))
    assert code == 0 and "Traceback" not in err
    assert out.strip() == "read 3: 1 new, 0 already known, 2 rejected (2 bad-record)"
    with open_store(db) as store:
        articles = list(store.all(Article))
        rejections = {r.record_id.rsplit("#", 1)[1]: r for r in store.all(Rejection)}
    assert articles[: len(before)] == before and articles[-1].source_id == "d2"
    assert "nested more than 32 deep" in rejections["L1"].detail
    assert "nested too deeply" in rejections["L2"].detail


def test_console_markup_in_titles_and_file_names_prints_as_text(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    db = tmp_path / "s.db"
    _stored_before(folder, db)
    (folder / "x[").mkdir()
    (folder / "x[" / "b] [bold].txt").write_text(f"{MARKUP}\n\n{GOOD}", encoding="utf-8")
    (folder / "[red].jsonl").write_text(
        json.dumps({"id": MARKUP, "title": MARKUP, "source": "[/b]", "text": GOOD}) + "\n"
        + json.dumps({"id": "[/]", "text": ""}) + "\n",
        encoding="utf-8",
    )
    (folder / "[b]empty").mkdir()  # a folder named like markup holding nothing
    code, _, err = invoke(db, "-q", "ingest", str(folder), str(tmp_path / "missing [/b]"))
    assert code == 0 and "Traceback" not in err
    code, out, err = invoke(db, "articles")
    assert code == 0 and not err
    assert ":fire: [/] [/b] [bold]loud[/bold]" in out and "[/b]" in out
    code, out, err = invoke(db, "rejections")
    assert code == 0 and not err
    assert "[red].jsonl#L2" in out and "missing [/b]" in out

    with open_store(db) as store:
        ids = [a.article_id for a in store.all(Article)]
        _hand_made_story(store, ids)
    code, out, err = invoke(db, "show", "story_markup")
    assert code == 0 and not err
    for text in (MARKUP, "[/b] claim [/]", "[number] 5 [/b] against 6", "[/] said [b]", "[b]Anna"):
        assert text in out, text
    code, out, err = invoke(db, "stories")
    assert code == 0 and MARKUP[:30] in out


def _hand_made_story(store: SQLiteStore, ids: list[str]) -> None:
    """A story whose every printed field holds markup (the claims stage is not needed)."""

    def support(article_id: str) -> Support:
        return Support(article_id=article_id, sentence=0, start=0, end=4, text="[/b]",
                       family_id=f"family_{article_id}")

    claims = [
        Claim(claim_id=f"claim_{n}", story_id="story_markup", text=f"[/b] claim [/] {n}",
              supports=(support(i),), outlets=("[/b]",), article_count=1, family_count=1,
              single_source=True)
        for n, i in enumerate(ids)
    ]
    store.put([
        Story(story_id="story_markup", title=MARKUP, article_ids=tuple(ids), place="[/]",
              participants=("[b]Anna[/b]",)),
        *claims,
        Conflict(conflict_id="conflict_1", story_id="story_markup", claim_a="claim_0",
                 claim_b="claim_1", kind="number", reason="5 [/b] against 6"),
        AlignedQuote(aligned_id="aq_1", story_id="story_markup", speaker_entity_id=None,
                     speaker_name="[/]", renderings=(
                         QuoteRendering(article_id=ids[0], quote_id="q1", kind="direct",
                                        start=0, end=4, text="[/] said [b]"),)),
    ])


# --- what held: keep it held ------------------------------------------------------------------


def test_a_run_on_an_empty_folder_or_a_missing_path_stops_before_the_stages(
    tmp_path: Path,
) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / ".hidden").write_text("not read")
    for target in (tmp_path / "empty", tmp_path / "nowhere"):
        started = time.monotonic()
        code, out, err = invoke(tmp_path / "s.db", "run", str(target))
        assert code == 1 and "Traceback" not in err
        assert "nothing could be read from the inputs, so no stage was run" in err
        assert out.count("\n") == 1 and out.startswith("ingest: read 1: 0 new")
        assert "[2/5]" not in err  # no stage after ingest was announced
        assert time.monotonic() - started < 10  # no model was loaded
    with open_store(tmp_path / "s.db") as store:
        reasons = sorted(r.reason for r in store.all(Rejection))
    assert reasons == ["empty-text", "not-found"]


def test_config_on_any_command_must_exist_and_parse(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    _stored_before(tmp_path / "in", db)
    bad = tmp_path / "bad.toml"
    bad.write_text("[ingest\nmax_text_bytes = 1\n")
    wrong = tmp_path / "wrong.toml"
    wrong.write_text("[stories]\nno_such_key = 1\n")
    for config, message in (
        (tmp_path / "absent.toml", "config file not found"),
        (bad, "is not valid TOML"),
        (wrong, "unknown setting 'no_such_key'"),
    ):
        for command in (["articles"], ["stats"], ["stories"], ["export", "articles"]):
            code, out, err = invoke(db, "--config", str(config), *command)
            assert code == 2 and message in err and err.count("\n") == 1, (command, err)
            assert not out


LOOPBACK_SPELLINGS = (
    "http://127.0.0.1:{port}/",
    "http://127.1:{port}/",
    "http://2130706433:{port}/",
    "http://0x7f000001:{port}/",
    "http://0177.0.0.1:{port}/",
    "http://localhost:{port}/",
    "http://LOCALHOST.:{port}/",
    "http://[::1]:{port}/",
    "http://[::ffff:127.0.0.1]:{port}/",
    "http://0.0.0.0:{port}/",
    "http://user@127.0.0.1:{port}/",
    "http://169.254.169.254/latest/meta-data/",
    "http://10.0.0.1/",
    "http://192.168.1.1/",
    "http://[fe80::1]/",
    "http://[fc00::1]/",
)


class _Recorder(BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.hits.append(self.path)
        body = b"<html><body><p>internal secret page</p></body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def loopback_port() -> Iterator[int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield int(server.server_address[1])
    server.shutdown()
    server.server_close()


def test_every_spelling_of_a_private_address_is_blocked_without_a_request(
    loopback_port: int,
) -> None:
    _Recorder.hits.clear()
    cfg = IngestConfig(fetch_timeout_s=2.0)
    for spelling in LOOPBACK_SPELLINGS:
        url = spelling.format(port=loopback_port)
        (item,) = list(read_inputs([url], cfg))
        assert isinstance(item, Rejection), url
        assert item.reason in {"blocked-address", "fetch-failed"}, (url, item)
    assert _Recorder.hits == []  # not one request reached the private server


XXE_FEED = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>
<rss version="2.0"><channel><title>Feed</title>
<item><title>Entity</title><guid>e1</guid>
<description>Before &xxe; after: the harbour reopened on Monday, officials said.</description>
</item></channel></rss>
"""
LAUGHS_FEED = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY a "ha ha ha ha ha ha ha ha ha ha">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
<!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
<!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;"><!ENTITY i "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;">]>
<rss version="2.0"><channel><title>Laughs</title>
<item><title>Laughs</title><guid>l1</guid><description>&i;</description></item>
</channel></rss>
"""


def test_external_entities_are_not_read_and_entity_expansion_stays_small(
    tmp_path: Path,
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    xxe = tmp_path / "xxe.rss"
    xxe.write_text(XXE_FEED.format(secret=secret))
    laughs = tmp_path / "laughs.rss"
    laughs.write_text(LAUGHS_FEED)
    started = time.monotonic()
    items = list(read_inputs([str(xxe), str(laughs)], IngestConfig()))
    assert time.monotonic() - started < 10
    for item in items:
        data = json.dumps([getattr(item, f, None) for f in ("text", "title", "detail")])
        assert "TOP-SECRET" not in data
        assert len(data) < 100_000  # a billion laughs never expanded
    db = tmp_path / "s.db"
    code, out, err = invoke(db, "-q", "ingest", str(xxe), str(laughs))
    assert code == 0 and out.startswith("read 2: 2 new") and "Traceback" not in err


FTS_ABUSE = (
    "AND", "OR", "NOT", "NEAR(", '"', '"unbalanced', "(((", ")", "*", "^", "a*b*c*",
    "title:harbour", "{title text}: harbour", "nosuchcolumn: x", "NEAR(a b, -1)", "x" * 5000,
    "harbour\x00fire", "\udc80", "'; DROP TABLE article; --", "- harbour", "+harbour", ":",
    "harbour AND (fire OR", 'NEAR("a" "b", 9999999999)', "\u202e", "🔥",
)


def test_search_query_abuse_never_raises_and_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    before = _stored_before(tmp_path / "in", db)
    with open_store(db) as store:
        for query in FTS_ABUSE:
            store.search(query, 10)  # no exception, whatever the syntax
        assert [h.article_id for h in store.search("harbour OR ferry", 10)] == [
            before[0].article_id
        ]
        assert list(store.all(Article)) == before
    for query in FTS_ABUSE[:8]:
        code, _, err = invoke(db, "search", query)
        assert code == 0 and "Traceback" not in err, query
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_a_small_generated_fuzz_run_has_no_problem(tmp_path: Path) -> None:
    """The fuzz benchmark's machinery on 300 inputs of every kind (the full run is 100,000:
    `python -m benchmarks.hostile_inputs`)."""
    from benchmarks.hostile_inputs import fuzz

    result = fuzz(inputs=300, batch=100, seed=7, workdir=tmp_path)
    assert result["problems"] == []
    assert result["inputs"] == 300 and result["unforeseen_failures"] == 0
    by_kind = result["by_kind"]
    assert isinstance(by_kind, dict)
    assert set(by_kind) == {"text", "html", "jsonl", "csv", "rss", "atom", "warc"}
