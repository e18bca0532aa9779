"""The commands that read a store's results: `reuse`, `show-article`, `stories`, `show` and
`events`. Registered on the main group by importing this module (``cli.py`` does)."""

from __future__ import annotations

import dataclasses
from typing import Any

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from storyline import query
from storyline.cli import (
    MIN_CONFIDENCE,
    _ctx,
    _short,
    cli,
    console,
    echo_json,
    open_db,
)
from storyline.errors import StorylineError
from storyline.events.export import event_data
from storyline.model import Article, Event, speakers_shown
from storyline.query_events import list_events
from storyline.store.codec import to_data


@cli.command("reuse")
@click.option("--json", "as_json", is_flag=True, help="Print pairs and families as JSON.")
@click.option("--families/--no-families", default=True, help="List the source families too.")
@click.pass_context
def reuse_cmd(ctx: click.Context, as_json: bool, families: bool) -> None:
    """Copied passages, duplicates and paraphrases between articles, and the source families.

    \b
    Example:
      storyline reuse
      storyline reuse --json
    """
    with open_db(ctx) as store:
        report = query.reuse_report(store)
    if as_json:
        echo_json(report)
        return
    for pair in report.pairs:
        link = pair.link
        click.echo(
            f"{link.kind}  {link.article_a} <-> {link.article_b}  "
            f"containment {link.containment_a:.2f} / {link.containment_b:.2f}  "
            f"score {link.score:.2f}  direction {link.direction}"
        )
        click.echo(f"  A: {_short(pair.a_title or pair.a_source_id, 90)}")
        click.echo(f"  B: {_short(pair.b_title or pair.b_source_id, 90)}")
        for p in pair.passages:
            click.echo(
                f"  - A[{p.a_start}:{p.a_end}] B[{p.b_start}:{p.b_end}] "
                f"similarity {p.similarity:.2f}"
            )
            click.echo(f"    A: {p.a_text}")
            if p.b_text != p.a_text:
                click.echo(f"    B: {p.b_text}")
    shared = [f for f in report.families if len(f.article_ids) > 1]
    click.echo(
        f"{len(report.pairs)} pairs; {len(report.families)} source families, "
        f"{len(shared)} with several articles"
    )
    if families:
        for family in shared:
            click.echo(f"  {family.family_id}: {', '.join(family.article_ids)}")


@cli.command("show-article")
@click.argument("article_id")
@click.option("--json", "as_json", is_flag=True, help="Print the article and analysis as JSON.")
@click.pass_context
def show_article_cmd(ctx: click.Context, article_id: str, as_json: bool) -> None:
    """Show an article's text with its entities, quotes and dates.

    \b
    Example:
      storyline show-article art_0123456789abcdef
    """
    with open_db(ctx) as store:
        view = query.article_view(store, article_id)
    if as_json:
        echo_json({"article": dataclasses.replace(view.article, offsets=()),
                   "analysis": view.analysis, "entities": list(view.entities.values())})
        return
    a = view.article
    click.echo(f"{a.article_id}  {a.source_id or ''}  {a.outlet or ''}  "
               f"{a.published.date().isoformat() if a.published else 'undated'}")
    if a.title:
        click.echo(a.title)
    click.echo("")
    click.echo(a.text)
    if view.analysis is None:
        click.echo("\n(not analyzed yet: run `storyline run`)")
        return
    if view.analysis.failure:
        click.echo(f"\n(analyzed in part, a rule failed: {view.analysis.failure})")
    click.echo("\nentities:")
    seen: set[str] = set()
    for m in view.analysis.mentions:
        entity = view.entities.get(m.entity_id or "")
        if entity is None or entity.entity_id in seen:
            continue
        seen.add(entity.entity_id)
        extra = ", ".join(x for x in (entity.role, entity.nationality) if x)
        click.echo(f"  {entity.kind:7s} {entity.name}" + (f" ({extra})" if extra else "")
                   + (f"  aka {'; '.join(entity.aliases)}" if entity.aliases else ""))
    click.echo("\nquotes:")
    for q in view.analysis.quotes:
        who = speakers_shown(q.speaker_name, q.co_speakers) or (
            f"{q.speaker_text}?" if q.speaker_text else "unknown"
        )
        click.echo(f"  [{q.kind}] {who} ({q.cue or '-'}): {_short(q.content, 100)}"
                   f"  @{q.content_start}-{q.content_end}")
    click.echo("\ndates:")
    for t in view.analysis.times:
        click.echo(f"  {t.kind:8s} {t.text!r} -> {t.value or 'unresolved'}  @{t.start}-{t.end}")


