"""Shared test fixtures: where the third-party data lives, and a fresh store per test.

The seeds and evalsets sit in ``../shared`` beside the checkout (never copied into the repo). A
fresh clone has no ``../shared``: a test that reads the data is then skipped with one line naming
what is missing, every other test runs, and the run ends saying how many were skipped for data.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from storyline.store import SQLiteStore, open_store

REPO = Path(__file__).resolve().parents[1]
_SHARED_ROOT = Path(os.environ.get("STORYLINE_SHARED", REPO.parent / "shared"))
# The reason every data skip starts with; the summary at the end counts skips by it.
DATA_SKIP = "needs third-party data"


class SharedPath(type(Path())):  # type: ignore[misc]
    """A path into ../shared that skips the test using it when the file is not there.

    Building paths (``SEEDS / "x.txt"``) is free; the first use of one as a file system path
    (``str()``, ``open``, ``glob``, ``read_text``, ``exists``...) checks that it exists and, when it
    does not, skips the running test with a one-line reason. So a test needs no marker to say it
    reads the data, and a new test that reads it skips on a fresh clone without anyone noticing.
    """

    def _need(self) -> None:
        real = Path.__str__(self)
        if not os.path.exists(real):
            missing = str(_SHARED_ROOT) if not _SHARED_ROOT.is_dir() else real
            pytest.skip(
                f"{DATA_SKIP}: {missing} not found (set STORYLINE_SHARED to its path)",
                allow_module_level=True,
            )

    def __str__(self) -> str:
        self._need()
        return Path.__str__(self)

    def __fspath__(self) -> str:
        return self.__str__()

    def open(self, *args: Any, **kwargs: Any) -> Any:
        self._need()
        return super().open(*args, **kwargs)

    def glob(self, pattern: str) -> Iterator[Path]:
        self._need()
        return super().glob(pattern)  # type: ignore[no-any-return]

    def rglob(self, pattern: str) -> Iterator[Path]:
        self._need()
        return super().rglob(pattern)  # type: ignore[no-any-return]

    def iterdir(self) -> Iterator[Path]:
        self._need()
        return super().iterdir()  # type: ignore[no-any-return]


SHARED = SharedPath(_SHARED_ROOT)
SEEDS = SHARED / "seeds"
EVALSETS = SHARED / "evalsets"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    db = open_store(tmp_path / "test.db")
    yield db
    db.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: Any) -> Iterator[None]:
    """Data skips are reported at one place, so `-ra` folds them into one counted line."""
    outcome = yield
    report = outcome.get_result()
    longrepr = report.longrepr
    if report.skipped and isinstance(longrepr, tuple) and DATA_SKIP in str(longrepr[2]):
        report.longrepr = (__file__, _DATA_SKIP_LINE, longrepr[2])


_DATA_SKIP_LINE = SharedPath._need.__code__.co_firstlineno


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """One line saying how many tests the missing data skipped (none when ../shared is there)."""
    skipped = terminalreporter.stats.get("skipped", [])
    for_data = sum(
        1
        for report in skipped
        if isinstance(report.longrepr, tuple) and DATA_SKIP in str(report.longrepr[2])
    )
    if for_data:
        terminalreporter.write_line(
            f"{for_data} tests skipped for data: {_SHARED_ROOT} not found or incomplete "
            "(the seeds and evalsets; set STORYLINE_SHARED to their folder to run them)"
        )
