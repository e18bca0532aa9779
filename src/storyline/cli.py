"""The command line: parse, call one library function, render.

Every command opens the database named by ``--db``, calls one function of the library (mostly in
``query.py``) and renders the result as a table or, with ``--json``, as data. A StorylineError
(misconfiguration, missing database) is printed as one line without a traceback.
"""

from __future__ import annotations

import dataclasses
import json
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import click
from rich.console import Console
from rich.markup import escape as esc
from rich.table import Table

from storyline import query
from storyline.config import Config, load_config
from storyline.errors import StorylineError
from storyline.export import ExportFormat, Row, article_rows, write_rows
from storyline.pipeline import Progress, ingest, run
from storyline.store import SQLiteStore, open_store
from storyline.store.codec import to_data

FORMATS = click.Choice(["jsonl", "csv", "parquet"])


class _Group(click.Group):
    """A click group that turns StorylineError into one clear line (exit status 2)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except StorylineError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(2)


@dataclasses.dataclass(slots=True)
class Context:
    db: str
    config_path: str | None
    quiet: bool

    def config(self) -> Config:
        return load_config(self.config_path)


def _ctx(ctx: click.Context) -> Context:
    obj: Context = ctx.find_root().obj
    return obj


def open_db(ctx: click.Context, *, create: bool = False) -> SQLiteStore:
    """The command's store; reading commands refuse to create an empty database by accident."""
    return open_store(_ctx(ctx).db, create=create)


def echo_json(data: Any) -> None:
    """Print records (dataclasses), lists of them or plain data as indented JSON."""
    click.echo(json.dumps(to_data(data), ensure_ascii=False, indent=2))


def console() -> Console:
    return Console(soft_wrap=False, width=max(130, Console().width))