@cli.command("stories")
@click.argument("text", required=False)
@click.option("--since", type=click.DateTime(), default=None, help="Stories running since DATE.")
@click.option("--min-articles", type=click.IntRange(min=0), default=0,
              help="Only stories with at least N articles.")
@click.option("--limit", type=click.IntRange(min=0), default=None, help="At most N stories.")
@click.option("--json", "as_json", is_flag=True, help="Print the stories as JSON.")
@click.option(
    "--revise", is_flag=True, help="First re-decide the stories of the recent articles."
)
@click.pass_context
def stories_cmd(
    ctx: click.Context,
    text: str | None,
    since: Any,
    min_articles: int,
    limit: int | None,
    as_json: bool,
    revise: bool,
) -> None:
    """Stories (articles about one real-world event), oldest first, with their counts of
    articles, independent source families and conflicts. TEXT keeps the stories whose title,
    place or participants contain it (case does not matter).

    With --revise, the stories of the articles in the revision window (the last
    `revise_window` arrivals) are first re-decided together; splits and merges are recorded.

    \b
    Example:
      storyline stories --since 2025-09-01
      storyline stories putin --min-articles 3 --limit 10
      storyline stories --revise
    """
    with open_db(ctx) as store:
        if revise:
            from storyline.engines.local_stories import revise_stories

            line = revise_stories(store, _ctx(ctx).config().stories).line()
            click.echo(f"revised: {line}", err=as_json)
        listings = query.story_listings(
            store, since, min_articles=min_articles, text=text, limit=limit
        )
    if as_json:
        echo_json(
            [
                {
                    **to_data(item.story),
                    "article_count": item.article_count,
                    "family_count": item.family_count,
                    "conflict_count": item.conflict_count,
                    "claim_count": item.claim_count,
                }
                for item in listings
            ]
        )
        return
    if not listings:
        click.echo("no stories" + (" match" if text or min_articles or since else " yet"))
        return
    table = Table("story", "date", "articles", "families", "conflicts", "title")
    for item in listings:
        s = item.story
        table.add_row(
            s.story_id,
            s.start.date().isoformat() if s.start else "undated",
            str(item.article_count),
            str(item.family_count),
            str(item.conflict_count),
            Text(_short(s.title, 70)),
        )
    console().print(table)


def _story_data(view: query.StoryView) -> dict[str, Any]:
    """The --json form of `show`: the same content, articles without their full text."""
    data: dict[str, Any] = to_data(view)
    data["families"] = [
        {
            "family_id": group.family_id,
            "articles": [
                {
                    "article_id": a.article_id,
                    "source_id": a.source_id,
                    "outlet": a.outlet,
                    "title": a.title,
                    "published": a.published.isoformat() if a.published else None,
                }
                for a in group.articles
            ],
        }
        for group in view.families
    ]
    return data


def _cites(view: query.StoryView, supports: Any) -> str:
    """The sources of some supports by outlet (a file's name when no outlet is known); * marks
    a related story's article recounting this story's event."""
    names = dict.fromkeys(
        view.outlets.get(s.article_id, s.article_id) + ("*" if s.background else "")
        for s in supports
    )
    return ", ".join(names)


def _line(*parts: str | tuple[str, str]) -> Text:
    """One printed line from plain strings and (string, style) pairs; nothing is parsed as
    markup, so article data prints as the text it is."""
    return Text.assemble(*parts)


@cli.command("show")
@click.argument("story_id")
@click.option("--json", "as_json", is_flag=True, help="Print the story as JSON.")
@click.option("--min-families", type=click.IntRange(min=0), default=0,
              help="Only claims backed by at least N independent source families.")
@click.option("--conflicts", "conflicts_only", is_flag=True,
              help="Only claims that take part in a conflict.")
@click.option("--outlet", default=None,
              help="Only the claims, quotes and articles of outlets whose name contains this.")
@click.option("--limit", type=click.IntRange(min=0), default=None,
              help="At most N claims, most important first.")
