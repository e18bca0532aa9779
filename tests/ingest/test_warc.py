"""WARC archives built here with warcio: each HTML response record is a Report."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyline.config import IngestConfig
from storyline.ingest import read_inputs
from storyline.model import Rejection, Report
from tests.ingest import samples

BRIDGE_URL = "https://archive-source.example/bridge"
MARKET_URL = "https://archive-source.example/market"


def _response(
    writer: WARCWriter, url: str, body: bytes, content_type: str, status: str = "200 OK"
) -> None:
    headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        url, "response", payload=io.BytesIO(body), http_headers=headers
    )
    writer.write_record(record)


def build_warc(path: Path, *, gzip: bool) -> None:
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        request = writer.create_warc_record(
            BRIDGE_URL,
            "request",
            payload=io.BytesIO(b"GET /bridge HTTP/1.1\r\nHost: archive-source.example\r\n\r\n"),
        )
        writer.write_record(request)
        _response(writer, BRIDGE_URL, samples.BRIDGE_PAGE.encode(), "text/html; charset=utf-8")
        _response(writer, "https://archive-source.example/logo.png", b"\x89PNG\r\n", "image/png")
        _response(writer, "https://archive-source.example/gone", b"<html>gone</html>", "text/html",
                  status="404 Not Found")
        _response(
            writer,
            MARKET_URL,
            samples.LATIN1_PAGE.encode("iso-8859-1"),
            "text/html; charset=iso-8859-1",
        )
        _response(writer, "https://archive-source.example/index", samples.EMPTY_PAGE.encode(),
                  "text/html")


def record_spans(path: Path) -> list[tuple[int, int]]:
    """Where each record of an archive starts and ends, in bytes of the file."""
    spans = []
    with path.open("rb") as stream:
        records = ArchiveIterator(stream)
        for record in records:
            record.content_stream().read()
            start = records.get_record_offset()
            spans.append((start, start + records.get_record_length()))
    return spans


def read_all(path: Path, cfg: IngestConfig | None = None) -> list[Report | Rejection]:
    return list(read_inputs([str(path)], cfg or IngestConfig()))


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_each_html_response_is_a_report(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    build_warc(path, gzip=name.endswith(".gz"))
    bridge, market, index = read_all(path)
    assert isinstance(bridge, Report) and isinstance(market, Report)
    assert bridge.kind == "warc"
    # The URL is the record's, even though the page names another canonical URL.
    assert bridge.url == BRIDGE_URL and bridge.source_id == BRIDGE_URL
    assert bridge.outlet == "archive-source.example"
    assert bridge.metadata["canonical_url"] == (
        "https://www.valleycourier.example/news/bridge-reopens"
    )
    assert bridge.metadata["warc_record_id"].startswith("<urn:uuid:")
    assert bridge.origin.startswith(f"{path}#")
    assert bridge.title == "Harbour bridge reopens after repairs"
    assert "eleven weeks of repairs" in bridge.text
    assert market.url == MARKET_URL
    assert "six cafés" in market.text  # decoded with the charset from the HTTP header
    assert isinstance(index, Rejection) and index.reason == "empty-text"
    assert index.record_id.startswith(f"{path}#")


def test_warc_without_an_extension_is_sniffed(tmp_path: Path) -> None:
    path = tmp_path / "crawl-archive"
    build_warc(path, gzip=True)
    kinds = [item.kind for item in read_all(path) if isinstance(item, Report)]
    assert kinds == ["warc", "warc"]


def test_oversized_record_is_rejected_alone(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    build_warc(path, gzip=False)
    items = read_all(path, IngestConfig(max_raw_bytes=800))
    reasons = [getattr(item, "reason", "report") for item in items]
    assert reasons == ["oversized", "report", "empty-text"]  # the market page is small


def test_damaged_and_empty_archives_are_rejected(tmp_path: Path) -> None:
    not_warc = tmp_path / "notes.warc"
    not_warc.write_bytes(b"plain words, not an archive\n" * 5)
    (item,) = read_all(not_warc)
    assert isinstance(item, Rejection) and item.reason == "bad-record"
    # Cut inside any record after the first page, compressed or not (a download stopped
    # halfway): the pages before the damage stand, the rest is one rejection. warcio alone
    # ends quietly at most such cuts, so the archive is checked to its end.
    for gzip in (True, False):
        whole = tmp_path / ("whole.warc.gz" if gzip else "whole.warc")
        build_warc(whole, gzip=gzip)
        data = whole.read_bytes()
        for start, end in record_spans(whole)[3:]:
            truncated = tmp_path / ("truncated.warc.gz" if gzip else "truncated.warc")
            truncated.write_bytes(data[: (start + end) // 2])
            items = read_all(truncated)
            assert isinstance(items[0], Report) and items[0].url == BRIDGE_URL
            assert isinstance(items[-1], Rejection) and items[-1].reason == "bad-record"
            assert items[-1].record_id == str(truncated)
            assert "damaged WARC archive" in items[-1].detail
    no_pages = tmp_path / "images.warc"
    with no_pages.open("wb") as stream:
        writer = WARCWriter(stream, gzip=False)
        _response(writer, "https://archive-source.example/a.png", b"\x89PNG\r\n", "image/png")
    (item,) = read_all(no_pages)
    assert isinstance(item, Rejection) and item.reason == "empty-text"
