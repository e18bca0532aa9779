"""The REST API against a real `storyline serve` on 127.0.0.1, over the bundled sample run
through every stage: every endpoint, paging, filters, 404s, the OpenAPI schema, the exports'
field names, and the guards on writes."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from storyline.export import article_rows
from storyline.query_rows import (
    aligned_quote_rows,
    claim_rows,
    conflict_rows,
    family_rows,
    story_list_rows,
    summary_rows,
)
from storyline.store import open_store
from storyline.web import schemas
from tests.web.conftest import Desk, copy_store, start_desk


@pytest.fixture(scope="module")
def desk(corpus_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    """A desk over the sample that no test of this module writes to."""
    folder = tmp_path_factory.mktemp("api")
    running = start_desk(copy_store(corpus_db, folder / "read.db"), folder / "serve.log")
    yield running
    running.stop()


@pytest.fixture
def api(desk: Desk) -> Iterator[httpx.Client]:
    with desk.client() as client:
        yield client


def _pact(api: httpx.Client) -> dict[str, Any]:
    found = api.get("/api/stories", params={"q": "Silverrun water-sharing"}).json()["stories"]
    assert len(found) == 1
    return found[0]  # type: ignore[no-any-return]


# -- the schema -----------------------------------------------------------------------------------


def test_the_openapi_schema_describes_every_endpoint(api: httpx.Client) -> None:
    schema = api.get("/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    expected = {
        "/api/stories": {"get"},
        "/api/stories/{story_id}": {"get"},
        "/api/articles": {"get"},
        "/api/articles/{article_id}": {"get"},
        "/api/entities": {"get"},
        "/api/entities/{entity_id}": {"get"},
        "/api/search": {"get"},
        "/api/stats": {"get"},
        "/api/session": {"get"},
        "/api/corrections": {"get", "post"},
        "/api/ingest": {"post"},
    }
    assert {p: set(v) for p, v in paths.items()} == expected  # pages stay out of the schema
    listing = {p["name"] for p in paths["/api/stories"]["get"]["parameters"]}
    assert {"since", "until", "place", "participant", "outlet", "q", "offset", "limit"} <= listing
    for path, methods in expected.items():
        for method in methods:
            assert "200" in paths[path][method]["responses"] or "201" in paths[path][method][
                "responses"
            ], path
    assert "404" in paths["/api/stories/{story_id}"]["get"]["responses"]
    detail = schema["components"]["schemas"]["StoryDetail"]["properties"]
    assert {"claims", "conflicts", "summary", "coverage", "quotes", "related"} <= set(detail)
    # The interactive docs would load scripts from a CDN: they are not served.
    assert api.get("/docs").status_code == 404


def _fields(model: type[schemas.BaseModel]) -> set[str]:
    return set(model.model_fields)


def test_rows_carry_the_exports_field_names_and_values(api: httpx.Client, desk: Desk) -> None:
    story = _pact(api)
    detail = api.get(f"/api/stories/{story['story_id']}").json()
    schemas.StoryDetail.model_validate(detail)  # exactly the declared fields, no others
    sid = story["story_id"]
    with open_store(desk.db) as store:
        story_rows = {r["story_id"]: r for r in story_list_rows(store)}
        claims = [r for r in claim_rows(store) if r["story_id"] == sid]
        conflicts = {r["conflict_id"]: r for r in conflict_rows(store) if r["story_id"] == sid}
        summary = [r for r in summary_rows(store) if r["story_id"] == sid]
        quotes = [r for r in aligned_quote_rows(store) if r["story_id"] == sid]
        families = {r["family_id"]: r for r in family_rows(store)}
        articles = {r["article_id"]: r for r in article_rows(store)}
    assert detail["story"] == {**story_rows[sid], "single_source": False}
    assert story == detail["story"]
    assert sorted(detail["claims"], key=lambda c: c["claim_id"]) == sorted(
        claims, key=lambda c: c["claim_id"]
    )
    assert detail["summary"] == summary and summary
    assert sorted(detail["quotes"], key=lambda q: q["aligned_id"]) == sorted(
        quotes, key=lambda q: q["aligned_id"]
    )
    for family in detail["families"]:
        assert family == families[family["family_id"]]
    assert len(detail["conflicts"]) == len(conflicts) == 2
    for conflict in detail["conflicts"]:
        exported = conflicts[conflict["conflict_id"]]
        assert {k: v for k, v in conflict.items() if k in exported} == exported
        assert set(conflict) - set(exported) == {"sentences", "decision"}
    some = detail["articles"][0]["article_id"]
    record = api.get(f"/api/articles/{some}").json()["article"]
    assert {k: v for k, v in record.items() if k != "outlet"} == articles[some]
    assert _fields(schemas.StoryRow) == set(story_rows[sid]) | {"single_source"}
    assert _fields(schemas.ClaimRow) == set(claims[0])
    assert _fields(schemas.SummaryRow) == set(summary[0])
    assert _fields(schemas.AlignedQuoteRow) == set(quotes[0])
    assert _fields(schemas.FamilyRow) == set(next(iter(families.values())))
    assert _fields(schemas.ArticleRecord) == set(articles[some]) | {"outlet"}


# -- stories --------------------------------------------------------------------------------------


def test_stories_are_paged(api: httpx.Client) -> None:
    everything = api.get("/api/stories").json()
    assert everything["total"] == 2 and len(everything["stories"]) == 2
    schemas.StoryList.model_validate(everything)
    first = api.get("/api/stories", params={"limit": 1}).json()
    second = api.get("/api/stories", params={"limit": 1, "offset": 1}).json()
    assert first["total"] == second["total"] == 2
    assert [first["stories"][0]["story_id"], second["stories"][0]["story_id"]] == [
        s["story_id"] for s in everything["stories"]
    ]
    assert api.get("/api/stories", params={"offset": 5}).json()["stories"] == []
    # Newest first by default: the farmers' march (22 March) before the pact (14-15 March).
    assert "farmers" in everything["stories"][0]["title"]
    oldest = api.get("/api/stories", params={"order": "oldest"}).json()["stories"]
    assert "Silverrun" in oldest[0]["title"]
    largest = api.get("/api/stories", params={"order": "largest"}).json()["stories"]
    assert largest[0]["article_count"] == 5
    for bad in ({"limit": 0}, {"limit": 100_000}, {"offset": -1}, {"order": "sideways"},
                {"since": "not a date"}):
        response = api.get("/api/stories", params=bad)
        assert response.status_code == 422, bad
        assert "detail" in response.json()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"place": "kestrel"}, ["Silverrun"]),
        ({"participant": "Halvorsen"}, ["Silverrun"]),
        ({"participant": "reyes"}, ["farmers", "Silverrun"]),
        ({"outlet": "Meridian"}, ["Silverrun"]),
        ({"outlet": "coastal gazette"}, ["farmers", "Silverrun"]),
        ({"q": "farmers"}, ["farmers"]),
        ({"since": "2026-03-20"}, ["farmers"]),
        ({"until": "2026-03-16T00:00:00"}, ["Silverrun"]),
        ({"since": "2026-03-01", "until": "2026-03-31", "place": "Vell"}, ["farmers"]),
        ({"outlet": "no such outlet"}, []),
    ],
)
def test_stories_are_filtered(
    api: httpx.Client, params: dict[str, str], expected: list[str]
) -> None:
    found = api.get("/api/stories", params=params).json()
    titles = [s["title"] for s in found["stories"]]
    assert found["total"] == len(expected)
    assert all(word in title for word, title in zip(expected, titles, strict=True)), titles


def test_one_story_has_what_an_editor_reads(api: httpx.Client) -> None:
    detail = api.get(f"/api/stories/{_pact(api)['story_id']}").json()
    assert len(detail["articles"]) == 5 and detail["claims_current"]
    assert [a["seq"] for a in detail["articles"]] == sorted(a["seq"] for a in detail["articles"])
    why = [a["why"] for a in detail["articles"]]
    assert why[0]["how"] == "founded the story"
    joined = [w for w in why if w["how"] == "joined"]
    assert joined and all(w["score"] >= w["threshold"] for w in joined)
    assert all(
        {"words", "meaning", "names", "place"} <= {s["signal"] for s in w["signals"]}
        for w in joined
    )
    # The Coastal Gazette puts the signing in Port Aurel, the others in Kestrel City.
    gazette = next(a for a in detail["articles"] if a["outlet"] == "Coastal Gazette")
    (place,) = [s for s in gazette["why"]["signals"] if s["signal"] == "place"]
    assert place["value"] == 0.0 and "Port Aurel" in place["detail"]
    importance = [c["importance"] for c in detail["claims"]]
    assert importance == sorted(importance, reverse=True)
    # The Coastal Gazette's 45 percent against the wire's 40, with both values marked.
    number = next(c for c in detail["conflicts"] if c["kind"] == "number")
    marked = {v for s in number["sentences"] for v in s["differs"]}
    assert {"40 percent", "45 percent"} <= marked
    assert len(number["sentences"]) == 2 and number["decision"] is None
    coverage = detail["coverage"]
    assert [r["claim_id"] for r in coverage["rows"]] == [c["claim_id"] for c in detail["claims"]]
    assert all(len(r["reported_by"]) == len(coverage["outlets"]) for r in coverage["rows"])
    (related,) = detail["related"]
    assert "farmers" in related["title"] and related["reason"]
    # Every summary citation points at text of the cited article.
    for sentence in detail["summary"]:
        for c in sentence["citations"]:
            text = api.get(f"/api/articles/{c['article_id']}").json()["article"]["text"]
            assert text[c["start"] : c["end"]].strip()


def test_conflicts_carry_summary_and_confidence_and_filter_by_it(api: httpx.Client) -> None:
    """As `storyline show --min-confidence` does: conflicts less sure than asked are left out."""
    story_id = _pact(api)["story_id"]
    every = api.get(f"/api/stories/{story_id}").json()["conflicts"]
    assert len(every) == 2
    assert all(c["summary"] and 0.0 < c["confidence"] <= 1.0 for c in every)
    least = min(c["confidence"] for c in every)
    kept = api.get(f"/api/stories/{story_id}", params={"min_confidence": least}).json()
    assert len(kept["conflicts"]) == 2
    above = api.get(f"/api/stories/{story_id}", params={"min_confidence": least + 0.01}).json()
    assert [c["confidence"] for c in above["conflicts"]] == [
        c["confidence"] for c in every if c["confidence"] > least
    ]
    assert above["story"]["conflict_count"] == len(above["conflicts"])
    page = api.get(f"/stories/{story_id}", params={"min_confidence": least + 0.01}).text
    assert page.count('class="conflict"') == len(above["conflicts"])
    too_sure = api.get(f"/api/stories/{story_id}", params={"min_confidence": 1.5})
    assert too_sure.status_code == 422


def test_a_missing_record_is_a_404(api: httpx.Client) -> None:
    for path in ("/api/stories/story_0000000000000000", "/api/articles/art_nope",
                 "/api/entities/entity_nope"):
        response = api.get(path)
        assert response.status_code == 404
        assert "no " in response.json()["detail"]
    page = api.get("/stories/story_0000000000000000")
    assert page.status_code == 404 and "text/html" in page.headers["content-type"]
    assert "Traceback" not in page.text and "no story" in page.text
    assert api.get("/no/such/page").status_code == 404


# -- articles, entities, search, stats ---------------------------------------------------------


def test_an_article_has_the_spans_of_its_claims_quotes_names_and_copies(
    api: httpx.Client,
) -> None:
    listing = api.get("/api/articles", params={"limit": 100}).json()
    schemas.ArticleList.model_validate(listing)
    assert listing["total"] == 6
    lantern = next(a for a in listing["articles"] if "lantern" in a["outlet"].lower())
    detail = api.get(f"/api/articles/{lantern['article_id']}").json()
    schemas.ArticleDetail.model_validate(detail)
    text = detail["article"]["text"]
    kinds = {s["kind"] for s in detail["spans"]}
    assert kinds == {"claim", "quote", "mention", "passage"}
    assert all(0 <= s["start"] < s["end"] <= len(text) for s in detail["spans"])
    # The Daily Lantern reprints the Meridian Wire's copy: each passage names where it came from.
    assert detail["passages"]
    assert any("Meridian" in p["other_outlet"] for p in detail["passages"])
    for p in detail["passages"]:
        assert p["text"] == text[p["start"] : p["end"]]
        other = api.get(f"/api/articles/{p['other_article_id']}").json()["article"]["text"]
        assert other[p["other_start"] : p["other_end"]].strip()
    assert detail["story_id"] == _pact(api)["story_id"]
    paged = api.get("/api/articles", params={"limit": 2, "offset": 4}).json()
    assert [a["article_id"] for a in paged["articles"]] == [
        a["article_id"] for a in listing["articles"][4:6]
    ]


def test_entities_with_aliases_and_stories(api: httpx.Client) -> None:
    found = api.get("/api/entities", params={"q": "halvorsen"}).json()
    schemas.EntityList.model_validate(found)
    person = next(e for e in found["entities"] if e["kind"] == "PERSON")
    assert "Halvorsen" in person["name"]
    detail = api.get(f"/api/entities/{person['entity_id']}").json()
    schemas.EntityDetail.model_validate(detail)
    assert _pact(api)["story_id"] in {s["story_id"] for s in detail["stories"]}
    assert len(detail["articles"]) >= 3
    assert detail["quotes"]  # "This agreement ends a decade of mistrust between our peoples"
    kinds = api.get("/api/entities", params={"kind": "PERSON", "limit": 500}).json()
    assert kinds["entities"] and all(e["kind"] == "PERSON" for e in kinds["entities"])
    assert api.get("/api/entities", params={"limit": 1}).json()["total"] > 1


def test_search_is_full_text_and_takes_any_text(api: httpx.Client) -> None:
    found = api.get("/api/search", params={"q": "Silverrun AND commission"}).json()
    schemas.SearchResult.model_validate(found)
    assert found["hits"] and all(h["story_id"] for h in found["hits"])
    for odd in ("AND", '"unbalanced', "NEAR(", "*"):
        response = api.get("/api/search", params={"q": odd})
        assert response.status_code == 200, odd
    assert api.get("/api/search", params={"q": " "}).json()["hits"] == []
    assert api.get("/api/search").status_code == 422


def test_stats(api: httpx.Client) -> None:
    stats = api.get("/api/stats").json()
    schemas.Stats.model_validate(stats)
    assert stats["records"]["article"] == 6 and stats["records"]["story"] == 2
    assert stats["rejections_by_reason"] == {"empty-text": 1}
    assert stats["records"]["correction"] == 0


# -- the guards -----------------------------------------------------------------------------------


def test_every_answer_carries_the_security_headers(api: httpx.Client) -> None:
    for path in ("/", "/api/stats", f"/stories/{_pact(api)['story_id']}", "/static/desk.css"):
        headers = api.get(path).headers
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp and "default-src 'none'" in csp
        assert "unsafe-inline" not in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"


def test_only_loopback_host_names_are_served(desk: Desk) -> None:
    # A page elsewhere cannot reach the desk through a name that resolves to 127.0.0.1.
    with desk.client(headers={"Host": "attacker.example"}) as client:
        assert client.get("/api/stats").status_code == 400
    with desk.client(headers={"Host": "localhost"}) as client:
        assert client.get("/api/stats").status_code == 200


@pytest.fixture
def writable(corpus_db: Path, tmp_path: Path, desk_factory: Any) -> Desk:
    desk: Desk = desk_factory(copy_store(corpus_db, tmp_path / "write.db"))
    return desk


def _split_request(client: httpx.Client) -> dict[str, Any]:
    pact = _pact(client)
    return {"kind": "split", "story_id": pact["story_id"], "article_ids": pact["article_ids"][-1:]}


def test_writes_need_this_sessions_token(writable: Desk) -> None:
    client, token = writable.session()
    body = _split_request(client)
    assert client.post("/api/corrections", json=body).status_code == 403
    wrong = client.post("/api/corrections", json=body, headers={"X-CSRF-Token": "0" * 40})
    assert wrong.status_code == 403 and "token" in wrong.json()["detail"]
    other, other_token = writable.session()  # another browser's session and token
    assert client.post(
        "/api/corrections", json=body, headers={"X-CSRF-Token": other_token}
    ).status_code == 403
    forged = client.post(
        "/api/corrections", json=body,
        headers={"X-CSRF-Token": token, "Origin": "http://attacker.example"},
    )
    assert forged.status_code == 403
    page_form = client.post(f"/stories/{body['story_id']}/split",
                            data={"article_ids": body["article_ids"]})
    assert page_form.status_code == 403
    assert client.get("/api/corrections").json() == []  # nothing was written
    made = client.post("/api/corrections", json=body, headers={"X-CSRF-Token": token})
    assert made.status_code == 201, made.text
    other.close()
    client.close()


def test_corrections_through_the_api(writable: Desk) -> None:
    client, token = writable.session()
    write = {"X-CSRF-Token": token}
    pact = _pact(client)
    moved_off = pact["article_ids"][-1]
    made = client.post("/api/corrections", json=_split_request(client), headers=write).json()
    schemas.CorrectionRow.model_validate(made)
    new_story = client.get(f"/api/stories/{made['new_story_id']}").json()
    assert new_story["story"]["article_ids"] == [moved_off]
    assert new_story["articles"][0]["why"]["how"] == "placed by an editor"
    assert new_story["corrections"][0]["correction_id"] == made["correction_id"]
    after = client.get(f"/api/stories/{pact['story_id']}").json()
    assert moved_off not in after["story"]["article_ids"]
    assert not after["claims_current"]  # the claims await the next run
    assert {r["story_id"] for r in after["related"]} >= {made["new_story_id"]}
    # Dismiss a conflict: gone at once, shown as the editor's; confirm brings it back.
    conflict = after["conflicts"][0]
    dismissed = client.post("/api/corrections", headers=write, json={
        "kind": "dismiss-conflict", "conflict_id": conflict["conflict_id"], "note": "same value",
    })
    assert dismissed.status_code == 201
    now = client.get(f"/api/stories/{pact['story_id']}").json()
    assert conflict["conflict_id"] not in {c["conflict_id"] for c in now["conflicts"]}
    assert any(c["kind"] == "dismiss-conflict" for c in now["corrections"])
    client.post("/api/corrections", headers=write, json={
        "kind": "confirm-conflict", "conflict_id": conflict["conflict_id"],
    })
    back = client.get(f"/api/stories/{pact['story_id']}").json()
    restored = next(c for c in back["conflicts"] if c["conflict_id"] == conflict["conflict_id"])
    assert restored["decision"]["kind"] == "confirm-conflict"
    # Merge the farmers' march into the pact: its ID now answers with the pact.
    farmers = client.get("/api/stories", params={"q": "farmers"}).json()["stories"][0]
    merged = client.post("/api/corrections", headers=write, json={
        "kind": "merge", "story_id": pact["story_id"], "other_story_id": farmers["story_id"],
    })
    assert merged.status_code == 201
    assert client.get(f"/api/stories/{farmers['story_id']}").json()["story"]["story_id"] == (
        pact["story_id"]
    )
    assert client.get(f"/stories/{farmers['story_id']}", follow_redirects=False).status_code == 307
    # Move the split-off article back.
    moved = client.post("/api/corrections", headers=write, json={
        "kind": "move", "story_id": pact["story_id"], "article_ids": [moved_off],
    })
    assert moved.status_code == 201
    assert client.get(f"/api/stories/{made['new_story_id']}").status_code == 404
    listed = client.get("/api/corrections").json()
    assert [c["kind"] for c in listed] == [
        "move", "merge", "confirm-conflict", "dismiss-conflict", "split"
    ]
    # A correction that cannot be made says why, and writes nothing.
    bad = client.post("/api/corrections", headers=write, json={
        "kind": "split", "story_id": pact["story_id"], "article_ids": ["art_nope"],
    })
    assert bad.status_code == 400 and "not articles of" in bad.json()["detail"]
    assert client.post("/api/corrections", headers=write, json={"kind": "undo"}).status_code == 422
    assert len(client.get("/api/corrections").json()) == 5
    client.close()


def test_read_only_desk_refuses_corrections(corpus_db: Path, tmp_path: Path,
                                            desk_factory: Any) -> None:
    desk = desk_factory(copy_store(corpus_db, tmp_path / "ro.db"), "--read-only")
    client, token = desk.session()
    refused = client.post("/api/corrections", json=_split_request(client),
                          headers={"X-CSRF-Token": token})
    assert refused.status_code == 403 and "read-only" in refused.json()["detail"]
    page = client.get(f"/stories/{_pact(client)['story_id']}").text
    main = page.split("<main>")[1]
    assert 'method="post"' not in main  # no correction forms (only the filters, which GET)
    assert 'name="min_confidence"' in main
    client.close()


def test_ingest_only_when_allowed(corpus_db: Path, tmp_path: Path, desk_factory: Any) -> None:
    closed = desk_factory(copy_store(corpus_db, tmp_path / "closed.db"))
    client, token = closed.session()
    refused = client.post("/api/ingest", headers={"X-CSRF-Token": token},
                          files={"files": ("a.txt", b"Some words about a river.")})
    assert refused.status_code == 403 and "--allow-ingest" in refused.json()["detail"]
    client.close()
    open_desk = desk_factory(copy_store(corpus_db, tmp_path / "open.db"), "--allow-ingest")
    client, token = open_desk.session()
    text = b"Harbour pilots in Kestrel City went on strike on Monday over new shift rules.\n"
    done = client.post(
        "/api/ingest",
        headers={"X-CSRF-Token": token},
        files=[("files", ("../../etc/strike.txt", text)), ("files", ("empty.txt", b""))],
        data={"urls": "http://127.0.0.1:9/private"},
    )
    assert done.status_code == 200, done.text
    result = done.json()
    assert result["new"] == 1 and result["rejected"] == 2  # empty-text, blocked-address
    stats = client.get("/api/stats").json()
    assert stats["records"]["article"] == 7
    assert stats["rejections_by_reason"]["blocked-address"] == 1
    no_token = client.post("/api/ingest", files={"files": ("b.txt", text)})
    assert no_token.status_code == 403
    not_a_url = client.post("/api/ingest", headers={"X-CSRF-Token": token},
                            data={"urls": "file:///etc/passwd"})
    assert not_a_url.status_code == 400
    client.close()


def test_an_empty_store_says_so(tmp_path: Path, desk_factory: Any) -> None:
    db = tmp_path / "empty.db"
    open_store(db).close()
    desk = desk_factory(db)
    with desk.client() as client:
        assert client.get("/api/stories").json() == {
            "total": 0, "offset": 0, "limit": 50, "stories": []
        }
        front = client.get("/")
        assert front.status_code == 200 and 'id="empty-store"' in front.text


def test_serve_refuses_a_missing_store(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "storyline", "--db", str(tmp_path / "missing.db"), "serve",
         "--port", "9"],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert done.returncode == 2
    assert "no database" in done.stderr and "Traceback" not in done.stderr


def test_the_listing_read_from_columns_matches_the_one_read_from_records(
    corpus_db: Path, tmp_path: Path
) -> None:
    """The listing answers date, place and size filters from the story table's columns (no
    story decoded); the stories and their order are those of the records."""
    from datetime import datetime

    from storyline.query_desk import StoryQuery, _matching_ids, _matching_stories
    from storyline.store import open_store

    queries = [
        StoryQuery(),
        StoryQuery(order="oldest"),
        StoryQuery(order="largest"),
        StoryQuery(min_articles=2),
        StoryQuery(place="kestrel"),
        StoryQuery(since=datetime(2026, 3, 16)),
        StoryQuery(until=datetime(2026, 3, 14, 12)),
        StoryQuery(since=datetime(2030, 1, 1)),
    ]
    with open_store(copy_store(corpus_db, tmp_path / "columns.db")) as store:
        for q in queries:
            assert _matching_ids(store, q) == [s.story_id for s in _matching_stories(store, q)], q
        assert len(_matching_ids(store, StoryQuery())) == 2
        assert _matching_ids(store, StoryQuery(since=datetime(2030, 1, 1))) == []
