"""The desk's fixtures: stores built by the real pipeline, a real `storyline serve` process on
127.0.0.1, and Debian's Chromium driven by Playwright.

Stores are built once per test session (the pipeline with its models takes seconds) and copied
for each module that writes to them. The browser is Debian's ``/usr/bin/chromium``, launched by
Playwright with a fresh profile; Playwright never downloads a browser. Without it (or without the
``playwright`` package) the browser tests skip with one line saying so.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from storyline.config import Config
from storyline.pipeline import run
from storyline.store import open_store
from tests.conftest import REPO, SEEDS

CHROMIUM = Path(os.environ.get("STORYLINE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CORPUS = REPO / "examples" / "corpus"


def _built(tmp_path_factory: pytest.TempPathFactory, name: str, inputs: list[str]) -> Path:
    db = tmp_path_factory.mktemp(name) / f"{name}.db"
    with open_store(db) as store:
        summary = run(store, inputs, Config())
    assert not summary.stopped, summary.lines()
    return db


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample through every stage (read-only: copy it to write)."""
    return _built(tmp_path_factory, "corpus", [str(CORPUS)])


@pytest.fixture(scope="session")
def seeds_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five seed articles through every stage (skips without ../shared)."""
    if not SEEDS.is_dir():
        pytest.skip(f"needs the seed articles at {SEEDS} (not in a fresh clone)")
    return _built(tmp_path_factory, "seeds", [str(SEEDS)])


def copy_store(db: Path, target: Path) -> Path:
    """A copy of a store (SQLite's backup: consistent, WAL included) that a test may write to."""
    target.parent.mkdir(parents=True, exist_ok=True)
    source, copy = sqlite3.connect(db), sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        source.close()
        copy.close()
    return target


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Desk:
    """A `storyline serve` process and a client for it."""

    url: str
    db: Path
    process: subprocess.Popen[bytes]
    log: Path

    def client(self, **kwargs: Any) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30.0, **kwargs)

    def session(self) -> tuple[httpx.Client, str]:
        """A client holding a session cookie, and that session's write token."""
        client = self.client()
        token = client.get("/api/session").json()["csrf_token"]
        return client, token

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_desk(db: Path, log: Path, *flags: str) -> Desk:
    """Start `storyline serve` on a free loopback port and wait until it answers."""
    port = free_port()
    out = log.open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "storyline", "--db", str(db), "serve", "--port", str(port), *flags],
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    desk = Desk(url=f"http://127.0.0.1:{port}", db=db, process=process, log=log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"storyline serve exited: {log.read_text()}")
        try:
            if httpx.get(f"{desk.url}/api/stats", timeout=2).status_code == 200:
                return desk
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    desk.stop()
    raise AssertionError(f"storyline serve did not answer: {log.read_text()}")


@pytest.fixture
def desk_factory(tmp_path: Path) -> Iterator[Any]:
    """Start desks for a test; each is stopped when the test ends."""
    started: list[Desk] = []

    def start(db: Path, *flags: str) -> Desk:
        desk = start_desk(db, tmp_path / f"serve-{len(started)}.log", *flags)
        started.append(desk)
        return desk

    yield start
    for desk in started:
        desk.stop()


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Debian's Chromium through Playwright, with a fresh profile (user-data-dir)."""
    if not CHROMIUM.exists():
        pytest.skip(f"needs Debian's chromium at {CHROMIUM} (make setup installs it as root)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("needs the playwright package (pip install -e '.[dev]')")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1280, "height": 900},
        )
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def browser_page(browser_context: Any) -> Iterator[Any]:
    page = browser_context.new_page()
    try:
        yield page
    finally:
        page.close()
