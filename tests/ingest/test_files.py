"""Local files: text, HTML, kinds by extension and by sniffing, directories, globs, bad inputs."""

from __future__ import annotations

import codecs
import os
from datetime import datetime
from pathlib import Path

import pytest

from storyline.config import IngestConfig
from storyline.ingest import read_inputs
from storyline.model import Rejection, Report, content_id
from tests.ingest import samples

CFG = IngestConfig()

STORY = "Westford opens a night market\n\nStalls will open on the quay every Friday from May.\n"


def read_all(*inputs: str | Path, cfg: IngestConfig = CFG) -> list[Report | Rejection]:
    return list(read_inputs([str(item) for item in inputs], cfg))


def only(items: list[Report | Rejection]) -> Report | Rejection:
    assert len(items) == 1, items
    return items[0]


def only_report(*inputs: str | Path, cfg: IngestConfig = CFG) -> Report:
    item = only(read_all(*inputs, cfg=cfg))
    assert isinstance(item, Report), item
    return item


def rejection(*inputs: str | Path, cfg: IngestConfig = CFG) -> Rejection:
    item = only(read_all(*inputs, cfg=cfg))
    assert isinstance(item, Rejection), item
    return item


def test_text_file_becomes_a_report_titled_by_its_first_line(tmp_path: Path) -> None:
    path = tmp_path / "night-market.txt"
    path.write_text("\n\n" + STORY, encoding="utf-8")
    report = only_report(path)
    assert report.kind == "text"
    assert report.title == "Westford opens a night market"
    assert report.text == "\n\n" + STORY  # the whole file, untouched
    assert report.origin == os.path.abspath(path)
    assert report.report_id == content_id("rep", report.origin, report.text)
    assert report.outlet is None and report.url is None
    assert report.source_id == "night-market.txt"  # a file is known by its name


def test_text_newlines_and_bom_are_normalized(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(codecs.BOM_UTF8 + STORY.replace("\n", "\r\n").encode("utf-8"))
    assert only_report(path).text == STORY


def test_utf16_text_with_bom_is_read(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes(STORY.encode("utf-16"))  # BOM + NUL-rich bytes: still text
    assert only_report(path).text == STORY


def test_html_file_gives_main_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "bridge.html"
    path.write_text(samples.BRIDGE_PAGE, encoding="utf-8")
    report = only_report(path)
    assert report.kind == "html"
    assert report.title == "Harbour bridge reopens after repairs"
    assert report.author == "Mara Lindqvist"
    assert report.published == datetime(2024, 3, 14)
    assert report.url == "https://www.valleycourier.example/news/bridge-reopens"
    assert report.source_id == report.url
    assert report.outlet == "valleycourier.example"
    assert report.language == "en"  # from <html lang="en">
    assert "eleven weeks of repairs to its steel deck" in report.text
    assert "said council leader Ilse Brandt" in report.text
    # Boilerplate around the article is not main text; paragraphs are separated by blank lines.
    assert "Copyright" not in report.text and "Sport" not in report.text
    assert "the town council said.\n\nEngineers replaced" in report.text


def test_html_in_a_declared_legacy_charset_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "market.htm"
    path.write_bytes(samples.LATIN1_PAGE.encode("iso-8859-1"))
    report = only_report(path)
    assert "six cafés on Westford's quay" in report.text
    assert "trained in Zürich" in report.text


def test_html_without_main_text_is_empty_text(tmp_path: Path) -> None:
    path = tmp_path / "index.html"
    path.write_text(samples.EMPTY_PAGE, encoding="utf-8")
    assert rejection(path).reason == "empty-text"


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("page", samples.BRIDGE_PAGE, "html"),
        ("feed.xml", samples.RSS_FEED, "rss"),
        ("notes", STORY, "text"),
        ("records.json", '{"id": "r1", "text": "A short record."}\n', "jsonl"),
    ],
)
def test_kind_is_sniffed_when_the_extension_does_not_say(
    tmp_path: Path, name: str, content: str, kind: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    items = read_all(path)
    assert items and all(isinstance(item, Report) for item in items[:2]), items
    assert items[0].kind == kind  # type: ignore[union-attr]


def test_directory_is_walked_recursively_in_name_order_skipping_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "deeper").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    for rel, title in [("b/one.txt", "B one"), ("a/deeper/two.txt", "A two"), ("c.txt", "C")]:
        (tmp_path / rel).write_text(f"{title}\n\nBody of {title}.\n", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("hidden\n", encoding="utf-8")
    (tmp_path / ".git" / "config.txt").write_text("not news\n", encoding="utf-8")
    titles = [item.title for item in read_all(tmp_path) if isinstance(item, Report)]
    assert titles == ["A two", "B one", "C"]


def test_glob_and_repeated_inputs_read_each_file_once(tmp_path: Path) -> None:
    for name in ("x1.txt", "x2.txt", "y.txt"):
        (tmp_path / name).write_text(f"{name}\n\ntext of {name}\n", encoding="utf-8")
    items = read_all(tmp_path / "x*.txt", tmp_path / "x1.txt", tmp_path)
    assert [item.title for item in items if isinstance(item, Report)] == [
        "x1.txt",
        "x2.txt",
        "y.txt",
    ]
    assert all(isinstance(item, Report) for item in items)


# --- bad inputs: each becomes a Rejection with its exact reason, and reading goes on ---------


def test_missing_path_and_empty_glob_are_not_found(tmp_path: Path) -> None:
    missing = rejection(tmp_path / "nowhere.txt")
    assert missing.reason == "not-found"
    assert missing.stage == "ingest"
    assert missing.rejection_id == content_id("rej", missing.record_id, "ingest", "not-found")
    assert rejection(tmp_path / "*.nothing").reason == "not-found"


def test_broken_symlink_is_not_found(tmp_path: Path) -> None:
    link = tmp_path / "dangling.txt"
    link.symlink_to(tmp_path / "gone.txt")
    assert rejection(link).reason == "not-found"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text(STORY, encoding="utf-8")
    path.chmod(0)
    try:
        assert rejection(path).reason == "unreadable"
    finally:
        path.chmod(0o644)


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux /proc")
def test_file_that_fails_to_read_is_unreadable() -> None:
    # A regular file by stat, but reading from its start fails with EIO, even for root.
    item = rejection("/proc/self/mem")
    assert item.reason == "unreadable"
    assert item.record_id == "/proc/self/mem"


def test_fifo_is_unsupported_not_a_hang(tmp_path: Path) -> None:
    # A FIFO is neither a document nor a directory: opening it would block the run.
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert rejection(fifo).reason == "unsupported-kind"


@pytest.mark.parametrize("content", [b"", b"   \n\n\t  \n"])
def test_empty_files_are_empty_text(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "blank.txt"
    path.write_bytes(content)
    assert rejection(path).reason == "empty-text"


def test_nul_bytes_are_binary(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    assert rejection(path).reason == "binary"


def test_mostly_control_characters_are_binary(tmp_path: Path) -> None:
    path = tmp_path / "controls.txt"
    path.write_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 14, 15, 16]) * 50 + b"a few words")
    assert rejection(path).reason == "binary"


