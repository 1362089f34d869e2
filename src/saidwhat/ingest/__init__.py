"""Ingest stage: paths, stdin and corpus files -> RawPage records."""

from .files import iter_pages, resolve_inputs

__all__ = ["iter_pages", "resolve_inputs"]
