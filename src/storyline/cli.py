"""The command line: parse, call one library function, render."""

from __future__ import annotations

import click


@click.group()
@click.option("--db", default="storyline.db", show_default=True, help="SQLite database file.")
@click.pass_context
def cli(ctx: click.Context, db: str) -> None:
    """storyline: overlapping news reports in, stories, sources, claims and quotes out."""
    ctx.obj = {"db": db}


# --- foundation commands (issue 2) ---


# --- reuse commands (issue 3) ---


# --- analyze commands (issue 4) ---


# --- story commands (issue 5) ---


# --- claim commands (issue 6) ---


def main() -> None:
    cli()
