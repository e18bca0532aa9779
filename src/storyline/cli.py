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
from rich.text import Text

from storyline import query
from storyline.config import Config, load_config
from storyline.dataset import load_dataset, write_dataset
from storyline.errors import StorylineError
from storyline.events.export import event_data, event_rows, gdelt_lines, list_events
from storyline.export import ExportFormat, Row, article_rows, write_rows
from storyline.model import Article, Event, Rejection
from storyline.pipeline import STAGES, Progress, ingest, run
from storyline.query_runs import Provenance, provenance
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
              show_default=True, help="local: every stage into --db; ray: Ray Data (so far "
              "clean and analyze) into a records dataset under --output.")
@click.option("--output", type=click.Path(file_okay=False), help="The Ray engine's dataset folder.")
@click.option("--workers", type=int, default=2, show_default=True,
              help="Ray workers (CPUs of a local Ray; analyze actors).")
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

    With `--engine ray` the stages run on Ray Data instead and write a records dataset under
    `--output` (load it with `storyline load`); so far the Ray engine runs clean and analyze.

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
        from storyline.engines.ray import run_ray

        counts = run_ray(inputs, output, cfg, workers=workers, address=address)
        click.echo(", ".join(f"{n} {name}" for name, n in counts.items() if n) + f" in {output}")
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


@cli.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print the statistics as JSON.")
@click.pass_context
def stats_cmd(ctx: click.Context, as_json: bool) -> None:
    """Counts of every stored record type and of rejections by reason; the runs recorded and,
    per stage, which configuration made the stored results (stale ones are counted).

    \b
    Example:
      storyline stats
    """
    cfg = _ctx(ctx).config()
    with open_db(ctx) as store:
        stats = query.corpus_stats(store, store.schema_version())
        runs = provenance(store, cfg)
    if as_json:
        echo_json({**to_data(stats), "provenance": to_data(runs)})
        return
    click.echo(f"database {_ctx(ctx).db} (schema version {stats.schema_version})")
    click.echo(f"outlets: {stats.outlets}")
    for name, count in stats.records.items():
        click.echo(f"{name}: {count}")
    for reason, count in stats.rejections_by_reason.items():
        click.echo(f"  rejected as {reason}: {count}")
    _print_provenance(runs)


_RUNS_SHOWN = 10  # the latest runs listed by `stats` (a desk may run every few minutes)


def _print_provenance(runs: Provenance) -> None:
    """The runs, then what each stage's stored results were made under."""
    click.echo(f"\nconfiguration in force: {runs.config_fingerprint}")
    if len(runs.runs) > _RUNS_SHOWN:
        earlier = len(runs.runs) - _RUNS_SHOWN
        click.echo(f"{earlier} earlier runs (--json lists them all)")
    for r in runs.runs[-_RUNS_SHOWN:]:
        when = r.started.strftime("%Y-%m-%d %H:%M:%S UTC")
        state = "finished" if r.finished else "interrupted (or still running)"
        same = "this configuration" if not r.differs else "differs: " + ", ".join(r.differs[:6])
        more = f" (+{len(r.differs) - 6} more)" if len(r.differs) > 6 else ""
        click.echo(
            f"run {r.number} ({r.command}) {when}, {state}, {r.new_articles} new articles, "
            f"configuration {r.config_fingerprint} ({same}{more})"
        )
    if not runs.runs:
        click.echo("no runs recorded (a store made before run records, or loaded)")
    table = Table("stage", "algorithm", "fingerprint now", "stored results made under", "stale")
    for s in runs.stages:
        made = ", ".join(f"{version}: {n}" for version, n in sorted(s.made_under.items()))
        stale = f"{s.stale} {s.unit} ({s.stale_fate})" if s.stale else "0"
        table.add_row(s.stage, s.algorithm, s.fingerprint, made or "-", stale)
    console().print(table)


@cli.command("dump")
@click.argument("directory", type=click.Path(file_okay=False))
@click.pass_context
def dump_cmd(ctx: click.Context, directory: str) -> None:
    """Write every record type of the store as a Parquet dataset under DIRECTORY.

    One folder per record type (typed nested columns) and a manifest; `storyline load` reads it
    back into a store, on this machine or another.

    \b
    Example:
      storyline --db news.db dump news-records/
    """
    with open_db(ctx) as store:
        counts = write_dataset(store, directory)
    click.echo(f"wrote {sum(counts.values())} records of {len(counts)} types to {directory}")


@cli.command("load")
@click.argument("directory", type=click.Path(file_okay=False))
@click.option("--store", "store_path", type=click.Path(dir_okay=False),
              help="The SQLite store to load into (default: --db); made when missing.")
@click.pass_context
def load_cmd(ctx: click.Context, directory: str, store_path: str | None) -> None:
    """Load a Parquet records dataset (`storyline dump`, the Ray engine's output) into a store.

    Every other command then works on it. Records already in the store are replaced by the
    dataset's; a row that is not a valid record is a `bad-record` rejection (stage "load").

    \b
    Example:
      storyline load news-records/ --store news.db
    """
    with open_store(store_path or _ctx(ctx).db, create=True) as store:
        before = store.count(Rejection, stage="load")
        counts = load_dataset(directory, store)
        rejected = store.count(Rejection, stage="load") - before
    click.echo(f"loaded {sum(counts.values())} records of {len(counts)} types from {directory}")
    if rejected:
        click.echo(f"{rejected} rows were not valid records: see `storyline rejections`", err=True)


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


# --- reuse commands ---


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


# --- analyze commands ---


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


# --- story commands ---


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
            from storyline.stories import revise_stories

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


@export.command("stories")
@click.option("--per", type=click.Choice(["article", "story"]), default="article",
              show_default=True, help="One row per article, or one row per story.")
