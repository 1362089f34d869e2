"""Text from the corpus made safe to print on a terminal.

Article text is untrusted: an escape sequence in a quote ("\\x1b]0;pwned\\x07", "\\x1b[2J")
would retitle or clear the analyst's terminal when a table shows it. Rich drops a few
control characters but passes ESC through, so every table cell goes through
:func:`printable` first.
"""

from __future__ import annotations

import re

# C0 and C1 controls and DEL (newline kept: cells may wrap), and the bidi overrides that
# make a terminal show text in an order other than the bytes'.
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with control characters removed (a tab becomes a space)."""
    return _CONTROL.sub(lambda m: " " if m.group() == "\t" else "", text)
