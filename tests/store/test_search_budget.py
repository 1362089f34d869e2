"""The search budget and number checks of issue 24, on a real SQLite file."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_factory import many_quotes
from store_fixtures import store_target  # noqa: F401 - the fixture, one per backend
from typer.testing import CliRunner

from saidwhat.cli import app
from saidwhat.errors import QueryError, QueryTimeout
from saidwhat.store import QuoteQuery, open_store
from saidwhat.store.search import to_fts5

@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("budget") / "budget.db")
    with open_store(path) as store:
        store.add_batch(many_quotes(400))
    return path


def test_repeated_terms_count_once() -> None:
    assert to_fts5("the the the THE") == to_fts5("the THE") == '(("the" AND "THE"))'


@pytest.mark.parametrize(("query", "message"), [
    ("the " * 1600, "Search query is 6,400 characters long; the limit is 1,000. Search for fewer words."),
    ("the* " * 1600, "Search query is 8,000 characters long; the limit is 1,000. Search for fewer words."),
    (" ".join(f"w{i}" for i in range(25)), "Search query has more than 24 different terms; search for fewer words."),
])
def test_search_bombs_are_refused_at_once(db: str, query: str, message: str) -> None:
    with open_store(db) as store, pytest.raises(QueryError) as caught:
        store.quotes(QuoteQuery(search=query, limit=10))
    assert str(caught.value) == message


def test_a_search_past_the_time_limit_is_stopped_and_the_store_goes_on(store_target: str) -> None:
    with open_store(store_target) as store:
        store.add_batch(many_quotes(400))
        store.search_time_limit_ms = 1
        with pytest.raises(QueryTimeout) as caught:
            # A date filter makes the count join every match (a bare search is counted by the
            # index alone, too fast to stop).
            store.count_quotes(QuoteQuery(search="the plan OR number OR f* OR s* OR w* OR c* OR b*", since="1900-01-01"))
        assert str(caught.value) == (
            "Search 'the plan OR number OR f* OR s* OR w* OR c* OR b*' took longer than 0.001 s and was stopped; "
            "search for fewer or rarer words, or add filters."
        )
        store.search_time_limit_ms = 3000
        assert store.count_quotes(QuoteQuery(search="plan")) == 4000  # every quote has "plan"
        assert store.count_quotes(QuoteQuery()) == 4000  # the connection is not left interrupted


@pytest.mark.parametrize("number", [2**63, 10**40, -(2**63) - 1])
def test_numbers_past_the_database_range_are_query_errors(store_target: str, number: int) -> None:
    with open_store(store_target) as store:
        with pytest.raises(QueryError, match="out of range; the largest allowed is 9223372036854775807"):
            store.quotes(QuoteQuery(offset=abs(number), limit=5))
        with pytest.raises(QueryError, match="out of range"):
            store.article(number)
        assert store.quotes(QuoteQuery(offset=2**63 - 1, limit=5)) == []


def test_cli_reports_bad_numbers_and_search_bombs_without_a_traceback(db: str) -> None:
    runner = CliRunner()
    big = runner.invoke(app, ["quotes", "--db", db, "--offset", str(2**63)])
    assert big.exit_code == 1 and "Traceback" not in big.output
    assert big.stderr == (
        "Error: The number 9223372036854775808 is out of range; the largest allowed is 9223372036854775807.\n"
    )
    bomb = runner.invoke(app, ["quotes", "--db", db, "--search", "the* " * 1600])
    assert bomb.exit_code == 1
    assert bomb.stderr == "Error: Search query is 8,000 characters long; the limit is 1,000. Search for fewer words.\n"