@export_options
@click.pass_context
def export_stories(ctx: click.Context, per: str, fmt: ExportFormat, output: str | None) -> None:
    """Stories: one row per article (its source `id`, its story, the related story IDs), or with
    `--per story` one row per story (title, dates, place, participants, counts of articles,
    families, claims and conflicts, outlets, articles, related stories).

    \b
    Example:
      storyline export stories --format jsonl --output stories.jsonl
      storyline export stories --per story --format parquet --output stories.parquet
    """
    if per == "story":
        from storyline.query_rows import story_list_rows

        _export(ctx, story_list_rows, fmt, output, "stories")
        return
    from storyline.stories import story_rows

    _export(ctx, story_rows, fmt, output, "story rows")


# --- claim commands ---


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


MIN_CONFIDENCE = click.option(
    "--min-confidence",
    type=click.FloatRange(0.0, 1.0),
    default=0.0,
    show_default=True,
    help="Only conflicts at least this sure (0.5 similar statements, 0.9 a copy changed).",
)


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
        events = list_events(store, view.story.story_id) if view is not None else []
        event_articles: dict[str, Article] = {
            i: a for e in events for i in e.article_ids if (a := store.get(Article, i))
        }
    if view is None:
        raise StorylineError(f"no story {story_id!r} (list them with `storyline stories`)")
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
    _print_story(console(), view, narrowed=which != query.ViewFilter(), asked_id=story_id)
    _print_events(console(), events, view.outlets)


def _print_story(
    out: Console, view: query.StoryView, narrowed: bool, asked_id: str
) -> None:
    story = view.story
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
    sources = "independent source families" + (" (of the chosen outlet)" if narrowed else "")
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
        if q.speaker_name != speaker:
            speaker = q.speaker_name
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
            current = query.current_story_id(store, story_id)
            if current is None:
                raise StorylineError(f"no story {story_id!r} (list them with `storyline stories`)")
            story_id = current
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


@export.command("events")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "parquet", "gdelt"]),
              default="jsonl", show_default=True,
              help="jsonl/parquet: one row per event, mentions nested; gdelt: GDELT 2.0 "
                   "Events columns, tab-separated, one row per event that happened.")
@click.option("--output", "-o", type=click.Path(), help="File (default: stdout).")
@click.pass_context
def export_events(ctx: click.Context, fmt: str, output: str | None) -> None:
    """Events, one row per real-world event with its mentions (article, source id, sentence,
    span, actors, place, date) nested; or GDELT 2.0 Events rows with NumMentions, NumSources
    (independent source families) and NumArticles from the merged records.

    \b
    Example:
      storyline export events --format parquet --output events.parquet
      storyline export events --format gdelt --output events.tsv
    """
    if fmt != "gdelt":
        _export(ctx, event_rows, "parquet" if fmt == "parquet" else "jsonl", output, "events")
        return
    with open_db(ctx) as store:
        lines = list(gdelt_lines(store))
    try:
        stream = sys.stdout if output is None else open(output, "w", encoding="utf-8")  # noqa: SIM115
        try:
            for line in lines:
                stream.write(line + "\n")
        finally:
            if output is not None:
                stream.close()
    except OSError as exc:
        raise StorylineError(f"cannot write {output}: {exc.strerror or exc}") from exc
    if output is not None and not _ctx(ctx).quiet:
        click.echo(f"wrote {max(0, len(lines) - 1)} events to {output}", err=True)


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
@MIN_CONFIDENCE
@click.pass_context
def export_conflicts(
    ctx: click.Context, fmt: ExportFormat, output: str | None, min_confidence: float
) -> None:
    """Conflicts: story ID, kind, one-line summary, confidence, reason, and both claims with
    their sources and spans.

    \b
    Example:
      storyline export conflicts --format jsonl --min-confidence 0.7
    """
    _export(
        ctx,
        lambda store: query.conflict_rows(store, min_confidence),
        fmt,
        output,
        "conflicts",
    )


@export.command("summaries")
@export_options
@click.pass_context
def export_summaries(ctx: click.Context, fmt: ExportFormat, output: str | None) -> None:
    """Each story's cited summary: one row per sentence with its rank, claim, independent
    family count, outlets and citations (source ids and spans).

    \b
    Example:
      storyline export summaries --format jsonl --output summaries.jsonl
    """
    from storyline.query_rows import summary_rows

    _export(ctx, summary_rows, fmt, output, "summary sentences")


@export.command("aligned-quotes")
@export_options
@click.pass_context
def export_aligned_quotes(ctx: click.Context, fmt: ExportFormat, output: str | None) -> None:
    """Quotes aligned across outlets: one row per remark with its speaker, outlets and every
    rendering (direct or paraphrased) with its source id and span.

    \b
    Example:
      storyline export aligned-quotes --format parquet --output quotes.parquet
    """
    from storyline.query_rows import aligned_quote_rows

    _export(ctx, aligned_quote_rows, fmt, output, "aligned quotes")


@export.command("families")
@export_options
@click.pass_context
def export_families(ctx: click.Context, fmt: ExportFormat, output: str | None) -> None:
    """Source families (articles sharing copied text: one independent source): one row per
    family with its articles, their source ids, outlets and stories.

    \b
    Example:
      storyline export families --format csv --output families.csv
    """
    from storyline.query_rows import family_rows

    _export(ctx, family_rows, fmt, output, "families")


# --- the desk: `serve` and `correct`, in a module of their own ---

from storyline.cli_desk import correct_group, serve_cmd  # noqa: E402

cli.add_command(serve_cmd)
cli.add_command(correct_group)


def main() -> None:
    cli(prog_name="storyline")
