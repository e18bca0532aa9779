"""The desk's commands: ``storyline serve`` (the web UI and REST API) and ``storyline correct``
(an editor's corrections from the terminal). Registered on the main group by ``cli.py``; kept
apart so that the command-line module stays one screenful of concerns."""

from __future__ import annotations

from collections.abc import Callable

import click

from storyline.cli import _ctx, _waiting, echo_json, open_db
from storyline.engines import local_corrections as corrections
from storyline.model import Correction
from storyline.query_desk import correction_list
from storyline.store import SQLiteStore


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (the loopback address unless told otherwise).")
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True)
@click.option("--read-only", is_flag=True, help="No corrections: the desk only reads.")
@click.option("--allow-ingest", is_flag=True,
              help="Allow POST /ingest (uploads and URLs, with the guards of `ingest`).")
@click.pass_context
def serve_cmd(
    ctx: click.Context, host: str, port: int, read_only: bool, allow_ingest: bool
) -> None:
    """Open the desk: the stories, claims, conflicts and articles of the store as web pages
    and a REST API (schema at /openapi.json), for editors who do not use a terminal.

    Pages keep working while a `storyline run` writes the store. Stop it with Ctrl-C.

    \b
    Example:
      storyline --db news.db serve
      storyline --db news.db serve --port 9000 --read-only
    """
    from storyline.web import serve

    options = _ctx(ctx)
    shown = f"[{host}]" if ":" in host else host
    if not options.quiet:
        mode = " (read-only)" if read_only else ""
        url = f"http://{shown}:{port}/"
        click.echo(f"storyline desk on {url} for {options.db}{mode}; Ctrl-C to stop", err=True)
    serve(options.db, host=host, port=port, read_only=read_only, allow_ingest=allow_ingest,
          config=options.config())


@click.group("correct")
def correct_group() -> None:
    """An editor's corrections: split or merge stories, move articles, dismiss or confirm a
    conflict. Each is stored as a record of its own and respected by every later run.

    \b
    Example:
      storyline correct split story_3f2a9c01d4e5b6a7 art_0123456789abcdef --note "other event"
      storyline correct dismiss conflict_9a8b7c6d5e4f3a2b --note "two different meetings"
    """


_NOTE = click.option("--note", default="", help="Why (shown beside the correction).")


def _apply(ctx: click.Context, make: Callable[[SQLiteStore], Correction]) -> None:
    options = _ctx(ctx)
    with open_db(ctx) as store, store.exclusive(on_wait=_waiting(options.db)):
        made = make(store)
    click.echo(_describe(made))



def _describe(c: Correction) -> str:
    what = {
        "split": f"split {len(c.article_ids)} article(s) of {c.story_id} into {c.new_story_id}",
        "merge": f"merged {c.from_story_id} into {c.story_id}",
        "move": f"moved {len(c.article_ids)} article(s) from {c.from_story_id} to {c.story_id}",
        "dismiss-conflict": f"dismissed conflict {c.conflict_id}",
        "confirm-conflict": f"confirmed conflict {c.conflict_id}",
    }[c.kind]
    later = " (claims are recomputed by the next `storyline run`)" if c.kind in (
        "split", "merge", "move") else ""
    return f"{c.correction_id}: {what}{later}"


@correct_group.command("split")
@click.argument("story_id")
@click.argument("article_ids", nargs=-1, required=True)
@_NOTE
@click.pass_context
def correct_split(
    ctx: click.Context, story_id: str, article_ids: tuple[str, ...], note: str
) -> None:
    """Take ARTICLE_IDS out of STORY_ID into a story of their own.

    \b
    Example:
      storyline correct split story_3f2a9c01d4e5b6a7 art_0123456789abcdef
    """
    _apply(ctx, lambda store: corrections.split_story(store, story_id, article_ids, note))


@correct_group.command("merge")
@click.argument("keep_story_id")
@click.argument("other_story_id")
@_NOTE
@click.pass_context
def correct_merge(ctx: click.Context, keep_story_id: str, other_story_id: str, note: str) -> None:
    """Fold OTHER_STORY_ID into KEEP_STORY_ID (and whatever a later run assigns to it).

    \b
    Example:
      storyline correct merge story_3f2a9c01d4e5b6a7 story_0a1b2c3d4e5f6a7b
    """
    _apply(ctx, lambda store: corrections.merge_stories(store, keep_story_id, other_story_id, note))


@correct_group.command("move")
@click.argument("article_ids", nargs=-1, required=True)
@click.option("--to", "to_story_id", required=True, help="The story the articles belong to.")
@_NOTE
@click.pass_context
def correct_move(
    ctx: click.Context, article_ids: tuple[str, ...], to_story_id: str, note: str
) -> None:
    """Move ARTICLE_IDS (of one story) to another story.

    \b
    Example:
      storyline correct move art_0123456789abcdef --to story_0a1b2c3d4e5f6a7b
    """
    _apply(ctx, lambda store: corrections.move_articles(store, article_ids, to_story_id, note))


@correct_group.command("dismiss")
@click.argument("conflict_id")
@_NOTE
@click.pass_context
def correct_dismiss(ctx: click.Context, conflict_id: str, note: str) -> None:
    """Dismiss a conflict: it is no contradiction, and no later run raises it again.

    \b
    Example:
      storyline correct dismiss conflict_9a8b7c6d5e4f3a2b --note "two different meetings"
    """
    _apply(ctx, lambda store: corrections.decide_conflict(store, conflict_id, dismiss=True,
                                                          note=note))


@correct_group.command("confirm")
@click.argument("conflict_id")
@_NOTE
@click.pass_context
def correct_confirm(ctx: click.Context, conflict_id: str, note: str) -> None:
    """Confirm a conflict an editor checked (or bring back one dismissed by mistake).

    \b
    Example:
      storyline correct confirm conflict_9a8b7c6d5e4f3a2b
    """
    _apply(ctx, lambda store: corrections.decide_conflict(store, conflict_id, dismiss=False,
                                                          note=note))


@correct_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the corrections as JSON.")
@click.pass_context
def correct_list(ctx: click.Context, as_json: bool) -> None:
    """Every correction, newest first.

    \b
    Example:
      storyline correct list
    """
    with open_db(ctx) as store:
        rows = correction_list(store)
        records = sorted(store.all(Correction), key=lambda c: -c.seq)
    if as_json:
        echo_json(rows)
        return
    if not records:
        click.echo("no corrections")
    for c in records:
        line = f"{c.made_at:%Y-%m-%d %H:%M}  {_describe(c)}"
        click.echo(line + (f"  — {c.note}" if c.note else ""))

