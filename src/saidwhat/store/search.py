"""One small search language for both backends, compiled to FTS5 or to a PostgreSQL tsquery.

    kerry lavrov            both words (stemmed: "talks" finds "talk")
    "peace talks"           the phrase
    sanctions OR embargo    either side (AND binds tighter than OR)
    -russia, NOT russia     without the word
    negotiat*               words starting with the prefix

Users' text never reaches SQL as code: FTS5 gets every word as a quoted string, and
PostgreSQL gets every word as a bound parameter. Anything that cannot be compiled raises
``QueryError`` with the reason, so a malformed query is an error message, never a crash.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import QueryError

# The search budget: a query costs about one index walk per term, so a public server caps
# them ("the" x 1,600 took 18.6 s); what passes still runs under the store's time limit.
MAX_QUERY_CHARS = 1000
MAX_TERMS = 24

HELP = 'Use words, "exact phrases", OR, -word (or NOT word) and prefix* (e.g. "peace talks" OR sanctions -russia).'

_TOKEN = re.compile(r'"([^"]*)"|(\S+)')
_WORDCHAR = re.compile(r"\w", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Term:
    """One searchable unit of a query."""

    text: str
    kind: str  # "word", "phrase" or "prefix"
    negated: bool = False


Group = tuple[Term, ...]


def parse(query: str) -> tuple[Group, ...]:
    """Parse a search query into OR-separated groups of AND-ed terms.

    Raises:
        QueryError: the query is empty, has an unbalanced quote, a dangling OR/NOT, or a
            group with nothing but negated words.
    """
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(
            f"Search query is {len(query):,} characters long; the limit is {MAX_QUERY_CHARS:,}. Search for fewer words."
        )
    # Control characters (a NUL from a pasted query) are never part of a word.
    query = "".join(ch if ch.isprintable() else " " for ch in query)
    if query.count('"') % 2:
        raise QueryError(f"Search query {query!r} has an unbalanced double quote. {HELP}")
    groups: list[list[Term]] = [[]]
    negate_next = False
    for match in _TOKEN.finditer(query):
        phrase, word = match.group(1), match.group(2)
        if word == "OR":
            if negate_next or not groups[-1]:
                raise QueryError(f"Search query {query!r} has OR without a word on its left. {HELP}")
            groups.append([])
            continue
        if word == "AND":
            continue
        if word == "NOT":
            negate_next = True
            continue
        negated = negate_next
        negate_next = False
        if phrase is not None:
            text, kind = " ".join(phrase.split()), "phrase"
        else:
            if word.startswith("-") and len(word) > 1:
                negated, word = True, word[1:]
            kind = "prefix" if word.endswith("*") else "word"
            text = word.rstrip("*")
            if kind == "prefix":
                # Only letters/digits reach the prefix search: "negotiat*" -> negotiat.
                text = "".join(_WORDCHAR.findall(text))
        if not _WORDCHAR.search(text):
            continue  # punctuation alone ("—", "&") searches nothing
        term = Term(text, kind, negated)
        if term in groups[-1]:
            continue  # "the the the" asks no more than "the"
        groups[-1].append(term)
        if sum(len(g) for g in groups) > MAX_TERMS:
            raise QueryError(f"Search query has more than {MAX_TERMS} different terms; search for fewer words.")
    if negate_next:
        raise QueryError(f"Search query {query!r} ends with NOT. {HELP}")
    if len(groups) > 1 and not groups[-1]:
        raise QueryError(f"Search query {query!r} has OR without a word on its right. {HELP}")
    if not groups[0]:
        raise QueryError(f"Search query {query!r} has no words to search for. {HELP}")
    for group in groups:
        if all(t.negated for t in group):
            raise QueryError(
                f"Search query {query!r} only excludes words; add a word to search for. {HELP}"
            )
    return tuple(tuple(g) for g in groups)


def _fts5_term(term: Term) -> str:
    quoted = '"' + term.text.replace('"', "") + '"'
    return quoted + "*" if term.kind == "prefix" else quoted


def to_fts5(query: str) -> str:
    """Compile a query to an FTS5 MATCH expression (every word quoted)."""
    parts = []
    for group in parse(query):
        positives = " AND ".join(_fts5_term(t) for t in group if not t.negated)
        negatives = "".join(f" NOT {_fts5_term(t)}" for t in group if t.negated)
        parts.append(f"(({positives}){negatives})")
    return " OR ".join(parts)


def to_tsquery(query: str, config: str = "english") -> tuple[str, list[str]]:
    """Compile a query to a PostgreSQL tsquery SQL expression and its parameters.

    Returns:
        ``(sql, params)``: ``sql`` uses ``%s`` placeholders only; ``config`` is a constant.
    """
    if not re.fullmatch(r"[a-z_]+", config):
        raise ValueError(f"bad text search config {config!r}")
    params: list[str] = []
    groups_sql = []
    for group in parse(query):
        terms_sql = []
        for t in group:
            if t.kind == "phrase":
                sql = f"phraseto_tsquery('{config}', %s)"
                params.append(t.text)
            elif t.kind == "prefix":
                sql = f"to_tsquery('{config}', %s)"
                params.append(t.text + ":*")
            else:
                sql = f"plainto_tsquery('{config}', %s)"
                params.append(t.text)
            terms_sql.append(f"!!({sql})" if t.negated else sql)
        groups_sql.append("(" + " && ".join(terms_sql) + ")")
    return "(" + " || ".join(groups_sql) + ")", params
