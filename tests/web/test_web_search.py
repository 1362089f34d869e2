"""Search that prefers whole statements, with totals, sort, facets and filter-box suggestions:
the service, the REST API and the /search page over one real SQLite store."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import smallcorpus
from saidwhat import service
from saidwhat.store import QuoteQuery, open_store
from saidwhat.web.app import create_app

WHOLE = {
    "the sanctions on timber exports will hurt the mill towns badly this winter",
    "we will lift the sanctions once the border talks produce a signed agreement",
    "the budget is balanced and the sanctions changed nothing for our savers",
}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return smallcorpus.build(tmp_path_factory.mktemp("search") / "corpus.db")


@pytest.fixture(scope="module")
def client(db: Path, settings) -> TestClient:  # type: ignore[no-untyped-def]
    with TestClient(create_app(replace(settings, db=str(db))), raise_server_exceptions=False) as c:
        yield c


def test_whole_statements_rank_before_fragments(db: Path) -> None:
    with open_store(str(db)) as store:
        found = service.search_quotes(store, QuoteQuery(search="sanctions"))
    contents = [r.content for r in found.rows]
    assert set(contents[:3]) == WHOLE
    assert contents[3:] == ["the sanctions", "sanctions"]
    assert found.total == 5 and not found.has_more


def test_api_quotes_total_facets_and_same_order(client: TestClient, db: Path) -> None:
    body = client.get("/api/quotes", params={"q": "sanctions", "facets": "true"}).json()
    assert body["ok"] is True and body["total"] == 5 and body["facets_window"] is None
    assert [i["content"] for i in body["items"]][3:] == ["the sanctions", "sanctions"]
    facets = {f: {c["value"]: c["count"] for c in cs} for f, cs in body["facets"].items()}
    assert facets["speaker"] == {"Ada Brenner": 3, "Brendan Oyelaran": 1, "Canada Trust": 1}
    assert facets["outlet"] == {"Valley Times": 3, "North Ledger": 2}
    assert facets["topic"] == {"sanctions": 3, "budget": 1}
    assert facets["kind"] == {"indirect": 4, "direct": 1}
    # Most frequent first.
    assert [c["value"] for c in body["facets"]["speaker"]][0] == "Ada Brenner"


def test_facets_follow_the_filters(client: TestClient) -> None:
    body = client.get("/api/quotes", params={"q": "sanctions", "outlet": "valley times", "facets": "true"}).json()
    assert body["total"] == 3
    assert {c["value"]: c["count"] for c in body["facets"]["speaker"]} == {
        "Ada Brenner": 1, "Brendan Oyelaran": 1, "Canada Trust": 1}
    one = client.get("/api/quotes", params={"q": "sanctions", "speaker": "Ada Brenner", "limit": 1, "facets": "true"}).json()
    assert one["total"] == 3 and len(one["items"]) == 1 and one["next_offset"] == 1


@pytest.mark.parametrize("sort,expected", [
    ("newest", ["2024-05-10", "2024-04-10", "2024-03-10", "2024-02-10", "2024-01-10"]),
    ("oldest", ["2024-01-10", "2024-02-10", "2024-03-10", "2024-04-10", "2024-05-10"]),
])
def test_sort_by_date_with_a_search(client: TestClient, sort: str, expected: list[str]) -> None:
    body = client.get("/api/quotes", params={"search": "sanctions", "sort": sort, "count": "true"}).json()
    assert [i["published"] for i in body["items"]] == expected and body["total"] == 5
    # The snippet still marks the word.
    assert all("sanctions" in i["snippet"].lower() for i in body["items"])


def test_sort_without_a_search_and_bad_sort(client: TestClient) -> None:
    oldest = client.get("/api/quotes", params={"sort": "oldest", "limit": 2}).json()["items"]
    assert [i["published"] for i in oldest] == ["2024-01-10", "2024-02-10"]
    bad = client.get("/api/quotes", params={"sort": "loudest"})
    assert bad.status_code == 400 and "sort='loudest' is not valid" in bad.json()["error"]
    page = client.get("/search", params={"q": "sanctions", "sort": "loudest"})
    assert page.status_code == 400 and "relevance, newest, oldest" in page.text


def test_search_page_shows_total_sort_and_clickable_facets(client: TestClient) -> None:
    page = client.get("/search", params={"q": "sanctions"})
    assert page.status_code == 200
    assert ">5 statements<" in page.text
    assert 'href="/search?q=sanctions&amp;speaker=Ada+Brenner"' in page.text
    assert 'href="/search?q=sanctions&amp;outlet=North+Ledger"' in page.text
    assert 'href="/search?q=sanctions&amp;kind=direct"' in page.text
    assert '<option value="oldest">oldest first</option>' in page.text
    narrowed = client.get("/search", params={"q": "sanctions", "speaker": "Ada Brenner"})
    assert ">3 statements<" in narrowed.text and "speaker: Ada Brenner" in narrowed.text
    assert '<input name="speaker" value="Ada Brenner" list="suggest-speaker"' in narrowed.text


def test_suggest_prefix_first_then_contains(client: TestClient) -> None:
    body = client.get("/api/suggest", params={"field": "speaker", "q": "ada"}).json()
    assert [i["value"] for i in body["items"]] == ["Ada Brenner", "Adaline Ross", "Canada Trust"]
    assert body["items"][0]["count"] == 3
    topics = client.get("/api/suggest", params={"field": "topic", "q": ""}).json()["items"]
    assert [(i["value"], i["count"]) for i in topics] == [("budget", 3), ("sanctions", 3)]
    outlets = client.get("/api/suggest", params={"field": "outlet", "q": "LEDG"}).json()["items"]
    assert outlets == [{"value": "North Ledger", "count": 2}]
    assert client.get("/api/suggest", params={"field": "speaker", "q": "ada", "limit": 1}).json()["items"] == [
        {"value": "Ada Brenner", "count": 3}]
    # A literal % or _ matches itself, not everything.
    assert client.get("/api/suggest", params={"field": "speaker", "q": "%"}).json()["items"] == []


def test_suggest_validates_its_parameters(client: TestClient) -> None:
    bad = client.get("/api/suggest", params={"field": "colour", "q": "a"})
    assert bad.status_code == 400 and "field='colour' is not valid" in bad.json()["error"]
    assert client.get("/api/suggest", params={"q": "a"}).status_code == 422
    assert client.get("/api/suggest", params={"field": "speaker", "limit": 0}).status_code == 422
    assert client.get("/api/suggest", params={"field": "speaker", "limit": 51}).status_code == 422
