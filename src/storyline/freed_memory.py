"""Giving memory a process has freed back to the system.

A long stage frees most of what it allocates (a story's score matrices, a batch's parse), but
glibc's allocator keeps freed blocks in its heaps for reuse, and blocks of a few MB come from the
heap rather than from their own mapping once a larger block has been freed (its mmap threshold
rises). A heap holding one live block above freed ones cannot shrink, so a worker's resident size
ratchets up with the largest stories it has made and never comes down. ``malloc_trim`` hands
every whole free page of every heap back to the system, whatever lies above it.

Called where a unit of work ends and its memory is garbage: after each story in the claims and
events workers, and after each stage in the run's own process.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
from collections.abc import Callable


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or None where the C library has none (musl, macOS)."""
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        trim: Callable[[int], int] = ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):
        return None
    return trim


def release_freed_memory() -> None:
    """Return the free pages of this process's heaps to the system (a no-op without glibc)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
