"""User-given values on their way into SQL parameters, checked the same way by every query."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from ..errors import QueryError

SQL_INT_MAX = 2**63 - 1  # the widest integer both backends store
IN_LIST = 500  # parameters per IN (...) list


def chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    """``values`` in slices short enough for one ``IN (...)`` list each."""
    for i in range(0, len(values), IN_LIST):
        yield values[i:i + IN_LIST]


def marks(values: Sequence[Any]) -> str:
    """The ``?, ?, ...`` placeholders of an ``IN (...)`` list for ``values``."""
    return ",".join("?" * len(values))


def check_ints(params: Sequence[Any]) -> None:
    """Refuse integer parameters the database cannot hold (an offset or id of 2**63)."""
    for value in params:
        if type(value) is int and not -SQL_INT_MAX - 1 <= value <= SQL_INT_MAX:
            shown = str(value) if len(str(value)) <= 30 else str(value)[:27] + "..."
            raise QueryError(f"The number {shown} is out of range; the largest allowed is {SQL_INT_MAX}.")


def like(value: str) -> str:
    """``value`` as a LIKE pattern matching it anywhere (``%`` and ``_`` in it match themselves)."""
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def plain(value: str) -> str:
    """A user-given filter value without NUL characters (PostgreSQL text cannot hold them)."""
    return value.replace("\x00", "")
