"""Bytes -> str: charset detection, BOMs, gzip. The clean helper owns the details."""

from __future__ import annotations

import codecs
import gzip

from ..errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode raw bytes to text.

    Args:
        data: the file's bytes (gzip-compressed input is decompressed first).
        name: the file name, for messages.

    Returns:
        ``(text, encoding)``.

    Raises:
        InputError: the bytes are binary or in no encoding we can recognise.
    """
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise InputError(f"{name}: corrupt gzip data ({exc})") from None
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc), enc.replace("-sig", "")
    if b"\x00" in data[:4096]:
        raise InputError(f"{name}: binary file (NUL bytes), not a text or HTML document")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(f"{name}: undecodable bytes in no known text encoding")
    return str(best), best.encoding
