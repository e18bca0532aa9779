"""Killed and concurrent runs: `storyline run` SIGKILLed inside every stage, then run again.

A corpus of about 180 articles is generated from the bundled sample (``examples/corpus``): each
of 30 invented events retells the sample's six reports with other names, places and figures, so
the run has copies, families, stories, claims and quotes to compute. First an uninterrupted run
on a fresh store gives the reference exports and each stage's duration. Then, on a second store,
`storyline run` is started again and again and SIGKILLed at a random point of a chosen stage
(the stage is read from the run's progress lines on stderr; the delay is uniform over the
stage's reference duration), ``--kills-per-stage`` times for every stage; after every kill
``PRAGMA integrity_check`` must be ok. A last run finishes the work and its exports must equal
the reference ones (as sets of JSON lines: a resumed run may store rows in another order).

Then two `storyline run` processes are started at once on a third store: both must exit 0, the
second must say it waits for the first, neither may print a traceback or "database is locked",
and the store must hold each article once, with exports equal to the reference.

    python -m benchmarks.kill_runs [--kills-per-stage 4] [--events 30] [--seed 13]
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import random
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.common import REPO, write_result
from storyline.pipeline import STAGES

CORPUS = REPO / "examples" / "corpus"
EXPORTS = (
    ("articles",),
    ("reuse",),
    ("quotes",),
    ("entities",),
    ("times",),
    ("stories",),
    ("stories", "--per", "story"),
    ("claims",),
    ("conflicts",),
    ("summaries",),
    ("aligned-quotes",),
    ("families",),
)
_STAGE_LINE = re.compile(r"^\[(\d)/\d\] (\w+)(?::| done in ([\d.]+) s)")
# Names of the sample's event, each replaced per generated event (invented names only).
_SYLLABLES = ("ka", "lo", "ve", "ri", "su", "mo", "ta", "ne", "zo", "pa", "di", "ga")


# --- the corpus -------------------------------------------------------------------------------


def _name(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(parts)).capitalize()


def _retell(text: str, names: dict[str, str]) -> str:
    for old, new in names.items():
        text = text.replace(old, new)
    return text


def build_corpus(folder: Path, events: int, seed: int) -> int:
    """Write ``events`` retellings of the sample's six reports; return the number of articles."""
    rng = random.Random(seed)
    texts = {p.name: p.read_text(encoding="utf-8") for p in CORPUS.iterdir() if p.stat().st_size}
    records = [json.loads(line) for line in texts.pop("outlets.jsonl").splitlines()]
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    lines = []
    for event in range(events):
        names = {
            "Norland": _name(rng, 2) + "land",
            "Estoria": _name(rng, 3) + "ia",
            "Silverrun": _name(rng, 2) + "water",
            "Kestrel City": _name(rng, 2) + " City",
            "Port Aurel": "Port " + _name(rng, 2),
            "Anya Halvorsen": f"{_name(rng, 2)} {_name(rng, 3)}sen",
            "Halvorsen": "",  # filled below: the surname of the renamed minister
            "Tomas Reyes": f"{_name(rng, 2)} {_name(rng, 2)}ez",
            "Reyes": "",
            "40 percent": f"{rng.randint(20, 60)} percent",
            "45 percent": f"{rng.randint(20, 60)} percent",
            "March 14": f"March {rng.randint(1, 28)}",
        }
        names["Halvorsen"] = names["Anya Halvorsen"].split()[-1]
        names["Reyes"] = names["Tomas Reyes"].split()[-1]
        names["KESTREL CITY"] = names["Kestrel City"].upper()
        for file_name, text in texts.items():
            stem, suffix = file_name.rsplit(".", 1)
            path = folder / f"{event:03d}_{stem}.{suffix}"
            path.write_text(_retell(text, names), encoding="utf-8")
            count += 1
        for record in records:
            retold = {k: _retell(v, names) if isinstance(v, str) else v for k, v in record.items()}
            retold["id"] = f"{record['id']}-{event:03d}"
            retold["url"] = f"{record['url']}-{event:03d}"
            lines.append(json.dumps(retold, ensure_ascii=False))
            count += 1
    (folder / "outlets.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return count


# --- running storyline ------------------------------------------------------------------------


def _command(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "storyline", "--db", str(db), *args]


class Run:
    """A `storyline run` process whose stderr lines are read as they come, with their time."""

    def __init__(self, db: Path, corpus: Path) -> None:
        self.proc = subprocess.Popen(
            _command(db, "run", str(corpus)),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: queue.Queue[tuple[float, str | None]] = queue.Queue()
        self.err: list[str] = []
        self.out = ""
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.err.append(line)
            self.lines.put((time.monotonic(), line.rstrip("\n")))
        self.lines.put((time.monotonic(), None))

    def finish(self, timeout: float = 900) -> int:
        out, _ = self.proc.communicate(timeout=timeout)
        self.out = out or ""
        return self.proc.returncode


def reference_run(db: Path, corpus: Path) -> tuple[dict[str, float], dict[str, list[str]]]:
    """An uninterrupted run: each stage's duration and the exports."""
    run = Run(db, corpus)
    code = run.finish()
    if code != 0:
        raise SystemExit(f"the reference run failed ({code}):\n{''.join(run.err)}")
    durations = {}
    for line in run.err:
        match = _STAGE_LINE.match(line)
        if match and match.group(3):
            durations[match.group(2)] = float(match.group(3))
    return durations, exports(db)


def exports(db: Path) -> dict[str, list[str]]:
    """Every export as its sorted JSON lines."""
    found = {}
    for args in EXPORTS:
        result = subprocess.run(
            _command(db, "-q", "export", *args, "--format", "jsonl"),
            capture_output=True, text=True, check=True,
        )
        found[" ".join(args)] = sorted(result.stdout.splitlines())
    return found


def integrity(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def killed_run(
    db: Path, corpus: Path, stage: str, delay: float, deadline_s: float = 600
) -> str | None:
    """Start a run, SIGKILL it ``delay`` seconds after ``stage`` starts; return the stage it was
    in when killed (None when the run finished before the kill or never reached the stage)."""
    run = Run(db, corpus)
    current: str | None = None
    kill_at: float | None = None
    started = time.monotonic()
    while time.monotonic() - started < deadline_s:
        timeout = None if kill_at is None else max(0.0, kill_at - time.monotonic())
        try:
            at, line = run.lines.get(timeout=timeout if timeout is not None else 1.0)
        except queue.Empty:
            if kill_at is not None and time.monotonic() >= kill_at:
                break
            continue
        if line is None:  # the run ended by itself
            run.finish()
            return None
        match = _STAGE_LINE.match(line)
        if match:
            current = None if match.group(3) else match.group(2)
            if match.group(2) == stage and not match.group(3):
                kill_at = at + delay
        if kill_at is not None and time.monotonic() >= kill_at:
            break
    os.kill(run.proc.pid, signal.SIGKILL)
    run.finish()
    return current


# --- the two checks ---------------------------------------------------------------------------


def kill_test(
    workdir: Path, corpus: Path, durations: dict[str, float], kills_per_stage: int, seed: int
) -> dict[str, object]:
    rng = random.Random(seed)
    db = workdir / "killed.db"
    kills: dict[str, int] = dict.fromkeys(STAGES, 0)
    landed: list[dict[str, object]] = []
    problems: list[str] = []
    attempts = 0
    for stage in STAGES:
        while kills[stage] < kills_per_stage and attempts < 12 * len(STAGES) * kills_per_stage:
            attempts += 1
            delay = rng.uniform(0, max(0.05, durations.get(stage, 1.0)))
            where = killed_run(db, corpus, stage, delay)
            if db.exists():
                check = integrity(db)
                if check != "ok":
                    problems.append(f"integrity_check after a kill in {where}: {check}")
            if where is not None:
                kills[where] = kills.get(where, 0) + 1
            landed.append({"target": stage, "delay_s": round(delay, 3), "killed_in": where})
    final = Run(db, corpus)
    if final.finish() != 0:
        problems.append(f"the run after the kills failed:\n{''.join(final.err)[-2000:]}")
    if integrity(db) != "ok":
        problems.append("integrity_check after the last run is not ok")
    return {"db": db, "kills": kills, "attempts": attempts, "landed": landed,
            "problems": problems}


def concurrent_test(workdir: Path, corpus: Path) -> dict[str, object]:
    db = workdir / "concurrent.db"
    first = Run(db, corpus)
    time.sleep(0.5)  # the first holds the store by now
    second = Run(db, corpus)
    codes = (first.finish(), second.finish())
    problems = []
    for name, run, code in (("first", first, codes[0]), ("second", second, codes[1])):
        err = "".join(run.err)
        if code != 0:
            problems.append(f"the {name} run exited {code}: {err[-1500:]}")
        if "Traceback" in err or "database is locked" in err:
            problems.append(f"the {name} run printed: {err[-1500:]}")
    if not any("waiting" in "".join(run.err) for run in (first, second)):
        problems.append("neither run said it was waiting for the other")
    conn = sqlite3.connect(db)
    try:
        duplicated = conn.execute(
            "SELECT count(*) - count(DISTINCT record) FROM article"
        ).fetchone()[0]
    finally:
        conn.close()
    if duplicated:
        problems.append(f"{duplicated} articles stored twice")
    return {"db": db, "exit_codes": codes, "problems": problems}


def compare(reference: dict[str, list[str]], db: Path, label: str) -> list[str]:
    found = exports(db)
    problems = []
    for name, lines in reference.items():
        if found[name] != lines:
            gone = len(set(lines) - set(found[name]))
            extra = len(set(found[name]) - set(lines))
            problems.append(
                f"{label}: export {name} differs from the uninterrupted run "
                f"({gone} rows missing, {extra} rows extra)"
            )
    return problems


def check(workdir: Path, kills_per_stage: int, events: int, seed: int) -> dict[str, object]:
    corpus = workdir / "corpus"
    articles = build_corpus(corpus, events, seed)
    started = time.perf_counter()
    durations, reference = reference_run(workdir / "reference.db", corpus)
    reference_s = time.perf_counter() - started
    killed = kill_test(workdir, corpus, durations, kills_per_stage, seed)
    problems = list(killed["problems"])  # type: ignore[call-overload]
    problems += compare(reference, killed["db"], "after the kills")  # type: ignore[arg-type]
    both = concurrent_test(workdir, corpus)
    problems += list(both["problems"])  # type: ignore[call-overload]
    problems += compare(reference, both["db"], "after two runs at once")  # type: ignore[arg-type]
    return {
        "articles": articles,
        "reference_run_s": round(reference_s, 1),
        "stage_s": durations,
        "kills_by_stage": killed["kills"],
        "kill_attempts": killed["attempts"],
        "kills": killed["landed"],
        "export_rows": {name: len(lines) for name, lines in reference.items()},
        "concurrent_exit_codes": both["exit_codes"],
        "problems": problems,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills-per-stage", type=int, default=4)
    parser.add_argument("--events", type=int, default=30)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="storyline-kills-") as tmp:
        result = check(Path(tmp), args.kills_per_stage, args.events, args.seed)
    write_result("kill_runs", result)
    kills = result["kills_by_stage"]
    assert isinstance(kills, dict)
    print(f"{result['articles']} articles; reference run {result['reference_run_s']} s; "
          f"stages {result['stage_s']}")
    print(f"{sum(kills.values())} kills in {result['kill_attempts']} attempts: {kills}")
    print(f"two runs at once: exit codes {result['concurrent_exit_codes']}")
    problems = result["problems"]
    assert isinstance(problems, list)
    for problem in problems:
        print(f"  {problem}")
    print("ok" if not problems else f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
