"""Run every benchmark module (`python -m benchmarks`): quality gates first, then speed runs.

Each module is run as its own process so one model-heavy benchmark does not skew the next; the
exit status is non-zero if any quality gate fell below its pinned floor.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    skip = {"__main__", "__init__", "common"}
    names = sorted(p.stem for p in HERE.glob("*.py") if p.stem not in skip)
    ordered = [n for n in names if "quality" in n] + [n for n in names if "quality" not in n]
    failed: list[str] = []
    for name in ordered:
        print(f"== benchmarks.{name}", flush=True)
        if subprocess.run([sys.executable, "-m", f"benchmarks.{name}"], check=False).returncode:
            failed.append(name)
    if failed:
        print(f"failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
