"""What the templates need beyond the read side's rows: an article's text cut into highlighted
pieces, a timeline's geometry, short labels. Pure functions over rows; no HTML is built here
(the templates escape every value)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from storyline.model import speakers_shown

Row = dict[str, Any]


@dataclass(slots=True)
class Piece:
    """A stretch of text under the same highlights."""

    text: str
    kinds: list[str] = field(default_factory=list)  # claim, conflict, quote, mention, passage
    labels: list[str] = field(default_factory=list)  # what each highlight is, for a tooltip
    entity_id: str | None = None  # the entity page it links to, when it is one mention
    cited: bool = False
    first_cited: bool = False


@dataclass(slots=True)
class Block:
    """A sentence (with its index, the anchor ``s-N``) or the text between two sentences."""

    sentence: int | None
    pieces: list[Piece]


def highlight(
    text: str,
    sentences: Sequence[Row],
    spans: Sequence[Row],
    cite: tuple[int, int] | None = None,
    kinds: Sequence[str] = ("claim", "quote", "mention", "passage"),
) -> list[Block]:
    """``text`` cut at every sentence, span and citation boundary, in order: each piece knows
    which highlights cover it, so overlapping spans (a quote inside a claim inside a copied
    passage) render as flat pieces. Spans outside the text are clipped."""
    n = len(text)
    shown = [s for s in spans if s["kind"] in kinds and 0 <= s["start"] < s["end"] <= n]
    cuts = {0, n}
    for s in (*sentences, *shown):
        cuts.update((max(0, min(n, s["start"])), max(0, min(n, s["end"]))))
    if cite is not None:
        cuts.update((max(0, min(n, cite[0])), max(0, min(n, cite[1]))))
    points = sorted(cuts)
    starts: dict[int, list[Row]] = {}
    for s in shown:
        starts.setdefault(s["start"], []).append(s)
    sentence_at = {s["start"]: s for s in sentences}
    active: list[Row] = []
    blocks: list[Block] = []
    current: Block | None = None
    sentence_end = -1
    first = True
    for a, b in itertools.pairwise(points):
        if a >= sentence_end and current is not None and current.sentence is not None:
            current = None
        if a in sentence_at and sentence_at[a]["end"] > a:
            current = Block(sentence=sentence_at[a]["sentence"], pieces=[])
            sentence_end = sentence_at[a]["end"]
            blocks.append(current)
        elif current is None:
            current = Block(sentence=None, pieces=[])
            blocks.append(current)
        active = [s for s in active if s["end"] > a] + starts.get(a, [])
        piece = Piece(text=text[a:b])
        for s in active:
            kind = "conflict" if s["kind"] == "claim" and s.get("in_conflict") else s["kind"]
            if kind not in piece.kinds:
                piece.kinds.append(kind)
            label = f"{s['kind']}: {s['label']}"
            if label not in piece.labels:
                piece.labels.append(label)
        mentions = [s for s in active if s["kind"] == "mention" and s.get("ref")]
        if len(mentions) == 1:
            piece.entity_id = mentions[0]["ref"]
        if cite is not None and cite[0] <= a and b <= cite[1]:
            piece.cited = True
            piece.first_cited = first
            first = False
        current.pieces.append(piece)
    return blocks


def parse_cite(value: str | None) -> tuple[int, int] | None:
    """``"120-245"`` (a citation's span in the cleaned text) -> (120, 245); None otherwise."""
    if not value:
        return None
    start, _, end = value.partition("-")
    if not (start.isdigit() and end.isdigit()) or int(end) <= int(start):
        return None
    return int(start), int(end)


def safe_url(url: str | None) -> str | None:
    """The URL when it is http(s) (a link an editor may follow), else None: a ``javascript:`` or
    ``data:`` URL from an article is shown as text, never made a link."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def short(text: str | None, width: int = 90) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def day(value: str | None) -> str:
    """An ISO moment as its day, "undated" when unknown."""
    return value[:10] if value else "undated"


def span(start: str | None, end: str | None) -> str:
    first, last = day(start), day(end)
    if not start and not end:
        return "undated"
    return first if first == last or not end else f"{first} – {last}"


@dataclass(slots=True)
class Tick:
    x: float
    label: str


@dataclass(slots=True)
class Dot:
    x: float
    y: float
    article_id: str
    label: str


@dataclass(slots=True)
class Timeline:
    width: int
    height: int
    dots: list[Dot]
    ticks: list[Tick]
    dated: list[Row]  # by publication time
    undated: list[Row]


def timeline(articles: Sequence[Row], width: int = 760) -> Timeline:
    """Dots for the articles on a time axis (one row per article of the same day), with a tick
    per distinct day; undated articles listed apart."""
    dated = [(datetime.fromisoformat(a["published"]), a) for a in articles if a.get("published")]
    undated = [a for a in articles if not a.get("published")]
    margin, row_height = 60, 18
    if not dated:
        return Timeline(width=width, height=0, dots=[], ticks=[], dated=[], undated=undated)
    dated.sort(key=lambda p: p[0])
    first, last = dated[0][0], dated[-1][0]
    spread = (last - first).total_seconds() or 1.0

    def x_of(moment: datetime) -> float:
        if last == first:
            return width / 2
        return round(margin + (width - 2 * margin) * (moment - first).total_seconds() / spread, 1)

    per_x: dict[float, int] = {}
    dots = []
    for moment, a in dated:
        x = x_of(moment)
        level = per_x.get(x, 0)
        per_x[x] = level + 1
        label = f"{moment:%Y-%m-%d %H:%M} · {a['outlet']} · {short(a.get('title'), 80)}"
        dots.append(Dot(x=x, y=30 + level * row_height, article_id=a["article_id"], label=label))
    ticks: dict[str, Tick] = {}
    for moment, _ in dated:
        label = f"{moment:%Y-%m-%d}"
        ticks.setdefault(label, Tick(x=x_of(moment), label=label))
    height = 50 + max(per_x.values()) * row_height
    return Timeline(width=width, height=height, dots=dots, ticks=list(ticks.values()),
                    dated=[a for _, a in dated], undated=undated)


def family_labels(families: Sequence[Row]) -> dict[str, str]:
    """A short name for each source family of a story: "F1", "F2"... largest first."""
    ordered = sorted(families, key=lambda f: (-f["article_count"], f["family_id"]))
    return {f["family_id"]: f"F{n}" for n, f in enumerate(ordered, 1)}


def quote_outlets(quotes: Sequence[Row], outlets: Sequence[str]) -> list[str]:
    """The columns of the quote grid: the story's outlets, then any other quoted outlet."""
    extra = sorted({r["outlet"] for q in quotes for r in q["renderings"]} - set(outlets))
    return [*outlets, *extra]


def quote_grid(quotes: Sequence[Row], outlets: Sequence[str]) -> list[Row]:
    """Aligned quotes grouped by speaker, each remark as one line with a cell per outlet."""
    groups: dict[str, list[Row]] = {}
    for q in quotes:
        cells: dict[str, list[Row]] = {}
        for r in q["renderings"]:
            cells.setdefault(r["outlet"], []).append(r)
        line = {"aligned_id": q["aligned_id"], "cells": [cells.get(o, []) for o in outlets]}
        shown = speakers_shown(q["speaker_name"], q.get("co_speakers") or ())
        groups.setdefault(shown or "unattributed", []).append(line)
    return [{"speaker": k, "remarks": v} for k, v in groups.items()]


def mark(text: str, values: Sequence[str]) -> list[tuple[str, bool]]:
    """``text`` in pieces, True for the pieces that are one of ``values`` (first occurrence)."""
    found = sorted(
        (at, at + len(v)) for v in values if v and (at := text.find(v)) >= 0
    )
    pieces: list[tuple[str, bool]] = []
    pos = 0
    for start, end in found:
        if start < pos:
            continue
        if start > pos:
            pieces.append((text[pos:start], False))
        pieces.append((text[start:end], True))
        pos = end
    if pos < len(text) or not pieces:
        pieces.append((text[pos:], False))
    return pieces
