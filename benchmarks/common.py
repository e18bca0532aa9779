"""Shared helpers for benchmarks: where the evalsets are, reading them, writing results."""

from __future__ import annotations

import ast
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("STORYLINE_SHARED", REPO.parent / "shared"))
EVALSETS = SHARED / "evalsets"
SEEDS = SHARED / "seeds"
RESULTS = REPO / "benchmarks" / "results"


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def literal(value: Any) -> Any:
    """Evalset fields are often Python-repr strings ("[{'a': 1}]", "None"); decode them."""
    if not isinstance(value, str):
        return value
    if value == "None":
        return None
    try:
        return ast.literal_eval(value)
    except (ValueError, SyntaxError):
        return value


def evalset_texts() -> list[str]:
    """Every article text of the evalsets that carry whole articles."""
    texts: list[str] = []
    for name in ("polnear.dev.jsonl", "ecbplus.dev.jsonl", "basil.jsonl", "timebank.dev.jsonl"):
        texts.extend(r["text"] for r in read_jsonl(EVALSETS / name) if r.get("text"))
    return texts


def write_result(name: str, result: dict[str, Any]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(result, indent=2, default=str) + "\n")
    return path
