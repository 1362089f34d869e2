"""The search language compiles to FTS5 and to tsquery with users' words as data only."""

from __future__ import annotations

import pytest

from saidwhat.errors import QueryError
from saidwhat.store.search import Term, parse, to_fts5, to_tsquery


def test_parse_groups_terms_and_negation() -> None:
    assert parse('kerry "peace talks" -russia OR sanction*') == (
        (Term("kerry", "word"), Term("peace talks", "phrase"), Term("russia", "word", negated=True)),
        (Term("sanction", "prefix"),),
    )
    assert parse("a AND NOT b") == ((Term("a", "word"), Term("b", "word", negated=True)),)


def test_fts5_quotes_every_word() -> None:
    assert to_fts5('kerry "peace talks" -russia OR sanction*') == (
        '(("kerry" AND "peace talks") NOT "russia") OR (("sanction"*))'
    )
    assert to_fts5("NEAR(a b) col:x") == '(("NEAR(a" AND "b)" AND "col:x"))'


def test_tsquery_binds_every_word() -> None:
    sql, params = to_tsquery('kerry "peace talks" -russia OR sanction*')
    assert sql == (
        "((plainto_tsquery('english', %s) && phraseto_tsquery('english', %s) && "
        "!!(plainto_tsquery('english', %s))) || (to_tsquery('english', %s)))"
    )
    assert params == ["kerry", "peace talks", "russia", "sanction:*"]
    assert to_tsquery("x'); drop table t; --")[1] == ["x');", "drop", "table", "t;"]


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ('"open', "unbalanced double quote"),
        ("OR a", "OR without a word on its left"),
        ("a OR", "OR without a word on its right"),
        ("a NOT", "ends with NOT"),
        ("-a", "only excludes words"),
        ("a OR -b", "only excludes words"),
        ("", "no words to search for"),
        ("— & …", "no words to search for"),
    ],
)
def test_malformed_queries_say_why(query: str, reason: str) -> None:
    with pytest.raises(QueryError, match=reason):
        parse(query)
