"""Fuzzing ingest: mutated inputs of every kind, none may end the run or lose stored articles.

Seeds are the repository's own documents: the sample corpus (``examples/corpus``: text, HTML,
JSONL), the ingest tests' pages and feeds (``tests/ingest/samples.py``: HTML, RSS, Atom), a CSV
made from the sample's JSONL records and a WARC archive made from the sample pages with warcio.
Each generated input is one seed put through one to three mutations, byte-level (flips,
truncation, splices, invalid UTF-8, NUL and control bytes, BOMs, CRLF) or structural (JSONL
fields of the wrong type, deep nesting, lone surrogates, CSV quote and column damage, XML with
external entities and entity bombs, WARC header and length damage, gzip garbage), under a file
name that is itself hostile now and then (bytes that are not UTF-8, console markup, a wrong or no
extension). Inputs are written in folders of ``--batch`` files and ingested with the library's
``ingest`` exactly as `storyline ingest FOLDER` does, into one store holding clean articles first.

It fails (exit status 1) on any of:

- an exception out of ``ingest`` (a traceback a user would see);
- a rejection whose detail starts "failed:" (a stage failing in a way no rule foresaw: the
  pipeline's last guard turned it into a rejection, but it is a bug to fix);
- an input file with neither a stored report nor a rejection;
- an article stored before the fuzzing that changed, or ``PRAGMA integrity_check`` not ok;
- a reading command (articles, rejections, stats, exports) failing on the fuzzed store.

    python -m benchmarks.hostile_inputs [--inputs 100000] [--batch 1000] [--seed 13]
"""

from __future__ import annotations

import argparse
import collections
import gzip
import io
import json
import os
import random
import sqlite3
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from benchmarks.common import REPO, write_result
from storyline.cli import cli
from storyline.config import Config
from storyline.ingest.common import path_origin
from storyline.model import Article, Rejection
from storyline.pipeline import Progress, ingest
from storyline.store import open_store

EXTENSIONS = {
    "text": ".txt",
    "html": ".html",
    "jsonl": ".jsonl",
    "csv": ".csv",
    "rss": ".rss",
    "atom": ".xml",
    "warc": ".warc",
}
HOSTILE_STRINGS = (
    "[/]", "[/b]", "[bold red]x[/]", ":fire:", "\x1b[2J\x1b[31m", "\u202e", "\ufeff", "\x00",
    "%s%n%x", "'; DROP TABLE article; --", "{{7*7}}", "../../../../etc/passwd", "\r\n\r\n",
    "A" * 5000, "\u0301" * 300, "🔥" * 50, "<script>alert(1)</script>", "&#0;", "&#xdc80;",
    "\\udc80", "NEAR(", '"', "\u2028\u2029",
)
Mutator = Callable[[random.Random, bytes, str], bytes]


# --- seeds ------------------------------------------------------------------------------------


def seeds() -> list[tuple[str, bytes]]:
    """(kind, bytes) of every seed document."""
    from tests.ingest import samples

    corpus = REPO / "examples" / "corpus"
    found: list[tuple[str, bytes]] = []
    for path in sorted(corpus.iterdir()):
        kind = {".txt": "text", ".html": "html", ".jsonl": "jsonl"}.get(path.suffix)
        if kind and path.stat().st_size:
            found.append((kind, path.read_bytes()))
    records = [json.loads(line) for line in (corpus / "outlets.jsonl").read_text().splitlines()]
    found.append(("csv", _csv(records)))
    for page in (samples.BRIDGE_PAGE, samples.EMPTY_PAGE):
        found.append(("html", page.encode()))
    found.append(("html", samples.LATIN1_PAGE.encode("iso-8859-1")))
    found.append(("rss", samples.RSS_FEED.encode()))
    found.append(("atom", samples.ATOM_FEED.encode()))
    found.append(("warc", _warc([samples.BRIDGE_PAGE.encode(), (corpus / "daily_lantern.html")
                                 .read_bytes()], gzip_records=False)))
    found.append(("warc", _warc([samples.LATIN1_PAGE.encode("iso-8859-1")], gzip_records=True)))
    return found


def _csv(records: list[dict[str, object]]) -> bytes:
    import csv

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["id", "url", "source", "title", "date", "text"],
                            extrasaction="ignore")
    writer.writeheader()
    for record in records:
        writer.writerow(record)
    return out.getvalue().encode()


def _warc(pages: list[bytes], gzip_records: bool) -> bytes:
    stream = io.BytesIO()
    writer = WARCWriter(stream, gzip=gzip_records)
    writer.write_record(writer.create_warcinfo_record("fuzz.warc", {"software": "fuzz"}))
    for n, body in enumerate(pages):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            f"https://fuzz.example/{n}", "response", payload=io.BytesIO(body), http_headers=headers
        )
        writer.write_record(record)
    return stream.getvalue()


