"""The command line: parse, call one library function, render.

Every command opens the database named by ``--db``, calls one function of the library (mostly in
``query.py``) and renders the result as a table or, with ``--json``, as data. A StorylineError
(misconfiguration, missing database) is printed as one line without a traceback.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from storyline import query
from storyline.config import Config, load_config
from storyline.errors import StorylineError
from storyline.export import ExportFormat, Row, article_rows, write_rows
from storyline.pipeline import STAGES, Progress, ingest, run
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
        except sqlite3.OperationalError as exc:
            # Another process held the database longer than SQLite waits (runs themselves wait
            # for each other: see SQLiteStore.exclusive).
            problem = str(exc)
            if "locked" in problem or "busy" in problem:
                problem = "the store is busy: another process is writing to it; try again"
            click.echo(f"error: {problem}", err=True)
            ctx.exit(2)


@dataclasses.dataclass(slots=True)
class Context:
    db: str
    config_path: str | None
    quiet: bool
    loaded: Config | None = None

    def config(self) -> Config:
        if self.loaded is None:
            self.loaded = load_config(self.config_path)
        return self.loaded


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
    """The console tables and views print to. Markup, emoji codes and highlighting are off:
    everything printed comes from article data ("[/b]" in a title, ":fire:" in a file name) and
    is printed as the text it is; styles are given as rich Text objects, never as markup."""
    return Console(
        soft_wrap=False,
        width=max(130, Console().width),
        markup=False,
        emoji=False,
        highlight=False,
    )


@contextmanager
def progress_display(enabled: bool) -> Iterator[Progress | None]:
    """Per-stage progress on stderr: each stage with what it has done of what it has to do and
    an estimate of the time left (or, for a stage that cannot count, its size and a pulse).
    Shown only on a terminal, once the run has lasted more than a moment; elsewhere (a log, a
    pipe) each stage's start and end is one plain line."""
    if not enabled:
        yield None
        return
    if not sys.stderr.isatty():
        yield _stage_lines()
        return
    from rich.progress import BarColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn
    from rich.progress import Progress as RichProgress

    bar = RichProgress(
        TextColumn("{task.description}", style="dim", markup=False),
        TextColumn("{task.fields[stage]:8}", markup=False),
        BarColumn(bar_width=30),
        TextColumn("{task.fields[count]:>15}", markup=False),
        TextColumn("eta", style="dim"),
        TimeRemainingColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[note]}", markup=False),
        console=Console(stderr=True, markup=False, emoji=False, highlight=False),
        transient=True,
    )
    tasks: dict[str, Any] = {}
    started = time.monotonic()

    def update(stage: str, done: int, total: int | None, note: str = "") -> None:
        if not bar.live.is_started and time.monotonic() - started > 0.5:
            bar.start()
        count = f"{done}/{total}" if total else ""
        position = f"{STAGES.index(stage) + 1}/{len(STAGES)}" if stage in STAGES else ""
        note = _short(note, 50, keep="end")
        if stage not in tasks:
            tasks[stage] = bar.add_task(position, total=total, stage=stage, count="", note="")
        bar.update(tasks[stage], completed=done, total=total, count=count, note=note)

    try:
        yield update
    finally:
        if bar.live.is_started:
            bar.stop()


def _stage_lines() -> Progress:
    """Progress as plain lines on stderr: "[3/5] analyze: 120 new articles" when a stage starts
    and "[3/5] analyze done in 41.2 s" when it ends."""
    started: dict[str, float] = {}

    def update(stage: str, done: int, total: int | None, note: str = "") -> None:
        position = f"[{STAGES.index(stage) + 1}/{len(STAGES)}]" if stage in STAGES else ""
        if stage not in started:
            started[stage] = time.monotonic()
            what = f"{total} documents to read" if stage == "ingest" else note
            click.echo(f"{position} {stage}: {what}".rstrip(": "), err=True)
        elif total is not None and done == total and note == "done":
            took = time.monotonic() - started[stage]
            click.echo(f"{position} {stage} done in {took:.1f} s", err=True)

    return update


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
    if config_path is not None:
        ctx.obj.config()  # a missing or malformed file is an error for every command


# --- foundation commands ---


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
    with open_db(ctx, create=True) as store, progress_display(not options.quiet) as bar:
        summary = ingest(store, inputs, cfg, bar, _waiting(options.db))
    click.echo(summary.line())
    _finish_ingest(ctx, summary.read, summary.new + summary.known, summary.rejected_total, strict)


