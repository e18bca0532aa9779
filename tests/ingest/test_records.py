"""JSONL and CSV records: fields, metadata, 'None' values, bad lines, and the real evalsets."""

from __future__ import annotations

import csv
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from storyline.config import IngestConfig
from storyline.ingest import read_inputs
from storyline.model import Rejection, Report
from tests.conftest import EVALSETS

CFG = IngestConfig()

RECORD: dict[str, Any] = {
    "id": "wc-2024-031",
    "url": "https://www.westfordcourier.example/news/ferry",
    "source": "Westford Courier",
    "title": "Ferry fares frozen",
    "text": "Ferry fares will not rise this year, the operator said on Monday.",
    "published": "2024-03-04T08:00:00+01:00",
    "author": "Ana Ruiz",
    "language": "en",
    "section": "transport",
    "tags": ["ferry", "fares"],
}


def read_all(path: Path, cfg: IngestConfig = CFG) -> list[Report | Rejection]:
    return list(read_inputs([str(path)], cfg))


def write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_jsonl_record_fields_map_onto_the_report(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "r.jsonl", [json.dumps(RECORD)])
    (report,) = read_all(path)
    assert isinstance(report, Report)
    assert report.kind == "jsonl"
    assert report.origin == f"{path}#L1"
    assert report.source_id == "wc-2024-031"
    assert report.url == RECORD["url"]
    assert report.outlet == "Westford Courier"  # the record's source wins over the URL's domain
    assert report.title == "Ferry fares frozen"
    assert report.text == RECORD["text"]
    assert report.author == "Ana Ruiz"
    assert report.language == "en"
    assert report.published == datetime(2024, 3, 4, 7, 0)  # naive UTC
    assert report.metadata == {"section": "transport", "tags": ["ferry", "fares"]}


def test_missing_values_written_as_none_strings_are_missing(tmp_path: Path) -> None:
    record = {"id": 17, "url": "None", "date": "None", "source": "", "text": "Quay lights fixed."}
    path = write_jsonl(tmp_path / "r.jsonl", [json.dumps(record)])
    (report,) = read_all(path)
    assert isinstance(report, Report)
    assert report.source_id == "17"
    assert report.url is None and report.published is None and report.outlet is None
    assert report.metadata == {}


def test_without_id_the_url_is_the_source_id_and_its_domain_the_outlet(tmp_path: Path) -> None:
    record = {"url": "https://www.gazette.example/a/1", "date": "2024-05-01", "text": "Boats."}
    (report,) = read_all(write_jsonl(tmp_path / "r.jsonl", [json.dumps(record)]))
    assert isinstance(report, Report)
    assert report.source_id == "https://www.gazette.example/a/1"
    assert report.outlet == "gazette.example"
    assert report.published == datetime(2024, 5, 1)


def test_unreadable_date_is_kept_in_metadata_not_guessed(tmp_path: Path) -> None:
    record = {"id": "x", "date": "last Tuesday", "text": "Council met."}
    (report,) = read_all(write_jsonl(tmp_path / "r.jsonl", [json.dumps(record)]))
    assert isinstance(report, Report)
    assert report.published is None
    assert report.metadata == {"date": "last Tuesday"}


def test_bad_lines_are_rejected_and_the_file_goes_on(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a", "text": "First good record."}),
        "{not json",
        "",  # blank lines are not records
        json.dumps({"id": "c", "title": "no text"}),
        json.dumps({"id": "d", "text": "   "}),
        json.dumps(["a", "list"]),
        json.dumps({"id": "f", "text": 42}),
        json.dumps({"id": "g", "text": "Last good record."}),
    ]
    path = write_jsonl(tmp_path / "mixed.jsonl", lines)
    items = read_all(path)
    summary = [
        (item.record_id.rsplit("#", 1)[1], item.reason)
        if isinstance(item, Rejection)
        else (item.origin.rsplit("#", 1)[1], item.source_id)
        for item in items
    ]
    assert summary == [
        ("L1", "a"),
        ("L2", "bad-record"),
        ("L4", "empty-text"),
        ("L5", "empty-text"),
        ("L6", "bad-record"),
        ("L7", "bad-record"),
        ("L8", "g"),
    ]