@MIN_CONFIDENCE
@click.pass_context
def show_cmd(
    ctx: click.Context,
    story_id: str,
    as_json: bool,
    min_families: int,
    conflicts_only: bool,
    outlet: str | None,
    limit: int | None,
    min_confidence: float,
) -> None:
    """Print a story as an editor reads it: summary, claims, conflicts, quotes, sources.

    Sources are named by outlet (from the record, the URL or the dateline), else by file name
    or the source's own id. Also the story's related stories (with the reason) and any merge
    or split it took part in. Sources marked * are articles of a related story that recount
    this story's event.

    \b
    Example:
      storyline show story_3f2a9c01d4e5b6a7
      storyline show story_3f2a9c01d4e5b6a7 --min-families 2 --limit 10
      storyline show story_3f2a9c01d4e5b6a7 --conflicts --outlet Reuters
      storyline show story_3f2a9c01d4e5b6a7 --conflicts --min-confidence 0.8
    """
    with open_db(ctx) as store:
        view = query.story_view(store, story_id, min_confidence)
        events = list_events(store, view.story.story_id)
        event_articles: dict[str, Article] = {
            i: a for e in events for i in e.article_ids if (a := store.get(Article, i))
        }
    which = query.ViewFilter(
        min_families=min_families, conflicts_only=conflicts_only, outlet=outlet, limit=limit
    )
    if which != query.ViewFilter():
        view = query.filter_view(view, which)
    if as_json:
        data = _story_data(view)
        data["events"] = [event_data(e, event_articles) for e in events]
        echo_json(data)
        return
    _print_story(console(), view, which, asked_id=story_id)
    _print_events(console(), events, view.outlets)


def _print_story(
    out: Console, view: query.StoryView, which: query.ViewFilter, asked_id: str
) -> None:
    story = view.story
    narrowed = which != query.ViewFilter()
    bold, dim = "bold", "dim"
    if story.story_id != asked_id:
        out.print(_line((f"{asked_id} was merged or split; it continues as:", dim)))
    out.print(_line((story.title, bold), f"  ({story.story_id})"))
    when = " – ".join(
        dict.fromkeys(d.date().isoformat() for d in (story.start, story.end) if d is not None)
    )
    out.print(_line(f"date: {when or 'unknown'}   place: {story.place or 'unknown'}"))
    out.print(_line(f"participants: {', '.join(story.participants) or 'none named'}"))
    families = len({g.family_id for g in view.families})
    # Only --outlet narrows the families (query.filter_view); the other filters narrow claims.
    chosen = " (of the chosen outlet)" if which.outlet else ""
    sources = "independent source families" + chosen
    out.print(_line(f"{len(story.article_ids)} articles from {families} {sources}"))
    out.print(_line("\n", ("Summary", bold)))
    sentences = view.summary.sentences if view.summary is not None else ()
    if not sentences:
        out.print(_line("  (no claims computed yet: run `storyline run`)"))
    for n, s in enumerate(sentences, 1):
        out.print(_line(f"  {n}. {s.text}"))
        out.print(_line((f"     {s.family_count} independent · {_cites(view, s.citations)}", dim)))
    outlets = view.coverage.outlets
    table = Table("#")
    table.add_column("claim", min_width=50)
    for name in ("articles", "families", "single", *(_short(o, 14) for o in outlets)):
        table.add_column(Text(name))
    reported = {row.claim_id: row.reported_by for row in view.coverage.rows}
    for n, c in enumerate(view.claims, 1):
        marks = ["✓" if hit else "·" for hit in reported.get(c.claim_id, ())]
        table.add_row(
            str(n), Text(_short(c.text, 70)), str(c.article_count), str(c.family_count),
            "yes" if c.single_source else "", *marks,
        )
    heading = "Claims" + (" (filtered)" if narrowed else "")
    out.print(_line("\n", (heading, bold), " (which outlet reported each: ✓)"))
    out.print(table)
    out.print(_line("\n", ("Conflicts", bold)))
    if not view.conflicts:
        out.print(_line("  none found"))
    for v in view.conflicts:
        found = v.conflict
        out.print(_line(f"  [{found.kind}] {found.summary or found.reason}"))
        out.print(_line((f"    confidence {found.confidence:.2f} · {found.reason}", dim)))
        for claim in (v.claim_a, v.claim_b):
            out.print(_line(f"    - {_short(claim.text, 90)}  ",
                            (f"({_cites(view, claim.supports)})", dim)))
    out.print(_line("\n", ("Quotes by speaker", bold)))
    if not view.quotes:
        out.print(_line("  none found"))
    speaker = None
    for q in view.quotes:
        shown = speakers_shown(q.speaker_name, q.co_speakers)
        if shown != speaker:
            speaker = shown
            out.print(_line(f"  {speaker or 'unattributed'}:"))
        # One remark per bullet; its other renderings (other outlets, paraphrases) below it.
        for n, r in enumerate(q.renderings):
            source = view.outlets.get(r.article_id, r.article_id)
            mark = "•" if n == 0 else " "
            out.print(_line(f"    {mark} {r.kind:8} {_short(r.text, 78)}  ", (f"({source})", dim)))
    out.print(_line("\n", ("Articles by source family", bold)))
    for group in view.families:
        out.print(_line(f"  {group.family_id}:"))
        for a in group.articles:
            date = a.published.date().isoformat() if a.published else "undated"
            name = query.outlet_name(a, a.article_id)
            source = a.source_id if a.source_id and a.source_id != name else ""
            title = _short(a.title, 60)
            out.print(_line(f"    {name}  {source}  {date}  {title}  ", (a.article_id, dim)))
    if view.related:
        out.print(_line("\n", ("Related stories", bold)))
        for rel in view.related:
            out.print(_line(f"  {rel.story_id}  {rel.title or ''}  ", (f"({rel.reason})", dim)))
    for change in view.changes:
        ids = ", ".join(change.story_ids)
        out.print(_line((f"{change.kind} of {ids}: {change.reason}", dim)))


