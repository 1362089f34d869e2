"""The web app and REST API over one store: ``create_app(settings)`` (see ``app.py``)."""

from .app import create_app

__all__ = ["create_app"]
