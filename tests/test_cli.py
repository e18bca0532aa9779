"""The command line, end to end on real files and a real SQLite database."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from storyline.cli import cli
from tests.conftest import REPO, SEEDS

CORPUS = REPO / "examples" / "corpus"


def invoke(db: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_ingest_prints_a_one_line_summary_and_re_ingest_is_a_no_op(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    code, out, _ = invoke(db, "--quiet", "ingest", str(SEEDS))
    assert code == 0
    assert out.strip() == "read 5: 5 new, 0 already known, 0 rejected"
    code, out, _ = invoke(db, "--quiet", "ingest", str(SEEDS))
    assert out.strip() == "read 5: 0 new, 5 already known, 0 rejected"


def test_rejections_are_summarised_by_reason_and_listed(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text("A headline\n\nA body sentence about a harbour.\n")
    (tmp_path / "in" / "empty.txt").write_text("")
    (tmp_path / "in" / "blob.txt").write_bytes(b"\x00\x01\x02\xff" * 64)
    db = tmp_path / "s.db"
    code, out, _ = invoke(db, "-q", "ingest", str(tmp_path / "in"))
    assert code == 0  # something was read: rejections alone do not fail the run
    assert out.strip() == "read 3: 1 new, 0 already known, 2 rejected (1 binary, 1 empty-text)"
    code, out, _ = invoke(db, "rejections", "--json")
    reasons = sorted(r["reason"] for r in json.loads(out))
    assert reasons == ["binary", "empty-text"]
    code, out, _ = invoke(db, "-q", "ingest", "--strict", str(tmp_path / "in"))
    assert code == 1  # --strict: any rejection fails


def test_nothing_readable_exits_non_zero(tmp_path: Path) -> None:
    code, out, err = invoke(tmp_path / "s.db", "-q", "ingest", str(tmp_path / "missing.txt"))
    assert code == 1
    assert "nothing could be read" in err
    assert "rejected (1 not-found)" in out


def test_reading_commands_on_a_missing_database_say_so_without_traceback(tmp_path: Path) -> None:
    code, _, err = invoke(tmp_path / "absent.db", "articles")
    assert code == 2
    assert err.startswith("error: no database at")
    assert "Traceback" not in err


def test_a_bad_config_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[ingest]\nmax_text_bytes = 'lots'\n")
    code, _, err = invoke(tmp_path / "s.db", "--config", str(bad), "config", "show")
    assert code == 2
    assert err.count("\n") == 1 and "max_text_bytes must be int" in err


def test_an_unknown_stories_algorithm_fails_the_run_in_one_line_and_keeps_the_store(
    tmp_path: Path,
) -> None:
    db = tmp_path / "s.db"
    assert invoke(db, "--quiet", "ingest", str(SEEDS))[0] == 0
    old = tmp_path / "old.toml"
    old.write_text('[stories]\nalgorithm = "online-v1"\n')  # the name before online-v2
    code, _, err = invoke(db, "--config", str(old), "--quiet", "run", str(SEEDS))
    assert code == 2
    assert err.count("\n") == 1 and "[stories] algorithm 'online-v1' is unknown" in err
    assert "online-v2" in err  # the message names what is known
    code, out, _ = invoke(db, "articles", "--json")
    assert len(json.loads(out)) == 5  # what was stored is still there


def test_config_show_prints_every_section_and_the_fingerprint(tmp_path: Path) -> None:
    code, out, _ = invoke(tmp_path / "s.db", "config", "show", "--json")
    assert code == 0
    data = json.loads(out)
    assert {"fingerprint", "ingest", "clean", "reuse", "analyze", "stories", "claims"} <= set(data)
    assert data["ingest"]["max_text_bytes"] == 5_000_000


def test_articles_search_stats_and_exports_agree(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    invoke(db, "-q", "ingest", str(SEEDS))
    code, out, _ = invoke(db, "articles", "--json")
    articles = json.loads(out)
    assert len(articles) == 5
    code, out, _ = invoke(db, "search", "--json", "Kremlin")
    hits = json.loads(out)
    assert hits and all("Kremlin" in a["text"] for a in articles if a["article_id"] in
                        {h["article_id"] for h in hits})
    code, out, _ = invoke(db, "stats", "--json")
    assert json.loads(out)["records"]["article"] == 5

    code, out, _ = invoke(db, "export", "articles", "--format", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["article_id"] for r in rows] == [a["article_id"] for a in articles]
    assert [r["text"] for r in rows] == [a["text"] for a in articles]

    csv_path, parquet_path = tmp_path / "a.csv", tmp_path / "a.parquet"
    invoke(db, "-q", "export", "articles", "--format", "csv", "--output", str(csv_path))
    import csv

    with csv_path.open(newline="", encoding="utf-8") as fh:
        assert [r["text"] for r in csv.DictReader(fh)] == [a["text"] for a in articles]
    invoke(db, "-q", "export", "articles", "--format", "parquet", "--output", str(parquet_path))
    assert pq.read_table(parquet_path).column("text").to_pylist() == [a["text"] for a in articles]
    code, _, err = invoke(db, "export", "articles", "--format", "parquet")
    assert code == 2 and "needs --output" in err


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_to_an_unwritable_place_is_one_clear_line(tmp_path: Path, fmt: str) -> None:
    db = tmp_path / "s.db"
    invoke(db, "-q", "ingest", str(SEEDS))
    target = tmp_path / "no-such-folder" / f"a.{fmt}"
    code, out, err = invoke(db, "export", "articles", "--format", fmt, "--output", str(target))
    # Exit 2 with the file and the reason on one line, no traceback, nothing written.
    assert code == 2 and out == ""
    assert err.startswith(f"error: cannot write {target}") and len(err.splitlines()) == 1
    assert not target.exists()
    _, out, _ = invoke(db, "stats", "--json")
    assert json.loads(out)["records"]["article"] == 5  # the store is untouched


def test_every_command_has_help_with_an_example() -> None:
    import click

    def walk(group: click.Group, prefix: str) -> list[tuple[str, click.Command]]:
        found: list[tuple[str, click.Command]] = []
        for name, command in group.commands.items():
            found.append((f"{prefix} {name}".strip(), command))
            if isinstance(command, click.Group):
                found.extend(walk(command, f"{prefix} {name}"))
        return found

    for path, command in walk(cli, ""):
        assert command.help and "Example" in command.help, f"storyline {path}: no example"


def test_every_command_and_config_key_is_documented() -> None:
    import click

    from storyline.config import Config

    docs = "\n".join(p.read_text() for p in (REPO / "docs").glob("*.md"))
    for name, command in cli.commands.items():
        assert f"storyline {name}" in docs, f"`storyline {name}` is not in docs/"
        if isinstance(command, click.Group):
            for sub in command.commands:
                assert f"storyline {name} {sub}" in docs, f"`storyline {name} {sub}` not in docs/"
    for section, values in Config().as_dict().items():
        for key in values:
            assert f"{key}" in docs, f"config key [{section}] {key} is not in docs/"


def test_the_console_script_runs_as_a_real_process(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "storyline", "--db", str(tmp_path / "p.db"), "-q", "ingest",
         str(CORPUS)],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "rejected (1 empty-text)" in done.stdout
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("command", ["ingest", "run", "export", "config"])
def test_help_works(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0 and "Example" in result.output
