"""The commands about the store as a whole: `stats` (what it holds and which configuration made
it), `dump` and `load` (Parquet records datasets) and `config show`. Registered on the command
group by importing this module (``cli.py`` does)."""

from __future__ import annotations

import json

import click
from rich.table import Table

from storyline import query
from storyline.cli import _ctx, cli, console, echo_json, open_db
from storyline.dataset import load_dataset, write_dataset
from storyline.model import Rejection
from storyline.query_runs import Provenance, provenance
from storyline.store import open_store
from storyline.store.codec import to_data


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
    table = Table("stage", "algorithm", "fingerprint now", "stored results made under")
    # What happens to stale results is a column of its own that never wraps (fingerprints that
    # name the sentence encoder are long and fold instead).
    table.add_column("stale", no_wrap=True)
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
