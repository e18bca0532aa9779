"""Killed and concurrent runs: `storyline run` SIGKILLed inside every stage, then run again.

A corpus is generated: ``--events`` invented events (names made of syllables, a topic, figures
and a weekday), each reported by four outlets as a text file, a JSONL record or an HTML page, one
copying the wire's opening and one in five getting a figure wrong, so the run has copies,
families, stories, claims, conflicts and quotes to compute. First an uninterrupted run on a
fresh store gives the reference exports and each stage's duration. Then a run is killed the
moment each stage begins, keeping a copy of the store as it was then. For every stage, and
``--kills-per-stage`` times, a copy of the store as that stage began is run again and SIGKILLed
at a random point of the stage (read from the run's progress lines on stderr; the delay is uniform
over the stage's reference duration); ``PRAGMA integrity_check`` must then be ok, and the next run
must finish with exports equal to the reference ones (as sets of JSON lines: a resumed run may
store rows in another order).

Then two `storyline run` processes are started at once on a third store: both must exit 0, the
second must say it waits for the first, neither may print a traceback or "database is locked",
and the store must hold each article once, with exports equal to the reference.

    python -m benchmarks.kill_runs [--kills-per-stage 4] [--events 20] [--seed 13]
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import json
import os
import queue
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.common import write_result
from storyline.pipeline import STAGES

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
_STAGE_LINE = re.compile(r"^\[(\d)/\d\] (\w+)(?: done in ([\d.]+) s|:|$)")
_SYLLABLES = ("ka", "lo", "ve", "ri", "su", "mo", "ta", "ne", "zo", "pa", "di", "ga", "ul", "be")
_TOPICS = (
    "water-sharing pact", "ferry line", "bridge repair", "harbour expansion", "wind farm",
    "school reform", "rail link", "flood barrier", "fishing quota", "market hall", "tram line",
    "hospital wing", "port tax", "forest reserve", "grain silo", "airport runway",
)
_CONCERNS = ("the farmers", "the fishing fleet", "the old town", "the river delta", "the budget")
_OUTLETS = ("Meridian Wire", "Northern Times", "Coastal Gazette", "Valley Courier",
            "Harbour Herald", "Daily Lantern")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def _name(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(parts)).capitalize()


def _event(rng: random.Random) -> dict[str, str]:
    return {
        "place": _name(rng, 2) + rng.choice(["ville", " City", "burg", "port"]),
        "place2": _name(rng, 3) + "a",
        "a": f"{_name(rng, 2)} {_name(rng, 3)}",
        "b": f"{_name(rng, 2)} {_name(rng, 2)}sen",
        "org": f"the {_name(rng, 2)} Institute",
        "topic": rng.choice(_TOPICS),
        "concern": rng.choice(_CONCERNS),
        "day": rng.choice(_WEEKDAYS),
        "month": rng.choice(["April", "May", "June", "July"]),
        "cost": str(rng.randint(12, 900)),
        "years": str(rng.randint(2, 9)),
        "votes": str(rng.randint(11, 30)),
        "against": str(rng.randint(1, 10)),
        "date": str(rng.randint(2, 27)),
        "wording": str(rng.randrange(3)),
    }


# Each sentence of an event's facts in three wordings, one chosen per event, so that events do
# not share long runs of words (which the reuse stage would take for copying).
_SENTENCES = (
    ("{a} and {b} signed an agreement on the {topic} in {place} on {day}, officials said.",
     "On {day} in {place}, {a} put a signature to the {topic} deal alongside {b}.",
     "The {topic} accord was sealed by {a} and {b} at a {place} ceremony on {day}."),
    ("The {topic} will cost {cost} million crowns and take {years} years to complete.",
     "Building the {topic} is budgeted at {cost} million crowns over {years} years.",
     "Its price: {cost} million crowns, with {years} years of works ahead."),
    ('"This {topic} will change {place} for a generation," {a} said at the signing.',
     '"We waited too long for the {topic}," {a} told reporters in {place}.',
     '"Nobody in {place} will regret the {topic}," said {a}.'),
    ("{b} said the first works would begin in {month}.",
     "Works start in {month}, according to {b}.",
     "According to {b}, diggers arrive in {month}."),
    ("Critics in {place2} said the plan ignored {concern} and asked for a new study.",
     "Opponents from {place2} argue {concern} were forgotten.",
     "{place2} groups want another study, citing {concern}."),
    ("The council of {place} approved the {topic} by {votes} votes to {against}.",
     "Councillors backed it {votes} to {against}.",
     "A {votes}-{against} council vote in {place} cleared the way."),
    ("{org} welcomed the decision and said it would send observers to the first meeting.",
     "Observers from {org} will attend the first session.",
     "{org} praised the decision."),
)


def _report(rng: random.Random, ev: dict[str, str], wire: list[str] | None) -> str:
    """One outlet's report of an event: the wire's opening copied, or sentences of its own."""
    order = list(range(len(_SENTENCES)))
    rng.shuffle(order)
    wording = int(ev["wording"])
    own = [_SENTENCES[i][(wording + i) % 3].format(**ev) for i in order[: rng.randint(3, 6)]]
    if rng.random() < 0.2:  # a report that gets a figure wrong: a conflict to find
        own = [s.replace(ev["cost"], str(int(ev["cost"]) + 40)) for s in own]
    return "\n\n".join((wire[:3] if wire else []) + own)


def build_corpus(folder: Path, events: int, seed: int) -> int:
    """Write ``events`` invented events, each reported by four outlets as text files, JSONL
    records and HTML pages (one wire report copied by another outlet); return the article count.
    """
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    lines = []
    for n in range(events):
        ev = _event(rng)
        outlets = rng.sample(_OUTLETS, 4)
        title = f"{ev['place']} signs {ev['topic']}"
        wire_text = _report(rng, ev, None)
        wire = wire_text.split("\n\n")
        for k, outlet in enumerate(outlets):
            body = wire_text if k == 0 else _report(rng, ev, wire if k == 1 else None)
            dateline = f"{ev['place'].upper()}, March {ev['date']}, 2026 ({outlet}) - "
            if k % 3 == 0:
                (folder / f"{n:03d}_{k}.txt").write_text(
                    f"{title}\n\n{dateline}{body}\n", encoding="utf-8"
                )
            elif k % 3 == 1:
                lines.append(json.dumps({
                    "id": f"ev{n:03d}-{k}", "source": outlet, "title": title,
                    "date": f"2026-03-{int(ev['date']):02d}", "text": body,
                }))
            else:
                paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
                (folder / f"{n:03d}_{k}.html").write_text(
                    f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
                    f"<p>{dateline}</p>{paragraphs}</article></body></html>",
                    encoding="utf-8",
                )
            count += 1
    (folder / "records.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
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
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.err.append(line)
            self.lines.put((time.monotonic(), line.rstrip("\n")))
        self.lines.put((time.monotonic(), None))

    def finish(self, timeout: float = 900) -> int:
        """Wait for the process; stderr is left to the reader thread (never read twice)."""
        assert self.proc.stdout is not None
        self.out = self.proc.stdout.read()  # a run prints a few lines: no pipe fills up
        code = self.proc.wait(timeout=timeout)
        self.reader.join(timeout=60)
        return code


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
    """Every export as its sorted JSON lines (read in this process: no model is needed)."""
    from click.testing import CliRunner

    from storyline.cli import cli

    found = {}
    for args in EXPORTS:
        result = CliRunner().invoke(cli, ["--db", str(db), "-q", "export", *args])
        if result.exit_code != 0:
            raise RuntimeError(f"export {' '.join(args)} failed: {result.output}")
        found[" ".join(args)] = sorted(result.stdout.splitlines())
    return found


def integrity(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


@dataclass(slots=True)
class Kill:
    target: str
    delay_s: float
    killed_in: str | None = None  # the stage running when the kill came (None: none)
    ended_with: int | None = None  # the exit status when the run ended before the kill


def killed_run(db: Path, corpus: Path, stage: str, delay: float, deadline_s: float = 900) -> Kill:
    """Start a run and SIGKILL it ``delay`` seconds after ``stage`` starts."""
    kill = Kill(target=stage, delay_s=round(delay, 3))
    run = Run(db, corpus)
    kill_at: float | None = None
    started = time.monotonic()
    while time.monotonic() - started < deadline_s:
        wait = 1.0 if kill_at is None else max(0.0, kill_at - time.monotonic())
        try:
            at, line = run.lines.get(timeout=wait)
        except queue.Empty:
            line = ""
            at = time.monotonic()
        if line is None:  # the run ended by itself before the kill
            kill.ended_with = run.finish()
            kill.killed_in = None
            return kill
        match = _STAGE_LINE.match(line)
        if match:
            kill.killed_in = None if match.group(3) else match.group(2)
            if match.group(2) == stage and not match.group(3) and kill_at is None:
                kill_at = at + delay
        if kill_at is not None and time.monotonic() >= kill_at:
            break
    os.kill(run.proc.pid, signal.SIGKILL)
    run.finish()
    return kill


def copy_store(source: Path, target: Path) -> None:
    """The database as a killed process left it: the file and its write-ahead log."""
    for suffix in ("", "-wal"):
        if Path(f"{source}{suffix}").exists():
            shutil.copyfile(f"{source}{suffix}", f"{target}{suffix}")


# --- the two checks ---------------------------------------------------------------------------


def snapshots(workdir: Path, corpus: Path) -> dict[str, Path]:
    """For each stage, a store as a run left it when killed the moment that stage began."""
    db = workdir / "stepwise.db"
    found = {}
    for stage in STAGES:
        killed_run(db, corpus, stage, 0.0)
        found[stage] = workdir / f"before-{stage}.db"
        copy_store(db, found[stage])
    return found


def kill_test(
    workdir: Path,
    corpus: Path,
    durations: dict[str, float],
    reference: dict[str, list[str]],
    kills_per_stage: int,
    seed: int,
) -> dict[str, object]:
    """Kill runs at random points of each stage, each from the store as it was when the stage
    began; after each kill the store must be whole and the next run must end with the
    reference's exports."""
    rng = random.Random(seed)
    before = snapshots(workdir, corpus)
    kills: list[Kill] = []
    problems: list[str] = []
    for stage in STAGES:
        for n in range(kills_per_stage):
            db = workdir / f"kill-{stage}-{n}.db"
            copy_store(before[stage], db)
            kill = killed_run(db, corpus, stage, rng.uniform(0, max(0.05, durations[stage])))
            kills.append(kill)
            if kill.ended_with not in (None, 0):
                problems.append(f"a run aiming at {stage} failed by itself ({kill.ended_with})")
            check = integrity(db)
            if check != "ok":
                problems.append(f"integrity_check after a kill in {kill.killed_in}: {check}")
            resumed = Run(db, corpus)
            if resumed.finish() != 0:
                problems.append(f"the run after a kill in {kill.killed_in} failed: "
                                f"{''.join(resumed.err)[-1500:]}")
                continue
            problems += compare(reference, db, f"after a kill in {kill.killed_in}")
            for suffix in ("", "-wal", "-shm", "-lock"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
    return {"kills": kills, "problems": problems}


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
    killed = kill_test(workdir, corpus, durations, reference, kills_per_stage, seed)
    problems = list(killed["problems"])  # type: ignore[call-overload]
    both = concurrent_test(workdir, corpus)
    problems += list(both["problems"])  # type: ignore[call-overload]
    problems += compare(reference, both["db"], "after two runs at once")  # type: ignore[arg-type]
    kills: list[Kill] = killed["kills"]  # type: ignore[assignment]
    landed = collections.Counter(k.killed_in or "after the run" for k in kills)
    return {
        "articles": articles,
        "reference_run_s": round(reference_s, 1),
        "stage_s": durations,
        "kills": len(kills),
        "kills_by_stage": dict(landed),
        "kill_log": [dataclasses.asdict(k) for k in kills],
        "export_rows": {name: len(lines) for name, lines in reference.items()},
        "concurrent_exit_codes": both["exit_codes"],
        "problems": problems,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills-per-stage", type=int, default=4)
    parser.add_argument("--events", type=int, default=20)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="storyline-kills-") as tmp:
        result = check(Path(tmp), args.kills_per_stage, args.events, args.seed)
    write_result("kill_runs", result)
    kills = result["kills_by_stage"]
    assert isinstance(kills, dict)
    print(f"{result['articles']} articles; reference run {result['reference_run_s']} s; "
          f"stages {result['stage_s']}")
    print(f"{result['kills']} kills, by the stage they landed in: {kills}")
    print(f"two runs at once: exit codes {result['concurrent_exit_codes']}")
    problems = result["problems"]
    assert isinstance(problems, list)
    for problem in problems:
        print(f"  {problem}")
    print("ok" if not problems else f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
