"""Bytes -> str: gzip, BOMs, UTF-16 without BOM, UTF-8, and the legacy 8-bit charsets.

The decoded text is the input exactly: only a BOM is removed, and no characters are
normalised, because offsets reported for text inputs index this very string. (The HTML
path NFC-normalises its extracted text; text dumps keep their bytes' characters.)

Legacy charsets are told apart by letter statistics rather than guessed by a general
detector, which on a short Russian page often says "koi8-r" for cp1251 or the reverse:

* Russian outlets publish in cp1251 and, rarer now, koi8-r. Both put Cyrillic letters
  in 0xC0-0xFF, but with upper and lower case swapped: lower-case Russian decoded with
  the wrong table comes out as mostly capital letters. The table giving more lower-case
  letters wins.
* Western pages in latin-1 / cp1252 have sparse high bytes ("café", "naïve"), so
  high-byte letters are a small share of all letters.
"""

from __future__ import annotations

import codecs
import gzip
import io
import zlib

from ..errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Refuse to inflate a .gz past this many bytes unless the caller allows more (a 1 MB
# "gzip bomb" can inflate to gigabytes).
DEFAULT_MAX_BYTES = 512 * 1024 * 1024
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")


def _gunzip(data: bytes, name: str, max_bytes: int) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
            out = fh.read(max_bytes + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(f"{name}: corrupt gzip data ({exc})") from None
    if len(out) > max_bytes:
        raise InputError(
            f"{name}: decompresses to more than {max_bytes // (1024 * 1024)} MB; "
            "raise max_file_mb (e.g. SAIDWHAT_MAX_FILE_MB=2000) to read it"
        )
    return out


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM: every other byte of ASCII-heavy text is NUL."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0) / len(sample[0::2])
    odd = sample[1::2].count(0) / len(sample[1::2])
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def _lower_share(text: str) -> float:
    cyr = [c for c in text if "\u0400" <= c <= "\u04ff"]
    return sum(1 for c in cyr if c.islower()) / len(cyr) if cyr else 0.0


def _legacy(data: bytes) -> str:
    """Pick an 8-bit charset for bytes that are not UTF-8 (see the module docstring)."""
    high = sum(1 for b in data if b >= 0xC0)
    letters = sum(1 for b in data if 0x41 <= (b | 0x20) <= 0x7A or b >= 0xC0)
    if letters and high / letters > 0.3:
        cp = data.decode("cp1251", "replace")
        koi = data.decode("koi8-r", "replace")
        return "koi8-r" if _lower_share(koi) > _lower_share(cp) else "cp1251"
    if any(0x80 <= b <= 0x9F for b in data) and not _CP1252_UNDEFINED.intersection(data):
        return "cp1252"
    return "latin-1"


def decode(data: bytes, name: str, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[str, str]:
    """Decode raw bytes to text.

    Args:
        data: the file's bytes (gzip-compressed input is decompressed first).
        name: the file name, for messages.
        max_bytes: refuse gzip input that inflates past this size.

    Returns:
        ``(text, encoding)``; ``text`` is exactly the decoded input, BOM removed.

    Raises:
        InputError: corrupt or oversized gzip, binary data, or bytes in no known encoding.
    """
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(data, name, max_bytes)
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc.replace("-sig", "")
            except UnicodeDecodeError as exc:
                raise InputError(f"{name}: starts with a {enc} byte-order mark but is not {enc} ({exc.reason})") from None
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:4096]:
        raise InputError(f"{name}: binary file (NUL bytes), not a text or HTML document")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    encoding = _legacy(data)
    # A byte the chosen table leaves undefined (0x98 in cp1251) becomes U+FFFD, one
    # character for one byte, so offsets still index the input.
    return data.decode(encoding, "replace"), encoding
