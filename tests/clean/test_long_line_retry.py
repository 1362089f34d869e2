"""A dump whose article sits in one layout line of 1,000-3,000 characters still gets a body."""

from __future__ import annotations

from saidwhat.clean import clean
from saidwhat.models import Article, RawPage

MENU = "Home News Sport Weather Business Opinion Sign in Register Search"
ARTICLE = [
    "The ferry service between Norvik and Tarsa will resume on Monday after a three-week strike,"
    " the operator said on Friday.",
    "Crews voted by a wide margin to accept a pay offer of 6 percent over two years, ending the"
    " longest stoppage on the route since 1998.",
    "\"We are relieved that passengers can travel again,\" said Ilse Varn, who chairs the harbour board.",
    "The strike had cut freight traffic on the route by half and left hundreds of holiday travellers"
    " stranded on the islands.",
    "The union said it would watch closely how the operator honoured the agreement on rest periods.",
    "Tickets for the first sailings went on sale on Saturday morning and sold out within hours.",
]
RELATED = " ".join(f"Related: Harbour story {i} | Share | Comment" for i in range(12))


def test_a_page_whose_only_prose_is_a_long_layout_line_is_not_skipped(settings) -> None:  # type: ignore[no-untyped-def]
    line = f"{MENU} {' '.join(ARTICLE)} {RELATED}"
    assert 1000 < len(line) <= 3000  # under the cut every page gets, over the retry's
    text = f"Norvik Daily\n\n{line}\n\nCopyright Norvik Daily\n"
    article = clean(RawPage(doc_id="ferry", path="ferry.txt", text=text), settings)
    assert isinstance(article, Article)
    for sentence in ARTICLE[1:]:
        assert sentence in article.text
    assert "Copyright" not in article.text
    # every paragraph is a verbatim slice of the input
    for seg in article.segments:
        assert article.text[seg.text_start:seg.text_start + seg.length] == text[seg.input_start:seg.input_start + seg.length]
