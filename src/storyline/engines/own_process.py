"""A corpus stage of the local engine run in a spawned process of its own, for a run that takes in
many articles.

What a stage allocates stays with the process that ran it. After the stories stage over 1,000
articles the run's process held about 120 MB more than its encoder and kept hidden states
explain, after 10,000 about 1.4 GB, and after the analyze stage over 10,000 about 0.8 GB more than
before it: all of it held through the claims stage that follows, beside the claims workers
(docs/speed.md). No collection or trim hands it back (live objects scattered over pages once
full of the stage's garbage pin them). A process of its own returns all of it to the system when
it ends. A stage that takes in few articles stays in the run's process: the spawn and the
imports cost a second or two.
"""

from __future__ import annotations

import multiprocessing
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, cast

from storyline.config import Config
from storyline.errors import MissingCapability, StorylineError
from storyline.worker_processes import exit_with_parent

if TYPE_CHECKING:
    from storyline.engines.local import Progress, StageResult

# From how many articles to take in a stage runs in a process of its own. At 1,000 what the
# stories stage left in the run's process (about 120 MB beyond its encoder) is already more than
# the process costs to start; below it the second or two of the spawn is most of a small stage.
OWN_PROCESS_FROM = 1_000

# What the stage's process sends back, in order: ("progress", stage, done, total, note) any
# number of times, then one of ("done", result), ("missing", what, extra) or ("failed", message).
_Message = tuple[object, ...]


def run_in_own_process(
    stage: str, path: Path, cfg: Config, progress: Progress | None = None
) -> StageResult:
    """The local engine's ``stage`` (``engines.local.run_stage``) over the database at ``path``,
    run in a spawned process; its progress is told here as it comes.

    Raises what the stage raised: a :class:`MissingCapability` as itself, anything else as a
    :class:`StorylineError` with the stage's message; a process that ended without a word
    (killed, out of memory) too. A stage stores its results in transactions of its own, so what
    was stored before it is never lost."""
    context = multiprocessing.get_context("spawn")  # never fork a process that may hold threads
    receive, send = context.Pipe(duplex=False)
    # Not a daemon: a daemon may not start processes, and the analyze, claims and events stages
    # start workers of their own. It ends with this process all the same
    # (worker_processes.exit_with_parent).
    child = context.Process(
        target=_run_stage, args=(stage, str(path), cfg, send), name=f"storyline-{stage}"
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
            if message[0] != "progress":
                outcome = message
            elif progress is not None:
                # what the stage's progress was told, as it was told
                progress(*cast(tuple[str, int, int | None, str], message[1:]))
    finally:
        receive.close()
        child.join()
    if outcome is None:
        raise StorylineError(
            f"the {stage} stage's process ended with code {child.exitcode} before it finished; "
            "what was stored before it is kept, and the next run takes the stage up again"
        )
    if outcome[0] == "done":
        return cast("StageResult", outcome[1])
    if outcome[0] == "missing":
        raise MissingCapability(str(outcome[1]), str(outcome[2]))
    raise StorylineError(f"the {stage} stage failed: {outcome[-1]}")


def _run_stage(stage: str, path: str, cfg: Config, send: Connection) -> None:
    """The stage's process: the stage over the database at ``path``, told back over ``send``."""
    exit_with_parent()
    # Imported here: the waiting process needs none of the stages' code to wait.
    from storyline.engines.local import run_stage
    from storyline.store.sqlite import SQLiteStore

    def told(stage: str, done: int, total: int | None, note: str = "") -> None:
        send.send(("progress", stage, done, total, note))

    store: SQLiteStore | None = None
    try:
        store = SQLiteStore(path, create=False)
        send.send(("done", run_stage(stage, store, cfg, told)))
    except MissingCapability as exc:
        send.send(("missing", exc.what, exc.extra))
    except KeyboardInterrupt:
        pass  # Ctrl-C reaches the run's process too, which says it was interrupted
    except Exception as exc:  # told to the run, which reports it as the stage's failure
        send.send(("failed", f"{type(exc).__name__}: {exc}"))
    finally:
        if store is not None:
            store.close()
        send.close()
