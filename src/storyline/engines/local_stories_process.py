"""The local engine's stories stage in a process of its own, for runs that take in many articles.

The stage holds every new article's features, the engine's state and its revisions at once,
and what it allocated stays with the process that ran it: after a 1,000-article stage the
run's process held about 120 MB more than its encoder and kept hidden states explain, and after
a 10,000-article stage 1.4 GB, through the claims stage that follows, beside the claims workers
(docs/speed.md). No collection or trim hands it back. A spawned process of its own returns all of
it to the system when it ends. A small run stays in the run's process: the spawn and the
encoder's load cost a second or two.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path

from storyline.config import StoryConfig
from storyline.errors import MissingCapability, StorylineError
from storyline.stories.stage import StoriesSummary
from storyline.worker_processes import exit_with_parent

# From how many new articles the stage runs in a process of its own. At 1,000 what it left in
# the run's process (about 120 MB beyond the encoder) is already more than the process costs
# to start; below it the second or two of the spawn is most of a small run's stage.
OWN_PROCESS_FROM = 1_000

# What the stage's process sends back, in order: ("progress", done, total, what) any number of
# times, then one of ("done", summary), ("missing", what, extra) or ("failed", message).
_Message = tuple[object, ...]


def update_stories_in_own_process(
    path: Path,
    cfg: StoryConfig,
    progress: Callable[[int, int, str], None] | None = None,
) -> StoriesSummary:
    """``local_stories.update_stories`` over the database at ``path``, run in a spawned
    process; its progress is told here as it comes. Raises what the stage raised: a
    :class:`MissingCapability` as itself, anything else as a :class:`StorylineError` with the
    stage's message; a process that ended without a word (killed, out of memory) too."""
    context = multiprocessing.get_context("spawn")  # never fork a process that may hold threads
    receive, send = context.Pipe(duplex=False)
    child = context.Process(
        target=_run_stage, args=(str(path), cfg, send), name="storyline-stories", daemon=True
    )
    child.start()
    send.close()  # only the child writes: its end closing is how its silence is seen
    outcome: _Message | None = None
    try:
        while outcome is None:
            try:
                message: _Message = receive.recv()
            except EOFError:
                break
            if message[0] == "progress":
                if progress is not None:
                    done, total, what = message[1:]
                    progress(int(str(done)), int(str(total)), str(what))
            else:
                outcome = message
    finally:
        receive.close()
        child.join()
    if outcome is None:
        raise StorylineError(
            f"the stories stage's process ended with code {child.exitcode} before it finished; "
            "what earlier stages stored is kept, and the next run takes the stage up again"
        )
    if outcome[0] == "done" and isinstance(outcome[1], StoriesSummary):
        return outcome[1]
    if outcome[0] == "missing":
        raise MissingCapability(str(outcome[1]), str(outcome[2]))
    raise StorylineError(f"the stories stage failed: {outcome[-1]}")


def _run_stage(path: str, cfg: StoryConfig, send: Connection) -> None:
    """The stage's process: the stage over the database at ``path``, told back over ``send``."""
    exit_with_parent()
    # Imported here: the parent needs none of the stage's code to wait for it.
    from storyline.engines.local_stories import update_stories
    from storyline.store.sqlite import SQLiteStore

    def told(done: int, total: int, what: str) -> None:
        send.send(("progress", done, total, what))

    store: SQLiteStore | None = None
    try:
        store = SQLiteStore(path, create=False)
        summary = update_stories(store, cfg, progress=told)
        send.send(("done", summary))
    except MissingCapability as exc:
        send.send(("missing", exc.what, exc.extra))
    except Exception as exc:  # told to the run, which reports it as the stage's failure
        send.send(("failed", f"{type(exc).__name__}: {exc}"))
    finally:
        if store is not None:
            store.close()
        send.close()