@contextmanager
def progress_bar(enabled: bool, label: str) -> Iterator[Progress | None]:
    """A live counter on stderr, shown only once a run has lasted longer than a moment."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress as RichProgress
    from rich.progress import SpinnerColumn, TextColumn, TimeElapsedColumn

    bar = RichProgress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("{task.completed} documents"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = bar.add_task(label, total=None)
    started = time.monotonic()

    def update(done: int, origin: str) -> None:
        if not bar.live.is_started and time.monotonic() - started > 0.5:
            bar.start()
        bar.update(task, completed=done, description=f"{label} {origin[-50:]}")

    try:
        yield update
    finally:
        if bar.live.is_started:
            bar.stop()


@click.group(cls=_Group)
@click.option("--db", default="storyline.db", show_default=True, help="SQLite database file.")
@click.option("--config", "config_path", type=click.Path(), help="TOML file overriding defaults.")
@click.option("--quiet", "-q", is_flag=True, help="Print only results and errors (for scripts).")
@click.version_option(package_name="storyline")
@click.pass_context
def cli(ctx: click.Context, db: str, config_path: str | None, quiet: bool) -> None:
    """storyline: overlapping news reports in; stories, independent sources, claims and quotes out.

    \b
    Example:
      storyline --db news.db run examples/corpus
      storyline --db news.db articles
    """
    ctx.obj = Context(db=db, config_path=config_path, quiet=quiet)


# --- foundation commands (issue 2) ---


def _with_private(cfg: Config, allow_private: bool) -> Config:
    if not allow_private:
        return cfg
    return dataclasses.replace(
        cfg, ingest=dataclasses.replace(cfg.ingest, allow_private_addresses=True)
    )


def _finish_ingest(ctx: click.Context, read: int, stored: int, rejected: int, strict: bool) -> None:
    if read == 0 or stored == 0:
        click.echo("error: nothing could be read from the inputs", err=True)
        ctx.exit(1)
    if strict and rejected:
        click.echo(f"error: {rejected} input(s) rejected (--strict)", err=True)
        ctx.exit(1)


_INPUTS = click.argument("inputs", nargs=-1, required=True)
_STRICT = click.option("--strict", is_flag=True, help="Exit non-zero if any input is rejected.")
_PRIVATE = click.option(
    "--allow-private", is_flag=True, help="Allow fetching private/loopback addresses."
)


@cli.command("ingest")
@_INPUTS
@_STRICT
@_PRIVATE
@click.pass_context
def ingest_cmd(
    ctx: click.Context, inputs: tuple[str, ...], strict: bool, allow_private: bool
) -> None:
    """Read files, directories, globs and URLs into the store.

    Plain text, HTML, JSONL, CSV, RSS/Atom and WARC are detected. Bad inputs are recorded as
    rejections (see `storyline rejections`) and the run goes on.

    \b
    Example:
      storyline ingest articles/ feed.xml 'dump/*.jsonl' https://example.org/news/1
    """
    options = _ctx(ctx)
    cfg = _with_private(options.config(), allow_private)
    with open_db(ctx, create=True) as store, progress_bar(not options.quiet, "ingest") as bar:
        summary = ingest(store, inputs, cfg, bar)
    click.echo(summary.line())
    _finish_ingest(ctx, summary.read, summary.new + summary.known, summary.rejected_total, strict)


@cli.command("run")
@_INPUTS
@_STRICT
@_PRIVATE
@click.pass_context
def run_cmd(ctx: click.Context, inputs: tuple[str, ...], strict: bool, allow_private: bool) -> None:
    """Ingest the inputs and run every stage over the store.

    \b
    Example:
      storyline --db demo.db run examples/corpus
    """
    options = _ctx(ctx)
    cfg = _with_private(options.config(), allow_private)
    with open_db(ctx, create=True) as store, progress_bar(not options.quiet, "run") as bar:
        summary = run(store, inputs, cfg, bar)
    for line in summary.lines():
        click.echo(line)
    done = summary.ingest
    _finish_ingest(ctx, done.read, done.new + done.known, done.rejected_total, strict)


def _short(text: str | None, width: int) -> str:
    text = (text or "").replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


@cli.command("articles")
@click.option("--json", "as_json", is_flag=True, help="Print the articles as JSON.")
@click.option("--limit", type=int, default=None, help="At most this many articles.")
@click.pass_context
def articles_cmd(ctx: click.Context, as_json: bool, limit: int | None) -> None:
    """List stored articles in ingest order.

    \b
    Example:
      storyline articles --limit 20
    """
    with open_db(ctx) as store:
        articles = query.list_articles(store, limit)
    if as_json:
        echo_json([dataclasses.replace(a, offsets=()) for a in articles])
        return
    table = Table()
    table.add_column("article", no_wrap=True)  # never cut: other commands take these IDs
    table.add_column("source id", no_wrap=True, max_width=22)
    table.add_column("outlet", no_wrap=True, max_width=18)
    table.add_column("published", no_wrap=True)
    table.add_column("title", min_width=30)
    for a in articles:
        table.add_row(
            a.article_id,
            _short(a.source_id, 28),
            a.outlet or "",
            a.published.date().isoformat() if a.published else "",
            _short(a.title, 60),
        )
    console().print(table)


@cli.command("rejections")
@click.option("--json", "as_json", is_flag=True, help="Print the rejections as JSON.")
@click.pass_context
def rejections_cmd(ctx: click.Context, as_json: bool) -> None:
    """List inputs that could not be read, with the reason for each.

    \b
    Example:
      storyline rejections
    """
    with open_db(ctx) as store:
        rejections = query.list_rejections(store)
    if as_json:
        echo_json(rejections)
        return
    table = Table("reason", "stage", "input", "detail")
    for r in rejections:
        table.add_row(r.reason, r.stage, _short(r.record_id, 60), _short(r.detail, 60))
    console().print(table)


@cli.command("search")
@click.argument("query_text", metavar="QUERY")
@click.option("--limit", type=int, default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the hits as JSON.")
@click.pass_context
def search_cmd(ctx: click.Context, query_text: str, limit: int, as_json: bool) -> None:
    """Full-text search over article titles and texts (SQLite FTS5 syntax).

    \b
    Example:
      storyline search 'ceasefire AND harbour'
    """
    with open_db(ctx) as store:
        results = query.search_articles(store, query_text, limit)
    if as_json:
        echo_json(
            [
                {"article_id": r.article.article_id, "source_id": r.article.source_id,
                 "title": r.article.title, "snippet": r.hit.snippet, "score": r.hit.score}
                for r in results
            ]
        )
        return
    if not results:
        click.echo("no matches")
    for r in results:
        click.echo(f"{r.article.article_id}  {_short(r.article.title, 70)}\n    {r.hit.snippet}")


@cli.group("export")
def export() -> None:
    """Export stored results as JSONL, CSV or Parquet (stdout unless --output).

    \b
    Example:
      storyline export articles --format parquet --output articles.parquet
    """


def export_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """The --format/--output pair every export subcommand takes."""
    output = click.option("--output", "-o", type=click.Path(), help="File (default: stdout).")
    func = output(func)
    return click.option("--format", "fmt", type=FORMATS, default="jsonl", show_default=True)(func)


def _export(
    ctx: click.Context,
    rows_of: Callable[[SQLiteStore], Iterable[Row]],
    fmt: ExportFormat,
    output: str | None,
    what: str,
) -> None:
    """Write the rows ``rows_of`` reads from the store; say how many went to a file."""
    with open_db(ctx) as store:
        count = write_rows(rows_of(store), fmt, output)
    if output is not None and not _ctx(ctx).quiet:
        click.echo(f"wrote {count} {what} to {output}", err=True)


@export.command("articles")
@export_options
@click.pass_context
def export_articles(ctx: click.Context, fmt: ExportFormat, output: str | None) -> None:
    """Articles with their source `id`, outlet, date and cleaned text.

    \b
    Example:
      storyline export articles --format csv --output articles.csv
    """
    _export(ctx, article_rows, fmt, output, "articles")


@cli.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print the statistics as JSON.")
@click.pass_context
def stats_cmd(ctx: click.Context, as_json: bool) -> None:
    """Counts of every stored record type and of rejections by reason.

    \b
    Example:
      storyline stats
    """
    with open_db(ctx) as store:
        stats = query.corpus_stats(store, store.schema_version())
    if as_json:
        echo_json(stats)
        return
    click.echo(f"database {_ctx(ctx).db} (schema version {stats.schema_version})")
    click.echo(f"outlets: {stats.outlets}")
    for name, count in stats.records.items():
        click.echo(f"{name}: {count}")
    for reason, count in stats.rejections_by_reason.items():
        click.echo(f"  rejected as {reason}: {count}")


@cli.group("config")
def config_group() -> None:
    """Inspect the configuration.

    \b
    Example:
      storyline --config my.toml config show
    """


@config_group.command("show")
@click.option("--json", "as_json", is_flag=True, help="Print the configuration as JSON.")
@click.pass_context
def config_show(ctx: click.Context, as_json: bool) -> None:
    """Print the effective configuration (defaults plus --config overrides) and its fingerprint.

    \b
    Example:
      storyline config show
    """
    cfg = _ctx(ctx).config()
    if as_json:
        echo_json({"fingerprint": cfg.fingerprint(), **cfg.as_dict()})
        return
    click.echo(f"# fingerprint {cfg.fingerprint()}")
    for section, values in cfg.as_dict().items():
        click.echo(f"\n[{section}]")
        for key, value in values.items():
            click.echo(f"{key} = {json.dumps(value)}")


# --- reuse commands (issue 3) ---


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


@export.command("reuse")
@export_options
@click.pass_context
def export_reuse(ctx: click.Context, fmt: ExportFormat, output: str | None) -> None:
    """One row per reuse pair: both source IDs, kind, containment, passages with spans, direction.

    \b
    Example:
      storyline export reuse --format jsonl --output reuse.jsonl
    """
    from storyline.reuse import reuse_rows

    _export(ctx, reuse_rows, fmt, output, "reuse pairs")


# --- analyze commands (issue 4) ---


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
    if view is None:
        raise StorylineError(f"no article {article_id!r} (see `storyline articles`)")
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
        who = q.speaker_name or (f"{q.speaker_text}?" if q.speaker_text else "unknown")
        click.echo(f"  [{q.kind}] {who} ({q.cue or '-'}): {_short(q.content, 100)}"
                   f"  @{q.content_start}-{q.content_end}")
    click.echo("\ndates:")
    for t in view.analysis.times:
        click.echo(f"  {t.kind:8s} {t.text!r} -> {t.value or 'unresolved'}  @{t.start}-{t.end}")


@export.command("quotes")
@export_options
@click.pass_context
def export_quotes(ctx: click.Context, fmt: ExportFormat, output: str | None) -> None:
    """Quotes with kind, content, cue and speaker spans, and the article's source id.

    \b
    Example:
      storyline export quotes --format jsonl --output quotes.jsonl
    """
    from storyline.analyze.export import quote_rows

    _export(ctx, quote_rows, fmt, output, "quotes")


@export.command("entities")
@export_options
@click.pass_context
def export_entities(ctx: click.Context, fmt: ExportFormat, output: str | None) -> None:
    """Entity mentions with spans and their resolved entity (name, titles, role, nationality).

    \b
    Example:
      storyline export entities --format jsonl
    """
    from storyline.analyze.export import entity_rows

    _export(ctx, entity_rows, fmt, output, "entities")


@export.command("times")
@export_options
@click.pass_context
def export_times(ctx: click.Context, fmt: ExportFormat, output: str | None) -> None:
    """Time expressions with kind, span and ISO value resolved against the publication date.

    \b
    Example:
      storyline export times --format csv --output times.csv
    """
    from storyline.analyze.export import time_rows

    _export(ctx, time_rows, fmt, output, "times")


# --- story commands (issue 5) ---


@cli.command("stories")
@click.option("--since", type=click.DateTime(), default=None, help="Stories running since DATE.")
@click.option("--json", "as_json", is_flag=True, help="Print the stories as JSON.")
@click.option(
    "--revise", is_flag=True, help="First re-decide the stories of the recent articles."
)
@click.pass_context
def stories_cmd(ctx: click.Context, since: Any, as_json: bool, revise: bool) -> None:
    """Stories (articles about one real-world event), oldest first.

    With --revise, the stories of the articles in the revision window (the last
    `revise_window` arrivals) are first re-decided together; splits and merges are recorded.

    \b
    Example:
      storyline stories --since 2025-09-01
      storyline stories --revise
    """
    with open_db(ctx) as store:
        if revise:
            from storyline.stories import revise_stories

            line = revise_stories(store, _ctx(ctx).config().stories).line()
            click.echo(f"revised: {line}", err=as_json)
        stories = query.list_stories(store, since)
    if as_json:
        echo_json(stories)
        return
    for s in stories:
        when = s.start.date().isoformat() if s.start else "undated"
        click.echo(f"{s.story_id}  {when}  {len(s.article_ids)} articles  {_short(s.title, 70)}")


@export.command("stories")
@export_options
@click.pass_context
def export_stories(ctx: click.Context, fmt: ExportFormat, output: str | None) -> None:
    """One row per article: its source `id`, its story and the related story IDs.

    \b
    Example:
      storyline export stories --format jsonl --output stories.jsonl
    """
    from storyline.stories import story_rows

    _export(ctx, story_rows, fmt, output, "story rows")


# --- claim commands (issue 6) ---


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
    names = dict.fromkeys(
        view.source_ids.get(s.article_id, s.article_id) + ("*" if s.background else "")
        for s in supports
    )
    return ", ".join(names)


@cli.command("show")
@click.argument("story_id")
@click.option("--json", "as_json", is_flag=True, help="Print the story as JSON.")
@click.pass_context
def show_cmd(ctx: click.Context, story_id: str, as_json: bool) -> None:
    """Print a story as an editor reads it: summary, claims, conflicts, quotes, sources.

    Also its related stories (with the reason) and any merge or split it took part in.
    Sources marked * are articles of a related story that recount this story's event.

    \b
    Example:
      storyline show story_3f2a9c01d4e5b6a7
    """
    with open_db(ctx) as store:
        view = query.story_view(store, story_id)
    if view is None:
        raise StorylineError(f"no story {story_id!r} (list them with `storyline stories`)")
    if as_json:
        echo_json(_story_data(view))
        return
    out = console()
    story = view.story
    if story.story_id != story_id:
        out.print(f"[dim]{esc(story_id)} was merged or split; it continues as:[/dim]")
    out.print(f"[bold]{esc(story.title)}[/bold]  ({story.story_id})")
    when = " – ".join(
        dict.fromkeys(d.date().isoformat() for d in (story.start, story.end) if d is not None)
    )
    out.print(f"date: {when or 'unknown'}   place: {esc(story.place or 'unknown')}")
    out.print(f"participants: {esc(', '.join(story.participants) or 'none named')}")
    out.print(
        f"{len(story.article_ids)} articles from {len(view.families)} independent source families"
    )
    out.print("\n[bold]Summary[/bold]")
    sentences = view.summary.sentences if view.summary is not None else ()
    if not sentences:
        out.print("  (no claims computed yet: run `storyline run`)")
    for n, s in enumerate(sentences, 1):
        out.print(f"  {n}. {esc(s.text)}")
        cited = esc(_cites(view, s.citations))
        out.print(f"     [dim]{s.family_count} independent · {cited}[/dim]")
    outlets = view.coverage.outlets
    table = Table("#")
    table.add_column("claim", min_width=50)
    for name in ("articles", "families", "single", *(_short(o, 12) for o in outlets)):
        table.add_column(name)
    reported = {row.claim_id: row.reported_by for row in view.coverage.rows}
    for n, c in enumerate(view.claims, 1):
        marks = ["✓" if hit else "·" for hit in reported.get(c.claim_id, ())]
        table.add_row(
            str(n), esc(_short(c.text, 70)), str(c.article_count), str(c.family_count),
            "yes" if c.single_source else "", *marks,
        )
    out.print("\n[bold]Claims[/bold] (which outlet reported each: ✓)")
    out.print(table)
    out.print("\n[bold]Conflicts[/bold]")
    if not view.conflicts:
        out.print("  none found")
    for v in view.conflicts:
        out.print(f"  {esc('[' + v.conflict.kind + ']')} {esc(v.conflict.reason)}")
        for claim in (v.claim_a, v.claim_b):
            cited = esc(_cites(view, claim.supports))
            out.print(f"    - {esc(_short(claim.text, 90))}  [dim]({cited})[/dim]")
    out.print("\n[bold]Quotes by speaker[/bold]")
    if not view.quotes:
        out.print("  none found")
    speaker = None
    for q in view.quotes:
        if q.speaker_name != speaker:
            speaker = q.speaker_name
            out.print(f"  {esc(speaker or 'unattributed')}:")
        # One remark per bullet; its other renderings (other outlets, paraphrases) below it.
        for n, r in enumerate(q.renderings):
            source = view.source_ids.get(r.article_id, r.article_id)
            mark = "•" if n == 0 else " "
            text = esc(_short(r.text, 78))
            out.print(f"    {mark} {r.kind:8} {text}  [dim]({esc(source)})[/dim]")
    out.print("\n[bold]Articles by source family[/bold]")
    for group in view.families:
        out.print(f"  {esc(group.family_id)}:")
        for a in group.articles:
            date = a.published.date().isoformat() if a.published else ""
            line = f"{a.source_id or a.article_id}  {a.outlet or ''}  {date}  {_short(a.title, 60)}"
            out.print(f"    {esc(line)}")
    if view.related:
        out.print("\n[bold]Related stories[/bold]")
        for rel in view.related:
            reason = f"[dim]({esc(rel.reason)})[/dim]"
            out.print(f"  {esc(rel.story_id)}  {esc(rel.title or '')}  {reason}")
    for change in view.changes:
        ids = ", ".join(change.story_ids)
        out.print(f"[dim]{change.kind} of {esc(ids)}: {esc(change.reason)}[/dim]")


@export.command("claims")
@export_options
@click.pass_context
def export_claims(ctx: click.Context, fmt: ExportFormat, output: str | None) -> None:
    """Claims: story ID, text, supporting source_ids and spans, families, conflict partners.

    \b
    Example:
      storyline export claims --format jsonl --output claims.jsonl
    """
    _export(ctx, query.claim_rows, fmt, output, "claims")


@export.command("conflicts")
@export_options
@click.pass_context
def export_conflicts(ctx: click.Context, fmt: ExportFormat, output: str | None) -> None:
    """Conflicts: story ID, kind, reason, and both claims with their sources and spans.

    \b
    Example:
      storyline export conflicts --format jsonl
    """
    _export(ctx, query.conflict_rows, fmt, output, "conflicts")


def main() -> None:
    cli(prog_name="storyline")
