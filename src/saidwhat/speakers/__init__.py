"""Speakers stage: resolve each attribution's source to a canonical speaker.

``resolve`` works within one article (pronouns, descriptions, surnames -> the fullest
name); ``merge_aliases`` works across the corpus (Kerry / Secretary Kerry / John Kerry ->
one canonical speaker) and is what ``saidwhat.service.speakers`` calls; the store only
keeps the result.
"""

from __future__ import annotations

from .aliases import merge_aliases
from .resolve import resolve

__all__ = ["merge_aliases", "resolve"]
