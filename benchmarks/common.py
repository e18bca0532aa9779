"""Shared helpers for benchmarks: where the evalsets are, reading them, writing results."""

from __future__ import annotations

import ast
import json
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("STORYLINE_SHARED", REPO.parent / "shared"))
EVALSETS = SHARED / "evalsets"
SEEDS = SHARED / "seeds"
RESULTS = REPO / "benchmarks" / "results"


def require_data(*names: str) -> None:
    """Stop the benchmark with one line (exit status 0) when its third-party data is absent, as
    in a fresh clone without ../shared: the benchmark is skipped, not failed."""
    missing = [name for name in names if not (SHARED / name).exists()]
    if missing:
        caller = os.path.basename(sys.argv[0]) or "benchmark"
        print(f"{caller}: skipped, needs third-party data: {SHARED / missing[0]} not found "
              "(set STORYLINE_SHARED to its path)")
        raise SystemExit(0)


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def write_jsonl(path: Path, records: Iterable[dict[str, Any]]) -> str:
    """``records`` one per line, as ``storyline run`` reads them; the path as a string."""
    with path.open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r) + "\n")
    return str(path)


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
