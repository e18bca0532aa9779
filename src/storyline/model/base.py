"""What every record module shares: content-derived IDs and the JSON metadata type."""

from __future__ import annotations

import hashlib
from typing import Any

# JSON-compatible metadata carried through from sources (unknown JSONL/CSV fields, feed tags).
JsonValue = Any


def content_id(prefix: str, *parts: str | None) -> str:
    """A stable, content-derived ID: ``prefix`` + 16 hex chars of SHA-256 over the parts.

    Parts are joined with a separator that cannot occur in text we hash, so ("ab", "c") and
    ("a", "bc") differ, and ``None`` differs from the empty string.
    """
    digest = hashlib.sha256()
    for part in parts:
        digest.update(b"\x00" if part is None else b"\x01" + part.encode("utf-8"))
        digest.update(b"\x1f")
    return f"{prefix}_{digest.hexdigest()[:16]}"