def test_undecodable_and_oversized_lines_are_rejected_alone(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    good = json.dumps({"id": "ok", "text": "Fine."}).encode()
    latin1 = '{"id": "bad", "text": "Caf\u00e9"}'.encode("iso-8859-1")
    huge = json.dumps({"id": "big", "text": "x" * 5000}).encode()
    path.write_bytes(b"\n".join([latin1, huge, good]) + b"\n")
    items = read_all(path, IngestConfig(max_raw_bytes=1000))
    assert [getattr(item, "reason", "report") for item in items] == [
        "undecodable",
        "oversized",
        "report",
    ]
    # With room for the line, the text cap still applies to the record's text.
    items = read_all(path, IngestConfig(max_text_bytes=1000))
    assert [getattr(item, "reason", "report") for item in items] == [
        "undecodable",
        "oversized",
        "report",
    ]


def test_csv_rows_are_reports_with_extra_columns_as_metadata(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["id", "source", "title", "text", "date", "desk"])
        writer.writerow(["c1", "Gazette", "Nets mended", "Fishers mended nets.\nAll day.", "", "x"])
        writer.writerow(["c2", "Gazette", "No text", "", "2024-01-02", "y"])
        writer.writerow(["c3", "None", "Gulls", "Gulls took the bread.", "2024-01-03", "z"])
    items = read_all(path)
    assert [type(item).__name__ for item in items] == ["Report", "Rejection", "Report"]
    first, empty, third = items
    assert isinstance(first, Report) and isinstance(third, Report)
    assert isinstance(empty, Rejection)
    assert first.kind == "csv"
    assert first.origin == f"{path}#L2"
    assert first.text == "Fishers mended nets.\nAll day."
    assert first.metadata == {"desk": "x"}
    assert first.published is None
    assert empty.reason == "empty-text" and empty.record_id == f"{path}#L4"  # row 2 spans 2 lines
    assert third.origin == f"{path}#L5"
    assert third.outlet is None and third.published == datetime(2024, 1, 3)


def test_csv_without_a_text_column_is_a_bad_record(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("id,title\n1,Headline only\n", encoding="utf-8")
    (item,) = read_all(path)
    assert isinstance(item, Rejection) and item.reason == "bad-record"


def test_csv_that_turns_undecodable_keeps_the_rows_before(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes(
        b"id,text\n1,First row.\n" + "2,Caf\u00e9 row.\n".encode("iso-8859-1") * 3000
    )
    items = read_all(path)
    assert isinstance(items[0], Report) and items[0].source_id == "1"
    assert isinstance(items[-1], Rejection) and items[-1].reason == "undecodable"


def test_csv_line_over_the_raw_cap_is_oversized_and_earlier_rows_stand(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text('id,text\n1,Short row.\n2,"' + "y" * 3000 + '"\n', encoding="utf-8")
    items = read_all(path, IngestConfig(max_raw_bytes=1000))
    assert [getattr(item, "reason", "report") for item in items] == ["report", "oversized"]
    assert items[1].record_id == f"{path}#L3"  # type: ignore[union-attr]


# --- the real evalsets --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["ecbplus.dev.jsonl", "basil.jsonl"])
def test_every_evalset_record_is_a_report_keeping_its_id(name: str) -> None:
    path = EVALSETS / name
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    items = read_all(path)
    assert all(isinstance(item, Report) for item in items)
    reports = [item for item in items if isinstance(item, Report)]
    assert [r.source_id for r in reports] == [rec["id"] for rec in records]
    assert [r.text for r in reports] == [rec["text"] for rec in records]
    assert len({r.report_id for r in reports}) == len(records)
    for report, record in zip(reports, records, strict=True):
        assert report.outlet == record["source"]
        assert report.url == (None if record["url"] in (None, "None") else record["url"])
        assert "cluster" in report.metadata  # unknown fields travel as metadata
        if record["date"] not in (None, "None"):
            assert report.published == datetime.fromisoformat(record["date"])
        else:
            assert report.published is None