# --- mutations --------------------------------------------------------------------------------


def _flip(rng: random.Random, data: bytes, kind: str) -> bytes:
    if not data:
        return bytes([rng.randrange(256)])
    out = bytearray(data)
    for _ in range(rng.randint(1, 16)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def _truncate(rng: random.Random, data: bytes, kind: str) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def _insert(rng: random.Random, data: bytes, kind: str) -> bytes:
    at = rng.randrange(len(data) + 1)
    piece = rng.choice([
        rng.choice(HOSTILE_STRINGS).encode("utf-8", "surrogatepass"),
        bytes(rng.randrange(256) for _ in range(rng.randint(1, 64))),
        b"\x00" * rng.randint(1, 20),
        b"\xff\xfe\xfd",
        b"\xc3\x28",  # an invalid UTF-8 sequence
        b"\xef\xbb\xbf",  # a BOM in the middle
        b"\r",
    ])
    return data[:at] + piece + data[at:]


def _duplicate(rng: random.Random, data: bytes, kind: str) -> bytes:
    if not data:
        return data
    start = rng.randrange(len(data))
    chunk = data[start : start + rng.randint(1, 2000)]
    return data + chunk * rng.randint(1, 50)


def _delete(rng: random.Random, data: bytes, kind: str) -> bytes:
    if not data:
        return data
    start = rng.randrange(len(data))
    return data[:start] + data[start + rng.randint(1, 400) :]


def _encoding(rng: random.Random, data: bytes, kind: str) -> bytes:
    text = data.decode("utf-8", "replace")
    codec = rng.choice(["utf-16", "utf-16-le", "utf-32", "latin-1", "cp1252", "utf-8-sig"])
    try:
        return text.encode(codec, "replace")
    except (UnicodeError, LookupError):
        return data


def _crlf(rng: random.Random, data: bytes, kind: str) -> bytes:
    return data.replace(b"\n", rng.choice([b"\r\n", b"\r", b"\n\n\n", b"\x0b", b"\x85"]))


def _jsonl(rng: random.Random, data: bytes, kind: str) -> bytes:
    """Records with fields of the wrong type, missing, nested deep, or holding surrogates."""
    lines = data.splitlines() or [b"{}"]
    out = []
    for line in lines:
        try:
            record = json.loads(line)
        except (ValueError, RecursionError):  # an earlier mutation made it unreadable
            out.append(line)
            continue
        if not isinstance(record, dict):
            out.append(line)
            continue
        key = rng.choice(["id", "url", "source", "title", "text", "date", "author", "language",
                          "extra"])
        choice = rng.randrange(9)
        if choice == 0:
            record[key] = rng.choice([None, 7, 1.5e308, True, [], {}, ["a"], {"b": 1}, "", " "])
        elif choice == 1:
            record.pop(key, None)
        elif choice == 2:
            record[key] = "__DEEP__"  # replaced by raw nesting below: json cannot build it
        elif choice == 3:
            record[key] = "x\udc80y"
        elif choice == 4:
            record[key] = rng.choice(HOSTILE_STRINGS)
        elif choice == 5:
            record["date"] = rng.choice(["2025-13-45", "yesterday", "0000-00-00", "9999-12-31T99",
                                         "2025-09-02T10:00:00+25:00", "1e10", "-1"])
        elif choice == 6:
            record["url"] = rng.choice(["http://[::1", "javascript:alert(1)", "http://" + "a" * 300,
                                        "http://exa mple.com/", "file:///etc/passwd"])
        elif choice == 7:
            out.append(b"[1, 2, 3]")
        else:
            record = {f"k{i}": i for i in range(rng.randint(1, 3000))} | {"text": "x y z"}
        text = json.dumps(record, ensure_ascii=rng.random() < 0.5)
        depth = rng.choice([5, 40, 900, 5000, 100_000])
        text = text.replace('"__DEEP__"', "[" * depth + "]" * depth)
        out.append(text.encode("utf-8", "surrogatepass"))
    return b"\n".join(out) + b"\n"


def _csv_damage(rng: random.Random, data: bytes, kind: str) -> bytes:
    choice = rng.randrange(5)
    if choice == 0:
        return data.replace(b'"', b"", rng.randint(1, 5))
    if choice == 1:
        return data + b'"unterminated,field\n' * rng.randint(1, 3)
    if choice == 2:
        return data.replace(b"text", b"txet", 1)  # no text column
    if choice == 3:
        return data + b"a,b,c,d,e,f,g,h,i,j,k,l\n"
    return b"text\n" + b"x" * rng.randint(1000, 300_000) + b"\n"


def _xml(rng: random.Random, data: bytes, kind: str) -> bytes:
    choice = rng.randrange(5)
    secret = Path(tempfile.gettempdir()) / "storyline-fuzz-secret.txt"
    if choice == 0:
        doctype = f'<!DOCTYPE x [<!ENTITY e SYSTEM "file://{secret}">]>'.encode()
        return data.replace(b"?>", b"?>" + doctype, 1).replace(b"<title>", b"<title>&e;", 1)
    if choice == 1:  # a billion laughs
        laughs = [b'<!ENTITY a "ha ha ha ha ha">']
        for i in range(1, 9):
            prev, name = bytes([96 + i]), bytes([97 + i])
            laughs.append(b'<!ENTITY ' + name + b' "' + (b"&" + prev + b";") * 10 + b'">')
        bomb = b"<!DOCTYPE x [" + b"".join(laughs) + b"]>"
        return data.replace(b"?>", b"?>" + bomb, 1).replace(b"<title>", b"<title>&i;", 1)
    if choice == 2:
        return data.replace(b"</", b"<", rng.randint(1, 5))
    if choice == 3:
        return data.replace(b"<item>", b"<item>" * rng.randint(2, 200), 1)
    return data.replace(b"encoding=\"utf-8\"", rng.choice([b'encoding="ebcdic-x"',
                                                           b'encoding="utf-16"', b""]))


def _warc_damage(rng: random.Random, data: bytes, kind: str) -> bytes:
    choice = rng.randrange(4)
    if choice == 0:
        return data.replace(b"Content-Length: ", b"Content-Length: 9", 1)
    if choice == 1:
        return data.replace(b"WARC/1", b"WARC/9", rng.randint(1, 3))
    if choice == 2:
        return gzip.compress(data)[: rng.randrange(10, 400)]
    return data.replace(b"text/html", rng.choice([b"image/png", b"text/html; charset=x-bogus",
                                                  b"application/octet-stream"]))


MUTATORS: dict[str, list[Mutator]] = {
    "any": [_flip, _truncate, _insert, _duplicate, _delete, _encoding, _crlf],
    "jsonl": [_jsonl, _jsonl, _jsonl],
    "csv": [_csv_damage, _csv_damage],
    "rss": [_xml, _xml],
    "atom": [_xml, _xml],
    "html": [_xml],
    "warc": [_warc_damage, _warc_damage],
}


def mutate(rng: random.Random, kind: str, data: bytes) -> bytes:
    for _ in range(rng.randint(1, 3)):
        mutator = rng.choice(MUTATORS["any"] + MUTATORS.get(kind, []))
        data = mutator(rng, data, kind)
    return data


def file_name(rng: random.Random, n: int, kind: str) -> bytes:
    """A file name, hostile one time in ten: bytes that are not UTF-8, markup, odd extensions."""
    extension = EXTENSIONS[kind]
    if rng.random() < 0.1:
        extension = rng.choice([".json", ".xml", "", ".bin", ".TXT", ".htm", ".warc.gz", ".ndjson"])
    stem = f"{n:06d}"
    if rng.random() < 0.1:
        stem += rng.choice([" [b]x[", " [bold]x", "\xe9t\xe9", " :fire:", " \u202e", " (1)"])
        raw = stem.encode("utf-8") + rng.choice([b"", b"\xff", b"\xfe\xfd", b"\x80"])
    else:
        raw = stem.encode()
    return raw + extension.encode()


# --- the run ----------------------------------------------------------------------------------


def fuzz(inputs: int, batch: int, seed: int, workdir: Path) -> dict[str, object]:
    """Generate and ingest ``inputs`` mutated files; return the figures and the problems."""
    rng = random.Random(seed)
    seed_docs = seeds()
    secret = Path(tempfile.gettempdir()) / "storyline-fuzz-secret.txt"
    secret.write_text("FUZZ-SECRET-NEVER-STORED")
    db = workdir / "fuzz.db"
    problems: list[str] = []
    kinds: collections.Counter[str] = collections.Counter()
    outcome: collections.Counter[str] = collections.Counter()
    with open_store(db) as store:
        ingest(store, [str(REPO / "examples" / "corpus")], Config())
        before = {a.article_id: a for a in store.all(Article)}
        written = 0
        started = time.perf_counter()
        while written < inputs:
            folder = workdir / f"batch{written // batch:04d}"
            folder.mkdir()
            expected: set[str] = set()
            for n in range(written, min(inputs, written + batch)):
                kind, data = rng.choice(seed_docs)
                path = os.path.join(os.fsencode(folder), file_name(rng, n, kind))
                with open(path, "wb") as out:
                    out.write(mutate(rng, kind, data))
                expected.add(path_origin(os.fsdecode(path)))
                kinds[kind] += 1
            origins: set[str] = set()
            try:
                summary = ingest(store, [str(folder)], Config(), _recorder(origins))
            except Exception:  # what the benchmark exists to catch
                problems.append(f"traceback in {folder}:\n{traceback.format_exc()}")
                summary = None
            if summary is not None:
                outcome["new"] += summary.new
                outcome["known"] += summary.known
                for reason, count in summary.rejected.items():
                    outcome[f"rejected {reason}"] += count
            problems.extend(_unaccounted(db, folder, expected - origins))
            written += len(expected)
            _remove(folder)
        seconds = time.perf_counter() - started
        failed = [r for r in store.all(Rejection) if r.detail.startswith("failed:")]
        problems.extend(f"unforeseen failure: {r.record_id}: {r.detail}" for r in failed[:20])
        changed = [i for i, a in before.items() if store.get(Article, i) != a]
        problems.extend(f"earlier article changed or lost: {i}" for i in changed)
        leaked = [a.article_id for a in store.all(Article) if "FUZZ-SECRET" in a.text]
        problems.extend(f"external entity read into {i}" for i in leaked)
        articles, rejections = store.count(Article), store.count(Rejection)
    problems.extend(_check_database(db))
    problems.extend(_check_commands(db, workdir))
    return {
        "inputs": written,
        "seconds": round(seconds, 1),
        "inputs_per_s": round(written / seconds, 1) if seconds else None,
        "by_kind": dict(kinds),
        "documents": dict(outcome),
        "articles_in_store": articles,
        "rejections_in_store": rejections,
        "unforeseen_failures": len(failed),
        "problems": problems,
    }


def _recorder(origins: set[str]) -> Progress:
    """A progress callback keeping the input of every document ingest read."""

    def seen(stage: str, done: int, total: int | None, note: str = "") -> None:
        origins.add(note.split("#", 1)[0])

    return seen


def _unaccounted(db: Path, folder: Path, expected: set[str]) -> list[str]:
    """Inputs of a folder that ingest never reported reading and that left neither a report nor
    a rejection behind (an input whose article was already stored leaves no new record: it is
    known from the progress ingest reports)."""
    prefix = path_origin(folder) + os.sep
    pattern = prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%"
    seen: set[str] = set()
    conn = sqlite3.connect(db)
    try:
        for table, column in (("report", "origin"), ("rejection", "record_id")):
            sql = f"SELECT {column} FROM {table} WHERE {column} LIKE ? ESCAPE '!'"
            seen.update(row[0].split("#", 1)[0] for row in conn.execute(sql, (pattern,)))
    finally:
        conn.close()
    missing = sorted(expected - seen)
    return [f"no report or rejection for {m}" for m in missing[:20]]


def _check_database(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()
    return [] if result == "ok" else [f"integrity_check: {result}"]


def _check_commands(db: Path, workdir: Path) -> list[str]:
    """Every reading command works on the fuzzed store, printing article data as text."""
    problems = []
    runner = CliRunner()
    commands = [
        ["articles", "--limit", "2000"],
        ["rejections"],
        ["stats"],
        ["search", "harbour"],
        ["export", "articles", "--format", "csv", "--output", str(workdir / "a.csv")],
        ["export", "articles", "--format", "parquet", "--output", str(workdir / "a.parquet")],
        ["export", "articles", "--format", "jsonl", "--output", str(workdir / "a.jsonl")],
    ]
    for command in commands:
        result = runner.invoke(cli, ["--db", str(db), "-q", *command])
        if result.exit_code != 0 or result.exception is not None:
            problems.append(f"`storyline {' '.join(command)}` failed: {result.exception!r}")
    return problems


def _remove(folder: Path) -> None:
    for entry in os.scandir(os.fsencode(folder)):
        os.unlink(entry.path)
    folder.rmdir()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=1_000, help="files per ingested folder")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="storyline-fuzz-") as tmp:
        result = fuzz(args.inputs, args.batch, args.seed, Path(tmp))
    problems = result["problems"]
    assert isinstance(problems, list)
    result["problem_count"] = len(problems)
    result["problems"] = problems[:50]
    write_result("hostile_inputs", result)
    print(
        f"{result['inputs']} mutated inputs in {result['seconds']} s "
        f"({result['inputs_per_s']} per s): {result['documents']}"
    )
    print(f"by kind: {result['by_kind']}")
    print(f"unforeseen failures: {result['unforeseen_failures']}; problems: {len(problems)}")
    for problem in problems[:20]:
        print(f"  {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
