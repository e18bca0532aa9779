"""RSS and Atom feed files: one Report per entry, HTML content stripped to text."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from storyline.config import IngestConfig
from storyline.ingest import read_inputs
from storyline.ingest.html import fragment_text
from storyline.model import Rejection, Report
from tests.ingest import samples


def read_all(path: Path) -> list[Report | Rejection]:
    return list(read_inputs([str(path)], IngestConfig()))


def test_rss_entries_become_reports(tmp_path: Path) -> None:
    path = tmp_path / "town.rss"
    path.write_text(samples.RSS_FEED, encoding="utf-8")
    ferry, library, gallery = read_all(path)
    assert isinstance(ferry, Report) and isinstance(library, Report)
    assert ferry.kind == "rss"
    assert ferry.origin == f"{path}#vc-ferry-0412"  # the entry's guid
    assert ferry.source_id == "vc-ferry-0412"
    assert ferry.url == "https://www.valleycourier.example/town/ferry-timetable"
    assert ferry.outlet == "valleycourier.example"
    assert ferry.title == "Ferry timetable changes in April"
    assert ferry.author == "Tomas Berg"
    assert ferry.published == datetime(2024, 4, 12, 5, 15)  # 07:15 +02:00 as naive UTC
    assert ferry.language == "en"
    # Full content wins over the short description, and its HTML is gone.
    assert ferry.text == (
        "The morning ferry to Osterholm will leave twenty minutes earlier from 15 April, "
        "the operator said.\n\nEvening sailings are unchanged."
    )
    assert ferry.metadata["tags"] == ["transport"]
    # Without a guid the link identifies the entry; the description is the text.
    assert library.source_id == library.url
    assert library.text == "The town library will open until nine on Thursdays."
    # An entry with nothing to read is rejected on its own.
    assert isinstance(gallery, Rejection) and gallery.reason == "empty-text"
    assert gallery.record_id == f"{path}#https://www.valleycourier.example/town/gallery"


def test_atom_entries_become_reports(tmp_path: Path) -> None:
    path = tmp_path / "gazette.atom"
    path.write_text(samples.ATOM_FEED, encoding="utf-8")
    (entry,) = read_all(path)
    assert isinstance(entry, Report)
    assert entry.title == "Harbour master retires after thirty years"
    assert entry.author == "Signe Dahl"
    assert entry.published == datetime(2024, 4, 10, 8, 30)  # published, not updated
    assert entry.outlet == "gazette.osterholm.example"
    assert entry.text.startswith("Osterholm's harbour master, Per Vik, retired on Wednesday")


def test_feed_ids_do_not_depend_on_entry_position(tmp_path: Path) -> None:
    first = tmp_path / "a.rss"
    first.write_text(samples.RSS_FEED, encoding="utf-8")
    # The same feed a day later, with a newer entry on top.
    newer = samples.RSS_FEED.replace(
        "<item>",
        "<item><title>New</title><guid>vc-new</guid><description>Fresh news.</description></item>"
        "<item>",
        1,
    )
    second = tmp_path / "b.rss"
    second.write_text(newer, encoding="utf-8")
    ids_a = {r.origin.split("#", 1)[1] for r in read_all(first) if isinstance(r, Report)}
    ids_b = {r.origin.split("#", 1)[1] for r in read_all(second) if isinstance(r, Report)}
    assert ids_b == ids_a | {"vc-new"}


def test_malformed_or_empty_feeds_are_rejected(tmp_path: Path) -> None:
    broken = tmp_path / "broken.rss"
    broken.write_text("this is not xml at all", encoding="utf-8")
    (item,) = read_all(broken)
    assert isinstance(item, Rejection) and item.reason == "bad-record"
    empty = tmp_path / "empty.rss"
    empty.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>',
        encoding="utf-8",
    )
    (item,) = read_all(empty)
    assert isinstance(item, Rejection) and item.reason == "empty-text"


def test_fragment_text_keeps_words_and_paragraphs() -> None:
    html = "<p>One <b>bold</b>\n word</p><ul><li>a</li><li>b<br>c</li></ul>tail<script>x()</script>"
    assert fragment_text(html) == "One bold word\n\na\n\nb\n\nc\n\ntail"
    assert fragment_text("plain words") == "plain words"
