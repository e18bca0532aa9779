"""Configuration: defaults, TOML overrides, clear errors, fingerprint."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.config import ClaimConfig, Config, EventConfig, load_config, stage_fingerprint
from storyline.errors import ConfigError


def test_defaults_need_no_file() -> None:
    cfg = load_config(None)
    assert cfg == Config()
    assert cfg.ingest.max_text_bytes == 5_000_000
    assert cfg.ingest.allow_private_addresses is False


def test_toml_overrides_one_key_and_changes_the_fingerprint(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text("[ingest]\nmax_text_bytes = 1000\nfetch_timeout_s = 3\n")
    cfg = load_config(path)
    assert cfg.ingest.max_text_bytes == 1000
    assert cfg.ingest.fetch_timeout_s == 3.0
    assert cfg.clean == Config().clean
    assert cfg.fingerprint() != Config().fingerprint()
    assert load_config(path).fingerprint() == cfg.fingerprint()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[ingets]\nx = 1\n", "unknown section \\[ingets\\]"),
        ("[ingest]\nmax_bytes = 1\n", "unknown setting 'max_bytes'"),
        ("[ingest]\nmax_text_bytes = 'big'\n", "max_text_bytes must be int"),
        ("[ingest]\nallow_private_addresses = 1\n", "allow_private_addresses must be bool"),
        ("[events]\nprocesses = 2.5\n", "processes must be int"),
        ("[ingest\n", "not valid TOML"),
    ],
)
def test_a_bad_config_file_is_one_clear_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message):
        load_config(path)


def test_a_missing_config_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "nope.toml")


def test_how_work_is_spread_is_no_part_of_a_stage_fingerprint() -> None:
    # More claims workers give the same records (tests/engines/test_local_claims_workers.py),
    # so changing their number recomputes nothing; a setting that changes results still does.
    one, two = ClaimConfig(processes=1), ClaimConfig(processes=2)
    assert stage_fingerprint(one, 8) == stage_fingerprint(two, 8)
    assert stage_fingerprint(one, 8) != stage_fingerprint(ClaimConfig(min_words=6), 8)


def test_events_workers_are_a_setting_and_no_part_of_the_stage_fingerprint(
    tmp_path: Path,
) -> None:
    # As the claims workers: more events workers give the same records
    # (tests/engines/test_local_events_workers.py), so changing their number recomputes nothing.
    assert Config().events.processes == 2
    path = tmp_path / "s.toml"
    path.write_text("[events]\nprocesses = 1\n")
    cfg = load_config(path)
    assert cfg.events == EventConfig(processes=1)
    assert cfg.claims == Config().claims
    one, two = EventConfig(processes=1), EventConfig(processes=2)
    assert stage_fingerprint(one, 9) == stage_fingerprint(two, 9)
    assert stage_fingerprint(one, 9) != stage_fingerprint(EventConfig(merge_lead_bonus=0.2), 9)
