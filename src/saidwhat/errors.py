"""Errors the saidwhat library raises. The CLI and web layer translate them; nothing else does.

    SaidwhatError
     ├── InputError     a path, file or record the user gave cannot be read or understood
     ├── ConfigError    a setting, settings file or model name is wrong
     ├── StoreError     the database cannot be opened, migrated or written
     │    ├── QueryError    a search or filter expression is malformed (or over the search budget)
     │    └── QueryTimeout  a search ran past its time limit and was stopped
     └── ModelError     a spaCy pipeline or shipped model cannot be loaded

Every message says what was wrong, which value caused it, and how to fix it.
"""

from __future__ import annotations


class SaidwhatError(Exception):
    """Base class of every error saidwhat raises on purpose."""


class InputError(SaidwhatError):
    """A user-supplied input (path, file, record) is unusable."""


class ConfigError(SaidwhatError):
    """A setting or settings file is invalid."""


class StoreError(SaidwhatError):
    """The store cannot be opened, migrated or written."""


class QueryError(StoreError):
    """A search query or filter is malformed."""


class QueryTimeout(StoreError):
    """A search ran past the store's time limit (``search_time_limit_ms``) and was stopped."""


class ModelError(SaidwhatError):
    """A spaCy pipeline or a shipped model cannot be loaded."""