def _actor_text(name: str, country: str | None, sector: str | None, missing: str) -> str:
    codes = "/".join(c for c in (country, sector) if c)
    return (name or missing) + (f" [{codes}]" if codes else "")


def _event_line(event: Event) -> str:
    source = _actor_text(event.source_name, event.source_country, event.source_sector, "?")
    target = _actor_text(event.target_name, event.target_country, event.target_sector, "-")
    place = event.place.name if event.place is not None else "unknown place"
    if event.place is not None and event.place.country and event.place.feature != "country":
        place += f", {event.place.country}"
    mode = f"/{event.mode}" if event.mode else ""
    return (
        f"{event.plover}{mode} (CAMEO {event.cameo}) {source} -> {target}  "
        f"{event.date or 'undated'}  {place}"
    )


def _print_events(out: Console, events: list[Event], outlets: dict[str, str]) -> None:
    out.print(_line("\n", ("Events", "bold"), " (PLOVER type, CAMEO code; not happened: marked)"))
    if not events:
        out.print(_line("  none coded (run `storyline run`)"))
    for event in events:
        status = "" if event.status == "happened" else f"[{event.status}] "
        out.print(_line(f"  {status}{_event_line(event)}"))
        names = sorted({outlets.get(a, a) for a in event.article_ids})
        out.print(_line((
            f"    {len(event.mentions)} mentions · {len(event.article_ids)} articles · "
            f"{event.family_count} independent · {', '.join(names)}", "dim")))
        for conflict in event.conflicts:
            out.print(_line((f"    conflict: {conflict.reason}", "dim")))


@cli.command("events")
@click.option("--story", "story_id", default=None, help="Only the events of story ID.")
@click.option("--type", "kind", default=None,
              help="Only events of one PLOVER type (AGREE, CONSULT, ..., ASSAULT).")
@click.option("--json", "as_json", is_flag=True, help="Print the events as JSON.")
@click.pass_context
def events_cmd(ctx: click.Context, story_id: str | None, kind: str | None,
               as_json: bool) -> None:
    """Events: who did what to whom, where and when, one per real-world event (its mentions
    across the story's articles merged), with PLOVER type, CAMEO code, actors' countries and
    sectors, place, date and independent-source count. Plans, denials, conditions and
    questions are listed marked, not as events that happened.

    \b
    Example:
      storyline events --type CONSULT
      storyline events --story story_3f2a9c01d4e5b6a7 --json
    """
    from storyline.events.ontology import PLOVER_TYPES

    if kind is not None and kind.upper() not in PLOVER_TYPES:
        raise StorylineError(f"unknown event type {kind!r} (one of {', '.join(PLOVER_TYPES)})")
    with open_db(ctx) as store:
        if story_id is not None:
            story_id = query.live_story_id(store, story_id)
        events = list_events(store, story_id, kind)
        articles: dict[str, Article] = {
            i: a for e in events for i in e.article_ids if (a := store.get(Article, i))
        }
    if as_json:
        echo_json([event_data(e, articles) for e in events])
        return
    if not events:
        click.echo("no events" + (" match" if story_id or kind else " yet"))
        return
    table = Table("event", "story", "what", "mentions", "families", "status")
    for event in events:
        table.add_row(event.event_id, event.story_id, Text(_event_line(event)),
                      str(len(event.mentions)), str(event.family_count), event.status)
    console().print(table)
