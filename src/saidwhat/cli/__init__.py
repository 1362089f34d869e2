"""saidwhat command line. Each module registers the commands of one area on ``app``."""

from __future__ import annotations

from . import core, demo  # noqa: F401  (register extract, spark, demo)
from .app import app

for _name in ("clean_cmds", "attribution_cmds", "speaker_cmds", "tone_cmds", "time_cmds", "store_cmds", "trail_cmds", "facet_cmds", "web_cmds"):
    __import__(f"{__name__}.{_name}")


def main() -> None:
    """Console-script entry point."""
    app()


__all__ = ["app", "main"]
