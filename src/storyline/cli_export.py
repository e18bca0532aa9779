"""The `export` subcommands for every record type but articles (which ``cli.py`` keeps beside the
group). Registered on the group by importing this module (``cli.py`` does)."""

from __future__ import annotations

import sys

import click

from storyline import query_rows
from storyline.cli import (
    MIN_CONFIDENCE,
    _ctx,
    _export,
    export,
    export_options,
    open_db,
)
from storyline.errors import StorylineError
from storyline.export import ExportFormat
from storyline.query_events import event_rows, gdelt_lines


@export.command("reuse")
@export_options
@click.pass_context
def export_reuse(ctx: click.Context, fmt: ExportFormat, output: str | None) -> None:
    """One row per reuse pair: both source IDs, kind, containment, passages with spans, direction.

    \b
    Example:
      storyline export reuse --format jsonl --output reuse.jsonl
    """
    from storyline.query_article_rows import reuse_rows

    _export(ctx, reuse_rows, fmt, output, "reuse pairs")


@export.command("quotes")
@export_options
@click.pass_context
def export_quotes(ctx: click.Context, fmt: ExportFormat, output: str | None) -> None:
    """Quotes with kind, content, cue and speaker spans, and the article's source id.

    \b
    Example:
      storyline export quotes --format jsonl --output quotes.jsonl
    """
    from storyline.query_article_rows import quote_rows

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
    from storyline.query_article_rows import entity_rows

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
    from storyline.query_article_rows import time_rows

    _export(ctx, time_rows, fmt, output, "times")


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
    from storyline.query_article_rows import story_rows

    _export(ctx, story_rows, fmt, output, "story rows")


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
    _export(ctx, query_rows.claim_rows, fmt, output, "claims")


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
        lambda store: query_rows.conflict_rows(store, min_confidence),
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
