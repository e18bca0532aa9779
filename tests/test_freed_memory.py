"""Memory a process has freed goes back to the system: a heap with live blocks scattered among
freed ones shrinks when ``release_freed_memory`` runs (glibc; elsewhere it does nothing)."""

from __future__ import annotations

import pytest

from storyline.freed_memory import _malloc_trim, release_freed_memory


def _resident_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 2**20


@pytest.mark.skipif(_malloc_trim() is None, reason="needs glibc's malloc_trim")
def test_freed_blocks_among_live_ones_go_back_to_the_system() -> None:
    # 3,000 blocks of 48 KB come from the heap (below glibc's mmap threshold); one in fifty is
    # kept, so the heap cannot shrink from its top, and 140 MB of it is free but resident.
    blocks = [bytearray(48 * 1024) for _ in range(3000)]
    for block in blocks:
        block[::4096] = b"x" * len(block[::4096])  # touch every page: resident
    kept = blocks[::50]
    del blocks
    before = _resident_mb()
    release_freed_memory()
    after = _resident_mb()
    assert len(kept) == 60
    assert before - after > 100, (before, after)


def test_release_is_safe_to_call_again_and_again() -> None:
    for _ in range(3):
        assert release_freed_memory() is None
