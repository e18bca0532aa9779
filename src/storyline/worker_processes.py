"""What every worker process of a stage does first: end when the process that started it ends
(and, for the claims workers, keep numpy's matrix products on one thread).

The analyze, claims and events stages spawn worker processes (``analyze._parallel``,
``engines/local_claims.py``, ``engines/local_events.py``). A worker waits for its next task on a
pipe it shares with the other workers, so a parent killed outright (SIGKILL, out of memory)
never closes it, and the workers would wait for ever, each holding a model in memory. A thread
in each worker watches the parent instead and ends the worker once it is gone.
"""

from __future__ import annotations

import os
import threading
import time

# How often a worker looks for its parent, in seconds.
_POLL_S = 1.0


def exit_with_parent() -> None:
    """Start the watch in this (worker) process: call first thing in a worker's initializer."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(_POLL_S)
        os._exit(1)  # the parent is gone: nothing this worker makes can be read

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def one_blas_thread() -> None:
    """Keep this (worker) process's BLAS, numpy's matrix products, to one thread.

    Two workers on two cores each running OpenBLAS's two threads: a story's products are small,
    and the second thread mostly waits for work, spinning. On ECB+ dev + BASIL the claims
    workers took 95.8 CPU-s with one thread against 104.1 with two (177 stories, records
    identical; docs/speed.md). Without threadpoolctl (scikit-learn's, in the nlp extra)
    nothing changes."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return
    threadpool_limits(limits=1, user_api="blas")
