"""Properties of the clean stage over generated texts (hypothesis): exact offsets, idempotence."""

from __future__ import annotations

import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.clean import clean_report
from storyline.config import CleanConfig
from storyline.model import Article, Report

CFG = CleanConfig(detect_language=False)  # language is not what these properties are about

# Lines of the kinds the rules look at, written for these tests, plus free text below.
LINES = [
    "Top Stories",
    "Comments",
    "See what people are discussing",
    "By |",
    "avatar-icon",
    "LedgerPhotos/X",
    "Metro Desk",
    "The Metro Desk covers city hall and local politics for the Riverton Ledger.",
    "Riverton opens a footbridge",
    "The mayor said the footbridge would open on Saturday, weather permitting.",
    "the engineers lifted the deck into place in a single night",
    "\u2018the crossing\u2019 will cut \u201ccommuting\u201d times\u00a0by half",
    "RIVERTON, (Ledger Wire - 3rd Mar, 2024) The council voted for the bridge.",
    "WASHINGTON \u2014 Officials in the capital praised the design of the bridge.",
    "date 2024-03-03",
    "June 8, 2024",
    "Walkers cross the new bridge, June 8, 2024. \u2014 Ledger",
    "\u2019",
    "caf\u0065\u0301 owners said trade was up",
    "Timetable",
]
# Characters that exercise normalization: quotes, odd spaces, invisible and combining characters.
ALPHABET = st.sampled_from(
    [
        *"abcdefgh ABC .,:;!?'\"-|/@()",
        *"\u2018\u2019\u201c\u201d\u00a0\u2009\t\u200b\u00ad",
        *"\u0301\u0308\u00e9\u2011\u2014\u3000\x07\ufeff",
    ]
)
FREE_LINE = st.text(ALPHABET, max_size=60)
LINE = st.one_of(st.sampled_from(LINES), FREE_LINE)
SEPARATOR = st.sampled_from(["\n", "\n\n", "\r\n", "\n \n", "\u2028", "\n\n\n"])


@st.composite
def raw_texts(draw: st.DrawFn) -> str:
    lines = draw(st.lists(LINE, max_size=14))
    parts: list[str] = []
    for line in lines:
        parts.append(line)
        parts.append(draw(SEPARATOR))
    return "".join(parts)


def report(text: str, title: str | None = "first") -> Report:
    if title == "first":  # as ingest builds a .txt report: the first non-empty line
        title = next((line.strip() for line in text.splitlines() if line.strip()), None)
    return Report(report_id="rep_test", origin="gen.txt", kind="text", text=text, title=title)


PROPERTY = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@PROPERTY
@given(raw_texts())
def test_every_offset_run_is_an_exact_copy(raw: str) -> None:
    article = clean_report(report(raw), CFG)
    if not isinstance(article, Article):
        return
    previous_clean = previous_raw = -1
    for run in article.offsets:
        assert run.length > 0
        copied = article.text[run.clean : run.clean + run.length]
        assert copied == raw[run.raw : run.raw + run.length]
        # Runs are in order and never overlap, on both sides.
        assert run.clean > previous_clean and run.raw > previous_raw
        previous_clean = run.clean + run.length - 1
        previous_raw = run.raw + run.length - 1


@PROPERTY
@given(raw_texts())
def test_characters_outside_runs_are_only_what_normalization_made(raw: str) -> None:
    article = clean_report(report(raw), CFG)
    if not isinstance(article, Article):
        return
    covered = [False] * len(article.text)
    for run in article.offsets:
        covered[run.clean : run.clean + run.length] = [True] * run.length
    # Invisible characters are removed first, which can bring a letter and a combining mark
    # together: compositions are judged on the text without them.
    visible = "".join(ch for ch in raw if ch not in "\u200b\ufeff\u00ad\u2060\x07")
    composed = not unicodedata.is_normalized("NFC", visible)
    for index, ch in enumerate(article.text):
        if covered[index]:
            continue
        # Separators and collapsed spaces, straight quotes and hyphens; anything else must come
        # from an NFC composition (a composed letter, or a mark of a recomposed cluster).
        from_nfc = unicodedata.normalize("NFD", ch) != ch or unicodedata.combining(ch) > 0
        assert ch in " \n'\"-" or (composed and from_nfc), repr(ch)


@PROPERTY
@given(raw_texts())
def test_the_cleaned_text_is_normalized(raw: str) -> None:
    article = clean_report(report(raw), CFG)
    if not isinstance(article, Article):
        return
    assert unicodedata.is_normalized("NFC", article.text)
    for paragraph in article.text.split("\n\n"):
        assert paragraph and paragraph == paragraph.strip()
        assert "  " not in paragraph and "\n" not in paragraph and "\r" not in paragraph
        assert not set(paragraph) & set("\u2018\u2019\u201c\u201d\u00a0\u200b\ufeff\u00ad\t")


@PROPERTY
@given(raw_texts(), st.sampled_from(["same", "first"]))
def test_cleaning_a_cleaned_text_changes_nothing(raw: str, title_of_second: str) -> None:
    first = clean_report(report(raw), CFG)
    if not isinstance(first, Article):
        return
    # Clean it again, with the first report's title or, as a re-ingested .txt would have, the
    # cleaned text's first line.
    title = report(raw).title if title_of_second == "same" else "first"
    second = clean_report(report(first.text, title), CFG)
    assert isinstance(second, Article)
    assert second.text == first.text
    assert second.article_id == first.article_id
    # Nothing is left to normalize: every character but the separators maps to itself.
    separators = first.text.count("\n\n") * 2
    assert sum(run.length for run in second.offsets) == len(first.text) - separators
    assert all(run.clean == run.raw for run in second.offsets)


@PROPERTY
@given(st.text(max_size=300), st.one_of(st.none(), st.text(max_size=40)))
def test_any_text_becomes_an_article_or_a_rejection(raw: str, title: str | None) -> None:
    result = clean_report(report(raw, title), CleanConfig())
    if isinstance(result, Article):
        for run in result.offsets:
            copied = result.text[run.clean : run.clean + run.length]
            assert copied == raw[run.raw : run.raw + run.length]
        assert unicodedata.is_normalized("NFC", result.text)
    else:
        assert result.reason == "empty-text"
