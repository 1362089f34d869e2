"""A publication date is read once, by the clean stage, and every later stage sees ISO 8601."""

from __future__ import annotations

import pytest

from saidwhat.clean import clean
from saidwhat.config import load_settings
from saidwhat.models import Article, RawPage

TEXT = "The harbour council voted on Monday to extend the ferry line, officials said.\n"


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("March 25, 2016", "2016-03-25"),
        ("25 Mar 2016 16:12", "2016-03-25T16:12"),
        ("2016-03-25T14:00:00+00:00", "2016-03-25T14:00:00+00:00"),
        ("2016-03-25", "2016-03-25"),
        ("sometime last spring", None),
    ],
)
def test_a_records_publication_date_comes_out_as_iso(given: str, stored: str | None) -> None:
    page = RawPage("r1", "corpus.jsonl#r1", TEXT, "text", (("published", given),), record=True)
    article = clean(page, load_settings())
    assert isinstance(article, Article)
    assert article.published == stored
