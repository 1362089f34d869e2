"""CLI commands of this area (registered on import)."""

from __future__ import annotations

from .app import app, eval_app, train_app  # noqa: F401
