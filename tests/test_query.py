"""The read side: outlets by name, `show` filters, story listings and the story-level exports.

Articles come through the real ingest and clean stages from files written here; the story-level
records (claims, conflicts, quotes, summary, families) are made by hand, so no model is needed.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from storyline import query
from storyline.cli import cli
from storyline.config import Config
from storyline.model import (
    AlignedQuote,
    Article,
    Claim,
    Conflict,
    QuoteRendering,
    SourceFamily,
    Story,
    StoryAssignment,
    StorySummary,
    SummarySentence,
    Support,
)
from storyline.pipeline import ingest
from storyline.query_rows import aligned_quote_rows, family_rows, story_list_rows, summary_rows
from storyline.store import SQLiteStore, open_store
from storyline.web.render import quote_grid

WIRE = (
    "Quay reopens after storm\n\n"
    "PORT ELLIS, March 3, 2026 (Meridian Wire) - The northern quay of Port Ellis reopened on "
    "Tuesday after the storm damage was repaired, the harbour master said.\n"
)
RELEASE = (
    "Harbour office notice\n\n"
    "The harbour office of Port Ellis announced that the northern quay reopened on Tuesday "
    "after three weeks of repairs.\n"
)
RECORD = {
    "id": "ph-0303",
    "source": "Port Herald",
    "title": "Northern quay open again",
    "date": "2026-03-03",
    "text": "Ships berthed again at the northern quay on Tuesday, after three weeks of repairs "
    "that cost 4 million crowns, the harbour master said.",
    "section": "port",
}
PAGE = """<html><head><title>Quay back in use</title>
<link rel="canonical" href="https://www.coastgazette.example/port/quay"></head>
<body><article><h1>Quay back in use</h1><p>The northern quay of Port Ellis is back in use
after repairs costing 5 million crowns, the harbour master said on Tuesday.</p></article>
</body></html>"""


@pytest.fixture
def db(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "wire.txt").write_text(WIRE, encoding="utf-8")
    (folder / "release.txt").write_text(RELEASE, encoding="utf-8")
    (folder / "herald.jsonl").write_text(json.dumps(RECORD) + "\n", encoding="utf-8")
    (folder / "gazette.html").write_text(PAGE, encoding="utf-8")
    path = tmp_path / "s.db"
    with open_store(path) as store:
        ingest(store, [str(folder)], Config())
        _story(store)
    return path


def _articles(store: SQLiteStore) -> dict[str, Article]:
    return {query.outlet_name(a, a.article_id): a for a in store.all(Article)}


def _story(store: SQLiteStore) -> None:
    """One story over the four articles: claims, a conflict, a quote, a summary, families."""
    by = _articles(store)
    wire, herald = by["Meridian Wire"], by["Port Herald"]
    gazette, release = by["coastgazette.example"], by["release.txt"]
    ids = [a.article_id for a in (wire, herald, gazette, release)]

    def support(article: Article, family: str) -> Support:
        return Support(article_id=article.article_id, sentence=0, start=0, end=10,
                       text=article.text[:10], family_id=family)

    reopened = Claim(
        claim_id="claim_reopened", story_id="story_quay", text="The northern quay reopened.",
        supports=(support(wire, "fam_wire"), support(release, "fam_release"),
                  support(herald, "fam_herald")),
        outlets=(), article_count=3, family_count=3, single_source=False, importance=3.0,
    )
    four = Claim(
        claim_id="claim_four", story_id="story_quay", text="Repairs cost 4 million crowns.",
        supports=(support(herald, "fam_herald"),), outlets=(), article_count=1, family_count=1,
        single_source=True, importance=2.0,
    )
    five = Claim(
        claim_id="claim_five", story_id="story_quay", text="Repairs cost 5 million crowns.",
        supports=(support(gazette, "fam_wire"),), outlets=(), article_count=1, family_count=1,
        single_source=True, importance=1.0,
    )
    store.put([
        Story(story_id="story_quay", title="Port Ellis quay reopens", article_ids=tuple(ids),
              place="Port Ellis", participants=("harbour master",)),
        Story(story_id="story_other", title="Ferry fares rise", article_ids=(ids[3],)),
        *(StoryAssignment(article_id=i, story_id="story_quay", seq=n, score=1.0)
          for n, i in enumerate(ids)),
        SourceFamily(family_id="fam_wire", article_ids=(wire.article_id, gazette.article_id)),
        reopened, four, five,
        Conflict(conflict_id="conflict_cost", story_id="story_quay", claim_a="claim_four",
                 claim_b="claim_five", kind="number", reason="4 million against 5 million"),
        AlignedQuote(aligned_id="aq_master", story_id="story_quay", speaker_entity_id=None,
                     speaker_name="the harbour master", renderings=(
                         QuoteRendering(article_id=wire.article_id, quote_id="q1",
                                        kind="indirect", start=0, end=10, text="reopened"),
                         QuoteRendering(article_id=herald.article_id, quote_id="q2",
                                        kind="indirect", start=0, end=10, text="berthed"),
                     )),
        StorySummary(story_id="story_quay", sentences=(
            SummarySentence(claim_id="claim_reopened", text=reopened.text, family_count=3,
                            citations=reopened.supports),
        )),
    ])


def invoke(db: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)
    return result.exit_code, result.stdout


def test_outlets_come_from_the_record_the_url_the_dateline_or_the_file_name(db: Path) -> None:
    with open_store(db) as store:
        by = _articles(store)
    assert set(by) == {"Meridian Wire", "Port Herald", "coastgazette.example", "release.txt"}
    assert by["Meridian Wire"].outlet == "Meridian Wire"  # "(Meridian Wire)" in the dateline
    assert by["Meridian Wire"].source_id == "wire.txt"
    assert by["release.txt"].outlet is None  # nothing names one: known by its file name


def test_show_names_sources_by_outlet_never_by_article_id(db: Path) -> None:
    code, out = invoke(db, "show", "story_quay")
    assert code == 0
    for name in ("Meridian Wire", "Port Herald", "coastgaze", "release.txt"):
        assert name in out, name
    assert "(art_" not in out  # no bare article id in citations or quotes
    code, out = invoke(db, "show", "story_quay", "--json")
    data = json.loads(out)
    assert set(data["outlets"].values()) == {
        "Meridian Wire", "Port Herald", "coastgazette.example", "release.txt"
    }
    assert data["coverage"]["outlets"] == sorted(data["outlets"].values())


def test_a_joint_remark_is_shown_and_exported_with_every_speaker(db: Path) -> None:
    with open_store(db) as store:
        (wire,) = [a for a in store.all(Article) if a.source_id == "wire.txt"]
        store.put([
            AlignedQuote(aligned_id="aq_joint", story_id="story_quay", speaker_entity_id=None,
                         speaker_name="Lena Ortiz", co_speakers=("Tom Vance",), renderings=(
                             QuoteRendering(article_id=wire.article_id, quote_id="q3",
                                            kind="direct", start=0, end=10, text="no fees"),
                         )),
        ])
        rows = {r["aligned_id"]: r for r in aligned_quote_rows(store)}
    assert rows["aq_joint"]["co_speakers"] == ["Tom Vance"]
    assert rows["aq_master"]["co_speakers"] == []
    code, out = invoke(db, "show", "story_quay")
    assert code == 0
    assert "Lena Ortiz and Tom Vance:" in out
    grid = quote_grid(list(rows.values()), ["Meridian Wire"])
    assert {g["speaker"] for g in grid} == {"Lena Ortiz and Tom Vance", "the harbour master"}


def test_show_filters_narrow_claims_conflicts_quotes_and_articles(db: Path) -> None:
    with open_store(db) as store:
        view = query.story_view(store, "story_quay")
    assert view is not None
    ids = [c.claim_id for c in view.claims]
    assert ids == ["claim_reopened", "claim_four", "claim_five"]  # by importance

    def narrowed(**options: object) -> query.StoryView:
        assert view is not None
        return query.filter_view(view, query.ViewFilter(**options))  # type: ignore[arg-type]

    assert [c.claim_id for c in narrowed(min_families=2).claims] == ["claim_reopened"]
    assert narrowed(min_families=2).conflicts == ()
    only = narrowed(conflicts_only=True)
    assert [c.claim_id for c in only.claims] == ["claim_four", "claim_five"]
    assert [v.conflict.conflict_id for v in only.conflicts] == ["conflict_cost"]
    herald = narrowed(outlet="herald")
    assert [c.claim_id for c in herald.claims] == ["claim_reopened", "claim_four"]
    assert herald.coverage.outlets == ("Port Herald",)
    assert [row.reported_by for row in herald.coverage.rows] == [(True,), (True,)]
    assert [q.aligned_id for q in herald.quotes] == ["aq_master"]
    assert [a.outlet for g in herald.families for a in g.articles] == ["Port Herald"]
    assert [c.claim_id for c in narrowed(limit=1).claims] == ["claim_reopened"]
    code, out = invoke(db, "show", "story_quay", "--conflicts", "--outlet", "gazette")
    assert code == 0 and "Repairs cost 5 million" in out and "Repairs cost 4 million" not in out
    # Only --outlet narrows the families, so only it says the count is the outlet's.
    assert "(of the chosen outlet)" in out
    code, out = invoke(db, "show", "story_quay", "--limit", "1")
    assert code == 0 and "independent source families" in out
    assert "(of the chosen outlet)" not in out
    code, out = invoke(db, "show", "story_quay", "--min-families", "2", "--limit", "5", "--json")
    assert [c["claim_id"] for c in json.loads(out)["claims"]] == ["claim_reopened"]


def test_stories_list_counts_and_filters(db: Path) -> None:
    with open_store(db) as store:
        listed = query.story_listings(store)
        assert [(s.story.story_id, s.article_count, s.family_count, s.conflict_count)
                for s in listed] == [("story_quay", 4, 3, 1), ("story_other", 1, 1, 0)]
        assert [s.story.story_id for s in query.story_listings(store, min_articles=2)] == [
            "story_quay"
        ]
        assert [s.story.story_id for s in query.story_listings(store, text="FERRY")] == [
            "story_other"
        ]
        assert [s.story.story_id for s in query.story_listings(store, limit=1)] == ["story_quay"]
    code, out = invoke(db, "stories", "quay")
    assert code == 0 and "story_quay" in out and "story_other" not in out
    code, out = invoke(db, "stories", "--json", "--min-articles", "2")
    (row,) = json.loads(out)
    assert (row["article_count"], row["family_count"], row["conflict_count"]) == (4, 3, 1)
    code, out = invoke(db, "stories", "nothing like it")
    assert code == 0 and out.strip() == "no stories match"


def test_story_level_exports_name_outlets(db: Path) -> None:
    with open_store(db) as store:
        stories = {r["story_id"]: r for r in story_list_rows(store)}
        summaries = list(summary_rows(store))
        quotes = list(aligned_quote_rows(store))
        families = {r["family_id"]: r for r in family_rows(store)}
    quay = stories["story_quay"]
    assert (quay["article_count"], quay["family_count"], quay["conflict_count"]) == (4, 3, 1)
    assert quay["claim_count"] == 3 and len(quay["source_ids"]) == 4
    assert set(quay["outlets"]) == {
        "Meridian Wire", "Port Herald", "coastgazette.example", "release.txt"
    }
    assert [(s["rank"], s["claim_id"], s["family_count"]) for s in summaries] == [
        (1, "claim_reopened", 3)
    ]
    assert {c["outlet"] for c in summaries[0]["citations"]} == {
        "Meridian Wire", "release.txt", "Port Herald"
    }
    assert quotes[0]["outlets"] == ["Meridian Wire", "Port Herald"]
    assert families["fam_wire"]["outlets"] == ["Meridian Wire", "coastgazette.example"]
    assert families["fam_wire"]["story_ids"] == ["story_quay"]
    code, out = invoke(db, "export", "claims")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    outlets = {row["claim_id"]: row["outlets"] for row in rows}
    assert outlets["claim_reopened"] == ["Meridian Wire", "Port Herald", "release.txt"]
    assert not any(o.startswith("art_") for names in outlets.values() for o in names)


def test_parquet_exports_have_nested_columns(db: Path, tmp_path: Path) -> None:
    for command, column, check in (
        (["claims"], "supports", pa.types.is_list),
        (["summaries"], "citations", pa.types.is_list),
        (["aligned-quotes"], "renderings", pa.types.is_list),
        (["families"], "outlets", pa.types.is_list),
        (["stories", "--per", "story"], "related", pa.types.is_list),
        (["articles"], "metadata", pa.types.is_map),
    ):
        target = tmp_path / f"{command[0]}.parquet"
        code, _ = invoke(db, "-q", "export", *command, "--format", "parquet", "--output",
                         str(target))
        assert code == 0
        table = pq.read_table(target)
        assert check(table.schema.field(column).type), (command, table.schema.field(column))
    supports = pq.read_table(tmp_path / "claims.parquet").schema.field("supports").type
    assert pa.types.is_struct(supports.value_type)
    assert {supports.value_type.field(i).name for i in range(supports.value_type.num_fields)} >= {
        "article_id", "outlet", "start", "end", "text"
    }
    rows = pq.read_table(tmp_path / "articles.parquet").to_pylist()
    herald = next(r for r in rows if r["id"] == "ph-0303")
    assert dict(herald["metadata"]) == {"section": "port"}  # a map, values as JSON text
    csv_path = tmp_path / "families.csv"
    invoke(db, "-q", "export", "families", "--format", "csv", "--output", str(csv_path))
    with csv_path.open(newline="", encoding="utf-8") as stream:
        first = next(csv.DictReader(stream))
    assert isinstance(json.loads(first["outlets"]), list)  # nested values are JSON text in CSV


def test_the_read_side_says_what_is_missing_and_where_to_look(db: Path) -> None:
    """An unknown ID is a NotFound from the read side itself (the CLI prints it, the desk answers
    404), naming the kind of record and the command that lists the real ones."""
    from storyline.errors import NotFound
    from storyline.query_desk import story_detail
    from storyline.query_desk_records import article_detail, entity_detail

    with open_store(db) as store:
        assert query.story_view(store, "story_quay").story.story_id == "story_quay"
        with pytest.raises(NotFound, match=r"no story 'story_gone' \(list them with"):
            query.story_view(store, "story_gone")
        with pytest.raises(NotFound, match="no article 'art_gone'"):
            query.article_view(store, "art_gone")
        for read, kind in ((story_detail, "story"), (article_detail, "article"),
                           (entity_detail, "entity")):
            with pytest.raises(NotFound) as missing:
                read(store, "nope_0")
            assert (missing.value.kind, missing.value.key) == (kind, "nope_0")
    code, _ = invoke(db, "show", "story_gone")
    assert code == 2
