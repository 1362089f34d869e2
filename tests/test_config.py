"""Settings: defaults < settings file < environment < explicit flags; every key documented."""

from __future__ import annotations

import re
from dataclasses import fields

import pytest

from saidwhat.config import Settings, defaults_text, load_settings
from saidwhat.errors import ConfigError


def test_every_setting_has_a_documented_default():
    text = defaults_text()
    lines = text.splitlines()
    keys = {}
    for i, line in enumerate(lines):
        m = re.match(r"^(\w+) = ", line)
        if m:
            keys[m.group(1)] = lines[i - 1]
    assert set(keys) == {f.name for f in fields(Settings)}
    for key, previous in keys.items():
        assert previous.startswith("#"), f"setting {key} has no comment above it"


def test_precedence_defaults_file_env_flags(tmp_path):
    cfg = tmp_path / "s.toml"
    cfg.write_text('batch_size = 16\nworkers = 3\ndb = "file.db"\n')
    env = {"SAIDWHAT_WORKERS": "5", "SAIDWHAT_DB": "env.db"}
    s = load_settings(cfg, env=env, db="flag.db")
    assert (s.batch_size, s.workers, s.db) == (16, 5, "flag.db")
    assert load_settings(env={}).batch_size == 32


def test_settings_file_from_environment(tmp_path):
    cfg = tmp_path / "s.toml"
    cfg.write_text("min_statements = 9\n")
    assert load_settings(env={"SAIDWHAT_CONFIG": str(cfg)}).min_statements == 9


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("colour = 1\n", "Unknown setting 'colour'"),
        ("batch_size = 'many'\n", "Setting 'batch_size'"),
        ("timeline_bucket = 'year'\n", "use day, week or month"),
        ("clean = 'sometimes'\n", "Setting clean is 'sometimes'; use auto"),
        ("batch_size = [\n", "is not valid TOML"),
    ],
)
def test_bad_settings_file_names_the_problem(tmp_path, content, message):
    cfg = tmp_path / "s.toml"
    cfg.write_text(content)
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_settings(cfg, env={})


def test_missing_settings_file():
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings("no-such-settings.toml", env={})


def test_zero_workers_means_one_per_core():
    import os

    assert load_settings(env={}, workers=0).worker_count == (os.cpu_count() or 1)
    assert load_settings(env={}, workers=2).worker_count == 2
