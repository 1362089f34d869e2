"""Title, author and date of a page dump, read from the lines holding those roles
(:mod:`.roles`), with the older whole-page readers (:mod:`.meta`) as the fallback."""

from __future__ import annotations

from .meta import detect_author, detect_published, parse_date
from .names import author_name
from .roles import Roles
from .units import Unit

# A role is trusted from this probability on (grouped CV over the hand-labelled pages,
# ``saidwhat train roles``). The headline is not: one candidate is the headline
# (roles.v8's headline ranker), whatever its probability; a bar on it (0.05, as roles.v7
# had) read fewer titles right in the same CV (0.758 against 0.761), as did keeping out the
# body lines the regression does not call headline (0.756); keeping out the lines it calls
# byline or dateline changed no title. The dateline's bar is the role model's
# (``RoleModel.dateline_min``, chosen by ``saidwhat train roles``).
# roles.v7: 0.2. Grouped CV on the 265 labelled pages (C 0.03), the author right over all 530
# dumps (a page without a writer is right only when none is read): 0.1 0.717, 0.2 0.715,
# 0.3 0.715, and a writer named where there is none on 52, 44 and 39 of the 158 dumps
# without one (roles.v6 at 0.1: 0.704, 36 of 158)
BYLINE_MIN = 0.2
BYLINE_LINES = 3  # the most likely bylines looked at for a name


def title_from_roles(units: list[Unit], roles: Roles, rule_title: str | None) -> str | None:
    """The page's headline line (:attr:`~.roles.Roles.headline`), else the whole-page
    reader's (``rule_title``)."""
    return units[roles.headline].text.strip() if roles.headline is not None else rule_title


def author_from_roles(units: list[Unit], roles: Roles, body_start: int) -> str | None:
    """The name on the likeliest of the :data:`BYLINE_LINES` most likely byline lines that
    names somebody (:func:`~.names.author_name`) and is at least :data:`BYLINE_MIN` likely,
    else the whole-page reader's."""
    for i in roles.best("byline")[:BYLINE_LINES]:
        if roles.scores[i]["byline"] < BYLINE_MIN:
            break
        name = author_name(units[i].text)
        if name:
            return name
    return detect_author(units, body_start)


def date_from_roles(units: list[Unit], roles: Roles, body_start: int, bar: float | None = None) -> str | None:
    """The date on the likeliest dateline that gives one (:attr:`~.roles.Roles.datelines`)
    where the regression finds it at least ``bar`` (default:
    :attr:`~.roles.Roles.dateline_min`) likely a dateline or byline, else the whole-page
    reader's."""
    for i in roles.datelines:
        found = parse_date(units[i].text)
        if found:
            if roles.dated(i) >= (roles.dateline_min if bar is None else bar):
                return found
            break
    return detect_published(units, body_start)
