"""Properties: input order never changes IDs; JSONL records round-trip their text and id."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.config import IngestConfig
from storyline.ingest import read_inputs
from storyline.ingest.common import is_mostly_control
from storyline.model import Rejection, Report
from tests.ingest import samples
from tests.ingest.test_warc import build_warc

CFG = IngestConfig()
# The fixtures used inside these properties are read-only (corpus) or written fresh per example.
FIXTURES_OK = [HealthCheck.function_scoped_fixture]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One file of every kind, plus a bad one."""
    root = tmp_path_factory.mktemp("corpus")
    (root / "a.txt").write_text("Tide tables\n\nHigh water at six.\n", encoding="utf-8")
    (root / "b.txt").write_text("Quay repairs\n\nThe quay reopens.\n", encoding="utf-8")
    (root / "bridge.html").write_text(samples.BRIDGE_PAGE, encoding="utf-8")
    (root / "town.rss").write_text(samples.RSS_FEED, encoding="utf-8")
    records = [{"id": f"r{i}", "text": f"Record number {i} about the harbour."} for i in range(3)]
    (root / "records.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in records), encoding="utf-8"
    )
    with (root / "rows.csv").open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["id", "text"])
        writer.writerows([["c1", "Row one."], ["c2", "Row two."]])
    build_warc(root / "crawl.warc.gz", gzip=True)
    (root / "bad.txt").write_bytes(b"\x00binary\x00")
    return root


def ids(inputs: list[str]) -> tuple[dict[str, str], set[str]]:
    reports: dict[str, str] = {}
    rejections: set[str] = set()
    for item in read_inputs(inputs, CFG):
        if isinstance(item, Report):
            reports[item.origin] = item.report_id
        else:
            rejections.add(item.rejection_id)
    return reports, rejections


@pytest.fixture(scope="module")
def baseline(corpus: Path) -> tuple[dict[str, str], set[str]]:
    return ids(sorted(str(path) for path in corpus.iterdir()))


@settings(max_examples=20, deadline=None, suppress_health_check=FIXTURES_OK)
@given(data=st.data())
def test_input_order_does_not_change_ids(
    corpus: Path, baseline: tuple[dict[str, str], set[str]], data: st.DataObject
) -> None:
    files = sorted(str(path) for path in corpus.iterdir())
    order = data.draw(st.permutations(files))
    assert ids(list(order)) == baseline


def test_directory_and_file_list_give_the_same_ids(
    corpus: Path, baseline: tuple[dict[str, str], set[str]]
) -> None:
    reports, rejections = baseline
    assert len(reports) == 2 + 1 + 2 + 3 + 2 + 2  # txt, html, feed, jsonl, csv, warc pages
    assert len(rejections) == 3  # the binary file, the empty feed entry, the empty WARC page
    assert ids([str(corpus)]) == baseline
    assert ids([str(corpus / "*"), str(corpus)]) == baseline  # named twice, read once


record_texts = st.text(min_size=1, max_size=300).filter(
    lambda text: bool(text.strip()) and not is_mostly_control(text)
)


@settings(max_examples=40, deadline=None, suppress_health_check=FIXTURES_OK)
@given(
    texts=st.lists(record_texts, min_size=1, max_size=5),
    record_id=st.text(min_size=1, max_size=20).filter(
        lambda s: s.strip().lower() not in {"", "none", "null", "nan", "n/a"}
    ),
)
def test_jsonl_records_round_trip_text_and_id(
    tmp_path: Path, texts: list[str], record_id: str
) -> None:
    path = tmp_path / "round.jsonl"
    with path.open("w", encoding="utf-8") as stream:
        for number, text in enumerate(texts):
            stream.write(json.dumps({"id": f"{record_id}-{number}", "text": text}) + "\n")
    items = list(read_inputs([str(path)], CFG))
    assert all(isinstance(item, Report) for item in items), [
        item for item in items if isinstance(item, Rejection)
    ]
    assert [item.text for item in items if isinstance(item, Report)] == texts
    assert [item.source_id for item in items if isinstance(item, Report)] == [
        f"{record_id}-{n}".strip() for n in range(len(texts))
    ]
