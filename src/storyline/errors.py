"""One exception tree for misuse. Bad *input* is never an exception: it is a Rejection record."""

from __future__ import annotations


class StorylineError(Exception):
    """Base of every error storyline raises on purpose; the CLI and API print its message."""


class ConfigError(StorylineError):
    """A configuration file or value that cannot be used."""


class StoreError(StorylineError):
    """A database that is missing, unreadable, or asked for something it does not hold."""


class NotFound(StorylineError):
    """A record asked for by its ID that the store does not hold. The read side raises it, with
    where to look instead, so the CLI prints it and the desk answers 404 without deciding."""

    def __init__(self, kind: str, key: str, hint: str = "") -> None:
        self.kind, self.key = kind, key
        super().__init__(f"no {kind} {key!r}" + (f" ({hint})" if hint else ""))


class MissingCapability(StorylineError):
    """An optional dependency is not installed; the message names the install command."""

    def __init__(self, what: str, extra: str) -> None:
        self.what, self.extra = what, extra
        super().__init__(f"{what} needs the '{extra}' extra: pip install 'storyline[{extra}]'")
