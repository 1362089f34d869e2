"""said_on in the store: kept with each attribution, shown by the article API, used by statements."""

from __future__ import annotations

from dataclasses import replace

from store_factory import corpus
from store_fixtures import store, store_target  # noqa: F401  (fixtures)

from saidwhat.models import Parsed
from saidwhat.service.speakers import refresh_speakers


def recalled_corpus() -> list:  # type: ignore[type-arg]
    """The store corpus, with Tomas Berg's harbour quote recalled from the July before."""
    out = []
    for item in corpus():
        if isinstance(item, Parsed) and item.article.doc_id == "harbour":
            atts = tuple(
                replace(a, said_on="2015-07", said_on_basis="text") if a.speaker == "Tomas Berg"
                else replace(a, said_on="2016-03-01", said_on_basis="published")
                for a in item.attributions
            )
            item = replace(item, attributions=atts)
        out.append(item)
    return out


def test_said_on_is_stored_and_dates_statements(store) -> None:  # type: ignore[no-untyped-def]
    store.add_batch(recalled_corpus(), None)
    refresh_speakers(store)
    berg = [st for st in store.statements("Tomas Berg") if st.target == "ferry terminal"]
    assert [(st.published, st.said_on, st.said_on_basis, st.when) for st in berg] == [
        ("2016-03-01", "2015-07", "text", "2015-07")
    ]
    dates = [st.when for st in store.statements(target="*")]
    assert dates == sorted(dates)
    assert dates[0] == "2015-07"  # the recalled statement sorts first, before its article's date
    harbour = next(a for a in store.articles() if a.doc_id == "harbour")
    detail = store.article(harbour.id)
    assert [(a.speaker, a.said_on, a.said_on_basis) for a in detail.attributions] == [
        ("Linda Okafor", "2016-03-01", "published"), ("Tomas Berg", "2015-07", "text"),
    ]


def test_article_page_and_api_show_a_recalled_statement_with_both_dates(tmp_path, settings) -> None:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from saidwhat.store import open_store
    from saidwhat.web.app import create_app

    db = tmp_path / "said.db"
    with open_store(str(db)) as store:
        store.add_batch(recalled_corpus(), None)
        refresh_speakers(store)
        harbour = next(a for a in store.articles() if a.doc_id == "harbour")
    with TestClient(create_app(replace(settings, db=str(db)))) as client:
        api = client.get(f"/api/articles/{harbour.id}").json()
        assert [(a["said_on"], a["said_on_basis"]) for a in api["attributions"]] == [
            ("2016-03-01", "published"), ("2015-07", "text"),
        ]
        page = client.get(f"/articles/{harbour.id}").text
    assert page.count("<strong>recalled</strong>") == 1
    assert "<strong>recalled</strong>: said 2015-07, published 2016-03-01" in page