@cli.command("run")
@_INPUTS
@_STRICT
@_PRIVATE
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local",
              show_default=True, help="local: every stage into --db; ray: every stage (clean, "
              "analyze, claims and events on Ray, the rest on the driver) into a records "
              "dataset under --output.")
@click.option("--output", type=click.Path(file_okay=False), help="The Ray engine's dataset folder.")
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True,
              help="Ray actors of analyze and of claims and events (a local Ray gets one CPU "
              "more).")
@click.option("--address", help="Join this Ray cluster instead of starting a local Ray.")
@click.pass_context
def run_cmd(
    ctx: click.Context,
    inputs: tuple[str, ...],
    strict: bool,
    allow_private: bool,
    engine: str,
    output: str | None,
    workers: int,
    address: str | None,
) -> None:
    """Ingest the inputs and run every stage over the store.

    With `--engine ray` the same stages run with Ray Data and write a records dataset under
    `--output` (load it with `storyline load`): clean, analyze, and claims and events per story
    run on Ray; ingest, reuse (one index of every article's fingerprints) and stories (one pass
    in arrival order) run on the driver. It starts from nothing: no store is read.

    \b
    Example:
      storyline --db demo.db run examples/corpus
      storyline run --engine ray --output records/ examples/corpus
    """
    options = _ctx(ctx)
    cfg = _with_private(options.config(), allow_private)
    if engine == "ray":
        if output is None:
            raise StorylineError("--engine ray writes a records dataset: give --output DIR")
        from storyline.engines.ray import NothingRead, run_ray

        try:
            counts = run_ray(
                inputs, output, cfg, workers=workers, address=address, quiet=options.quiet
            )
        except NothingRead as exc:  # as a local run: exit status 1, the rejections kept
            click.echo(f"error: {exc}", err=True)
            ctx.exit(1)
        click.echo(", ".join(f"{n} {name}" for name, n in counts.items() if n) + f" in {output}")
        articles, rejected = counts.get("article", 0), counts.get("rejection", 0)
        _finish_ingest(ctx, articles + rejected, articles, rejected, strict)
        return
    with open_db(ctx, create=True) as store, progress_display(not options.quiet) as bar:
        summary = run(store, inputs, cfg, bar, _waiting(options.db))
    for line in summary.lines():
        click.echo(line)
    if summary.stopped:
        problems = "; ".join(summary.ingest.first_problems) or "no input named a file"
        click.echo(
            f"error: nothing could be read from the inputs, so no stage was run ({problems})",
            err=True,
        )
        ctx.exit(1)
    done = summary.ingest
    _finish_ingest(ctx, done.read, done.stored, done.rejected_total, strict)


def _waiting(db: str) -> Callable[[], None]:
    """What a run says when another run is writing to the same store: it waits for it."""

    def say() -> None:
        click.echo(
            f"the store {db} is busy: another storyline run is writing to it; waiting for it "
            "to finish (Ctrl-C to give up)",
            err=True,
        )

    return say


def _short(text: str | None, width: int, keep: str = "start") -> str:
    """``text`` on one line, cut to ``width`` characters (keeping its start, or its end)."""
    text = (text or "").replace("\n", " ")
    if len(text) <= width:
        return text
    return text[: width - 1] + "…" if keep == "start" else "…" + text[-(width - 1) :]


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
    """List inputs that could not be read, with the reason for each, articles whose analysis
    failed in part (kept with the parts that were made), and stories whose claims or events a
    rule failed on.

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
        # Paths and URLs say most at their end (the file name, the line).
        table.add_row(r.reason, r.stage, _short(r.record_id, 60, keep="end"), _short(r.detail, 60))
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


MIN_CONFIDENCE = click.option(
    "--min-confidence",
    type=click.FloatRange(0.0, 1.0),
    default=0.0,
    show_default=True,
    help="Only conflicts at least this sure (0.5 similar statements, 0.9 a copy changed).",
)


# --- the other commands, each group in a module of its own (registered as they are imported) ---

from storyline import cli_export, cli_store, cli_stories  # noqa: E402, F401
from storyline.cli_desk import correct_group, serve_cmd  # noqa: E402

cli.add_command(serve_cmd)
cli.add_command(correct_group)


def main() -> None:
    cli(prog_name="storyline")