def test_non_utf8_text_without_a_declared_charset_is_undecodable(tmp_path: Path) -> None:
    path = tmp_path / "cp1252.txt"
    path.write_bytes("Caf\u00e9 au lait \u2013 na\u00efve r\u00e9sum\u00e9".encode("cp1252"))
    item = rejection(path)
    assert item.reason == "undecodable"
    assert "\n" not in item.detail


def test_html_declaring_the_wrong_charset_is_undecodable(tmp_path: Path) -> None:
    path = tmp_path / "wrong.html"
    page = '<html><head><meta charset="utf-8"></head><body><p>Caf\u00e9</p></body></html>'
    path.write_bytes(page.encode("iso-8859-1"))
    assert rejection(path).reason == "undecodable"


def test_oversized_text_is_rejected_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("word " * 400, encoding="utf-8")
    small = IngestConfig(max_text_bytes=1000)
    item = rejection(path, cfg=small)
    assert item.reason == "oversized"
    assert "2000 bytes > max_text_bytes 1000" in item.detail
    assert isinstance(only(read_all(path)), Report)  # under the default cap it reads


def test_oversized_html_is_rejected_by_raw_size(tmp_path: Path) -> None:
    path = tmp_path / "bridge.html"
    path.write_text(samples.BRIDGE_PAGE, encoding="utf-8")
    assert rejection(path, cfg=IngestConfig(max_raw_bytes=200)).reason == "oversized"


def test_extracted_text_over_the_text_cap_is_oversized(tmp_path: Path) -> None:
    path = tmp_path / "bridge.html"
    path.write_text(samples.BRIDGE_PAGE, encoding="utf-8")
    assert rejection(path, cfg=IngestConfig(max_text_bytes=100)).reason == "oversized"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", b"%PDF-1.7\n%binary"),
        ("script.py", b"print('hello')\n"),
        ("archive.gz", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03not a warc"),
        ("data.xml", b"<?xml version='1.0'?><catalog><book>Not a feed</book></catalog>"),
    ],
)
def test_unknown_kinds_are_unsupported(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert rejection(path).reason == "unsupported-kind"


def test_other_url_schemes_are_unsupported() -> None:
    assert rejection("ftp://example.org/news.txt").reason == "unsupported-kind"


def test_a_bad_input_does_not_stop_the_others(tmp_path: Path) -> None:
    good_a = tmp_path / "a.txt"
    good_b = tmp_path / "b.txt"
    bad = tmp_path / "bad.txt"
    good_a.write_text("First\n\nfirst story\n", encoding="utf-8")
    bad.write_bytes(b"\x00\x01\x02")
    good_b.write_text("Second\n\nsecond story\n", encoding="utf-8")
    items = read_all(good_a, bad, tmp_path / "missing.txt", good_b)
    assert [type(item).__name__ for item in items] == ["Report", "Rejection", "Rejection", "Report"]
    assert [item.reason for item in items if isinstance(item, Rejection)] == [
        "binary",
        "not-found",
    ]
